"""Captions that say what this run actually shows (a curved path, a flat valley, noise, divergence)."""

from __future__ import annotations

import numpy as np

from gdcore import Bowl, Trajectory

__all__ = [
    "SETTLED_SHARE",
    "batch_loss_sentence",
    "batches_average_to_all",
    "closeness",
    "colour_name",
    "descent_cues",
    "exit_step",
    "halfway_step",
    "keeps_wiggling",
    "reached_step",
    "is_minibatch",
    "line_sentence",
    "loss_trend_sentence",
    "motion_word",
    "noise_sentence",
    "parameters_sentence",
    "rate_fraction",
    "rises",
    "settled_step",
    "shape_sentence",
    "zigzags",
    "zoom_sentence",
]


def shape_sentence(bowl: Bowl, run: Trajectory | None = None) -> str:
    """Why the path bends (or does not), from the bowl's shape and the run's step size."""
    if run is not None and run.lr > bowl.critical_lr:
        return "Each step jumps across the valley and lands higher up the other side."
    if run is not None and zigzags(run, bowl):
        return "Each step is too long for the steep direction: it jumps across the valley."
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
    if run.batch_size >= run.n and zigzags(run, bowl):
        return f"Full batch at {rate_fraction(run, bowl):.2g}\u00d7 the critical rate: it zig-zags across the valley."
    if run.batch_size >= run.n:
        return "Full batch: every step sees all the data, so the path is smooth."
    return "Near the bottom, each mini-batch pulls a little differently: the path wiggles."


def zoom_sentence(run: Trajectory, bowl: Bowl | None = None) -> str:
    """What the last steps look like close up (with ``bowl``, a full-batch zig-zag is named as one)."""
    if run.batch_size >= run.n and bowl is not None and zigzags(run, bowl):
        return "Close up: the full-batch steps still hop across the valley as they settle."
    if run.batch_size >= run.n:
        return "Close up: full-batch steps settle smoothly into the minimum."
    return "Mini-batch noise: each step sees only a few points, so the path wiggles."


# -- what a run does, step by step (issue 11: each caption timed and worded from the run) --------------------

SETTLED_SHARE = 0.05
"""A run has settled once its loss above the minimum stays below this share of where it started."""


def rate_fraction(run: Trajectory, bowl: Bowl) -> float:
    """The run's learning rate as a multiple of the critical rate 2 / lambda_max."""
    return run.lr / bowl.critical_lr


def zigzags(run: Trajectory, bowl: Bowl) -> bool:
    """Whether the steps jump across the valley: lr above half the critical rate.

    Along the Hessian's top eigenvector a full-batch step multiplies the
    distance to the optimum by 1 - lr lambda_max, which is negative (a jump
    to the other side) exactly when lr > 1 / lambda_max = critical_lr / 2.
    """
    return not bowl.is_degenerate and run.lr > bowl.critical_lr / 2


def is_minibatch(run: Trajectory) -> bool:
    """Whether a step sees only part of the data (its path is noisy)."""
    return run.batch_size < run.n


def settled_step(run: Trajectory, bowl: Bowl, share: float = SETTLED_SHARE) -> int | None:
    """The first step from which the loss above the minimum stays at most ``share`` of the start's; None if never."""
    excess = np.asarray(run.loss, dtype=float) - bowl.min_loss
    above = np.flatnonzero(~(excess <= share * excess[0]))  # nan (a blow-up) counts as above
    if len(above) == 0:
        return 0
    last = int(above[-1])
    return last + 1 if last + 1 < len(excess) else None


def reached_step(run: Trajectory, bowl: Bowl, share: float) -> int | None:
    """The first step whose loss above the minimum is at most ``share`` of the start's; None if never."""
    excess = np.asarray(run.loss, dtype=float) - bowl.min_loss
    below = np.flatnonzero(excess <= share * excess[0])
    return int(below[0]) if len(below) else None


def halfway_step(run: Trajectory, bowl: Bowl) -> int | None:
    """The first step whose loss above the minimum is at most half the start's; None if never."""
    return reached_step(run, bowl, 0.5)


def keeps_wiggling(run: Trajectory, step: int) -> bool:
    """Whether the loss on all the data still goes up at some step after ``step`` (it never settles for good)."""
    return bool(np.any(np.diff(np.asarray(run.loss[step:], dtype=float)) > 0))


def descent_cues(run: Trajectory, bowl: Bowl, window=None) -> dict[int, str]:
    """When to say what about a descent: {step: sentence}, each timed to the step where it shows.

    The shape of the path (:func:`shape_sentence`) at the first step when
    the steps overshoot, else when the run is half-way down; the late steps
    (:func:`noise_sentence`) when the run leaves ``window`` or is flagged
    diverged, else once it has settled (not at all if it never settles).
    """
    cues = {}
    shape = 1 if zigzags(run, bowl) or rises(run) else halfway_step(run, bowl)
    if shape is not None and 0 < shape < run.steps:
        cues[shape] = shape_sentence(bowl, run)
    if rises(run):
        leaves = exit_step(run, window) if window is not None else None
        late = leaves if leaves is not None else run.diverged_at if run.diverged else run.steps
    else:
        late = settled_step(run, bowl)
    if late is not None and late not in cues and late > min(cues, default=0):
        cues[int(late)] = noise_sentence(run, bowl)
    return cues


def exit_step(run: Trajectory, window) -> int | None:
    """The first step whose (W, b) lies outside ``window`` (a :class:`gdcore.Window`); None if it never leaves."""
    outside = ~window.contains(run.w, run.b)
    return int(np.argmax(outside)) if outside.any() else None


def rises(run: Trajectory) -> bool:
    """Whether the loss ends higher than it started (a blow-up)."""
    return bool(run.diverged or not run.loss[-1] <= run.loss[0])


def closeness(run: Trajectory, bowl: Bowl) -> str:
    """How near the run ends to the optimum, in words: its distance to (W*, b*) against the start's."""
    optimum = np.array(bowl.optimum)
    left = np.hypot(*(np.array(run.final) - optimum)) / max(np.hypot(*(np.array(run.init) - optimum)), 1e-300)
    return "almost on" if left < 0.05 else "close to" if left < 0.25 else "still on its way to"


def motion_word(run: Trajectory, bowl: Bowl) -> str:
    """One word for how the path moves: "diverges", "noisy", "zig-zags" or "smooth"."""
    if rises(run):
        return "diverges"
    if is_minibatch(run):
        return "noisy"
    return "zig-zags" if zigzags(run, bowl) else "smooth"


def line_sentence(run: Trajectory, bowl: Bowl) -> str:
    """How the fitted line moves from step to step (Visual A)."""
    return {
        "diverges": "Each step overshoots further: the line swings ever wider.",
        "noisy": "Each mini-batch pulls the line its own way, a little differently.",
        "zig-zags": "Each step overshoots: the line swings past the best fit and back.",
        "smooth": "Every step uses all the data: the line moves smoothly.",
    }[motion_word(run, bowl)]


def loss_trend_sentence(run: Trajectory) -> str:
    """How the loss curve goes (Visual B)."""
    return "It rises: every step overshoots further." if rises(run) else "It falls fast at first, then levels off."


def batch_loss_sentence(run: Trajectory) -> str:
    """What the batch loss curve shows (Visual B)."""
    if is_minibatch(run):
        return "The batch loss is noisy: every mini-batch is a different sample."
    return "With the full batch, the batch loss is the loss on all the data: one curve."


def parameters_sentence(run: Trajectory, bowl: Bowl) -> str:
    """How W and b approach their targets (Visual C)."""
    return {
        "diverges": "They swing ever wider: each step overshoots further.",
        "noisy": "They converge, jittering a little: mini-batch noise.",
        "zig-zags": "They converge, flipping from side to side: each step overshoots.",
        "smooth": "They converge smoothly: every step sees all the data.",
    }[motion_word(run, bowl)]


def batches_average_to_all(run: Trajectory) -> bool:
    """Whether, over the first pass, the batches have equal sizes and count every sample once.

    Then the mean of the batch losses is exactly the loss on all the data at
    any (W, b): the sum over batches of |B| MSE_B is n MSE.
    """
    batches = [np.asarray(run.batch_indices[i]) for i in range(min(run.steps_per_epoch, run.steps))]
    if not batches or len({len(batch) for batch in batches}) != 1:
        return False
    every = np.sort(np.concatenate(batches))
    return len(every) == run.n and bool(np.all(every == np.arange(run.n)))


_PALETTE_WORDS = {
    "#E69F00": "orange",
    "#56B4E9": "light blue",
    "#009E73": "green",
    "#F0E442": "yellow",
    "#0072B2": "blue",
    "#D55E00": "red",
    "#CC79A7": "pink",
}


def colour_name(color: str) -> str:
    """What a viewer would call ``color`` (a "#RRGGBB" of the theme): a palette name, or a grey by lightness."""
    key = color.upper()
    if key in _PALETTE_WORDS:
        return _PALETTE_WORDS[key]
    red, green, blue = (int(key[i : i + 2], 16) / 255 for i in (1, 3, 5))
    if max(red, green, blue) - min(red, green, blue) > 0.12:
        raise ValueError(f"colour_name: {color} is neither an Okabe-Ito colour nor a grey")
    lightness = (red + green + blue) / 3
    return next(word for bound, word in _GREYS if lightness >= bound)


_GREYS = ((0.85, "white"), (0.6, "light grey"), (0.3, "grey"), (0.12, "dark grey"), (0.0, "black"))
