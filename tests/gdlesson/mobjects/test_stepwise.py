"""Runs on a shared clock move only while they take a step, and inset curves show only values a run had."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson
from manim import ValueTracker
from maps import THEME, build_map

from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.series_plot import Series, SeriesPlot

FULL = make_lesson(batch_size="full")


def test_a_gliding_path_waits_at_its_step_until_the_next_one_is_due():
    contour, _, run = build_map(FULL)
    seen = ValueTracker(0.0)
    clock = run.examples_seen  # 0, 100, 200, ...
    path = DescentPath(run, contour, seen, theme=THEME, clock=clock, glide=10.0)
    start = contour.to_screen(*run.init)
    for value in (0.0, 30.0, 89.999):
        seen.set_value(value)
        path.update()
        assert path.step_at(value) == 0.0
        assert np.allclose(path.dot.get_center(), start)
    assert path.step_at(95.0) == pytest.approx(0.5)
    assert path.step_at(100.0) == 1.0 and path.step_at(150.0) == 1.0
    assert path.step_at(float(clock[-1]) + 5) == run.steps
    # Without a glide the same clock interpolates across the whole gap, as before.
    assert DescentPath(run, contour, seen, theme=THEME, clock=clock).step_at(50.0) == pytest.approx(0.5)


def test_a_stepwise_inset_draws_only_measured_values_and_hides_a_clipped_head():
    values = np.array([1.0, 0.1, 0.01, 1e-4, 1e-7, 1e-9])
    tracker = ValueTracker(2.5)
    plot = SeriesPlot(
        [Series(values, "#FFFFFF")], tracker, theme=THEME, log=True, y_range=(1e-5, 1.0), interpolate=False
    )
    head = plot.heads[0]
    assert np.allclose(head.get_center(), plot.frame.to_screen(2.0, -2.0))  # the value at step 2, not 2.5
    assert head.get_fill_opacity() == 1.0
    tracker.set_value(4.0)  # 1e-7 lies below the axis: the curve runs off the bottom, no dot stops there
    plot.update()
    assert head.get_fill_opacity() == 0.0
    assert len(plot.curves[0].points) > 0
