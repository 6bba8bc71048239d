"""Every scene at a pace people can read, on two other data sets than the built-in one (see ``timelines.py``).

Each scene is constructed without drawing (video time still advances frame by
frame); its caption bar logs every caption as (start, end, text) and the scene
logs its waits. The built-in lesson's timelines are checked in each scene's own
test file, on the scene it builds anyway; the scenes that build none there
(the single visuals and the dashboard) are built here on it too.
"""

from __future__ import annotations

import pytest
from builds import group, shared
from lessons import OTHER_LESSONS, make_lesson
from probes import lesson_key, lesson_on
from scene_checks import construct_only
from scene_files import scene_module
from timelines import assert_readable_timeline

SCENES = {
    "descent": "Descent",
    "learning_rates": "LearningRates",
    "batch_sizes": "BatchSizes",
    "minibatch_noise": "MiniBatchNoise",
    "feature_scaling": "FeatureScaling",
    "race": "Race",
    "bowl3d": "Bowl3D",
    "lesson": "Lesson",
    "visual_a": "VisualA",
    "visual_b": "VisualB",
    "visual_c": "VisualC",
    "dashboard": "Dashboard",
}

CASES = [("built-in", name) for name in ("visual_a", "visual_b", "visual_c", "dashboard")] + [
    (lesson, name) for lesson in OTHER_LESSONS for name in SCENES if name != "lesson"
]
LESSON_CASES = [
    pytest.param(lesson, id=f"{lesson}-lesson", marks=group(lesson_key(lesson))) for lesson in OTHER_LESSONS
]
"""The whole lesson on each: built once and shared (tests/gdlesson/voice/test_spoken.py reads its lines)."""


@pytest.fixture(scope="module")
def lessons():
    return {"built-in": make_lesson()} | {name: make_lesson(**overrides) for name, overrides in OTHER_LESSONS.items()}


def construct(name: str, lesson, media):
    scene_class = getattr(scene_module(name), SCENES[name])
    return construct_only(type(scene_class.__name__, (scene_class,), {"lesson": lesson}), media)


@pytest.mark.parametrize(("lesson_name", "scene_name"), CASES)
def test_scene_timeline(lessons, lesson_name, scene_name, tmp_path):
    lesson = lessons[lesson_name]
    assert_readable_timeline(construct(scene_name, lesson, tmp_path), lesson, scene_name)


@pytest.mark.parametrize("lesson_name", LESSON_CASES)
def test_lesson_timeline(lesson_name, tmp_path_factory):
    scene = shared(lesson_key(lesson_name), lesson_on(lesson_name), tmp_path_factory)
    assert_readable_timeline(scene, scene.lesson, "lesson")
