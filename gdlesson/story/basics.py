"""The first half of the lesson as story parts: the model, the MSE, one gradient step and the mini-batch loop.

The parts share one :class:`Board`, the data panel on the left of the frame,
and hand it on: the line the model part draws is the one the MSE part
measures, the gradient step moves and the loop trains. The right half of the
frame holds each part's formulas and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    Dot,
    LaggedStart,
    MathTex,
    Rectangle,
    Square,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
)

from gdcore import Trajectory, gd_step, gradients
from gdlesson.lesson.names import names
from gdlesson.lesson.run import LessonRun
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.residuals import Residuals
from gdlesson.mobjects.tex import Formula
from gdlesson.mobjects.theme import Z_LIVE, SansText, Theme
from gdlesson.render.animations import Appear, Vanish
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import free_line, live_number, say
from gdlesson.text import number, significant
from gdlesson.voice.spoken import about

__all__ = [
    "Board",
    "make_board",
    "title_card",
    "the_model",
    "the_mse",
    "gradient_step",
    "minibatch_loop",
    "parameter_labels",
    "step_formulas",
    "step_numbers",
]

PANEL_SIZE = (6.0, 4.5)
PANEL_CENTER = np.array([-3.05, -0.05, 0.0])
RIGHT_X = 3.55
"""Centre x of the right half of the frame, where formulas and numbers go."""


@dataclass
class Board:
    """The data panel the first parts share.

    ``panel`` is a :class:`FitPanel` (its frame and dots are the board; its
    ``line`` and ``batch`` follow ``step``, the recorded run); ``line`` is the
    free line y = W x + b of the trackers ``w`` and ``b``.
    """

    panel: FitPanel
    step: ValueTracker
    w: ValueTracker
    b: ValueTracker
    line: VMobject

    def params(self) -> tuple[float, float]:
        """The free line's (W, b)."""
        return self.w.get_value(), self.b.get_value()


def make_board(scene: LessonScene) -> Board:
    """The data panel on the left, the free line at (W, b) = (1, 0), nothing added to the scene yet."""
    lesson, theme = scene.lesson, scene.theme
    step = ValueTracker(0.0)
    panel = FitPanel.of_lesson(lesson, step, theme=theme, size=PANEL_SIZE, centre=PANEL_CENTER, font_size=20)
    w, b = ValueTracker(1.0), ValueTracker(0.0)
    line = free_line(panel, lambda: (w.get_value(), b.get_value()), color=theme.path)
    return Board(panel, step, w, b, line)


def _tex(scene: LessonScene, tex: str, font_size: float = 34) -> MathTex:
    return Formula(tex, color=scene.theme.text, font_size=font_size)


def _labelled(label: str, number: GlyphNumber, scene: LessonScene, font_size: float = 26) -> VGroup:
    """``label = number`` on one line (the number keeps its own updater)."""
    text = SansText(label, font_size=font_size, color=scene.theme.muted)
    number.next_to(text, RIGHT, buff=0.2).align_to(text, DOWN)
    return VGroup(text, number).set_z_index(Z_LIVE, family=False)


def parameter_labels(lesson: LessonRun) -> tuple[str, str]:
    """The names of the board's slope and intercept: on a scaled x' they are the descent's W′ and b′."""
    w, b = names(lesson.scaled).axis_labels
    return f"{w} =", f"{b} ="


def step_formulas(lesson: LessonRun) -> tuple[str, str, str]:
    """Predict, gradients and update as TeX, on the x the step is taken on (X′, W′, b′ when scaled)."""
    x, w, b = ("{X'}", "W'", "b'") if lesson.scaled else ("X", "W", "b")
    return (
        rf"\hat y = {x} {w} + {b}",
        rf"\nabla_{{{w}}} = -\frac{{2}}{{n}} {x}^\top (y - \hat y) \qquad \nabla_{{{b}}} = -\frac{{2}}{{n}} "
        r"\sum_{i=1}^{n} (y_i - \hat y_i)",
        rf"{w} \leftarrow {w} - \alpha \nabla_{{{w}}} \qquad {b} \leftarrow {b} - \alpha \nabla_{{{b}}}",
    )


def step_numbers(lesson: LessonRun, w0: float, b0: float) -> tuple[str, str]:
    """The gradients at (w0, b0) and the update they make, on the x the descent runs on, named accordingly:
    ``("∇W = −12.3     ∇b = 4.56", "W  5.47 → 5.21    b  −3.93 → −4.01")``."""
    data, (w, b) = lesson.descent_data, lesson.parameter_names
    grad_w, grad_b = gradients(w0, b0, data.x, data.y)
    w1, b1, _ = gd_step(w0, b0, data.x, data.y, lesson.hyper.lr)
    return (
        f"∇{w} = {number(grad_w)}     ∇{b} = {number(grad_b)}",
        f"{w}  {number(w0)} → {number(w1)}    {b}  {number(b0)} → {number(b1)}",
    )


def title_card(scene: LessonScene) -> None:
    """The lesson's title, subtitle and first caption."""
    scene.next_section("The model: y = W x + b")
    theme = scene.theme
    title = SansText("Mini-batch gradient descent", font_size=52, color=theme.text)
    subtitle = SansText("fitting a line, seen from four angles", font_size=30, color=theme.muted)
    VGroup(title, subtitle).arrange(DOWN, buff=0.35).move_to(UP * 0.4)
    say(
        scene,
        "Let's teach a computer to find the best straight line through some data.",
        Appear(title),
        Appear(subtitle),
        run_time=1.5,
    )
    scene.play(Vanish(title), Vanish(subtitle), run_time=0.8)


def the_model(scene: LessonScene, board: Board) -> None:
    """The data, the model y = W x + b, and what W and b do to the line."""
    panel, lesson = board.panel, scene.lesson
    model = _tex(scene, r"\hat y = W x + b", font_size=48).move_to([RIGHT_X, 2.3, 0])
    slope_name, intercept_name = parameter_labels(lesson)  # the board's (W, b) are on the x the descent runs on
    slope = _labelled(
        slope_name, live_number(board.w.get_value, font_size=30, color=scene.theme.path), scene, font_size=28
    )
    intercept = _labelled(
        intercept_name, live_number(board.b.get_value, font_size=30, color=scene.theme.path), scene, font_size=28
    )
    VGroup(slope, intercept).arrange(DOWN, buff=0.35, aligned_edge=LEFT).next_to(model, DOWN, buff=0.7)
    say(
        scene,
        f"Here are {lesson.data.n} data points, each a pair (x, y).",
        Appear(panel.frame),
        Appear(panel.dots),
        run_time=1.2,
    )
    say(
        scene,
        "Our model is a straight line: y-hat equals W times x, plus b.",
        Write(model),
        Create(board.line),
        Appear(slope),
        Appear(intercept),
        run_time=1.5,
    )
    say(scene, "W is the slope: it tilts the line.", board.w.animate.set_value(3.0), run_time=1.5, hold=0.3)
    scene.play(board.w.animate.set_value(-0.5), run_time=1.5)
    scene.play(board.w.animate.set_value(1.0), run_time=1.0)
    say(
        scene,
        "b is the intercept: it moves the line up and down.",
        board.b.animate.set_value(3.0),
        run_time=1.5,
        hold=0.3,
    )
    scene.play(board.b.animate.set_value(-3.0), run_time=1.5)
    back_to_the_guess(scene, board, "Every pair (W, b) is a different line. Which one fits best?", run_time=1.5)
    scene.play(Vanish(slope), Vanish(intercept), Vanish(model), run_time=0.6)


def back_to_the_guess(scene: LessonScene, board: Board, text: str, *, run_time: float = 2.0) -> None:
    """Move the free line to the lesson's starting guess (W0, b0) while saying ``text``."""
    w0, b0 = scene.lesson.hyper.init
    say(scene, text, board.w.animate.set_value(w0), board.b.animate.set_value(b0), run_time=run_time)


def the_mse(scene: LessonScene, board: Board) -> None:
    """Residuals, the MSE formula, and the MSE changing as the line moves."""
    scene.next_section("How wrong is a line? The MSE")
    panel, lesson, theme = board.panel, scene.lesson, scene.theme
    bowl = lesson.bowl
    shown = panel.shown

    errors = Residuals(panel, board.params, lambda: shown, color=theme.accent)
    formula = _tex(
        scene, r"\mathrm{MSE}(W, b) = \frac{1}{n} \sum_{i=1}^{n} \bigl(y_i - (W x_i + b)\bigr)^2", font_size=34
    ).move_to([RIGHT_X, 2.1, 0])
    value = _labelled(
        "MSE =",
        live_number(lambda: float(bowl.loss(*board.params())), font_size=34, color=theme.accent),
        scene,
        font_size=32,
    )
    value.next_to(formula, DOWN, buff=0.8)
    say(scene, "How wrong is a line? Measure how far it misses each point: the residual.", Create(errors), run_time=1.5)
    say(
        scene,
        "Square each residual and average them: the mean squared error, MSE.",
        Write(formula),
        Appear(value),
        run_time=2.0,
    )
    w_star, b_star = bowl.optimum
    say(
        scene,
        "Move the line and the MSE changes. The best line has the smallest MSE.",
        board.w.animate.set_value(w_star),
        board.b.animate.set_value(b_star),
        run_time=2.5,
    )
    back_to_the_guess(scene, board, "We don't know that line yet: we start from a guess and improve it, step by step.")
    scene.play(Vanish(formula), Vanish(value), Vanish(errors), run_time=0.6)


def gradient_step(scene: LessonScene, board: Board) -> None:
    """One full-batch step from the guess: predict, gradients, update, with the seed's formulas."""
    scene.next_section("One gradient step: predict, gradients, update")
    panel, lesson, theme = board.panel, scene.lesson, scene.theme
    data = lesson.data
    rows = VGroup(*(_tex(scene, tex, size) for tex, size in zip(step_formulas(lesson), (32, 30, 32), strict=True)))
    names = VGroup(
        *(SansText(name, font_size=24, color=theme.muted) for name in ("1  predict", "2  gradients", "3  update"))
    )
    block = VGroup(
        *(VGroup(name, row).arrange(DOWN, buff=0.18, aligned_edge=LEFT) for name, row in zip(names, rows, strict=True))
    )
    block.arrange(DOWN, buff=0.45, aligned_edge=LEFT)
    block.scale_to_fit_width(min(block.width, 6.0)).move_to([RIGHT_X, 0.75, 0])
    w0, b0 = board.params()
    # The step is taken on the x the descent runs on; the panel shows the data's units.
    w1, b1, _ = gd_step(w0, b0, lesson.descent_data.x, lesson.descent_data.y, lesson.hyper.lr)
    line_w, line_b = lesson.to_user(w0, b0)
    shown = panel.shown
    window = panel.frame.window
    predicted = line_w * data.x[shown] + line_b
    visible = shown[(predicted >= window.b_min) & (predicted <= window.b_max)]
    predictions = VGroup(
        *(
            Dot(point, radius=0.05, fill_opacity=0.0, stroke_width=2, stroke_color=theme.path)
            for point in panel.frame.to_screen(data.x[visible], line_w * data.x[visible] + line_b)
        )
    )
    errors = Residuals(panel, lambda: (w0, b0), lambda: shown, color=theme.accent)
    gradient_text, update_text = step_numbers(lesson, w0, b0)
    numbers = SansText(gradient_text, font_size=24, color=theme.accent)
    update = SansText(update_text, font_size=24, color=theme.path)
    VGroup(numbers, update).arrange(DOWN, buff=0.25).next_to(block, DOWN, buff=0.45).set_x(RIGHT_X)
    say(scene, "One step of gradient descent has three parts.", *(Appear(name) for name in names), run_time=1.0)
    frame = SurroundingRectangle(rows[0], color=theme.batch, buff=0.1)
    say(
        scene,
        "Predict: put every x on the line to get y-hat.",
        Write(rows[0]),
        Create(frame),
        # The guess's predictions can all lie off the panel (x far from 0): then there is nothing to show.
        *([LaggedStart(*(Appear(p) for p in predictions), lag_ratio=0.02)] if len(predictions) else []),
        run_time=1.5,
    )
    say(
        scene,
        "Gradients: from the residuals, how the MSE changes with W and with b.",
        Write(rows[1]),
        frame.animate.become(SurroundingRectangle(rows[1], color=theme.batch, buff=0.1)),
        Create(errors),
        Appear(numbers),
        run_time=2.0,
    )
    say(
        scene,
        f"Update: step against the gradient, scaled by the learning rate alpha = {significant(lesson.hyper.lr)}.",
        Write(rows[2]),
        frame.animate.become(SurroundingRectangle(rows[2], color=theme.batch, buff=0.1)),
        Vanish(predictions),
        Vanish(errors),
        spoken=f"Update: step against the gradient, scaled by the learning rate alpha, {about(lesson.hyper.lr)}.",
        run_time=1.5,
    )
    say(
        scene,
        "The line moves a little closer to the data. Repeat, and it keeps improving.",
        board.w.animate.set_value(w1),
        board.b.animate.set_value(b1),
        Appear(update),
        run_time=2.0,
    )
    errors.clear_updaters()
    scene.play(board.w.animate.set_value(w0), board.b.animate.set_value(b0), run_time=0.8)
    scene.play(*(Vanish(m) for m in (block, frame, numbers, update)), run_time=0.6)


def minibatch_loop(scene: LessonScene, board: Board) -> None:
    """Shuffle, split, step: the first epoch's mini-batches on a grid of samples and on the data."""
    scene.next_section("The mini-batch loop: shuffle, split, step")
    panel, lesson, theme = board.panel, scene.lesson, scene.theme
    run = lesson.trajectory
    per_epoch = run.steps_per_epoch
    grid = SampleGrid(run, per_epoch, theme=theme, center=np.array([RIGHT_X + 0.5, 0.0, 0.0]))
    title = SansText("epoch 1", font_size=26, color=theme.muted).next_to(grid, UP, buff=0.3)
    say(
        scene,
        f"With many points, one step on all of them is slow. Mini-batches use {lesson.hyper.batch_size} at a time.",
        Appear(grid.cells),
        Appear(title),
        run_time=1.2,
    )
    say(scene, "First, shuffle the samples into a random order.", grid.shuffle(), run_time=2.0)
    say(
        scene,
        f"Then split them into mini-batches of {lesson.hyper.batch_size}.",
        grid.split(),
        Appear(grid.names),
        run_time=1.5,
    )
    scene.remove(board.line)
    scene.add(panel.line)
    marker = grid.marker(board.step, color=theme.batch)
    say(
        scene,
        "Then step on each batch in turn: predict, gradients, update, on its points only.",
        Appear(panel.batch),
        Create(marker),
        run_time=1.0,
        hold=0.2,
    )
    for target in range(1, min(3, per_epoch) + 1):
        scene.play(board.step.animate.set_value(target), run_time=1.5)
    say(
        scene,
        f"One pass over every batch is an epoch: {per_epoch} step{'s' if per_epoch != 1 else ''} here.",
        board.step.animate.set_value(per_epoch),
        run_time=2.5,
    )
    say(scene, f"Then shuffle again and repeat, for {lesson.hyper.epochs} epochs in all.")
    marker.clear_updaters()


class SampleGrid(VGroup):
    """The samples of the first epoch as small squares, one row per mini-batch.

    Parts: ``cells`` (first laid out in the samples' stored order, row after
    row) and ``names`` ("batch 1", ...). :meth:`shuffle` moves each cell to
    its place in the shuffled order, :meth:`split` opens gaps between the
    batches. At most ``max_rows`` batches and ``max_columns`` samples of each
    are drawn; the grid stays where it is built, centred on ``center``.
    """

    def __init__(
        self,
        run: Trajectory,
        batches: int,
        *,
        theme: Theme,
        center: np.ndarray,
        cell: float = 0.26,
        max_rows: int = 10,
        max_columns: int = 16,
    ) -> None:
        super().__init__()
        rows = [np.asarray(run.batch_indices[i])[:max_columns] for i in range(min(batches, max_rows))]
        self.cell, self.gap = cell, 0.45 * cell
        self.columns, self.row_count = max(len(row) for row in rows), len(rows)
        size = np.array([(self.columns - 1) * cell, (self.row_count - 1) * (cell + self.gap), 0.0])
        self.corner = np.asarray(center, dtype=float) + size * np.array([-0.5, 0.5, 0.0])
        slots = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
        self.order = [int(s) for s in np.concatenate(rows)]
        self.targets = dict(zip(self.order, slots, strict=True))
        stored = dict(zip(sorted(self.order), slots, strict=True))  # the same samples, sorted by index
        self.cells = VGroup(
            *(
                Square(0.8 * cell, stroke_width=0, fill_color=theme.data, fill_opacity=0.85).move_to(
                    self.slot(*stored[s])
                )
                for s in self.order
            )
        )
        self.names = VGroup(
            *(
                SansText(f"batch {r + 1}", font_size=20, color=theme.muted).next_to(
                    self.slot(r, 0, split=True), LEFT, buff=0.3
                )
                for r in range(self.row_count)
            )
        )
        self.add(self.cells, self.names)

    def slot(self, row: int, column: float, *, split: bool = False) -> np.ndarray:
        """Scene position of a cell's place, compact (as stored) or with gaps between batches (``split``)."""
        pitch = self.cell + (self.gap if split else 0.0)
        return self.corner + np.array([column * self.cell, -row * pitch, 0.0])

    def shuffle(self) -> LaggedStart:
        """Every cell to its place in the shuffled order."""
        moves = [
            cell.animate.move_to(self.slot(*self.targets[s])) for cell, s in zip(self.cells, self.order, strict=True)
        ]
        return LaggedStart(*moves, lag_ratio=0.01)

    def split(self) -> AnimationGroup:
        """Open a gap between the batches."""
        moves = [
            cell.animate.move_to(self.slot(*self.targets[s], split=True))
            for cell, s in zip(self.cells, self.order, strict=True)
        ]
        return AnimationGroup(*moves)

    def marker(self, step: ValueTracker, *, color: str) -> Rectangle:
        """A frame around the row of the batch that moves the run on from ``step``."""
        box = Rectangle(width=self.columns * self.cell + 0.12, height=self.cell + 0.12, color=color, stroke_width=3)

        def follow(mob: Rectangle) -> None:
            row = min(int(step.get_value()), self.row_count - 1)
            mob.move_to(self.slot(row, 0.5 * (self.columns - 1), split=True))

        follow(box)
        box.add_updater(follow)
        return box.set_z_index(Z_LIVE)
