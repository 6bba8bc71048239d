"""Every scene at a pace people can read, on two other data sets than the built-in one (see ``timelines.py``).

Each scene is constructed without drawing (video time still advances frame by
frame); its caption bar logs every caption as (start, end, text) and the scene
logs its waits. The built-in lesson's timelines are checked in each scene's own
test file, on the scene it builds anyway; the scenes that build none there
(the single visuals and the dashboard) are built here on it too.
"""

from __future__ import annotations

import pytest
from datasets import DATA
from lessons import make_lesson
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

LESSONS = {
    "built-in": {},
    # Real data with x far from 0 (body mass in grams), a full batch close to the critical rate: a visible
    # zig-zag, which no caption may call smooth.
    "penguins, full batch at 0.95x": {
        "data": {"csv": str(DATA / "penguins.csv")},
        "batch_size": "full",
        "lr": "0.95x",
        "epochs": 60,
    },
    # x far from 0 (a long valley), a different slope and noise, the light theme and SGD-sized batches.
    "far x, light": {
        "data": {"n": 60, "w": -0.8, "b": 30.0, "noise": 2.0, "x_range": [20.0, 26.0], "seed": 3},
        "lr": "0.5x",
        "batch_size": 4,
        "epochs": 15,
        "theme": "light",
    },
}

CASES = [("built-in", name) for name in ("visual_a", "visual_b", "visual_c", "dashboard")] + [
    (lesson, name) for lesson in list(LESSONS)[1:] for name in SCENES
]


@pytest.fixture(scope="module")
def lessons():
    return {name: make_lesson(**overrides) for name, overrides in LESSONS.items()}


def construct(name: str, lesson, media):
    scene_class = getattr(scene_module(name), SCENES[name])
    return construct_only(type(scene_class.__name__, (scene_class,), {"lesson": lesson}), media)


@pytest.mark.parametrize(("lesson_name", "scene_name"), CASES)
def test_scene_timeline(lessons, lesson_name, scene_name, tmp_path):
    lesson = lessons[lesson_name]
    assert_readable_timeline(construct(scene_name, lesson, tmp_path), lesson, scene_name)
