"""scenes/visual_b.py: Visual B on its own, its last frame against the control data."""

from __future__ import annotations

from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_files import scene_module

__module_test__ = "lesson"  # control data: control_data/lesson/visual_b_last_frame.npz

VisualB = scene_module("visual_b").VisualB


class FixedVisualB(VisualB):
    lesson = make_lesson(pacing=2.0, epochs=4)


@frames_comparison(last_frame=True, base_scene=FixedVisualB)
def test_visual_b_last_frame(scene):
    VisualB.construct(scene)
