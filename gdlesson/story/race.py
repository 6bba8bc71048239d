"""The optimizer race as a story part: plain GD, momentum, Nesterov, RMSProp and Adam from one start on the same
batches, on one map (scenes/race.py and the lesson's race chapter).

The runs, the legend's words and the captions come from :mod:`gdlesson.lesson.race`.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, LaggedStart, ValueTracker, VGroup

from gdlesson.lesson.experiments import until_exit
from gdlesson.lesson.race import REACH_SHARE, RacePlan, race_cues, race_plan, result_sentences
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import RunLegend, counter, excess_loss_plot, run_colors
from gdlesson.mobjects.series_plot import Reference
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP, SansText, Theme
from gdlesson.render.animations import Appear
from gdlesson.render.pacing import step_times
from gdlesson.story.experiment_scene import ExperimentLayout
from gdlesson.story.playback import play_descent
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import say
from gdlesson.text import percent, significant

__all__ = ["DASHES", "RACE_SECONDS", "RaceShow", "race"]

DASHES = {
    "gd": None,
    "momentum": (0.28, 0.1),
    "nesterov": (0.12, 0.08),
    "rmsprop": (0.03, 0.07),
    "adam": (0.24, 0.07, 0.04, 0.07),
}
"""Each run's dash pattern (scene units), so that no run is told apart by its colour alone."""

RACE_SECONDS = 8.0
"""The race runs at least this long whatever the lesson's pacing: five paths at once take time to follow (and a
chapter of a video lasts 10 s or more)."""


def race_layout(scene: LessonScene) -> ExperimentLayout:
    """The race's layout: a map a little narrower than the other experiments', for the legend's words."""
    return ExperimentLayout(
        scene,
        map_size=(5.6, 4.6),
        map_center=(-3.55, 0.25, 0.0),
        column_x=3.45,
        title_text="Five ways down the same bowl",
    )


class RaceShow:
    """The race's parts on ``scene``, built and placed (nothing added): ``plan`` (the runs, see
    :func:`race_plan`), ``colors``, ``map``, ``clock`` (the step tracker), ``paths``, ``legend``, ``inset`` (the
    excess loss on a log axis), ``counter`` and ``note``."""

    def __init__(self, scene: LessonScene) -> None:
        self.layout = layout = race_layout(scene)
        theme: Theme = scene.theme
        self.plan = plan = race_plan(scene.lesson)
        runs = [run.trajectory for run in plan.runs]
        self.colors = run_colors(theme, len(runs))
        # The map frames the runs that never climb above their start (the others leave it), a valley at the
        # scale that fits W and b each, so that swings across it show.
        framed = [run for run in runs if np.max(run.loss) <= run.loss[0]] or runs
        window = layout.runs_window(plan.bowl, framed, max_stretch=4.0 if plan.round else 1.0)
        shown = [until_exit(run, window) for run in runs]
        self.map = layout.runs_map(plan.bowl, runs, window, shown)
        self.map.optimum.set_z_index(Z_TOP)  # above the tangle of paths around it
        self.clock = ValueTracker(0.0).set_z_index(Z_LIVE)
        self.paths = [
            DescentPath(run, self.map, self.clock, theme=theme, color=color, dash=DASHES[race.optimizer])
            for run, color, race in zip(shown, self.colors, plan.runs, strict=True)
        ]
        cells = [[run.name, significant(run.lr), _words_cell(plan.words(run), theme)] for run in plan.runs]
        dashes = [DASHES[run.optimizer] for run in plan.runs]
        header = ("optimizer", "\u03b1", "what it did")
        tall = any(len(cell[2]) > 1 for cell in cells)  # words on two lines: taller rows, a flatter inset
        self.legend = RunLegend(
            self.colors, cells, theme=theme, header=header, font_size=19, row_height=0.6 if tall else 0.5,
            dashes=dashes
        )  # fmt: skip
        finish = Reference(REACH_SHARE * float(plan.excess(plan.runs[0])[0]), theme.muted, percent(REACH_SHARE))
        self.inset = excess_loss_plot(
            plan.bowl,
            runs,
            self.colors,
            self.clock,
            theme=theme,
            size=(4.3, 1.35 if tall else 1.7),
            references=[finish],
            dashes=dashes,
        )
        self.counter = counter("step", self.clock, plan.steps, theme=theme)
        self.note = SansText("one start, the same mini-batches", font_size=20, color=theme.muted)
        layout.place_column(self.note, self.legend, self.inset, self.counter, inset_y=-2.02 if tall else -1.75)


def _words_cell(words: list[str], theme: Theme) -> VGroup:
    """The legend's words for a run, two to a line."""
    lines = [", ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    cell = VGroup(*(SansText(line, font_size=19, color=theme.text) for line in lines))
    return cell.arrange(DOWN, aligned_edge=LEFT, buff=0.08)


def race(scene: LessonScene) -> RaceShow:
    """Five optimizers on one map, one clock: who overshoots, who gets there first, who is still swinging.

    Three sections: the runners, the race, what each one did. Returns the parts, the clock at the end."""
    show = RaceShow(scene)
    _introduce_the_runners(scene, show)
    _run_the_race(scene, show)
    _read_the_results(scene, show)
    return show


def _introduce_the_runners(scene: LessonScene, show: RaceShow) -> None:
    scene.next_section("Five optimizers")
    show.layout.open_map(show.map, "Five optimizers start from the same line and see the same mini-batches.")
    scene.play(Appear(show.map.optimum), Appear(show.map.start), Appear(show.map.ring_labels), run_time=1.0)
    rows = [VGroup(*row[:3]) for row in show.legend.rows]
    say(
        scene,
        "Momentum and Nesterov add up past steps; RMSProp and Adam rescale each step.",
        Appear(show.note),
        Appear(show.legend.header[:2]),
        LaggedStart(*(Appear(row) for row in rows), lag_ratio=0.25),
        run_time=2.0,
    )
    (w, b), adaptive = scene.lesson.parameter_names, significant(show.plan.run("adam").lr)
    say(scene, f"Adam's \u03b1 is a length: its first step moves {w} and {b} by {adaptive} each.")
    say(
        scene,
        "Below right: the loss above its minimum, on a log scale.",
        Appear(show.inset),
        Appear(show.counter),
        *(Appear(path.dot) for path in show.paths),
        run_time=1.5,
    )


def _run_the_race(scene: LessonScene, show: RaceShow) -> None:
    scene.next_section("The race")
    scene.add(*reversed(show.paths))
    plan: RacePlan = show.plan
    times = step_times(plan.steps, max(scene.lesson.settings.pacing, RACE_SECONDS))
    play_descent(scene, show.clock, times, show.paths, captions=scene.captions, cues=race_cues(plan))
    scene.pause(1.0)


def _read_the_results(scene: LessonScene, show: RaceShow) -> None:
    scene.next_section("What each one did")
    words = [row[3] for row in show.legend.rows]
    say(scene, "The legend now says what each run did.", Appear(show.legend.header[2]), *map(Appear, words))
    for sentence in result_sentences(show.plan):
        say(scene, sentence)
    say(scene, "On a log scale a steady rate is a straight line: steeper means faster.")
