"""minibatch_noise's words on each batch (issue 17 item 5): "another best" only when the batch's least-squares fit
(np.polyfit on its own points, here) differs visibly from the batch before's; "another direction" only when the step
turns."""

from __future__ import annotations

import math

import numpy as np
import pytest
from lessons import make_lesson

from gdcore import Dataset
from gdlesson.lesson.claims.batches import APART, TURN_DEGREES, batch_sentences, conclusion_sentence
from gdlesson.lesson.experiments import honesty_plan


def on_a_line_with_one_outlier() -> Dataset:
    x = np.linspace(-2.0, 2.0, 40)
    y = 2.0 * x + 1.0
    y[7] += 6.0
    return Dataset(x, y)


@pytest.mark.parametrize("data", [on_a_line_with_one_outlier(), None])
def test_another_best_and_another_direction_only_when_they_differ(data):
    lesson = make_lesson() if data is None else make_lesson().replace(data=data, batch_size=8)
    plan = honesty_plan(lesson, count=6)
    x, y = lesson.descent_data.x, lesson.descent_data.y
    fits = [np.polyfit(x[step.indices], y[step.indices], 1) for step in plan.steps]
    (w0, b0), (ws, bs) = plan.run.init, plan.bowl.optimum
    reach = math.hypot(w0 - ws, b0 - bs)
    said_same = 0
    for index in range(2, len(plan.steps)):
        before, during = batch_sentences(plan.steps, index, reach=reach, batch="orange", ring="white")
        apart = math.hypot(*(fits[index] - fits[index - 1])) > APART * reach
        assert ("another best" in before) == apart, (index, before, fits[index], fits[index - 1])
        said_same += not apart
        u = np.subtract(plan.steps[index - 1].end, plan.steps[index - 1].start)
        v = np.subtract(plan.steps[index].end, plan.steps[index].start)
        angle = math.degrees(math.acos(np.clip(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v)), -1, 1)))
        assert ("another direction" in during) == (angle > TURN_DEGREES), (index, during, angle)
    if data is not None:
        assert said_same >= 1, "on a line, two batches without the outlier share the line itself as their best"


def test_the_conclusion_says_wiggles_only_when_the_path_wiggles():
    plan = honesty_plan(make_lesson())
    assert conclusion_sentence(plan.steps, True, 1.0).endswith("the path wiggles.")
    assert "wiggles" not in conclusion_sentence(plan.steps, False, 1.0)


@pytest.mark.parametrize("overrides", [{}, {"lr": "0.05x"}, {"data": {"n": 60, "w": -0.8, "b": 30.0, "noise": 2.0}}])
def test_the_budget_cues_name_who_was_ahead_when_the_full_batch_first_steps(overrides):
    """Issue 17 item 6: no "only now" left on screen through later steps, no "quick progress" for a run behind.
    Who was furthest down after one pass is recomputed from each run's own losses and examples seen."""
    from gdlesson.lesson.claims.batches import budget_cues
    from gdlesson.lesson.experiments import budget_plan

    plan = budget_plan(make_lesson(**overrides))
    cues = budget_cues(plan.runs, plan.bowl)
    n = plan.runs[-1].n
    assert n in cues and all("only now" not in text.lower() and "quick" not in text for text in cues.values())
    excess = []
    for run in plan.runs:
        seen = np.cumsum([0] + [len(run.batch_indices[i]) for i in range(run.steps)])
        last = max(i for i in range(len(seen)) if seen[i] <= n)
        excess.append(run.loss[last] - plan.bowl.min_loss)
    ahead = plan.runs[int(np.argmin(excess))]
    name = {1: "SGD was", n: "the full batch was"}.get(ahead.batch_size, "the mini-batches were")
    assert cues[n].endswith(f"by then {name} furthest down."), (cues[n], excess)
