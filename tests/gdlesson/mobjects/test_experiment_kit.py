"""The experiment scenes' shared pieces: keeping things inside the frame, run colours, legends, counters."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson
from manim import Square, ValueTracker

from gdlesson.mobjects.experiment_kit import RunLegend, counter, keep_inside, measured_steps, neutral_start, run_colors
from gdlesson.mobjects.theme import OKABE_ITO, THEMES

THEME = THEMES["dark"]


def test_keep_inside_moves_a_mobject_the_least_distance_into_the_box():
    square = Square(side_length=1.0).move_to([3.0, -0.2, 0.0])
    keep_inside(square, (-2.0, -1.0, 2.0, 1.0))
    assert np.allclose(square.get_center(), [1.5, -0.2, 0.0])
    inside = Square(side_length=1.0).move_to([0.5, 0.3, 0.0])
    assert np.allclose(keep_inside(inside, (-2.0, -1.0, 2.0, 1.0)).get_center(), [0.5, 0.3, 0.0])


@pytest.mark.parametrize("name", sorted(THEMES))
def test_run_colours_are_distinct_and_apart_from_the_optimum(name):
    theme = THEMES[name]
    colours = run_colors(theme, 5)
    assert len(set(colours)) == 5 and theme.optimum not in colours and theme.text not in colours
    assert set(colours) <= set(OKABE_ITO.values())
    assert run_colors(theme, 4) == colours[:4]
    with pytest.raises(ValueError, match="between 1 and 5"):
        run_colors(theme, 6)


def test_neutral_start_only_changes_the_start_marker():
    neutral = neutral_start(THEME)
    assert neutral.start == THEME.muted
    assert neutral.path == THEME.path and neutral.optimum == THEME.optimum


def test_legend_rows_put_each_swatch_beside_its_cells_in_left_aligned_columns():
    legend = RunLegend(
        ["#56B4E9", "#F0E442"], [["0.1\u00d7", "slow"], ["0.9\u00d7", "zig-zag"]], theme=THEME, header=["lr", "note"]
    )
    assert len(legend.header) == 2 and len(legend.rows) == 2
    for row, colour in zip(legend.rows, ["#56B4E9", "#F0E442"], strict=True):
        swatch, *cells = row
        assert swatch.get_stroke_color().to_hex() == colour
        assert all(abs(cell.get_center()[1] - swatch.get_center()[1]) < 1e-9 for cell in cells)
    lefts = [[cell.get_left()[0] for cell in row[1:]] for row in legend.rows]
    assert lefts[0] == pytest.approx(lefts[1]) and lefts[0][1] > lefts[0][0]


def test_counter_shows_the_trackers_whole_part():
    tracker = ValueTracker(0.0)
    group = counter("step", tracker, 120, theme=THEME)
    _, number, limit = group
    tracker.set_value(41.7)
    number.update()
    assert number.get_value() == 41
    assert limit.original_text.endswith("120")


@pytest.mark.parametrize("batch_size", [1, 7, 10, 23, 100])
def test_runs_are_measured_once_per_mini_batch_of_examples_and_only_at_steps_taken(batch_size):
    run = make_lesson(batch_size=batch_size, epochs=3).trajectory  # n = 100
    seen = run.examples_seen
    steps = measured_steps(seen, 10)
    assert steps[0] == 0 and np.all(np.diff(steps) > 0) and steps[-1] <= run.steps
    # One measurement for each block of 10 examples a step reaches into, at the first step that reaches it.
    blocks = seen[steps] // 10
    assert np.all(np.diff(blocks) > 0)
    assert set(blocks) == set(seen // 10)
    if batch_size >= 10:  # every step crosses a multiple of 10: measured at every step
        assert len(steps) == run.steps + 1
    if batch_size == 1:
        assert list(steps[:4]) == [0, 10, 20, 30]
