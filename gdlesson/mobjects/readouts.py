"""Live numbers: step, epoch, W, b and MSE of the last step taken at the tracker's position."""

from __future__ import annotations

from manim import LEFT, ValueTracker, VGroup

from gdcore import Bowl, Trajectory
from gdlesson.lesson.names import names
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.theme import Z_LIVE, SansText, Theme
from gdlesson.render.pacing import last_step_taken

__all__ = ["Readouts"]


class Readouts(VGroup):
    """A small table whose numbers follow a step tracker (glyphs laid out, text never rebuilt).

    Parts: ``labels`` and ``values`` (``step``, ``epoch``, ``w``, ``b``, ``mse``
    in that order), and ``totals`` ("/ T" beside step and epoch). W, b and
    the MSE show ``digits`` significant digits in slots of
    :data:`gdlesson.text.WIDEST` characters, so any value fits. With
    ``primed`` the parameters are named W\u2032 and b\u2032: they are on a scaled x'.
    """

    def __init__(
        self,
        trajectory: Trajectory,
        bowl: Bowl,
        tracker: ValueTracker,
        *,
        theme: Theme,
        font_size: float = 24,
        row_gap: float = 0.42,
        digits: int = 4,
        primed: bool = False,
    ) -> None:
        super().__init__()
        self.trajectory, self.bowl = trajectory, bowl
        number = dict(font_size=font_size, color=theme.text)
        self.step = GlyphNumber(0, places=0, **number)
        self.epoch = GlyphNumber(1, places=0, **number)
        self.w = GlyphNumber(0.0, digits=digits, **number)
        self.b = GlyphNumber(0.0, digits=digits, **number)
        self.mse = GlyphNumber(0.0, digits=digits, **number)
        self.values = VGroup(self.step, self.epoch, self.w, self.b, self.mse)
        called = names(primed)
        labels = ("step", "epoch", called.w, called.b, "MSE")
        self.labels = VGroup(*(SansText(label, font_size=font_size, color=theme.muted) for label in labels))
        for row, label in enumerate(self.labels):
            label.move_to([0, -row * row_gap, 0], aligned_edge=LEFT)
        value_x = self.labels.get_right()[0] + 0.35
        for row, value in enumerate(self.values):
            value.move_to([value_x, -row * row_gap, 0], aligned_edge=LEFT)
        widest = SansText(str(max(trajectory.steps, 1)), font_size=font_size).width
        self.totals = VGroup(
            SansText(f"/ {trajectory.steps}", font_size=font_size, color=theme.muted),
            SansText(f"/ {trajectory.epochs}", font_size=font_size, color=theme.muted),
        )
        for row, total in enumerate(self.totals):
            total.move_to([value_x + widest + 0.2, -row * row_gap, 0], aligned_edge=LEFT)
        self.add(self.labels, self.totals, self.values)
        self.values.set_z_index(Z_LIVE)
        self.set_z_index(Z_LIVE, family=False)
        self.show(0.0)
        self.values.add_updater(lambda values: self.show(tracker.get_value()))

    def show(self, position: float) -> None:
        """Set every number to the last step taken at fractional step ``position``: a state the
        run visited (the dot travels between steps; the numbers change when it arrives)."""
        run = self.trajectory
        step = last_step_taken(position, run.steps)
        w, b = float(run.w[step]), float(run.b[step])
        epochs = run.epoch
        epoch = int(epochs[step - 1]) + 1 if step > 0 else 1  # the epoch of the last step taken
        for value, number in zip(self.values, (step, epoch, w, b, float(self.bowl.loss(w, b))), strict=True):
            value.set_value(number)
