"""Pieces the experiment scenes share: the frame's bounds, run colours, a legend with values, a badge, counters and
an excess-loss plot."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UR,
    Create,
    LaggedStart,
    Line,
    Mobject,
    RoundedRectangle,
    ValueTracker,
    VGroup,
    config,
)

from gdcore import Bowl, Trajectory
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import dash_polyline
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.series_plot import Reference, Series, SeriesPlot
from gdlesson.mobjects.theme import OKABE_ITO, Z_LIVE, SansText, Theme
from gdlesson.render.polyline import Polyline

__all__ = [
    "FRAME",
    "Badge",
    "RunLegend",
    "counter",
    "excess_loss_plot",
    "keep_inside",
    "measured_steps",
    "neutral_start",
    "reveal_map",
    "run_colors",
]

FRAME = (-config.frame_width / 2 + 0.1, -config.frame_height / 2, config.frame_width / 2 - 0.1, config.frame_height / 2)
"""The 16:9 frame, less a thin margin at the sides, as a box (x0, y0, x1, y1) for :func:`keep_inside`."""


def keep_inside(mobject: Mobject, bounds: tuple[float, float, float, float]) -> Mobject:
    """Shift ``mobject`` the least distance that puts its bounding box inside ``bounds`` (x0, y0, x1, y1)."""
    (x0, y0, _), (x1, y1, _) = mobject.get_corner(DL), mobject.get_corner(UR)
    dx = max(bounds[0] - x0, 0.0) + min(bounds[2] - x1, 0.0)
    dy = max(bounds[1] - y0, 0.0) + min(bounds[3] - y1, 0.0)
    return mobject.shift(np.array([dx, dy, 0.0]))


_RUN_COLORS = {
    # Sky blue, yellow, reddish purple and vermillion stay apart from each other and from the
    # bluish-green optimum; the rings are dimmed where they are drawn under these paths.
    "dark": ("sky_blue", "yellow", "reddish_purple", "vermillion", "orange"),
    "light": ("blue", "orange", "reddish_purple", "vermillion", "sky_blue"),
}


def run_colors(theme: Theme, count: int) -> list[str]:
    """``count`` distinct Okabe-Ito colours for paths on ``theme`` (at most 5), slowest run first."""
    names = _RUN_COLORS[theme.name]
    if not 1 <= count <= len(names):
        raise ValueError(f"run_colors: between 1 and {len(names)} runs have colours, got {count}")
    return [OKABE_ITO[name] for name in names[:count]]


def neutral_start(theme: Theme) -> Theme:
    """``theme`` with a neutral start marker: its usual vermillion is a path colour in these scenes."""
    return dataclasses.replace(theme, start=theme.muted)


class RunLegend(VGroup):
    """A table with one row per run: a short stroke in the run's colour, then the run's values in columns.

    Parts: ``header`` (muted column titles, empty when none are given) and
    ``rows`` (each a VGroup of the swatch and its cells). Cells are strings
    or ready-made mobjects (e.g. a live :class:`~gdlesson.mobjects.glyph_number.GlyphNumber`);
    each column is left-aligned and every cell centred on its row. ``dashes`` gives each row's swatch the
    dash pattern of its run's path (None: solid; see :func:`gdlesson.mobjects.descent_path.dash_polyline`).
    """

    def __init__(
        self,
        colors: Sequence[str],
        cells: Sequence[Sequence[str | Mobject]],
        *,
        theme: Theme,
        header: Sequence[str] = (),
        font_size: float = 22,
        row_height: float = 0.44,
        column_gap: float = 0.4,
        dashes: Sequence[tuple[float, ...] | None] = (),
    ) -> None:
        super().__init__()
        titles = [SansText(title, font_size=font_size, color=theme.muted) for title in header]
        table = [titles] if titles else []
        table += [
            [SansText(c, font_size=font_size, color=theme.text) if isinstance(c, str) else c for c in row]
            for row in cells
        ]
        widths = [max(row[c].width for row in table if c < len(row)) for c in range(max(map(len, table)))]
        lefts = 0.75 + np.concatenate([[0.0], np.cumsum(np.array(widths[:-1]) + column_gap)])
        for index, row in enumerate(table):
            for left, cell in zip(lefts, row, strict=False):
                cell.move_to([left, -index * row_height, 0], aligned_edge=LEFT)
        self.header = VGroup(*titles)
        self.rows = VGroup()
        for index, (color, row) in enumerate(zip(colors, table[len(table) - len(cells) :], strict=True)):
            y = -(index + len(table) - len(cells)) * row_height
            dash = dashes[index] if index < len(dashes) else None
            self.rows.add(VGroup(_swatch(y, color, dash), *row))
        self.add(self.header, self.rows)


def _swatch(y: float, color: str, dash: tuple[float, ...] | None) -> Mobject:
    """A short stroke from (0, y) to (0.5, y), dashed like its run's path."""
    if dash is None:
        return Line([0.0, y, 0], [0.5, y, 0], stroke_color=color, stroke_width=6)
    dashes = dash_polyline(np.array([[0.0, y], [0.5, y]]), dash)
    runs = [np.column_stack([piece, np.zeros(len(piece))]) for piece in dashes]
    return Polyline(stroke_color=color, stroke_width=6).set_runs(runs)


class Badge(VGroup):
    """A short message in a rounded box outlined in ``color``: ``box`` and ``text``."""

    def __init__(self, text: str, *, color: str, theme: Theme, font_size: float = 22) -> None:
        super().__init__()
        self.text = SansText(text, font_size=font_size, color=color)
        self.box = RoundedRectangle(
            corner_radius=0.12,
            width=self.text.width + 0.36,
            height=self.text.height + 0.26,
            stroke_color=color,
            stroke_width=2.5,
            fill_color=theme.background,
            fill_opacity=0.92,
        ).move_to(self.text)
        self.add(self.box, self.text)


def measured_steps(examples_seen: np.ndarray, every: int) -> np.ndarray:
    """The steps at which a run is measured once per ``every`` examples: the start, and each step
    that crosses a multiple of ``every`` (so a run whose steps are at least that big is measured
    at every step, and only at states it visited)."""
    return np.flatnonzero(np.diff(np.asarray(examples_seen) // every, prepend=-1) > 0)


def excess_loss_plot(
    bowl: Bowl,
    runs: Sequence[Trajectory],
    colors: Sequence[str],
    tracker: ValueTracker | None,
    *,
    theme: Theme,
    examples_every: int | None = None,
    size: tuple[float, float] = (4.4, 2.0),
    decades_below: float = 6.0,
    references: Sequence[Reference] = (),
    dashes: Sequence[tuple[float, ...] | None] = (),
) -> SeriesPlot:
    """MSE minus its minimum against step, on a log axis.

    On a log axis steady descent at a fixed rate is a straight line and a
    blow-up a straight climb. The axis spans from ``decades_below`` decades
    under the starting excess to the largest excess of any run; curves are
    clipped to it. With ``examples_every`` the x axis is examples seen
    instead, and each run is measured at most once per that many examples
    (see :func:`measured_steps`), which keeps a many-step SGD curve readable. ``dashes`` dash the curves
    like their runs' paths.
    Curves grow point by point (no value between two measurements is drawn).
    """
    series = []
    dashes = list(dashes) + [None] * (len(runs) - len(dashes))
    for run, color, dash in zip(runs, colors, dashes, strict=True):
        excess = np.asarray(run.loss) - bowl.min_loss
        if examples_every is None:
            series.append(Series(excess, color, width=3.0, dash=dash))
        else:
            measured = measured_steps(run.examples_seen, examples_every)
            series.append(Series(excess[measured], color, x=run.examples_seen[measured], width=3.0, dash=dash))
    start = float(series[0].values[0])
    top = max(start, max(float(np.max(s.values)) for s in series))
    return SeriesPlot(
        series,
        tracker,
        theme=theme,
        size=size,
        x_label="step" if examples_every is None else "examples seen",
        y_label="MSE \u2212 best",
        log=True,
        y_range=(start * 10.0**-decades_below, top),
        interpolate=False,
        references=references,
    )


def reveal_map(contour_map: ContourMap, *, lag_ratio: float = 0.2) -> list:
    """Animations drawing a map's frame and its rings (add ``contour_map.backdrop`` first)."""
    return [
        *contour_map.frame.reveal(),
        LaggedStart(*(Create(ring) for ring in contour_map.rings), lag_ratio=lag_ratio),
    ]


def counter(name: str, tracker: ValueTracker, total: int, *, theme: Theme, font_size: float = 22) -> VGroup:
    """ "name  k / total" with k the tracker's whole part (0 before it starts), updated every frame."""
    label = SansText(name, font_size=font_size, color=theme.muted)
    number = GlyphNumber(0, places=0, font_size=font_size, color=theme.text)
    number.next_to(label, RIGHT, buff=0.2).align_to(label, DOWN)
    widest = GlyphNumber(total, places=0, font_size=font_size).width
    limit = SansText(f"/ {total}", font_size=font_size, color=theme.muted)
    limit.next_to(label, RIGHT, buff=0.4 + widest).align_to(label, DOWN)
    number.add_updater(lambda glyphs: glyphs.set_value(max(int(tracker.get_value()), 0))).set_z_index(Z_LIVE)
    return VGroup(label, number, limit).set_z_index(Z_LIVE, family=False)
