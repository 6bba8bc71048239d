"""The dashboard on its own: Visuals A, B, C and D on one frame, driven by one step tracker.

gdlesson render dashboard     (or: manim -ql scenes/dashboard.py Dashboard)
"""

from __future__ import annotations

from scenes.base import LessonScene
from scenes.config import lesson_or_exit
from scenes.story_views import dashboard

lesson_or_exit()


class Dashboard(LessonScene):
    """The four linked views of one run as a scene of its own."""

    def construct(self) -> None:
        dashboard(self)
