"""Plane geometry in (W, b) space: a view window and exact level curves clipped to it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Window", "LevelEllipse", "LevelLines", "clip_polyline"]

_TAU = 2.0 * math.pi


@dataclass(frozen=True)
class Window:
    """An axis-aligned box of parameter space: W in [w_min, w_max], b in [b_min, b_max]."""

    w_min: float
    w_max: float
    b_min: float
    b_max: float

    def __post_init__(self) -> None:
        values = (self.w_min, self.w_max, self.b_min, self.b_max)
        if not all(math.isfinite(v) for v in values) or self.w_min >= self.w_max or self.b_min >= self.b_max:
            raise ValueError(f"Window needs finite w_min < w_max and b_min < b_max, got {values}")

    @property
    def w_range(self) -> tuple[float, float]:
        return self.w_min, self.w_max

    @property
    def b_range(self) -> tuple[float, float]:
        return self.b_min, self.b_max

    @property
    def corners(self) -> np.ndarray:
        """The four corners as rows (W, b), shape (4, 2)."""
        return np.array([[w, b] for w in self.w_range for b in self.b_range])

    def contains(self, w, b, *, tolerance: float = 1e-9):
        """Whether (w, b) lies in the box, allowing ``tolerance`` times its size at the edges."""
        dw = tolerance * (self.w_max - self.w_min)
        db = tolerance * (self.b_max - self.b_min)
        return (w >= self.w_min - dw) & (w <= self.w_max + dw) & (b >= self.b_min - db) & (b <= self.b_max + db)

    def zoom(self, centre: tuple[float, float], factor: float) -> Window:
        """A box ``factor`` times smaller around ``centre``."""
        half_w = 0.5 * (self.w_max - self.w_min) / factor
        half_b = 0.5 * (self.b_max - self.b_min) / factor
        return Window(centre[0] - half_w, centre[0] + half_w, centre[1] - half_b, centre[1] + half_b)


@dataclass(frozen=True)
class LevelEllipse:
    """The ellipse {MSE = level}: centre + a cos(t) u + c sin(t) v.

    Attributes
    ----------
    level : the loss on the curve.
    centre : (W*, b*).
    semi_axes : (long, short) semi-axis lengths; the long one lies along the
        Hessian's flattest eigenvector.
    angle : direction of the long axis, radians from the W axis.
    """

    level: float
    centre: tuple[float, float]
    semi_axes: tuple[float, float]
    angle: float

    def at(self, t: np.ndarray) -> np.ndarray:
        """Points at parameters ``t`` (radians), shape (len(t), 2)."""
        t = np.asarray(t, dtype=float)
        cos_a, sin_a = math.cos(self.angle), math.sin(self.angle)
        along, across = self.semi_axes[0] * np.cos(t), self.semi_axes[1] * np.sin(t)
        w = self.centre[0] + along * cos_a - across * sin_a
        b = self.centre[1] + along * sin_a + across * cos_a
        return np.column_stack([w, b])

    def tangent(self, t: np.ndarray) -> np.ndarray:
        """dP/dt at parameters ``t``, shape (len(t), 2)."""
        t = np.asarray(t, dtype=float)
        cos_a, sin_a = math.cos(self.angle), math.sin(self.angle)
        along, across = -self.semi_axes[0] * np.sin(t), self.semi_axes[1] * np.cos(t)
        return np.column_stack([along * cos_a - across * sin_a, along * sin_a + across * cos_a])

    def points(self, count: int = 128) -> np.ndarray:
        """``count`` points evenly spaced in t around the whole ellipse, shape (count, 2)."""
        return self.at(np.linspace(0.0, _TAU, count, endpoint=False))

    def arcs_in(self, window: Window, count: int = 128) -> list[np.ndarray]:
        """The parts of the ellipse inside ``window``, each an array of points (m, 2).

        Arc ends are the exact crossings with the window's edges, so every
        point lies on the ellipse and inside the window. ``count`` is the
        number of points a whole turn would get.
        """
        arcs = []
        for start, end in self._arc_parameters(window):
            steps = max(2, math.ceil(count * (end - start) / _TAU) + 1)
            arcs.append(self.at(np.linspace(start, end, steps)))
        return arcs

    def cubic_arcs_in(self, window: Window, pieces_per_turn: int = 24) -> list[np.ndarray]:
        """The parts inside ``window`` as cubic Bezier curves, each arc of shape (m, 4, 2).

        Anchors lie exactly on the ellipse (the same ends as :meth:`arcs_in`);
        handles follow the standard circular-arc construction mapped through
        the ellipse's affine map, which is exact in shape to ~1e-7 of the
        radius at 24 pieces per turn.
        """
        arcs = []
        for start, end in self._arc_parameters(window):
            pieces = max(1, math.ceil(pieces_per_turn * (end - start) / _TAU))
            t = np.linspace(start, end, pieces + 1)
            reach = 4.0 / 3.0 * math.tan((end - start) / pieces / 4.0)
            anchors, tangents = self.at(t), self.tangent(t)
            arcs.append(
                np.stack(
                    [
                        anchors[:-1],
                        anchors[:-1] + reach * tangents[:-1],
                        anchors[1:] - reach * tangents[1:],
                        anchors[1:],
                    ],
                    axis=1,
                )
            )
        return arcs

    def _arc_parameters(self, window: Window) -> list[tuple[float, float]]:
        """(start, end) parameter intervals of the arcs inside ``window``."""
        crossings = sorted(self._edge_crossings(window))
        if not crossings:
            return [(0.0, _TAU)] if window.contains(*self.at([0.0])[0]) else []
        intervals = []
        for start, end in zip(crossings, crossings[1:] + [crossings[0] + _TAU], strict=True):
            if end - start > 1e-12 and window.contains(*self.at([0.5 * (start + end)])[0]):
                intervals.append((start, end))
        return intervals

    def _edge_crossings(self, window: Window) -> list[float]:
        """Parameters t in [0, 2 pi) where the ellipse meets a window edge line."""
        cos_a, sin_a = math.cos(self.angle), math.sin(self.angle)
        long_axis, short_axis = self.semi_axes
        # Coordinate k of a point: centre[k] + A cos t + B sin t.
        coefficients = (
            (self.centre[0], long_axis * cos_a, -short_axis * sin_a, window.w_range),
            (self.centre[1], long_axis * sin_a, short_axis * cos_a, window.b_range),
        )
        found = []
        for centre, a, b, edges in coefficients:
            radius = math.hypot(a, b)
            phase = math.atan2(b, a)
            for edge in edges:
                if radius == 0.0 or abs(edge - centre) > radius:
                    continue
                spread = math.acos((edge - centre) / radius)
                found += [(phase + spread) % _TAU, (phase - spread) % _TAU]
        return found


@dataclass(frozen=True)
class LevelLines:
    """The level set {MSE = level} of a degenerate bowl (constant x): lines b = intercept + slope W."""

    level: float
    slope: float
    intercepts: tuple[float, ...]

    def arcs_in(self, window: Window, count: int = 2) -> list[np.ndarray]:
        """Each line's segment inside ``window`` as its two end points, shape (2, 2)."""
        segments = []
        for intercept in sorted(set(self.intercepts)):
            lo, hi = window.w_min, window.w_max
            if self.slope != 0.0:
                ends = sorted(((window.b_min - intercept) / self.slope, (window.b_max - intercept) / self.slope))
                lo, hi = max(lo, ends[0]), min(hi, ends[1])
            elif not window.b_min <= intercept <= window.b_max:
                continue
            if lo < hi:
                w = np.linspace(lo, hi, max(count, 2))
                segments.append(np.column_stack([w, intercept + self.slope * w]))
        return segments

    def cubic_arcs_in(self, window: Window, pieces_per_turn: int = 24) -> list[np.ndarray]:
        """Each segment inside ``window`` as one straight cubic Bezier, shape (1, 4, 2)."""
        return [
            np.stack([a, a + (b - a) / 3.0, a + 2.0 * (b - a) / 3.0, b])[None]
            for a, b in (segment[[0, -1]] for segment in self.arcs_in(window))
        ]


def clip_polyline(points: np.ndarray, window: Window) -> list[np.ndarray]:
    """The parts of the polyline through ``points`` (N, 2) that lie inside ``window``.

    Vertices inside are kept as they are; a segment that crosses an edge is
    cut exactly where it crosses (Liang-Barsky). Returns a list of runs,
    each an array of shape (m, 2) with m >= 2.
    """
    points = np.asarray(points, dtype=float)
    if len(points) < 2:
        return []
    inside = window.contains(points[:, 0], points[:, 1], tolerance=0)
    if inside.all():
        return [points]
    runs: list[np.ndarray] = []
    current: list[np.ndarray] = []
    for i in range(len(points) - 1):
        a, b = points[i], points[i + 1]
        if inside[i] and inside[i + 1]:
            if not current:
                current.append(a)
            current.append(b)
            continue
        cut = _clip_segment(a, b, window)
        if cut is None:
            continue
        start, end = cut
        if not current or not np.array_equal(current[-1], start):
            if len(current) >= 2:
                runs.append(np.array(current))
            current = [start]
        current.append(end)
        if not inside[i + 1]:
            runs.append(np.array(current))
            current = []
    if len(current) >= 2:
        runs.append(np.array(current))
    return runs


def _clip_segment(a: np.ndarray, b: np.ndarray, window: Window) -> tuple[np.ndarray, np.ndarray] | None:
    """Liang-Barsky: the part of segment a-b inside the window, or None."""
    delta = b - a
    t_in, t_out = 0.0, 1.0
    for p, q in (
        (-delta[0], a[0] - window.w_min),
        (delta[0], window.w_max - a[0]),
        (-delta[1], a[1] - window.b_min),
        (delta[1], window.b_max - a[1]),
    ):
        if p == 0.0:
            if q < 0.0:
                return None
            continue
        ratio = q / p
        if p < 0.0:
            t_in = max(t_in, ratio)
        else:
            t_out = min(t_out, ratio)
    if t_in > t_out:
        return None
    start = a if t_in == 0.0 else a + t_in * delta
    end = b if t_out == 1.0 else a + t_out * delta
    return start, end
