"""Every scene at a pace people can read, on the built-in data and on other data sets.

Each scene is constructed without drawing (video time still advances frame by
frame); its caption bar logs every caption as (start, end, text) and the scene
logs its waits. On that timeline: every caption stays at least 1.2 s and is
shown at most 20 characters a second, no two overlap, the picture never
stands still for more than 6 s without a caption change, and the claims the
captions make are checked against the run by independent computations.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from lessons import make_lesson
from scene_checks import construct_only
from scene_files import scene_module

from gdlesson.lesson.experiments import honesty_plan
from gdlesson.mobjects.captions import CEILING_CPS, MIN_SECONDS
from gdlesson.mobjects.theme import OKABE_ITO, get_theme

SCENES = {
    "descent": "Descent",
    "learning_rates": "LearningRates",
    "batch_sizes": "BatchSizes",
    "minibatch_noise": "MiniBatchNoise",
    "feature_scaling": "FeatureScaling",
    "lesson": "Lesson",
    "visual_a": "VisualA",
    "visual_b": "VisualB",
    "visual_c": "VisualC",
    "dashboard": "Dashboard",
}

LESSONS = {
    "built-in": {},
    # A full batch close to the critical rate: a visible zig-zag, which no caption may call smooth.
    "full batch at 0.95x": {"batch_size": "full", "lr": "0.95x", "epochs": 60},
    # x far from 0 (a long valley), a different slope and noise, the light theme and SGD-sized batches.
    "far x, light": {
        "data": {"n": 60, "w": -0.8, "b": 30.0, "noise": 2.0, "x_range": [20.0, 26.0], "seed": 3},
        "lr": "0.5x",
        "batch_size": 4,
        "epochs": 15,
        "theme": "light",
    },
}

STILL_LIMIT = 6.0
"""Longest the picture may stand still without a caption change, seconds."""

CASES = [("built-in", name) for name in SCENES] + [
    pytest.param(lesson, name, marks=pytest.mark.slow)
    for lesson in list(LESSONS)[1:]
    for name in ("descent", "learning_rates", "batch_sizes", "minibatch_noise", "feature_scaling", "lesson")
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
    scene = construct(scene_name, lesson, tmp_path)
    cues = scene.captions.timeline
    assert len(cues) >= 3, "a scene says something"
    for cue in cues:
        assert cue.seconds >= MIN_SECONDS - 1e-9, cue
        assert cue.cps <= CEILING_CPS + 1e-9, cue
    for before, after in zip(cues, cues[1:], strict=False):
        assert before.end <= after.start + 1e-9, (before, after)
    assert cues[-1].end <= scene.time + 1e-9
    for start, end in still_stretches(scene.stills):
        assert end - start <= STILL_LIMIT + 1e-6, (start, end, [c.text for c in cues if c.start <= end])
    check_claims([cue.text for cue in cues], lesson, get_theme(lesson.settings.theme), scene_name)


def still_stretches(stills: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Consecutive waits joined into one stretch of still picture."""
    joined: list[list[float]] = []
    for start, end in stills:
        if joined and abs(joined[-1][1] - start) < 1e-6:
            joined[-1][1] = end
        else:
            joined.append([start, end])
    return [(start, end) for start, end in joined]


# -- the claims, checked independently of gdlesson.lesson.claims ------------------------------------------

_COLOUR_WORDS = ("white", "black", "grey", "orange", "green", "blue", "yellow", "pink", "purple", "red")


def theme_colour_words(theme) -> set[str]:
    """Every colour word that may truthfully describe a colour the theme draws with (judged by RGB here)."""
    words = set()
    for value in (theme.text, theme.muted, theme.path, theme.batch, theme.optimum, theme.accent, theme.start):
        red, green, blue = (int(value[i : i + 2], 16) for i in (1, 3, 5))
        if max(red, green, blue) - min(red, green, blue) < 30:
            words |= {"white"} if red > 200 else {"black"} if red < 40 else {"grey"}
            if 80 < red < 200:
                words.add("grey")
        named = {v.upper(): k for k, v in OKABE_ITO.items()}.get(value.upper(), "")
        words |= {w for w in ("orange", "green", "blue", "yellow", "red") if w in named.replace("vermillion", "red")}
        if named == "reddish_purple":
            words |= {"pink", "purple"}
    return words


def top_sign_flips(lesson) -> float:
    """Share of full-batch steps that cross the valley floor (sign flips of the offset along the steepest axis)."""
    run, bowl = lesson.trajectory, lesson.bowl
    hessian = 2 * np.array([[np.mean(lesson.data.x**2), np.mean(lesson.data.x)], [np.mean(lesson.data.x), 1.0]])
    values, vectors = np.linalg.eigh(hessian)
    offset = np.column_stack([run.w - bowl.optimum[0], run.b - bowl.optimum[1]]) @ vectors[:, 1]
    signs = np.sign(offset[:20])
    return float(np.mean(signs[1:] != signs[:-1]))


def assert_pass_average_is_the_loss(run, lesson) -> None:
    """The mean of the first pass's batch losses equals the loss on all the data, at a few (W, b)."""
    x, y = lesson.data.x, lesson.data.y
    batches = [np.asarray(run.batch_indices[i]) for i in range(run.steps_per_epoch)]
    for w, b in ((0.0, 0.0), (3.0, -2.0), (-1.5, 4.0)):
        batch_losses = [np.mean((y[i] - (w * x[i] + b)) ** 2) for i in batches]
        assert np.mean(batch_losses) == pytest.approx(np.mean((y - (w * x + b)) ** 2), rel=1e-12)


def check_claims(texts: list[str], lesson, theme, scene_name: str) -> None:
    run = lesson.trajectory
    allowed = theme_colour_words(theme)
    for text in texts:
        for word in _COLOUR_WORDS:
            if re.search(rf"\b{word}\b", text, flags=re.IGNORECASE):
                assert word in allowed, (word, theme.name, text)
        if "batch" in text and "average" in text:
            assert "exactly" in text and scene_name == "minibatch_noise", text
            assert_pass_average_is_the_loss(honesty_plan(lesson).run, lesson)
        if "diverged at step" in text:
            assert f"diverged at step {run.diverged_at}" in text, text
    if run.batch_size >= run.n and top_sign_flips(lesson) > 0.5:
        said = " ".join(texts)
        for smooth in ("path is smooth", "settle smoothly", "moves smoothly", "converge smoothly"):
            assert smooth not in said, smooth
