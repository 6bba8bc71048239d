"""The map's stage, shared by the lesson's map chapter and the descent scene (Visual D): the topographic map on
the left, the data panel on the right with the readouts under it, and the recorded walk downhill on them."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Animation, ValueTracker, config

from gdlesson.lesson.claims.walk import walk_cues, walk_ending, walk_intro
from gdlesson.mobjects.captions import reading_time
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.readouts import Readouts
from gdlesson.render.animations import Appear
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import descend, say

__all__ = ["MapStage", "walk_downhill"]


class MapStage:
    """Where the map, the data panel and the readouts stand, one layout for every scene that shows the map.

    ``map`` is the run's :class:`ContourMap` (its ``window``), ``panel`` the data with the line of ``step``,
    ``readouts`` the step's numbers under the panel; nothing is on screen until a scene shows it.
    """

    map_size = (7.4, 5.55)
    map_center = np.array([-2.2, 0.22, 0.0])
    panel_size = (3.9, 2.55)
    panel_center = np.array([4.85, 1.85, 0.0])
    rings = 10

    def __init__(self, scene: LessonScene, step: ValueTracker) -> None:
        lesson, theme = scene.lesson, scene.theme
        run, bowl = lesson.trajectory, lesson.bowl
        self.step = step
        self.map = self.map_of(scene)
        self.window = self.map.window
        self.panel = FitPanel.of_lesson(lesson, step, theme=theme, size=self.panel_size, centre=self.panel_center)
        self.readouts = Readouts(run, bowl, step, theme=theme, font_size=24, primed=lesson.scaled)
        self.readouts.next_to(self.panel.frame.x_label, DOWN, buff=0.45).align_to(self.panel.frame.box, LEFT)

    @classmethod
    def map_of(cls, scene: LessonScene) -> ContourMap:
        """The stage's map alone, at its place (what the bowl turns into, without the panel and readouts)."""
        lesson = scene.lesson
        contour = ContourMap.for_run(
            lesson.bowl, lesson.trajectory, theme=scene.theme, size=cls.map_size, rings=cls.rings, primed=lesson.scaled
        ).shift(cls.map_center)
        contour.frame.fit_left(-config.frame_width / 2 + 0.1)
        return contour


def walk_downhill(scene: LessonScene, stage: MapStage, *shown: Animation) -> DescentPath:
    """The recorded descent on the stage: the path's dot, the batch and the readouts appear (with ``shown``) as
    the walk is introduced, the run plays in the lesson's pacing with its cues, and its ending is said."""
    lesson = scene.lesson
    run, bowl, data = lesson.trajectory, lesson.bowl, lesson.descent_data
    path = DescentPath(run, stage.map, stage.step, theme=scene.theme)
    say(
        scene,
        walk_intro(run),
        Appear(path.dot),
        Appear(stage.panel.batch),
        Appear(stage.readouts),
        *shown,
        run_time=1.5,
    )
    scene.add(path)
    cues = walk_cues(run, bowl, data, stage.window)
    descend(scene, stage.step, [path], cues=cues)
    scene.freeze()  # what the updaters show is final: drawn once from here on
    scene.pause(1.0)
    ending = walk_ending(run, bowl, data)
    if ending in cues.values():  # the last cue said it: give it time to be read
        scene.pause(reading_time(ending))
    else:
        say(scene, ending)
    return path
