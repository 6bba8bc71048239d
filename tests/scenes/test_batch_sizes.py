"""scenes/batch_sizes.py: SGD, a mini-batch and the full batch on the same budget of examples; the scene's
chapters, captions and layout; its last frame against the control data."""

from __future__ import annotations

import numpy as np
from builds import group
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_a_watchable_experiment, built_once, recording
from scene_files import scene_module

from gdlesson.lesson.experiments import budget_plan

__module_test__ = "experiments"  # control data: control_data/experiments/batch_sizes_last_frame.npz

BatchSizes = scene_module("batch_sizes").BatchSizes
LESSON = make_lesson()
pytestmark = group("batch_sizes, built-in lesson")  # the module's scene is built once, in one worker (builds.py)

built = built_once(recording(BatchSizes, LESSON))
"""The scene constructed once with skipped animations (no video)."""


def test_the_scene_is_a_watchable_experiment_whose_captions_are_read_at_ease_and_true(built):
    assert_a_watchable_experiment(built, LESSON, "batch_sizes")


def test_the_scene_ends_every_run_on_the_same_budget(built):
    budget = budget_plan(LESSON)
    assert built.seen.get_value() == budget.budget
    for path, run in zip(built.paths, budget.runs, strict=True):
        assert np.allclose(path.dot.get_center(), built.map.to_screen(*run.final), atol=1e-9)


class FixedBatchSizes(BatchSizes):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedBatchSizes)
def test_batch_sizes_last_frame(scene):
    BatchSizes.construct(scene)
