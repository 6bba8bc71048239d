"""Visual A on its own: see ``scenes.story_views.visual_a``.

gdlesson render visual_a     (or: manim -ql scenes/visual_a.py VisualA)
"""

from __future__ import annotations

from scenes.base import LessonScene
from scenes.config import lesson_or_exit
from scenes.story_views import visual_a

lesson_or_exit()


class VisualA(LessonScene):
    """Visual A of the lesson as a scene of its own."""

    def construct(self) -> None:
        visual_a(self)
