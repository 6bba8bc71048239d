"""ContourMap: the rings drawn are gdcore's exact level sets, the markers sit where gdcore says."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson
from maps import build_map

from gdlesson.mobjects.contour_map import distinct_labels

LESSON = make_lesson()


def test_every_ring_point_lies_on_its_level():
    contour, bowl, _ = build_map(LESSON)
    assert len(contour.rings) >= 8
    for ring in contour.rings:
        anchors = ring.get_anchors()
        w, b = contour.frame.from_screen(anchors).T
        assert np.max(np.abs(bowl.loss(w, b) / ring.level - 1)) < 1e-9
        assert contour.frame.window.contains(w, b, tolerance=1e-9).all()


def test_rings_go_from_high_to_low_loss_and_colour_brightens():
    contour, _, _ = build_map(LESSON)
    levels = [ring.level for ring in contour.rings]
    assert levels == sorted(levels, reverse=True)
    lightness = [np.mean(ring.get_stroke_color().to_rgb()) for ring in contour.rings]
    assert lightness[-1] > lightness[0] + 0.3


def test_minimum_marker_sits_on_the_optimum_and_start_on_the_start():
    contour, bowl, run = build_map(LESSON)
    marker, _ = contour.optimum
    assert np.allclose(marker.get_center(), contour.axes.c2p(*bowl.optimum), atol=1e-9)
    start, _ = contour.start
    assert np.allclose(start.get_center(), contour.axes.c2p(*run.init), atol=1e-9)


def test_marker_labels_write_the_point_with_true_minus_signs():
    contour, bowl, run = build_map(LESSON)
    _, best = contour.optimum
    _, start = contour.start
    w, b = bowl.optimum
    assert best.original_text == f"best fit ({w:.2f}, {b:.2f})".replace("-", "\u2212")
    assert start.original_text == f"start ({run.init[0]:.2f}, {run.init[1]:.2f})".replace("-", "\u2212")


def test_ring_labels_use_the_fewest_digits_that_tell_them_apart():
    assert distinct_labels([0.5, 1.25, 30.0]) == ["0.5", "1.25", "30"]
    assert distinct_labels([1.2341, 1.2349]) == ["1.234", "1.235"]
    assert distinct_labels([1234.5, 5678.0, 12345.0]) == ["1230", "5680", "12300"]  # no 1.23e+03
    assert distinct_labels([2.5e-6, 3.0e-6]) == ["2.50\u00d710\u207b\u2076", "3.00\u00d710\u207b\u2076"]


def test_rings_near_the_bottom_of_a_deep_bowl_are_labelled_by_their_excess():
    """Issue 17 item 8: 22300.0112 and 22300.0187 would need 7 digits; the excess over the minimum needs 2."""
    levels, minimum = [22300.0112, 22300.0187, 22300.031], 22300.0
    labels = distinct_labels(levels, minimum)
    assert labels == ["best + 0.0112", "best + 0.0187", "best + 0.031"]
    shown = [minimum + float(label.split("+ ")[1]) for label in labels]
    assert shown == pytest.approx(levels, rel=1e-12)
    assert distinct_labels([1.2341, 1.2349], 1.0) == ["1.234", "1.235"]  # readable as they are: unchanged


def test_unequal_scales_are_stated_and_equal_ones_are_not():
    from datasets import DATA

    from gdlesson.mobjects.contour_map import ContourMap
    from gdlesson.mobjects.theme import THEMES

    size = (7.4, 5.55)
    built_in = ContourMap.for_run(LESSON.bowl, LESSON.trajectory, theme=THEMES["dark"], size=size)
    assert 0.95 < built_in.stretch < 1.05 and len(built_in.stretch_note) == 0
    # Raw years: a valley 7e11 times flatter than steep cannot be drawn at equal scales in a useful window.
    raw = make_lesson(data={"csv": str(DATA / "longley.csv")}, scale="none", lr="0.9x")
    valley = ContourMap.for_run(raw.bowl, raw.trajectory, theme=THEMES["dark"], size=size)
    window = valley.window
    expected = (size[0] / (window.w_max - window.w_min)) / (size[1] / (window.b_max - window.b_min))
    assert valley.stretch == expected and not 0.95 < expected < 1.05
    assert "stretched \u00d7" in valley.stretch_note[0].original_text
    # At least five rings between the minimum and the start cross the window even so.
    assert sum(ring.level <= raw.trajectory.loss[0] for ring in valley.rings) >= 5
