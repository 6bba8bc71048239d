"""Captions say what this run shows: the bowl's shape, the noise, divergence, the close-up. No manim."""

from __future__ import annotations

import pytest
from lessons import make_lesson

from gdcore import Bowl, Dataset
from gdlesson.lesson.claims import noise_sentence, shape_sentence, zoom_sentence


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({}, ("tilted", "wiggles")),
        ({"batch_size": "full", "lr": "0.5x"}, ("tilted", "smooth")),
        ({"batch_size": "full", "lr": "1.05x"}, ("jumps across", "above the critical")),
        ({"batch_size": "full", "lr": "1.05x", "epochs": 500}, ("jumps across", "diverged at step")),
    ],
)
def test_captions_say_what_the_run_shows(overrides, words):
    lesson = make_lesson(**overrides)
    bowl, run = lesson.bowl, lesson.trajectory
    assert words[0] in shape_sentence(bowl, run)
    assert words[1] in noise_sentence(run, bowl)


def test_the_divergence_caption_names_the_step_and_both_rates():
    lesson = make_lesson(batch_size="full", lr="1.05x", epochs=500)
    bowl, run = lesson.bowl, lesson.trajectory
    sentence = noise_sentence(run, bowl)
    assert f"step {run.diverged_at}" in sentence
    assert f"{run.lr:.3g}" in sentence and f"{bowl.critical_lr:.3g}" in sentence


def test_constant_x_is_described_as_a_flat_valley():
    assert "flat floor" in shape_sentence(Bowl.from_data(Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])))


def test_a_round_bowl_is_described_as_round():
    # x = -1, 1: mean x = 0 and mean x^2 = 1, so the Hessian is 2 I (condition number 1).
    bowl = Bowl.from_data(Dataset([-1.0, 1.0, -1.0, 1.0], [0.0, 1.0, 2.0, 3.0]))
    assert "nearly round" in shape_sentence(bowl)


@pytest.mark.parametrize(("batch_size", "word"), [("full", "smoothly"), (4, "wiggles")])
def test_the_close_up_caption_follows_the_batch_size(batch_size, word):
    assert word in zoom_sentence(make_lesson(batch_size=batch_size).trajectory)
