"""The data panel: each point (W, b) of the map is a line y = W x + b here."""

from __future__ import annotations

import numpy as np
from manim import Circle, DashedVMobject, Dot, ValueTracker, VGroup, VMobject

from gdcore import Bowl, Dataset, Scaling, Trajectory, Window, clip_polyline
from gdlesson.lesson.run import LessonRun
from gdlesson.mobjects.plot_frame import PlotFrame
from gdlesson.mobjects.theme import Z_LIVE, Theme
from gdlesson.render.pacing import state_at
from gdlesson.render.polyline import Polyline, polyline_points

__all__ = ["FitPanel", "data_window", "shown_samples"]

NO_SCALING = Scaling()


def data_window(data: Dataset, margin: float = 0.08) -> Window:
    """A box around the data with a margin (a unit box around constant data)."""
    lows, highs = [], []
    for values in (data.x, data.y):
        low, high = float(values.min()), float(values.max())
        pad = margin * (high - low) if high > low else max(1.0, abs(low) * 0.1)
        lows.append(low - pad)
        highs.append(high + pad)
    return Window(lows[0], highs[0], lows[1], highs[1])


def shown_samples(n: int, limit: int) -> np.ndarray:
    """Indices of at most ``limit`` samples to draw, spread evenly over the dataset."""
    return np.arange(n) if n <= limit else np.unique(np.linspace(0, n - 1, limit).round().astype(int))


class FitPanel(VGroup):
    """The data, the best-fit line, and the line of the current (W, b).

    Parts: ``frame`` (a :class:`PlotFrame`), ``dots`` (at most ``max_points``
    samples, the ones indexed by ``shown``), ``best_line`` (dashed, at the optimum), ``line`` (follows the
    tracker's fractional step) and ``batch`` (rings around the samples of the
    mini-batch being used by the current step). With ``tracker=None`` the
    line shows the end of the run and no batch is marked.

    The panel is in the data's own units: ``bowl`` and ``trajectory`` may be
    on a scaled x' (``scaling``), and their lines are converted back.
    """

    def __init__(
        self,
        data: Dataset,
        bowl: Bowl,
        trajectory: Trajectory,
        tracker: ValueTracker | None,
        *,
        theme: Theme,
        size: tuple[float, float] = (4.6, 3.0),
        x_name: str = "x",
        y_name: str = "y",
        max_points: int = 300,
        max_batch_marks: int = 128,
        font_size: float = 18,
        scaling: Scaling = NO_SCALING,
    ) -> None:
        super().__init__()
        self.data, self.trajectory, self.tracker, self.scaling = data, trajectory, tracker, scaling
        self.frame = PlotFrame(
            data_window(data),
            size=size,
            theme=theme,
            x_label=x_name,
            y_label=y_name,
            font_size=font_size,
            x_ticks=5,
            y_ticks=4,
        )
        self.axes = self.frame.axes
        self.shown = shown = shown_samples(data.n, max_points)
        radius = 0.045 if len(shown) <= 150 else 0.03
        self.dots = VGroup(
            *(
                Dot(point, radius=radius, color=theme.data, fill_opacity=0.85)
                for point in self.frame.to_screen(data.x[shown], data.y[shown])
            )
        )
        self.best_line = DashedVMobject(
            VMobject(stroke_color=theme.optimum, stroke_width=3).set_points(self.line_points(*bowl.optimum)),
            num_dashes=24,
        )
        self.line = Polyline(stroke_color=theme.path, stroke_width=4).set_z_index(Z_LIVE)
        marks = min(trajectory.batch_size, max_batch_marks)
        self.batch = VGroup(
            *(Circle(radius=radius + 0.05, stroke_color=theme.batch, stroke_width=2.5) for _ in range(marks))
        ).set_z_index(Z_LIVE)
        self.add(self.frame, self.dots, self.best_line, self.batch, self.line)
        self.set_z_index(Z_LIVE, family=False)
        if tracker is None:
            self.line.set_points(self.line_points(*trajectory.final))
            self.batch.set_opacity(0.0)
        else:
            self.line.add_updater(lambda line: self._update_line(tracker.get_value()))
            self.batch.add_updater(lambda batch: self._update_batch(tracker.get_value()))

    @classmethod
    def of_lesson(
        cls,
        lesson: LessonRun,
        tracker: ValueTracker | None,
        *,
        theme: Theme,
        size: tuple[float, float],
        centre=None,
        **kwargs,
    ) -> FitPanel:
        """The panel of a lesson's data and run, its axes named after the data's columns, its box
        centred on ``centre`` when given (``kwargs`` go to the constructor)."""
        panel = cls(
            lesson.data,
            lesson.bowl,
            lesson.trajectory,
            tracker,
            theme=theme,
            size=size,
            x_name=lesson.x_name,
            y_name=lesson.y_name,
            scaling=lesson.scaling,
            **kwargs,
        )
        if centre is not None:
            panel.shift(np.asarray(centre, dtype=float) - panel.frame.box.get_center())
        return panel

    def user_line(self, w: float, b: float) -> tuple[float, float]:
        """The line (w, b) of the descent's coordinates as (W, B) of y = W x + B in the data's units."""
        w, b = self.scaling.to_user(w, b)
        return float(w), float(b)

    def line_points(self, w: float, b: float) -> np.ndarray:
        """Manim points of the line (w, b) of the descent's coordinates across the panel (y = W x + B in the
        data's units), cut at its edges (none if it misses)."""
        w, b = self.user_line(w, b)
        window = self.frame.window
        xs = np.array([window.w_min, window.w_max])
        runs = clip_polyline(np.column_stack([xs, w * xs + b]), window)
        return polyline_points([self.frame.to_screen(run[:, 0], run[:, 1]) for run in runs])

    def _update_line(self, position: float) -> None:
        w, b, _ = state_at(self.trajectory.w, self.trajectory.b, position)
        self.line.set_points(self.line_points(w, b))

    def batch_at(self, position: float) -> np.ndarray:
        """Sample indices of the batch that moves the run on from ``position`` (the last batch at the end)."""
        steps = self.trajectory.steps
        if steps == 0:
            return np.zeros(0, dtype=int)
        return self.trajectory.batch_indices[min(int(position), steps - 1)]

    def _update_batch(self, position: float) -> None:
        members = self.batch_at(position)[: len(self.batch)]
        centres = self.frame.to_screen(self.data.x[members], self.data.y[members])
        for i, mark in enumerate(self.batch):
            if i < len(members):
                mark.move_to(centres[i]).set_stroke(opacity=1.0)
            else:
                mark.set_stroke(opacity=0.0)
