"""What the learning-rate experiment may say: each regime, legend word and caption a predicate on the runs shown."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from gdcore import Bowl, Trajectory
from gdcore.training import DIVERGENCE_FACTOR
from gdlesson.lesson.claims import TILTED, across, overshoot_step, rises
from gdlesson.text import number

__all__ = [
    "FLOOR_SHARE",
    "MUCH_FASTER",
    "REGIME_TITLES",
    "floor_step",
    "curvature_sentence",
    "divergence_badge",
    "factors_said",
    "rate_notes",
    "rate_regime",
    "side_of_critical",
    "stage_sentences",
    "stopping_rule_sentence",
    "fastest_rate_sentence",
]


REGIME_TITLES = {"smooth": "Smooth steps", "zig-zag": "Zig-zag", "diverges": "Too big a step"}
"""The chapter title of a stage, by its :func:`rate_regime`."""


def rate_regime(run: Trajectory, bowl: Bowl) -> str:
    """What a full-batch run does on the map: "diverges" (its loss ends above the start's), "zig-zag" (some step
    lands across the valley floor, :func:`~gdlesson.lesson.claims.overshoot_step`) or "smooth"."""
    if rises(run):
        return "diverges"
    return "zig-zag" if overshoot_step(run, bowl) is not None else "smooth"


FLOOR_SHARE = 0.1
"""A run has reached the valley floor once its offset along the steepest direction is this share of its start's."""
MUCH_FASTER = 3.0
"""A smooth run is "fast" when it reaches the valley floor in at most a third of the steps of each other one."""


def floor_step(run: Trajectory, bowl: Bowl) -> float:
    """The first step whose offset from the optimum along the steepest eigenvector is at most
    :data:`FLOOR_SHARE` of the start's (on a round bowl: its distance to the optimum); inf if never."""
    offsets = np.column_stack([run.w - bowl.optimum[0], run.b - bowl.optimum[1]])
    across = np.abs(offsets @ bowl.eigenvectors[:, 1]) if bowl.condition_number >= TILTED else np.hypot(*offsets.T)
    reached = np.flatnonzero(across <= FLOOR_SHARE * across[0])
    return float(reached[0]) if len(reached) else math.inf


def rate_notes(runs: Sequence[Trajectory], bowl: Bowl) -> list[str]:
    """The legend's "what happens" word for each run: its regime; among the smooth runs, the one that reaches
    the valley floor first (:func:`floor_step`) is "fast" when it does so :data:`MUCH_FASTER` times sooner than
    each other smooth run, and those are "slow, smooth"."""
    notes = [rate_regime(run, bowl) for run in runs]
    smooth = [i for i, note in enumerate(notes) if note == "smooth"]
    if len(smooth) < 2:
        return notes
    steps = {i: floor_step(runs[i], bowl) for i in smooth}
    best = min(smooth, key=steps.get)
    if math.isfinite(steps[best]) and all(MUCH_FASTER * max(steps[best], 1) <= steps[i] for i in smooth if i != best):
        for i in smooth:
            notes[i] = "fast" if i == best else "slow, smooth"
    return notes


def factors_said(factors: Sequence[float]) -> str:
    """Multiples of the critical rate, as said: "0.1× and 0.5×"."""
    return " and ".join(f"{number(factor, 3)}\u00d7" for factor in factors)


def side_of_critical(factor: float) -> str:
    """Where a multiple of the critical rate lies, against 1 and 1/2 (above 1/2 the steps overshoot)."""
    if factor > 1:
        return "just above the critical rate"
    return "below the critical rate but above half of it" if factor > 0.5 else "at most half the critical rate"


def stage_sentences(
    kind: str, factors: Sequence[float], runs: Sequence[Trajectory], bowl: Bowl, *, leaves: int | None = None
) -> dict[int, str]:
    """What to say while a stage's runs descend, keyed by the step where it shows.

    ``kind`` is the stage's :func:`rate_regime`; ``leaves`` the step the diverging run leaves the map (if it does).
    Smooth runs: which creeps and which heads in faster, by where each ends (:func:`rate_notes`); a zig-zag: at
    its first overshoot; a divergence: the growth factor along the steep direction, |1 - 2 factor|.
    """
    round_bowl = bowl.condition_number < TILTED
    target = "the centre" if round_bowl else "the valley floor"
    if kind == "smooth":
        notes = rate_notes(runs, bowl)
        if "fast" not in notes:
            return {1: f"{factors_said(factors)} step smoothly towards {target}."}
        slow = [f for f, note in zip(factors, notes, strict=True) if note != "fast"]
        fast = [f for f, note in zip(factors, notes, strict=True) if note == "fast"]
        return {1: f"{factors_said(slow)} creeps smoothly; {factors_said(fast)} heads for {target} much faster."}
    (factor,), (run,) = factors, runs
    if kind == "zig-zag":
        said = f"{factors_said(factors)} overshoots: each step jumps {across(bowl)}, a zig-zag that slowly shrinks."
        return {overshoot_step(run, bowl): said}
    growth = abs(1 - 2 * factor)  # along the steepest direction a step multiplies the offset by 1 - 2 factor
    distance = "from the centre" if round_bowl else "across the valley"
    cues = {1: f"Each step multiplies its distance {distance} by {number(growth, 2)}: it grows."}
    if leaves is not None:
        cues[leaves] = f"At step {leaves} it leaves the map; its loss keeps growing."
    return cues


def curvature_sentence(bowl: Bowl) -> str:
    """Where the bowl curves most steeply (across its valley floor when it has one): the lambda_max of the
    critical rate."""
    if bowl.condition_number >= TILTED:
        return "Across the valley floor the bowl curves most steeply: curvature \u03bbmax."
    return "This bowl is nearly round: it curves about as steeply every way, \u03bbmax."


def divergence_badge(factor: float, run: Trajectory) -> str:
    """The badge at the point a growing run leaves the map: when it was flagged, or that it still grows."""
    if run.diverged:
        return f"{factors_said([factor])} diverged at step {run.diverged_at}"
    return f"{factors_said([factor])} still growing after {run.steps} steps"


def stopping_rule_sentence(run: Trajectory, bowl: Bowl) -> str:
    """How a run is flagged (gdcore's rule: its loss passes DIVERGENCE_FACTOR x the larger of the start's loss
    and the loss of the line y = 0), said for the bound that applies to ``run``."""
    times = "a million" if DIVERGENCE_FACTOR == 1e6 else number(DIVERGENCE_FACTOR, 2)
    if float(run.loss[0]) >= float(bowl.loss(0.0, 0.0)):
        return f"Once its loss passes {times} times the start's, the run is flagged and stopped."
    return f"Once its loss passes {times} times that of the line y = 0, the run is flagged and stopped."


def fastest_rate_sentence(bowl: Bowl) -> str:
    """The rate that shrinks the slowest direction fastest, 2 / (lambda_min + lambda_max), as a multiple of critical."""
    small, big = bowl.eigenvalues
    share = number(float(np.float64(big) / (small + big)), 2)
    return f"The fastest rate is 2 / (\u03bbmin + \u03bbmax), here {share}\u00d7 critical."
