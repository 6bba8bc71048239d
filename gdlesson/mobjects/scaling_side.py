"""One side of the feature-scaling comparison: a way of writing x, its condition number, map, run and MSE."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, ValueTracker, VGroup

from gdcore import contour_levels, view_window
from gdlesson.lesson.experiments import ScalingCase
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import neutral_start
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.tex import Formula
from gdlesson.mobjects.theme import Z_LIVE, SansText, Theme
from gdlesson.render.pacing import last_step_taken
from gdlesson.text import EVERYDAY, number, significant, tex_number

__all__ = ["ScalingSide", "format_kappa"]


def format_kappa(kappa: float, *, tex: bool = False) -> str:
    """A condition number as people write it: 1132, 42.4, 1.00, and beyond everyday sizes 1.63\u00d710\u00b9\u2070
    (for MathTex with ``tex``: 1.63 \\times 10^{10})."""
    if kappa >= EVERYDAY[1]:
        return tex_number(kappa) if tex else significant(kappa)
    return number(kappa, max(3, len(str(int(kappa)))), zeros=kappa < 10)


class ScalingSide(VGroup):
    """One way of writing x: a header, its condition number, its map with the run, and the MSE reached.

    Parts: ``header``, ``kappa`` (MathTex), ``map`` (a :class:`ContourMap`),
    ``path`` (a :class:`DescentPath` on the step tracker) and ``readout``
    (the live MSE beside the best possible).
    """

    def __init__(
        self, case: ScalingCase, title: str, tracker: ValueTracker, *, theme: Theme, size: tuple[float, float]
    ) -> None:
        super().__init__()
        bowl, run = case.bowl, case.trajectory
        window = view_window(bowl, run, aspect=size[0] / size[1])
        self.map = ContourMap(
            bowl,
            window,
            contour_levels(bowl, window, 9),
            theme=neutral_start(theme),
            size=size,
            start=run.init,
            avoid=(run.w, run.b),
            ring_label_count=0,
        )
        self.path = DescentPath(run, self.map, tracker, theme=theme)
        box = self.map.frame.box
        kappa = format_kappa(bowl.condition_number, tex=True)
        self.kappa = Formula(
            rf"\kappa = \frac{{\lambda_{{\max}}}}{{\lambda_{{\min}}}} = {kappa}",
            color=theme.text,
            font_size=32,
        ).next_to(box, UP, buff=0.2)
        self.header = SansText(title, font_size=24, color=theme.text).next_to(self.kappa, UP, buff=0.18)
        self.readout = self._readout(case, tracker, theme).next_to(self.map.frame.x_label, DOWN, buff=0.3)
        self.add(self.header, self.kappa, self.map, self.path, self.readout)

    @staticmethod
    def _readout(case: ScalingCase, tracker: ValueTracker, theme: Theme) -> VGroup:
        run, bowl = case.trajectory, case.bowl
        label = SansText("MSE", font_size=24, color=theme.muted)
        number = GlyphNumber(float(run.loss[0]), digits=4, font_size=24, color=theme.text)
        best = SansText(f"(best {significant(bowl.min_loss)})", font_size=24, color=theme.muted)
        widest = number.slot_width()  # any value fits its slot
        number.next_to(label, RIGHT, buff=0.2).align_to(label, DOWN)
        best.next_to(label, RIGHT, buff=0.4 + widest).align_to(label, DOWN)

        def follow(glyphs: GlyphNumber) -> None:
            step = last_step_taken(tracker.get_value(), run.steps)  # a loss the run had, not one between steps
            glyphs.set_value(float(bowl.loss(run.w[step], run.b[step])))

        number.add_updater(follow).set_z_index(Z_LIVE)
        return VGroup(label, number, best).set_z_index(Z_LIVE, family=False)
