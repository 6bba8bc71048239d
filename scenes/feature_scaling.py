"""Feature scaling: the same relationship with x far from 0 (a long thin valley) and standardised (a round bowl).

    manim -pql scenes/feature_scaling.py

Reads the lesson configuration; the runs come from :func:`gdlesson.lesson.experiments.scaling_plan`.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, MathTex, ValueTracker, VGroup

from gdcore import contour_levels, view_window
from gdlesson.lesson.experiments import SCALING_FACTOR, ScalingCase, scaling_plan
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import FRAME, keep_inside, neutral_start, reveal_map
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.tex import tex_template
from gdlesson.mobjects.theme import Z_LIVE, SansText, Theme
from gdlesson.render.animations import Appear
from gdlesson.render.pacing import last_step_taken, step_times
from gdlesson.story.playback import play_descent
from gdlesson.story.scene import LessonScene
from gdlesson.text import EVERYDAY, number, pair, significant, tex_number


def format_kappa(kappa: float, *, tex: bool = False) -> str:
    """A condition number as people write it: 1132, 42.4, 1.00, and beyond everyday sizes 1.63\u00d710\u00b9\u2070
    (for MathTex with ``tex``: 1.63 \\times 10^{10})."""
    if kappa >= EVERYDAY[1]:
        return tex_number(kappa) if tex else significant(kappa)
    return number(kappa, max(3, len(str(int(kappa)))), zeros=kappa < 10)


class ScalingSide(VGroup):
    """One way of writing x: a header, its condition number, its map with the run, and the MSE reached.

    Parts: ``header``, ``kappa`` (MathTex), ``map`` (a :class:`ContourMap`),
    ``path`` (a :class:`DescentPath` on the step tracker) and ``readout``
    (the live MSE beside the best possible).
    """

    def __init__(
        self, case: ScalingCase, title: str, tracker: ValueTracker, *, theme: Theme, size: tuple[float, float]
    ) -> None:
        super().__init__()
        bowl, run = case.bowl, case.trajectory
        window = view_window(bowl, run, aspect=size[0] / size[1])
        self.map = ContourMap(
            bowl,
            window,
            contour_levels(bowl, window, 9),
            theme=neutral_start(theme),
            size=size,
            start=run.init,
            avoid=(run.w, run.b),
            ring_label_count=0,
        )
        self.path = DescentPath(run, self.map, tracker, theme=theme)
        box = self.map.frame.box
        kappa = format_kappa(bowl.condition_number, tex=True)
        self.kappa = MathTex(
            rf"\kappa = \frac{{\lambda_{{\max}}}}{{\lambda_{{\min}}}} = {kappa}",
            tex_template=tex_template(),
            color=theme.text,
            font_size=32,
        ).next_to(box, UP, buff=0.2)
        self.header = SansText(title, font_size=24, color=theme.text).next_to(self.kappa, UP, buff=0.18)
        self.readout = self._readout(case, tracker, theme).next_to(self.map.frame.x_label, DOWN, buff=0.3)
        self.add(self.header, self.kappa, self.map, self.path, self.readout)

    @staticmethod
    def _readout(case: ScalingCase, tracker: ValueTracker, theme: Theme) -> VGroup:
        run, bowl = case.trajectory, case.bowl
        label = SansText("MSE", font_size=24, color=theme.muted)
        number = GlyphNumber(float(run.loss[0]), digits=4, font_size=24, color=theme.text)
        best = SansText(f"(best {significant(bowl.min_loss)})", font_size=24, color=theme.muted)
        widest = number.slot_width()  # any value fits its slot
        number.next_to(label, RIGHT, buff=0.2).align_to(label, DOWN)
        best.next_to(label, RIGHT, buff=0.4 + widest).align_to(label, DOWN)

        def follow(glyphs: GlyphNumber) -> None:
            step = last_step_taken(tracker.get_value(), run.steps)  # a loss the run had, not one between steps
            glyphs.set_value(float(bowl.loss(run.w[step], run.b[step])))

        number.add_updater(follow).set_z_index(Z_LIVE)
        return VGroup(label, number, best).set_z_index(Z_LIVE, family=False)


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
            *self.captions.say("Two ways to write the same x: moved far from 0, or standardised."),
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
