"""Playing a recorded descent in bounded time, in slices the renderer can draw cheaply."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
from manim import Scene, ValueTracker, config

from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.render.pacing import step_at, time_slices

__all__ = ["play_descent"]


def play_descent(
    scene: Scene,
    tracker: ValueTracker,
    times: np.ndarray,
    paths: Iterable[DescentPath],
    *,
    cues: Mapping[float, Callable[[], list]] | None = None,
    slice_seconds: float = 1.0,
    max_slice_steps: int = 256,
) -> None:
    """Advance ``tracker`` from step 0 to the end on the schedule ``times`` (see ``pacing.step_times``).

    The descent plays as consecutive animations of about ``slice_seconds``,
    none covering more than ``max_slice_steps`` steps (nor less than two
    frames); before each, every
    path settles what is already drawn into its static part, so a frame only
    redraws the newest stretch of path; at the end each path is settled
    whole. ``cues`` maps
    a time (seconds into the descent) to a function returning extra
    animations (e.g. a caption change) to play with the slice starting there.
    """
    paths = list(paths)
    pending = sorted((cues or {}).items())
    for start, end in time_slices(times, slice_seconds, max_slice_steps, min_seconds=2 / config.frame_rate):
        first = float(step_at(times, start))
        for path in paths:
            path.settle(int(first))
        extra = []
        while pending and pending[0][0] < end:
            extra += pending.pop(0)[1]()
        last = float(step_at(times, end))
        # The schedule drives the tracker only: cue animations (a caption change) keep their own timing.
        schedule = _schedule_between(times, start, end, first, last)
        scene.play(tracker.animate(rate_func=schedule).set_value(last), *extra, run_time=end - start)
    for path in paths:
        path.settle(tracker.get_value())


def _schedule_between(times, start, end, first, last) -> Callable[[float], float]:
    """Rate function making a linear animation from ``first`` to ``last`` follow the schedule."""
    if last == first:
        return lambda alpha: alpha
    span = last - first

    def rate(alpha: float) -> float:
        return (float(step_at(times, start + alpha * (end - start))) - first) / span

    return rate
