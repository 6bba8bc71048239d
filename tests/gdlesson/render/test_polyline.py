"""PolylineCamera draws the same picture as manim's camera, with lines instead of curves."""

import numpy as np
from manim import tempconfig
from manim.camera.camera import Camera

from gdlesson.render.polyline import Polyline, PolylineCamera, polyline_points


def draw(camera_class, mobject) -> np.ndarray:
    with tempconfig({"pixel_width": 480, "pixel_height": 270}):
        camera = camera_class()
        camera.capture_mobjects([mobject])
        return camera.pixel_array.astype(int)


def test_polyline_camera_matches_the_curve_drawing():
    rng = np.random.default_rng(0)
    walk = np.column_stack([np.cumsum(rng.normal(0, 0.15, (400, 2)), axis=0), np.zeros(400)])
    path = Polyline(stroke_width=4, stroke_color="#56B4E9").set_runs([walk[:250], walk[260:] + [1.0, 0.0, 0.0]])
    ours, manims = draw(PolylineCamera, path), draw(Camera, path)
    assert (ours[..., :3] > 0).sum() > 2000  # something was drawn
    assert np.abs(ours - manims).max() <= 16  # anti-aliasing only


def test_polyline_points_put_handles_on_the_segments():
    runs = [np.array([[0.0, 0, 0], [3, 0, 0], [3, 3, 0]]), np.array([[5.0, 5, 0], [6, 5, 0]])]
    points = polyline_points(runs).reshape(-1, 4, 3)
    assert len(points) == 3
    assert np.allclose(points[0], [[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 0]])
    assert np.allclose(points[2, 0], [5, 5, 0])
