"""Dashed paths: dash_polyline against a fine sampling of the pattern, and a dashed legend swatch."""

from __future__ import annotations

import numpy as np
import pytest

from gdlesson.mobjects.descent_path import dash_polyline
from gdlesson.mobjects.experiment_kit import RunLegend
from gdlesson.mobjects.theme import THEMES


def on_length(points, pattern, scale, phase, samples=200_000):
    """The length of the path (axes scaled) whose distance from the start, plus phase, falls in an on interval,
    by sampling: an independent count of what the dashes must cover."""
    steps = np.diff(points, axis=0) * scale
    lengths = np.hypot(steps[:, 0], steps[:, 1])
    total = lengths.sum()
    at = phase + (np.arange(samples) + 0.5) * total / samples
    period, within = sum(pattern), None
    within = np.mod(at, period)
    edges = np.cumsum(pattern)
    on = np.zeros(samples, dtype=bool)
    for i in range(0, len(pattern), 2):
        on |= (within >= edges[i] - pattern[i]) & (within < edges[i])
    return on.mean() * total


def dash_length(dashes, scale):
    return sum(np.hypot(*(np.diff(d, axis=0) * scale).T).sum() for d in dashes)


def test_a_straight_line_is_cut_at_the_patterns_edges():
    dashes = dash_polyline(np.array([[0.0, 0.0], [1.0, 0.0]]), (0.2, 0.1))
    starts_ends = [value for d in dashes for value in (d[0, 0], d[-1, 0])]
    assert starts_ends == pytest.approx([0.0, 0.2, 0.3, 0.5, 0.6, 0.8, 0.9, 1.0])
    scaled = dash_polyline(np.array([[0.0, 0.0], [1.0, 0.0]]), (0.2, 0.1), scale=(2.0, 1.0), phase=0.05)
    assert (scaled[0][0, 0], scaled[0][-1, 0]) == pytest.approx((0.0, 0.075))  # 0.15 of on left, at 2 per unit


@pytest.mark.parametrize("pattern", [(0.2, 0.1), (0.03, 0.07), (0.24, 0.07, 0.04, 0.07)])
def test_dashes_cover_exactly_the_on_parts_of_a_random_path_and_stay_put_when_it_is_cut(pattern):
    rng = np.random.default_rng(3)
    points = np.cumsum(rng.normal(size=(60, 2)), axis=0)
    scale = np.array([1.7, 0.6])
    dashes = dash_polyline(points, pattern, scale=tuple(scale), phase=0.13)
    assert all(len(d) >= 2 for d in dashes)
    assert dash_length(dashes, scale) == pytest.approx(on_length(points, pattern, scale, 0.13), rel=2e-3)
    # Cut at vertex 25 and dashed from the length reached there: the same dashes, one split in two at most.
    steps = np.diff(points, axis=0) * scale
    reached = 0.13 + np.hypot(steps[:25, 0], steps[:25, 1]).sum()
    halves = dash_polyline(points[:26], pattern, scale=tuple(scale), phase=0.13) + dash_polyline(
        points[25:], pattern, scale=tuple(scale), phase=reached
    )
    assert dash_length(halves, scale) == pytest.approx(dash_length(dashes, scale), rel=1e-12)
    assert len(dashes) <= len(halves) <= len(dashes) + 1


def test_a_legend_swatch_is_dashed_like_its_path():
    legend = RunLegend(["#56B4E9", "#F0E442"], [["a"], ["b"]], theme=THEMES["dark"], dashes=[None, (0.1, 0.05)])
    solid, dashed = legend.rows[0][0], legend.rows[1][0]
    assert len(solid.get_subpaths()) == 1 and len(dashed.get_subpaths()) == 4  # 0.5 long: 4 dashes of 0.1
    assert dashed.get_stroke_color().to_hex() == "#F0E442"
