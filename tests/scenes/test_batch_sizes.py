"""scenes/batch_sizes.py: SGD, a mini-batch and the full batch on the same budget of examples; the scene's
chapters, captions and layout; its last frame against the control data."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import (
    assert_final_texts_fit,
    assert_legible_captions,
    assert_watchable_chapters,
    construct_only,
    recording,
)
from scene_files import scene_module
from timelines import assert_readable_timeline

from gdlesson.lesson.experiments import budget_plan

__module_test__ = "experiments"  # control data: control_data/experiments/batch_sizes_last_frame.npz

BatchSizes = scene_module("batch_sizes").BatchSizes
LESSON = make_lesson()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The scene constructed once with skipped animations (no video)."""
    return construct_only(recording(BatchSizes, LESSON), tmp_path_factory.mktemp("media"))


def test_the_scene_tells_its_story_in_chapters_of_a_watchable_length(built):
    assert_watchable_chapters(built)


def test_captions_keep_a_legible_size(built):
    assert_legible_captions(built)


def test_final_texts_are_inside_the_frame_and_do_not_overlap(built):
    assert_final_texts_fit(built)


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


def test_captions_are_read_at_ease_one_at_a_time_and_say_what_the_run_does(built):
    assert_readable_timeline(built, LESSON, "batch_sizes")
