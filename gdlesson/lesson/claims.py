"""Captions that say what this run actually shows, each chosen by a named predicate on the recorded run.

The predicates (``excess_removed``, ``reached_minimum``, ``zigzags``,
``curves``, ``crawls``, ``wiggles``, ``ends_near_centre``) measure the
trajectory against the exact bowl; the sentences only pick words by them.
A run that did not get near the minimum says so, why, and what to try; a
divergence says at which step and what to try.
"""

from __future__ import annotations

import math

import numpy as np

from gdcore import Bowl, Scaling, Trajectory, Window
from gdlesson.text import number

__all__ = [
    "CRAWL_KEPT",
    "CURVE_BEND",
    "LONG_VALLEY",
    "NEAR_CENTRE",
    "REACHED",
    "SMALL_LR",
    "TILTED",
    "WIGGLE_RATIO",
    "ZIGZAG_FLIPS",
    "crawls",
    "curves",
    "end_sentence",
    "ends_near_centre",
    "excess_removed",
    "flat_kept",
    "late_sentence",
    "noise_sentence",
    "outcome_sentence",
    "path_bend",
    "reached_minimum",
    "scaling_sentences",
    "shape_sentence",
    "steep_sign_changes",
    "wiggles",
    "zigzags",
    "zoom_sentence",
]

REACHED = 0.95
"""A run reached the minimum when it removed at least this fraction of its start's excess loss."""
ZIGZAG_FLIPS = 4
"""A run zig-zags when its offset along the steep eigenvector changes sign this often in its first 10 steps."""
CURVE_BEND = 0.15
"""A path curves when it strays from the straight line start-to-end by this fraction of that line's length."""
CRAWL_KEPT = 0.5
"""A run crawls when its offset from the optimum along the flat eigenvector keeps this fraction of its start's."""
WIGGLE_RATIO = 3.0
"""The tail of a path wiggles when its length is this many times the distance it covers."""
NEAR_CENTRE = 0.05
"""A run ends next to the centre when its end is this fraction of the window's diagonal from the optimum."""
SMALL_LR = 0.1
"""A learning rate below this fraction of the critical rate is called small."""
TILTED = 2.0
"""A bowl whose condition number is at least this is called tilted (below, nearly round)."""
LONG_VALLEY = 100.0
"""A bowl whose condition number exceeds this is a long valley, for which scaling x is worth suggesting."""


# -- outcomes of a recorded run (issue 10) ---------------------------------------------------------


def excess_removed(run: Trajectory, bowl: Bowl) -> float:
    """The fraction of the start's excess loss (over the minimum) the run removed: 1 at the minimum, < 0 if it rose."""
    start = float(run.loss[0]) - bowl.min_loss
    if start <= 0:
        return 1.0
    return 1.0 - (float(run.loss[-1]) - bowl.min_loss) / start


def reached_minimum(run: Trajectory, bowl: Bowl) -> bool:
    """Not diverged, :data:`REACHED` of the excess removed, and not crawling (a run that only crossed a long
    valley removes most of the excess while staying as far from the best line along it)."""
    return not run.diverged and excess_removed(run, bowl) >= REACHED and not crawls(run, bowl)


def _offsets(run: Trajectory, bowl: Bowl) -> np.ndarray:
    """(flat, steep) components of each point's offset from the optimum, shape (T+1, 2)."""
    offset = np.column_stack([run.w - bowl.optimum[0], run.b - bowl.optimum[1]])
    return offset @ bowl.eigenvectors


def steep_sign_changes(run: Trajectory, bowl: Bowl, steps: int = 10) -> int:
    """How often the offset along the steep eigenvector changes sign in the first ``steps`` steps."""
    steep = _offsets(run, bowl)[: steps + 1, 1]
    visible = np.abs(steep) > 1e-3 * np.max(np.abs(steep), initial=0.0)  # rounding noise at 0 is no flip
    signs = np.sign(steep[visible])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def zigzags(run: Trajectory, bowl: Bowl) -> bool:
    """The path jumps from side to side of the valley: :data:`ZIGZAG_FLIPS` sign changes along the steep axis."""
    return not bowl.is_degenerate and steep_sign_changes(run, bowl) >= ZIGZAG_FLIPS


def path_bend(run: Trajectory, scale: tuple[float, float] = (1.0, 1.0)) -> float:
    """The largest distance of the path from its straight chord start-to-end, over the chord's length, with
    (W, b) multiplied by ``scale`` (the map's units per W and per b, so bends are measured as seen)."""
    points = np.column_stack([run.w * scale[0], run.b * scale[1]])
    chord = points[-1] - points[0]
    length = math.hypot(*chord)
    if length == 0:
        return 0.0
    relative = points - points[0]
    across = np.abs(relative[:, 0] * chord[1] - relative[:, 1] * chord[0]) / length
    return float(across.max() / length)


def curves(run: Trajectory, bowl: Bowl, scale: tuple[float, float] = (1.0, 1.0)) -> bool:
    """The path visibly bends (:data:`CURVE_BEND`) without zig-zagging."""
    return not zigzags(run, bowl) and path_bend(run, scale) >= CURVE_BEND


def flat_kept(run: Trajectory, bowl: Bowl) -> float:
    """How much of the start's offset from the optimum along the flat eigenvector is left at the end (0 when
    the start had none to speak of: less than a thousandth of its distance to the optimum)."""
    offsets = _offsets(run, bowl)
    start, end = offsets[0, 0], offsets[-1, 0]
    if abs(start) <= 1e-3 * math.hypot(*offsets[0]):
        return 0.0
    return float(abs(end) / abs(start))


def crawls(run: Trajectory, bowl: Bowl) -> bool:
    """The run crawls along the flat eigenvector: not diverged, its steps long enough to cross the valley
    (full-batch steps at its rate would remove 90% of the offset along the steep eigenvector), yet
    :data:`CRAWL_KEPT` of its way along the valley still ahead of it at the end. A run too short or too
    slow to cross the valley is not crawling but small-stepped."""
    if run.diverged or bowl.is_degenerate:
        return False
    across = abs(1.0 - 2.0 * run.lr / bowl.critical_lr) ** run.steps
    return across <= 0.1 and flat_kept(run, bowl) >= CRAWL_KEPT


def wiggles(run: Trajectory, tail: float = 0.3) -> bool:
    """Mini-batch steps whose last ``tail`` of the path is :data:`WIGGLE_RATIO` times longer than the ground
    it covers (a random walk, not a glide)."""
    if run.batch_size >= run.n or run.steps < 4:
        return False
    first = int(len(run.w) * (1.0 - tail))
    w, b = run.w[first:], run.b[first:]
    length = float(np.sum(np.hypot(np.diff(w), np.diff(b))))
    covered = math.hypot(w[-1] - w[0], b[-1] - b[0])
    return length > 0 and length >= WIGGLE_RATIO * covered


def ends_near_centre(run: Trajectory, bowl: Bowl, window: Window) -> bool:
    """The last point is within :data:`NEAR_CENTRE` of the window's diagonal from the optimum (and not diverged)."""
    diagonal = math.hypot(window.w_max - window.w_min, window.b_max - window.b_min)
    distance = math.hypot(run.w[-1] - bowl.optimum[0], run.b[-1] - bowl.optimum[1])
    return not run.diverged and distance <= NEAR_CENTRE * diagonal


# -- sentences chosen by the outcomes --------------------------------------------------------------


def _rate(run: Trajectory, bowl: Bowl) -> str:
    return f"{number(run.lr / bowl.critical_lr, 2)}\u00d7"


def shape_sentence(bowl: Bowl, run: Trajectory | None = None) -> str:
    """What the path's shape shows, from the run (or, without one, from the bowl alone)."""
    if bowl.is_degenerate:
        return "x never changes, so many lines fit equally well: the valley has a flat floor."
    if run is not None and (run.diverged or run.lr > bowl.critical_lr):
        return "Each step jumps across the valley and lands higher up the other side."
    if run is not None and crawls(run, bowl):
        if zigzags(run, bowl):
            return "The steps zig-zag across a long, flat valley and barely move along it."
        return "The path crawls along a long, flat valley: downhill points mostly across it."
    if run is not None and zigzags(run, bowl):
        return "The steps zig-zag across the valley: each one overshoots its floor."
    tilted = bowl.condition_number >= TILTED
    if run is not None and curves(run, bowl):
        if tilted:
            return "The path curves: the bowl is tilted, so steepest is not straight to the centre."
        if run.batch_size < run.n:
            return "The bowl is round, so downhill points at the centre; mini-batch noise bends the path."
    if tilted and run is None:
        return "The bowl is tilted, so steepest is not straight to the centre."
    if tilted:
        return "The path heads almost straight for the centre, though the bowl is tilted."
    return "The bowl is nearly round, so downhill points almost straight at the centre."


def outcome_sentence(run: Trajectory, bowl: Bowl) -> str:
    """For a run that did not reach the minimum: how far it got, why, and what to try."""
    if run.diverged:
        scaling = ' or scale = "standardize"' if bowl.condition_number > LONG_VALLEY else ""
        return f"Diverged at step {run.diverged_at} (lr {_rate(run, bowl)} critical). Try --lr 0.5x{scaling}."
    removed = f"{max(excess_removed(run, bowl), 0.0):.0%}"
    if crawls(run, bowl):
        condition = number(bowl.condition_number, 2)
        return f'Crawling in a valley {condition} times flatter than steep. Try scale = "standardize".'
    if run.lr < SMALL_LR * bowl.critical_lr:
        return f"Only {removed} of the extra error gone: the steps are small. Try --lr 0.5x."
    return f"Only {removed} of the extra error gone, not yet at the bottom. Try more epochs."


def noise_sentence(run: Trajectory, bowl: Bowl) -> str:
    """What the late steps show: divergence, a run short of the minimum, a wiggle, or smooth steps."""
    if run.diverged:
        return (
            f"Each step overshoots further: lr {number(run.lr)} is above the critical {number(bowl.critical_lr)}; "
            f"the run diverged at step {run.diverged_at}."
        )
    if run.lr > bowl.critical_lr:
        return (
            f"lr {number(run.lr)} is above the critical {number(bowl.critical_lr)}: "
            "each step overshoots further and the error grows."
        )
    if not reached_minimum(run, bowl):
        return outcome_sentence(run, bowl)
    if wiggles(run):
        return "Near the bottom, each mini-batch pulls a little differently: the path wiggles."
    if run.batch_size >= run.n:
        return "Full batch: every step sees all the data, so the path is smooth."
    return "Small steps: the mini-batch noise barely shows, the path stays smooth."


def late_sentence(run: Trajectory, bowl: Bowl) -> str:
    """The lesson map's words for the end of the walk: the mini-batch wiggle when there is one, else
    :func:`noise_sentence`."""
    if reached_minimum(run, bowl) and wiggles(run):
        return "Near the bottom it wiggles: every mini-batch sees a slightly different bowl."
    return noise_sentence(run, bowl)


def end_sentence(run: Trajectory, bowl: Bowl, window: Window) -> str:
    """Where the walk ended: next to the centre (:func:`ends_near_centre` of a run that reached the minimum),
    else :func:`outcome_sentence` (how far, why, what to try)."""
    if reached_minimum(run, bowl) and ends_near_centre(run, bowl, window):
        return "It ends next to the centre: the best line, found one step at a time."
    if reached_minimum(run, bowl):
        return "It ends in the lowest rings: nearly the best line, found one step at a time."
    return outcome_sentence(run, bowl)


def zoom_sentence(run: Trajectory) -> str:
    """The close-up: a wiggling tail, or smooth steps settling."""
    if wiggles(run):
        return "Mini-batch noise: each step sees only a few points, so the path wiggles."
    return "Close up: the steps settle smoothly into the minimum."


def scaling_sentences(scaling: Scaling, x_name: str = "x") -> tuple[str, str]:
    """The once-said note of a scaled x, with its numbers, and why: ("year in standard units: x' = (year - 1980)
    / 12.6", "Standard units make the bowl round: see the feature-scaling experiment.")."""
    shift, scale = number(scaling.shift, 5), number(scaling.scale, 3)
    return (
        f"{x_name} in standard units: x\u2032 = ({x_name} \u2212 {shift}) / {scale}",
        "Standard units make the bowl round: see the feature-scaling experiment.",
    )
