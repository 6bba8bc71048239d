"""The map story's helpers: the ring the probe walks, and the walk itself staying on that ring."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson

from gdcore import contour_levels, view_window
from gdlesson.story.map import RingProbe, walkable_arc

LESSON = make_lesson()


def test_the_probe_walks_onto_a_ring_and_keeps_its_loss():
    bowl, run = LESSON.bowl, LESSON.trajectory
    window = view_window(bowl, run, aspect=7.4 / 5.5)
    levels = contour_levels(bowl, window, 10)
    arc = walkable_arc(bowl, levels, window, run.init)
    assert arc is not None and arc.level < bowl.loss(*run.init)
    probe = RingProbe(run.init, arc)
    assert probe.at(0.0) == pytest.approx(run.init)
    losses = [float(bowl.loss(*probe.at(f))) for f in np.linspace(probe.approach, 1.0, 25)]
    assert np.allclose(losses, arc.level, rtol=1e-3)  # the walk follows chords between exact ring points
    assert all(window.contains(*probe.at(f)) for f in np.linspace(0, 1, 25))


def test_the_arc_starts_at_its_end_nearest_the_start_and_is_the_longest_shown():
    bowl, run = LESSON.bowl, LESSON.trajectory
    window = view_window(bowl, run, aspect=7.4 / 5.5)
    levels = contour_levels(bowl, window, 10)
    arc = walkable_arc(bowl, levels, window, run.init)
    scale = np.array([window.w_max - window.w_min, window.b_max - window.b_min])
    ends = np.hypot(*((arc.points[[0, -1]] - np.asarray(run.init)) / scale).T)
    assert ends[0] <= ends[1]
    for level in levels[levels < bowl.loss(*run.init)]:
        for points in bowl.level_set(level).arcs_in(window, count=256):
            assert np.sum(np.hypot(*(np.diff(points, axis=0) / scale).T)) <= arc.length + 1e-12


def test_with_no_ring_below_the_start_there_is_no_arc_and_the_probe_stays():
    bowl, run = LESSON.bowl, LESSON.trajectory
    window = view_window(bowl, run, aspect=1.0)
    above = np.array([2.0 * float(bowl.loss(*run.init))])
    assert walkable_arc(bowl, above, window, run.init) is None
    probe = RingProbe(run.init, None)
    assert probe.at(0.0) == probe.at(0.7) == pytest.approx(run.init)
