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
    VMobject,
)

from gdcore import clip_polyline
from gdlesson.lesson.claims import exit_step
from gdlesson.lesson.experiments import rate_plan, until_exit
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import Badge, RunLegend, counter, excess_loss_plot, keep_inside, run_colors
from gdlesson.mobjects.layout import box_of, overlaps, place_label
from gdlesson.mobjects.tex import tex_template
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP, SansText
from gdlesson.render.animations import Appear, Vanish
from gdlesson.render.pacing import step_times
from gdlesson.render.playback import play_descent
from gdlesson.render.polyline import polyline_points
from gdlesson.story.experiment_scene import ExperimentScene
from gdlesson.text import significant, tex_number

_NOTES = {0.1: "slow, smooth", 0.5: "fast", 0.9: "zig-zag"}


def rate_cells(factor: float, lr: float) -> list[str]:
    """A legend row: the multiple of the critical rate, the rate, and what to expect."""
    note = "diverges" if factor > 1 else _NOTES.get(factor, "zig-zag" if factor > 0.5 else "smooth")
    return [f"{factor:g}\u00d7", significant(lr), note]


class LearningRates(ExperimentScene):
    """Four learning rates on one map: slow, fast, zig-zag across the valley, and off the map."""

    title_text = "How big may a step be?"

    def construct(self) -> None:
        self.setup_runs()
        self.introduce_the_critical_rate()
        self.run_the_rates()
        self.run_the_diverging_rate()
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
        self.step = ValueTracker(0.0).set_z_index(Z_LIVE)
        self.paths = [
            DescentPath(run, self.map, self.step, theme=self.theme, color=color, width=2.0 if run.diverged else 3.0)
            for run, color in zip(shown, self.colors, strict=True)
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
            [rate_cells(r.factor, r.lr) for r in self.rates.runs],
            theme=self.theme,
            header=("\u00d7 critical", "\u03b1", "what happens"),
        )
        self.inset = excess_loss_plot(bowl, runs, self.colors, self.step, theme=self.theme, size=(4.3, 1.85))
        self.counter = counter("step", self.step, self.rates.steps, theme=self.theme)
        self.place_column(self.formula, self.legend, self.inset, self.counter, inset_y=-1.55)

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
        self.play(
            Appear(self.formula),
            *self.captions.say("A full-batch step longer than 2 / \u03bbmax overshoots by more than it gains."),
            run_time=1.5,
        )
        self.pause(2.0)
        self.play(Vanish(floor), Vanish(floor_label), run_time=0.6)

    def run_the_rates(self) -> None:
        self.next_section("Three learning rates")
        calm = [i for i, rate in enumerate(self.rates.runs) if rate.factor <= 1]
        self.play(
            Appear(self.legend.header),
            LaggedStart(*(Appear(self.legend.rows[i]) for i in calm), lag_ratio=0.3),
            *self.captions.say("Learning rates as fractions of the critical rate, all from the same start."),
            run_time=2.0,
        )
        self.pause(1.0)
        self.play(
            Appear(self.inset),
            Appear(self.counter),
            *(Appear(self.paths[i].dot) for i in calm),
            *self.captions.say("Below right: the loss above its minimum, on a log scale."),
            run_time=1.5,
        )
        paths = [self.paths[i] for i in calm]
        self.add(*reversed(paths))  # the slow runs on top of the wide swings of the fast ones
        times = step_times(self.rates.steps, self.lesson.settings.pacing)
        factors = [self.rates.runs[i].factor for i in calm]
        cues = {
            1: f"{factors[0]:g}\u00d7 creeps smoothly; {factors[1]:g}\u00d7 heads for the valley floor much faster.",
            2: f"{factors[2]:g}\u00d7 overshoots: each step jumps across the valley, a zig-zag that slowly shrinks.",
        }
        play_descent(self, self.step, times, paths, captions=self.captions, cues=cues)
        self.freeze()
        self.inset.resume_updating()  # the run still to come grows on it
        self.pause(1.0)

    def run_the_diverging_rate(self) -> None:
        """The run above the critical rate on its own, after the others: its swings grow and it leaves the map."""
        wild = [i for i, rate in enumerate(self.rates.runs) if rate.factor > 1]
        if not wild:
            return
        self.next_section("Too big a step")
        index = wild[0]
        path, rate = self.paths[index], self.rates.runs[index]
        tracker = ValueTracker(0.0).set_z_index(Z_LIVE)
        self.inset.follow(index, tracker)
        steps = rate.trajectory.steps
        wild_counter = counter(f"step of {rate.factor:g}\u00d7", tracker, steps, theme=self.theme)
        wild_counter.move_to(self.counter, aligned_edge=LEFT)
        self.play(
            Appear(self.legend.rows[index]),
            Appear(path.dot),
            Vanish(self.counter),
            Appear(wild_counter),
            *(other.animate.fade_to(0.3) for i, other in enumerate(self.paths) if i not in wild),
            *self.captions.say(f"Now {rate.factor:g}\u00d7, just above the critical rate, from the same start."),
            run_time=1.5,
        )
        self.add(path)
        cues = {1: "Each step overshoots by more than the last: this zig-zag grows."}
        leaves = exit_step(rate.trajectory, self.map.window)
        if leaves is not None:
            cues[leaves] = f"At step {leaves} it leaves the map; its loss keeps growing."
        times = step_times(steps, self.lesson.settings.pacing)
        play_descent(self, tracker, times, [path], captions=self.captions, cues=cues)
        self.freeze()
        self.pause(1.0)

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
        growth = abs(1 - 2 * rate.factor)
        self.play(
            Appear(marker),
            Appear(badge),
            *self.captions.say(f"Each step multiplies its distance across the valley by {growth:.2f}."),
            run_time=1.5,
        )
        self.pause(1.5)
        self.play(
            *self.captions.say("Once its loss has grown a million-fold, the run is flagged and stopped."),
            run_time=1.0,
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
        calm = [path for path, rate in zip(self.paths, self.rates.runs, strict=True) if rate.factor <= 1]
        self.play(
            *(path.animate.fade_to(1.0) for path in calm),
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
        self.play(*self.captions.say("A little zig-zag is not a failure: it is the price of speed."), run_time=1.0)
        self.pause(3.0)
