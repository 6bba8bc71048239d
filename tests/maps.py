"""A contour map of a lesson's run, as the Descent scene draws it, and the points of a path drawn on it: shared by
the component tests."""

from __future__ import annotations

import numpy as np

from gdcore import Bowl, Trajectory, contour_levels, view_window
from gdlesson.lesson.run import LessonRun
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.theme import THEMES

THEME = THEMES["dark"]


def build_map(lesson: LessonRun, **kwargs) -> tuple[ContourMap, Bowl, Trajectory]:
    """The map of ``lesson``'s run with 10 rings, at 4:3, shifted off the origin (``kwargs`` go to ContourMap)."""
    bowl, run = lesson.bowl, lesson.trajectory
    window = view_window(bowl, run, aspect=4 / 3)
    contour = ContourMap(bowl, window, contour_levels(bowl, window, 10), theme=THEME, start=run.init, **kwargs)
    return contour.shift([-2.0, 0.3, 0]), bowl, run


def settled_points(path: DescentPath) -> np.ndarray:
    """Manim points of a path's settled part, all pieces in order, shape (4k, 3)."""
    return np.concatenate([piece.points for piece in path.settled] or [np.zeros((0, 3))])
