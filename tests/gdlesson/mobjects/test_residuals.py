"""Residuals: each segment joins a sample to the line the panel draws, in the panel's coordinates."""

from __future__ import annotations

import numpy as np
import pytest
from datasets import DATA
from lessons import make_lesson

from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.residuals import Residuals
from gdlesson.mobjects.theme import THEMES

LESSON = make_lesson()
SCALED = make_lesson(data={"csv": str(DATA / "years.csv")})
THEME = THEMES["dark"]


def test_residuals_join_each_sample_to_the_line():
    data, bowl, run = LESSON.data, LESSON.bowl, LESSON.trajectory
    panel = FitPanel(data, bowl, run, None, theme=THEME)
    members = np.array([3, 17, 42])
    residuals = Residuals(panel, lambda: (2.0, -1.0), lambda: members, color=THEME.accent)
    samples, fitted = residuals.endpoints()
    assert np.allclose(samples, np.column_stack([data.x[members], data.y[members]]))
    assert np.allclose(fitted[:, 1], np.clip(2.0 * data.x[members] - 1.0, panel.frame.window.b_min, np.inf))
    starts = residuals.get_start_anchors()
    assert np.allclose(starts, panel.frame.to_screen(data.x[members], data.y[members]))


def test_residuals_follow_their_parameters_on_every_redraw():
    data, bowl, run = LESSON.data, LESSON.bowl, LESSON.trajectory
    panel = FitPanel(data, bowl, run, None, theme=THEME)
    params = [(0.0, float(np.mean(data.y)))]
    residuals = Residuals(panel, lambda: params[0], color=THEME.accent)
    assert len(residuals.get_start_anchors()) == data.n  # no members: every sample
    params[0] = bowl.optimum
    residuals.update()
    _, fitted = residuals.endpoints()
    inside = (fitted[:, 1] > panel.frame.window.b_min) & (fitted[:, 1] < panel.frame.window.b_max)
    w, b = bowl.optimum
    assert np.allclose(fitted[inside, 1], w * data.x[inside] + b)
    ends = panel.frame.from_screen(residuals.get_end_anchors())
    assert np.allclose(ends, fitted, atol=1e-9)


@pytest.mark.parametrize("where", ["start", "optimum"])
def test_on_a_scaled_x_residuals_end_on_the_drawn_line(where):
    """Issue 17 item 1: a run on x' = (x - shift) / scale; its (W', b') drawn in the data's units. Each segment's
    end lies on the panel's own line (the same screen line), checked against the closed form y = W' (x - m) / s + b'."""
    lesson = SCALED
    assert lesson.scaled
    data, bowl, run = lesson.data, lesson.bowl, lesson.trajectory
    panel = FitPanel(data, bowl, run, None, theme=THEME, scaling=lesson.scaling)
    w, b = run.init if where == "start" else bowl.optimum
    residuals = Residuals(panel, lambda: (w, b), color=THEME.accent)
    _, fitted = residuals.endpoints()
    shift, scale = lesson.scaling.shift, lesson.scaling.scale
    truth = w * (data.x - shift) / scale + b
    window = panel.frame.window
    inside = (truth > window.b_min) & (truth < window.b_max)
    assert inside.sum() >= data.n // 4, "the line should cross the panel"
    assert np.allclose(fitted[inside, 1], truth[inside], rtol=1e-9, atol=1e-9 * np.ptp(data.y))
    # the same line on screen: every inside end is on the segment the panel draws
    line = panel.line_points(w, b)
    (x0, y0), (x1, y1) = line[0][:2], line[-1][:2]
    ends = residuals.get_end_anchors()[inside]
    cross = (x1 - x0) * (ends[:, 1] - y0) - (y1 - y0) * (ends[:, 0] - x0)
    assert np.max(np.abs(cross)) / np.hypot(x1 - x0, y1 - y0) < 1e-6
