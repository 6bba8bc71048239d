"""Layout helpers: round ticks, boxes, and labels placed where they fit."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Square

from gdlesson.mobjects.layout import box_of, inside, log_ticks, nice_ticks, overlaps, place_label


@pytest.mark.parametrize(
    ("low", "high", "target", "expected"),
    [(0.0, 1.0, 5, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]), (-3.7, 12.2, 4, [0.0, 5.0, 10.0]), (0.013, 0.049, 4, None)],
)
def test_nice_ticks_are_one_two_or_five_times_a_power_of_ten_apart_and_inside(low, high, target, expected):
    ticks = nice_ticks(low, high, target)
    if expected is not None:
        assert ticks.tolist() == pytest.approx(expected)
    assert ticks.min() >= low - 1e-12 and ticks.max() <= high + 1e-12
    step = np.diff(ticks)
    assert np.allclose(step, step[0])
    mantissa = step[0] / 10.0 ** np.floor(np.log10(step[0]))
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9


def test_log_ticks_are_whole_decades_over_wide_ranges_and_1_2_5_over_narrow_ones():
    assert log_ticks(-6.3, 0.2, 5).tolist() == [-6.0, -4.0, -2.0, 0.0]
    narrow = 10 ** log_ticks(np.log10(0.15), np.log10(0.9), 5)
    assert narrow == pytest.approx([0.2, 0.5])


def test_boxes_overlap_only_when_they_share_area():
    assert overlaps((0, 0, 1, 1), (0.5, 0.5, 2, 2))
    assert not overlaps((0, 0, 1, 1), (1, 0, 2, 1))  # touching edges do not overlap
    assert inside((0.1, 0.1, 0.9, 0.9), (0, 0, 1, 1)) and not inside((0.1, 0.1, 1.1, 0.9), (0, 0, 1, 1))
    square = Square(side_length=2.0).move_to([1.0, -1.0, 0.0])
    assert box_of(square, 0.5) == pytest.approx((-0.5, -2.5, 2.5, 0.5))


def test_a_label_goes_to_the_first_side_that_is_free():
    label = Square(side_length=0.5)
    anchor = np.zeros(3)
    obstacle = (0.0, 0.0, 1.0, 1.0)  # up and to the right of the anchor
    assert place_label(label, anchor, bounds=(-3, -3, 3, 3), obstacles=[obstacle], buff=0.1)
    placed = box_of(label)
    assert not overlaps(placed, obstacle) and inside(placed, (-3, -3, 3, 3))
    assert placed[2] <= 0.0 and placed[1] >= 0.0  # up and to the left, the second direction tried
    points = np.array([[-0.4, 0.4, 0.0]])
    assert place_label(label, anchor, bounds=(-3, -3, 3, 3), obstacles=[obstacle], points=points, buff=0.1)
    assert not (box_of(label)[0] <= -0.4 <= box_of(label)[2] and box_of(label)[1] <= 0.4 <= box_of(label)[3])
    assert not place_label(label, anchor, bounds=(-0.1, -0.1, 0.1, 0.1))


def test_a_label_surrounded_by_points_still_stays_inside_its_bounds_and_clear_of_obstacles():
    label = Square(side_length=0.5)
    bounds, obstacle = (-3.0, -3.0, 3.0, 3.0), (0.0, 0.0, 1.0, 1.0)
    # A dense cloud of path points all around the anchor: no side is free of them.
    grid = np.linspace(-1.5, 1.5, 31)
    points = np.array([[x, y, 0.0] for x in grid for y in grid])
    assert not place_label(label, np.zeros(3), bounds=bounds, obstacles=[obstacle], points=points, buff=0.1)
    placed = box_of(label)
    assert inside(placed, bounds) and not overlaps(placed, obstacle)
