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
    assert words[1] in noise_sentence(run, bowl, lesson.descent_data)


def test_the_divergence_caption_names_the_step_and_both_rates():
    lesson = make_lesson(batch_size="full", lr="1.05x", epochs=500)
    bowl, run = lesson.bowl, lesson.trajectory
    sentence = noise_sentence(run, bowl, lesson.descent_data)
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


# -- the outcome predicates (issue 10) ------------------------------------------------------------------

from datasets import DATA  # noqa: E402

from gdcore import Scaling, view_window  # noqa: E402
from gdlesson.lesson import claims  # noqa: E402


def test_excess_removed_is_the_fraction_of_the_starts_excess_gone():
    lesson = make_lesson()
    run, bowl = lesson.trajectory, lesson.bowl
    start, end = run.loss[0] - bowl.min_loss, run.loss[-1] - bowl.min_loss
    assert claims.excess_removed(run, bowl) == pytest.approx(1 - end / start)
    assert claims.reached_minimum(run, bowl)
    short = make_lesson(epochs=1, lr="0.01x").trajectory
    assert not claims.reached_minimum(short, bowl) and claims.excess_removed(short, bowl) < 0.5


@pytest.mark.parametrize(("factor", "flips"), [(0.3, False), (0.45, False), (0.7, True), (0.9, True)])
def test_full_batch_zigzags_exactly_above_half_the_critical_rate(factor, flips):
    # Along the steep eigenvector a full-batch step multiplies the offset by 1 - 2 factor: it flips sign
    # every step when factor > 0.5.
    lesson = make_lesson(batch_size="full", lr=f"{factor}x")
    assert claims.zigzags(lesson.trajectory, lesson.bowl) is flips
    assert (claims.steep_sign_changes(lesson.trajectory, lesson.bowl) >= 4) is flips


def test_a_tilted_bowl_curves_the_path_and_a_round_one_does_not():
    tilted = make_lesson(batch_size="full", lr="0.3x")
    assert claims.curves(tilted.trajectory, tilted.bowl) and claims.path_bend(tilted.trajectory) > 0.15
    round_ = make_lesson(batch_size="full", lr="0.3x", scale="standardize")
    assert round_.bowl.condition_number == pytest.approx(1.0)
    assert claims.path_bend(round_.trajectory) < 1e-9 and not claims.curves(round_.trajectory, round_.bowl)
    assert "nearly round" in claims.shape_sentence(round_.bowl, round_.trajectory)


def longley(**overrides):
    return make_lesson(data={"csv": str(DATA / "longley.csv")}, **overrides)


def test_a_raw_long_valley_crawls_and_the_caption_says_why_and_what_to_try():
    raw = longley(scale="none", lr="0.9x")
    run, bowl = raw.trajectory, raw.bowl
    assert bowl.condition_number > 1e11 and claims.crawls(run, bowl) and not claims.reached_minimum(run, bowl)
    assert claims.flat_kept(run, bowl) > 0.99  # the run crossed the valley but barely moved along it
    sentence = claims.noise_sentence(run, bowl, raw.descent_data)
    assert sentence == claims.outcome_sentence(run, bowl, raw.descent_data)
    assert "Crawling" in sentence and 'scale = "standardize"' in sentence and "10\u00b9\u00b9" in sentence
    assert claims.zigzags(run, bowl)  # at 0.9x the steps also jump across the valley
    assert claims.shape_sentence(bowl, run) == "The steps zig-zag across a long, flat valley and barely move along it."
    slower = longley(scale="none", lr="0.3x", batch_size="full")
    assert claims.crawls(slower.trajectory, slower.bowl) and not claims.zigzags(slower.trajectory, slower.bowl)
    assert "crawls along a long, flat valley" in claims.shape_sentence(slower.bowl, slower.trajectory)
    scaled = longley()
    assert scaled.scaled and not claims.crawls(scaled.trajectory, scaled.bowl)


def test_a_small_rate_that_stops_short_is_told_to_take_bigger_steps():
    lesson = make_lesson(lr="0.01x", epochs=2, batch_size="full")
    run, bowl = lesson.trajectory, lesson.bowl
    assert not claims.reached_minimum(run, bowl) and not claims.crawls(run, bowl)
    assert "the steps are small. Try --lr 0.5x" in claims.noise_sentence(run, bowl, lesson.descent_data)


def test_a_divergence_names_its_step_the_rate_and_what_to_try():
    lesson = make_lesson(batch_size="full", lr="1.2x", epochs=500)
    run, bowl = lesson.trajectory, lesson.bowl
    expected = f"Diverged at step {run.diverged_at} (lr 1.2\u00d7 critical). Try --lr 0.5x."
    assert claims.outcome_sentence(run, bowl, lesson.descent_data) == expected


@pytest.mark.parametrize(("batch_size", "wiggle"), [(1, True), (10, True), ("full", False)])
def test_wiggles_are_mini_batch_noise_near_the_bottom(batch_size, wiggle):
    run = make_lesson(batch_size=batch_size).trajectory
    assert claims.wiggles(run) is wiggle


def test_ends_near_centre_measures_the_last_point_against_the_window():
    done, stopped = make_lesson(), make_lesson(epochs=1, lr="0.01x")
    for lesson, near in ((done, True), (stopped, False)):
        run, bowl = lesson.trajectory, lesson.bowl
        assert claims.ends_near_centre(run, bowl, view_window(bowl, run)) is near


def test_the_scaling_sentence_gives_the_actual_numbers():
    note, why = claims.scaling_sentences(Scaling(1980.0, 12.6), "year")
    assert note == "year in standard units: x\u2032 = (year \u2212 1980) / 12.6"
    assert "feature-scaling experiment" in why


def test_a_diverging_long_valley_is_also_told_to_scale():
    lesson = longley(scale="none")  # the default rate of the standardised data, far too big for raw years
    lesson = lesson.replace(lr=1e-6, batch_size="full")
    run, bowl = lesson.trajectory, lesson.bowl
    assert run.diverged
    assert claims.outcome_sentence(run, bowl, lesson.descent_data).endswith('Try --lr 0.5x or scale = "standardize".')


@pytest.mark.parametrize("scale", ["standardize", "none"])
def test_an_overshoot_lands_past_the_centre_of_a_round_bowl_and_across_the_valley_of_a_long_one(scale):
    """Standardised x makes the Hessian 2 I (condition number 1: no valley); raw years make a valley."""
    lesson = make_lesson(data={"csv": str(DATA / "years.csv")}, scale=scale, batch_size="full", lr="0.9x")
    run, bowl = lesson.trajectory, lesson.bowl
    assert (bowl.condition_number < 1 + 1e-9) == (scale == "standardize")
    assert claims.across(bowl) == ("past the centre" if scale == "standardize" else "across the valley")
    if scale == "standardize":  # the zig-zag is said, and said without a valley
        assert claims.zigzags(run, bowl)
        sentences = [
            claims.shape_sentence(bowl, run),
            claims.noise_sentence(run, bowl, lesson.descent_data),
            claims.zoom_sentence(run, bowl),
        ]
        assert all("valley" not in text for text in sentences) and "past the centre" in sentences[1]
