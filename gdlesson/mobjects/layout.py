"""Placing things on screen: round tick values and labels that avoid each other."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Mobject

__all__ = [
    "Box",
    "nice_ticks",
    "log_ticks",
    "decimals_for",
    "box_of",
    "overlaps",
    "inside",
    "place_label",
    "cut_out",
    "densify",
    "AROUND",
]

Box = tuple[float, float, float, float]
"""(x_min, y_min, x_max, y_max) in scene units."""

AROUND = (UP + RIGHT, UP + LEFT, DOWN + RIGHT, DOWN + LEFT, RIGHT, LEFT, UP, DOWN)
"""Directions tried, in order, when placing a label next to a point."""


def nice_ticks(low: float, high: float, target: int = 5) -> np.ndarray:
    """Round values (1, 2 or 5 times a power of ten apart) inside [low, high], about ``target`` of them."""
    raw = (high - low) / max(target, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = np.arange(first, high + 1e-9 * step, step)
    return np.round(ticks / step) * step


def log_ticks(low: float, high: float, target: int = 5) -> np.ndarray:
    """Tick positions (log10 units) in [low, high] at round values: whole decades when the range
    spans two or more (every k-th to keep about ``target``), else 1, 2 and 5 times powers of ten."""
    if high - low >= 2:
        stride = max(1, math.ceil((high - low) / max(target, 1)))
        first = math.ceil(low - 1e-9)
        return np.arange(first, math.floor(high + 1e-9) + 1, stride, dtype=float)
    decades = range(math.floor(low) - 1, math.ceil(high) + 1)
    candidates = np.log10([m * 10.0**d for d in decades for m in (1, 2, 5)])
    ticks = candidates[(candidates >= low - 1e-9) & (candidates <= high + 1e-9)]
    return ticks if len(ticks) >= 2 else np.array([low, high])


def decimals_for(ticks: np.ndarray) -> int:
    """Decimal places needed to print ``ticks`` without losing their step."""
    if len(ticks) < 2:
        return 2
    step = float(np.min(np.diff(ticks)))
    return max(0, -math.floor(math.log10(step) + 1e-9))


def box_of(mobject: Mobject, pad: float = 0.0) -> Box:
    """The bounding box of ``mobject`` grown by ``pad`` on every side: its corners as manim's ``get_corner`` finds
    them (the extremes of the points defining its boundary; the origin when it has none), from one pass."""
    points = mobject.get_points_defining_boundary()
    if len(points) == 0:
        return (-pad, -pad, pad, pad)
    (x0, y0), (x1, y1) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
    return (float(x0) - pad, float(y0) - pad, float(x1) + pad, float(y1) + pad)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner: Box, outer: Box) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def place_label(
    label: Mobject,
    anchor: np.ndarray,
    *,
    bounds: Box,
    obstacles: Iterable[Box] = (),
    points: np.ndarray | None = None,
    directions: Sequence[np.ndarray] = AROUND,
    buff: float = 0.12,
) -> bool:
    """Put ``label`` next to ``anchor`` in the first direction where it fits.

    It fits when it lies inside ``bounds``, overlaps none of ``obstacles`` and
    covers none of ``points`` (screen points, shape (n, 3)). Returns False when
    none fits, leaving the label where it covers the fewest points among the
    directions that fit otherwise (else at the last direction tried).
    """
    obstacles = list(obstacles)
    fewest: tuple[int, np.ndarray] | None = None
    for direction in directions:
        label.next_to(anchor, direction, buff=buff)
        box = box_of(label)
        if not inside(box, bounds) or any(overlaps(box, other) for other in obstacles):
            continue
        # Points are checked a little beyond the box: a path cut around the box (``cut_out``) keeps its ends.
        covered = _covered(box_of(label, 0.06), points) if points is not None and len(points) else 0
        if covered == 0:
            return True
        if fewest is None or covered < fewest[0]:
            fewest = (covered, direction)
    if fewest is not None:
        label.next_to(anchor, fewest[1], buff=buff)
    return False


def _covered(box: Box, points: np.ndarray) -> int:
    x, y = points[:, 0], points[:, 1]
    return int(np.count_nonzero((x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])))


def densify(points: np.ndarray, spacing: float) -> np.ndarray:
    """The polyline's vertices with points added along each segment, at most ``spacing`` apart (shape (m, d)).

    A label that covers none of these covers none of the polyline's
    segments either (to within ``spacing``), not only none of its vertices.
    """
    points = np.asarray(points, dtype=float)
    if len(points) < 2:
        return points
    lengths = np.linalg.norm(np.diff(points, axis=0), axis=1)
    counts = np.maximum(1, np.ceil(lengths / spacing).astype(int))
    pieces = [
        a + np.linspace(0.0, 1.0, k, endpoint=False)[:, None] * (b - a)
        for a, b, k in zip(points[:-1], points[1:], counts, strict=True)
    ]
    return np.vstack([*pieces, points[-1:]])


def cut_out(points: np.ndarray, boxes: Sequence[Box]) -> list[np.ndarray]:
    """The parts of the polyline through ``points`` (N, 2) outside every box, as runs of shape (m, 2), m >= 2.

    A segment crossing a box is cut exactly at its edges (each box's slab
    interval, then their union, is removed from the segment), so a path drawn
    from these runs leaves the box empty: a label there stays readable with
    no redrawing. Segments that miss every box are kept as they are.
    """
    points = np.asarray(points, dtype=float)
    if len(points) < 2 or not boxes:
        return [points] if len(points) >= 2 else []
    a, b = points[:-1], points[1:]
    low, high = np.minimum(a, b), np.maximum(a, b)
    near = np.zeros(len(a), dtype=bool)
    for x0, y0, x1, y1 in boxes:
        near |= (low[:, 0] < x1) & (high[:, 0] > x0) & (low[:, 1] < y1) & (high[:, 1] > y0)
    runs: list[np.ndarray] = []
    current: list[np.ndarray] = [points[0]]
    for index in range(len(a)):
        pieces = _outside_pieces(a[index], b[index], boxes) if near[index] else [(0.0, 1.0)]
        for start, end in pieces:
            first, last = a[index] + start * (b[index] - a[index]), a[index] + end * (b[index] - a[index])
            if start > 0.0:  # a gap before this piece: close the run so far
                if len(current) >= 2:
                    runs.append(np.array(current))
                current = [first]
            current.append(last)
        if not pieces or pieces[-1][1] < 1.0:
            if len(current) >= 2:
                runs.append(np.array(current))
            current = [b[index]]
    if len(current) >= 2:
        runs.append(np.array(current))
    return runs


def _outside_pieces(a: np.ndarray, b: np.ndarray, boxes: Sequence[Box]) -> list[tuple[float, float]]:
    """Parameter intervals of segment a-b (0 at a, 1 at b) that lie outside every box, in order."""
    delta = b - a
    covered = []
    for x0, y0, x1, y1 in boxes:
        t_in, t_out = 0.0, 1.0
        for p, q_low, q_high in ((delta[0], x0 - a[0], x1 - a[0]), (delta[1], y0 - a[1], y1 - a[1])):
            if p == 0.0:
                if q_low > 0.0 or q_high < 0.0:
                    t_in, t_out = 1.0, 0.0
                continue
            first, second = sorted((q_low / p, q_high / p))
            t_in, t_out = max(t_in, first), min(t_out, second)
        if t_in < t_out:
            covered.append((t_in, t_out))
    pieces, at = [], 0.0
    for start, end in sorted(covered):
        if start > at:
            pieces.append((at, start))
        at = max(at, end)
    if at < 1.0:
        pieces.append((at, 1.0))
    return pieces
