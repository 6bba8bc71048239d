"""The optimizer race: plain GD, momentum, Nesterov, RMSProp and Adam from one start on the same batches.

    manim -pql scenes/race.py        (or: gdlesson render race)

Reads the lesson configuration; the story is :func:`gdlesson.story.race.race`, shared with the lesson's race
chapter; the runs, the legend's words and the captions come from :mod:`gdlesson.lesson.race`.
"""

from __future__ import annotations

from gdlesson.story.race import race
from gdlesson.story.scene import LessonScene


class Race(LessonScene):
    """Five optimizers on one map, one clock: who overshoots, who gets there first, who is still swinging."""

    def construct(self) -> None:
        self.race = race(self)
