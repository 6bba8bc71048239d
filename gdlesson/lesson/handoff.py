"""How a lesson reaches the manim processes that draw it: every environment variable the project reads.

``GDLESSON_FILE``
    Set by people: the lesson file that plain ``manim scenes/descent.py`` reads
    (relative to the working directory; default ``./lesson.toml`` if present).
``GDLESSON_SETTINGS``
    Set by ``gdlesson render`` and ``gdlesson youtube`` for the manim processes
    they start: the settings the command checked, as one line of JSON
    (:meth:`Settings.to_json`). A process that finds it reads no lesson file.
``GDLESSON_VOICE``
    Set by people (and the test suite, to ``espeak``): the voice to use when
    neither ``--voice`` nor the handed-over settings name one, over the lesson
    file's (e.g. ``GDLESSON_VOICE=espeak`` for quick drafts).
``GDLESSON_SHARD``
    Set by :mod:`gdlesson.render.parallel`: ``"k/N"``, this process draws only
    the animations whose index is k modulo N.
``GDLESSON_REVEAL``
    Set by people: the reveal.js ``dist/`` folder ``gdlesson slides`` copies beside a deck, when it is not
    where ``./dev setup`` unpacks it (``.venv/share/reveal.js-6.0.1``).

No other variable is read anywhere in the project. No manim import.
"""

from __future__ import annotations

import os
from functools import cache

from gdcore import DataError, RunError

from .run import LessonRun, report
from .settings import LessonError, Settings, load_settings

__all__ = [
    "FILE_ENV",
    "REVEAL_ENV",
    "SETTINGS_ENV",
    "SHARD_ENV",
    "VOICE_ENV",
    "child_environment",
    "current_run",
    "handed_over",
    "handoff_environment",
    "lesson_file_from_environment",
    "reveal_from_environment",
    "run_or_exit",
    "settings_from_environment",
    "shard_from_environment",
    "voice_from_environment",
]

FILE_ENV = "GDLESSON_FILE"
SETTINGS_ENV = "GDLESSON_SETTINGS"
SHARD_ENV = "GDLESSON_SHARD"
VOICE_ENV = "GDLESSON_VOICE"
REVEAL_ENV = "GDLESSON_REVEAL"
"""Names reveal.js's ``dist/`` folder for ``gdlesson slides`` when it is not where ``./dev setup`` puts it."""


def handoff_environment(settings: Settings) -> dict[str, str]:
    """The variables that make :func:`current_run` in a child process rebuild the run of ``settings``."""
    return {SETTINGS_ENV: settings.to_json()}


def child_environment(settings: Settings) -> dict[str, str]:
    """The whole environment for a manim process drawing ``settings``: this process's variables, without
    any ``GDLESSON_*`` variable named here (a stray shard or lesson file must not reach the child), plus
    :func:`handoff_environment`."""
    ours = (FILE_ENV, SETTINGS_ENV, SHARD_ENV, VOICE_ENV)
    inherited = {name: value for name, value in os.environ.items() if name not in ours}
    return inherited | handoff_environment(settings)


def lesson_file_from_environment() -> str | None:
    """``$GDLESSON_FILE``, the lesson file to read when none is named, or None."""
    return os.environ.get(FILE_ENV) or None


def voice_from_environment() -> str | None:
    """``$GDLESSON_VOICE``, the voice that replaces the lesson file's, or None."""
    return os.environ.get(VOICE_ENV) or None


def reveal_from_environment() -> str | None:
    """``$GDLESSON_REVEAL``, the reveal.js ``dist/`` folder the slides copy, or None."""
    return os.environ.get(REVEAL_ENV) or None


def handed_over() -> bool:
    """Whether this process draws for the ``gdlesson`` command (which then mixes the sound track itself)."""
    return bool(os.environ.get(SETTINGS_ENV))


def settings_from_environment() -> tuple[Settings, bool]:
    """The settings for this process, and whether they were handed over by the ``gdlesson`` command.

    Handed-over settings were checked (and warned about) by the command; otherwise
    the lesson file ``$GDLESSON_FILE`` or ``./lesson.toml`` is read.
    """
    text = os.environ.get(SETTINGS_ENV)
    if text:
        try:
            return Settings.from_json(text), True
        except LessonError as error:
            raise LessonError(f"${SETTINGS_ENV}: {error}") from None
    voice = voice_from_environment()
    # The default workdir is the current directory, and messages name the file as it was given.
    return load_settings(lesson_file_from_environment(), {"voice": voice} if voice else None), False


def shard_from_environment() -> tuple[int, int] | None:
    """(k, N) from ``$GDLESSON_SHARD``, or None when this process draws every animation."""
    text = os.environ.get(SHARD_ENV)
    if not text:
        return None
    index, count = (int(part) for part in text.split("/"))
    return index, count


@cache
def current_run() -> LessonRun:
    """The run of this process's settings (see :func:`settings_from_environment`), built once per process."""
    settings, handed_over = settings_from_environment()
    return LessonRun.from_settings(settings, quiet=handed_over)


def run_or_exit() -> LessonRun:
    """:func:`current_run`, or a one-line ``error: ...`` on stderr and exit status 2.

    Scenes call this when they are constructed, so a bad lesson stops manim before it writes anything.
    """
    try:
        return current_run()
    except (LessonError, DataError, RunError) as err:
        report("error", err)
        raise SystemExit(2) from None
