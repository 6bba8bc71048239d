"""Framing the loss surface: the seed's Steps A-B (a grid of losses), the view
window that holds a run, and the contour levels drawn in it."""

from __future__ import annotations

import math

import numpy as np

from .bowl import Bowl
from .geometry import Window
from .trajectory import Trajectory

__all__ = [
    "VALLEY_REACH",
    "VISIBLE_WIDTH",
    "contour_levels",
    "loss_grid",
    "lowest_loss",
    "ring_width",
    "view_window",
    "zoom_window",
]

VISIBLE_WIDTH = 0.05
"""The narrowest the start's ring may be drawn, as a fraction of the map's height: thinner, the
valley reads as a line. With x far from zero no box that holds both the start and the best fit
reaches it: drawn with axes W and b, every ring is at least 2 |mean x| / std x times as long as it
is wide, whatever the two scales (340 for years), so :func:`view_window` then frames the valley
where the run is."""

VALLEY_REACH = 0.05
"""The farthest a valley window reaches beyond the path along the valley, as a fraction of the
path's distance from the best fit along it (a ring reaching 5% further holds 10% more loss)."""


def loss_grid(bowl: Bowl, w_vals: np.ndarray, b_vals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MSE on the mesh of ``w_vals`` x ``b_vals``, O(1) per point.

    Returns
    -------
    W_grid, B_grid, L : arrays of shape (len(b_vals), len(w_vals)), as ``np.meshgrid`` lays them out.
    """
    w_grid, b_grid = np.meshgrid(np.asarray(w_vals, dtype=float), np.asarray(b_vals, dtype=float))
    return w_grid, b_grid, bowl.loss(w_grid, b_grid)


def view_window(
    bowl: Bowl,
    trajectory: Trajectory,
    *,
    margin: float = 0.15,
    aspect: float | None = None,
    max_stretch: float = 4.0,
) -> Window:
    """A box of (W, b) that holds the start, the optimum and the path, with a margin.

    With ``aspect`` the start's ring must be drawn at least :data:`VISIBLE_WIDTH` wide (see
    :func:`ring_width`); when no such box does (a long, narrow valley: x far from zero, unscaled),
    the box is the :func:`valley_window` of the path instead, which leaves the optimum off the map.

    For a diverged run only the path points no worse than the start are
    framed: the blow-up leaves the map. With ``aspect`` (W extent over b
    extent, e.g. the screen ratio of the axes) the shorter side is widened so
    both axes use the same scale, which keeps descent steps visibly
    perpendicular to the rings; it is widened at most ``max_stretch`` times,
    so a badly conditioned bowl still shows its path rather than a sliver.
    """
    w, b = _framed_path(trajectory)
    whole = _holding_window(bowl, w, b, margin=margin, aspect=aspect, max_stretch=max_stretch)
    if aspect is None or bowl.is_degenerate:
        return whole
    start_level = float(trajectory.loss[0])
    if ring_width(bowl, start_level, whole, aspect) >= VISIBLE_WIDTH:
        return whole
    valley = valley_window(bowl, w, b, start_level, margin=margin)
    return max(whole, valley, key=lambda window: ring_width(bowl, start_level, window, aspect))


def _framed_path(trajectory: Trajectory) -> tuple[np.ndarray, np.ndarray]:
    """The path's (w, b); for a diverged run only the points no worse than the start (the blow-up leaves the map)."""
    w, b = trajectory.w, trajectory.b
    if trajectory.diverged:
        keep = trajectory.loss <= trajectory.loss[0]
        w, b = w[keep], b[keep]
    return w, b


def _holding_window(bowl, w, b, *, margin, aspect, max_stretch) -> Window:
    w_opt, b_opt = bowl.optimum
    w_lo, w_hi = min(w.min(), w_opt), max(w.max(), w_opt)
    b_lo, b_hi = min(b.min(), b_opt), max(b.max(), b_opt)
    w_span, b_span = w_hi - w_lo, b_hi - b_lo
    # A path along one axis (or a run that starts at the optimum) still gets a 2-D box.
    floor = max(w_span, b_span, 1e-6 * max(abs(w_lo), abs(w_hi), abs(b_lo), abs(b_hi)), 1e-9) * 0.25
    w_span, b_span = max(w_span, floor), max(b_span, floor)
    if aspect is not None:
        if w_span / b_span < aspect:
            w_span = min(b_span * aspect, w_span * max_stretch)
        else:
            b_span = min(w_span / aspect, b_span * max_stretch)
    w_mid, b_mid = 0.5 * (w_lo + w_hi), 0.5 * (b_lo + b_hi)
    half_w, half_b = 0.5 * w_span * (1 + 2 * margin), 0.5 * b_span * (1 + 2 * margin)
    return Window(w_mid - half_w, w_mid + half_w, b_mid - half_b, b_mid + half_b)


def valley_window(bowl: Bowl, w: np.ndarray, b: np.ndarray, start_level: float, *, margin: float = 0.15) -> Window:
    """The box around the part of a long valley the path (``w``, ``b``) visits.

    In the Hessian's eigenbasis around the optimum it spans, across the valley, both walls of the
    ring at ``start_level`` (its semi-axis across, sqrt(2 excess / lambda_max)) and, along it, the
    path plus as much on either side as moves W no more than the width across does (at most
    :data:`VALLEY_REACH` of the path's distance from the optimum): drawn at the map's proportions the
    valley then crosses the map about as wide as it runs, and the rings whose ends fall in that reach
    show them closing. The box is the smallest holding that parallelogram, with a margin. Its scales
    are unequal (the map states the stretch) and the optimum lies outside whenever the path stays far
    along the valley.
    """
    flat, steep = bowl.eigenvectors[:, 0], bowl.eigenvectors[:, 1]
    optimum = np.array(bowl.optimum)
    along = np.column_stack([w - optimum[0], b - optimum[1]]) @ flat
    across = math.sqrt(2.0 * max(start_level - bowl.min_loss, 0.0) / bowl.eigenvalues[1])
    drift = abs(flat[0]) / max(abs(steep[0]), 1e-300)  # W moved per unit along the valley, per unit across
    reach = min(across / max(drift, 1e-300), VALLEY_REACH * float(np.max(np.abs(along))))
    ends = [along.min() - reach, along.max() + reach]
    corners = np.array([optimum + a * flat + c * steep for a in ends for c in (-across, across)])
    points = np.vstack([corners, np.column_stack([w, b])])
    (w_lo, b_lo), (w_hi, b_hi) = points.min(axis=0), points.max(axis=0)
    pad_w, pad_b = margin * (w_hi - w_lo), margin * (b_hi - b_lo)
    return Window(w_lo - pad_w, w_hi + pad_w, b_lo - pad_b, b_hi + pad_b)


def ring_width(bowl: Bowl, level: float, window: Window, aspect: float) -> float:
    """How wide the ring {MSE = level} is drawn across its narrowest direction, in heights of a map of
    ``window`` that is ``aspect`` times as wide as high: 2 sqrt(excess / lambda_max(D^-1 H D^-1 / 2)),
    with D the map's length per unit of W and of b."""
    excess = float(level) - bowl.min_loss
    if not excess > 0:
        return 0.0
    per_unit = np.array([aspect / (window.w_max - window.w_min), 1.0 / (window.b_max - window.b_min)])
    form = 0.5 * bowl.hessian / np.outer(per_unit, per_unit)
    return 2.0 * math.sqrt(excess / float(np.linalg.eigvalsh(form).max()))


def lowest_loss(bowl: Bowl, window: Window) -> float:
    """The least loss inside ``window``: L* when the optimum is in it, else the least along its edges
    (the loss is convex, so its minimum over the box lies on the boundary)."""
    if window.contains(*bowl.optimum, tolerance=0.0):
        return bowl.min_loss
    w_star, _ = bowl.optimum
    losses = []
    for w_edge in window.w_range:  # along b at fixed W the loss is least where the mean residual is 0
        losses.append(bowl.loss(w_edge, np.clip(bowl.mean_y - w_edge * bowl.mean_x, *window.b_range)))
    mean_x2 = bowl.var_x + bowl.mean_x * bowl.mean_x
    for b_edge in window.b_range:  # along W at fixed b: d/dW [var_x (W - W*)^2 + (mean_y - W mean_x - b)^2] = 0
        best_w = (bowl.var_x * w_star + bowl.mean_x * (bowl.mean_y - b_edge)) / mean_x2
        losses.append(bowl.loss(np.clip(best_w, *window.w_range), b_edge))
    return float(min(losses))


def contour_levels(
    bowl: Bowl,
    window: Window,
    k: int = 10,
    *,
    inner_ratio: float = 1e-3,
    start_loss: float | None = None,
    at_least: int = 5,
) -> np.ndarray:
    """``k`` loss levels for contour rings, ascending.

    The excess over the window's lowest loss (L* when the optimum is in it,
    see :func:`lowest_loss`) is log-spaced from ``inner_ratio`` times the
    window's highest excess (a small ring just around the minimum) towards
    the highest loss in the window, found at a corner; that top value itself is left out, since its ring would only
    touch the corner. Equal ratios between levels make the rings evenly
    spaced in a log sense, like a topographic map of a bowl.

    With ``start_loss`` (the loss where a run starts, inside ``window``) at
    least ``at_least`` levels lie between the minimum and it: if the corners
    are so much higher that fewer would, the levels are log-spaced from
    ``inner_ratio`` times the start's excess up to the start's loss itself.
    Every such ring crosses the window, since the straight segment from the
    window's lowest point to the start rises through all of them.
    """
    if k < 1:
        raise ValueError(f"contour_levels: k must be >= 1, got {k}")
    if not 0 < inner_ratio < 1:
        raise ValueError(f"contour_levels: inner_ratio must be in (0, 1), got {inner_ratio}")
    corners = window.corners
    lowest = lowest_loss(bowl, window)
    top_excess = float(np.max(bowl.loss(corners[:, 0], corners[:, 1]))) - lowest
    if not top_excess > 0 or not math.isfinite(top_excess):
        raise ValueError(f"contour_levels: the loss is flat over {window}; widen the window")
    excess = np.geomspace(top_excess * inner_ratio, top_excess, k + 1)[:-1]
    if start_loss is not None:
        start_excess = float(start_loss) - lowest
        if start_excess > 0 and np.count_nonzero(excess <= start_excess) < min(at_least, k):
            excess = np.geomspace(start_excess * inner_ratio, start_excess, k)
    return lowest + excess


def zoom_window(
    bowl: Bowl, trajectory: Trajectory, window: Window, *, tail: float = 0.3, margin: float = 0.2
) -> Window:
    """A box near the minimum with the proportions of ``window``: the optimum and the last
    ``tail`` fraction of the path (where mini-batch noise shows), with a margin.

    Never larger than ``window`` itself.
    """
    first = int(len(trajectory.w) * (1.0 - tail))
    w = np.append(trajectory.w[first:], bowl.optimum[0])
    b = np.append(trajectory.b[first:], bowl.optimum[1])
    keep = window.contains(w, b)
    w, b = w[keep], b[keep]
    full_w, full_b = window.w_max - window.w_min, window.b_max - window.b_min
    # Scale factor of the zoom: the tighter of the two sides, so both fit.
    span = max((w.max() - w.min()) / full_w, (b.max() - b.min()) / full_b, 1e-3) * (1 + 2 * margin)
    span = min(span, 1.0)
    half_w, half_b = 0.5 * span * full_w, 0.5 * span * full_b
    centre_w = float(np.clip(0.5 * (w.max() + w.min()), window.w_min + half_w, window.w_max - half_w))
    centre_b = float(np.clip(0.5 * (b.max() + b.min()), window.b_min + half_b, window.b_max - half_b))
    return Window(centre_w - half_w, centre_w + half_w, centre_b - half_b, centre_b + half_b)
