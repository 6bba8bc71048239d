"""Bezier rings and polyline clipping in (W, b) space."""

import numpy as np
import pytest

from gdcore import Bowl, Dataset, Window, clip_polyline, make_linear_data


def bezier(curve: np.ndarray, t: np.ndarray) -> np.ndarray:
    p0, p1, p2, p3 = curve
    t = t[:, None]
    return (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3


@pytest.mark.parametrize("window", [Window(-10, 10, -10, 10), Window(1.0, 2.6, -2.0, 0.5)])
def test_cubic_rings_anchor_on_the_level_and_hug_the_ellipse(window):
    bowl = Bowl.from_data(make_linear_data(100, seed=1))
    level = bowl.min_loss + 1.5
    ellipse = bowl.level_ellipse(level)
    arcs = ellipse.cubic_arcs_in(window, 24)
    assert arcs
    for arc in arcs:
        anchors = np.concatenate([arc[:, 0], arc[-1:, 3]])
        assert np.max(np.abs(bowl.loss(anchors[:, 0], anchors[:, 1]) / level - 1)) < 1e-9
        assert window.contains(anchors[:, 0], anchors[:, 1], tolerance=1e-12).all()
        assert np.array_equal(arc[1:, 0], arc[:-1, 3])  # consecutive pieces join
        for curve in arc:
            inner = bezier(curve, np.linspace(0, 1, 9))
            assert np.max(np.abs(bowl.loss(inner[:, 0], inner[:, 1]) / level - 1)) < 1e-5


def test_cubic_lines_for_a_degenerate_bowl_are_straight_and_on_level():
    bowl = Bowl.from_data(Dataset(np.full(10, 1.0), np.arange(10.0)))
    level = bowl.min_loss + 1.0
    arcs = bowl.level_set(level).cubic_arcs_in(Window(-3, 3, -5, 15))
    assert len(arcs) == 2
    for arc in arcs:
        points = bezier(arc[0], np.linspace(0, 1, 5))
        assert np.allclose(bowl.loss(points[:, 0], points[:, 1]), level, rtol=1e-12)


def test_clip_polyline_keeps_inside_vertices_and_cuts_at_edges():
    window = Window(0.0, 1.0, 0.0, 1.0)
    points = np.array([[0.2, 0.2], [0.5, 0.5], [1.5, 0.5], [1.5, 0.8], [0.5, 0.8], [0.6, 0.9], [2.0, 2.0], [3.0, 3.0]])
    runs = clip_polyline(points, window)
    assert len(runs) == 2
    assert np.allclose(runs[0], [[0.2, 0.2], [0.5, 0.5], [1.0, 0.5]])
    assert np.allclose(runs[1], [[1.0, 0.8], [0.5, 0.8], [0.6, 0.9], [0.6 + 1.4 / 11, 1.0]])


def test_clip_polyline_crossing_segment_with_both_ends_outside():
    window = Window(0.0, 1.0, 0.0, 1.0)
    runs = clip_polyline(np.array([[-1.0, 0.5], [2.0, 0.5]]), window)
    assert len(runs) == 1 and np.allclose(runs[0], [[0.0, 0.5], [1.0, 0.5]])
    assert clip_polyline(np.array([[-1.0, 2.0], [2.0, 2.0]]), window) == []


def test_clip_polyline_of_a_path_inside_is_the_path():
    rng = np.random.default_rng(0)
    points = rng.uniform(0.1, 0.9, size=(500, 2))
    runs = clip_polyline(points, Window(0.0, 1.0, 0.0, 1.0))
    assert len(runs) == 1 and np.array_equal(runs[0], points)
