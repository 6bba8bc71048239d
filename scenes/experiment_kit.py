"""Pieces the experiment scenes share: their layout, run colours, a legend with values, a badge, counters and an
excess-loss plot."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    LEFT,
    RIGHT,
    UP,
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

from gdcore import Bowl, Trajectory, Window, contour_levels

from .animations import Appear
from .base import LessonScene
from .contour_map import ContourMap
from .experiments import frame_runs
from .glyph_number import GlyphNumber
from .series_plot import Series, SeriesPlot
from .theme import OKABE_ITO, Z_LIVE, SansText, Theme

__all__ = [
    "FRAME",
    "Badge",
    "ExperimentScene",
    "RunLegend",
    "counter",
    "excess_loss_plot",
    "keep_inside",
    "neutral_start",
    "plain_number",
    "reveal_map",
    "run_colors",
    "tex_number",
]

FRAME = (-config.frame_width / 2 + 0.1, -config.frame_height / 2, config.frame_width / 2 - 0.1, config.frame_height / 2)
"""The 16:9 frame, less a thin margin at the sides, as a box (x0, y0, x1, y1) for :func:`keep_inside`."""

_SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def _mantissa_exponent(value: float, digits: int) -> tuple[str, int] | None:
    """None for everyday sizes (1e-3 to 1e4), else the mantissa text and the power of ten."""
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return None
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return mantissa, int(exponent)


def plain_number(value: float, digits: int = 3) -> str:
    """``digits`` significant digits for text: 0.288, or 9.05\u00d710\u207b\u2076 beyond everyday sizes."""
    split = _mantissa_exponent(value, digits)
    if split is None:
        return f"{value:.{digits}g}"
    return f"{split[0]}\u00d710{str(split[1]).translate(_SUPERSCRIPTS)}"


def tex_number(value: float, digits: int = 3) -> str:
    """The same for MathTex: 0.288, or 9.05 \\times 10^{-6}."""
    split = _mantissa_exponent(value, digits)
    return f"{value:.{digits}g}" if split is None else rf"{split[0]} \times 10^{{{split[1]}}}"


def keep_inside(mobject: Mobject, bounds: tuple[float, float, float, float]) -> Mobject:
    """Shift ``mobject`` the least distance that puts its bounding box inside ``bounds`` (x0, y0, x1, y1)."""
    (x0, y0, _), (x1, y1, _) = mobject.get_corner(DL), mobject.get_corner(UR)
    dx = max(bounds[0] - x0, 0.0) + min(bounds[2] - x1, 0.0)
    dy = max(bounds[1] - y0, 0.0) + min(bounds[3] - y1, 0.0)
    return mobject.shift(np.array([dx, dy, 0.0]))


_RUN_COLORS = {
    # Sky blue, yellow, reddish purple and vermillion stay apart from each other and from the
    # bluish-green optimum; the rings are dimmed where they are drawn under these paths.
    "dark": ("sky_blue", "yellow", "reddish_purple", "vermillion"),
    "light": ("blue", "orange", "reddish_purple", "vermillion"),
}


def run_colors(theme: Theme, count: int) -> list[str]:
    """``count`` distinct Okabe-Ito colours for paths on ``theme`` (at most 4), slowest run first."""
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
    or ready-made mobjects (e.g. a live :class:`~scenes.glyph_number.GlyphNumber`);
    each column is left-aligned and every cell centred on its row.
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
            self.rows.add(VGroup(Line([0.0, y, 0], [0.5, y, 0], stroke_color=color, stroke_width=6), *row))
        self.add(self.header, self.rows)


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
) -> SeriesPlot:
    """MSE minus its minimum against step, on a log axis.

    On a log axis steady descent at a fixed rate is a straight line and a
    blow-up a straight climb. The axis spans from ``decades_below`` decades
    under the starting excess to the largest excess of any run; curves are
    clipped to it. With ``examples_every`` the x axis is examples seen
    instead, and each run is measured every that many examples (e.g. once
    per pass over the data), which keeps a many-step SGD curve readable.
    """
    series = []
    for run, color in zip(runs, colors, strict=True):
        excess = np.asarray(run.loss) - bowl.min_loss
        if examples_every is None:
            series.append(Series(excess, color, width=3.0))
        else:
            measured = run.examples_seen % examples_every == 0
            series.append(Series(excess[measured], color, x=run.examples_seen[measured], width=3.0))
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
    )


def reveal_map(contour_map: ContourMap, *, lag_ratio: float = 0.2) -> list:
    """Animations drawing a map's frame and its rings (add ``contour_map.backdrop`` first)."""
    return [
        *contour_map.frame.reveal(),
        LaggedStart(*(Create(ring) for ring in contour_map.rings), lag_ratio=lag_ratio),
    ]


def counter(name: str, tracker: ValueTracker, total: int, *, theme: Theme, font_size: float = 22) -> VGroup:
    """ "name  k / total" with k the tracker's whole part, updated every frame."""
    label = SansText(name, font_size=font_size, color=theme.muted)
    number = GlyphNumber(0, places=0, font_size=font_size, color=theme.text)
    number.next_to(label, RIGHT, buff=0.2).align_to(label, DOWN)
    widest = GlyphNumber(total, places=0, font_size=font_size).width
    limit = SansText(f"/ {total}", font_size=font_size, color=theme.muted)
    limit.next_to(label, RIGHT, buff=0.4 + widest).align_to(label, DOWN)
    number.add_updater(lambda glyphs: glyphs.set_value(int(tracker.get_value()))).set_z_index(Z_LIVE)
    return VGroup(label, number, limit).set_z_index(Z_LIVE, family=False)


class ExperimentScene(LessonScene):
    """The layout the map-based experiments share: a contour map on the left, a column of panels on the right.

    Subclasses set ``title_text`` and build their map with :meth:`build_map`.
    """

    map_size = (6.2, 4.75)
    map_center = np.array([-3.05, 0.3, 0.0])
    column_x = 3.75
    """Centre of the right-hand column."""
    ring_count = 9
    title_text = ""

    def build_map(self, bowl: Bowl, window: Window, **kwargs) -> ContourMap:
        """A :class:`ContourMap` of ``bowl`` over ``window`` at the scene's place, kept inside the frame.

        ``kwargs`` go to ContourMap (``start``, ``avoid``, ``theme`` ...).
        """
        kwargs.setdefault("theme", self.theme)
        contour_map = ContourMap(
            bowl, window, contour_levels(bowl, window, self.ring_count), size=self.map_size, **kwargs
        )
        return keep_inside(contour_map.shift(self.map_center), FRAME)

    def runs_window(self, bowl: Bowl, runs: Sequence[Trajectory]) -> Window:
        """The part of (W, b) that frames ``runs``, at the map's proportions."""
        return frame_runs(bowl, tuple(runs), aspect=self.map_size[0] / self.map_size[1])

    def runs_map(
        self, bowl: Bowl, runs: Sequence[Trajectory], window: Window, shown: Sequence[Trajectory] | None = None
    ) -> ContourMap:
        """The shared map of several runs from one start over ``window``: rings dimmed under the paths,
        labels kept off the ``shown`` parts of the paths (default: the runs)."""
        shown = runs if shown is None else shown
        points = (np.concatenate([r.w for r in shown]), np.concatenate([r.b for r in shown]))
        contour_map = self.build_map(bowl, window, theme=neutral_start(self.theme), start=runs[0].init, avoid=points)
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
        title = SansText(self.title_text, font_size=30, color=self.theme.text)
        title.next_to(contour_map.frame.box, UP, buff=0.3).set_x(contour_map.frame.box.get_center()[0])
        self.add(contour_map.backdrop)
        self.play(Appear(title), *reveal_map(contour_map), *extra, *self.captions.say(caption), run_time=2.5)
