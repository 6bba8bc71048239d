"""Visual B on its own: see ``gdlesson.story.views.visual_b``.

gdlesson render visual_b     (or: manim -ql scenes/visual_b.py VisualB)
"""

from __future__ import annotations

from gdlesson.story.scene import LessonScene
from gdlesson.story.views import visual_b


class VisualB(LessonScene):
    """Visual B of the lesson as a scene of its own."""

    def construct(self) -> None:
        visual_b(self)
