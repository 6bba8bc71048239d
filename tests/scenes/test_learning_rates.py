"""scenes/learning_rates.py: four rates on one map, the 1.05x run badged as diverged and leaving the map; the
scene's chapters, captions and layout; its last frame against the control data."""

from __future__ import annotations

import pytest
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import (
    assert_final_texts_fit,
    assert_legible_captions,
    assert_watchable_chapters,
    construct_only,
    recording,
    strings,
)
from scene_files import scene_module
from timelines import assert_readable_timeline

from gdlesson.lesson.experiments import RATE_FACTORS, rate_plan

__module_test__ = "experiments"  # control data: control_data/experiments/learning_rates_last_frame.npz

LearningRates = scene_module("learning_rates").LearningRates
LESSON = make_lesson()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The scene constructed once with skipped animations (no video)."""
    return construct_only(recording(LearningRates, LESSON), tmp_path_factory.mktemp("media"))


def test_the_scene_tells_its_story_in_chapters_of_a_watchable_length(built):
    assert_watchable_chapters(built)


def test_captions_keep_a_legible_size(built):
    assert_legible_captions(built)


def test_final_texts_are_inside_the_frame_and_do_not_overlap(built):
    assert_final_texts_fit(built)


def test_the_scene_badges_the_divergence_and_leaves_the_map(built):
    rates = rate_plan(LESSON)
    diverged = next(r.trajectory for r in rates.runs if r.factor > 1)
    assert any(f"diverged at step {diverged.diverged_at}" in text for text in strings(built))
    path = built.paths[RATE_FACTORS.index(1.05)]
    w, b = path.w[-1], path.b[-1]
    assert not built.map.window.contains(w, b) and path.dot.get_fill_opacity() == 0.0
    assert built.step.get_value() == rates.steps


class FixedLearningRates(LearningRates):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedLearningRates)
def test_learning_rates_last_frame(scene):
    LearningRates.construct(scene)


def test_captions_are_read_at_ease_one_at_a_time_and_say_what_the_run_does(built):
    assert_readable_timeline(built, LESSON, "learning_rates")
