"""The chapter before the map: the MSE as a 3-D bowl with the descent on it, seen from straight above at the end."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Create, LaggedStart, ValueTracker, VGroup, smooth

from gdlesson.lesson.claims.surface import surface_sentences, walk_sentence
from gdlesson.mobjects.bowl_view import BowlView
from gdlesson.mobjects.contour_map import LossLegend
from gdlesson.mobjects.theme import Z_TOP, SansText
from gdlesson.render.animations import Appear
from gdlesson.story.map_stage import MapStage
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import say

__all__ = ["BOTTOM", "COLUMN", "TOP", "the_bowl"]

TOP = 3.75
"""The highest the bowl reaches on screen (scene y) while the camera turns."""
BOTTOM = -2.55
"""Where the raised bowl's flat outline would sit: the map's own bottom edge."""
COLUMN = np.array([4.7, 2.2, 0.0])
"""The centre of the words beside the bowl (right of the raised bowl, which leans over the map's right edge)."""


def the_bowl(scene: LessonScene) -> BowlView:
    """The loss surface as a bowl: rings are heights, the descent walks down it, then the camera looks straight
    down and the bowl becomes the topographic map, ring for ring. Returns the bowl (its trackers at their ends)."""
    scene.next_section("The loss surface: a bowl")
    lesson, theme = scene.lesson, scene.theme
    run = lesson.trajectory
    contour = MapStage.map_of(scene)  # the map of the next chapter, at its place
    step, turn = ValueTracker(0.0), ValueTracker(0.0)
    bowl = BowlView(contour, run, step, turn, theme=theme, top=TOP, bottom=BOTTOM)
    pair = f"({', '.join(lesson.parameter_names)})"
    note = VGroup(
        SansText("height = MSE", font_size=30, color=theme.text),
        SansText(f"of the line {pair}", font_size=22, color=theme.muted),
    ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
    legend = LossLegend(theme, font_size=18).next_to(note, DOWN, buff=0.45).align_to(note, LEFT)
    VGroup(note, legend).move_to(COLUMN)
    give, form, rings, turns, same, level_set = surface_sentences(pair)
    say(scene, give, Create(bowl.rim), Appear(note), run_time=1.5)
    say(scene, form, Create(bowl.mesh), run_time=2.0)
    say(
        scene,
        rings,
        LaggedStart(*(Create(ring) for ring in reversed(bowl.rings)), lag_ratio=0.3),
        Appear(legend),
        run_time=2.5,
    )
    scene.add(bowl.path, bowl.dot)  # the path's updater moves the dot: an animation of the dot would pin it
    walk = step.animate(rate_func=smooth).set_value(run.steps)
    say(scene, walk_sentence(run, lesson.bowl, leaves=bowl.leaves), walk, run_time=4.0)
    say(scene, turns, turn.animate(rate_func=smooth).set_value(1.0), run_time=5.0, hold=0.0)
    scene.remove(bowl.mesh)
    contour.optimum.set_z_index(Z_TOP)  # above the end of the path, which circles it
    say(scene, same, Appear(contour.frame), Appear(contour.optimum), Appear(contour.start), run_time=1.5)
    say(scene, level_set, Appear(contour.ring_labels), run_time=1.5)
    return bowl
