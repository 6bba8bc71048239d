"""The whole lesson in one video: the seed's story in order, one chapter per part.

    gdlesson render lesson -q h       (or: manim -qh scenes/lesson.py Lesson)
    gdlesson youtube --quality h --out DIR    (the video, chapters, captions, thumbnail, description)

Every part is a story function shared with the single-visual scenes; each
starts a manim section, so the chapters JSON beside the video lists them.
"""

from __future__ import annotations

from gdlesson.story.basics import gradient_step, make_board, minibatch_loop, the_model, the_mse, title_card
from gdlesson.story.bowl import the_bowl
from gdlesson.story.map import experiments, summary, the_map
from gdlesson.story.race import race
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import clear_stage
from gdlesson.story.views import dashboard, visual_a, visual_b, visual_c


class Lesson(LessonScene):
    """Mini-batch gradient descent for y_hat = W x + b, from the model to the bowl, its topographic map, the
    experiments and the optimizer race."""

    def construct(self) -> None:
        title_card(self)
        board = make_board(self)
        for part in (the_model, the_mse, gradient_step, minibatch_loop):
            part(self, board)
        clear_stage(self)
        for part in (visual_a, visual_b, visual_c, the_bowl, the_map, dashboard, experiments, race):
            part(self)
            clear_stage(self)
        summary(self)
