"""The dashboard on its own: Visuals A, B, C and D on one frame, driven by one step tracker.

gdlesson render dashboard     (or: manim -ql scenes/dashboard.py Dashboard)
"""

from __future__ import annotations

from gdlesson.story.scene import LessonScene
from gdlesson.story.views import dashboard


class Dashboard(LessonScene):
    """The four linked views of one run as a scene of its own."""

    def construct(self) -> None:
        dashboard(self)
