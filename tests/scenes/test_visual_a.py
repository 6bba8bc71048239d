"""scenes/visual_a.py: Visual A on its own, its last frame against the control data."""

from __future__ import annotations

from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_files import scene_module

__module_test__ = "lesson"  # control data: control_data/lesson/visual_a_last_frame.npz

VisualA = scene_module("visual_a").VisualA


class FixedVisualA(VisualA):
    lesson = make_lesson(pacing=2.0, epochs=4)


@frames_comparison(last_frame=True, base_scene=FixedVisualA)
def test_visual_a_last_frame(scene):
    VisualA.construct(scene)
