"""scenes/bowl3d.py: the MSE bowl turning into the map; its chapter, captions and texts, where it ends (the map,
ring for ring), and its last frame."""

from __future__ import annotations

import numpy as np
from builds import group
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_inside_and_apart, built_once, named_boxes, recording
from scene_files import scene_module
from timelines import assert_readable_timeline

__module_test__ = "bowl3d"

Bowl3D = scene_module("bowl3d").Bowl3D
LESSON = make_lesson()
pytestmark = group("bowl3d, built-in lesson")  # the module's scene is built once, in one worker (builds.py)

built = built_once(recording(Bowl3D, LESSON))
"""The scene constructed once with skipped animations (no video)."""


def test_one_chapter_whose_captions_are_read_at_ease_and_true(built):
    assert [name for name, _ in built.chapters] == ["The loss surface: a bowl"]
    assert 20 <= built.time <= 60, built.time
    assert len(built.said) >= 7 and min(size for _, size in built.said) >= 21
    assert_readable_timeline(built, LESSON, "bowl3d")


def test_it_ends_looking_straight_down_at_the_whole_path_on_the_maps_rings(built):
    bowl = built.bowl
    assert bowl.turn.get_value() == 1.0 and bowl.step.get_value() == LESSON.trajectory.steps
    assert bowl.current_view().phi == 0.0 and bowl.current_view().theta == 0.0
    for lifted, ring in zip(bowl.rings, bowl.contour.rings, strict=True):
        assert np.allclose(lifted.points, ring.points, atol=1e-12)
    run = LESSON.trajectory
    assert np.allclose(bowl.dot.get_center(), bowl.contour.to_screen(*run.final), atol=1e-12)


def test_the_final_texts_are_inside_the_frame_and_apart(built):
    assert len(built.final_texts) > 10
    assert_inside_and_apart(named_boxes(built.final_texts), "bowl3d")


class FixedBowl3D(Bowl3D):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedBowl3D)
def test_bowl3d_last_frame(scene):
    Bowl3D.construct(scene)
