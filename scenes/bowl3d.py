"""The loss surface as a 3-D bowl with the descent on it; the camera turns to look straight down and the bowl
becomes the topographic map, ring for ring.

    manim -pql scenes/bowl3d.py        (or: gdlesson render bowl3d)

Reads the lesson configuration; the chapter is :func:`gdlesson.story.bowl.the_bowl`, shared with the lesson.
"""

from __future__ import annotations

from gdlesson.story.bowl import the_bowl
from gdlesson.story.scene import LessonScene


class Bowl3D(LessonScene):
    """The MSE bowl in 3-D, then from straight above: a ring of the map is a level set of the bowl."""

    def construct(self) -> None:
        self.bowl = the_bowl(self)
        self.scene_end()

    def scene_end(self) -> None:
        self.play(*self.captions.clear(), run_time=0.6)
        self.pause(1.0)
