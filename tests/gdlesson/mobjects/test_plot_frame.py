"""PlotFrame: data coordinates to the screen and back, round tick numbers, log-axis labels."""

from __future__ import annotations

import numpy as np
import pytest

from gdcore import Window
from gdlesson.mobjects.plot_frame import PlotFrame
from gdlesson.mobjects.theme import THEMES
from gdlesson.text import power_of_ten

THEME = THEMES["dark"]


def frame(window: Window, **kwargs) -> PlotFrame:
    return PlotFrame(window, size=(4.0, 2.5), theme=THEME, x_label="x", y_label="y", **kwargs)


def test_screen_points_round_trip_and_follow_the_panel_when_moved_and_scaled():
    plot = frame(Window(-2.0, 3.0, -1.0, 4.0))
    plot.shift([1.5, -0.7, 0.0]).scale(0.8)
    w, b = np.array([-2.0, 0.5, 3.0]), np.array([-1.0, 2.0, 4.0])
    screen = plot.to_screen(w, b)
    assert np.allclose(plot.from_screen(screen), np.column_stack([w, b]), atol=1e-9)
    assert np.allclose(screen, [plot.axes.c2p(*p) for p in zip(w, b, strict=True)], atol=1e-9)
    # The window's corners are the box's corners.
    assert np.allclose(screen[0], plot.box.get_corner([-1, -1, 0]), atol=1e-9)
    assert np.allclose(screen[-1], plot.box.get_corner([1, 1, 0]), atol=1e-9)


def test_tick_numbers_are_round_with_true_minus_signs():
    plot = frame(Window(-2.0, 3.0, -1.0, 4.0))
    x_texts = [number.original_text for number in plot.x_numbers]
    assert x_texts == ["\u22122", "\u22121", "0", "1", "2", "3"]
    for number, value in zip(plot.x_numbers, [-2, -1, 0, 1, 2, 3], strict=True):
        assert number.get_center()[0] == pytest.approx(plot.to_screen(value, -1.0)[0], abs=1e-9)
    assert all(number.get_right()[0] < plot.box.get_left()[0] for number in plot.y_numbers)


def test_log_axis_numbers_are_the_values_with_powers_of_ten_beyond_everyday_sizes():
    plot = frame(Window(0.0, 10.0, -6.0, 0.0), log_y=True)
    texts = [number.original_text for number in plot.y_numbers]
    exponents = [float(plot.from_screen(number.get_right()[None] + [0.1, 0, 0])[0][1]) for number in plot.y_numbers]
    assert texts == [power_of_ten(round(e)) for e in exponents]
    assert texts == ["10\u207b\u2076", "10\u207b\u2074", "0.01", "1"]


def test_big_numbers_share_one_power_of_ten_written_by_the_axis_name():
    panel = frame(Window(800.0, 4000.0, 3.9e5, 4.2e5))
    assert panel.y_label.original_text == "y  (\u00d710\u2075)" and panel.x_label.original_text == "x"
    texts = [number.original_text for number in panel.y_numbers]
    assert texts and all(len(text) <= 4 for text in texts)


def test_a_y_name_longer_than_its_box_is_shrunk_to_the_boxs_height_and_a_short_one_is_not():
    window = Window(0.0, 1.0, 0.0, 1.0)
    long = PlotFrame(window, size=(3.0, 1.2), theme=THEME, x_label="x", y_label="b\u2032 (intercept on x\u2032)")
    assert long.y_label.height == pytest.approx(long.box.height)
    short = PlotFrame(window, size=(3.0, 1.2), theme=THEME, x_label="x", y_label="b")
    assert short.y_label.height < 0.5 * short.box.height
