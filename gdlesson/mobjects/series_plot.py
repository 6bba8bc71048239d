"""Curves against iteration (or examples seen) that grow with a tracker: Visuals B and C."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, DashedVMobject, Dot, Line, ValueTracker, VGroup, config

from gdcore import Bowl, Trajectory, Window, clip_polyline
from gdlesson.mobjects.descent_path import dash_polyline
from gdlesson.mobjects.plot_frame import PlotFrame
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP, SansText, Theme
from gdlesson.render.pacing import thin_polyline
from gdlesson.render.polyline import Polyline

__all__ = ["Series", "Reference", "SeriesPlot", "loss_plot", "parameter_plots"]


@dataclass(frozen=True, eq=False)
class Series:
    """One curve: ``values`` at positions ``x`` (default 0, 1, 2, ...), drawn up to the tracker's x (dashed
    with ``dash``, on and off lengths in scene units: see :func:`gdlesson.mobjects.descent_path.dash_polyline`)."""

    values: np.ndarray
    color: str
    x: np.ndarray | None = None
    width: float = 3.0
    opacity: float = 1.0
    label: str | None = None
    dash: tuple[float, ...] | None = None

    def positions(self) -> np.ndarray:
        return np.arange(len(self.values), dtype=float) if self.x is None else np.asarray(self.x, dtype=float)


@dataclass(frozen=True)
class Reference:
    """A dashed horizontal line at ``value`` (a target such as W*)."""

    value: float
    color: str
    label: str | None = None


class SeriesPlot(VGroup):
    """A framed plot of one or more series growing with a tracker.

    Parts: ``frame`` (a :class:`PlotFrame`), ``curves`` (one VMobject per
    series), ``heads`` (a dot at each curve's current end), ``references``
    (dashed lines) and ``labels`` (series and reference names at the right
    edge). The tracker holds a position in x units; each curve shows its
    points up to it, the last segment interpolated (in plotted units, so the
    head sits on the drawn segment, also on a log axis), or with
    ``interpolate=False`` only the recorded points reached, so every value
    drawn is one the run had. A head shows only while the curve's current
    value lies inside the frame: a curve clipped at an edge runs off the
    plot instead of seeming to stop there. With ``log`` the y axis
    is logarithmic (by default when the values span more than 1.5 decades).
    Points closer than half a pixel are merged; curves are clipped to the frame.
    """

    def __init__(
        self,
        series: Sequence[Series],
        tracker: ValueTracker | None,
        *,
        theme: Theme,
        size: tuple[float, float] = (4.0, 2.4),
        x_label: str = "step",
        y_label: str = "MSE",
        references: Sequence[Reference] = (),
        log: bool | None = None,
        y_range: tuple[float, float] | None = None,
        font_size: float = 18,
        interpolate: bool = True,
    ) -> None:
        super().__init__()
        self.series, self.tracker, self.interpolate = list(series), tracker, interpolate
        self.followers: dict[int, ValueTracker] = {}
        low, high = y_range if y_range is not None else _span(self.series, references)
        self.log = (low > 0 and high / low > 10**1.5) if log is None else log
        if self.log and low <= 0:
            raise ValueError(f"a log axis needs positive values, got a range from {low}")
        y_low, y_high = (math.log10(low), math.log10(high)) if self.log else (low, high)
        pad = 0.06 * (y_high - y_low) or 1.0
        x_high = max(float(s.positions()[-1]) for s in self.series) or 1.0
        self.window = Window(0.0, x_high, y_low - pad, y_high + pad)
        self.frame = PlotFrame(
            self.window,
            size=size,
            theme=theme,
            x_label=x_label,
            y_label=y_label,
            font_size=font_size,
            x_ticks=4,
            y_ticks=4,
            log_y=self.log,
        )
        self.tolerance = 0.5 * config.frame_width / config.pixel_width
        # Each series in the frame's units, once: (x, y), drawn up to the tracker every frame.
        self._data = [(s.positions(), self.plotted(s.values)) for s in self.series]
        self.curves = VGroup(
            *(Polyline(stroke_color=s.color, stroke_width=s.width, stroke_opacity=s.opacity) for s in self.series)
        )
        self.heads = VGroup(*(Dot(radius=0.045, color=s.color, fill_opacity=s.opacity) for s in self.series))
        self.references = VGroup(*(self._reference(r) for r in references))
        self.labels = VGroup(*self._labels(references, theme, font_size))
        self.add(self.frame, self.references, self.curves, self.heads, self.labels)
        if tracker is None:
            self.show(x_high)
        else:
            self.curves.set_z_index(Z_LIVE)
            self.heads.set_z_index(Z_TOP)
            self.set_z_index(Z_LIVE, family=False)
            self.show(tracker.get_value())
            self.curves.add_updater(lambda _: self.show(tracker.get_value()))

    def plotted(self, values) -> np.ndarray:
        """Values in the frame's y units: their log10 on a log axis (non-positive values become nan)."""
        values = np.asarray(values, dtype=float)
        if not self.log:
            return values
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(values > 0, np.log10(values), np.nan)

    def follow(self, index: int, tracker: ValueTracker) -> SeriesPlot:
        """Let series ``index`` grow with ``tracker`` instead of the plot's (a run played on its own)."""
        self.followers[index] = tracker
        self.show(self.tracker.get_value() if self.tracker is not None else self.window.w_max)
        return self

    def show(self, position: float) -> None:
        """Draw every series up to x = ``position`` (those given their own tracker, up to its value)."""
        for index, (series, curve, head) in enumerate(zip(self.series, self.curves, self.heads, strict=True)):
            at = self.followers[index].get_value() if index in self.followers else position
            points, inside = self._visible(index, at)
            curve.set_runs(points)
            head.set_opacity(series.opacity if points and inside else 0.0)
            if points:
                head.move_to(points[-1][-1])

    def _visible(self, index: int, position: float) -> tuple[list[np.ndarray], bool]:
        """Screen runs of series ``index`` up to ``position``, and whether its current value is in the frame."""
        x, y = self._data[index]
        count = int(np.searchsorted(x, position, side="right"))
        if count == 0:
            return [], False
        xs, ys = x[:count], y[:count]
        if self.interpolate and count < len(x) and x[count] > x[count - 1]:
            fraction = (position - x[count - 1]) / (x[count] - x[count - 1])
            xs = np.append(xs, position)
            ys = np.append(ys, y[count - 1] + fraction * (y[count] - y[count - 1]))
        inside = bool(np.isfinite(ys[-1]) and self.window.contains(xs[-1], ys[-1]))
        keep = np.isfinite(ys)
        data = np.column_stack([xs[keep], ys[keep]])
        if len(data) < 2:
            return [], False
        screen_order = thin_polyline(self.frame.to_screen(data[:, 0], data[:, 1]), self.tolerance)
        dash = self.series[index].dash
        if dash is None:
            runs = clip_polyline(data[screen_order], self.window)
        else:  # dashed from the curve's start, so the dashes stay put as it grows
            dashes = dash_polyline(data[screen_order], dash, scale=self._scale())
            runs = [run for piece in dashes for run in clip_polyline(piece, self.window)]
        return [self.frame.to_screen(run[:, 0], run[:, 1]) for run in runs], inside

    def _scale(self) -> tuple[float, float]:
        """Scene units per unit of x and of plotted y."""
        origin, right, up = self.frame.to_screen(np.array([0.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0]))
        return float(np.linalg.norm(right - origin)), float(np.linalg.norm(up - origin))

    def _reference(self, reference: Reference) -> DashedVMobject:
        y = float(self.plotted(reference.value))
        line = Line(self.frame.to_screen(0.0, y), self.frame.to_screen(self.window.w_max, y))
        return DashedVMobject(line.set_stroke(reference.color, width=2.5), num_dashes=30)

    def _labels(self, references: Sequence[Reference], theme: Theme, font_size: float) -> list[SansText]:
        """Names at the right edge: each reference beside its line, series names stacked below the frame."""
        labels = []
        right = self.frame.box.get_right()[0]
        for reference, line in zip(references, self.references, strict=True):
            if reference.label:
                label = SansText(reference.label, font_size=font_size, color=reference.color)
                labels.append(label.next_to(line, RIGHT, buff=0.1).set_x(right + 0.1 + label.width / 2))
        named = [s for s in self.series if s.label]
        if named:
            row = VGroup(*(SansText(s.label, font_size=font_size, color=s.color) for s in named))
            row.arrange(RIGHT, buff=0.35).next_to(self.frame.x_label, DOWN, buff=0.08)
            row.align_to(self.frame.box, LEFT)
            labels += list(row)
        return labels


def _span(series: Sequence[Series], references: Sequence[Reference]) -> tuple[float, float]:
    values = np.concatenate([np.asarray(s.values, dtype=float) for s in series] + [[r.value for r in references]])
    values = values[np.isfinite(values)]
    low, high = float(values.min()), float(values.max())
    return (low, high) if high > low else (low - 1.0, high + 1.0)


def loss_plot(
    trajectory: Trajectory, tracker: ValueTracker | None, *, theme: Theme, size=(4.0, 2.4), log: bool | None = None
) -> SeriesPlot:
    """Visual B: the full-data MSE against iteration, with the noisy batch loss fainter behind it."""
    batch = Series(
        trajectory.batch_loss,
        theme.batch,
        x=np.arange(trajectory.steps) + 0.0,
        width=1.5,
        opacity=0.55,
        label="batch MSE",
    )
    full = Series(trajectory.loss, theme.path, label="full-data MSE")
    return SeriesPlot([batch, full], tracker, theme=theme, size=size, x_label="step", y_label="MSE", log=log)


def parameter_plots(
    trajectory: Trajectory,
    bowl: Bowl,
    tracker: ValueTracker | None,
    *,
    theme: Theme,
    size=(4.0, 1.5),
    names: tuple[str, str] = ("W", "b"),
) -> VGroup:
    """Visual C: W and b against iteration, each approaching a dashed line at its optimum (``names``: what the
    run's parameters are called, W\u2032 and b\u2032 on a scaled x)."""
    traces = ((names[0], trajectory.w, theme.path), (names[1], trajectory.b, theme.accent))
    plots = VGroup(
        *(
            SeriesPlot(
                [Series(values, color)],
                tracker,
                theme=theme,
                size=size,
                y_label=name,
                references=[Reference(target, theme.optimum, f"{name}*")],
                log=False,
            )
            for (name, values, color), target in zip(traces, bowl.optimum, strict=True)
        )
    )
    return plots.arrange(DOWN, buff=0.25, aligned_edge=LEFT)
