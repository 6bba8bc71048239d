"""Playing a recorded descent in bounded time, in slices the renderer can draw cheaply, with captions on cue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np
from manim import Scene, ValueTracker, config

from gdlesson.mobjects.captions import CaptionBar
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.render.pacing import step_at, stretch_schedule, time_slices

__all__ = ["play_descent", "cue_schedule"]


def cue_schedule(
    times: np.ndarray, captions: CaptionBar | None, cues: Mapping[float, str] | None
) -> tuple[np.ndarray, list[tuple[float, str]]]:
    """The schedule ``times`` slowed so that every cued caption gets its time, and when each is said.

    ``cues`` maps a tracker value (a fractional index of ``times``) to a
    caption shown from the moment the tracker reaches it. The caption on
    screen before the descent keeps its remaining time, and each cued one
    its full time, before the next cue or the end of the descent: where the
    descent is faster than that, it slows down. When the caption bar has a
    ``quiet_limit`` (a narrated scene), the descent plays at most that many
    seconds past the time of its last caption (the rest of the path is drawn
    faster), so a narrated video never goes quiet for long while it draws.
    Returns the new schedule and the (seconds, text) of each cue, in order.
    """
    quiet = getattr(captions, "quiet_limit", None)
    if captions is None or (not cues and quiet is None):
        return times, []
    if not cues:
        return _shorten_after(times, captions.time_left(), quiet), []
    values = sorted(cues)
    at = np.interp(values, np.arange(len(times), dtype=float), times)
    least = [captions.time_left()] + [captions.seconds_for(cues[value]) for value in values]
    stretched, marks = stretch_schedule(times, np.concatenate([[0.0], at]), least)
    if quiet is not None:
        stretched = _shorten_after(stretched, float(marks[-1] + least[-1]), quiet)
        marks = np.minimum(marks, stretched[-1])
    return stretched, [(float(mark), cues[value]) for mark, value in zip(marks[1:], values, strict=True)]


def _shorten_after(times: np.ndarray, said: float, quiet: float) -> np.ndarray:
    """``times`` with everything after ``said`` seconds squeezed evenly into at most ``quiet`` seconds."""
    end = float(times[-1])
    if end - said <= quiet:
        return times
    return np.where(times <= said, times, said + (times - said) * quiet / (end - said))


def play_descent(
    scene: Scene,
    tracker: ValueTracker,
    times: np.ndarray,
    paths: Iterable[DescentPath],
    *,
    captions: CaptionBar | None = None,
    cues: Mapping[float, str] | None = None,
    slice_seconds: float = 1.0,
    max_slice_steps: int = 256,
) -> None:
    """Advance ``tracker`` from 0 to the end on the schedule ``times`` (see ``pacing.step_times``).

    The descent plays as consecutive animations of about ``slice_seconds``,
    none covering more than ``max_slice_steps`` steps (nor less than two
    frames); before each, every path settles what is already drawn into its
    static part, so a frame only redraws the newest stretch of path; at the
    end each path is settled whole. ``cues`` maps a tracker value (e.g. the
    step where an event happens) to a caption said on ``captions`` when the
    tracker gets there; the descent slows where it must to give every caption
    its reading time (see :func:`cue_schedule`).
    """
    paths = list(paths)
    times, pending = cue_schedule(times, captions, cues)
    slices = time_slices(
        times, slice_seconds, max_slice_steps, min_seconds=2 / config.frame_rate, cuts=[at for at, _ in pending]
    )
    for start, end in slices:
        first = float(step_at(times, start))
        for path in paths:
            path.settle(int(first))
        extra = []
        while pending and pending[0][0] < end - 1e-9:
            extra += captions.say(pending.pop(0)[1])
        last = float(step_at(times, end))
        # The schedule drives the tracker only: caption changes keep their own timing.
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
