"""Lessons for tests, independent of the repository's lesson.toml, data.csv and environment."""

from __future__ import annotations

import tempfile

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
