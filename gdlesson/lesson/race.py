"""The optimizer race: every optimizer from the lesson's start on the lesson's batches, and what each run did
(no manim).

:func:`race_plan` runs plain gradient descent, momentum, Nesterov, RMSProp and Adam on the lesson's bowl.
The legend's words are predicates on those runs, each defined here and nowhere else:

- :meth:`RacePlan.overshoot_step`: the run lands past the bottom, or across the valley floor, on its way down;
- :meth:`RacePlan.reach_step` and :meth:`RacePlan.first`: who first gets within 1% of the start's excess loss;
- :meth:`RacePlan.still_oscillating`: the run still swings across the bottom, widely, in its last quarter;
- :meth:`RacePlan.blows_up`: its loss ends above where it started (or it was flagged diverged).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gdcore import Bowl, Trajectory
from gdlesson.lesson.claims import SETTLED_SHARE, TILTED, reached_step, rises
from gdlesson.lesson.run import LessonRun
from gdlesson.text import percent

__all__ = [
    "ADAPTIVE_SHARE",
    "NAMES",
    "OVERSHOOT_SHARE",
    "RACE",
    "REACH_SHARE",
    "TAIL",
    "RacePlan",
    "RaceRun",
    "adaptive_lr",
    "directions",
    "listing",
    "race_plan",
    "shares",
]

RACE = ("gd", "momentum", "nesterov", "rmsprop", "adam")
"""The runs of the race, in the legend's order."""

NAMES = {"gd": "plain GD", "momentum": "momentum", "nesterov": "Nesterov", "rmsprop": "RMSProp", "adam": "Adam"}
"""What each optimizer is called on screen."""

REACH_SHARE = 0.01
"""The finish line: the loss above the minimum at most this share of the start's."""

OVERSHOOT_SHARE = 0.1
"""A swing counts when it lands past the bottom, or across the valley floor, holding at least this share of the
start's excess loss on the far side (see :func:`shares`). Mini-batch jitter stays under it: at most 0.08 for
plain descent on the built-in data, on real data sets and on long valleys (condition numbers up to 900) in the
tests; momentum's first swing holds 0.3 to 0.7."""

TAIL = 0.25
"""The share of the run, at its end, in which :meth:`RacePlan.still_oscillating` looks for swings."""

ADAPTIVE_SHARE = 4.0
"""RMSProp and Adam take about one step of length lr per coordinate at first (they divide the gradient by its
own size), so their lr is a length: the start's largest coordinate distance to the optimum over a
:data:`ADAPTIVE_SHARE`-th of the run's steps, which they would cover in that quarter of the race."""


def directions(run: Trajectory, bowl: Bowl) -> np.ndarray:
    """The bowl's two directions the race's predicates look along, as columns of a (2, 2) matrix.

    A tilted bowl (condition number >= 2): the Hessian's eigenvectors, along the valley floor and across
    it. A nearly round one, which has no valley: the start's way to the optimum and the direction across it.
    """
    if bowl.condition_number >= TILTED:
        return np.asarray(bowl.eigenvectors, dtype=float)
    way = np.array([run.w[0] - bowl.optimum[0], run.b[0] - bowl.optimum[1]], dtype=float)
    norm = math.hypot(*way)
    way = way / norm if norm > 0 else np.array([1.0, 0.0])
    return np.column_stack([way, [-way[1], way[0]]])


def shares(run: Trajectory, bowl: Bowl) -> np.ndarray:
    """Each point's offset from the optimum along each of :func:`directions`, as a signed share of the start's
    excess loss, shape (T+1, 2).

    With the offset's component c_i along direction u_i: (1/2) u_i^T H u_i c_i^2 over the start's excess
    (the parts add up to the excess along eigenvectors; a nearly round bowl leaves out a small cross term),
    negative where c_i has the other sign than at the start (the point is past the bottom, or across the
    valley floor, from where the run began). Zero where the start had no offset that way.
    """
    basis = directions(run, bowl)
    offsets = np.column_stack([run.w - bowl.optimum[0], run.b - bowl.optimum[1]]) @ basis
    curvature = np.einsum("ij,ik,kj->j", basis, bowl.hessian, basis)
    start = float(run.loss[0]) - bowl.min_loss
    if start <= 0:
        return np.zeros_like(offsets)
    return np.sign(offsets[0]) * np.sign(offsets) * 0.5 * curvature * offsets**2 / start


def adaptive_lr(bowl: Bowl, init: tuple[float, float], steps: int) -> float:
    """The learning rate of RMSProp and Adam in the race (see :data:`ADAPTIVE_SHARE`)."""
    distance = max(abs(init[0] - bowl.optimum[0]), abs(init[1] - bowl.optimum[1]))
    return distance / max(steps / ADAPTIVE_SHARE, 1.0) if distance > 0 else 1e-3


@dataclass(frozen=True)
class RaceRun:
    """One optimizer's run: its name in :data:`RACE`, and the trajectory (``lr`` read through)."""

    optimizer: str
    trajectory: Trajectory

    @property
    def name(self) -> str:
        return NAMES[self.optimizer]

    @property
    def lr(self) -> float:
        return self.trajectory.lr


@dataclass(frozen=True)
class RacePlan:
    """Every optimizer of :data:`RACE` from one start on the same batches, and the predicates on them.

    Plain GD, momentum and Nesterov share the lesson's learning rate (momentum adds memory to the same
    steps); RMSProp and Adam use :func:`adaptive_lr`. Every optimizer parameter is the lesson's.
    """

    bowl: Bowl
    runs: tuple[RaceRun, ...]

    @property
    def round(self) -> bool:
        """A nearly round bowl (condition number under 2): plain descent already heads straight down."""
        return self.bowl.condition_number < TILTED

    @property
    def steps(self) -> int:
        return max(run.trajectory.steps for run in self.runs)

    def run(self, optimizer: str) -> RaceRun:
        return self.runs[RACE.index(optimizer)]

    def excess(self, run: RaceRun) -> np.ndarray:
        """The loss above the minimum at every step, shape (T+1,)."""
        return np.asarray(run.trajectory.loss, dtype=float) - self.bowl.min_loss

    def blows_up(self, run: RaceRun) -> bool:
        return rises(run.trajectory)

    def overshoot_step(self, run: RaceRun) -> int | None:
        """The first step, while the run is still above :data:`SETTLED_SHARE` of the start's excess, that lands on
        the far side of the bottom or of the valley floor with :data:`OVERSHOOT_SHARE` of the start's excess
        there (:func:`shares`), along a direction that held at least as much at the start (else there is no
        side it came from); None if it never does."""
        excess = self.excess(run)
        early = ~(excess <= SETTLED_SHARE * excess[0])  # a blow-up (inf, nan) stays early
        parts = shares(run.trajectory, self.bowl)
        sides = parts[0] >= OVERSHOOT_SHARE
        far = np.any((parts < -OVERSHOOT_SHARE) & sides, axis=1)
        past = np.flatnonzero(far & early)
        return int(past[0]) if len(past) else None

    def reach_step(self, run: RaceRun) -> int | None:
        """The first step within :data:`REACH_SHARE` of the start's excess loss; None if never (or blown up)."""
        return None if run.trajectory.diverged else reached_step(run.trajectory, self.bowl, REACH_SHARE)

    def first(self) -> tuple[RaceRun, ...]:
        """The runs that reach :data:`REACH_SHARE` first (ties share it); empty when none does."""
        reached = [(step, run) for run in self.runs if (step := self.reach_step(run)) is not None]
        best = min((step for step, _ in reached), default=None)
        return tuple(run for step, run in reached if step == best)

    def still_oscillating(self, run: RaceRun) -> bool:
        """In the last :data:`TAIL` of its steps the run is seen on both sides of the bottom (or of the valley
        floor) along one of :func:`directions`, each time holding :data:`OVERSHOOT_SHARE` of the start's excess
        there: it still swings widely, not a settled run's jitter. Never for a blow-up (it grows instead)."""
        if self.blows_up(run):
            return False
        steps = run.trajectory.steps
        tail = shares(run.trajectory, self.bowl)[steps - max(int(math.ceil(TAIL * steps)), 1) :]
        both = (tail.max(axis=0) >= OVERSHOOT_SHARE) & (tail.min(axis=0) <= -OVERSHOOT_SHARE)
        return bool(np.any(both))

    def words(self, run: RaceRun) -> list[str]:
        """The legend's words for ``run``, each a predicate above: "blows up" alone, else "first to 1%" (or "1%
        at step N", or "not within 1%"), "overshoots", "still oscillating"."""
        if self.blows_up(run):
            return ["blows up"]
        step = self.reach_step(run)
        share = f"{percent(REACH_SHARE)}"
        if step is None:
            words = [f"not within {share}"]
        elif run in self.first():
            words = [f"first to {share}"]
        else:
            words = [f"{share} at step {step}"]
        if self.overshoot_step(run) is not None:
            words.append("overshoots")
        if self.still_oscillating(run):
            words.append("still oscillating")
        return words


def race_plan(lesson: LessonRun) -> RacePlan:
    """The lesson's run (start, batches, steps, rate) by each optimizer of :data:`RACE` (see :class:`RacePlan`)."""
    planned = lesson.hyper.epochs * lesson.trajectory.steps_per_epoch
    adaptive = adaptive_lr(lesson.bowl, lesson.hyper.init, planned)
    runs = []
    for optimizer in RACE:
        lr = adaptive if optimizer in ("rmsprop", "adam") else lesson.hyper.lr
        runs.append(RaceRun(optimizer, lesson.replace(optimizer=optimizer, lr=lr).trajectory))
    return RacePlan(lesson.bowl, tuple(runs))


# -- what the captions say, each from the predicates above ------------------------------------------------


def listing(runs) -> str:
    """ "Momentum", "Momentum and Adam", "Plain GD, momentum and Adam": the runs' names, to start a sentence."""
    said = [run.name for run in runs]
    text = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return text[:1].upper() + text[1:]  # it starts a sentence


def race_cues(plan: RacePlan) -> dict[int, str]:
    """What to say during the race, keyed by the step where it shows: momentum's first swing (unless it blows
    up) and who first gets within :data:`REACH_SHARE`."""
    cues = {}
    momentum = plan.run("momentum")
    over = plan.overshoot_step(momentum)
    if over is not None and not plan.blows_up(momentum):
        swing = "past the centre and back" if plan.round else "across the valley and back"
        cues[over] = f"Momentum overshoots: it swings {swing}, a damped zig-zag."
    first = plan.first()
    if first:
        step, verb = plan.reach_step(first[0]), "gets" if len(first) == 1 else "get"
        line = f"{listing(first)} first {verb} within {percent(REACH_SHARE)} of the start's excess, at step {step}."
        cues[step if step not in cues else step + 1] = line
    return cues


def result_sentences(plan: RacePlan) -> list[str]:
    """What to say once the legend shows what each run did."""
    said = []
    blown = [run for run in plan.runs if plan.blows_up(run)]
    if blown:
        losses = "its loss" if len(blown) == 1 else "their losses"
        said.append(f"{listing(blown)} blew up: {losses} ended above the start.")
    swinging = [run for run in plan.runs if plan.still_oscillating(run)]
    if swinging:
        verb = "swings" if len(swinging) == 1 else "swing"
        said.append(f"{listing(swinging)} still {verb} across the bottom at the end.")
    if plan.round:
        said.append("This bowl is nearly round: plain descent already heads straight down.")
        said.append("A round bowl hides the difference: momentum and Adam are for long, thin bowls.")
        return said
    gd, momentum = (plan.reach_step(plan.run(name)) for name in ("gd", "momentum"))
    if momentum is not None and (gd is None or momentum < gd):
        said.append(f"Momentum got within {percent(REACH_SHARE)} before plain GD: its speed builds along the valley.")
    else:
        said.append(f"Here momentum's swings cost it time: plain GD got within {percent(REACH_SHARE)} no later.")
    return said
