"""The optimizer race: plain GD, momentum, Nesterov, RMSProp and Adam from one start on the same batches.

    manim -pql scenes/race.py

Reads the lesson configuration; the runs, the legend's words and the captions come from
:mod:`gdlesson.lesson.race`.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, LaggedStart, ValueTracker, VGroup

from gdlesson.lesson.experiments import until_exit
from gdlesson.lesson.race import REACH_SHARE, race_cues, race_plan, result_sentences
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import RunLegend, counter, excess_loss_plot, run_colors
from gdlesson.mobjects.series_plot import Reference
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP, SansText
from gdlesson.render.animations import Appear
from gdlesson.render.pacing import step_times
from gdlesson.story.experiment_scene import ExperimentScene
from gdlesson.story.playback import play_descent
from gdlesson.story.verbs import say
from gdlesson.text import percent, significant

DASHES = {
    "gd": None,
    "momentum": (0.28, 0.1),
    "nesterov": (0.12, 0.08),
    "rmsprop": (0.03, 0.07),
    "adam": (0.24, 0.07, 0.04, 0.07),
}
"""Each run's dash pattern (scene units), so that no run is told apart by its colour alone."""


class Race(ExperimentScene):
    """Five optimizers on one map, one clock: who overshoots, who gets there first, who is still swinging."""

    title_text = "Five ways down the same bowl"
    map_size = (5.6, 4.6)
    map_center = np.array([-3.55, 0.25, 0.0])
    column_x = 3.45

    def construct(self) -> None:
        self.setup_runs()
        self.introduce_the_runners()
        self.run_the_race()
        self.read_the_results()

    def setup_runs(self) -> None:
        self.plan = plan = race_plan(self.lesson)
        runs = [run.trajectory for run in plan.runs]
        self.colors = run_colors(self.theme, len(runs))
        # The map frames the runs that never climb above their start (the others leave it), a valley at the
        # scale that fits W and b each, so that swings across it show.
        framed = [run for run in runs if np.max(run.loss) <= run.loss[0]] or runs
        window = self.runs_window(plan.bowl, framed, max_stretch=4.0 if plan.round else 1.0)
        shown = [until_exit(run, window) for run in runs]
        self.map = self.runs_map(plan.bowl, runs, window, shown)
        self.map.optimum.set_z_index(Z_TOP)  # above the tangle of paths around it
        self.clock = ValueTracker(0.0).set_z_index(Z_LIVE)
        self.paths = [
            DescentPath(run, self.map, self.clock, theme=self.theme, color=color, dash=DASHES[race.optimizer])
            for run, color, race in zip(shown, self.colors, plan.runs, strict=True)
        ]
        cells = [[run.name, significant(run.lr), self.words_cell(plan.words(run))] for run in plan.runs]
        dashes = [DASHES[run.optimizer] for run in plan.runs]
        header = ("optimizer", "\u03b1", "what it did")
        tall = any(len(cell[2]) > 1 for cell in cells)  # words on two lines: taller rows, a flatter inset
        self.legend = RunLegend(
            self.colors, cells, theme=self.theme, header=header, font_size=19, row_height=0.6 if tall else 0.5,
            dashes=dashes
        )  # fmt: skip
        finish = Reference(REACH_SHARE * float(plan.excess(plan.runs[0])[0]), self.theme.muted, percent(REACH_SHARE))
        self.inset = excess_loss_plot(
            plan.bowl,
            runs,
            self.colors,
            self.clock,
            theme=self.theme,
            size=(4.3, 1.35 if tall else 1.7),
            references=[finish],
            dashes=dashes,
        )
        self.counter = counter("step", self.clock, plan.steps, theme=self.theme)
        self.note = SansText("one start, the same mini-batches", font_size=20, color=self.theme.muted)
        self.place_column(self.note, self.legend, self.inset, self.counter, inset_y=-2.02 if tall else -1.75)

    def words_cell(self, words: list[str]) -> VGroup:
        """The legend's words for a run, two to a line."""
        lines = [", ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
        cell = VGroup(*(SansText(line, font_size=19, color=self.theme.text) for line in lines))
        return cell.arrange(DOWN, aligned_edge=LEFT, buff=0.08)

    def introduce_the_runners(self) -> None:
        self.next_section("Five optimizers")
        self.open_map(self.map, "Five optimizers start from the same line and see the same mini-batches.")
        self.play(Appear(self.map.optimum), Appear(self.map.start), Appear(self.map.ring_labels), run_time=1.0)
        rows = [VGroup(*row[:3]) for row in self.legend.rows]
        say(
            self,
            "Momentum and Nesterov add up past steps; RMSProp and Adam rescale each step.",
            Appear(self.note),
            Appear(self.legend.header[:2]),
            LaggedStart(*(Appear(row) for row in rows), lag_ratio=0.25),
            run_time=2.0,
        )
        (w, b), adaptive = self.lesson.parameter_names, significant(self.plan.run("adam").lr)
        say(self, f"Adam's \u03b1 is a length: its first step moves {w} and {b} by {adaptive} each.")
        say(
            self,
            "Below right: the loss above its minimum, on a log scale.",
            Appear(self.inset),
            Appear(self.counter),
            *(Appear(path.dot) for path in self.paths),
            run_time=1.5,
        )

    def run_the_race(self) -> None:
        self.next_section("The race")
        self.add(*reversed(self.paths))
        times = step_times(self.plan.steps, self.lesson.settings.pacing)
        play_descent(self, self.clock, times, self.paths, captions=self.captions, cues=race_cues(self.plan))
        self.pause(1.0)

    def read_the_results(self) -> None:
        self.next_section("What each one did")
        words = [row[3] for row in self.legend.rows]
        say(self, "The legend now says what each run did.", Appear(self.legend.header[2]), *map(Appear, words))
        for sentence in result_sentences(self.plan):
            say(self, sentence)
        say(self, "On a log scale a steady rate is a straight line: steeper means faster.")
