"""Visual C on its own: see ``gdlesson.story.views.visual_c``.

gdlesson render visual_c     (or: manim -ql scenes/visual_c.py VisualC)
"""

from __future__ import annotations

from gdlesson.story.scene import LessonScene
from gdlesson.story.views import visual_c


class VisualC(LessonScene):
    """Visual C of the lesson as a scene of its own."""

    def construct(self) -> None:
        visual_c(self)
