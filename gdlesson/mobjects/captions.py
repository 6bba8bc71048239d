"""On-screen captions that are also written to the video's .srt subtitles."""

from __future__ import annotations

import math

from manim import Scene, VGroup, config

from gdlesson.mobjects.theme import SansText, Theme
from gdlesson.render.animations import Appear, Vanish
from gdlesson.voice.narrator import LEAD, Narrator, Silent
from gdlesson.voice.record import SpokenLine
from gdlesson.voice.script import line_id

__all__ = ["CHARACTERS_PER_SECOND", "CaptionBar", "reading_time"]

CHARACTERS_PER_SECOND = 18.0
"""A comfortable reading speed for captions (about 190 words a minute; subtitle guides say up to 20)."""


def reading_time(text: str) -> float:
    """Seconds a caption should stay on screen to be read at ease."""
    return 0.6 + len(text) / CHARACTERS_PER_SECOND


HANDOVER = 0.4
"""When, as a fraction of a caption change, the old caption is gone and the new one starts."""


def _first_part(alpha: float) -> float:
    return min(alpha / HANDOVER, 1.0)


def _second_part(alpha: float) -> float:
    return max((alpha - HANDOVER) / (1.0 - HANDOVER), 0.0)


class CaptionBar:
    """One caption at a time at the bottom of the frame.

    :meth:`say` returns the animations that swap the caption; each caption's
    subtitle entry is written when it is replaced or when :meth:`close` is
    called, so its time span is exactly how long it was on screen.

    Voice: ``narrator`` speaks every caption (``spoken`` lists the lines with
    their start times); no caption is replaced or removed before its speech
    and a breath are over (:meth:`speech_seconds`): the scene waits when it
    must. :meth:`minimum_seconds` adds the reading time (the pacing of issue
    11 is to enforce that floor in the same place, :meth:`_hold`).
    """

    def __init__(
        self,
        scene: Scene,
        theme: Theme,
        *,
        font_size: float = 26,
        y: float | None = None,
        narrator: Narrator | None = None,
    ) -> None:
        self.scene, self.theme, self.font_size = scene, theme, font_size
        self.narrator = narrator or Silent()
        self.spoken: list[SpokenLine] = []
        self._said = 0
        self.y = -config.frame_height / 2 + 0.38 if y is None else y
        self.current: VGroup | None = None
        self._text = ""
        self._since = 0.0

    def make(self, text: str) -> SansText:
        caption = SansText(text, font_size=self.font_size, color=self.theme.text)
        caption.scale_to_fit_width(min(caption.width, config.frame_width - 1.0))
        return caption.move_to([0, self.y, 0])

    def say(self, text: str) -> list:
        """Animations replacing the caption with ``text`` (play them, possibly with others).

        The old caption fades out in the first 40% of the animation and the new
        one in over the rest, so the two never show on top of each other.
        """
        self._hold()
        self._write_subtitle()
        self._speak(text)
        new = self.make(text)
        if self.current is None:
            animations = [Appear(new)]
        else:
            animations = [Vanish(self.current, rate_func=_first_part), Appear(new, rate_func=_second_part)]
        self.current, self._text, self._since = new, text, self.scene.time
        return animations

    def clear(self) -> list:
        """Animations removing the caption."""
        self._hold()
        self._write_subtitle()
        animations = [Vanish(self.current)] if self.current is not None else []
        self.current, self._text = None, ""
        return animations

    def close(self) -> None:
        """Write the last subtitle (call at the end of the scene)."""
        self._hold()
        self._write_subtitle()
        self._text = ""

    # Voice ------------------------------------------------------------------

    def speech_seconds(self, text: str) -> float:
        """How long caption ``text`` must stay on screen to be spoken, with a breath after (0 when silent)."""
        return self.narrator.seconds_needed(text)

    def minimum_seconds(self, text: str) -> float:
        """How long caption ``text`` should stay on screen: to be read, and to be spoken with a breath after."""
        return max(reading_time(text), self.speech_seconds(text))

    def _hold(self) -> None:
        """Wait until the current caption's speech is over (in whole frames: a still frame shorter
        than a frame would add no time)."""
        if self._text:
            frames = math.ceil((self._since + self.speech_seconds(self._text) - self.scene.time) * config.frame_rate)
            if frames > 0:
                self.scene.pause(frames / config.frame_rate + 1e-6)

    def _speak(self, text: str) -> None:
        self._said += 1
        clip = self.narrator.clip(text)
        if clip is not None and clip.seconds > 0:
            start = self.scene.time + LEAD
            line = SpokenLine(line_id(self._said, text), start, text, str(clip.path), clip.seconds, clip.voice)
            self.spoken.append(line)

    def _write_subtitle(self) -> None:
        if not self._text:
            return
        shown_for = self.scene.time - self._since
        if shown_for > 0:
            self.scene.add_subcaption(self._text, duration=shown_for, offset=-shown_for)
