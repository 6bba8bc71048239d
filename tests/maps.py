"""A contour map of a lesson's run, as the Descent scene draws it: shared by the component tests."""

from __future__ import annotations

from gdcore import Bowl, Trajectory, contour_levels, view_window
from gdlesson.lesson.run import LessonRun
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.theme import THEMES

THEME = THEMES["dark"]


def build_map(lesson: LessonRun, **kwargs) -> tuple[ContourMap, Bowl, Trajectory]:
    """The map of ``lesson``'s run with 10 rings, at 4:3, shifted off the origin (``kwargs`` go to ContourMap)."""
    bowl, run = lesson.bowl, lesson.trajectory
    window = view_window(bowl, run, aspect=4 / 3)
    contour = ContourMap(bowl, window, contour_levels(bowl, window, 10), theme=THEME, start=run.init, **kwargs)
    return contour.shift([-2.0, 0.3, 0]), bowl, run
