"""Marks of one mini-batch on the maps and the data panel: its own rings, its best fit (an ×), its points."""

from __future__ import annotations

import numpy as np
from manim import DashedVMobject, Dot, Line, MathTex, VGroup, VMobject

from gdlesson.lesson.experiments import BatchStep
from gdlesson.mobjects.contour_map import ContourMap, ring_curve
from gdlesson.mobjects.experiment_kit import RunLegend
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.tex import Formula
from gdlesson.mobjects.theme import Z_TOP, Theme

__all__ = [
    "BATCH_RING_EXCESS",
    "batch_highlight",
    "batch_key",
    "batch_levels",
    "batch_loss_formula",
    "batch_rings",
    "cross",
]

BATCH_RING_EXCESS = (1.0, 0.3, 0.08)
"""Batch rings at these fractions of the batch loss's excess at the current point: the first ring passes
through (W, b) itself, where the batch's gradient is perpendicular to it."""


def batch_levels(step: BatchStep) -> np.ndarray:
    """The losses of the batch rings drawn for ``step``, descending."""
    excess = float(step.bowl.loss(*step.start)) - step.bowl.min_loss
    return step.bowl.min_loss + excess * np.array(BATCH_RING_EXCESS)


def cross(contour_map: ContourMap, point: tuple[float, float], theme: Theme, *, size: float = 0.13) -> VGroup:
    """An "\u00d7" in the batch colour at (W, b) on the map (hidden outside it)."""
    centre = contour_map.to_screen(*point)
    arms = [np.array([size, size, 0]), np.array([size, -size, 0])]
    mark = VGroup(*(Line(centre - arm, centre + arm, stroke_width=4, color=theme.batch) for arm in arms))
    return mark.set_opacity(1.0 if contour_map.window.contains(*point) else 0.0)


def batch_rings(contour_map: ContourMap, step: BatchStep, theme: Theme) -> VGroup:
    """The batch's own level sets, exact ellipses clipped to the map, each with ``level`` and ``bowl``."""
    rings = VGroup()
    for level in batch_levels(step):
        ring = ring_curve(
            step.bowl, level, contour_map.window, contour_map.to_screen, stroke_color=theme.batch, stroke_width=3
        )
        if ring is not None:
            ring.bowl = step.bowl
            rings.add(ring)
    return rings


def batch_highlight(panel: FitPanel, step: BatchStep, theme: Theme) -> VGroup:
    """The batch's points lit up in the data panel, and the batch's own best line (dashed)."""
    data, frame = panel.data, panel.frame
    centres = frame.to_screen(data.x[step.indices], data.y[step.indices])
    dots = VGroup(*(Dot(c, radius=0.07, color=theme.batch) for c in centres))
    line = VMobject(stroke_color=theme.batch, stroke_width=3)
    line.set_points(panel.line_points(*step.bowl.optimum))
    return VGroup(dots, DashedVMobject(line, num_dashes=20)).set_z_index(Z_TOP)


def batch_loss_formula(theme: Theme, *, primed: bool) -> MathTex:
    """MSE_B(W, b) = 1/|B| sum over the batch, in the map's own parameters (W', b' of x' when ``primed``)."""
    w, b, x = ("W'", "b'", "x'_i") if primed else ("W", "b", "x_i")
    return Formula(
        rf"\mathrm{{MSE}}_B({w}, {b}) = \frac{{1}}{{|B|}} \sum_{{i \in B}} \bigl(y_i - ({w} {x} + {b})\bigr)^2",
        color=theme.text,
        font_size=30,
    )


def batch_key(theme: Theme) -> RunLegend:
    """What the colours mean: all the data's rings, this batch's rings and best fit, the path and the line."""
    return RunLegend(
        [theme.muted, theme.batch, theme.path],
        [["all the data: rings"], ["this batch: rings, \u00d7 best"], ["the path and the current line"]],
        theme=theme,
        font_size=20,
        row_height=0.36,
    )
