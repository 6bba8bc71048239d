"""scenes/feature_scaling.py: the same steps on raw and standardised x, both condition numbers on screen; the
scene's chapters, captions and layout; its last frame against the control data."""

from __future__ import annotations

import pytest
from lessons import make_lesson
from manim import MathTex
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

from gdlesson.lesson.experiments import scaling_plan

__module_test__ = "experiments"  # control data: control_data/experiments/feature_scaling_last_frame.npz

module = scene_module("feature_scaling")
FeatureScaling, format_kappa = module.FeatureScaling, module.format_kappa
LESSON = make_lesson()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The scene constructed once with skipped animations (no video)."""
    return construct_only(recording(FeatureScaling, LESSON), tmp_path_factory.mktemp("media"))


@pytest.mark.parametrize(("kappa", "text"), [(1131.88, "1132"), (8.19, "8.19"), (1.0, "1.00"), (42.4, "42.4")])
def test_condition_numbers_are_written_plainly(kappa, text):
    assert format_kappa(kappa) == text


def test_the_scene_tells_its_story_in_chapters_of_a_watchable_length(built):
    assert_watchable_chapters(built)


def test_captions_keep_a_legible_size(built):
    assert_legible_captions(built)


def test_final_texts_are_inside_the_frame_and_do_not_overlap(built):
    assert_final_texts_fit(built)


def test_the_scene_shows_both_condition_numbers(built):
    scaling = scaling_plan(LESSON)
    written = " ".join(strings(built))
    assert format_kappa(scaling.raw.bowl.condition_number) in written
    assert format_kappa(scaling.standardised.bowl.condition_number) in written
    # On screen as formulas, not only in the captions.
    formulas = " ".join(mob.tex_string for mob in built.final_texts if isinstance(mob, MathTex))
    for bowl in (scaling.raw.bowl, scaling.standardised.bowl):
        assert format_kappa(bowl.condition_number) in formulas


class FixedFeatureScaling(FeatureScaling):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedFeatureScaling)
def test_feature_scaling_last_frame(scene):
    FeatureScaling.construct(scene)


def test_captions_are_read_at_ease_one_at_a_time_and_say_what_the_run_does(built):
    assert_readable_timeline(built, LESSON, "feature_scaling")
