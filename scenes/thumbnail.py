"""The video's thumbnail: a strong still of the topographic map with a short title.

    manim render -s -r 1280,720 scenes/thumbnail.py Thumbnail

``gdlesson youtube`` renders it at 1280x720 whatever the video quality.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, VGroup

from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.theme import OKABE_ITO, Z_TOP, SansText
from gdlesson.story.scene import LessonScene


class Thumbnail(LessonScene):
    """The map of the lesson's run, rings and path, beside a two-line title."""

    map_size = (6.7, 6.7)
    map_center = np.array([3.45, 0.0, 0.0])

    def construct(self) -> None:
        lesson, theme = self.lesson, self.theme
        bowl, run = lesson.bowl, lesson.trajectory
        contour = ContourMap.for_run(
            bowl, run, theme=theme, size=self.map_size, rings=12, ring_label_count=0, avoid=None
        ).shift(self.map_center)
        for ring in contour.rings:
            ring.set_stroke(width=5)
        path = DescentPath(run, contour, None, theme=theme, width=7, clear_labels=False)  # no labels drawn
        path.remove(path.dot)  # the best-fit star marks the end instead
        star = contour.optimum[0].scale(1.8).set_z_index(Z_TOP + 1)
        title = VGroup(
            SansText("Gradient", font_size=80, color=theme.text, weight="BOLD"),
            SansText("descent", font_size=80, color=theme.text, weight="BOLD"),
            SansText("seen as a map", font_size=54, color=OKABE_ITO["yellow"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        title.to_edge(LEFT, buff=0.6)
        self.add(contour.backdrop, contour.frame.box, contour.rings, path, star, contour.start[0].scale(1.6), title)
