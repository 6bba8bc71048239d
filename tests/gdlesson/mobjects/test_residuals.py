"""Residuals: each segment joins a sample to the line, in the panel's coordinates."""

from __future__ import annotations

import numpy as np
from lessons import make_lesson

from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.residuals import Residuals
from gdlesson.mobjects.theme import THEMES

LESSON = make_lesson()
THEME = THEMES["dark"]


def test_residuals_join_each_sample_to_the_line():
    data, bowl, run = LESSON.data, LESSON.bowl, LESSON.trajectory
    panel = FitPanel(data, bowl, run, None, theme=THEME)
    members = np.array([3, 17, 42])
    residuals = Residuals(panel.frame, data, lambda: (2.0, -1.0), lambda: members, color=THEME.accent)
    samples, fitted = residuals.endpoints()
    assert np.allclose(samples, np.column_stack([data.x[members], data.y[members]]))
    assert np.allclose(fitted[:, 1], np.clip(2.0 * data.x[members] - 1.0, panel.frame.window.b_min, np.inf))
    starts = residuals.get_start_anchors()
    assert np.allclose(starts, panel.frame.to_screen(data.x[members], data.y[members]))


def test_residuals_follow_their_parameters_on_every_redraw():
    data, bowl, run = LESSON.data, LESSON.bowl, LESSON.trajectory
    panel = FitPanel(data, bowl, run, None, theme=THEME)
    params = [(0.0, float(np.mean(data.y)))]
    residuals = Residuals(panel.frame, data, lambda: params[0], color=THEME.accent)
    assert len(residuals.get_start_anchors()) == data.n  # no members: every sample
    params[0] = bowl.optimum
    residuals.update()
    _, fitted = residuals.endpoints()
    inside = (fitted[:, 1] > panel.frame.window.b_min) & (fitted[:, 1] < panel.frame.window.b_max)
    w, b = bowl.optimum
    assert np.allclose(fitted[inside, 1], w * data.x[inside] + b)
    ends = panel.frame.from_screen(residuals.get_end_anchors())
    assert np.allclose(ends, fitted, atol=1e-9)
