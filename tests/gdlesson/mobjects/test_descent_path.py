"""DescentPath: its vertices are the map's points of the trajectory, live and settled parts agree, thinning is
invisible."""

from __future__ import annotations

import numpy as np
from lessons import make_lesson
from manim import ValueTracker, config
from maps import THEME, build_map, settled_points

from gdlesson.mobjects.descent_path import DescentPath

LESSON = make_lesson()


def test_path_vertices_are_the_axes_points_of_the_trajectory():
    contour, _, run = build_map(LESSON)
    path = DescentPath(run, contour, None, theme=THEME, tolerance=0.0, clear_labels=False)
    points = settled_points(path)
    anchors = np.vstack([points[0::4], points[-1:]])
    expected = np.array([contour.axes.c2p(w, b) for w, b in zip(run.w, run.b, strict=True)])
    # Consecutive identical points collapse into zero-length segments, so compare in order.
    assert len(anchors) == len(expected)
    assert np.allclose(anchors, expected, atol=1e-9)
    assert np.allclose(path.dot.get_center(), contour.axes.c2p(*run.final), atol=1e-9)


def test_live_path_follows_the_tracker_and_settles_without_changing_the_picture():
    contour, _, run = build_map(LESSON)
    tracker = ValueTracker(0.0)
    path = DescentPath(run, contour, tracker, theme=THEME, tolerance=0.0, clear_labels=False)
    tracker.set_value(7.5)
    path.update()
    halfway = 0.5 * (np.array(contour.axes.c2p(run.w[7], run.b[7])) + contour.axes.c2p(run.w[8], run.b[8]))
    assert np.allclose(path.dot.get_center(), halfway, atol=1e-9)
    assert np.allclose(path.trail.get_end_anchors()[-1], halfway, atol=1e-9)
    drawn_before = np.vstack([settled_points(path), path.trail.points])
    path.settle(5)
    path.update()
    assert np.allclose(settled_points(path)[-1], contour.axes.c2p(run.w[5], run.b[5]), atol=1e-9)
    assert np.allclose(path.trail.get_start_anchors()[0], contour.axes.c2p(run.w[5], run.b[5]), atol=1e-9)
    assert np.allclose(path.trail.get_end_anchors()[-1], halfway, atol=1e-9)
    assert len(drawn_before) > 0


def test_thinning_drops_sub_pixel_steps_and_stays_close():
    lesson = make_lesson(batch_size="full", lr="0.5x", epochs=2000)  # converges: late steps are sub-pixel
    contour, _, run = build_map(lesson)
    tolerance = 0.5 * config.frame_width / 854
    path = DescentPath(run, contour, None, theme=THEME, tolerance=tolerance)
    drawn = len(settled_points(path)) // 4
    assert drawn < run.steps / 10
    screen = contour.to_screen(run.w, run.b)
    kept = screen[path.kept]
    # Every recorded point is within about a pixel of a drawn vertex.
    nearest = np.array([np.min(np.hypot(*(kept[:, :2] - point[:2]).T)) for point in screen[::50]])
    assert nearest.max() <= 1.5 * tolerance


def opacities(path: DescentPath) -> set[float]:
    """Every stroke opacity of the drawn path and the dot's fill and stroke opacities, rounded."""
    strokes = [piece.get_stroke_opacity() for piece in path.settled] + [path.trail.get_stroke_opacity()]
    return {round(float(o), 6) for o in [*strokes, path.dot.get_fill_opacity(), path.dot.get_stroke_opacity()]}


def test_a_faded_path_dims_its_dot_and_every_later_piece_until_faded_back():
    contour, _, run = build_map(LESSON)
    tracker = ValueTracker(3.0)
    path = DescentPath(run, contour, tracker, theme=THEME)
    path.settle(3)
    path.fade_to(0.3)
    tracker.set_value(run.steps / 2)
    path.update()  # the dot's updater moves it: it must not light it up again
    path.settle(run.steps / 2)
    assert len(path.settled) > 0 and opacities(path) == {0.3}
    path.fade_to(1.0)
    path.update()
    assert opacities(path) == {1.0}


def test_a_dot_off_the_map_stays_hidden_whatever_the_path_opacity():
    lesson = make_lesson(batch_size="full", lr="1.05x", epochs=40)  # diverges: leaves any map of its start
    contour, _, run = build_map(LESSON)
    tracker = ValueTracker(0.0)
    path = DescentPath(lesson.trajectory, contour, tracker, theme=THEME)
    outside = ~contour.window.contains(lesson.trajectory.w, lesson.trajectory.b)
    tracker.set_value(float(np.argmax(outside)))
    path.fade_to(0.3)
    path.update()
    assert outside.any() and path.dot.get_fill_opacity() == 0.0
    path.fade_to(1.0)
    assert path.dot.get_fill_opacity() == 0.0
