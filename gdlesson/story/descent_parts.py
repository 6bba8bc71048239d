"""Parts of the descent scene: its title card with the error, and its close-up of the minimum (the last steps on
an inset map grown out of an outline on the main map)."""

from __future__ import annotations

import numpy as np
from manim import DOWN, UP, Create, MathTex, Rectangle, VGroup, Write, config

from gdcore import contour_levels, zoom_window
from gdlesson.lesson.claims import reached_minimum, zoom_sentence
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.tex import Formula
from gdlesson.mobjects.theme import Z_TOP, SansText
from gdlesson.render.animations import Appear, Vanish
from gdlesson.story.map_stage import MapStage
from gdlesson.story.scene import LessonScene

__all__ = ["title_card_with_the_error", "zoom_on_the_minimum"]


def zoom_on_the_minimum(scene: LessonScene, stage: MapStage, *, tail: float, steps: int) -> None:
    """Zoom on the last ``tail`` of the run on the ``stage``'s map when it settled and the zoom is worth it (under
    half the map's width); the last epoch's steps (at most ``steps``) are drawn bright over four times as many
    dimmed; sets ``scene.inset``."""
    run, bowl, window, theme = scene.lesson.trajectory, scene.lesson.bowl, stage.window, scene.theme
    settled = reached_minimum(run, bowl) and run.lr <= bowl.critical_lr
    if not tail or run.steps < 2 or not settled:
        return
    zoom = zoom_window(bowl, run, window, tail=tail)
    if (zoom.w_max - zoom.w_min) > 0.5 * (window.w_max - window.w_min):
        return  # nothing small enough to be worth a zoom
    scene.next_section("Zoom on the minimum")
    scene.inset = inset = ContourMap(
        bowl,
        zoom,
        contour_levels(bowl, zoom, stage.rings),
        theme=theme,
        size=stage.map_size,
        avoid=(run.w, run.b),
        primed=scene.lesson.scaled,
    ).move_to(stage.map)
    inset.shift(stage.map.frame.box.get_center() - inset.frame.box.get_center())
    inset.frame.fit_left(-config.frame_width / 2 + 0.1)
    # The last epoch bright over the dimmed history, each at most a few hundred steps: more is a blob of ink.
    last_epoch = int(np.argmax(run.epoch == run.epoch[-1]))
    recent_from = max(last_epoch, run.steps - steps)
    older_from = max(0, recent_from - 4 * steps)
    older = DescentPath(run, inset, None, theme=theme, width=1.5, first=older_from)
    older.set_z_index(Z_TOP + 1).set_stroke(opacity=0.35)
    recent = DescentPath(run, inset, None, theme=theme, first=recent_from)
    corner = stage.map.to_screen(zoom.w_min, zoom.b_min)
    outline = Rectangle(
        width=stage.map.to_screen(zoom.w_max, zoom.b_min)[0] - corner[0],
        height=stage.map.to_screen(zoom.w_min, zoom.b_max)[1] - corner[1],
        color=theme.text,
        stroke_width=2,
    ).move_to(stage.map.to_screen(0.5 * (zoom.w_min + zoom.w_max), 0.5 * (zoom.b_min + zoom.b_max)))
    scene.play(Create(outline), *scene.captions.say("Let's zoom in near the minimum."), run_time=1.0)
    # The dimmed history joins after the zoom: a long noisy path is costly to redraw every frame.
    growing = VGroup(inset.backdrop, inset.rings, inset.frame.box, recent).set_z_index(Z_TOP + 1)
    recent.set_z_index(Z_TOP + 1.5)
    growing.save_state()
    growing.scale(outline.width / inset.frame.box.width, about_point=inset.frame.box.get_center())
    growing.move_to(outline)
    scene.add(growing)
    scene.play(growing.animate.restore(), Vanish(outline), run_time=1.6)
    scene.add(older)
    details = VGroup(inset.frame.ticks, inset.frame.numbers, inset.ring_labels, inset.optimum)
    details.set_z_index(Z_TOP + 2)
    old = stage.map.frame
    scene.play(
        Vanish(old.numbers),
        Vanish(old.x_label),
        Vanish(old.y_label),
        Appear(details),
        Appear(inset.frame.x_label),
        Appear(inset.frame.y_label),
        *scene.captions.say(zoom_sentence(run, bowl)),
        run_time=1.2,
    )
    scene.pause(3.0)


def title_card_with_the_error(scene: LessonScene) -> tuple[MathTex, tuple]:
    """The title, the model and the MSE written out; returns the MSE formula (the descent turns it into its header)
    and the rest of the card (title, subtitle, model), all still on screen."""
    scene.next_section("The error of a line")
    title = SansText("Mini-batch gradient descent", font_size=44, color=scene.theme.text)
    subtitle = SansText("a topographic map of how wrong the model is", font_size=28, color=scene.theme.muted)
    VGroup(title, subtitle).arrange(DOWN, buff=0.25).move_to(UP * 1.6)
    model = Formula(r"\hat y = W x + b", color=scene.theme.text, font_size=40)
    loss = Formula(
        r"\mathrm{MSE}(W, b) = \frac{1}{n} \sum_{i=1}^{n} \bigl(y_i - (W x_i + b)\bigr)^2",
        color=scene.theme.text,
        font_size=40,
    )
    VGroup(model, loss).arrange(DOWN, buff=0.4).next_to(subtitle, DOWN, buff=0.6)
    scene.play(
        Appear(title),
        Appear(subtitle),
        *scene.captions.say("Every slope W and intercept b gives a different line, with its own error."),
        run_time=1.2,
    )
    scene.play(Write(model), run_time=1.0)
    scene.play(Write(loss), run_time=1.5)
    scene.pause(1.5)
    return loss, (title, subtitle, model)
