"""scenes/dashboard.py: the four linked views on one frame, its last frame against the control data."""

from __future__ import annotations

from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_files import scene_module

__module_test__ = "lesson"  # control data: control_data/lesson/dashboard_last_frame.npz

Dashboard = scene_module("dashboard").Dashboard


class FixedDashboard(Dashboard):
    lesson = make_lesson(pacing=2.0, epochs=4)


@frames_comparison(last_frame=True, base_scene=FixedDashboard)
def test_dashboard_last_frame(scene):
    Dashboard.construct(scene)
