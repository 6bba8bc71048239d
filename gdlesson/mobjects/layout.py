"""Placing things on screen: round tick values and labels that avoid each other."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Mobject

__all__ = ["Box", "nice_ticks", "log_ticks", "box_of", "overlaps", "inside", "place_label", "AROUND"]

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


def box_of(mobject: Mobject, pad: float = 0.0) -> Box:
    """The bounding box of ``mobject`` grown by ``pad`` on every side."""
    (x0, y0, _), (x1, y1, _) = mobject.get_corner(DOWN + LEFT), mobject.get_corner(UP + RIGHT)
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


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
    covers none of ``points`` (screen points, shape (n, 3)). When every
    direction covers a point (a long, noisy path all around the anchor), the
    first direction inside ``bounds`` and clear of ``obstacles`` is used.
    Returns False, leaving the label at the last direction tried, when none fits.
    """
    obstacles = list(obstacles)
    for avoid_points in (True, False):
        for direction in directions:
            label.next_to(anchor, direction, buff=buff)
            box = box_of(label)
            if not inside(box, bounds) or any(overlaps(box, other) for other in obstacles):
                continue
            if avoid_points and points is not None and len(points) and _covers(box, points):
                continue
            return avoid_points
    return False


def _covers(box: Box, points: np.ndarray) -> bool:
    x, y = points[:, 0], points[:, 1]
    return bool(np.any((x >= box[0]) & (x <= box[2]) & (y >= box[1]) & (y <= box[3])))
