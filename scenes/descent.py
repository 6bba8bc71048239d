"""Visual D: the loss surface as a topographic map, with mini-batch gradient descent walking downhill.

    manim -pql scenes/descent.py

Reads the lesson configuration (lesson.toml, or $GDLESSON_FILE); every number
comes from gdcore, the scene only shows it.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, Create, FadeIn, LaggedStart, MathTex, ValueTracker, config

from gdlesson.lesson.claims import (
    best_fit_sentence,
    descent_cues,
    is_minibatch,
    outcome_sentence,
    reached_minimum,
    scaling_sentences,
)
from gdlesson.lesson.names import names
from gdlesson.mobjects.captions import reading_time
from gdlesson.mobjects.contour_map import ContourMap, LossLegend
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.readouts import Readouts
from gdlesson.mobjects.tex import tex_template
from gdlesson.mobjects.theme import Z_LIVE, SansText
from gdlesson.render.animations import Appear, Vanish
from gdlesson.render.pacing import step_times
from gdlesson.story.descent_parts import title_card_with_the_error, zoom_on_the_minimum
from gdlesson.story.playback import play_descent
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import say
from gdlesson.text import tex_number
from gdlesson.voice.spoken import scaling_words


class Descent(LessonScene):
    """Visual D, the star of the lesson: rings of equal loss, the path downhill, the line it draws."""

    map_size = (7.4, 5.55)
    map_center = np.array([-2.2, 0.22, 0.0])
    ring_count = 10
    zoom_tail = 0.3
    zoom_steps = 200
    """The zoom draws at most this many last steps bright, and four times as many dimmed before them."""

    def construct(self) -> None:
        self.setup_lesson()
        self.introduce_the_error()
        self.draw_the_map()
        self.draw_the_rings()
        self.mark_best_and_start()
        self.walk_downhill()
        self.zoom_near_the_minimum()

    # Set-up -----------------------------------------------------------------

    def setup_lesson(self) -> None:
        lesson = self.lesson
        self.bowl, self.run = lesson.bowl, lesson.trajectory
        self.pair = names(lesson.scaled).pair
        """The map's parameters as captions name them: (W, b), or (W′, b′) on a scaled x."""
        self.step = ValueTracker(0.0).set_z_index(Z_LIVE)
        self.map = ContourMap.for_run(
            self.bowl, self.run, theme=self.theme, size=self.map_size, rings=self.ring_count, primed=lesson.scaled
        ).shift(self.map_center)
        self.window = self.map.window
        self.map.frame.fit_left(-config.frame_width / 2 + 0.1)
        self.panel = FitPanel.of_lesson(lesson, self.step, theme=self.theme, size=(3.9, 2.55), centre=[4.85, 1.85, 0])
        self.panel_title = SansText(f"each point {self.pair} is a line", font_size=22, color=self.theme.muted)
        self.panel_title.next_to(self.panel.frame.box, UP, buff=0.12)
        self.readouts = Readouts(self.run, self.bowl, self.step, theme=self.theme, font_size=24, primed=lesson.scaled)
        self.readouts.next_to(self.panel.frame.x_label, DOWN, buff=0.45).align_to(self.panel.frame.box, LEFT)
        self.legend = LossLegend(self.theme, font_size=18).next_to(self.readouts, DOWN, buff=0.25)
        self.legend.align_to(self.readouts, LEFT)
        self.header_y = self.map.frame.box.get_top()[1] + 0.42

    def header(self, tex: str) -> MathTex:
        formula = MathTex(tex, tex_template=tex_template(), color=self.theme.text, font_size=30)
        formula.scale_to_fit_width(min(formula.width, self.map.frame.box.width + 0.6))
        return formula.move_to([self.map.frame.box.get_center()[0], self.header_y, 0])

    # Story --------------------------------------------------------------------

    def introduce_the_error(self) -> None:
        loss, card = title_card_with_the_error(self)
        w, b, x = ("W'", "b'", "x'_i") if self.lesson.scaled else ("W", "b", "x_i")  # the map's own parameters
        self.mse_header = self.header(
            rf"\mathrm{{MSE}}({w}, {b}) = \tfrac{{1}}{{n}} \textstyle\sum_i \bigl(y_i - ({w} {x} + {b})\bigr)^2"
        )
        self.play(*(Vanish(part) for part in card), loss.animate.become(self.mse_header))
        self.remove(loss)
        self.add(self.mse_header)

    def draw_the_map(self) -> None:
        self.next_section("The map of (W, b)")
        self.add(self.map.backdrop)
        self.play(
            *self.map.frame.reveal(),
            *self.captions.say(f"Each point of this map is one choice of {self.pair}: one line."),
            run_time=1.5,
        )
        self.pause(0.8)
        if self.lesson.scaled:  # said once, with the numbers, beside the data whose x it changes
            scaling, x_name = self.lesson.scaling, self.lesson.x_name
            (note, why), (note_said, why_said) = (
                scaling_sentences(scaling, x_name),
                scaling_words(scaling.shift, scaling.scale, x_name),
            )
            say(self, note, *self.show_the_data(), spoken=note_said)
            say(self, why, spoken=why_said)

    def show_the_data(self) -> list:
        """The data panel's frame, points and title appearing (once)."""
        if getattr(self, "data_shown", False):
            return []
        self.data_shown = True
        return [Appear(self.panel.frame), Appear(self.panel.dots), Appear(self.panel_title)]

    def draw_the_rings(self) -> None:
        self.next_section("Rings of equal loss")
        self.play(
            LaggedStart(*(Create(ring) for ring in self.map.rings), lag_ratio=0.25),
            Appear(self.map.stretch_note),  # unequal scales are said where the rings' shape is seen
            *self.captions.say(f"Each ring joins the {self.pair} that have the same loss."),
            run_time=3.5,
        )
        self.play(
            Appear(self.legend),
            Appear(self.map.ring_labels),
            *self.captions.say("Outer rings: higher error. Inner rings: lower error."),
            run_time=1.2,
        )
        self.pause(1.5)

    def mark_best_and_start(self) -> None:
        self.next_section("Best fit and the first guess")
        panel, (w, b) = self.panel, self.lesson.parameter_names
        self.play(
            FadeIn(self.map.optimum, scale=1.5),
            *self.show_the_data(),
            *self.captions.say(best_fit_sentence(self.bowl, self.window)),
            run_time=1.3,
        )
        self.play(Create(panel.best_line), run_time=1.0)
        self.pause(1.0)
        self.play(
            FadeIn(self.map.start, scale=1.5),
            Create(panel.line),
            *self.captions.say(f"We start from a guess ({w}\u2080, {b}\u2080): a poor line."),
            run_time=1.3,
        )
        self.pause(1.0)

    def walk_downhill(self) -> None:
        self.next_section("Walking downhill")
        w, b = (r"W'", r"b'") if self.lesson.scaled else ("W", "b")  # the map's own parameters
        rule = self.header(
            rf"{w} \leftarrow {w} - \alpha\,\frac{{\partial\,\mathrm{{MSE}}}}{{\partial {w}}}"
            rf"\qquad {b} \leftarrow {b} - \alpha\,\frac{{\partial\,\mathrm{{MSE}}}}{{\partial {b}}}"
            rf"\qquad \alpha = {tex_number(self.run.lr)},\ \text{{batch}} = {self.run.batch_size}"
        )
        self.path = DescentPath(self.run, self.map, self.step, theme=self.theme)
        self.play(
            Vanish(self.mse_header),
            Appear(rule),
            Appear(self.readouts),
            Appear(self.path.dot),
            Appear(self.panel.batch),
            *self.captions.say(
                f"Each step computes the gradient on {'a mini-batch' if is_minibatch(self.run) else 'all the data'} "
                "and moves downhill."
            ),
            run_time=1.5,
        )
        self.add(self.path)
        times = step_times(self.run.steps, self.lesson.settings.pacing)
        cues = descent_cues(self.run, self.bowl, self.lesson.descent_data, self.window)
        play_descent(self, self.step, times, [self.path], captions=self.captions, cues=cues)
        self.freeze()
        self.pause(1.0)
        if not reached_minimum(self.run, self.bowl):  # the outcome, why and what to try, given time to be read
            outcome = outcome_sentence(self.run, self.bowl, self.lesson.descent_data)
            if outcome in cues.values():
                self.pause(reading_time(outcome))
            else:
                say(self, outcome)

    def zoom_near_the_minimum(self) -> None:
        zoom_on_the_minimum(self, tail=self.zoom_tail, steps=self.zoom_steps)
