"""Claims about what a run does and when: checked against the literal loop, brute force and the theme's RGB."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson

from gdcore import Window, gd_step
from gdlesson.lesson.claims import (
    batches_average_to_all,
    colour_name,
    descent_cues,
    exit_step,
    motion_word,
    noise_sentence,
    overshoot_step,
    settled_step,
    zigzags,
)
from gdlesson.mobjects.theme import THEMES

LESSON = make_lesson()


def literal_full_batch(lesson, lr: float, steps: int) -> np.ndarray:
    """(W, b) of full-batch descent with the seed's literal step, shape (steps + 1, 2)."""
    w, b = lesson.hyper.init
    points = [(w, b)]
    for _ in range(steps):
        w, b, _ = gd_step(w, b, lesson.data.x, lesson.data.y, lr)
        points.append((w, b))
    return np.array(points)


@pytest.mark.parametrize("factor", [0.3, 0.45, 0.55, 0.9, 0.99])
def test_zigzag_is_a_jump_across_the_valley_at_every_step(factor):
    lesson = make_lesson(batch_size="full", lr=f"{factor}x", epochs=30)
    x = lesson.data.x
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    steep = np.linalg.eigh(hessian)[1][:, 1]
    points = literal_full_batch(lesson, lesson.hyper.lr, 30)
    along = (points - np.array(lesson.bowl.optimum)) @ steep
    along = along[np.abs(along) > 1e-9 * np.abs(along[0])]  # before rounding noise decides the sign
    flips = np.sign(along[1:]) != np.sign(along[:-1])
    assert zigzags(lesson.trajectory, lesson.bowl) == bool(np.all(flips))
    assert zigzags(lesson.trajectory, lesson.bowl) == (factor > 0.5)
    said = noise_sentence(lesson.trajectory, lesson.bowl, lesson.descent_data)
    assert ("smooth" in said) == (not np.any(flips)), said
    assert motion_word(lesson.trajectory, lesson.bowl) == ("zig-zags" if factor > 0.5 else "smooth")


def test_settled_step_is_the_first_step_from_which_the_loss_stays_low():
    run, bowl = LESSON.trajectory, LESSON.bowl
    excess = run.loss - bowl.min_loss
    brute = next(t for t in range(len(excess)) if all(e <= 0.05 * excess[0] for e in excess[t:]))
    assert settled_step(run, bowl) == brute
    assert settled_step(run, bowl, share=1e-12) is None


def test_exit_step_is_the_first_point_outside_the_window():
    run = make_lesson(batch_size="full", lr="1.2x", epochs=60).trajectory
    window = Window(-10.0, 20.0, -20.0, 10.0)
    outside = [t for t in range(len(run.w)) if not (-10 <= run.w[t] <= 20 and -20 <= run.b[t] <= 10)]
    assert exit_step(run, window) == outside[0]
    assert exit_step(LESSON.trajectory, Window(-1e9, 1e9, -1e9, 1e9)) is None


def test_cues_come_at_the_steps_of_their_events():
    zigzag = make_lesson(batch_size="full", lr="0.95x", epochs=60)
    cues = descent_cues(zigzag.trajectory, zigzag.bowl, zigzag.descent_data)
    assert min(cues) == 1 and "jumps across the valley" in cues[1]
    settled = settled_step(LESSON.trajectory, LESSON.bowl)
    assert "wiggles" in descent_cues(LESSON.trajectory, LESSON.bowl, LESSON.descent_data)[settled]
    wild = make_lesson(batch_size="full", lr="1.2x", epochs=60)
    window = Window(-10.0, 20.0, -20.0, 10.0)
    late = max(descent_cues(wild.trajectory, wild.bowl, wild.descent_data, window))
    assert late == exit_step(wild.trajectory, window)


@pytest.mark.parametrize(("batch_size", "expected"), [(10, True), (25, True), (30, False), (1, True)])
def test_batches_average_to_all_only_for_equal_batches_covering_the_data(batch_size, expected):
    lesson = make_lesson(batch_size=batch_size)
    run = lesson.trajectory
    assert batches_average_to_all(run) is expected
    x, y = lesson.data.x, lesson.data.y
    batches = [np.asarray(run.batch_indices[i]) for i in range(run.steps_per_epoch)]
    mean_of_batches = np.mean([np.mean((y[i] - (1.3 * x[i] - 0.4)) ** 2) for i in batches])
    assert bool(mean_of_batches == pytest.approx(np.mean((y - (1.3 * x - 0.4)) ** 2), rel=1e-12)) is expected


def test_colour_names_follow_the_theme():
    dark, light = THEMES["dark"], THEMES["light"]
    assert colour_name(dark.text) == "white" and colour_name(light.text) == "black"
    assert colour_name(dark.muted) == "light grey" and colour_name(light.muted) == "grey"
    assert colour_name(dark.batch) == "orange" and colour_name(dark.optimum) == "green"
    assert colour_name(dark.path) == "light blue" and colour_name(light.path) == "blue"
    with pytest.raises(ValueError, match="neither"):
        colour_name("#8040C0")


@pytest.mark.parametrize("factor", [0.1, 0.5, 0.55, 0.9, 1.05])
def test_the_first_overshoot_is_the_first_step_landing_across_the_valley_floor(factor):
    lesson = make_lesson(batch_size="full", lr=f"{factor}x", epochs=30)
    x = lesson.data.x
    steep = np.linalg.eigh(2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]]))[1][:, 1]
    start = np.array(lesson.hyper.init) - lesson.bowl.optimum
    along = (literal_full_batch(lesson, lesson.hyper.lr, 30) - lesson.bowl.optimum) @ steep
    sides = np.sign(np.where(np.abs(along) > 1e-6 * np.hypot(*start), along, 0.0))
    crossed = [t for t in range(1, 31) if sides[t] * sides[t - 1] < 0]
    assert overshoot_step(lesson.trajectory, lesson.bowl) == (crossed[0] if crossed else None)
    # Along the steep axis a step multiplies the offset by 1 - 2 factor: a jump across from the first step on.
    assert (overshoot_step(lesson.trajectory, lesson.bowl) == 1) == (factor > 0.5)
