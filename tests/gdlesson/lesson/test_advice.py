"""Advice follows from the run (issue 17 items 3 and 4): the change advised is the one that lowers the final excess
most in repeated runs, "more epochs" never on a run that sits on its noise floor, and a mini-batch run whose
batches pull it above its start is said to wander, with the height it reached."""

from __future__ import annotations

import re

import numpy as np
import pytest
from lessons import make_lesson

from gdlesson.lesson import claims
from gdlesson.lesson.claims.advice import advise

SEEDS = range(12)
NOISY = {"n": 50, "w": 0.3, "b": 1.0, "noise": 5.0, "x_range": [-3, 3], "seed": 2}


def mean_final_excess(lesson, **changes) -> float:
    """The final loss above the minimum, averaged over shuffles (the runs' own seeds), for ``changes``."""
    finals = []
    for seed in SEEDS:
        run = lesson.replace(seed=seed, **changes)
        finals.append(float(run.trajectory.loss[-1]) - run.bowl.min_loss)
    return float(np.mean(finals))


def changes_of(option: str, lesson) -> dict:
    """The settings an advised option stands for ("--lr 0.45x", "--batch-size 40", "more epochs")."""
    if option == "more epochs":
        return {"epochs": 4 * lesson.hyper.epochs}
    name, value = option.split()
    if name == "--lr":
        return {"lr": value}
    return {"batch_size": "full" if value == "full" else int(value)}


@pytest.mark.parametrize(
    "overrides",
    [
        {"lr": "0.9x"},  # the case: at 0.9x with batches of 10, the last epochs sit on a noise floor
        {"lr": "0.5x", "batch_size": 1},
        {"lr": "0.5x", "batch_size": 1, "data": NOISY},
        {"lr": "0.01x", "epochs": 2, "batch_size": "full"},  # small steps: bigger ones help
        {"lr": "0.05x", "epochs": 3, "batch_size": 10},
    ],
)
def test_the_advised_change_lowers_the_final_excess_more_than_running_longer(overrides):
    lesson = make_lesson(**overrides)
    run, bowl = lesson.trajectory, lesson.bowl
    advice = advise(run, bowl, lesson.descent_data)
    now = mean_final_excess(lesson)
    longer = mean_final_excess(lesson, epochs=4 * lesson.hyper.epochs)
    if advice is None:
        return
    advised = mean_final_excess(lesson, **changes_of(advice.option, lesson))
    assert advised < 0.8 * now, (advice, advised, now)
    if advice.option != "more epochs":  # the alternative it beat really does less
        assert advised <= longer * 1.05, (advice, advised, longer)
    else:
        assert longer < 0.8 * now


def test_a_run_on_its_noise_floor_is_not_told_to_run_longer():
    """0.9x with batches of 10 on the built-in data: four times the epochs end no lower on average (the floor),
    and the caption does not say "more epochs"."""
    lesson = make_lesson(lr="0.9x", epochs=10)
    now, longer = mean_final_excess(lesson), mean_final_excess(lesson, epochs=40)
    assert longer > 0.7 * now  # running longer does not help: the run is on its floor
    advice = advise(lesson.trajectory, lesson.bowl, lesson.descent_data)
    assert advice is None or advice.option != "more epochs"
    assert "more epochs" not in claims.outcome_sentence(lesson.trajectory, lesson.bowl, lesson.descent_data)


@pytest.mark.parametrize("overrides", [{"lr": "0.5x", "batch_size": 1}, {"lr": "0.5x", "batch_size": 1, "data": NOISY}])
def test_sgd_that_climbs_above_its_start_is_said_to_wander_with_its_peak(overrides):
    lesson = make_lesson(**overrides)
    run, bowl = lesson.trajectory, lesson.bowl
    x, y = lesson.descent_data.x, lesson.descent_data.y
    losses = np.array([np.mean((y - (w * x + b)) ** 2) for w, b in zip(run.w, run.b, strict=True)])
    peak = losses[1:].max() / losses[0]
    assert peak > 1.0 and run.batch_size == 1
    said = claims.shape_sentence(bowl, run)
    assert "wanders" in said and "One point a step" in said
    shown = float(re.search(r"rose to ([\d.]+)\u00d7", said).group(1))
    assert shown == pytest.approx(peak, rel=0.05)
    cues = claims.descent_cues(run, bowl, lesson.descent_data)
    assert cues[int(np.argmax(losses))] == said  # said at the peak
    everything = " ".join([*cues.values(), claims.noise_sentence(run, bowl, lesson.descent_data)])
    for untrue in ("almost straight at the centre", "a little differently"):
        assert untrue not in everything


def test_a_full_batch_run_never_wanders():
    lesson = make_lesson(batch_size="full", lr="0.9x")
    assert not claims.wanders(lesson.trajectory)
