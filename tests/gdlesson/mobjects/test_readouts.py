"""Readouts: the numbers are the run's recorded state at the last step taken, the MSE the bowl's loss there."""

from __future__ import annotations

import pytest
from lessons import make_lesson
from manim import ValueTracker

from gdlesson.mobjects.readouts import Readouts
from gdlesson.mobjects.theme import THEMES

LESSON = make_lesson()
THEME = THEMES["dark"]


@pytest.mark.parametrize("position", [0.0, 0.6, 1.0, 12.5, 10_000.0])
def test_numbers_are_the_last_step_taken_a_state_the_run_visited(position):
    run, bowl = LESSON.trajectory, LESSON.bowl
    tracker = ValueTracker(position)
    readouts = Readouts(run, bowl, tracker, theme=THEME)
    readouts.update()
    step = min(int(position), run.steps)
    values = [number.get_value() for number in readouts.values]
    assert values[0] == step
    assert values[1] == (1 if step == 0 else run.epoch[step - 1] + 1)
    assert values[2:4] == [run.w[step], run.b[step]]  # recorded, not between two steps
    assert values[4] == pytest.approx(float(bowl.loss(run.w[step], run.b[step])), rel=1e-12)
    assert [total.original_text for total in readouts.totals] == [f"/ {run.steps}", f"/ {run.epochs}"]
