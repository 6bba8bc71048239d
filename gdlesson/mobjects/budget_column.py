"""The batch-size experiment's column: the budget's formula and the legend of the runs with their live MSE."""

from __future__ import annotations

from collections.abc import Sequence

from manim import MathTex, ValueTracker

from gdcore import Bowl, Trajectory
from gdlesson.lesson.claims.batches import batch_name
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import RunLegend
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.tex import Formula
from gdlesson.mobjects.theme import Z_LIVE, Theme
from gdlesson.text import tex_number

__all__ = ["budget_formula", "budget_legend", "live_loss"]


def budget_formula(lr: float, theme: Theme) -> MathTex:
    """steps = examples seen / B, and the runs' common learning rate."""
    return Formula(
        r"\text{steps} = \frac{\text{examples seen}}{B}",
        rf"\qquad \alpha = {tex_number(lr)}",
        color=theme.text,
        font_size=34,
    )


def live_loss(path: DescentPath, seen: ValueTracker, bowl: Bowl, theme: Theme) -> GlyphNumber:
    """The full-data MSE at the last step ``path`` has taken by ``seen`` examples, updated every frame (only
    visited values)."""
    number = GlyphNumber(0.0, digits=4, font_size=22, color=theme.text).set_z_index(Z_LIVE)

    def follow(glyphs: GlyphNumber) -> None:
        step = int(path.step_at(seen.get_value()))
        glyphs.set_value(float(bowl.loss(path.w[step], path.b[step])))

    follow(number)
    return number.add_updater(follow)


def budget_legend(
    runs: Sequence[Trajectory],
    paths: Sequence[DescentPath],
    seen: ValueTracker,
    bowl: Bowl,
    colors: Sequence[str],
    theme: Theme,
) -> RunLegend:
    """A row per run: its batch, its steps and its MSE now."""
    rows = [
        [batch_name(run.batch_size, run.n), str(run.steps), live_loss(path, seen, bowl, theme)]
        for run, path in zip(runs, paths, strict=True)
    ]
    legend = RunLegend(colors, rows, theme=theme, header=("batch B", "steps", "MSE now"))
    return legend.set_z_index(Z_LIVE, family=False)
