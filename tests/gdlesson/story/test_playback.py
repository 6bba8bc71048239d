"""A descent says each cued caption when the run reaches its step, and slows down so every caption is read."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ValueTracker
from scene_checks import construct_only

from gdlesson.mobjects.captions import CaptionBar, reading_time
from gdlesson.mobjects.theme import get_theme
from gdlesson.render.pacing import step_times
from gdlesson.render.scene import RenderScene
from gdlesson.story.playback import play_descent

CUES = {
    0: "From the start.",
    7: "Step seven: a caption long enough to need a few seconds of reading.",
    8: "Step eight, straight after it: the descent must wait for the one before.",
    29: "The last step.",
}


class Cued(RenderScene):
    def construct(self) -> None:
        self.captions = CaptionBar(self, get_theme("dark"))
        self.step = ValueTracker(0.0)
        self.heard: list[tuple[float, str]] = []
        say = self.captions.say
        self.captions.say = lambda text: self.heard.append((self.step.get_value(), text)) or say(text)
        self.play(*self.captions.say("Before the descent, a caption that is still being read."), run_time=0.5)
        self.fast = step_times(30, 3.0)
        play_descent(self, self.step, self.fast, [], captions=self.captions, cues=CUES)
        self.captions.close()


def test_each_caption_comes_at_its_step_and_stays_its_reading_time(tmp_path):
    scene = construct_only(Cued, tmp_path)
    heard = scene.heard[1:]
    assert [text for _, text in heard] == list(CUES.values())
    for (value, _), step in zip(heard, CUES, strict=True):
        assert value == pytest.approx(step, abs=1e-9)
    for cue in scene.captions.timeline:
        assert cue.seconds >= reading_time(cue.text) - 1e-9, cue
    # The descent was slowed: on its own schedule steps 7 to 8 last a fraction of a second.
    assert scene.fast[8] - scene.fast[7] < 0.2
    seven, eight = scene.captions.timeline[2], scene.captions.timeline[3]
    assert eight.start - seven.start >= reading_time(seven.text)
    assert scene.step.get_value() == 30
    # A cue at step 0 cannot slow anything down: the caption before it is read first, with the descent still
    # waiting. Once the descent moves, it never stops for a caption.
    first = scene.captions.timeline[1]
    assert [start for start, _ in scene.stills[:-1]] == [pytest.approx(scene.captions.timeline[0].start + 0.5, abs=0.1)]
    assert all(end <= first.start + 1e-9 or start >= scene.captions.timeline[-1].start for start, end in scene.stills)


class Bar:
    """The part of a caption bar cue_schedule reads: nothing on screen, every caption 2 s."""

    def __init__(self, quiet_limit):
        self.quiet_limit = quiet_limit

    def time_left(self):
        return 0.0

    def seconds_for(self, text):
        return 2.0


def test_a_narrated_descent_plays_at_most_quiet_limit_past_its_last_caption():
    from gdlesson.story.playback import cue_schedule

    times = step_times(100, 14.0)
    cues = {0: "first", 20: "second"}
    kept, said = cue_schedule(times, Bar(None), cues)
    assert kept[-1] == pytest.approx(times[-1])  # captions only: the pacing stays
    shortened, marks = cue_schedule(times, Bar(1.0), cues)
    assert [text for _, text in marks] == ["first", "second"] and marks == said
    assert shortened[-1] == pytest.approx(marks[-1][0] + 2.0 + 1.0)
    assert shortened[20] == pytest.approx(kept[20]) and bool(np.all(np.diff(shortened) >= 0))
    # Without cues, it plays on at most quiet_limit past the caption on screen.
    assert cue_schedule(times, Bar(1.0), None)[0][-1] == pytest.approx(1.0)
    assert cue_schedule(times, Bar(None), None)[0] is times
