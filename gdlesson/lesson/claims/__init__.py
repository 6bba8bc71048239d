"""Captions that say what this run actually shows (a curved path, a flat valley, noise, divergence)."""

from __future__ import annotations

import math

import numpy as np

from gdcore import Bowl, Dataset, Scaling, Trajectory, Window
from gdlesson.lesson.claims.advice import advise
from gdlesson.text import number, percent

__all__ = [
    "CRAWL_KEPT",
    "CURVE_BEND",
    "LONG_VALLEY",
    "NEAR_CENTRE",
    "REACHED",
    "SMALL_LR",
    "TILTED",
    "across",
    "WIGGLE_RATIO",
    "crawls",
    "curves",
    "ends_near_centre",
    "excess_removed",
    "flat_kept",
    "outcome_sentence",
    "path_bend",
    "reached_minimum",
    "scaling_sentences",
    "steep_sign_changes",
    "wiggles",
    "SETTLED_SHARE",
    "batch_loss_sentence",
    "best_fit_sentence",
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
    "overshoot_step",
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
        return f"Each step jumps {across(bowl)} and lands higher up the other side."
    if run is not None and crawls(run, bowl):
        if zigzags(run, bowl):
            return "The steps zig-zag across a long, flat valley and barely move along it."
        return "The path crawls along a long, flat valley: downhill points mostly across it."
    if run is not None and wanders(run):
        return (
            f"{batch_words(run).capitalize()} a step, the path wanders: its loss rose to {rise_said(run)} the start's."
        )
    if run is not None and zigzags(run, bowl):
        if bowl.condition_number < TILTED:
            return "Each step is too long for the bowl's curvature: it jumps past the centre."
        return "Each step is too long for the steep direction: it jumps across the valley."
    if bowl.is_degenerate:
        return "x never changes, so many lines fit equally well: the valley has a flat floor."
    if bowl.condition_number < TILTED:
        return "The bowl is nearly round, so downhill points almost straight at the centre."
    return "The path curves: the bowl is tilted, so steepest is not straight to the centre."


def across(bowl: Bowl) -> str:
    """Where an overshooting step lands: past the centre of a nearly round bowl, else across its valley."""
    return "past the centre" if bowl.condition_number < TILTED else "across the valley"


def noise_sentence(run: Trajectory, bowl: Bowl, data: Dataset) -> str:
    """What the late steps look like: divergence, smooth full-batch steps, or mini-batch wiggle."""
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
        return outcome_sentence(run, bowl, data)
    if run.batch_size >= run.n and zigzags(run, bowl):
        return (
            f"Full batch at {number(rate_fraction(run, bowl), 2)}\u00d7 the critical rate: it zig-zags {across(bowl)}."
        )
    if run.batch_size >= run.n:
        return "Full batch: every step sees all the data, so the path is smooth."
    if wanders(run):
        return f"It settles only after wandering: {batch_words(run)} a step is a noisy guide."
    if agrees(run, bowl):
        return "The points lie on one line: every mini-batch agrees at the best fit, so the path comes to rest there."
    return "Near the bottom, each mini-batch pulls a little differently: the path wiggles."


def zoom_sentence(run: Trajectory, bowl: Bowl | None = None) -> str:
    """What the last steps look like close up (with ``bowl``, a full-batch zig-zag is named as one)."""
    if run.batch_size >= run.n and bowl is not None and zigzags(run, bowl):
        return f"Close up: the full-batch steps still hop {across(bowl)} as they settle."
    if run.batch_size >= run.n:
        return "Close up: full-batch steps settle smoothly into the minimum."
    if bowl is not None and agrees(run, bowl):
        return "Close up: every batch agrees at the best fit, so the last steps line up on it."
    return f"Mini-batch noise: each step sees only {batch_words(run)}, so the path wiggles."


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


def descent_cues(run: Trajectory, bowl: Bowl, data: Dataset, window=None) -> dict[int, str]:
    """When to say what about a descent: {step: sentence}, each timed to the step where it shows.

    The shape of the path (:func:`shape_sentence`) at the first step when the steps
    overshoot, at the loss's peak when mini-batches make it wander, else when the run is half-way down; the late steps
    (:func:`noise_sentence`) when the run leaves ``window`` or is flagged
    diverged, else once it has settled (not at all if it never settles).
    """
    cues = {}
    if wanders(run):  # at its worst
        shape = int(np.argmax(run.loss))
    else:
        shape = 1 if zigzags(run, bowl) or rises(run) else halfway_step(run, bowl)
    if shape is not None and 0 < shape < run.steps:
        cues[shape] = shape_sentence(bowl, run)
    if rises(run):
        leaves = exit_step(run, window) if window is not None else None
        late = leaves if leaves is not None else run.diverged_at if run.diverged else run.steps
    else:
        late = settled_step(run, bowl)
    if late is not None and late not in cues and late > min(cues, default=0):
        cues[int(late)] = noise_sentence(run, bowl, data)
    return cues


def exit_step(run: Trajectory, window) -> int | None:
    """The first step whose (W, b) lies outside ``window`` ; None if it never leaves."""
    outside = ~window.contains(run.w, run.b)
    return int(np.argmax(outside)) if outside.any() else None


WANDER_RISE = 1.0
"""A mini-batch run wanders when its loss on all the data, after the start, climbs above this multiple of the
start's: its batches pull it uphill, further from the best line than its guess was."""


def wanders(run: Trajectory) -> bool:
    """Mini-batch steps that take the loss on all the data above :data:`WANDER_RISE` x the start's, in a run not
    flagged as diverged (it may end above its start: still a wander, not a blow-up)."""
    peak = float(np.max(run.loss[1:], initial=-np.inf))
    return is_minibatch(run) and not run.diverged and peak > WANDER_RISE * float(run.loss[0])


def rise_said(run: Trajectory) -> str:
    """The highest loss after the start as a multiple of the start's, as said: "13×"."""
    return f"{number(float(np.max(run.loss[1:])) / float(run.loss[0]), 2)}\u00d7"


def batch_words(run: Trajectory) -> str:
    """What one step sees: "one point", "4 points", "all the data"."""
    if run.batch_size >= run.n:
        return "all the data"
    return "one point" if run.batch_size == 1 else f"{run.batch_size} points"


def rises(run: Trajectory) -> bool:
    """Whether the loss ends higher than it started (a blow-up)."""
    return bool(run.diverged or not run.loss[-1] <= run.loss[0])


def agrees(run: Trajectory, bowl: Bowl) -> bool:
    """Mini-batches whose gradients all vanish at the best fit: the points lie exactly on a line (every residual
    there is zero, to a millionth of y's spread), so nothing keeps a run wiggling near the bottom."""
    return is_minibatch(run) and math.sqrt(max(bowl.min_loss, 0.0)) <= 1e-6 * math.sqrt(bowl.var_y)


def stopped_sentence(run: Trajectory, bowl: Bowl, *, names: tuple[str, str] = ("W", "b"), parameters=False) -> str:
    """Where the run ended, for Visual A (the line) or, with ``parameters``, Visual C (``names`` of W and b):
    after its epochs and how close to the best fit, or, for a run that rose, that it was stopped and where."""
    if rises(run):
        ended = "stopped" if run.diverged else "ended"
        what = f"{names[0]} and {names[1]} had swung" if parameters else "the line had swung"
        return f"The run {ended} at step {run.steps}: {what} ever further from the best fit."
    if parameters:
        w, b = names
        return (
            f"After {run.epochs} epochs: {w} = {number(float(run.w[-1]))}, {b} = {number(float(run.b[-1]))}, "
            f"{closeness(run, bowl)} {w}*, {b}*."
        )
    return f"After {run.epochs} epochs the line is {closeness(run, bowl)} the best fit."


def closeness(run: Trajectory, bowl: Bowl) -> str:
    """How near the run ends to the optimum, in words: its distance to (W*, b*) against the start's."""
    optimum = np.array(bowl.optimum)
    left = np.hypot(*(np.array(run.final) - optimum)) / max(np.hypot(*(np.array(run.init) - optimum)), 1e-300)
    return "almost on" if left < 0.05 else "close to" if left < 0.25 else "still on its way to"


def motion_word(run: Trajectory, bowl: Bowl) -> str:
    """One word for how the path moves: "diverges", "agrees" (mini-batches that all agree at the best fit, see
    :func:`agrees`), "wanders" (:func:`wanders`), "noisy", "zig-zags" or "smooth"."""
    if run.diverged:
        return "diverges"
    if agrees(run, bowl):
        return "agrees"
    if wanders(run):
        return "wanders"
    if rises(run):
        return "diverges"
    if is_minibatch(run):
        return "noisy"
    return "zig-zags" if zigzags(run, bowl) else "smooth"


PREVIEW_PHRASES = {
    "diverges": "it overshoots more every step and diverges.",
    "wanders": "its batches pull it uphill at times: it wanders.",
    "zig-zags": "it overshoots and zig-zags.",
    "small steps": "tiny, careful steps, so it is slow.",
    "agrees": "every batch agrees on the best line: a calm path.",
    "noisy": "a noisy path: each step sees part of the data.",
    "smooth": "the path is smooth.",
}
"""How the experiments' preview says each :func:`preview_motion`."""


def preview_motion(run: Trajectory, bowl: Bowl) -> str:
    """What a path does, in one or two words, for the experiments' preview: :func:`motion_word`, except that a run
    that neither blows up nor wanders at under :data:`SMALL_LR` x the critical rate takes "small steps"."""
    word = motion_word(run, bowl)
    if word not in ("diverges", "wanders") and run.lr < SMALL_LR * bowl.critical_lr:
        return "small steps"
    return word


def line_sentence(run: Trajectory, bowl: Bowl) -> str:
    """How the fitted line moves from step to step (Visual A)."""
    return {
        "diverges": "Each step overshoots further: the line swings ever wider.",
        "agrees": "The points lie on one line: every mini-batch leads the line to it.",
        "wanders": "Each mini-batch pulls the line its own way, at times far from the data.",
        "noisy": "Each mini-batch pulls the line its own way, a little differently.",
        "zig-zags": "Each step overshoots: the line swings past the best fit and back.",
        "smooth": "Every step uses all the data: the line moves smoothly.",
    }[motion_word(run, bowl)]


def loss_trend_sentence(run: Trajectory) -> str:
    """How the loss curve goes (Visual B)."""
    if wanders(run):
        return f"It jumps up and down, at worst to {rise_said(run)} where it started: mini-batch noise."
    if rises(run):
        return "It rises: every step overshoots further."
    return "It falls fast at first, then levels off."


def batch_loss_sentence(run: Trajectory) -> str:
    """What the batch loss curve shows (Visual B)."""
    if is_minibatch(run):
        return "The batch loss is noisy: every mini-batch is a different sample."
    return "With the full batch, the batch loss is the loss on all the data: one curve."


def parameters_sentence(run: Trajectory, bowl: Bowl) -> str:
    """How W and b approach their targets (Visual C)."""
    return {
        "diverges": "They swing ever wider: each step overshoots further.",
        "agrees": "They converge: the points lie on one line, and every batch agrees on it.",
        "wanders": "They wander: each mini-batch pulls its own way, at times uphill.",
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


# -- outcomes of a recorded run (issue 10): how far it got, how its path looks, why -------------

REACHED = 0.95
"""A run reached the minimum when it removed at least this fraction of its start's excess loss."""
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


def overshoot_step(run: Trajectory, bowl: Bowl) -> int | None:
    """The first step that lands across the valley floor from the step before (its offset along the steep
    eigenvector changes sign): where a zig-zag shows. None if the run never overshoots. Offsets under a
    thousandth of the start's distance to the optimum are rounding noise, not a side."""
    offsets = _offsets(run, bowl)
    steep = offsets[:, 1]
    visible = np.flatnonzero(np.abs(steep) > 1e-3 * math.hypot(*offsets[0]))
    signs = np.sign(steep[visible])
    flips = visible[1:][signs[1:] != signs[:-1]]
    return int(flips[0]) if len(flips) else None


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
    :data:`CRAWL_KEPT` of its way along the valley still ahead of it at the end, both as the full-batch
    theory has it (1 - lr lambda_min per step) and as the run ends (mini-batch noise can leave a run far
    along a short valley: that is noise, not a crawl). A run too short or too slow to cross the valley is
    not crawling but small-stepped."""
    if run.diverged or bowl.is_degenerate:
        return False
    across = abs(1.0 - 2.0 * run.lr / bowl.critical_lr) ** run.steps
    along = abs(1.0 - run.lr * float(bowl.eigenvalues[0])) ** run.steps
    return across <= 0.1 and along >= CRAWL_KEPT and flat_kept(run, bowl) >= CRAWL_KEPT


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


def _rate(run: Trajectory, bowl: Bowl) -> str:
    return f"{number(run.lr / bowl.critical_lr, 2)}\u00d7"


def outcome_sentence(run: Trajectory, bowl: Bowl, data: Dataset) -> str:
    """For a run that did not reach the minimum: how far it got, why, and what to try (:func:`advise`, weighed on
    ``data``, what the run descended on)."""
    if run.diverged:
        scaling = ' or scale = "standardize"' if bowl.condition_number > LONG_VALLEY else ""
        return f"Diverged at step {run.diverged_at} (lr {_rate(run, bowl)} critical). Try --lr 0.5x{scaling}."
    removed = percent(max(excess_removed(run, bowl), 0.0))
    if crawls(run, bowl):
        condition = number(bowl.condition_number, 2)
        return f'Crawling in a valley {condition} times flatter than steep. Try scale = "standardize".'
    advice = advise(run, bowl, data)
    if advice is None:
        return f"Only {removed} of the extra error gone: no simple change is expected to do much better."
    return f"Only {removed} of the extra error gone: {advice.words}"


def scaling_sentences(scaling: Scaling, x_name: str = "x") -> tuple[str, str]:
    """The once-said note of a scaled x, with its numbers, and why: ("year in standard units: x' = (year - 1980)
    / 12.6", "Standard units make the bowl round: see the feature-scaling experiment.")."""
    shift, scale = number(scaling.shift, 5), number(scaling.scale, 3)
    return (
        f"{x_name} in standard units: x\u2032 = ({x_name} \u2212 {shift}) / {scale}",
        "Standard units make the bowl round: see the feature-scaling experiment.",
    )


def shown_x_sentences(scaling: Scaling, bowl: Bowl, *, x_name: str = "x", scaled: bool = False) -> tuple[str, str]:
    """Why an experiment runs on x'' = (x - shift) / scale instead of the lesson's x, whose bowl is round (see
    :func:`gdlesson.lesson.experiments.rate_scaling`); ``bowl`` is the bowl on x'', ``scaled`` whether the
    lesson's x is standardised."""
    why = "On a standardised x" if scaled else "On this data"
    shift = number(scaling.shift, 5)
    formula = (
        f"{x_name} \u2212 {shift}"
        if scaling.scale == 1.0
        else f"({x_name} \u2212 {shift}) / {number(scaling.scale, 3)}"
    )
    return (
        f"{why} the bowl is round, and every rate would fall alike.",
        f"So here x\u2033 = {formula}: a bowl {number(bowl.condition_number, 2)}\u00d7 steeper one way than the other.",
    )


def best_fit_sentence(bowl: Bowl, window: Window) -> str:
    """Where the best-fitting line is on a map of ``window``: the centre of the smallest ring, or off the
    map when the map frames only the part of a long valley the run visits."""
    if window.contains(*bowl.optimum):
        return "The centre of the smallest ring is the best-fitting line."
    return "The best-fitting line is off this map, far along the valley the rings outline."
