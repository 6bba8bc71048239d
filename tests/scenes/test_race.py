"""scenes/race.py: five optimizers from one start on one map; its chapters, captions and layout, its legend
saying what the plan's predicates say, on the built-in data (a tilted bowl) and on years.csv (a round one)."""

from __future__ import annotations

import numpy as np
from builds import group
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_a_watchable_experiment, assert_final_texts_fit, built_once, recording, strings
from scene_files import ROOT, scene_module

from gdlesson.cli.youtube import MIN_CHAPTER_SECONDS, youtube_chapters
from gdlesson.lesson.race import RACE, race_plan

__module_test__ = "experiments"  # control data: control_data/experiments/race_last_frame.npz

Race = scene_module("race").Race
LESSON = make_lesson()
YEARS = make_lesson(data={"csv": str(ROOT / "tests" / "data" / "years.csv")})

built = built_once(recording(Race, LESSON))
"""The scene constructed once with skipped animations (no video)."""
BUILT = group("race, built-in lesson")
"""The tests using ``built``: one worker builds it, once (builds.py)."""


class FixedRace(Race):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedRace)
def test_race_last_frame(scene):
    Race.construct(scene)


@BUILT
def test_the_scene_is_a_watchable_experiment_whose_captions_are_read_at_ease_and_true(built):
    assert_a_watchable_experiment(built, LESSON, "race")


@BUILT
def test_every_run_is_drawn_to_its_end_or_its_exit_each_in_its_own_colour_and_dash(built):
    plan = race_plan(LESSON)
    assert [run.optimizer for run in built.race.plan.runs] == list(RACE)
    assert len(set(built.race.colors)) == len({path.dash for path in built.race.paths}) == len(RACE)
    assert built.race.clock.get_value() == plan.steps
    for path, run in zip(built.race.paths, plan.runs, strict=True):
        drawn = len(path.w)
        assert np.array_equal(path.w, run.trajectory.w[:drawn]) and np.array_equal(path.b, run.trajectory.b[:drawn])
        if drawn < len(run.trajectory.w):  # cut where it leaves the map
            assert not built.race.map.window.contains(path.w[-1], path.b[-1])
        else:
            assert np.allclose(path.dot.get_center(), built.race.map.to_screen(*run.trajectory.final), atol=1e-9)


@BUILT
def test_the_legend_says_the_plans_words(built):
    said = " ".join(strings(built))
    for run in built.race.plan.runs:
        for word in built.race.plan.words(run):
            assert word in said, (run.name, word)


@BUILT
def test_the_tilted_bowl_names_the_valley_and_the_round_one_says_it_hides_the_difference(built, tmp_path_factory):
    assert not built.race.plan.round
    assert not any("hides the difference" in text for text, _ in built.said)
    round_scene = built_once(recording(Race, YEARS)).__wrapped__(tmp_path_factory)
    assert round_scene.race.plan.round
    assert any("hides the difference" in text for text, _ in round_scene.said)
    assert_a_watchable_experiment(round_scene, YEARS, "race")


@BUILT
def test_the_inset_and_the_legend_dash_each_run_like_its_path(built):
    for index, path in enumerate(built.race.paths):
        curve, swatch = built.race.inset.curves[index], built.race.legend.rows[index][0]
        pieces = len(curve.get_subpaths())
        assert (pieces > 20) == (path.dash is not None), (index, pieces)  # plain GD solid, the others dashed
        assert (len(swatch.get_subpaths()) > 1) == (path.dash is not None)


def test_words_on_two_lines_fit_beside_runs_that_blow_up(tmp_path_factory):
    """Far x, SGD-sized batches at half the critical rate: momentum blows up, two runs have three words each."""
    lesson = make_lesson(
        data={"n": 60, "w": -0.8, "b": 30.0, "noise": 2.0, "x_range": [20.0, 26.0], "seed": 3},
        lr="0.5x",
        batch_size=4,
        epochs=15,
        theme="light",
    )
    scene = built_once(recording(Race, lesson)).__wrapped__(tmp_path_factory)
    assert any(len(scene.race.plan.words(run)) == 3 for run in scene.race.plan.runs)
    assert any(scene.race.plan.blows_up(run) for run in scene.race.plan.runs)
    assert_final_texts_fit(scene)
    assert any("blew up" in text for text, _ in scene.said)


@BUILT
def test_youtube_makes_the_three_chapters_of_the_race(built):
    """What `gdlesson youtube race` publishes (the export itself is tested on a smaller scene in
    tests/gdlesson/cli/test_youtube.py): every section a chapter, the first at 0:00, each ten seconds or longer."""
    chapters = youtube_chapters(built.chapters, built.time)
    assert [chapter.title for chapter in chapters] == ["Five optimizers", "The race", "What each one did"]
    starts = [int(chapter.start) for chapter in chapters]  # YouTube reads whole seconds
    assert starts[0] == 0 and min(np.diff([*starts, built.time])) >= MIN_CHAPTER_SECONDS
