"""Batch sizes on an equal budget: SGD, a mini-batch and the full batch, each seeing the same examples.

    manim -pql scenes/batch_sizes.py

Reads the lesson configuration; the runs come from :func:`gdlesson.lesson.experiments.budget_plan`.
"""

from __future__ import annotations

from manim import LaggedStart, ValueTracker

from gdlesson.lesson.claims.batches import budget_cues
from gdlesson.lesson.experiments import budget_plan
from gdlesson.mobjects.budget_column import budget_formula, budget_legend
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import counter, excess_loss_plot, run_colors
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP
from gdlesson.render.animations import Appear
from gdlesson.render.pacing import step_times
from gdlesson.story.experiment_scene import ExperimentScene
from gdlesson.story.playback import play_descent
from gdlesson.text import significant


class BatchSizes(ExperimentScene):
    """SGD wiggles, the full batch walks smoothly: compared on the same number of examples seen."""

    title_text = "How many examples per step?"

    def construct(self) -> None:
        self.setup_runs()
        self.introduce_the_budget()
        self.spend_the_budget()
        self.compare_the_results()

    # Set-up -----------------------------------------------------------------

    def setup_runs(self) -> None:
        self.budget = budget_plan(self.lesson)
        # A run moves only while it takes a step: over the last few examples before it (all of SGD's one).
        self.glide = max(1.0, self.lesson.data.n / 10)
        bowl, runs = self.budget.bowl, self.budget.runs
        self.colors = run_colors(self.theme, len(runs))
        self.map = self.layout.runs_map(bowl, runs, self.layout.runs_window(bowl, runs))
        self.map.optimum.set_z_index(Z_TOP)  # above the SGD scribble that surrounds it
        self.seen = ValueTracker(0.0).set_z_index(Z_LIVE)
        self.paths = [
            DescentPath(
                run,
                self.map,
                self.seen,
                theme=self.theme,
                color=color,
                width=2.0 if i == 0 else 3.0,
                clock=run.examples_seen,
                glide=self.glide,
            )
            for i, (run, color) in enumerate(zip(runs, self.colors, strict=True))
        ]
        self.formula = budget_formula(self.budget.lr, self.theme)
        self.legend = budget_legend(runs, self.paths, self.seen, bowl, self.colors, self.theme)
        self.inset = excess_loss_plot(
            bowl,
            runs,
            self.colors,
            self.seen,
            theme=self.theme,
            examples_every=runs[1].batch_size,  # measured at the mini-batch's pace (runs[0] is SGD)
            size=(4.3, 2.2),
            decades_below=4.0,
        )
        self.counter = counter("examples seen", self.seen, self.budget.budget, theme=self.theme)
        self.layout.place_column(self.formula, self.legend, self.inset, self.counter, inset_y=-1.3)

    # Story --------------------------------------------------------------------

    def introduce_the_budget(self) -> None:
        self.next_section("Same data, different batches")
        self.layout.open_map(
            self.map,
            "Three runs from the same start, with the same shuffles and learning rate.",
            Appear(self.map.optimum),
            Appear(self.map.start),
        )
        self.pause(1.0)
        runs, n = self.budget.runs, self.lesson.data.n
        self.play(
            Appear(self.legend.header),
            LaggedStart(*(Appear(row) for row in self.legend.rows), lag_ratio=0.3),
            *self.captions.say(f"Only the batch differs: 1 sample (SGD), {runs[1].batch_size}, or all {n}."),
            run_time=2.0,
        )
        self.pause(1.5)
        self.play(
            Appear(self.formula),
            *self.captions.say(
                f"All see {self.budget.budget} examples ({self.lesson.hyper.epochs} passes): "
                "bigger batches, fewer steps."
            ),
            run_time=1.5,
        )
        self.pause(2.5)

    def spend_the_budget(self) -> None:
        self.next_section("An equal budget of examples")
        self.play(
            Appear(self.inset),
            Appear(self.counter),
            *(Appear(path.dot) for path in self.paths),
            *self.captions.say("Below right: each run's loss above its minimum against examples seen, on a log scale."),
            run_time=1.5,
        )
        self.pause(1.0)
        self.add(*self.paths)
        n = self.lesson.data.n
        times = step_times(self.budget.budget, self.lesson.settings.pacing, slow_steps=n)
        cues = budget_cues(self.budget.runs, self.budget.bowl)
        play_descent(self, self.seen, times, self.paths, captions=self.captions, cues=cues)
        self.freeze()
        self.pause(1.0)

    def compare_the_results(self) -> None:
        self.next_section("Who got furthest?")
        self.play(
            *self.captions.say(
                f"Same {self.budget.budget} examples; the best possible MSE is "
                f"{significant(self.budget.bowl.min_loss)}."
            ),
            run_time=1.0,
        )
        self.pause(3.5)
        self.play(
            *self.captions.say("Small batches buy many cheap, noisy steps; the full batch few, exact ones."),
            run_time=1.0,
        )
        self.pause(3.0)
