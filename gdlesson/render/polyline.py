"""Straight-segment paths, which the camera strokes as lines rather than Bezier curves.

Manim stores a straight segment as a cubic Bezier and cairo strokes every
segment as a curve, about three times slower than a line. A descent of
10,000 steps is 10,000 segments redrawn many times, so paths made only of
straight segments are marked (:class:`Polyline`) and
:class:`~gdlesson.render.camera.LessonCamera` draws them with ``line_to``:
the same shape, faster.
"""

from __future__ import annotations

import numpy as np
from manim import VMobject

__all__ = ["Polyline", "polyline_points", "segment_points"]


def segment_points(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Manim's cubic points for straight segments ``starts[i] -> ends[i]`` (each (m, 3)), shape (4 m, 3)."""
    step = (ends - starts) / 3.0
    return np.stack([starts, starts + step, ends - step, ends], axis=1).reshape(-1, 3)


def polyline_points(runs: list[np.ndarray]) -> np.ndarray:
    """Manim's cubic points for straight runs of scene points (each (m, 3)); one subpath per run."""
    return np.concatenate([segment_points(run[:-1], run[1:]) for run in runs] or [np.zeros((0, 3))])


class Polyline(VMobject):
    """A VMobject made only of straight segments (set its points with :func:`polyline_points`)."""

    def set_runs(self, runs: list[np.ndarray]) -> Polyline:
        """Draw ``runs`` (arrays of scene points, each (m, 3)), each as its own subpath."""
        return self.set_points(polyline_points(runs))
