"""Lessons for tests, independent of the repository's lesson.toml, data.csv and environment."""

from __future__ import annotations

import tempfile

from gdlesson.lesson.run import LessonRun
from gdlesson.lesson.settings import load_settings


def make_lesson(**overrides) -> LessonRun:
    """The built-in defaults with ``overrides`` (keys as in lesson.toml), whatever the caller's directory;
    the voice is the suite's fast one (espeak) unless named."""
    with tempfile.TemporaryDirectory() as empty:
        settings = load_settings(overrides={"voice": "espeak"} | overrides, workdir=empty)
        return LessonRun.from_settings(settings, quiet=True)
