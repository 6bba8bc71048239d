"""Lessons for tests, independent of the repository's lesson.toml, data.csv and environment."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager

from scenes.config import DIR_ENV, FILE_ENV, OVERRIDES_ENV, PRESET_ENV, QUIET_ENV, Lesson, load_lesson


@contextmanager
def _clean_environment():
    saved = {name: os.environ.pop(name, None) for name in (DIR_ENV, FILE_ENV, OVERRIDES_ENV, PRESET_ENV, QUIET_ENV)}
    with tempfile.TemporaryDirectory() as empty:
        os.environ[DIR_ENV] = empty
        try:
            yield
        finally:
            del os.environ[DIR_ENV]
            os.environ.update({name: value for name, value in saved.items() if value is not None})


def make_lesson(**overrides) -> Lesson:
    """The built-in defaults with ``overrides`` (keys as in lesson.toml), whatever the caller's directory."""
    with _clean_environment():
        return load_lesson(overrides=overrides, quiet=True)
