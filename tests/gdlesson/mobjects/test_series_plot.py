"""SeriesPlot: curves drawn up to the tracker, the head on the drawn segment, log axes; Visuals B and C."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson
from manim import ValueTracker

from gdlesson.mobjects.series_plot import Series, SeriesPlot, loss_plot, parameter_plots
from gdlesson.mobjects.theme import THEMES

THEME = THEMES["dark"]
LESSON = make_lesson()


def test_the_head_sits_between_recorded_points_at_the_trackers_position():
    values = np.array([4.0, 2.0, 3.0, 1.0])
    tracker = ValueTracker(1.25)
    plot = SeriesPlot([Series(values, "#FFFFFF")], tracker, theme=THEME, log=False)
    x, y = plot.frame.from_screen(plot.heads[0].get_center()[None])[0]
    assert (x, y) == pytest.approx((1.25, 2.25))
    tracker.set_value(3.0)
    plot.update()
    drawn = plot.frame.from_screen(plot.curves[0].get_anchors())
    assert drawn[-1] == pytest.approx((3.0, 1.0))
    assert set(np.round(drawn[:, 0], 9)) == {0.0, 1.0, 2.0, 3.0}


def test_nothing_is_drawn_before_the_first_point():
    plot = SeriesPlot(
        [Series(np.arange(1.0, 5.0), "#FFFFFF", x=np.array([2.0, 3, 4, 5]))], ValueTracker(1.0), theme=THEME
    )
    assert len(plot.curves[0].points) == 0 and plot.heads[0].get_fill_opacity() == 0.0


def test_a_log_axis_is_chosen_for_values_spanning_decades_and_interpolates_in_log_units():
    values = np.array([1000.0, 10.0, 0.1])
    plot = SeriesPlot([Series(values, "#FFFFFF")], ValueTracker(0.5), theme=THEME)
    assert plot.log
    _, y = plot.frame.from_screen(plot.heads[0].get_center()[None])[0]
    assert y == pytest.approx(2.0)  # halfway between 10^3 and 10^1 on the axis
    with pytest.raises(ValueError, match="positive"):
        SeriesPlot([Series(np.array([0.0, 1.0]), "#FFFFFF")], None, theme=THEME, log=True)


def test_the_lessons_loss_and_parameter_plots_end_on_the_run_and_its_optimum():
    run, bowl = LESSON.trajectory, LESSON.bowl
    loss = loss_plot(run, None, theme=THEME)
    full = loss.frame.from_screen(loss.heads[1].get_center()[None])[0]
    expected = np.log10(run.loss[-1]) if loss.log else run.loss[-1]
    assert full == pytest.approx((run.steps, expected))
    w_plot, b_plot = parameter_plots(run, bowl, None, theme=THEME)
    for plot, values, target in ((w_plot, run.w, bowl.optimum[0]), (b_plot, run.b, bowl.optimum[1])):
        assert plot.frame.from_screen(plot.heads[0].get_center()[None])[0] == pytest.approx((run.steps, values[-1]))
        reference = plot.frame.from_screen(plot.references[0].get_center()[None])[0]
        assert reference[1] == pytest.approx(target)
    assert w_plot.get_top()[1] > b_plot.get_top()[1]
