"""Learning-rate regimes from theory: full-batch paths at fractions of the critical rate 2 / lambda_max.

    manim -pql scenes/learning_rates.py

Reads the lesson configuration; the runs come from :func:`gdlesson.lesson.experiments.rate_plan`, every word
from :mod:`gdlesson.lesson.claims.rates`.
"""

from __future__ import annotations

from manim import LEFT, Create, LaggedStart, ValueTracker, VGroup

from gdlesson.lesson.claims import TILTED, exit_step, shown_x_sentences
from gdlesson.lesson.claims import rates as words
from gdlesson.lesson.experiments import rate_plan, until_exit
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import excess_loss_plot, run_colors
from gdlesson.mobjects.map_marks import exit_mark, valley_floor
from gdlesson.mobjects.rate_column import critical_rate_formula, rate_legend, stage_counters
from gdlesson.mobjects.theme import Z_LIVE
from gdlesson.render.animations import Appear, Vanish
from gdlesson.render.pacing import step_times
from gdlesson.story.experiment_scene import ExperimentScene
from gdlesson.story.playback import play_descent
from gdlesson.story.verbs import say

PACE = {"smooth": 1.0, "zig-zag": 0.75, "diverges": 1 / 3}
"""Share of the lesson's pacing a stage's descent may take: a zig-zag's first jumps take about as long as the smooth
runs' first steps, and a run off the map only climbs on the inset."""
DIMMED = 0.3
"""Opacity of the runs of the stages before (paths and dots)."""
NOT_STARTED = -1.0
"""A stage's clock before the stage: its runs have no point on the inset yet (a dot at step 0 would look stuck)."""


class LearningRates(ExperimentScene):
    """Four learning rates on one map, a regime at a time: slow and fast, zig-zag across the valley, off the map."""

    title_text = "How big may a step be?"

    def construct(self) -> None:
        self.setup_runs()
        self.introduce_the_critical_rate()
        for stage in range(len(self.stages)):
            self.run_stage(stage)
        self.mark_the_divergence()
        self.read_the_loss_curves()

    def setup_runs(self) -> None:
        self.rates = plan = rate_plan(self.lesson)
        self.bowl, runs = plan.bowl, [rate.trajectory for rate in plan.runs]
        self.factors = [rate.factor for rate in plan.runs]
        self.kinds = [words.rate_regime(run, self.bowl) for run in runs]
        self.colors = run_colors(self.theme, len(runs))
        window = self.layout.runs_window(self.bowl, runs)
        shown = [until_exit(run, window) for run in runs]
        primes = int(self.lesson.scaled) if plan.own else 2
        self.map = self.layout.runs_map(self.bowl, runs, window, shown, primes=primes)
        self.stages = plan.stages()
        self.clocks = [ValueTracker(0.0 if k == 0 else NOT_STARTED).set_z_index(Z_LIVE) for k in self.stages]
        """One clock per stage: the runs of a stage move only while it plays."""
        clock_of = {i: clock for stage, clock in zip(self.stages, self.clocks, strict=True) for i in stage}
        self.paths = [
            DescentPath(run, self.map, clock_of[i], theme=self.theme, color=color, width=2.0 if run.diverged else 3.0)
            for i, (run, color) in enumerate(zip(shown, self.colors, strict=True))
        ]
        self.formula = critical_rate_formula(self.bowl, self.theme)
        self.legend = rate_legend(self.factors, runs, self.bowl, self.colors, self.theme)
        self.inset = excess_loss_plot(self.bowl, runs, self.colors, self.clocks[0], theme=self.theme, size=(4.3, 1.85))
        for index, clock in clock_of.items():
            if clock is not self.clocks[0]:
                self.inset.follow(index, clock)
        self.counters = stage_counters(plan, self.stages, self.clocks, self.theme)
        self.layout.place_column(self.formula, self.legend, self.inset, self.counters[0], inset_y=-1.55)
        for later in self.counters[1:]:
            later.move_to(self.counters[0], aligned_edge=LEFT)

    def introduce_the_critical_rate(self) -> None:
        self.next_section("The critical learning rate")
        self.layout.open_map(self.map, "Full-batch gradient descent on the loss bowl of our data.")
        self.play(Appear(self.map.optimum), Appear(self.map.start), Appear(self.map.ring_labels), run_time=1.0)
        if not self.rates.own:
            for sentence in shown_x_sentences(
                self.rates.scaling, self.bowl, x_name=self.lesson.x_name, scaled=self.lesson.scaled
            ):
                say(self, sentence)
        floor = valley_floor(self.map, self.theme) if self.bowl.condition_number >= TILTED else VGroup()
        say(self, words.curvature_sentence(self.bowl), *([Create(floor[0]), Appear(floor[1])] if floor else []))
        say(self, "A full-batch step longer than 2 / \u03bbmax overshoots by more than it gains.", Appear(self.formula))
        if floor:
            self.play(Vanish(floor), run_time=0.6)

    def run_stage(self, stage: int) -> None:
        """Introduce the runs of ``stage`` and play them on their own clock, the captions cued to their events."""
        indices = self.stages[stage]
        kind = self.kinds[indices[-1]]
        self.next_section(words.REGIME_TITLES[kind])
        if stage == 0:
            self.open_the_table(indices)
        else:
            self.hand_over(stage)
        self.add(*reversed([self.paths[i] for i in indices]))  # slower runs on top of the faster ones' wider swings
        self.inset.resume_updating()
        runs = [self.rates.runs[i].trajectory for i in indices]
        leaves = exit_step(runs[0], self.map.window) if kind == "diverges" else None
        cues = words.stage_sentences(kind, self.rates.stage_factors(indices), runs, self.bowl, leaves=leaves)
        times = step_times(self.rates.stage_steps(indices), self.lesson.settings.pacing * PACE[kind])
        play_descent(
            self, self.clocks[stage], times, [self.paths[i] for i in indices], captions=self.captions, cues=cues
        )
        self.freeze()

    def open_the_table(self, indices) -> None:
        rows = LaggedStart(*(Appear(self.legend.rows[i]) for i in indices), lag_ratio=0.3)
        say(
            self,
            "Learning rates as fractions of the critical rate, all from the same start.",
            Appear(self.legend.header),
            rows,
        )
        dots = (Appear(self.paths[i].dot) for i in indices)
        say(
            self,
            "Below right: the loss above its minimum, on a log scale.",
            Appear(self.inset),
            Appear(self.counters[0]),
            *dots,
        )

    def hand_over(self, stage: int) -> None:
        """Dim the runs of the stage before (paths and dots), and bring in this stage's rows, dots and counter."""
        indices, before = self.stages[stage], self.stages[stage - 1]
        factor = self.factors[indices[0]]
        self.clocks[stage].set_value(0.0)
        say(
            self,
            f"Now {words.factors_said([factor])}, {words.side_of_critical(factor)}, from the same start.",
            *(Appear(self.legend.rows[i]) for i in indices),
            *(Appear(self.paths[i].dot) for i in indices),
            Vanish(self.counters[stage - 1]),
            Appear(self.counters[stage]),
            *(self.paths[i].animate.fade_to(DIMMED) for i in before),
        )

    def mark_the_divergence(self) -> None:
        growing = [i for i, kind in enumerate(self.kinds) if kind == "diverges"]
        if not growing:
            return
        self.next_section("Diverged")
        index = growing[0]
        path, others = self.paths[index], [p for p in self.paths if p is not self.paths[index]]
        text = words.divergence_badge(self.factors[index], self.rates.runs[index].trajectory)
        mark = exit_mark(path, others, self.map, text, color=self.colors[index], theme=self.theme)
        say(self, words.stopping_rule_sentence(self.rates.runs[index].trajectory, self.bowl), Appear(mark))

    def read_the_loss_curves(self) -> None:
        self.next_section("Reading the loss curves")
        dimmed = [path for path in self.paths if path.opacity < 1.0]
        self.add(*reversed(dimmed))  # back in full, the slower runs on top of the wider swings again
        say(
            self,
            "On a log scale a steady rate is a straight line: steeper means faster.",
            *(p.animate.fade_to(1.0) for p in dimmed),
        )
        say(self, words.fastest_rate_sentence(self.bowl))
