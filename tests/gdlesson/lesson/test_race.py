"""The race's plan and the legend's predicates, each recomputed here from the data alone (NumPy's lstsq and eigh,
the MSE of each recorded line on the data), and against the theory of full-batch descent."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lessons import make_lesson

from gdlesson.lesson.race import OVERSHOOT_SHARE, RACE, REACH_SHARE, TAIL, race_plan

ROOT = Path(__file__).resolve().parents[3]
LESSONS = {
    "built-in (tilted)": {},
    "built-in, full batch": {"batch_size": "full"},
    "years (round)": {"data": {"csv": str(ROOT / "tests" / "data" / "years.csv")}},
    "long valley": {"data": {"n": 100, "w": 2.0, "b": -1.0, "noise": 1.0, "x_range": [2.0, 6.0]}, "scale": "none"},
    "far x, SGD-sized batches": {
        "data": {"n": 60, "w": -0.8, "b": 30.0, "noise": 2.0, "x_range": [20.0, 26.0], "seed": 3},
        "lr": "0.5x",
        "batch_size": 4,
        "epochs": 15,
    },
    "too fast": {"lr": "1.5x"},
}


@pytest.fixture(scope="module", params=list(LESSONS))
def case(request):
    lesson = make_lesson(**LESSONS[request.param])
    return lesson, race_plan(lesson)


class Truth:
    """What the data say about a run, computed without gdcore's Bowl or gdlesson's claims."""

    def __init__(self, lesson, run):
        x, y = lesson.descent_data.x, lesson.descent_data.y
        design = np.column_stack([x, np.ones_like(x)])
        self.optimum = np.linalg.lstsq(design, y, rcond=None)[0]
        self.hessian = 2 * design.T @ design / len(x)
        values, vectors = np.linalg.eigh(self.hessian)
        self.points = np.column_stack([run.w, run.b])
        self.loss = np.array([np.mean((y - w * x - b) ** 2) for w, b in self.points])
        best = np.mean((y - design @ self.optimum) ** 2)
        self.excess = self.loss - best
        offsets = self.points - self.optimum
        if values[1] / values[0] >= 2:
            self.basis, curvature = vectors, values
        else:  # no valley: the way from the start to the optimum, and across it
            way = offsets[0] / np.linalg.norm(offsets[0])
            self.basis = np.column_stack([way, [-way[1], way[0]]])
            curvature = np.array([u @ self.hessian @ u for u in self.basis.T])
        along = offsets @ self.basis
        self.shares = np.sign(along[0]) * np.sign(along) * 0.5 * curvature * along**2 / self.excess[0]
        self.diverged = run.diverged


def truths(case):
    lesson, plan = case
    return [(run, Truth(lesson, run.trajectory)) for run in plan.runs]


def test_every_optimizer_runs_from_the_lessons_start_on_its_batches(case):
    lesson, plan = case
    assert [run.optimizer for run in plan.runs] == list(RACE)
    for run in plan.runs:
        assert run.trajectory.init == lesson.hyper.init and run.trajectory.hyper.optimizer == run.optimizer
        assert run.trajectory.batch_size == lesson.hyper.batch_size and run.trajectory.seed == lesson.hyper.seed
        steps = min(run.trajectory.steps, lesson.trajectory.steps)
        assert all(
            np.array_equal(run.trajectory.batch_indices[t], lesson.trajectory.batch_indices[t]) for t in range(steps)
        )
    assert plan.run("gd").lr == plan.run("momentum").lr == plan.run("nesterov").lr == lesson.hyper.lr


def test_shares_add_up_to_the_excess_loss_on_a_tilted_bowl(case):
    lesson, plan = case
    for run, truth in truths(case):
        ours = plan.excess(run) / plan.excess(run)[0]
        assert ours == pytest.approx(truth.excess / truth.excess[0], rel=1e-6, abs=1e-9)
        if not plan.round and not run.trajectory.diverged:
            assert np.abs(truth.shares).sum(axis=1) == pytest.approx(ours, rel=1e-6, abs=1e-9)


def test_who_reaches_one_percent_and_who_first(case):
    lesson, plan = case
    steps = {}
    for run, truth in truths(case):
        within = np.flatnonzero(truth.excess <= REACH_SHARE * truth.excess[0])
        expected = None if truth.diverged or not len(within) else int(within[0])
        assert plan.reach_step(run) == expected, run.name
        steps[run.optimizer] = expected
    reached = {name: step for name, step in steps.items() if step is not None}
    best = min(reached.values(), default=None)
    assert {run.optimizer for run in plan.first()} == {name for name, step in reached.items() if step == best}


def test_who_overshoots(case):
    lesson, plan = case
    for run, truth in truths(case):
        expected = None
        for t in range(len(truth.excess)):
            if truth.excess[t] <= 0.05 * truth.excess[0]:
                continue
            if any(truth.shares[0, i] >= 0.1 and truth.shares[t, i] < -0.1 for i in range(2)):
                expected = t
                break
        assert plan.overshoot_step(run) == expected, run.name


def test_who_is_still_oscillating(case):
    lesson, plan = case
    for run, truth in truths(case):
        steps = len(truth.excess) - 1
        tail = truth.shares[steps - int(np.ceil(0.25 * steps)) :]
        swinging = any(tail[:, i].max() >= 0.1 and tail[:, i].min() <= -0.1 for i in range(2))
        blown = truth.diverged or not truth.loss[-1] <= truth.loss[0]
        assert plan.blows_up(run) == blown
        assert plan.still_oscillating(run) == (swinging and not blown), run.name
    assert (OVERSHOOT_SHARE, TAIL) == (0.1, 0.25)  # the numbers written out above


def test_the_legend_words_are_the_predicates(case):
    lesson, plan = case
    for run in plan.runs:
        words = plan.words(run)
        if plan.blows_up(run):
            assert words == ["blows up"]
            continue
        assert ("overshoots" in words) == (plan.overshoot_step(run) is not None)
        assert ("still oscillating" in words) == plan.still_oscillating(run)
        assert ("first to 1%" in words) == (run in plan.first())
        step = plan.reach_step(run)
        assert words[0] in ("first to 1%", f"1% at step {step}", "not within 1%")


def test_adams_first_step_moves_each_parameter_by_its_rate(case):
    """What the scene says of Adam's alpha: m_hat = g and v_hat = g^2 at step 1, so each coordinate moves by
    alpha |g| / (|g| + eps)."""
    lesson, plan = case
    adam = plan.run("adam").trajectory
    moved = np.abs([adam.w[1] - adam.w[0], adam.b[1] - adam.b[0]])
    assert moved == pytest.approx([adam.lr, adam.lr], rel=1e-6)


def test_the_theory_of_full_batch_descent():
    """Full batch on the tilted built-in bowl: plain descent below half the critical rate never crosses the
    valley floor (each eigen-component shrinks by 1 - lr lambda > 0); heavy ball at mu = 0.9 has complex roots
    along every direction at this rate, so it must swing across; on a round bowl the bowl is called round."""
    lesson = make_lesson(batch_size="full", epochs=60)
    plan = race_plan(lesson)
    assert lesson.hyper.lr < lesson.bowl.critical_lr / 2
    assert plan.overshoot_step(plan.run("gd")) is None and not plan.still_oscillating(plan.run("gd"))
    assert plan.overshoot_step(plan.run("momentum")) is not None
    assert not plan.round and race_plan(make_lesson(**LESSONS["years (round)"])).round


def test_a_run_that_stays_past_the_bottom_is_not_oscillating_and_one_that_swings_is():
    """Made-up paths along the start's way on the round years bowl: 40 steps from the start to 0.5 past the
    bottom and staying there, or swinging between 0.5 short of it and 0.5 past it."""
    import dataclasses

    from gdlesson.lesson.race import RaceRun, shares

    lesson = make_lesson(**LESSONS["years (round)"])
    plan = race_plan(lesson)
    template = plan.run("gd").trajectory
    start, optimum = np.array(template.init), np.array(lesson.bowl.optimum)

    def made_up(fractions):
        points = optimum + np.outer(fractions, start - optimum)
        w, b = points[:, 0].copy(), points[:, 1].copy()
        loss = np.asarray(lesson.bowl.loss(w, b), dtype=float)
        steps = len(w) - 1
        return RaceRun("gd", dataclasses.replace(template, w=w, b=b, loss=loss, batch_loss=template.batch_loss[:steps]))

    stays = made_up(np.concatenate([np.linspace(1, -0.5, 11), np.full(30, -0.5)]))
    swings = made_up(np.concatenate([np.linspace(1, -0.5, 11), np.tile([0.5, -0.5], 15)]))
    assert shares(stays.trajectory, lesson.bowl)[-1, 0] == pytest.approx(-0.25)  # 0.5^2 of the excess, past it
    assert not plan.still_oscillating(stays) and plan.still_oscillating(swings)
    # The share is the square of the way: first past 0.1 at s = 1 - 0.15 t < -sqrt(0.1), t = 9 (s = -0.35).
    assert plan.overshoot_step(stays) == plan.overshoot_step(swings) == 9
