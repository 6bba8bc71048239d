"""Visual C on its own: see ``scenes.story_views.visual_c``.

gdlesson render visual_c     (or: manim -ql scenes/visual_c.py VisualC)
"""

from __future__ import annotations

from scenes.base import LessonScene
from scenes.config import lesson_or_exit
from scenes.story_views import visual_c

lesson_or_exit()


class VisualC(LessonScene):
    """Visual C of the lesson as a scene of its own."""

    def construct(self) -> None:
        visual_c(self)
