"""Mini-batch honesty: each batch has its own loss bowl, and its minimum jumps from batch to batch.

    manim -pql scenes/minibatch_noise.py

Reads the lesson configuration; the steps come from :func:`gdlesson.lesson.experiments.honesty_plan`.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, Circle, Create, ValueTracker, VGroup, linear

from gdlesson.lesson.claims import colour_name, wiggles
from gdlesson.lesson.claims.batches import average_sentence, batch_sentences, conclusion_sentence
from gdlesson.lesson.experiments import BatchStep, honesty_plan
from gdlesson.mobjects.batch_marks import batch_highlight, batch_key, batch_loss_formula, batch_rings, cross
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import FRAME, keep_inside, neutral_start
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP
from gdlesson.render.animations import Appear, Vanish
from gdlesson.story.experiment_scene import ExperimentScene


class MiniBatchNoise(ExperimentScene):
    """The first mini-batch steps, each with its batch's own rings and best fit, then the rest of the run."""

    title_text = "What does one mini-batch see?"
    ring_count = 8

    def construct(self) -> None:
        self.setup_steps()
        self.introduce_the_batch_loss()
        for index, step in enumerate(self.honesty.steps):
            self.show_one_batch(index, step)
        self.conclude()

    # Set-up -----------------------------------------------------------------

    def setup_steps(self) -> None:
        self.honesty = honesty_plan(self.lesson)
        bowl, run = self.honesty.bowl, self.honesty.run
        window = self.honesty.window(aspect=self.map_size[0] / self.map_size[1])
        # A neutral start marker: the theme's start colour is too close to the batch's orange.
        start_theme = neutral_start(self.theme)
        self.map = self.layout.build_map(bowl, window, start=run.init, avoid=(run.w, run.b), theme=start_theme)
        self.map.rings.set_stroke(color=self.theme.muted, opacity=0.6)
        self.step = ValueTracker(0.0).set_z_index(Z_LIVE)
        self.path = DescentPath(run, self.map, self.step, theme=self.theme)
        self.panel = FitPanel(
            self.lesson.data,
            bowl,
            run,
            self.step,
            theme=self.theme,
            size=(3.7, 2.35),
            x_name=self.lesson.x_name,
            y_name=self.lesson.y_name,
            scaling=self.lesson.scaling,
        )
        self.panel.shift(np.array([4.55, 0.75, 0.0]) - self.panel.frame.box.get_center())
        self.formula = batch_loss_formula(self.theme, primed=self.lesson.scaled)
        self.formula.next_to(self.panel.frame.box, UP, buff=0.35).set_x(self.column_x + 0.15)
        self.key = batch_key(self.theme).next_to(self.panel.frame.x_label, DOWN, buff=0.3)
        keep_inside(self.key.align_to(self.panel.frame.box, LEFT).shift(LEFT * 0.4), FRAME)
        self.ghosts = VGroup()

    # Story --------------------------------------------------------------------

    def introduce_the_batch_loss(self) -> None:
        self.next_section("Every batch has its own bowl")
        panel = self.panel
        rings, star = colour_name(self.theme.muted), colour_name(self.theme.optimum)
        self.layout.open_map(
            self.map, f"The loss of all the data: {rings} rings, best fit at the {star} star.", Appear(self.map.optimum)
        )
        self.pause(1.0)
        self.play(
            Appear(self.map.start),
            Appear(self.path.dot),
            Appear(panel.frame),
            Appear(panel.dots),
            Appear(panel.best_line),
            Appear(panel.line),
            *self.captions.say(f"From the start, each step uses a batch of {self.honesty.run.batch_size} points."),
            run_time=1.5,
        )
        self.pause(1.5)
        self.play(
            Appear(self.formula),
            *self.captions.say("A batch's loss counts only its own points: a bowl of its own."),
            run_time=1.5,
        )
        self.pause(2.0)
        self.add(self.path)

    def batch_words(self, index: int) -> tuple[str, str]:
        """What the captions say before and during the step of batch ``index``."""
        batch, ring = colour_name(self.theme.batch), colour_name(self.theme.text)
        return batch_sentences(self.honesty.steps, index, reach=self.honesty.reach, batch=batch, ring=ring)

    def show_one_batch(self, index: int, step: BatchStep) -> None:
        if index == 0:
            self.next_section("Batch after batch")
        rings, best = batch_rings(self.map, step, self.theme), cross(self.map, step.bowl.optimum, self.theme)
        highlight = batch_highlight(self.panel, step, self.theme)
        target = Circle(radius=0.1, stroke_color=self.theme.text, stroke_width=2.5)
        target.move_to(self.map.to_screen(*step.full_end)).set_z_index(Z_TOP)
        first = index == 0
        before, during = self.batch_words(index)
        self.play(
            Create(rings),
            Appear(best),
            Appear(highlight),
            Appear(target),
            *([Appear(self.key)] if first else []),
            *self.captions.say(before),
            run_time=1.4 if first else 1.0,
        )
        self.pause(1.5 if first else 1.0)
        self.play(
            self.step.animate.set_value(step.step + 1),
            *self.captions.say(during),
            run_time=1.5,
        )
        self.path.settle(step.step + 1)
        self.pause(1.2)
        ghost = cross(self.map, step.bowl.optimum, self.theme, size=0.08).set_stroke(opacity=0.5)
        self.ghosts.add(ghost)
        self.play(Vanish(rings), Vanish(highlight), Vanish(target), best.animate.become(ghost), run_time=0.7)
        self.remove(best)
        self.add(ghost)

    def conclude(self) -> None:
        run = self.honesty.run
        self.next_section("Why the path wiggles" if wiggles(run) else "The whole run")
        # A few hundred steps at most: one animation redrawing the trail each frame is cheap enough.
        self.play(
            self.step.animate.set_value(run.steps),
            *self.captions.say(conclusion_sentence(self.honesty.steps, wiggles(run), self.honesty.reach)),
            run_time=min(6.0, 1.0 + 0.05 * run.steps),
            rate_func=linear,
        )
        self.path.settle(run.steps)
        self.play(*self.captions.say(average_sentence(run)), run_time=1.0)
        self.pause(3.0)
