"""LessonCamera draws the same picture as manim's camera: replayed paths exactly, polylines with lines."""

import numpy as np
from manim import Circle, Square, Text, VGroup, tempconfig
from manim.camera.camera import Camera

from gdlesson.render.camera import LessonCamera
from gdlesson.render.polyline import Polyline, polyline_points


def small(camera_class):
    with tempconfig({"pixel_width": 480, "pixel_height": 270}):
        return camera_class()


def draw(camera_class, *mobjects, camera=None) -> np.ndarray:
    camera = camera or small(camera_class)
    camera.reset()
    camera.capture_mobjects(list(mobjects))
    return camera.pixel_array.astype(int)


def test_polyline_camera_matches_the_curve_drawing():
    rng = np.random.default_rng(0)
    walk = np.column_stack([np.cumsum(rng.normal(0, 0.15, (400, 2)), axis=0), np.zeros(400)])
    path = Polyline(stroke_width=4, stroke_color="#56B4E9").set_runs([walk[:250], walk[260:] + [1.0, 0.0, 0.0]])
    ours, manims = draw(LessonCamera, path), draw(Camera, path)
    assert (ours[..., :3] > 0).sum() > 2000  # something was drawn
    assert np.abs(ours - manims).max() <= 16  # anti-aliasing only


def scene_of_leaves() -> VGroup:
    """Glyphs with holes (several subpaths), closed and open curves, fills and strokes."""
    text = Text("gradient 0.0605 ÷ Wb", font_size=40).shift(1.5 * np.array([-1, 1, 0]))
    ring = Circle(radius=1.2, stroke_width=6).shift(np.array([2.0, -0.5, 0]))
    square = Square(1.5, fill_opacity=0.6, stroke_width=3).rotate(0.3).shift(np.array([-2.5, -1.5, 0]))
    arc = Circle(radius=0.7).get_subcurve(0.1, 0.6).set_stroke(width=5)
    return VGroup(text, ring, square, arc)


def test_replayed_paths_give_manims_pixels_exactly():
    leaves = scene_of_leaves()
    ours = small(LessonCamera)
    first = draw(LessonCamera, leaves, camera=ours)
    assert len(ours._paths) == len(leaves.family_members_with_points())
    leaves.set_opacity(0.5)  # colours change, points do not: every path is replayed
    replayed = draw(LessonCamera, leaves, camera=ours)
    assert len(ours._paths) == len(leaves.family_members_with_points())
    assert (replayed != first).any()
    assert np.array_equal(replayed, draw(Camera, leaves))
    assert np.array_equal(first, draw(Camera, scene_of_leaves()))


def test_moved_points_are_drawn_where_they_now_are():
    leaves = scene_of_leaves()
    ours = small(LessonCamera)
    draw(LessonCamera, leaves, camera=ours)
    leaves.shift(np.array([0.37, -0.21, 0]))
    assert np.array_equal(draw(LessonCamera, leaves, camera=ours), draw(Camera, leaves))


def test_polyline_points_put_handles_on_the_segments():
    runs = [np.array([[0.0, 0, 0], [3, 0, 0], [3, 3, 0]]), np.array([[5.0, 5, 0], [6, 5, 0]])]
    points = polyline_points(runs).reshape(-1, 4, 3)
    assert len(points) == 3
    assert np.allclose(points[0], [[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 0]])
    assert np.allclose(points[2, 0], [5, 5, 0])
