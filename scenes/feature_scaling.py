"""Feature scaling: the same relationship with x far from 0 (a long thin valley) and standardised (a round bowl).

    manim -pql scenes/feature_scaling.py

Reads the lesson configuration; the runs come from :func:`gdlesson.lesson.experiments.scaling_plan`.
"""

from __future__ import annotations

import numpy as np
from manim import ValueTracker

from gdlesson.lesson.experiments import SCALING_FACTOR, scaling_plan
from gdlesson.mobjects.experiment_kit import FRAME, keep_inside, reveal_map
from gdlesson.mobjects.scaling_side import ScalingSide, format_kappa
from gdlesson.mobjects.theme import Z_LIVE
from gdlesson.render.animations import Appear
from gdlesson.render.pacing import step_times
from gdlesson.story.playback import play_descent
from gdlesson.story.scene import LessonScene
from gdlesson.text import number, pair, significant


class FeatureScaling(LessonScene):
    """Far-from-0 x against standardised x: the same number of steps, a crawl against a sprint."""

    map_size = (5.1, 3.4)
    centres = (np.array([-3.45, 0.45, 0.0]), np.array([3.75, 0.45, 0.0]))

    def construct(self) -> None:
        self.setup_sides()
        self.introduce_two_ways_of_writing_x()
        self.compare_the_bowls()
        self.take_the_same_steps()
        self.read_the_result()

    # Set-up -----------------------------------------------------------------

    def setup_sides(self) -> None:
        self.scaling = plan = scaling_plan(self.lesson)
        self.step = ValueTracker(0.0).set_z_index(Z_LIVE)
        sign = "+" if plan.shift > 0 else "\u2212"
        titles = (
            f"x far from 0: x {sign} {number(abs(plan.shift), 3)}" if plan.shift else "x as measured (far from 0)",
            "standardised: (x \u2212 mean) / std",
        )
        self.sides = []
        for case, title, centre in zip((plan.raw, plan.standardised), titles, self.centres, strict=True):
            side = ScalingSide(case, title, self.step, theme=self.theme, size=self.map_size)
            side.shift(centre - side.map.frame.box.get_center())
            self.sides.append(keep_inside(side, FRAME))

    # Story --------------------------------------------------------------------

    def introduce_two_ways_of_writing_x(self) -> None:
        self.next_section("Two ways to write x")
        raw, standard = self.sides
        self.play(
            Appear(raw.header),
            Appear(standard.header),
            *self.captions.say(
                "Two ways to write the same x: "
                + ("moved far from 0" if self.scaling.shift else "as measured, far from 0")
                + ", or standardised."
            ),
            run_time=1.5,
        )
        self.pause(1.5)
        for side, words in (
            (raw, "Far from 0, x turns the loss bowl into a long, thin valley."),
            (standard, "Standardised to mean 0 and spread 1, the same problem is a round bowl."),
        ):
            self.add(side.map.backdrop)
            self.play(
                *reveal_map(side.map, lag_ratio=0.15), Appear(side.map.optimum), *self.captions.say(words), run_time=2.5
            )
            self.pause(1.5)

    def compare_the_bowls(self) -> None:
        self.next_section("The condition number")
        raw, standard = self.sides
        self.play(
            Appear(raw.kappa),
            Appear(standard.kappa),
            *self.captions.say("The condition number \u03ba: how much steeper the bowl is across than along."),
            run_time=1.5,
        )
        self.pause(2.0)
        kappas = [format_kappa(side.map.bowl.condition_number) for side in self.sides]
        self.play(
            *self.captions.say(
                f"{kappas[0]} against {kappas[1]}: no one learning rate suits both directions of a valley."
            ),
            run_time=1.0,
        )
        self.pause(2.0)

    def take_the_same_steps(self) -> None:
        self.next_section("The same number of steps")
        plan = self.scaling
        raw, standard = self.sides
        self.play(
            *(Appear(side.map.start) for side in self.sides),
            *(Appear(side.path.dot) for side in self.sides),
            *(Appear(side.readout) for side in self.sides),
            *self.captions.say(
                f"Both start at (W, b) = {pair(*plan.raw.trajectory.init)} on their own x, at "
                f"{number(SCALING_FACTOR, 2)}\u00d7 their own critical rate."
            ),
            run_time=1.5,
        )
        self.pause(1.5)
        self.add(raw.path, standard.path)
        # Evenly paced steps (a long warm-up): the comparison is the lesson here, so it gets several seconds.
        times = step_times(plan.steps, self.lesson.settings.pacing, slow_steps=plan.steps)
        cues = {
            0: f"{plan.steps} full-batch steps each.",
            1: "Round bowl: downhill points at the centre. Valley: it points at the floor.",
            2: "Along the valley floor the slope is nearly flat: a crawl.",
        }
        play_descent(self, self.step, times, [raw.path, standard.path], captions=self.captions, cues=cues)
        self.freeze()
        self.pause(1.0)

    def read_the_result(self) -> None:
        self.next_section("Standardise first")
        factor, kappa = SCALING_FACTOR, self.scaling.raw.bowl.condition_number
        self.play(
            *self.captions.say(
                f"Along the valley each step removes only 2 \u00d7 {number(factor, 2)} / \u03ba = "
                f"{significant(100 * 2 * factor / kappa, 2)}% of the distance left."
            ),
            run_time=1.0,
        )
        self.pause(3.0)
        self.play(
            *self.captions.say("Standardise x before gradient descent: the same model, found far faster."),
            run_time=1.0,
        )
        self.pause(3.0)
