"""Timing of a descent on screen, and thinning of long paths to what a screen can show.

Pure NumPy (no manim), so it is cheap to test. A trajectory of any length
plays in bounded time: step i gets a share of the time proportional to
1 / (i + slow_steps), so the first steps walk and the later ones
fast-forward, and the total grows with no parameter of the run.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["step_times", "step_at", "stretch_schedule", "time_slices", "thin_polyline", "state_at", "last_step_taken"]


def step_times(steps: int, max_seconds: float, *, slow_steps: float = 5.0, max_first_step: float = 0.8) -> np.ndarray:
    """When the animation reaches each step, shape (steps + 1,), from 0 to the total.

    The total is ``max_seconds``, or less for short runs, so that no step
    takes longer than ``max_first_step`` seconds.
    """
    if steps < 0 or not max_seconds > 0:
        raise ValueError(f"step_times needs steps >= 0 and max_seconds > 0, got {steps}, {max_seconds}")
    if steps == 0:
        return np.zeros(1)
    weights = 1.0 / (np.arange(steps) + slow_steps)
    total = min(max_seconds, max_first_step * weights.sum() / weights[0])
    return np.concatenate([[0.0], np.cumsum(weights) * (total / weights.sum())])


def step_at(times: np.ndarray, seconds) -> np.ndarray:
    """The fractional step shown at ``seconds`` into the descent (inverse of :func:`step_times`)."""
    return np.interp(seconds, times, np.arange(len(times), dtype=float))


def stretch_schedule(times: np.ndarray, marks, least) -> tuple[np.ndarray, np.ndarray]:
    """Slow the schedule ``times`` down where needed so that each interval between marks lasts long enough.

    ``marks`` are ascending times of the schedule (seconds, e.g. when a
    caption changes); at least ``least[k]`` seconds must pass from
    ``marks[k]`` to the next mark, or to the end for the last one. Each too
    short interval is stretched evenly (its steps slow down by the same
    factor); an empty interval (two marks at once) cannot be. Returns the new
    schedule, shape like ``times``, and the marks' new times.
    """
    total = float(times[-1])
    marks = np.clip(np.asarray(marks, dtype=float), 0.0, total)
    knots = np.concatenate([[0.0], marks, [total]])
    lengths = np.diff(knots)
    needs = np.concatenate([[0.0], np.asarray(least, dtype=float)])
    wanted = np.where(lengths > 0, np.maximum(lengths, needs), 0.0)
    moved = np.concatenate([[0.0], np.cumsum(wanted)])
    return np.interp(times, knots, moved), moved[1:-1]


def time_slices(
    times: np.ndarray, slice_seconds: float, max_steps: int | None = None, min_seconds: float = 0.0, cuts=()
) -> list[tuple[float, float]]:
    """Cut a descent on the schedule ``times`` into consecutive (start, end) intervals of about
    ``slice_seconds`` each, with an edge at each of the times ``cuts``, cut further so that none covers
    more than ``max_steps`` steps, unless that would make it shorter than ``min_seconds`` (an animation
    lasts at least one frame)."""
    total = float(times[-1])
    bounds = np.unique(np.clip(np.concatenate([[0.0, total], np.asarray(cuts, dtype=float)]), 0.0, total))
    pieces = [
        np.linspace(a, b, max(1, round((b - a) / slice_seconds)) + 1)[1:]
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    edges = np.concatenate([[0.0], *pieces]) if pieces else np.array([0.0, total])
    if max_steps is not None:
        steps = step_at(times, edges)
        most = [
            max(1, math.floor((b - a) / min_seconds)) if min_seconds > 0 else math.inf
            for a, b in zip(edges[:-1], edges[1:], strict=True)
        ]
        pieces = [
            min(max(1, math.ceil((b - a) / max_steps)), limit)
            for a, b, limit in zip(steps[:-1], steps[1:], most, strict=True)
        ]
        fine = [np.linspace(a, b, k + 1)[1:] for a, b, k in zip(steps[:-1], steps[1:], pieces, strict=True)]
        edges = np.concatenate([[0.0], np.interp(np.concatenate(fine), np.arange(len(times)), times)])
    return list(zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True))


def thin_polyline(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices of the vertices worth drawing, shape (k,), ascending, first and last included.

    A vertex is dropped when it falls in the same ``tolerance``-sized cell
    of a grid as the vertex before it, so the thinned line stays within
    about one cell (sqrt(2) tolerance) of every original vertex; with a
    sub-pixel tolerance the picture is unchanged.
    """
    points = np.asarray(points, dtype=float)
    if len(points) <= 2 or tolerance <= 0:
        return np.arange(len(points))
    cells = np.floor(points[:, :2] / tolerance).astype(np.int64)
    moved = np.any(cells[1:] != cells[:-1], axis=1)
    keep = np.concatenate([[True], moved])
    keep[-1] = True
    return np.flatnonzero(keep)


def state_at(w: np.ndarray, b: np.ndarray, position: float) -> tuple[float, float, int]:
    """(W, b) a fraction of the way between recorded steps, and the last step reached.

    ``position`` is a fractional step in [0, T]; at whole numbers this is
    exactly the recorded point.
    """
    last = len(w) - 1
    position = min(max(float(position), 0.0), float(last))
    step = min(int(position), max(last - 1, 0))
    fraction = position - step
    if fraction == 0.0 or last == 0:
        return float(w[step]), float(b[step]), step
    return (
        float(w[step] + fraction * (w[step + 1] - w[step])),
        float(b[step] + fraction * (b[step + 1] - b[step])),
        int(position),
    )


def last_step_taken(position: float, steps: int) -> int:
    """The last whole step reached at fractional step ``position`` of a run of ``steps`` steps:
    where numbers on screen come from, so that they are values the run visited."""
    return min(max(int(position), 0), steps)
