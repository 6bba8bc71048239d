"""The caption bar keeps every caption on screen for its time, one at a time, whatever play() is given."""

from __future__ import annotations

import pytest
from manim import Square, linear
from scene_checks import construct_only

from gdlesson.mobjects.captions import CEILING_CPS, MIN_SECONDS, TARGET_CPS, CaptionBar, reading_time
from gdlesson.mobjects.theme import get_theme
from gdlesson.render.scene import RenderScene

TEXTS = (
    "Short.",
    "A caption of a more usual length, about sixty characters long.",
    "Another one, said straight after the previous one, with no pause.",
)


def bar_scene(seconds_needed, run_time: float = 0.5, **play):
    """A scene that says ``TEXTS`` back to back, each with a short animation, and then ends."""

    class Back2Back(RenderScene):
        def construct(self) -> None:
            self.captions = CaptionBar(self, get_theme("dark"), seconds_needed=seconds_needed)
            for text in TEXTS:
                self.play(Square().animate.shift([0.1, 0, 0]), *self.captions.say(text), run_time=run_time, **play)
            self.captions.close()

    return Back2Back


def test_reading_time_is_the_target_pace_with_a_floor():
    assert reading_time("x" * 170) == pytest.approx(170 / TARGET_CPS)
    assert reading_time("ok") == MIN_SECONDS


@pytest.mark.parametrize(
    "seconds_needed", [reading_time, lambda text: 0.0, lambda text: 4.0], ids=["reading", "none", "voice 4 s"]
)
def test_no_caption_is_replaced_before_its_time(seconds_needed, tmp_path):
    scene = construct_only(bar_scene(seconds_needed), tmp_path)
    cues = scene.captions.timeline
    assert [cue.text for cue in cues] == list(TEXTS)
    for cue in cues:
        needed = max(seconds_needed(cue.text), len(cue.text) / CEILING_CPS, MIN_SECONDS)
        assert cue.seconds == pytest.approx(needed, abs=1 / 15 + 1e-9) and cue.seconds >= needed - 1e-9
        assert cue.cps <= CEILING_CPS
    for before, after in zip(cues, cues[1:], strict=False):
        assert before.end == pytest.approx(after.start)
    # The scene waited for the captions: the waits are its still stretches.
    assert sum(end - start for start, end in scene.stills) == pytest.approx(
        scene.time - len(TEXTS) * 0.5, abs=len(TEXTS) / 15
    )


def visible(caption) -> bool:
    return max(glyph.get_fill_opacity() for glyph in caption.family_members_with_points()) > 0.01


def test_a_caller_rate_function_cannot_show_two_captions_at_once():
    class Clock:  # the caption has long been read: say() needs no wait, only the time
        time = 100.0

        def add_subcaption(self, *args, **kwargs) -> None:
            pass

    bar = CaptionBar(Clock(), get_theme("dark"))
    old = bar.make("old caption")
    bar.current, bar._text = old, "old caption"
    animations = bar.say("new caption")
    for animation in animations:  # what play(..., rate_func=linear, run_time=6) does to every animation
        animation.rate_func, animation.run_time = linear, 6.0
        animation.begin()
    shown = []
    for step in range(0, 61):
        for animation in animations:
            animation.interpolate(step / 60)
        shown.append([visible(old), visible(bar.current)])
    assert not any(all(pair) for pair in shown)
    assert shown[0] == [True, False] and shown[-1] == [False, True]
    # The hand-over takes well under a second of the six.
    assert sum(1 for old_on, new_on in shown if not new_on) <= 6
