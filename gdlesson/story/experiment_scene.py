"""ExperimentScene: the layout the map-based experiment scenes share."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np
from manim import DOWN, LEFT, UP, Mobject

from gdcore import Bowl, Trajectory, Window, contour_levels
from gdlesson.lesson.experiments import frame_runs
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.experiment_kit import FRAME, keep_inside, neutral_start, reveal_map
from gdlesson.mobjects.series_plot import SeriesPlot
from gdlesson.mobjects.theme import SansText
from gdlesson.render.animations import Appear
from gdlesson.story.scene import LessonScene

__all__ = ["ExperimentLayout", "ExperimentScene"]


class ExperimentLayout:
    """The layout the map-based experiments share, on ``scene``: a contour map on the left, a column of panels on
    the right. Story parts build it with their sizes; :class:`ExperimentScene` with its class attributes.

    Parameters
    ----------
    scene : the scene that plays the experiment (its ``lesson``, ``theme``, ``captions``).
    map_size, map_center : the map's size and centre; ``column_x`` the centre of the right-hand column.
    ring_count : the map's rings; ``title_text`` the title over the map.
    """

    def __init__(
        self,
        scene: LessonScene,
        *,
        map_size: tuple[float, float] = (6.2, 4.75),
        map_center: tuple[float, float, float] = (-3.05, 0.3, 0.0),
        column_x: float = 3.75,
        ring_count: int = 9,
        title_text: str = "",
    ) -> None:
        self.scene, self.map_size, self.map_center = scene, map_size, np.asarray(map_center, dtype=float)
        self.column_x, self.ring_count, self.title_text = column_x, ring_count, title_text

    def build_map(self, bowl: Bowl, window: Window, **kwargs) -> ContourMap:
        """A :class:`ContourMap` of ``bowl`` over ``window`` at the scene's place, kept inside the frame.

        ``kwargs`` go to ContourMap (``start``, ``avoid``, ``theme`` ...).
        """
        kwargs.setdefault("theme", self.scene.theme)
        kwargs.setdefault("primed", self.scene.lesson.scaled)  # the lesson's bowl is on x' when x is scaled
        contour_map = ContourMap(
            bowl, window, contour_levels(bowl, window, self.ring_count), size=self.map_size, **kwargs
        )
        return keep_inside(contour_map.shift(self.map_center), FRAME)

    def runs_window(self, bowl: Bowl, runs: Sequence[Trajectory], max_stretch: float = 4.0) -> Window:
        """The part of (W, b) that frames ``runs``, at the map's proportions (see :func:`frame_runs`)."""
        return frame_runs(bowl, tuple(runs), aspect=self.map_size[0] / self.map_size[1], max_stretch=max_stretch)

    def runs_map(
        self,
        bowl: Bowl,
        runs: Sequence[Trajectory],
        window: Window,
        shown: Sequence[Trajectory] | None = None,
        *,
        primes: int | None = None,
    ) -> ContourMap:
        """The shared map of several runs from one start over ``window``: rings dimmed under the paths,
        labels kept off the ``shown`` parts of the paths (default: the runs); ``primes`` names the x the runs
        are on (default: the lesson's, see :func:`gdlesson.lesson.names.names`)."""
        shown = runs if shown is None else shown
        points = (np.concatenate([r.w for r in shown]), np.concatenate([r.b for r in shown]))
        primes = int(self.scene.lesson.scaled) if primes is None else primes
        start = runs[0].init
        contour_map = self.build_map(
            bowl, window, theme=neutral_start(self.scene.theme), start=start, avoid=points, primed=primes
        )
        contour_map.rings.set_stroke(opacity=0.55)
        return contour_map

    def place_column(self, formula: Mobject, legend: Mobject, inset: SeriesPlot, count: Mobject, inset_y: float):
        """The right-hand column, top to bottom: the formula, the legend, a counter over the inset plot."""
        keep_inside(formula.move_to([self.column_x, 2.95, 0]), FRAME)
        keep_inside(legend.next_to(formula, DOWN, buff=0.4).set_x(self.column_x), FRAME)
        inset.shift(np.array([4.25, inset_y, 0]) - inset.frame.box.get_center())
        count.next_to(inset.frame.box, UP, buff=0.14).align_to(inset.frame.box, LEFT)

    def open_map(self, contour_map: ContourMap, caption: str, *extra) -> None:
        """Play the title, the map's frame and rings, ``extra`` animations and a caption, together."""
        title = SansText(self.title_text, font_size=30, color=self.scene.theme.text)
        title.next_to(contour_map.frame.box, UP, buff=0.3).set_x(contour_map.frame.box.get_center()[0])
        scene = self.scene
        scene.add(contour_map.backdrop)
        scene.play(Appear(title), *reveal_map(contour_map), *extra, *scene.captions.say(caption), run_time=2.5)


class ExperimentScene(LessonScene):
    """A scene of one experiment in the shared layout (see :class:`ExperimentLayout`), set by class attributes.

    Subclasses set ``title_text`` and build their map with ``self.layout.build_map``.
    """

    map_size = (6.2, 4.75)
    map_center = np.array([-3.05, 0.3, 0.0])
    column_x = 3.75
    """Centre of the right-hand column."""
    ring_count = 9
    title_text = ""

    @cached_property
    def layout(self) -> ExperimentLayout:
        """This scene's layout, from its class attributes: ``self.layout.build_map(...)``, ``runs_map``, ..."""
        return ExperimentLayout(
            self,
            map_size=self.map_size,
            map_center=self.map_center,
            column_x=self.column_x,
            ring_count=self.ring_count,
            title_text=self.title_text,
        )
