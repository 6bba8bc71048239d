"""The 3-D bowl: its camera against an independent rotation, the end of its turn against the map's ellipses
computed here from the data's closed form, and its lifted path against the MSE recomputed from the data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from lessons import make_lesson
from manim import ValueTracker, config
from scene_files import ROOT
from scipy.spatial import cKDTree
from scipy.spatial.transform import Rotation

from gdlesson.mobjects.bowl_view import MESH_OPACITY, RAISED, BowlView, View, fit_scale, project
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.theme import get_theme
from gdlesson.story.map_stage import MapStage

PIXEL = 14.222 / 1920
"""One pixel of a 1080p frame, in scene units."""

LESSONS = {
    "built-in": make_lesson(),
    "engel": make_lesson(data={"csv": str(ROOT / "tests" / "data" / "engel.csv")}),
    "wheat, unscaled": make_lesson(data={"csv": str(ROOT / "tests" / "data" / "wheat.csv")}, scale="none"),
    "diverging": make_lesson(lr="1.5x"),
}


@pytest.fixture(scope="module", params=sorted(LESSONS))
def case(request):
    """(lesson, map, bowl) with the map where the lesson puts it (the map stage's size and place)."""
    lesson = LESSONS[request.param]
    contour = ContourMap.for_run(lesson.bowl, lesson.trajectory, theme=get_theme("dark"), size=MapStage.map_size)
    contour.shift(MapStage.map_center)
    bowl = BowlView(contour, lesson.trajectory, ValueTracker(0.0), ValueTracker(0.0), theme=get_theme("dark"))
    return lesson, contour, bowl


def at(bowl: BowlView, turn: float, step: float | None = None) -> BowlView:
    """The bowl redrawn at ``turn`` (and ``step``), as a scene's updaters would."""
    bowl.turn.set_value(turn)
    bowl.step.set_value(bowl.run.steps if step is None else step)
    for part in (*bowl.rings, bowl.mesh, bowl.rim, bowl.path):
        part.update()
    return bowl


@pytest.mark.parametrize("seed", range(5))
def test_the_camera_is_a_rotation_about_the_vertical_then_a_tilt_about_the_screens_horizontal(seed):
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(50, 3)) * [3.0, 2.0, 1.5]
    phi, theta = rng.uniform(0, math.pi / 2), rng.uniform(-math.pi, math.pi)
    # Extrinsic: turn about z (up) by theta, then tilt about x by -phi (the far side rises, the top comes forward).
    rotated = Rotation.from_euler("zx", [theta, -phi]).apply(points)
    # ... and the same as NumPy matrices: R = R_x(-phi) R_z(theta).
    c, s, cp, sp = np.cos(theta), np.sin(theta), np.cos(-phi), np.sin(-phi)
    matrix = np.array([[1, 0, 0], [0, cp, -sp], [0, sp, cp]]) @ np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    assert np.allclose(points @ matrix.T, rotated, atol=1e-12)
    seen = project(points, View(phi, theta, pan=(0.3, -0.2)))
    assert np.allclose(seen[:, :2], rotated[:, :2] + [0.3, -0.2], atol=1e-12)
    assert np.all(seen[:, 2] == 0.0)


def test_straight_down_the_picture_is_the_plane_exactly_whatever_the_height():
    points = np.random.default_rng(1).normal(size=(200, 3)) * 5
    assert np.array_equal(project(points, View(0.0, 0.0))[:, :2], points[:, :2])
    assert np.array_equal(project(points, RAISED.toward_top(1.0))[:, :2], points[:, :2])


def test_fit_scale_keeps_the_highest_point_under_the_top_through_the_turn():
    points = np.array([[0.0, 2.0, 4.0], [1.0, -1.0, 1.0], [0.0, 0.0, 0.0]])
    scale = fit_scale(points, RAISED, 3.0, most=10.0)
    for fraction in np.linspace(0, 1, 11):
        lifted = points * [1, 1, scale]
        assert project(lifted, RAISED.toward_top(fraction))[:, 1].max() <= 3.0 + 1e-9
    higher = points * [1, 1, scale * 1.01]  # no lower than it needs: a little higher leaves at some stage
    assert max(project(higher, RAISED.toward_top(f))[:, 1].max() for f in np.linspace(0, 1, 11)) > 3.0
    assert fit_scale(points, RAISED, 3.0, most=0.1) == 0.1


def closed_form_ring(lesson, level: float, count: int = 1440) -> np.ndarray:
    """Points (W, b) of {MSE = level} from the data's normal equations: (p - p*)^T (H / 2) (p - p*) = level - L*."""
    x, y = lesson.descent_data.x, lesson.descent_data.y
    design = np.column_stack([x, np.ones_like(x)])
    optimum = np.linalg.lstsq(design, y, rcond=None)[0]
    floor = np.mean((design @ optimum - y) ** 2)
    values, vectors = np.linalg.eigh(design.T @ design / len(x))  # H / 2
    angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
    unit = np.column_stack([np.cos(angles), np.sin(angles)]) * np.sqrt((level - floor) / values)
    return optimum + unit @ vectors.T


def map_point(contour: ContourMap, wb: np.ndarray) -> np.ndarray:
    """Scene (x, y) of (W, b) rows: the window stretched onto the map's box (its corners read off the box)."""
    window, box = contour.window, contour.frame.box
    u = (wb[:, 0] - window.w_min) / (window.w_max - window.w_min)
    v = (wb[:, 1] - window.b_min) / (window.b_max - window.b_min)
    return np.column_stack([box.get_left()[0] + u * box.width, box.get_bottom()[1] + v * box.height])


def curve_points(mob, spacing: float = PIXEL / 4) -> np.ndarray:
    """Points along every cubic Bezier piece of ``mob``, at most about ``spacing`` apart, shape (m, 2)."""
    pieces = mob.points.reshape(-1, 4, 3)[:, :, :2]
    found = []
    for a, b, c, d in pieces:
        count = int(np.ceil((np.hypot(*(b - a)) + np.hypot(*(c - b)) + np.hypot(*(d - c))) / spacing)) + 2
        t = np.linspace(0, 1, count)[:, None]
        found.append((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t**2 * c + t**3 * d)
    return np.vstack(found)


def data_point(contour: ContourMap, xy: np.ndarray) -> np.ndarray:
    """(W, b) rows of scene points: the inverse of :func:`map_point`."""
    window, box = contour.window, contour.frame.box
    u, v = (xy[:, 0] - box.get_left()[0]) / box.width, (xy[:, 1] - box.get_bottom()[1]) / box.height
    return np.column_stack(
        [window.w_min + u * (window.w_max - window.w_min), window.b_min + v * (window.b_max - window.b_min)]
    )


def data_mse(lesson, wb: np.ndarray) -> np.ndarray:
    """The MSE of each line (W, b) in ``wb`` on the descent's data, by brute force."""
    x, y = lesson.descent_data.x, lesson.descent_data.y
    return np.mean((wb[:, :1] * x[None, :] + wb[:, 1:] - y[None, :]) ** 2, axis=1)


def test_at_the_end_of_the_turn_every_ring_lies_on_the_maps_ellipse_within_a_pixel(case):
    lesson, contour, bowl = case
    at(bowl, 1.0)
    assert len(bowl.rings) == len(contour.rings) >= 5
    window, checked = contour.window, 0
    for ring in bowl.rings:
        drawn = curve_points(ring)
        truth = closed_form_ring(lesson, ring.level)
        truth = truth[window.contains(truth[:, 0], truth[:, 1], tolerance=-1e-3)]  # clear of the clipped ends
        checked += len(truth)
        expected = map_point(contour, truth)
        gaps = cKDTree(drawn).query(expected)[0]  # each true point's distance to the nearest drawn one
        assert gaps.max() < PIXEL, (ring.level, gaps.max() / PIXEL)
        # ... and the other way round: every point drawn is on the ellipse (its MSE is the ring's level)
        assert data_mse(lesson, data_point(contour, drawn[::7])) == pytest.approx(ring.level, rel=1e-6)
    assert checked > 100
    # The rim is the map's frame, the path the map's path.
    corners = np.array([bowl.rim.get_corner(c)[:2] for c in ([-1, -1, 0], [1, 1, 0])])
    box = contour.frame.box
    assert np.allclose(corners, [box.get_corner([-1, -1, 0])[:2], box.get_corner([1, 1, 0])[:2]], atol=1e-9)
    shown = bowl.shown
    path = np.column_stack([lesson.trajectory.w[:shown], lesson.trajectory.b[:shown]])
    anchors = bowl.path.points[0::4, :2]
    assert np.allclose(anchors[: shown - 1], map_point(contour, path)[: shown - 1], atol=1e-9)
    assert bowl.mesh.get_stroke_opacity() == 0.0


def test_the_raised_rings_are_level_the_path_climbs_with_its_mse(case):
    lesson, contour, bowl = case
    x, y = lesson.descent_data.x, lesson.descent_data.y
    run = lesson.trajectory
    states = bowl.path_states()
    shown = zip(run.w[: bowl.shown], run.b[: bowl.shown], strict=True)
    mse = np.array([np.mean((w * x + b - y) ** 2) for w, b in shown])
    assert states[:, 2] / bowl.scale + bowl.floor == pytest.approx(mse, rel=1e-9, abs=1e-12 * mse.max())
    assert bowl.scale > 0
    optimum = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    if contour.window.contains(*optimum):  # the floor is the bottom of the bowl, L*
        assert bowl.floor == pytest.approx(data_mse(lesson, optimum[None])[0], rel=1e-9)
    for ring in bowl.rings:  # a ring's height is its loss
        assert ring.lift == pytest.approx(bowl.scale * (ring.level - bowl.floor), rel=1e-12)


def test_the_bowl_stays_in_the_frame_and_below_its_top_throughout_the_turn(case):
    _, _, bowl = case
    for turn in np.linspace(0, 1, 9):
        at(bowl, turn)
        points = np.vstack([part.points for part in (*bowl.rings, bowl.mesh, bowl.rim, bowl.path) if len(part.points)])
        assert points[:, 1].max() <= 3.6 + 1e-9
        assert np.abs(points[:, 0]).max() <= config.frame_width / 2
        assert points[:, 1].min() >= -config.frame_height / 2
    at(bowl, 0.0)
    assert bowl.mesh.get_stroke_opacity() == pytest.approx(MESH_OPACITY)


def test_the_path_grows_with_its_step_tracker_and_its_head_is_on_the_surface(case):
    lesson, _, bowl = case
    at(bowl, 0.0, step=0.0)  # one segment of no length, at the start: the path has points to be drawn
    assert len(bowl.path.points) == 4 and np.ptp(bowl.path.points, axis=0).max() == 0.0
    assert np.allclose(bowl.path.points[0], bowl.to_scene(bowl.path_states()[:1])[0], atol=1e-12)
    if bowl.shown < 4:  # a run that leaves at once: the rest is the next test's
        return
    at(bowl, 0.0, step=2.0)
    assert len(bowl.path.points) == 4 * 2  # two segments: 0-1 and 1-2
    at(bowl, 0.0, step=2.5)
    assert len(bowl.path.points) == 4 * 3  # three segments: 0-1, 1-2 and half of 2-3
    run = lesson.trajectory
    w, b = (run.w[2] + run.w[3]) / 2, (run.b[2] + run.b[3]) / 2
    expected = bowl.to_scene(np.array([[*lesson_scene_xy(bowl, w, b), bowl.height(lesson.bowl.loss(w, b))]]))
    assert np.allclose(bowl.dot.get_center(), expected[0], atol=1e-9)


def lesson_scene_xy(bowl: BowlView, w: float, b: float) -> np.ndarray:
    return bowl.contour.to_screen(w, b)[:2]


def test_the_path_stops_where_the_run_leaves_the_window(case):
    lesson, contour, bowl = case
    run, window = lesson.trajectory, contour.window
    inside = [window.contains(w, b) for w, b in zip(run.w, run.b, strict=True)]
    first_out = inside.index(False) if False in inside else len(inside)
    assert bowl.shown == min(first_out + 1, len(inside))  # up to the first state outside, cut on the edge
    assert bowl.leaves == (first_out < len(inside))
    at(bowl, 1.0)
    end = data_point(contour, bowl.path.points[-1:, :2])[0]
    if first_out < len(run.w):  # cut on the window's edge, on the segment to the first state outside
        edges = np.array([end[0] - window.w_min, window.w_max - end[0], end[1] - window.b_min, window.b_max - end[1]])
        assert np.min(np.abs(edges)) < 1e-9 * max(window.w_max - window.w_min, window.b_max - window.b_min)
        a, b = np.array([run.w[first_out - 1], run.b[first_out - 1]]), np.array([run.w[first_out], run.b[first_out]])
        cross = (b - a)[0] * (end - a)[1] - (b - a)[1] * (end - a)[0]
        assert abs(cross) < 1e-6 * np.hypot(*(b - a)) * np.hypot(*(end - a))
    else:
        assert np.allclose(end, run.final, rtol=1e-9, atol=1e-12)
