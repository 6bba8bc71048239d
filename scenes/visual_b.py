"""Visual B on its own: see ``scenes.story_views.visual_b``.

gdlesson render visual_b     (or: manim -ql scenes/visual_b.py VisualB)
"""

from __future__ import annotations

from scenes.base import LessonScene
from scenes.config import lesson_or_exit
from scenes.story_views import visual_b

lesson_or_exit()


class VisualB(LessonScene):
    """Visual B of the lesson as a scene of its own."""

    def construct(self) -> None:
        visual_b(self)
