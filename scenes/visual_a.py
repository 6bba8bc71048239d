"""Visual A on its own: see ``gdlesson.story.views.visual_a``.

gdlesson render visual_a     (or: manim -ql scenes/visual_a.py VisualA)
"""

from __future__ import annotations

from gdlesson.story.scene import LessonScene
from gdlesson.story.views import visual_a


class VisualA(LessonScene):
    """Visual A of the lesson as a scene of its own."""

    def construct(self) -> None:
        visual_a(self)
