"""On-screen captions that are also written to the video's .srt subtitles, each shown long enough to be read.

The pace belongs here, not to the scenes: :meth:`CaptionBar.say` does not
replace a caption before it has been on screen for its time (the scene waits),
and the hand-over keeps its own timing whatever a caller passes to ``play()``,
so two captions never show at once. How long a caption needs is one function
of its text, ``seconds_needed`` (by default :func:`reading_time`); a narration
voice plugs in its speech duration there, and the bar never goes below the
reading ceiling whatever that function says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from manim import Scene, VGroup, config

from gdlesson.mobjects.theme import SansText, Theme
from gdlesson.render.animations import Appear, Vanish
from gdlesson.voice.spoken import Line, spoken_form

__all__ = [
    "CEILING_CPS",
    "MIN_SECONDS",
    "TARGET_CPS",
    "CaptionBar",
    "Cue",
    "reading_time",
]

TARGET_CPS = 17.0
"""Comfortable reading speed of a caption, characters per second (subtitle guides: 15-17)."""

CEILING_CPS = 20.0
"""No caption is ever shown faster than this, whatever ``seconds_needed`` says."""

MIN_SECONDS = 1.2
"""No caption stays less than this."""

FADE_OUT = (0.0, 0.25)
"""Seconds of a caption change in which the old caption fades out ..."""

FADE_IN = (0.25, 0.6)
"""... and then the new one fades in (both squeezed into shorter changes)."""


def reading_time(text: str) -> float:
    """Seconds ``text`` needs on screen to be read at ease: ``len / TARGET_CPS``, at least ``MIN_SECONDS``."""
    return max(MIN_SECONDS, len(text) / TARGET_CPS)


@dataclass(frozen=True)
class Cue:
    """One caption as the viewer saw it: ``text`` from ``start`` to ``end`` seconds of the video, and the words
    ``spoken`` for it (see :func:`gdlesson.voice.spoken.spoken_form`)."""

    start: float
    end: float
    text: str
    spoken: str = ""

    @property
    def seconds(self) -> float:
        return self.end - self.start

    @property
    def cps(self) -> float:
        """Characters per second it was shown at."""
        return len(self.text) / self.seconds if self.seconds > 0 else float("inf")


class CaptionBar:
    """One caption at a time at the bottom of the frame, each kept on screen for its time.

    :meth:`say` returns the animations that swap the caption (play them,
    possibly with others); if the caption on screen has not had its time yet,
    it first lets the scene wait. A caption's time is
    ``max(seconds_needed(text), len(text) / CEILING_CPS, MIN_SECONDS)``.
    Every caption shown is logged in ``timeline`` (a list of :class:`Cue`)
    and written as a subtitle, spanning from the change that shows it to the
    change that replaces it (or :meth:`close`): the caption itself, or with
    ``subtitles = "spoken"`` the words said for it (a narrated video's
    transcript).
    """

    subtitles = "shown"
    """What the .srt holds: ``"shown"`` (the captions) or ``"spoken"`` (the words said for them)."""

    quiet_limit: float | None = None
    """In a narrated scene, the most seconds a descent plays on after its last caption's time (see
    :func:`gdlesson.story.playback.cue_schedule`); None: the descent keeps its pacing."""

    def __init__(
        self,
        scene: Scene,
        theme: Theme,
        *,
        seconds_needed: Callable[[str], float] = reading_time,
        font_size: float = 26,
        y: float | None = None,
    ) -> None:
        self.scene, self.theme, self.font_size = scene, theme, font_size
        self.seconds_needed = seconds_needed
        self.y = -config.frame_height / 2 + 0.38 if y is None else y
        self.current: VGroup | None = None
        self.timeline: list[Cue] = []
        self._text = ""
        self._since = 0.0

    @property
    def text(self) -> str:
        """The caption on screen ("" when none)."""
        return self._text

    def seconds_for(self, text: str) -> float:
        """How long ``text`` stays on screen at least (its subtitle, the spoken words when those are written,
        is never faster than :data:`CEILING_CPS` either)."""
        subtitle = spoken_form(text) if self.subtitles == "spoken" else text
        return max(self.seconds_needed(text), max(len(text), len(subtitle)) / CEILING_CPS, MIN_SECONDS)

    def time_left(self) -> float:
        """Seconds the caption on screen still needs before it may be replaced (0 when none)."""
        if not self._text:
            return 0.0
        return max(0.0, self._since + self.seconds_for(self._text) - self.scene.time)

    def make(self, text: str) -> SansText:
        caption = SansText(text, font_size=self.font_size, color=self.theme.text)
        caption.scale_to_fit_width(min(caption.width, config.frame_width - 1.0))
        return caption.move_to([0, self.y, 0])

    def say(self, text: str, *, spoken: str | None = None) -> list:
        """Animations replacing the caption with ``text``, after waiting until the current one has been read.

        ``spoken`` is what a voice says for it, composed from the same claim
        (``say("W* = 1.97", spoken="W star is about two")``); without it the
        voice reads the caption with numbers and symbols in words
        (:func:`gdlesson.voice.spoken.speak`). The old caption fades out in the first quarter second and the new one
        in over the next third of a second, whatever run time and rate function
        the animations are played with.
        """
        if spoken is not None:
            text = Line(text, spoken)
        self._wait_until_read()
        self._log()
        new = self.make(text)
        animations = [Appear(new, within=FADE_IN)]
        if self.current is not None:
            animations.insert(0, Vanish(self.current, within=FADE_OUT))
        self.current, self._text, self._since = new, text, self.scene.time
        return animations

    def clear(self) -> list:
        """Animations removing the caption (once it has been read)."""
        self._wait_until_read()
        self._log()
        animations = [Vanish(self.current, within=FADE_OUT)] if self.current is not None else []
        self.current, self._text = None, ""
        return animations

    def close(self) -> None:
        """Let the last caption be read, then log it (call at the end of the scene)."""
        self._wait_until_read()
        self._log()
        self._text = ""

    def _wait_until_read(self) -> None:
        # A still wait lasts whole frames, rounded down: top it up by a frame when it fell short.
        for _ in range(3):
            left = self.time_left()
            if left <= 1e-6:
                return
            self.scene.wait(max(left, 1 / config.frame_rate))

    def _log(self) -> None:
        if not self._text:
            return
        shown_for = self.scene.time - self._since
        if shown_for > 0:
            spoken = spoken_form(self._text)
            self.timeline.append(Cue(self._since, self.scene.time, str(self._text), spoken))
            subtitle = spoken if self.subtitles == "spoken" else str(self._text)
            self.scene.add_subcaption(subtitle, duration=shown_for, offset=-shown_for)
