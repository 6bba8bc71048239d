"""The dashboard: Visuals A, B, C and D on one 16:9 frame, every panel following one step tracker."""

from __future__ import annotations

import numpy as np
from manim import LEFT, RIGHT, UP, ValueTracker, VGroup

from gdlesson.lesson.run import LessonRun
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import FRAME, keep_inside
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.readouts import Readouts
from gdlesson.mobjects.series_plot import SeriesPlot, loss_plot, parameter_plots
from gdlesson.mobjects.theme import Z_LIVE, SansText, Theme
from gdlesson.render.polyline import Polyline, segment_points

__all__ = ["LinkedViews", "StepCursor", "CELLS"]

CELLS = {"A": (-3.5, 3.3), "D": (3.55, 3.3), "B": (-4.45, -0.3), "C": (3.22, -0.3)}
"""(centre x of the panel with its labels, top of its plot box) on the 16:9 frame: pictures on top, curves below."""


class StepCursor(Polyline):
    """A vertical line across a :class:`SeriesPlot` at the tracker's step: "now" on a curve against iteration."""

    def __init__(self, plot: SeriesPlot, tracker: ValueTracker, *, color: str) -> None:
        super().__init__(stroke_color=color, stroke_width=2.0, stroke_opacity=0.7)
        self.plot, self.tracker = plot, tracker
        self.set_z_index(Z_LIVE)
        self.redraw()
        self.add_updater(lambda cursor: cursor.redraw())

    @property
    def position(self) -> float:
        """The step the cursor marks (the tracker's value, kept inside the plot)."""
        window = self.plot.window
        return float(np.clip(self.tracker.get_value(), window.w_min, window.w_max))

    def redraw(self) -> None:
        window = self.plot.window
        ends = self.plot.frame.to_screen(np.full(2, self.position), np.array([window.b_min, window.b_max]))
        self.set_points(segment_points(ends[:1], ends[1:]))


class LinkedViews(VGroup):
    """Visuals A, B, C and D together, driven by one step tracker.

    Parts: ``fit`` (A: the data, the current line, the mini-batch),
    ``loss`` (B: full-data and batch MSE), ``params`` (C: W and b),
    ``map`` and ``path`` (D: the rings and the descent), ``cursors``
    (the current step on B and C), ``readouts`` (step, epoch, W, b, MSE)
    and ``titles``. The current step is marked in every panel in one colour,
    the theme's path colour: the line in A, the cursors in B and C, the
    walker on D.
    """

    map_size = (5.0, 2.3)
    plot_size = (4.2, 2.0)

    def __init__(self, lesson: LessonRun, tracker: ValueTracker, *, theme: Theme, font_size: float = 18) -> None:
        super().__init__()
        self.tracker, self.step_color = tracker, theme.path
        bowl, run = lesson.bowl, lesson.trajectory
        self.run, self.bowl, self.parameter_names = run, bowl, lesson.parameter_names
        self.fit = FitPanel.of_lesson(lesson, tracker, theme=theme, size=(3.2, 2.3), font_size=font_size)
        self.map = ContourMap.for_run(  # no marker labels: they would cover the path here
            bowl,
            run,
            theme=theme,
            size=self.map_size,
            rings=8,
            ring_label_count=2,
            marker_labels=False,
            font_size=font_size,
            primed=lesson.scaled,
        )
        self.path = DescentPath(run, self.map, tracker, theme=theme, dot_radius=0.07)
        self.loss = loss_plot(run, tracker, theme=theme, size=self.plot_size)
        self.params = parameter_plots(
            run, bowl, tracker, theme=theme, size=(2.55, self.plot_size[1]), names=lesson.parameter_names
        )
        self.readouts = Readouts(run, bowl, tracker, theme=theme, font_size=19, row_gap=0.4, primed=lesson.scaled)
        self._place()
        self.cursors = VGroup(
            *(StepCursor(plot, tracker, color=self.step_color) for plot in [self.loss, *self.params])
        ).set_z_index(Z_LIVE)
        self.titles = VGroup(*self._titles(theme, font_size + 4))
        self.add(self.titles, self.map, self.path, self.fit, self.readouts, self.loss, self.params, self.cursors)
        self.set_z_index(Z_LIVE, family=False)

    def _place(self) -> None:
        """Each panel's plot box at the top of its row, the panel (labels included) centred in its column."""
        self.params.arrange(RIGHT, buff=0.12, aligned_edge=UP)
        self.readouts.next_to(self.fit.frame.box, RIGHT, buff=0.4).align_to(self.fit.frame.box, UP)
        for cell, panel, box in (
            ("A", VGroup(self.fit, self.readouts), self.fit.frame.box),
            ("D", self.map, self.map.frame.box),
            ("B", self.loss, self.loss.frame.box),
            ("C", self.params, self.params[0].frame.box),
        ):
            x, top = CELLS[cell]
            panel.shift(np.array([x - panel.get_center()[0], top - box.get_top()[1], 0.0]))
            keep_inside(panel, FRAME)  # wide tick labels (years, thousands) must not push a label off the frame

    def _titles(self, theme: Theme, font_size: float) -> list[SansText]:
        w, b = self.parameter_names
        named = (
            ("A  the data and the line", self.fit.frame.box),
            (f"D  the loss map of ({w}, {b})", self.map.frame.box),
            ("B  loss after each step", self.loss.frame.box),
            (f"C  the parameters {w} and {b}", self.params[0].frame.box),
        )
        titles = []
        for text, box in named:
            title = SansText(text, font_size=font_size, color=theme.text).next_to(box, UP, buff=0.14)
            titles.append(title.align_to(box, LEFT))
        return titles
