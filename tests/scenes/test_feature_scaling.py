"""scenes/feature_scaling.py: the same steps on raw and standardised x, both condition numbers on screen; the
scene's chapters, captions and layout; its last frame against the control data."""

from __future__ import annotations

import pytest
from builds import group
from lessons import make_lesson
from manim import MathTex
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_a_watchable_experiment, built_once, recording, strings
from scene_files import scene_module

from gdlesson.lesson.experiments import scaling_plan

__module_test__ = "experiments"  # control data: control_data/experiments/feature_scaling_last_frame.npz

module = scene_module("feature_scaling")
FeatureScaling, format_kappa = module.FeatureScaling, module.format_kappa
LESSON = make_lesson()
pytestmark = group("feature_scaling, built-in lesson")  # the module's scene is built once, in one worker (builds.py)

built = built_once(recording(FeatureScaling, LESSON))
"""The scene constructed once with skipped animations (no video)."""


@pytest.mark.parametrize(
    ("kappa", "text", "tex"),
    [
        (1131.88, "1132", "1132"),
        (8.19, "8.19", "8.19"),
        (1.0, "1.00", "1.00"),
        (42.4, "42.4", "42.4"),
        (1.6333466454e10, "1.63\u00d710\u00b9\u2070", r"1.63 \times 10^{10}"),
    ],
)
def test_condition_numbers_are_written_plainly_and_beyond_everyday_sizes_with_a_power_of_ten(kappa, text, tex):
    assert format_kappa(kappa) == text and format_kappa(kappa, tex=True) == tex


def test_the_scene_is_a_watchable_experiment_whose_captions_are_read_at_ease_and_true(built):
    assert_a_watchable_experiment(built, LESSON, "feature_scaling")


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
