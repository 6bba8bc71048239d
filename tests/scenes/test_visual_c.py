"""scenes/visual_c.py: Visual C on its own, its last frame against the control data."""

from __future__ import annotations

from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_files import scene_module

__module_test__ = "lesson"  # control data: control_data/lesson/visual_c_last_frame.npz

VisualC = scene_module("visual_c").VisualC


class FixedVisualC(VisualC):
    lesson = make_lesson(pacing=2.0, epochs=4)


@frames_comparison(last_frame=True, base_scene=FixedVisualC)
def test_visual_c_last_frame(scene):
    VisualC.construct(scene)
