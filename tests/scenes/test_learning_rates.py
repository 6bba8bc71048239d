"""scenes/learning_rates.py: four rates on one map, the 1.05x run badged as diverged and leaving the map; the
scene's chapters, captions and layout; its last frame against the control data."""

from __future__ import annotations

import pytest
from builds import group
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_a_watchable_experiment, built_once, recording, strings
from scene_files import scene_module

from gdlesson.lesson.claims import overshoot_step, rises
from gdlesson.lesson.experiments import RATE_FACTORS, rate_plan

__module_test__ = "experiments"  # control data: control_data/experiments/learning_rates_last_frame.npz

LearningRates = scene_module("learning_rates").LearningRates
LESSON = make_lesson()
pytestmark = group("learning_rates, built-in lesson")  # the module's scene is built once, in one worker (builds.py)


def logging(scene_class):
    """``scene_class`` logging after every play: (time, each stage clock's value, each path's (opacity, dot fill
    opacity, dot on the map, on screen)), updaters run first as the next frame would run them."""

    class Logging(scene_class):
        def setup(self) -> None:
            super().setup()
            self.log = []

        def play(self, *args, **kwargs) -> None:
            super().play(*args, **kwargs)
            self.update_mobjects(0)
            shown = {id(mob) for top in self.mobjects for mob in top.get_family()}
            paths = [(p.opacity, p.dot.get_fill_opacity(), p.on_map, id(p.dot) in shown) for p in self.paths]
            self.log.append((self.time, [clock.get_value() for clock in self.clocks], paths))

    Logging.__name__ = scene_class.__name__
    return Logging


built = built_once(logging(recording(LearningRates, LESSON)))
"""The scene constructed once with skipped animations (no video)."""


def test_the_scene_is_a_watchable_experiment_whose_captions_are_read_at_ease_and_true(built):
    assert_a_watchable_experiment(built, LESSON, "learning_rates")


def test_the_scene_badges_the_divergence_and_leaves_the_map(built):
    rates = rate_plan(LESSON)
    diverged = next(r.trajectory for r in rates.runs if r.factor > 1)
    assert any(f"diverged at step {diverged.diverged_at}" in text for text in strings(built))
    path = built.paths[RATE_FACTORS.index(1.05)]
    w, b = path.w[-1], path.b[-1]
    assert not built.map.window.contains(w, b) and path.dot.get_fill_opacity() == 0.0


class FixedLearningRates(LearningRates):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedLearningRates)
def test_learning_rates_last_frame(scene):
    LearningRates.construct(scene)


# -- one regime at a time (issue 11) ---------------------------------------------------------------------


def stage_spans(scene) -> list[tuple[float, float]]:
    """(start, end) video time of each stage: its chapter, the one after the critical rate's."""
    starts = [start for _, start in scene.chapters] + [scene.time]
    return [(starts[1 + k], starts[2 + k]) for k in range(len(scene.stages))]


def clock_at(scene, seconds: float) -> list[float]:
    """Every stage clock's value at ``seconds`` (after the last play that ended by then)."""
    return [values for time, values, _ in scene.log if time <= seconds + 1e-9][-1]


def test_every_regime_gets_a_stage_of_its_own():
    rates = rate_plan(LESSON)
    stages = rates.stages()
    assert sorted(i for stage in stages for i in stage) == list(range(len(rates.runs)))
    for stage in stages:
        kinds = {(rises(rates.runs[i].trajectory), overshoot_step(rates.runs[i].trajectory, rates.bowl)) for i in stage}
        assert len(stage) == 1 or kinds == {(False, None)}, stage  # only never-overshooting runs share a stage
    assert [rates.runs[i].factor for i in stages[-1]] == [1.05]


def test_each_stage_clock_moves_only_during_its_stage_and_ends_with_its_runs(built):
    for k, (start, end) in enumerate(stage_spans(built)):
        values = [(time, clocks[k]) for time, clocks, _ in built.log]
        moved = [time for (_, before), (time, after) in zip(values, values[1:], strict=False) if after != before]
        assert moved and all(start < time <= end + 1e-9 for time in moved), (k, moved, start, end)
        steps = max(built.rates.runs[i].trajectory.steps for i in built.stages[k])
        assert clock_at(built, start)[k] <= 0 and clock_at(built, end)[k] == steps


def test_each_run_follows_its_stage_clock_on_the_map_and_on_the_inset(built):
    for k, stage in enumerate(built.stages):
        for i in stage:
            assert built.paths[i].tracker is built.clocks[k]
            assert built.inset.followers.get(i, built.inset.tracker) is built.clocks[k]


def test_each_step_counter_names_the_runs_it_counts(built):
    for k, stage in enumerate(built.stages):
        label, _, limit = built.counters[k]
        named = {rate.factor for rate in built.rates.runs if f"{rate.factor:g}\u00d7" in label.original_text}
        assert named == {built.rates.runs[i].factor for i in stage}, label.original_text
        assert limit.original_text == f"/ {max(built.rates.runs[i].trajectory.steps for i in stage)}"


def test_a_dimmed_runs_dot_dims_with_its_path_and_comes_back_with_it(built):
    dimmed = set()
    for _, _, paths in built.log:
        for i, (opacity, dot, on_map, shown) in enumerate(paths):
            if shown:
                assert dot == pytest.approx(opacity if on_map else 0.0), (i, opacity, dot, on_map)
                dimmed |= {i} if opacity < 1 else set()
    assert dimmed == {i for stage in built.stages[:-1] for i in stage}
    assert all(opacity == 1.0 for opacity, *_ in built.log[-1][2])


def test_captions_in_a_stage_name_only_its_runs_and_say_zig_zag_only_after_an_overshoot(built):
    factors = {f"{rate.factor:g}\u00d7": i for i, rate in enumerate(built.rates.runs)}
    spans = stage_spans(built)
    for cue in built.captions.timeline:
        named = [i for name, i in factors.items() if name in cue.text]
        stage = next((k for k, (start, end) in enumerate(spans) if start - 1e-9 <= cue.start < end), None)
        if stage is None or not named:
            continue
        assert set(named) <= set(built.stages[stage]), cue
        for i in named:
            run = built.rates.runs[i].trajectory
            overshoot = overshoot_step(run, built.bowl)
            if "zig-zag" in cue.text or "overshoots" in cue.text:
                assert overshoot is not None and clock_at(built, cue.start)[stage] >= overshoot, cue
            if "smooth" in cue.text:
                assert overshoot is None and not rises(run), cue
