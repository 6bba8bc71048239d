"""The basics story's helpers: the sample grid of the mini-batch loop puts each sample in its batch's row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lessons import make_lesson
from manim import ValueTracker

from gdlesson.mobjects.theme import THEMES
from gdlesson.story.basics import SampleGrid, parameter_labels, step_formulas, step_numbers
from gdlesson.text import MINUS

LESSON = make_lesson()
YEARS = Path(__file__).resolve().parents[2] / "data" / "years.csv"
THEME = THEMES["dark"]


def test_the_sample_grid_rows_are_the_first_epochs_batches():
    run = LESSON.trajectory
    grid = SampleGrid(run, 10, theme=THEME, center=np.zeros(3))
    assert grid.row_count == 10 and grid.columns == LESSON.hyper.batch_size
    for sample, (row, _) in grid.targets.items():
        assert sample in run.batch_indices[row]
    # Where the cells end up on screen after shuffling and splitting: each in its batch's row.
    for build in (grid.shuffle, grid.split):
        animation = build()
        animation.begin()
        animation.finish()
    rows_y = [grid.slot(row, 0, split=True)[1] for row in range(grid.row_count)]
    for cell, sample in zip(grid.cells, grid.order, strict=True):
        row = next(r for r in range(grid.row_count) if sample in run.batch_indices[r])
        assert cell.get_center()[1] == pytest.approx(rows_y[row])
    assert grid.cells.get_center() == pytest.approx(np.zeros(3))  # split, the grid is centred where it was asked


def test_before_the_shuffle_the_cells_sit_in_the_stored_order():
    run = LESSON.trajectory
    grid = SampleGrid(run, 3, theme=THEME, center=np.array([1.0, -0.5, 0.0]))
    slots = [(row, column) for row in range(grid.row_count) for column in range(grid.columns)]
    by_sample = dict(zip(grid.order, grid.cells, strict=True))
    for sample, slot in zip(sorted(grid.order), slots, strict=True):
        assert by_sample[sample].get_center() == pytest.approx(grid.slot(*slot))
    assert grid.cells.get_center()[0] == pytest.approx(1.0)


def test_the_marker_frames_the_row_of_the_current_batch():
    run = LESSON.trajectory
    grid = SampleGrid(run, 4, theme=THEME, center=np.zeros(3))
    step = ValueTracker(2.6)
    marker = grid.marker(step, color=THEME.batch)
    assert marker.get_center()[1] == pytest.approx(grid.slot(2, 0, split=True)[1])
    step.set_value(99.0)  # beyond the grid: the last row
    marker.update()
    assert marker.get_center()[1] == pytest.approx(grid.slot(grid.row_count - 1, 0, split=True)[1])


def shown_numbers(text: str) -> list[float]:
    """Every plain number written in ``text`` (true minus signs)."""
    return [
        float(word.replace(MINUS, "-")) for word in text.split() if word.replace(MINUS, "").replace(".", "").isdigit()
    ]


@pytest.mark.parametrize("scale", ["auto", "none"])
def test_numbers_on_a_scaled_x_are_named_w_prime_and_b_prime(scale):
    """years.csv is standardised by "auto": the board's W, b and the gradient step are on x', so they are
    named W' and b'; with scale "none" they are the user's W and b. The numbers are checked against a
    gradient computed here from x' = (x - mean) / population std."""
    lesson = make_lesson(data={"csv": str(YEARS)}, scale=scale)
    assert lesson.scaled == (scale == "auto")
    x = lesson.data.x
    if lesson.scaled:
        x = (x - x.mean()) / x.std()
    y = lesson.data.y
    w0, b0 = lesson.hyper.init
    residual = y - (w0 * x + b0)
    grad_w, grad_b = -2 * np.mean(x * residual), -2 * np.mean(residual)
    gradients, update = step_numbers(lesson, w0, b0)
    slope, intercept = parameter_labels(lesson)
    tex = " ".join(step_formulas(lesson))
    prime = "\u2032" if lesson.scaled else ""
    assert gradients.split()[0] == f"\u2207W{prime}" and update.split()[0] == f"W{prime}"
    assert f"\u2207b{prime} =" in gradients and f"  b{prime}  " in update
    assert slope.startswith(f"W{prime} (slope") and intercept.startswith(f"b{prime} (intercept")
    assert all(name in tex for name in ("W'", "b'", "{X'}")) == lesson.scaled
    assert any(name in tex for name in ("W'", "b'", "X'")) == lesson.scaled
    step_w, step_b = w0 - lesson.hyper.lr * grad_w, b0 - lesson.hyper.lr * grad_b
    for shown, truth in zip(
        shown_numbers(gradients + " " + update), (grad_w, grad_b, w0, step_w, b0, step_b), strict=True
    ):
        assert shown == pytest.approx(truth, rel=5e-3)
