"""Visual D: the loss surface as a topographic map, with mini-batch gradient descent walking downhill.

    manim -pql scenes/descent.py

Reads the lesson configuration (lesson.toml, or $GDLESSON_FILE); every number
comes from gdcore, the scene only shows it.
"""

from __future__ import annotations

from manim import DOWN, LEFT, UP, Create, FadeIn, LaggedStart, MathTex, ValueTracker

from gdlesson.lesson.claims import (
    best_fit_sentence,
    scaling_sentences,
)
from gdlesson.lesson.names import names
from gdlesson.mobjects.contour_map import LossLegend
from gdlesson.mobjects.tex import Formula
from gdlesson.mobjects.theme import Z_LIVE, SansText
from gdlesson.render.animations import Appear, Vanish
from gdlesson.story.descent_parts import title_card_with_the_error, zoom_on_the_minimum
from gdlesson.story.map_stage import MapStage, walk_downhill
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import say
from gdlesson.text import tex_number
from gdlesson.voice.spoken import scaling_words


class Descent(LessonScene):
    """Visual D, the star of the lesson: rings of equal loss, the path downhill, the line it draws."""

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
        self.stage = MapStage(self, self.step)
        self.map, self.window, self.panel = self.stage.map, self.stage.window, self.stage.panel
        self.panel_title = SansText(f"each point {self.pair} is a line", font_size=22, color=self.theme.muted)
        self.panel_title.next_to(self.panel.frame.box, UP, buff=0.12)
        self.legend = LossLegend(self.theme, font_size=18).next_to(self.stage.readouts, DOWN, buff=0.25)
        self.legend.align_to(self.stage.readouts, LEFT)
        self.header_y = self.map.frame.box.get_top()[1] + 0.42

    def header(self, tex: str) -> MathTex:
        formula = Formula(tex, color=self.theme.text, font_size=30)
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
        self.path = walk_downhill(self, self.stage, Vanish(self.mse_header), Appear(rule))

    def zoom_near_the_minimum(self) -> None:
        zoom_on_the_minimum(self, self.stage, tail=self.zoom_tail, steps=self.zoom_steps)
