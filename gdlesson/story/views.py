"""Visuals A, B and C and the four-view dashboard as story parts: each adds one section to any LessonScene.

A part starts on an empty stage (only the caption may be there) and ends
on its finished picture: a Visual scene stops there, the Lesson scene clears the
stage (``gdlesson.story.verbs.clear_stage``) before its next part.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, Create, ValueTracker

from gdcore import Bowl, Trajectory
from gdlesson.lesson.claims import (
    batch_loss_sentence,
    closeness,
    colour_name,
    halfway_step,
    is_minibatch,
    line_sentence,
    loss_trend_sentence,
    parameters_sentence,
    rises,
    stopped_sentence,
)
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.linked_views import LinkedViews
from gdlesson.mobjects.readouts import Readouts
from gdlesson.mobjects.residuals import Residuals
from gdlesson.mobjects.series_plot import loss_plot, parameter_plots
from gdlesson.mobjects.theme import Theme
from gdlesson.render.animations import Appear, Vanish
from gdlesson.render.pacing import state_at
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import descend, heading, say
from gdlesson.text import significant
from gdlesson.voice.spoken import about, integer_words, symbol_words

__all__ = ["visual_a", "visual_b", "visual_c", "dashboard", "CURVE_PACING"]

CURVE_PACING = 0.7
"""Curves against iteration replay faster than the lesson's pacing: they have less to watch than a map."""


def visual_a(scene: LessonScene) -> None:
    """Visual A: the data, the line at every step, its residuals, and the mini-batch each step learns from."""
    scene.next_section("Visual A: the line and the data")
    lesson, theme = scene.lesson, scene.theme
    bowl, run = lesson.bowl, lesson.trajectory
    tracker = ValueTracker(0.0)
    panel = FitPanel.of_lesson(lesson, tracker, theme=theme, size=(7.4, 4.5), centre=[-1.9, -0.05, 0], font_size=20)
    readouts = Readouts(run, bowl, tracker, theme=theme, font_size=24, primed=lesson.scaled)
    readouts.next_to(panel.frame.box, RIGHT, buff=0.7).align_to(panel.frame.box, UP)
    title = heading(scene, "Visual A: the data and the line")
    shown = panel.shown
    errors = Residuals(panel, lambda: run.init, lambda: shown, color=theme.accent)
    batch_errors = Residuals(
        panel, lambda: _state(run, tracker), lambda: panel.batch_at(tracker.get_value()), color=theme.batch
    )
    say(
        scene,
        "Visual A: the data, and the line the model draws through it.",
        Appear(title),
        Appear(panel.frame),
        Appear(panel.dots),
        run_time=1.2,
    )
    say(
        scene,
        f"Dashed: the best-fitting line. {colour_name(theme.path).capitalize()}: the current guess.",
        Create(panel.best_line),
        Create(panel.line),
        run_time=1.5,
    )
    say(
        scene,
        f"Each {colour_name(theme.accent)} segment is a residual: how far the line misses a point.",
        Create(errors),
        run_time=1.5,
    )
    say(
        scene,
        _batch_words(run, theme),
        Vanish(errors),
        Appear(panel.batch),
        Appear(batch_errors),
        Appear(readouts),
    )
    opening = "Step by step, the line swings " + ("ever wider." if rises(run) else "towards the data.")
    descend(scene, tracker, cues={0: opening, _later_step(run, bowl): line_sentence(run, bowl)})
    say(scene, stopped_sentence(run, bowl))


def visual_b(scene: LessonScene) -> None:
    """Visual B: the loss against iteration, full-data MSE over the noisy batch MSE (log axis when it spans decades)."""
    scene.next_section("Visual B: the loss curve")
    lesson, theme = scene.lesson, scene.theme
    run = lesson.trajectory
    tracker = ValueTracker(0.0)
    plot = loss_plot(run, tracker, theme=theme, size=(10.0, 4.6))
    plot.shift(np.array([0.3, 0.1, 0.0]) - plot.frame.box.get_center())
    title = heading(scene, "Visual B: the loss after every step")
    say(scene, "Visual B: how wrong the line is, after every step.", Appear(title), Appear(plot), run_time=1.2)
    full, batch = colour_name(theme.path).capitalize(), colour_name(theme.batch)
    if is_minibatch(run):
        say(scene, f"{full}: the MSE on all the data. {batch.capitalize()}: the MSE of each mini-batch.")
    else:
        say(scene, f"{full}: the MSE on all the data; {batch}, the MSE of the batch, here the same.")
    if plot.log:
        say(scene, "The loss spans decades, so the axis is logarithmic: equal steps up are equal factors.")
    _replay_curves(scene, tracker, loss_trend_sentence(run), batch_loss_sentence(run))
    say(
        scene,
        f"The full-data MSE ends at {significant(run.loss[-1])}; the best any line can do is "
        f"{significant(lesson.bowl.min_loss)}.",
        spoken=f"The full-data MSE ends at {about(run.loss[-1], 2)}; the best any line can do is "
        f"{about(lesson.bowl.min_loss, 2)}.",
    )


def visual_c(scene: LessonScene) -> None:
    """Visual C: W and b against iteration, converging to dashed lines at W* and b*."""
    scene.next_section("Visual C: W and b")
    lesson, theme = scene.lesson, scene.theme
    run, bowl = lesson.trajectory, lesson.bowl
    tracker = ValueTracker(0.0)
    w, b = lesson.parameter_names
    plots = parameter_plots(run, bowl, tracker, theme=theme, size=(10.0, 2.15), names=(w, b))
    plots.arrange(DOWN, buff=0.3).shift(np.array([0.2, 0.05, 0.0]) - plots.get_center())
    plots[1].shift(RIGHT * (plots[0].frame.box.get_left()[0] - plots[1].frame.box.get_left()[0]))
    title = heading(scene, f"Visual C: the parameters {w} and {b}")
    w_star, b_star = bowl.optimum
    say(
        scene,
        f"Visual C: the two numbers being learned, the slope {w} and the intercept {b}.",
        Appear(title),
        Appear(plots),
        run_time=1.2,
    )
    w_said, b_said = symbol_words(w), symbol_words(b)
    say(
        scene,
        f"The dashed lines are the best fit: {w}* = {significant(w_star)} and {b}* = {significant(b_star)}.",
        spoken=f"The dashed lines are the best fit: {w_said} star is {about(w_star, 2)}, and {b_said} star "
        f"{about(b_star, 2)}.",
    )
    heading_for = "swing away from them." if rises(run) else "head for their targets."
    _replay_curves(scene, tracker, f"Both start at the first guess and {heading_for}", parameters_sentence(run, bowl))
    ended = (  # a run that rose is said as it is written; one that ended well, rounded to the digits that matter
        None
        if rises(run)
        else f"After {integer_words(run.epochs)} epochs, {w_said} is {about(run.w[-1], 2)} and {b_said} "
        f"{about(run.b[-1], 2)}: {closeness(run, bowl)} {w_said} star and {b_said} star."
    )
    say(scene, stopped_sentence(run, bowl, names=(w, b), parameters=True), spoken=ended)


def dashboard(scene: LessonScene) -> None:
    """All four views on one frame, driven by one step tracker."""
    scene.next_section("All four views at once")
    tracker = ValueTracker(0.0)
    views = LinkedViews(scene.lesson, tracker, theme=scene.theme)
    say(scene, "Now all four views at once, driven by one step counter.", Appear(views), run_time=1.5)
    run, bowl = scene.lesson.trajectory, scene.lesson.bowl
    blue = colour_name(scene.theme.path)
    later = (
        "Uphill on the map is a rising loss, swinging parameters, a worse line."
        if rises(run)
        else "Downhill on the map is a falling loss, settling parameters, a better line."
    )
    descend(
        scene,
        tracker,
        [views.path],
        cues={
            0: f"The same step everywhere: the {blue} line, cursors and dot.",
            _later_step(run, bowl): later,
        },
    )
    say(scene, "Four angles on one run: if you can read the map, you understand gradient descent.")


def _replay_curves(scene: LessonScene, tracker: ValueTracker, first: str, later: str) -> None:
    """Grow curves against iteration with the run, faster than the map (``CURVE_PACING``), with two captions:
    ``first`` from the start, ``later`` from the step where the run is half-way down (see :func:`_later_step`)."""
    lesson = scene.lesson
    descend(
        scene,
        tracker,
        cues={0: first, _later_step(lesson.trajectory, lesson.bowl): later},
        pacing=CURVE_PACING * lesson.settings.pacing,
    )


def _later_step(run: Trajectory, bowl: Bowl) -> int:
    """Where a second caption about the run's motion goes: once it is half-way down (or has flown off), and
    never before the first step."""
    if rises(run):
        return 1
    return max(1, halfway_step(run, bowl) or run.steps // 2)


def _batch_words(run: Trajectory, theme: Theme) -> str:
    """What a step sees, in the batch colour's name: its mini-batch, or all the data."""
    points = f"the {colour_name(theme.batch)} points and their residuals"
    return (
        f"A step sees only its mini-batch: {points}." if is_minibatch(run) else f"A step sees all the data: {points}."
    )


def _state(run: Trajectory, tracker: ValueTracker) -> tuple[float, float]:
    """(W, b) at the tracker's fractional step."""
    w, b, _ = state_at(run.w, run.b, tracker.get_value())
    return w, b
