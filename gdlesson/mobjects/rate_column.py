"""The learning-rate experiment's column: the critical rate's formula and the legend of the rates."""

from __future__ import annotations

from collections.abc import Sequence

from manim import MathTex, ValueTracker, VGroup

from gdcore import Bowl, Trajectory
from gdlesson.lesson.claims import rates as words
from gdlesson.lesson.experiments import RatePlan
from gdlesson.mobjects.experiment_kit import RunLegend, counter
from gdlesson.mobjects.tex import Formula
from gdlesson.mobjects.theme import Theme
from gdlesson.text import significant, tex_number

__all__ = ["critical_rate_formula", "rate_legend", "stage_counters"]


def critical_rate_formula(bowl: Bowl, theme: Theme) -> MathTex:
    """alpha_crit = 2 / lambda_max = 2 / <lambda_max> = <rate>, at most 6 units wide."""
    formula = Formula(
        r"\alpha_{\mathrm{crit}} = \frac{2}{\lambda_{\max}}"
        rf" = \frac{{2}}{{{tex_number(bowl.eigenvalues[1])}}} = {tex_number(bowl.critical_lr)}",
        color=theme.text,
        font_size=36,
    )
    return formula.scale_to_fit_width(min(formula.width, 6.0))


def rate_legend(
    factors: Sequence[float], runs: Sequence[Trajectory], bowl: Bowl, colors: Sequence[str], theme: Theme
) -> RunLegend:
    """A row per run: its multiple of the critical rate, its rate, and what it does
    (:func:`gdlesson.lesson.claims.rates.rate_notes`)."""
    notes = words.rate_notes(runs, bowl)
    cells = [
        [words.factors_said([factor]), significant(run.lr), note]
        for factor, run, note in zip(factors, runs, notes, strict=True)
    ]
    return RunLegend(colors, cells, theme=theme, header=("\u00d7 critical", "\u03b1", "what happens"))


def stage_counters(
    plan: RatePlan, stages: Sequence[tuple[int, ...]], clocks: Sequence[ValueTracker], theme: Theme
) -> list[VGroup]:
    """A step counter per stage ("step of 0.1\u00d7 and 0.5\u00d7  k / n"), each on its stage's clock."""
    return [
        counter(f"step of {words.factors_said(plan.stage_factors(stage))}", clock, plan.stage_steps(stage), theme=theme)
        for stage, clock in zip(stages, clocks, strict=True)
    ]
