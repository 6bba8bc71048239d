"""The numbers the experiment scenes show, derived from the lesson and the bowl's maths (no manim).

Each ``*_plan`` function takes a :class:`~gdlesson.lesson.run.LessonRun` and returns
every run and parameter one experiment scene displays, chosen from the
bowl's eigenvalues so the scene is guaranteed to show what it claims:

- :func:`rate_plan`: full-batch runs at fractions of ``critical_lr = 2 / lambda_max``;
- :func:`budget_plan`: SGD, a mini-batch and the full batch on one budget of examples;
- :func:`honesty_plan`: a few mini-batch steps with each batch's own bowl;
- :func:`scaling_plan`: the same relationship with x far from 0 and with x standardised.

The scenes call these before animating, and the tests check the same numbers.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from gdcore import Bowl, Dataset, Scaling, Trajectory, Window, view_window
from gdlesson.lesson.claims import LONG_VALLEY, TILTED, overshoot_step, rises
from gdlesson.lesson.run import LessonRun
from gdlesson.text import number

__all__ = [
    "RATE_FACTORS",
    "SHOWN_CONDITION",
    "rate_scaling",
    "SCALING_FACTOR",
    "SCALING_TARGET",
    "BatchStep",
    "BudgetPlan",
    "HonestyPlan",
    "RatePlan",
    "RateRun",
    "ScalingCase",
    "ScalingPlan",
    "budget_plan",
    "far_shift",
    "frame_points",
    "frame_runs",
    "head",
    "honesty_plan",
    "rate_plan",
    "sample_critical_lr",
    "scaling_plan",
    "until_exit",
]

RATE_FACTORS = (0.1, 0.5, 0.9, 1.05)
"""Learning rates of the learning-rate scene, as multiples of the critical rate."""

SCALING_FACTOR = 0.4
"""Both feature-scaling runs use this multiple of their own bowl's critical rate."""

SCALING_TARGET = 1000.0
"""The raw feature is moved away from 0 until its bowl's condition number reaches this."""

SHOWN_CONDITION = (4.0, 1000.0)
"""The condition numbers of a bowl that shows the learning-rate regimes apart: long enough that steps too big for
the steep direction are still small for the flat one, short enough that the flat direction moves at all."""

_MAX_STEPS = 5000
"""Longest a learning-rate run may go to be flagged as diverged."""


# -- framing several runs --------------------------------------------------------------------------


def frame_points(
    w: np.ndarray, b: np.ndarray, *, aspect: float, margin: float = 0.0, max_stretch: float = 4.0
) -> Window:
    """The box around points (w, b), grown by ``margin`` of its size on each side and widened to ``aspect``.

    ``aspect`` is the W extent over the b extent (the screen ratio of the
    map), so both axes get the same scale; the shorter side is widened at
    most ``max_stretch`` times, as in :func:`gdcore.view_window`.
    """
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    w_span = max(np.ptp(w), 1e-9) * (1 + 2 * margin)
    b_span = max(np.ptp(b), 1e-9) * (1 + 2 * margin)
    if w_span / b_span < aspect:
        w_span = min(b_span * aspect, w_span * max_stretch)
    else:
        b_span = min(w_span / aspect, b_span * max_stretch)
    w_mid, b_mid = 0.5 * (w.min() + w.max()), 0.5 * (b.min() + b.max())
    return Window(w_mid - 0.5 * w_span, w_mid + 0.5 * w_span, b_mid - 0.5 * b_span, b_mid + 0.5 * b_span)


def frame_runs(bowl: Bowl, runs: tuple[Trajectory, ...], *, aspect: float, max_stretch: float = 4.0) -> Window:
    """The smallest box holding every run's :func:`gdcore.view_window`, widened to ``aspect`` (W over b extent),
    the shorter side at most ``max_stretch`` times (1: W and b each drawn at the scale that fits them).

    Diverged runs contribute only their points no worse than the start, so they leave the map.
    """
    corners = np.vstack([view_window(bowl, run).corners for run in runs])
    return frame_points(corners[:, 0], corners[:, 1], aspect=aspect, max_stretch=max_stretch)


def head(trajectory: Trajectory, steps: int) -> Trajectory:
    """The record of the first ``steps`` steps of ``trajectory`` (``diverged_at`` still tells about the whole run)."""
    return dataclasses.replace(
        trajectory,
        w=trajectory.w[: steps + 1],
        b=trajectory.b[: steps + 1],
        loss=trajectory.loss[: steps + 1],
        batch_loss=trajectory.batch_loss[:steps],
        epoch=trajectory.epoch[:steps],
        batch_indices=trajectory.batch_indices.head(steps),
    )


def until_exit(trajectory: Trajectory, window: Window) -> Trajectory:
    """The run up to and including its first point outside ``window``: what a map can show of a blow-up.

    A diverging run swings ever wider across the valley, so each later
    segment would still cross the map; cut at the exit, it leaves the map once.
    """
    outside = ~window.contains(trajectory.w, trajectory.b)
    return head(trajectory, int(np.argmax(outside))) if outside.any() else trajectory


# -- learning rates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRun:
    """One full-batch run at ``factor`` x the critical rate (``lr`` = factor x 2 / lambda_max)."""

    factor: float
    trajectory: Trajectory

    @property
    def lr(self) -> float:
        return self.trajectory.lr


@dataclass(frozen=True)
class RatePlan:
    """Full-batch runs from one start at several fractions of ``bowl.critical_lr``.

    ``steps`` is the length of the converging runs: the step at which the
    slowest diverging run is flagged (so its badge can say when), else the
    lesson's epochs. ``scaling`` is the x the runs descend on, from the data's own x (see
    :func:`rate_scaling`); ``own`` tells whether that is the lesson's own x (else the scene says which).
    """

    bowl: Bowl
    runs: tuple[RateRun, ...]
    steps: int
    scaling: Scaling = Scaling()
    own: bool = True

    def stages(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the runs in the order they are best watched, a group at a time.

        The runs that never overshoot come first, together (they contrast
        best side by side), then each run that zig-zags, alone, then each run
        whose loss grows, alone: every regime is seen and told on its own.
        """
        smooth = tuple(i for i, run in enumerate(self.runs) if not self.overshoots(run))
        alone = [(i,) for i, run in enumerate(self.runs) if self.overshoots(run)]
        alone.sort(key=lambda stage: rises(self.runs[stage[0]].trajectory))  # stable: by factor within each kind
        return tuple(stage for stage in (smooth, *alone) if stage)

    def stage_factors(self, stage: tuple[int, ...]) -> list[float]:
        """The fractions of the critical rate of the runs of ``stage`` (indices, as :meth:`stages` gives)."""
        return [self.runs[i].factor for i in stage]

    def stage_steps(self, stage: tuple[int, ...]) -> int:
        """How many steps ``stage`` plays: its longest run's."""
        return max(self.runs[i].trajectory.steps for i in stage)

    def overshoots(self, run: RateRun) -> bool:
        """Whether ``run`` jumps across the valley floor (or grows) at some step."""
        return rises(run.trajectory) or overshoot_step(run.trajectory, self.bowl) is not None


def rate_scaling(lesson: LessonRun) -> Scaling:
    """The x the learning-rate runs descend on, as a change of the data's own x.

    The lesson's own when its bowl is tilted (condition number at least
    :data:`~gdlesson.lesson.claims.TILTED`). A round bowl (every standardised x) hides the regimes: a step
    multiplies the distance to the centre by the same ``|1 - 2 factor|`` in every direction, so 0.1x and 0.9x
    fall alike and 0.5x lands in one step. Then x is only centred, x'' = x - mean, when that bowl's condition
    number (var x, or its inverse) lies in :data:`SHOWN_CONDITION`; else x'' = (x - mean) / std x times
    sqrt(10), a bowl ten times longer than wide.
    """
    if lesson.bowl.condition_number >= TILTED or lesson.bowl.is_degenerate:
        return lesson.scaling
    standard = Scaling.standardize(lesson.data)
    centred = Scaling(standard.shift, 1.0)
    low, high = SHOWN_CONDITION
    if low <= Bowl.from_data(centred.apply(lesson.data)).condition_number <= high:
        return centred
    return Scaling(standard.shift, standard.scale / math.sqrt(10.0))


def rate_plan(lesson: LessonRun, factors: tuple[float, ...] = RATE_FACTORS) -> RatePlan:
    """Full-batch descent at each of ``factors`` x ``critical_lr``, where the theory is exact, on a bowl that
    shows the regimes apart (:func:`rate_scaling`).

    Along the Hessian's top eigenvector a full-batch step multiplies the
    distance to the optimum by ``1 - 2 factor``: below 0.5x it shrinks
    monotonically, between 0.5x and 1x it flips sign every step (the
    zig-zag), above 1x it grows (divergence).
    """
    scaling = rate_scaling(lesson)
    own = scaling == lesson.scaling
    if not own:  # the same start line, on the other x
        start = scaling.from_user(*lesson.to_user(*lesson.hyper.init))
        lesson = lesson.replace(data=scaling.apply(lesson.data), scale="none", init=[float(v) for v in start])
    full = lesson.replace(batch_size="full")
    unstable = {f: full.replace(lr=f"{f!r}x", epochs=_MAX_STEPS).trajectory for f in factors if f > 1}
    flagged = [run.diverged_at for run in unstable.values() if run.diverged]
    steps = max(flagged, default=lesson.hyper.epochs)
    runs = []
    for factor in factors:
        run = unstable[factor] if factor in unstable else full.replace(lr=f"{factor!r}x", epochs=steps).trajectory
        runs.append(RateRun(factor, run))
    return RatePlan(lesson.bowl, tuple(runs), steps, scaling, own)


# -- batch sizes on a budget ------------------------------------------------------------------------


def sample_critical_lr(data: Dataset) -> float:
    """The largest rate at which no single-sample step overshoots: min over i of 1 / (1 + x_i^2).

    One sample's MSE has Hessian 2 [[x^2, x], [x, 1]], with eigenvalues 0 and
    2 (1 + x^2); a step multiplies the error along the second by
    1 - 2 lr (1 + x^2), which stays in [-1, 1] up to this rate.
    """
    return float(1.0 / (1.0 + np.max(data.x * data.x)))


@dataclass(frozen=True)
class BudgetPlan:
    """SGD, a mini-batch and the full batch on the same data, start, seed and learning rate.

    Every run sees ``budget`` examples (the lesson's epochs x n), so they
    take budget / batch_size steps each: equal data, not equal updates.
    """

    bowl: Bowl
    lr: float
    budget: int
    runs: tuple[Trajectory, ...]


def budget_plan(lesson: LessonRun) -> BudgetPlan:
    """Batch sizes 1, B and n, at the lesson's rate capped at half the single-sample limit.

    B is the lesson's batch size when it lies strictly between 1 and n,
    else about sqrt(n). The cap (see :func:`sample_critical_lr`) keeps
    every SGD step from overshooting, so SGD wiggles but never blows up.
    """
    n = lesson.data.n
    middle = lesson.hyper.batch_size if 1 < lesson.hyper.batch_size < n else min(max(2, round(math.sqrt(n))), n - 1)
    lr = min(lesson.hyper.lr, 0.5 * sample_critical_lr(lesson.descent_data))
    sizes = sorted({1, middle, n})
    runs = tuple(lesson.replace(lr=lr, batch_size=size).trajectory for size in sizes)
    return BudgetPlan(lesson.bowl, lr, lesson.hyper.epochs * n, runs)


# -- mini-batch honesty -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class BatchStep:
    """Step ``step`` + 1 of a run: from ``start`` it follows ``bowl`` (the batch's own) to ``end``.

    ``full_end`` is where the full-data gradient would have taken it with
    the same learning rate; ``indices`` are the batch's samples.
    """

    step: int
    indices: np.ndarray
    bowl: Bowl
    start: tuple[float, float]
    end: tuple[float, float]
    full_end: tuple[float, float]


@dataclass(frozen=True)
class HonestyPlan:
    """A mini-batch run and its first few steps, each with its batch's own bowl."""

    bowl: Bowl
    run: Trajectory
    steps: tuple[BatchStep, ...]

    @property
    def reach(self) -> float:
        """The start's distance to the optimum: what "apart" is measured against."""
        (w0, b0), (w, b) = self.run.init, self.bowl.optimum
        return float(np.hypot(w0 - w, b0 - b))

    def window(self, aspect: float) -> Window:
        """A view at ``aspect`` of the whole run and every batch's best fit, with a tenth's margin."""
        optima = np.array([step.bowl.optimum for step in self.steps] + [self.bowl.optimum])
        w, b = np.concatenate([self.run.w, optima[:, 0]]), np.concatenate([self.run.b, optima[:, 1]])
        return frame_points(w, b, aspect=aspect, margin=0.1)


def honesty_plan(lesson: LessonRun, count: int = 4) -> HonestyPlan:
    """The run's first ``count`` steps, each with its batch's own bowl and the full-data step beside it.

    The first steps are the longest, so on a map of the whole run they show
    best how far a batch's step strays from the full-data one. The batch
    size is the lesson's, kept between 4 (so a batch's bowl is a proper
    bowl) and n / 4 (so batches differ); the rate is the lesson's, capped at
    half the critical rate so the run settles.
    """
    n = lesson.data.n
    size = min(max(lesson.hyper.batch_size, 4), max(4, n // 4), n)
    bowl = lesson.bowl
    run = lesson.replace(batch_size=size, lr=min(lesson.hyper.lr, 0.5 * bowl.critical_lr)).trajectory
    steps = []
    for step in range(min(count, run.steps)):
        indices = run.batch_indices[step]
        start = (float(run.w[step]), float(run.b[step]))
        grad_w, grad_b = bowl.gradient(*start)
        full_end = (start[0] - run.lr * float(grad_w), start[1] - run.lr * float(grad_b))
        end = (float(run.w[step + 1]), float(run.b[step + 1]))
        batch_bowl = Bowl.from_data(lesson.descent_data.subset(indices))
        steps.append(BatchStep(step, indices, batch_bowl, start, end, full_end))
    return HonestyPlan(bowl, run, tuple(steps))


# -- feature scaling --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScalingCase:
    """One way of writing the feature: its data, bowl and full-batch run from the lesson's start."""

    data: Dataset
    bowl: Bowl
    trajectory: Trajectory


@dataclass(frozen=True)
class ScalingPlan:
    """The lesson's relationship with x moved ``shift`` away from 0, and with x standardised.

    ``raw`` uses x + shift, ``standardised`` uses (x - mean) / std of the
    lesson's x. Both take the same number of full-batch steps at
    :data:`SCALING_FACTOR` x their own critical rate.
    """

    raw: ScalingCase
    standardised: ScalingCase
    shift: float
    mean: float
    std: float
    steps: int


def far_shift(data: Dataset, target: float = SCALING_TARGET) -> float:
    """The smallest round shift (0, or 1, 2, 5 x 10^k, away from 0) giving x + shift a condition number >= target;
    0 for an x already far from 0, whose bowl is a long valley as measured (condition number above
    :data:`~gdlesson.lesson.claims.LONG_VALLEY`, about ten standard deviations from 0): no need to move it.

    Raises ValueError for constant x, whose condition number is infinite whatever the shift.
    """
    if np.ptp(data.x) == 0:
        raise ValueError("feature scaling needs x values that vary; this data has a constant x")
    if Bowl.from_data(data).condition_number >= min(target, LONG_VALLEY):
        return 0.0
    sign = 1.0 if np.mean(data.x) >= 0 else -1.0
    for shift in (mantissa * 10.0**power for power in range(16) for mantissa in (1.0, 2.0, 5.0)):
        if Bowl.from_data(Dataset(data.x + sign * shift, data.y)).condition_number >= target:
            return sign * shift
    raise ValueError(
        f"no shift up to 5e15 gives x a condition number of {number(target, 6)}; the data is too spread out"
    )


def scaling_plan(lesson: LessonRun) -> ScalingPlan:
    """x far from 0 (as measured when it already is, see :func:`far_shift`) against standardised x (exactly 1).

    For standardised x the Hessian is 2 I, a round bowl; moving x to mean m
    makes it 2 [[var + m^2, m], [m, 1]], whose eigenvalues drift apart like
    m^2 / var: a long, thin valley.
    """
    x, y = lesson.data.x, lesson.data.y
    shift = far_shift(lesson.data)
    mean, std = float(np.mean(x)), float(np.std(x))
    cases = []
    for data in (Dataset(x + shift, y), Dataset((x - mean) / std, y)):
        # Both cases are drawn as written (no automatic scaling), from the same (W, b).
        changed = lesson.replace(
            data=data, lr=f"{SCALING_FACTOR!r}x", batch_size="full", scale="none", init=list(lesson.hyper.init)
        )
        cases.append(ScalingCase(data, changed.bowl, changed.trajectory))
    return ScalingPlan(cases[0], cases[1], shift, mean, std, lesson.hyper.epochs)
