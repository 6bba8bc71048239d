"""Captions that say what this run actually shows (a curved path, a flat valley, noise, divergence)."""

from __future__ import annotations

from gdcore import Bowl, Trajectory

__all__ = ["shape_sentence", "noise_sentence", "zoom_sentence"]


def shape_sentence(bowl: Bowl, run: Trajectory | None = None) -> str:
    """Why the path bends (or does not), from the bowl's shape and the run's step size."""
    if run is not None and run.lr > bowl.critical_lr:
        return "Each step jumps across the valley and lands higher up the other side."
    if bowl.is_degenerate:
        return "x never changes, so many lines fit equally well: the valley has a flat floor."
    if bowl.condition_number < 2:
        return "The bowl is nearly round, so downhill points almost straight at the centre."
    return "The path curves: the bowl is tilted, so steepest is not straight to the centre."


def noise_sentence(run: Trajectory, bowl: Bowl) -> str:
    """What the late steps look like: divergence, smooth full-batch steps, or mini-batch wiggle."""
    if run.diverged:
        return (
            f"Each step overshoots further: lr {run.lr:.3g} is above the critical {bowl.critical_lr:.3g}; "
            f"the run diverged at step {run.diverged_at}."
        )
    if run.lr > bowl.critical_lr:
        return (
            f"lr {run.lr:.3g} is above the critical {bowl.critical_lr:.3g}: "
            "each step overshoots further and the error grows."
        )
    if run.batch_size >= run.n:
        return "Full batch: every step sees all the data, so the path is smooth."
    return "Near the bottom, each mini-batch pulls a little differently: the path wiggles."


def zoom_sentence(run: Trajectory) -> str:
    if run.batch_size >= run.n:
        return "Close up: full-batch steps settle smoothly into the minimum."
    return "Mini-batch noise: each step sees only a few points, so the path wiggles."
