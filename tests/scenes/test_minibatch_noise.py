"""scenes/minibatch_noise.py: each batch's own rings around its own best fit, drawn on their levels; the scene's
chapters, captions and layout; its last frame against the control data."""

from __future__ import annotations

import numpy as np
import pytest
from builds import group
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_a_watchable_experiment, built_once, recording
from scene_files import scene_module

from gdlesson.lesson.experiments import honesty_plan
from gdlesson.mobjects.batch_marks import batch_levels, batch_rings

__module_test__ = "experiments"  # control data: control_data/experiments/minibatch_noise_last_frame.npz

module = scene_module("minibatch_noise")
MiniBatchNoise = module.MiniBatchNoise
LESSON = make_lesson()
pytestmark = group("minibatch_noise, built-in lesson")  # the module's scene is built once, in one worker (builds.py)


@pytest.fixture(scope="module")
def honesty():
    return honesty_plan(LESSON)


built = built_once(recording(MiniBatchNoise, LESSON))
"""The scene constructed once with skipped animations (no video)."""


def test_batch_rings_centre_on_each_batchs_least_squares_fit_and_the_first_passes_through_the_point(honesty):
    x, y = LESSON.data.x, LESSON.data.y
    for step in honesty.steps:
        idx = step.indices
        design = np.column_stack([x[idx], np.ones(len(idx))])
        (w_fit, b_fit), *_ = np.linalg.lstsq(design, y[idx], rcond=None)
        levels = batch_levels(step)
        assert np.all(np.diff(levels) < 0) and levels[-1] > step.bowl.min_loss
        for level in levels:
            ellipse = step.bowl.level_ellipse(level)
            assert ellipse.centre == pytest.approx((w_fit, b_fit), rel=1e-9, abs=1e-9)
        # The first ring passes through the current point.
        assert step.bowl.loss(*step.start) == pytest.approx(levels[0])


def test_the_scene_is_a_watchable_experiment_whose_captions_are_read_at_ease_and_true(built):
    assert_a_watchable_experiment(built, LESSON, "minibatch_noise")


def test_the_scene_draws_the_batch_rings_on_their_levels(built, honesty):
    window = built.map.window
    for step in honesty.steps:
        rings = batch_rings(built.map, step, built.theme)
        assert len(rings) >= 1
        for ring in rings:
            w, b = built.map.frame.from_screen(ring.get_anchors()).T
            assert np.allclose(step.bowl.loss(w, b), ring.level, rtol=1e-9)
            assert window.contains(w, b, tolerance=1e-9).all()
    assert len(built.ghosts) == len(honesty.steps)


class FixedMiniBatchNoise(MiniBatchNoise):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedMiniBatchNoise)
def test_minibatch_noise_last_frame(scene):
    MiniBatchNoise.construct(scene)
