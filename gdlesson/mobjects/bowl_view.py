"""The MSE surface as a 3-D bowl over its contour map, drawn by a small orthographic camera in a plain 2-D scene.

The bowl is exact and costs a handful of polylines a frame: its rings are the map's own rings (the same Bezier
points) lifted to the height of their loss, its mesh lines of constant W and of constant b are sampled from the
closed-form loss, and the recorded path is lifted to the loss of each state. A tracker turns the camera from a
raised view (:class:`View`) to looking straight down; there every point lands exactly where the map draws it, so
the last frame of the turn is the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from manim import Dot, ValueTracker, VGroup, VMobject

from gdcore import Trajectory, clip_polyline
from gdcore.landscape import lowest_loss
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP, Theme
from gdlesson.render.pacing import state_at
from gdlesson.render.polyline import Polyline

__all__ = ["RAISED", "BowlView", "View", "fit_scale", "project"]

MESH_OPACITY = 0.45
"""The mesh's opacity in the raised view; it fades out as the camera comes down (the map has no mesh)."""


@dataclass(frozen=True)
class View:
    """An orthographic camera over the map's plane.

    ``phi``: the tilt away from looking straight down, radians (0: the top view, pi / 2: from the side);
    ``theta``: the turn about the vertical axis, radians; ``pan``: (dx, dy) added to the picture, scene units.
    """

    phi: float
    theta: float
    pan: tuple[float, float] = (0.0, 0.0)

    def toward_top(self, fraction: float) -> View:
        """This view ``fraction`` of the way to the top view (0: this view, 1: exactly straight down, unpanned)."""
        keep = 1.0 - min(max(float(fraction), 0.0), 1.0)
        return View(self.phi * keep, self.theta * keep, (self.pan[0] * keep, self.pan[1] * keep))


RAISED = View(phi=math.radians(58.0), theta=math.radians(-16.0))
"""Where the camera starts: raised 32 degrees above the map's plane, turned a little to show the bowl's side."""


def project(points: np.ndarray, view: View) -> np.ndarray:
    """Scene offsets of world points seen through ``view``, shape (N, 3) with z = 0.

    ``points`` (N, 3) are (x, y, h): x and y in the map's plane (scene units from the pivot), h the height.
    The world turns by theta about the vertical, then tilts by phi about the screen's horizontal axis:

        x' = x cos(theta) - y sin(theta),   y' = x sin(theta) + y cos(theta),
        screen = (x' + pan_x, y' cos(phi) + h sin(phi) + pan_y).

    At phi = theta = 0 with no pan this is (x, y, 0) exactly, bit for bit.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 3)
    x, y, h = points[:, 0], points[:, 1], points[:, 2]
    cos_t, sin_t = math.cos(view.theta), math.sin(view.theta)
    turned_x, turned_y = x * cos_t - y * sin_t, x * sin_t + y * cos_t
    screen_y = turned_y * math.cos(view.phi) + h * math.sin(view.phi)
    if view.pan != (0.0, 0.0):
        turned_x, screen_y = turned_x + view.pan[0], screen_y + view.pan[1]
    return np.column_stack([turned_x, screen_y, np.zeros(len(points))])


def fit_scale(points: np.ndarray, view: View, top: float, *, most: float, samples: int = 11) -> float:
    """The largest height per unit of loss, at most ``most``, that keeps every point below ``top`` through the turn.

    ``points`` (N, 3) are (x, y, excess loss) relative to the pivot; the picture is checked at ``samples`` stages
    of the turn from ``view`` to the top view (heights only raise a point, so nothing else can leave the frame).
    """
    best = most
    for fraction in np.linspace(0.0, 1.0, samples):
        stage = view.toward_top(fraction)
        lifted = points[:, 2] * math.sin(stage.phi)
        flat = project(np.column_stack([points[:, :2], np.zeros(len(points))]), stage)[:, 1]
        rising = lifted > 0
        if rising.any():
            best = min(best, float(np.min((top - flat[rising]) / lifted[rising])))
    return max(best, 0.0)


class BowlView(VGroup):
    """The loss surface over ``contour``'s window as a bowl, seen through a camera that ``turn`` brings down.

    Parts: ``rings`` (the map's rings, lifted to their level), ``mesh`` (lines of constant W and b on the
    surface, fading out as the camera reaches the top view), ``rim`` (the surface over the window's edges, the
    map's frame at the end), ``path`` (the run lifted to its loss, drawn up to ``step``) and ``dot`` (its head).
    Heights are ``scale`` * (loss - ``floor``), ``floor`` the lowest loss in the window. ``turn`` runs from 0
    (the ``view``) to 1 (straight down: every part where the map draws it); ``step`` is a fractional step.

    Parameters
    ----------
    contour : the map whose window, rings and screen coordinates the bowl takes.
    run : the recorded descent; drawn until it leaves the window.
    top : the highest scene y the bowl may reach during the turn.
    mesh_lines : lines of constant W (and as many of constant b), edges included.
    """

    def __init__(
        self,
        contour: ContourMap,
        run: Trajectory,
        step: ValueTracker,
        turn: ValueTracker,
        *,
        theme: Theme,
        view: View = RAISED,
        top: float = 3.6,
        bottom: float | None = None,
        most: float = 3.2,
        mesh_lines: int = 9,
        samples: int = 48,
    ) -> None:
        super().__init__()
        self.contour, self.run, self.step, self.turn = contour, run, step, turn
        bowl, window = contour.bowl, contour.window
        self.floor = float(lowest_loss(bowl, window))
        self.pivot = contour.frame.box.get_center()
        w_lines = np.linspace(window.w_min, window.w_max, mesh_lines)
        b_lines = np.linspace(window.b_min, window.b_max, mesh_lines)
        along_w, along_b = np.linspace(window.w_min, window.w_max, samples), np.linspace(*window.b_range, samples)
        self._mesh = [np.column_stack([np.full(samples, w), along_b]) for w in w_lines]
        self._mesh += [np.column_stack([along_w, np.full(samples, b)]) for b in b_lines]
        self._rim = [self._mesh[0], self._mesh[mesh_lines - 1], self._mesh[mesh_lines], self._mesh[-1]]
        self.view = self._panned(view, bottom)
        surface = np.vstack([self._world(curve, 1.0) for curve in self._mesh])
        # 1% below the fit: the turn is checked at a few stages only, the picture may rise a hair between them.
        relative = surface - np.array([*self.pivot[:2], 0.0])
        self.scale = 0.99 * fit_scale(relative, self.view, top - self.pivot[1], most=most)
        # Unit height: the rings' own control points lifted (planar curves: projecting their Bezier points is exact).
        self.rings = VGroup()
        self._ring_points = []
        for ring in contour.rings:
            lifted = ring.copy().set_stroke(width=3)
            lifted.level, lifted.lift = ring.level, float(self.height(ring.level))  # not .height: a Mobject property
            self._ring_points.append(ring.points.copy())
            self.rings.add(lifted)
        self.mesh = Polyline(stroke_color=theme.muted, stroke_width=1.2, stroke_opacity=MESH_OPACITY)
        self.rim = Polyline(stroke_color=theme.axis, stroke_width=2.0)
        self.path = Polyline(stroke_color=theme.path, stroke_width=4).set_z_index(Z_LIVE)
        self.dot = Dot(radius=0.08, color=theme.path).set_z_index(Z_TOP)
        inside = clip_polyline(np.column_stack([run.w, run.b]), window)
        self.shown = len(inside[0]) if inside and np.array_equal(inside[0][0], [run.w[0], run.b[0]]) else 1
        """How many recorded states the path draws from: up to the first outside the window (cut on its edge)."""
        self.leaves = bool(not np.all(window.contains(run.w, run.b)))
        """Whether the run leaves the window (its path is then cut where it first does)."""
        self.add(self.mesh, self.rim, self.rings, self.path, self.dot)
        # One updater a part, each on the mobject a scene adds (an animation adds the part it plays, not this group),
        # so that an animation of a part (Create suspends its updaters) is not redrawn over.
        for ring, points in zip(self.rings, self._ring_points, strict=True):
            ring.add_updater(lambda mob, points=points: self._draw_ring(mob, points))
            self._draw_ring(ring, points)
        for part, draw in (
            (self.mesh, self._draw_mesh),
            (self.rim, self._draw_rim),
            (self.path, self._draw_path),
        ):
            part.add_updater(lambda _mob, draw=draw: draw())
            draw()

    # -- the maths -----------------------------------------------------------

    def height(self, loss):
        """Height of ``loss`` in scene units: ``scale`` * (loss - ``floor``)."""
        return self.scale * (np.asarray(loss, dtype=float) - self.floor)

    def _world(self, wb: np.ndarray, scale: float | None = None) -> np.ndarray:
        """World points (N, 3) of (W, b) rows lifted onto the surface: map scene (x, y) and height."""
        scale = self.scale if scale is None else scale
        screen = self.contour.to_screen(wb[:, 0], wb[:, 1]).reshape(-1, 3)
        return np.column_stack([screen[:, :2], scale * (self.contour.bowl.loss(wb[:, 0], wb[:, 1]) - self.floor)])

    def to_scene(self, world: np.ndarray, view: View | None = None) -> np.ndarray:
        """Scene points of world points (N, 3) (map scene x, y; height) through ``view`` (default: the turn's)."""
        view = self.current_view() if view is None else view
        relative = np.asarray(world, dtype=float).reshape(-1, 3) - np.array([self.pivot[0], self.pivot[1], 0.0])
        return project(relative, view) + np.array([self.pivot[0], self.pivot[1], 0.0])

    def current_view(self) -> View:
        return self.view.toward_top(self.turn.get_value())

    def _panned(self, view: View, bottom: float | None) -> View:
        """``view`` panned so that the raised picture keeps inside the map's own width and, when given, sits on
        ``bottom`` (it then uses the height freed by the tilt)."""
        box = self.contour.frame.box
        half, half_height = box.width / 2, box.height / 2
        corners = np.array([[x, y, 0.0] for x in (-half, half) for y in (-half_height, half_height)])
        seen = project(corners, view)
        dx = max(-half - seen[:, 0].min(), 0.0) + min(half - seen[:, 0].max(), 0.0)
        dy = 0.0 if bottom is None else bottom - self.pivot[1] - seen[:, 1].min()
        return View(view.phi, view.theta, (view.pan[0] + dx, view.pan[1] + dy))

    def path_states(self) -> np.ndarray:
        """The recorded states the path shows, lifted: world points (shown, 3)."""
        run = self.run
        return self._world(np.column_stack([run.w[: self.shown], run.b[: self.shown]]))

    # -- drawing -------------------------------------------------------------

    def _draw_ring(self, ring: VMobject, points: np.ndarray) -> None:
        """The map's ring (its Bezier ``points`` on the map) at its height, through the turn's view."""
        world = points.copy()
        world[:, 2] = ring.lift
        ring.set_points(self.to_scene(world))

    def _draw_mesh(self) -> None:
        view = self.current_view()
        self.mesh.set_runs([self.to_scene(self._world(curve), view) for curve in self._mesh])
        self.mesh.set_stroke(opacity=MESH_OPACITY * (1.0 - self.turn.get_value()) ** 2)

    def _draw_rim(self) -> None:
        view = self.current_view()
        self.rim.set_runs([self.to_scene(self._world(curve), view) for curve in self._rim])

    def _draw_path(self) -> None:
        """The path up to the step tracker, its head between two recorded states on the surface; the dot on it."""
        w, b = self.run.w[: self.shown], self.run.b[: self.shown]
        head_w, head_b, last = state_at(w, b, self.step.get_value())
        wb = np.column_stack([w[: last + 1], b[: last + 1]])
        if (head_w, head_b) != (w[last], b[last]):  # between two recorded states
            wb = np.vstack([wb, [head_w, head_b]])
        runs = clip_polyline(wb, self.contour.window) if len(wb) > 1 else []
        drawn = self.to_scene(self._world(runs[0] if runs else wb[:1]))
        # Never empty: a scene draws only mobjects that have points when an animation starts, so a path that
        # starts a walk with none would stay undrawn through it. Before the first step: the start, twice.
        self.path.set_runs([drawn if len(drawn) > 1 else np.vstack([drawn, drawn])])
        self.dot.move_to(drawn[-1])
