"""Framing the loss surface: the seed's Steps A-B (a grid of losses), the view
window that holds a run, and the contour levels drawn in it."""

from __future__ import annotations

import math

import numpy as np

from .bowl import Bowl
from .geometry import Window
from .trajectory import Trajectory

__all__ = ["loss_grid", "view_window", "contour_levels", "zoom_window"]


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

    For a diverged run only the path points no worse than the start are
    framed: the blow-up leaves the map. With ``aspect`` (W extent over b
    extent, e.g. the screen ratio of the axes) the shorter side is widened so
    both axes use the same scale, which keeps descent steps visibly
    perpendicular to the rings; it is widened at most ``max_stretch`` times,
    so a badly conditioned bowl still shows its path rather than a sliver.
    """
    w, b = trajectory.w, trajectory.b
    if trajectory.diverged:
        keep = trajectory.loss <= trajectory.loss[0]
        w, b = w[keep], b[keep]
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

    The excess over the minimum, level - L*, is log-spaced from
    ``inner_ratio`` times the window's highest excess (a small ring just
    around the minimum) towards the highest loss in the window, found at a
    corner; that top value itself is left out, since its ring would only
    touch the corner. Equal ratios between levels make the rings evenly
    spaced in a log sense, like a topographic map of a bowl.

    With ``start_loss`` (the loss where a run starts, inside ``window``) at
    least ``at_least`` levels lie between the minimum and it: if the corners
    are so much higher that fewer would, the levels are log-spaced from
    ``inner_ratio`` times the start's excess up to the start's loss itself.
    Every such ring crosses the window, since the straight segment from the
    optimum to the start rises through all of them.
    """
    if k < 1:
        raise ValueError(f"contour_levels: k must be >= 1, got {k}")
    if not 0 < inner_ratio < 1:
        raise ValueError(f"contour_levels: inner_ratio must be in (0, 1), got {inner_ratio}")
    corners = window.corners
    top_excess = float(np.max(bowl.loss(corners[:, 0], corners[:, 1]))) - bowl.min_loss
    if not top_excess > 0 or not math.isfinite(top_excess):
        raise ValueError(f"contour_levels: the loss is flat over {window}; widen the window")
    excess = np.geomspace(top_excess * inner_ratio, top_excess, k + 1)[:-1]
    if start_loss is not None:
        start_excess = float(start_loss) - bowl.min_loss
        if start_excess > 0 and np.count_nonzero(excess <= start_excess) < min(at_least, k):
            excess = np.geomspace(start_excess * inner_ratio, start_excess, k)
    return bowl.min_loss + excess


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
