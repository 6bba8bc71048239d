"""The descent path: one VMobject through every recorded (W, b), drawn up to a step tracker."""

from __future__ import annotations

import numpy as np
from manim import Dot, ValueTracker, VGroup, config

from gdcore import Trajectory, clip_polyline
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.layout import cut_out
from gdlesson.mobjects.theme import Z_LIVE, Z_SETTLED, Z_TOP, Theme
from gdlesson.render.pacing import state_at, thin_polyline
from gdlesson.render.polyline import Polyline

__all__ = ["DescentPath", "dash_polyline"]

PIECE = 256
"""Segments per settled piece. Cairo's stroke time grows faster than linearly with the number of
overlapping segments (a noisy path near the minimum), so long paths are stroked in pieces."""


def dash_polyline(
    points: np.ndarray, pattern: tuple[float, ...], *, scale: tuple[float, float] = (1.0, 1.0), phase: float = 0.0
) -> list[np.ndarray]:
    """The dashes of the polyline through ``points`` (N, 2): the parts where its length, measured with the
    axes multiplied by ``scale`` and counted from ``phase``, falls in an "on" interval of ``pattern``.

    ``pattern`` alternates on and off lengths (on, off[, on, off ...]) and repeats. Each dash is a run of
    shape (m, 2), m >= 2: its two ends cut exactly at the pattern's edges, the vertices between kept. A path
    dashed from the length it has reached (``phase``) keeps every dash in place as it grows.
    """
    points = np.asarray(points, dtype=float)
    if len(points) < 2:
        return []
    steps = np.diff(points, axis=0) * np.asarray(scale, dtype=float)
    along = phase + np.concatenate([[0.0], np.cumsum(np.hypot(steps[:, 0], steps[:, 1]))])
    period = float(sum(pattern))
    offsets = np.cumsum([0.0, *pattern])[:-1:2]  # where each "on" starts within a period
    lengths = np.asarray(pattern[::2], dtype=float)
    cycles = np.arange(np.floor(along[0] / period), np.floor(along[-1] / period) + 1)
    starts = (cycles[:, None] * period + offsets).ravel()
    ends = np.minimum(starts + np.tile(lengths, len(cycles)), along[-1])
    starts = np.maximum(starts, along[0])
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    if not len(starts):
        return []
    # Every dash's two ends and the vertices inside it, in order along the path (an end before a vertex at
    # the same place, a vertex before an end), each tagged with its dash.
    inside = np.searchsorted(starts, along, side="right") - 1
    vertex = (inside >= 0) & (along < ends[np.maximum(inside, 0)]) & (along > starts[np.maximum(inside, 0)])
    at = np.concatenate([starts, along[vertex], ends])
    dash = np.concatenate([np.arange(len(starts)), inside[vertex], np.arange(len(starts))])
    kind = np.repeat([0, 1, 2], [len(starts), int(vertex.sum()), len(ends)])
    order = np.lexsort((kind, at, dash))
    at, dash = at[order], dash[order]
    xy = np.column_stack([np.interp(at, along, points[:, 0]), np.interp(at, along, points[:, 1])])
    xy[kind[order] == 1] = points[vertex]  # the vertices exactly, not interpolated
    return np.split(xy, np.flatnonzero(np.diff(dash)) + 1)


class DescentPath(VGroup):
    """The path of a run on a :class:`ContourMap`.

    Parts: ``settled`` (the path up to the last :meth:`settle`, pieces of at
    most ``PIECE`` segments, static so the renderer draws them once; settling
    further only appends pieces), ``trail`` (from there to the tracker's
    fractional step) and ``dot`` (the current (W, b)). Vertices are
    the map's ``axes.c2p`` of the recorded points; consecutive vertices less
    than half a pixel apart at the render resolution are merged, and
    segments leaving the map are cut at its edge, and (with ``clear_labels``)
    segments passing under a label of the map are cut at the label's box,
    computed once per drawn piece, so labels stay readable without being
    redrawn on top every frame.

    With ``tracker=None`` the whole path is drawn, static. With ``first``
    the path starts at that step (e.g. only the last epoch). The tracker
    counts steps, or with ``clock`` (the tracker's value at each recorded
    step, increasing, e.g. ``trajectory.examples_seen``) anything else, so
    runs of different batch sizes can share one tracker. With a clock,
    ``glide`` (in clock units) makes each step wait: the path stays at a
    step until the clock is within ``glide`` of the next step's value, then
    moves there (a run moves only while it takes a step).

    With ``dash`` (on, off[, on, off ...] lengths in scene units) the path is drawn dashed, the pattern
    counted along the path from its start, so the dashes stay put as it grows (see :func:`dash_polyline`).
    """

    def __init__(
        self,
        trajectory: Trajectory,
        contour_map: ContourMap,
        tracker: ValueTracker | None,
        *,
        theme: Theme,
        color: str | None = None,
        width: float = 3.5,
        dot_radius: float = 0.08,
        tolerance: float | None = None,
        first: int = 0,
        clock: np.ndarray | None = None,
        glide: float | None = None,
        clear_labels: bool = True,
        dash: tuple[float, ...] | None = None,
    ) -> None:
        super().__init__()
        self.map, self.tracker = contour_map, tracker
        self.w, self.b = trajectory.w, trajectory.b
        self.data_points = np.column_stack([self.w, self.b])
        self.clock = None if clock is None else np.asarray(clock, dtype=float)
        self.glide = glide
        self.holes = contour_map.label_boxes() if clear_labels else []
        if tolerance is None:
            tolerance = 0.5 * config.frame_width / config.pixel_width
        screen = contour_map.to_screen(self.w, self.b)
        self.kept = thin_polyline(screen, tolerance)
        self.dash = dash
        origin, unit_w, unit_b = contour_map.to_screen(np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0]))
        self.scale = (float(np.linalg.norm(unit_w - origin)), float(np.linalg.norm(unit_b - origin)))
        """Scene units per unit of W and of b: the map's axes are linear."""
        self.length = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(screen, axis=0), axis=1))])
        """The path's length on screen up to each step, where its dash pattern stands."""
        color = color or theme.path
        self.opacity, self.on_map = 1.0, True
        """How visible the path and its dot are (see :meth:`fade_to`), and whether the dot is on the map."""
        self.style = {"stroke_color": color, "stroke_width": width}
        self.settled = VGroup().set_z_index(Z_SETTLED)
        self.trail = Polyline(**self.style).set_z_index(Z_LIVE)
        self.dot = Dot(radius=dot_radius, color=color, stroke_color=theme.background, stroke_width=2)
        self.dot.set_z_index(Z_TOP)
        self.first = self.settled_at = int(first)
        self.add(self.settled, self.trail, self.dot)
        self.set_z_index(Z_LIVE, family=False)
        if tracker is None:
            self._settle_step(self.steps)
            self._move_dot(float(len(self.w) - 1))
        else:
            self.trail.add_updater(lambda trail: self._draw_trail(self.step_at(tracker.get_value())))
            self.dot.add_updater(lambda dot: self._move_dot(self.step_at(tracker.get_value())))

    def fade_to(self, opacity: float) -> DescentPath:
        """Draw the path and its dot at ``opacity``, now and in every later frame; use ``.animate.fade_to``.

        The dot's updater keeps the dot at the path's opacity (hidden off the
        map), and pieces settled later are drawn at it too.
        """
        self.opacity = opacity
        self.settled.set_stroke(opacity=opacity)
        self.trail.set_stroke(opacity=opacity)
        self._show_dot()
        return self

    @property
    def steps(self) -> int:
        return len(self.w) - 1

    def vertex_indices(self, first: int, last: int) -> np.ndarray:
        """Drawn vertices from step ``first`` to step ``last`` inclusive (both always drawn)."""
        inner = self.kept[(self.kept > first) & (self.kept < last)]
        return np.concatenate([[first], inner, [last]]) if last > first else np.array([first])

    def step_at(self, value: float) -> float:
        """The fractional step shown when the tracker holds ``value``."""
        if self.clock is None:
            return float(value)
        if self.glide is None:
            return float(np.interp(value, self.clock, np.arange(len(self.clock), dtype=float)))
        clock = self.clock
        step = int(np.searchsorted(clock, value, side="right")) - 1
        if step < 0:
            return 0.0
        if step >= len(clock) - 1:
            return float(len(clock) - 1)
        moving_from = clock[step + 1] - min(self.glide, clock[step + 1] - clock[step])
        return step + float(np.clip((value - moving_from) / (clock[step + 1] - moving_from), 0.0, 1.0))

    def settle(self, value: float) -> None:
        """Draw the path up to the tracker ``value`` as the static part; the live trail continues from there."""
        self._settle_step(int(self.step_at(value)))

    def _settle_step(self, step: int) -> None:
        step = int(min(max(step, self.first), self.steps))
        if step < self.settled_at:
            self.settled.remove(*self.settled.submobjects)
            self.settled_at = self.first
        vertices = self.vertex_indices(self.settled_at, step)
        for start in range(0, len(vertices) - 1, PIECE):
            piece = self.data_points[vertices[start : start + PIECE + 1]]
            runs = self._screen_runs(piece, self.length[vertices[start]])
            polyline = Polyline(**self.style, stroke_opacity=self.opacity).set_runs(runs)
            self.settled.add(polyline.set_z_index(Z_SETTLED))
        self.settled_at = step
        if self.tracker is not None:
            self._draw_trail(self.step_at(self.tracker.get_value()))

    def _draw_trail(self, position: float) -> None:
        w, b, step = state_at(self.w, self.b, max(position, self.first))
        first = min(self.settled_at, step)
        vertices = self.data_points[self.vertex_indices(first, step)]
        self.trail.set_runs(self._screen_runs(np.vstack([vertices, [[w, b]]]), self.length[first]))

    def _move_dot(self, position: float) -> None:
        w, b, _ = state_at(self.w, self.b, position)
        self.dot.move_to(self.map.to_screen(w, b))
        self.on_map = bool(self.map.window.contains(w, b))
        self._show_dot()

    def _show_dot(self) -> None:
        """The dot at the path's opacity while it is on the map, else hidden."""
        self.dot.set_opacity(self.opacity if self.on_map else 0.0)

    def _screen_runs(self, data_points: np.ndarray, phase: float = 0.0) -> list[np.ndarray]:
        """Scene points of the parts of the polyline through ``data_points`` inside the map (its dashes, with
        ``dash``, the pattern standing at ``phase`` at its first point)."""
        parts = (
            [data_points] if self.dash is None else dash_polyline(data_points, self.dash, scale=self.scale, phase=phase)
        )
        window = self.map.window
        runs = [piece for part in parts for run in clip_polyline(part, window) for piece in cut_out(run, self.holes)]
        return [self.map.to_screen(run[:, 0], run[:, 1]) for run in runs]
