"""Paths are cut where they pass under a map label, once, so labels stay readable without redrawing."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson
from maps import THEME, build_map, settled_points

from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.layout import box_of, cut_out, densify


def inside(points: np.ndarray, box) -> np.ndarray:
    return (points[:, 0] > box[0]) & (points[:, 0] < box[2]) & (points[:, 1] > box[1]) & (points[:, 1] < box[3])


def test_cut_out_removes_exactly_the_parts_inside_the_boxes():
    line = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]])
    boxes = [(2.0, -1.0, 3.0, 1.0), (2.5, -2.0, 4.0, 2.0), (9.0, 5.0, 11.0, 6.0)]
    runs = cut_out(line, boxes)
    assert [run.tolist() for run in runs] == [
        [[0.0, 0.0], [2.0, 0.0]],
        [[4.0, 0.0], [10.0, 0.0], [10.0, 5.0]],
        [[10.0, 6.0], [10.0, 10.0]],
    ]
    # Dense samples of what is drawn: none inside a box; of what was removed: all inside one.
    drawn = np.vstack([np.linspace(r[i], r[i + 1], 50) for r in runs for i in range(len(r) - 1)])
    assert not any(inside(drawn, box).any() for box in boxes)
    total = sum(np.sum(np.hypot(*np.diff(r, axis=0).T)) for r in runs)
    assert total == pytest.approx(20.0 - 2.0 - 1.0)
    assert [r.tolist() for r in cut_out(line, [])] == [line.tolist()]


def test_a_descent_path_leaves_the_map_labels_clear():
    lesson = make_lesson(lr="0.9x", batch_size="full", epochs=40)  # a zig-zag that crosses much of the map
    contour, _, run = build_map(lesson, avoid=None)
    path = DescentPath(run, contour, None, theme=THEME, tolerance=0.0)
    points = settled_points(path)
    segments = [np.linspace(points[i], points[i + 3], 40) for i in range(0, len(points), 4)]
    drawn = np.vstack(segments)[:, :2]
    labels = [*contour.optimum[1:], *contour.start[1:], *contour.ring_labels]
    assert labels
    crossed = 0
    uncut = settled_points(DescentPath(run, contour, None, theme=THEME, tolerance=0.0, clear_labels=False))
    for label in labels:
        box = box_of(label)
        assert not inside(drawn, box).any(), label
        whole = np.vstack([np.linspace(uncut[i], uncut[i + 3], 40) for i in range(0, len(uncut), 4)])[:, :2]
        crossed += int(inside(whole, box).any())
    assert crossed > 0, "the uncut path crosses a label, so the test shows the cut"


def test_densified_points_follow_the_segments_closely_and_keep_the_vertices():
    line = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 0.33], [1.0, 0.33]])
    dense = densify(line, 0.1)
    assert np.max(np.hypot(*np.diff(dense, axis=0).T)) <= 0.1 + 1e-12
    assert all(any(np.allclose(vertex, point) for point in dense) for vertex in line)
    assert np.all(dense[:, 1] >= 0) and np.all(dense[:, 0] <= 1)  # all on the polyline


def test_map_labels_keep_off_the_path_segments_when_they_can():
    lesson = make_lesson()
    contour, _, run = build_map(lesson, avoid=(lesson.trajectory.w, lesson.trajectory.b))
    segment_points = densify(contour.to_screen(run.w, run.b), 0.02)
    for label in [*contour.optimum[1:], *contour.start[1:], *contour.ring_labels]:
        assert not inside(segment_points, box_of(label)).any(), label
