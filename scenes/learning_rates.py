"""Learning-rate regimes from theory: full-batch paths at fractions of the critical rate 2 / lambda_max.

    manim -pql scenes/learning_rates.py

Reads the lesson configuration; the runs come from :func:`gdlesson.lesson.experiments.rate_plan`.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    DR,
    LEFT,
    UL,
    UR,
    Create,
    DashedVMobject,
    Dot,
    LaggedStart,
    MathTex,
    ValueTracker,
    VGroup,
    VMobject,
)

from gdcore import clip_polyline
from gdlesson.lesson.claims import TILTED, across, exit_step, overshoot_step, rises
from gdlesson.lesson.experiments import RatePlan, RateRun, rate_plan, until_exit
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import Badge, RunLegend, counter, excess_loss_plot, keep_inside, run_colors
from gdlesson.mobjects.layout import box_of, overlaps, place_label
from gdlesson.mobjects.tex import tex_template
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP, SansText
from gdlesson.render.animations import Appear, Vanish
from gdlesson.render.pacing import step_times
from gdlesson.render.polyline import polyline_points
from gdlesson.story.experiment_scene import ExperimentScene
from gdlesson.story.playback import play_descent
from gdlesson.story.verbs import say
from gdlesson.text import significant, tex_number

_NOTES = {0.1: "slow, smooth", 0.5: "fast"}
_PACE = {"smooth": 1.0, "zig-zag": 0.75, "diverges": 1 / 3}
"""Share of the lesson's pacing a stage's descent may take: the first jumps of a zig-zag take about as long as the
first steps of the smooth runs (its late steps, once it has shrunk, show nothing new), and a run off the map only
climbs on the inset."""
_TITLES = {"smooth": "Smooth steps", "zig-zag": "Zig-zag", "diverges": "Too big a step"}
DIMMED = 0.3
"""Opacity of the runs of the stages before (paths and dots)."""
NOT_STARTED = -1.0
"""A stage's clock before the stage: its runs have no point on the inset yet (a dot at step 0 would look stuck)."""


def regime(plan: RatePlan, rate: RateRun) -> str:
    """What ``rate`` does on the map: "diverges", "zig-zag" or "smooth"."""
    if rises(rate.trajectory):
        return "diverges"
    return "zig-zag" if plan.overshoots(rate) else "smooth"


def rate_cells(plan: RatePlan, rate: RateRun) -> list[str]:
    """A legend row: the multiple of the critical rate, the rate, and what to expect."""
    kind = regime(plan, rate)
    note = _NOTES.get(rate.factor, kind) if kind == "smooth" else kind
    return [f"{rate.factor:g}\u00d7", significant(rate.lr), note]


def factors(rates: list[RateRun]) -> str:
    """The runs' multiples of the critical rate, as said: "0.1× and 0.5×"."""
    return " and ".join(f"{rate.factor:g}\u00d7" for rate in rates)


def side_of_critical(factor: float) -> str:
    """Where a multiple of the critical rate lies, against 1 and 1/2 (above 1/2 the steps overshoot)."""
    if factor > 1:
        return "just above the critical rate"
    return "below the critical rate but above half of it" if factor > 0.5 else "at most half the critical rate"


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

    # Set-up -----------------------------------------------------------------

    def setup_runs(self) -> None:
        self.rates = rate_plan(self.lesson)
        bowl, runs = self.rates.bowl, [run.trajectory for run in self.rates.runs]
        self.bowl = bowl
        self.colors = run_colors(self.theme, len(runs))
        window = self.runs_window(bowl, runs)
        shown = [until_exit(run, window) for run in runs]
        self.map = self.runs_map(bowl, runs, window, shown)
        self.round = bowl.condition_number < TILTED
        """A nearly round bowl (e.g. on a standardised x) has no valley to speak of."""
        self.stages = self.rates.stages()
        self.clocks = [ValueTracker(0.0 if k == 0 else NOT_STARTED).set_z_index(Z_LIVE) for k in self.stages]
        """One clock per stage: the runs of a stage move only while it plays."""
        clock_of = {i: clock for stage, clock in zip(self.stages, self.clocks, strict=True) for i in stage}
        self.paths = [
            DescentPath(run, self.map, clock_of[i], theme=self.theme, color=color, width=2.0 if run.diverged else 3.0)
            for i, (run, color) in enumerate(zip(shown, self.colors, strict=True))
        ]
        self.formula = MathTex(
            r"\alpha_{\mathrm{crit}} = \frac{2}{\lambda_{\max}}"
            rf" = \frac{{2}}{{{tex_number(bowl.eigenvalues[1])}}} = {tex_number(bowl.critical_lr)}",
            tex_template=tex_template(),
            color=self.theme.text,
            font_size=36,
        )
        self.formula.scale_to_fit_width(min(self.formula.width, 6.0))
        self.legend = RunLegend(
            self.colors,
            [rate_cells(self.rates, rate) for rate in self.rates.runs],
            theme=self.theme,
            header=("\u00d7 critical", "\u03b1", "what happens"),
        )
        self.inset = excess_loss_plot(bowl, runs, self.colors, self.clocks[0], theme=self.theme, size=(4.3, 1.85))
        for index, clock in clock_of.items():
            if clock is not self.clocks[0]:
                self.inset.follow(index, clock)
        self.counters = [self.stage_counter(stage) for stage in range(len(self.stages))]
        """Each stage's step counter, named after its runs."""
        self.place_column(self.formula, self.legend, self.inset, self.counters[0], inset_y=-1.55)
        for later in self.counters[1:]:
            later.move_to(self.counters[0], aligned_edge=LEFT)

    def stage_rates(self, stage: int) -> list[RateRun]:
        return [self.rates.runs[i] for i in self.stages[stage]]

    def stage_steps(self, stage: int) -> int:
        return max(rate.trajectory.steps for rate in self.stage_rates(stage))

    def stage_counter(self, stage: int) -> VGroup:
        """ "step of 0.1× and 0.5×  k / total": whose steps the stage's clock counts."""
        name = f"step of {factors(self.stage_rates(stage))}"
        return counter(name, self.clocks[stage], self.stage_steps(stage), theme=self.theme)

    def valley_floor(self) -> DashedVMobject:
        """The line through the optimum along the Hessian's flattest eigenvector, clipped to the map."""
        window = self.map.window
        reach = np.hypot(window.w_max - window.w_min, window.b_max - window.b_min)
        centre, direction = np.array(self.bowl.optimum), self.bowl.eigenvectors[:, 0]
        runs = clip_polyline(np.array([centre - reach * direction, centre + reach * direction]), window)
        line = VMobject(stroke_color=self.theme.text, stroke_width=2.5)
        line.set_points(polyline_points([self.map.to_screen(run[:, 0], run[:, 1]) for run in runs]))
        return DashedVMobject(line, num_dashes=30)

    # Story --------------------------------------------------------------------

    def introduce_the_critical_rate(self) -> None:
        self.next_section("The critical learning rate")
        self.open_map(self.map, "Full-batch gradient descent on the loss bowl of our data.")
        self.play(Appear(self.map.optimum), Appear(self.map.start), Appear(self.map.ring_labels), run_time=1.0)
        self.pause(0.8)
        floor = None if self.round else self.show_the_valley_floor()
        if floor is None:  # no valley: every direction curves about alike
            say(self, "This bowl is nearly round: it curves about as steeply every way, \u03bbmax.")
        self.play(
            Appear(self.formula),
            *self.captions.say("A full-batch step longer than 2 / \u03bbmax overshoots by more than it gains."),
            run_time=1.5,
        )
        self.pause(2.0)
        if floor is not None:
            self.play(Vanish(floor), run_time=0.6)

    def show_the_valley_floor(self) -> VGroup:
        """The valley floor, dashed and named, with the caption on the curvature across it."""
        floor = self.valley_floor()
        floor_label = SansText("valley floor", font_size=20, color=self.theme.text)
        floor_label.add_background_rectangle(color=self.theme.background, opacity=0.85, buff=0.05)
        anchor = floor[len(floor) // 4].get_center()
        obstacles = [box_of(part, 0.05) for part in (*self.map.optimum, *self.map.start, *self.map.ring_labels)]
        place_label(floor_label, anchor, bounds=self.map.plot_box, obstacles=obstacles)
        self.play(
            Create(floor),
            Appear(floor_label),
            *self.captions.say("Across the valley floor the bowl curves most steeply: curvature \u03bbmax."),
            run_time=1.8,
        )
        self.pause(1.5)
        return VGroup(floor, floor_label)

    def run_stage(self, stage: int) -> None:
        """Introduce the runs of ``stage`` and play them on their own clock, the captions cued to their events."""
        rates = self.stage_rates(stage)
        kind = regime(self.rates, rates[-1])
        self.next_section(_TITLES[kind])
        if stage == 0:
            self.open_the_table(stage)
        else:
            self.hand_over(stage)
        paths = [self.paths[i] for i in self.stages[stage]]
        self.add(*reversed(paths))  # the slower runs on top of the wider swings of the faster ones
        self.inset.resume_updating()  # frozen after the stage before: this stage's curves grow on it
        times = step_times(self.stage_steps(stage), self.lesson.settings.pacing * _PACE[kind])
        cues = self.stage_cues(kind, rates)
        play_descent(self, self.clocks[stage], times, paths, captions=self.captions, cues=cues)
        self.freeze()

    def open_the_table(self, stage: int) -> None:
        """The legend's first rows, then the inset, the step counter and the first runs' dots."""
        indices = self.stages[stage]
        self.play(
            Appear(self.legend.header),
            LaggedStart(*(Appear(self.legend.rows[i]) for i in indices), lag_ratio=0.3),
            *self.captions.say("Learning rates as fractions of the critical rate, all from the same start."),
            run_time=2.0,
        )
        self.pause(1.0)
        self.play(
            Appear(self.inset),
            Appear(self.counters[stage]),
            *(Appear(self.paths[i].dot) for i in indices),
            *self.captions.say("Below right: the loss above its minimum, on a log scale."),
            run_time=1.5,
        )

    def hand_over(self, stage: int) -> None:
        """Dim the runs of the stage before (paths and dots), and bring in this stage's rows, dots and counter."""
        indices, before = self.stages[stage], self.stages[stage - 1]
        rate = self.stage_rates(stage)[0]
        self.clocks[stage].set_value(0.0)
        self.play(
            *(Appear(self.legend.rows[i]) for i in indices),
            *(Appear(self.paths[i].dot) for i in indices),
            Vanish(self.counters[stage - 1]),
            Appear(self.counters[stage]),
            *(self.paths[i].animate.fade_to(DIMMED) for i in before),
            *self.captions.say(f"Now {rate.factor:g}\u00d7, {side_of_critical(rate.factor)}, from the same start."),
            run_time=1.5,
        )

    def stage_cues(self, kind: str, rates: list[RateRun]) -> dict[float, str]:
        """What to say during a stage's descent, keyed by the step where it shows."""
        target = "the centre" if self.round else "the valley floor"
        if kind == "smooth":
            slow, fast = rates[0], rates[-1]
            return {1: f"{factors([slow])} creeps smoothly; {factors([fast])} heads for {target} much faster."}
        (rate,) = rates
        if kind == "zig-zag":
            at = overshoot_step(rate.trajectory, self.bowl)
            return {
                at: f"{factors(rates)} overshoots: each step jumps {across(self.bowl)}, a zig-zag that slowly shrinks."
            }
        growth = abs(1 - 2 * rate.factor)  # along the steepest direction a step multiplies the offset by 1 - 2 factor
        distance = "from the centre" if self.round else "across the valley"
        cues = {1: f"Each step multiplies its distance {distance} by {growth:.2f}: it grows."}
        leaves = exit_step(rate.trajectory, self.map.window)
        if leaves is not None:
            cues[leaves] = f"At step {leaves} it leaves the map; its loss keeps growing."
        return cues

    def mark_the_divergence(self) -> None:
        entries = list(zip(self.paths, self.rates.runs, self.colors, strict=True))
        diverged = [(path, rate, color) for path, rate, color in entries if rate.factor > 1]
        if not diverged:
            return
        self.next_section("Diverged")
        path, rate, color = diverged[0]
        run = rate.trajectory
        exit_point = self.exit_point(path)
        marker = Dot(exit_point, radius=0.09, color=color, stroke_width=2, stroke_color=self.theme.background)
        marker.set_z_index(Z_TOP)
        if run.diverged:
            message = f"{rate.factor:g}\u00d7 diverged at step {run.diverged_at}"
        else:
            message = f"{rate.factor:g}\u00d7 still growing after {run.steps} steps"
        badge = Badge(message, color=color, theme=self.theme).set_z_index(Z_TOP)
        others = [self.map.to_screen(other.w, other.b) for other, _, _ in entries if other is not path]
        self.place_badge(badge, exit_point, np.concatenate(others))
        self.play(
            Appear(marker),
            Appear(badge),
            *self.captions.say("Once its loss has grown a million-fold, the run is flagged and stopped."),
            run_time=1.5,
        )
        self.pause(3.0)

    def place_badge(self, badge: Badge, anchor: np.ndarray, avoid: np.ndarray) -> None:
        """Beside ``anchor``, clear of the map labels (and if possible of ``avoid``); else in a free corner."""
        bounds = self.map.plot_box
        taken = [box_of(label, 0.05) for label in (*self.map.optimum, *self.map.start, *self.map.ring_labels)]
        for points in (avoid, None):
            if place_label(badge, anchor, bounds=bounds, obstacles=taken, points=points, buff=0.15):
                return
        inset = (bounds[0] + 0.1, bounds[1] + 0.1, bounds[2] - 0.1, bounds[3] - 0.1)
        for corner in (UL, UR, DL, DR):
            keep_inside(badge.move_to(self.map.frame.box.get_corner(corner)), inset)
            if not any(overlaps(box_of(badge), other) for other in taken):
                return

    def exit_point(self, path: DescentPath) -> np.ndarray:
        """Where the path leaves the map: the end of what it draws."""
        pieces = clip_polyline(path.data_points, self.map.window)
        return self.map.to_screen(*(pieces[-1][-1] if pieces else path.data_points[0]))

    def read_the_loss_curves(self) -> None:
        self.next_section("Reading the loss curves")
        dimmed = [path for path in self.paths if path.opacity < 1.0]
        self.add(*reversed(dimmed))  # back in full, the slower runs on top of the wider swings again
        self.play(
            *(path.animate.fade_to(1.0) for path in dimmed),
            *self.captions.say("On a log scale a steady rate is a straight line: steeper means faster."),
            run_time=1.0,
        )
        self.pause(3.0)
        small, big = self.bowl.eigenvalues
        self.play(
            *self.captions.say(
                f"The fastest rate is 2 / (\u03bbmin + \u03bbmax), here {big / (small + big):.2f}\u00d7 critical."
            ),
            run_time=1.0,
        )
        self.pause(2.5)
