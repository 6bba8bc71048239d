"""Lessons for tests, independent of the repository's lesson.toml, data.csv and environment."""

from __future__ import annotations

import tempfile

from datasets import DATA

from gdlesson.lesson.run import LessonRun
from gdlesson.lesson.settings import load_settings


def make_lesson(**overrides) -> LessonRun:
    """The built-in defaults with ``overrides`` (keys as in lesson.toml), whatever the caller's directory;
    silent unless a voice is named (narration tests name espeak: instant, where piper needs a second a line),
    so scene tests keep the timeline of the captions alone."""
    with tempfile.TemporaryDirectory() as empty:
        settings = load_settings(overrides=overrides, workdir=empty)
        if "voice" not in overrides:
            settings = settings.replace(voice="none")
        return LessonRun.from_settings(settings, quiet=True)


OTHER_LESSONS = {
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
"""Lessons unlike the built-in one (lesson.toml keys, for :func:`make_lesson`), by name: every scene's timeline is
checked on each (tests/scenes/test_timelines.py)."""
