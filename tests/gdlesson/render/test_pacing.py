"""The descent's timing: bounded, slow first, sliced for the renderer; path thinning and interpolation."""

import numpy as np
import pytest

from gdlesson.render.pacing import (
    last_step_taken,
    state_at,
    step_at,
    step_times,
    stretch_schedule,
    thin_polyline,
    time_slices,
)


@pytest.mark.parametrize("steps", [1, 10, 200, 10_000, 100_000])
def test_any_run_plays_in_bounded_time_slow_first(steps):
    times = step_times(steps, 14.0)
    assert times.shape == (steps + 1,) and times[0] == 0.0
    assert times[-1] <= 14.0 + 1e-9
    durations = np.diff(times)
    assert np.all(durations > 0) and np.all(np.diff(durations) <= 1e-12)  # never slower later
    assert durations[0] <= 0.8 + 1e-9
    assert np.allclose(step_at(times, times), np.arange(steps + 1))


def test_short_runs_do_not_crawl():
    times = step_times(10, 14.0)
    assert times[-1] < 5.0 and np.diff(times)[0] == pytest.approx(0.8)


@pytest.mark.parametrize(("max_steps", "min_seconds"), [(None, 0.0), (256, 0.0), (256, 2 / 15), (50, 2 / 60)])
def test_slices_cover_the_descent_and_respect_the_limits(max_steps, min_seconds):
    times = step_times(10_000, 14.0)
    slices = time_slices(times, 1.0, max_steps, min_seconds)
    starts, ends = np.array(slices).T
    assert starts[0] == 0.0 and ends[-1] == pytest.approx(times[-1])
    assert np.allclose(starts[1:], ends[:-1])
    lengths = ends - starts
    assert lengths.max() <= 1.0 + 1e-9
    if max_steps is not None and min_seconds == 0.0:
        assert np.max(np.diff(step_at(times, np.append(starts, ends[-1])))) <= max_steps + 1e-6
    if min_seconds:
        # Equal steps inside a slice of an accelerating schedule: the last piece is the shortest.
        assert lengths.min() >= 0.5 * min_seconds
        assert len(slices) < len(time_slices(times, 1.0, max_steps))


def test_thinning_merges_only_points_within_a_cell():
    points = np.array([[0.0, 0.0], [0.01, 0.0], [0.02, 0.01], [1.0, 1.0], [1.001, 1.0], [2.0, 0.0]])
    kept = thin_polyline(points, 0.1)
    assert list(kept) == [0, 3, 5]
    assert list(thin_polyline(points, 0.0)) == list(range(6))


def test_state_between_steps_is_interpolated_and_exact_at_steps():
    w, b = np.array([0.0, 1.0, 3.0]), np.array([0.0, -2.0, -2.0])
    assert state_at(w, b, 1.0) == (1.0, -2.0, 1)
    assert state_at(w, b, 1.5) == (2.0, -2.0, 1)
    assert state_at(w, b, 9.0) == (3.0, -2.0, 2)
    assert state_at(w, b, -1.0) == (0.0, 0.0, 0)


def test_stretching_gives_every_interval_its_time_and_keeps_the_rest():
    times = step_times(100, 10.0)
    marks = [0.0, float(times[1]), float(times[2]), float(times[50])]
    least = [0.2, 3.0, 0.01, 2.0]
    stretched, moved = stretch_schedule(times, marks, least)
    assert stretched[0] == 0.0 and np.all(np.diff(stretched) > 0)
    gaps = np.diff(np.append(moved, stretched[-1]))
    old_gaps = np.diff(np.append(marks, times[-1]))
    assert np.all(gaps >= np.array(least) - 1e-9)
    assert np.allclose(gaps, np.maximum(old_gaps, least))
    # Within an interval the steps slow down evenly: their shares of it are unchanged.
    inside = slice(2, 51)
    assert np.allclose(np.diff(stretched[inside]) / gaps[2], np.diff(times[inside]) / old_gaps[2])
    # The marks are still at their steps.
    assert np.allclose(step_at(stretched, moved), step_at(times, marks))


def test_slices_have_an_edge_at_every_cut():
    times = step_times(300, 12.0)
    cuts = [0.37, 5.0, 5.01, 11.9]
    edges = {round(start, 9) for start, _ in time_slices(times, 1.0, 256, 2 / 15, cuts=cuts)}
    assert all(round(cut, 9) in edges for cut in cuts)


@pytest.mark.parametrize(
    ("position", "steps", "step"),
    [(-0.5, 10, 0), (0.0, 10, 0), (0.999, 10, 0), (1.0, 10, 1), (9.5, 10, 9), (12.0, 10, 10)],
)
def test_the_last_step_taken_is_whole_and_inside_the_run(position, steps, step):
    assert last_step_taken(position, steps) == step
