"""Every scene's timeline over the corpus of data shapes (``tests/corpus.py``), under every configuration (issue 17).

Each case builds a scene on a corpus shape under a configuration (the defaults, each preset, the raw x) without
drawing, and checks what its captions said: the readable timeline of ``timelines.py`` (pace, one caption at a
time, no long still picture, colour words true of the theme, valleys only on long bowls, no "smooth" zig-zag)
and, for the scenes that show the lesson's own run (descent, Visuals A to C, the dashboard, the bowl), every
claim group of ``claim_checks.py`` on the captions as shown, each recomputed from the raw data.

The whole product is 12 scenes x 35 shapes x 7 configurations, about four CPU-hours: too long for the suite.
The suite builds a fixed sample in which every scene, every shape and every configuration appears
(:data:`SAMPLE`); ``GDLESSON_CORPUS=shapes`` builds every scene on every shape under the defaults (about half
an hour on two cores), ``GDLESSON_CORPUS=all`` the whole product:

    GDLESSON_CORPUS=shapes ./dev test tests/scenes/test_corpus_timelines.py
"""

from __future__ import annotations

import itertools
import os
from functools import cache

import pytest
from claim_checks import CHECKS, facts_of
from corpus import corpus_names, shape
from lessons import make_lesson
from scene_checks import construct_only
from scene_files import scene_module
from timelines import assert_readable_timeline

from gdlesson.lesson.settings import PRESETS

SCENES = {
    "descent": "Descent",
    "visual_a": "VisualA",
    "visual_b": "VisualB",
    "visual_c": "VisualC",
    "dashboard": "Dashboard",
    "minibatch_noise": "MiniBatchNoise",
    "learning_rates": "LearningRates",
    "batch_sizes": "BatchSizes",
    "feature_scaling": "FeatureScaling",
    "race": "Race",
    "bowl3d": "Bowl3D",
    "lesson": "Lesson",
}
OWN_RUN = ("descent", "visual_a", "visual_b", "visual_c", "dashboard", "bowl3d")
"""The scenes whose captions speak of the lesson's own run: every claim group applies to them as said."""

CONFIGS: dict[str, dict] = {"default": {}} | {name: dict(p.overrides) for name, p in PRESETS.items()}
CONFIGS["unscaled"] = {"scale": "none"}

REFUSED = ("constant x", "two identical rows")
"""Refused with one line before any scene is built (tests/gdlesson/lesson/test_corpus_claims.py)."""

SLOW = {"n = 100000": ("sgd", "diverge")}
"""Configurations too slow to build as scenes on a shape: 2,000,000 SGD steps (n = 20,000 runs SGD instead)."""

BIG = 1000
"""Shapes with more rows than this are built under the full batch in the sample and the shapes tier: a scene of
tens of thousands of mini-batch steps takes minutes to build (the whole product builds them all)."""


def _shapes() -> list[str]:
    return [name for name in corpus_names() if name not in REFUSED]


def _sample() -> list[tuple[str, str, str]]:
    """Shape k with scene k and configuration k (each list cycled): every shape, scene and configuration once
    at least. Not the lesson: its parts are the other scenes, and it is built on three data sets in
    test_lesson.py and test_timelines.py."""
    scenes = itertools.cycle([name for name in SCENES if name != "lesson"])
    configs = itertools.cycle(CONFIGS)
    cases = []
    for name in _shapes():
        config = "full-batch" if shape(name).data.n > BIG else next(configs)
        cases.append((name, next(scenes), config))
    return cases


SAMPLE = _sample()


def _cases() -> list[tuple[str, str, str]]:
    tier = os.environ.get("GDLESSON_CORPUS", "sample")
    if tier == "shapes":
        big = {name for name in _shapes() if shape(name).data.n > BIG}
        return [(name, scene, "full-batch" if name in big else "default") for name in _shapes() for scene in SCENES]
    if tier == "all":
        return [
            (name, scene, config)
            for name in _shapes()
            for scene in SCENES
            for config in CONFIGS
            if config not in SLOW.get(name, ())
        ]
    return SAMPLE


@cache
def lesson_of(name: str, config: str):
    return make_lesson(**CONFIGS[config]).replace(data=shape(name).data)


CASES = _cases()


@pytest.mark.parametrize(("name", "scene_name", "config"), CASES, ids=["-".join(case) for case in CASES])
def test_what_a_scene_says_on_a_corpus_shape_is_true_and_readable(name, scene_name, config, tmp_path):
    lesson = lesson_of(name, config)
    scene_class = getattr(scene_module(scene_name), SCENES[scene_name])
    scene = construct_only(type(scene_class.__name__, (scene_class,), {"lesson": lesson}), tmp_path)
    assert_readable_timeline(scene, lesson, scene_name)
    if scene_name in OWN_RUN:
        facts, said = facts_of(lesson), [("caption", cue.text) for cue in scene.captions.timeline]
        for check in CHECKS.values():
            check(lesson, facts, said)


def test_the_sample_covers_every_shape_scene_and_configuration():
    assert {name for name, _, _ in SAMPLE} == set(_shapes())
    assert {scene for _, scene, _ in SAMPLE} == set(SCENES) - {"lesson"}
    assert {config for _, _, config in SAMPLE} == set(CONFIGS)
    assert len(_shapes()) >= 30
