"""The course file: many videos, each a scene with its lesson options, checked before any work.

A course file is TOML::

    [defaults]              # optional: any key below except name, for every video
    quality = "l"
    voice = "none"

    [[video]]
    name = "loss-dark"      # the stem of its files: DIR/loss-dark.mp4, .srt, .chapters.json
    scene = "visual_b"      # a scene of 'gdlesson list'
    data = "heights.csv"    # any lesson option: lesson, preset, data (a CSV path or a [data]-style
    x = "height"            # table), x, y, lr, batch_size, epochs, seed, init, scale, pacing, theme, voice
    lr = "0.9x"

Relative paths (``lesson``, ``data``, a ``voice`` folder) are relative to the
course file, and each video's settings are read as ``gdlesson render`` would
read them in the course file's folder. :func:`read_course` reports every
problem of the file itself (an unknown key, a wrong type or value, an unknown
scene, two videos with one name) at once, one line each, as a
:class:`CourseError`; the data are not read here (a bad CSV fails its video
alone, when it renders). No manim import.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gdlesson.cli import catalog
from gdlesson.lesson.settings import OPTION_KEYS, CsvSource, LessonError, Settings, closest_hint, load_settings
from gdlesson.voice.audio import VoiceError
from gdlesson.voice.narrator import check_voice

__all__ = ["LESSON_KEYS", "QUALITY_FLAGS", "CourseError", "Video", "read_course"]

QUALITY_FLAGS = ("l", "m", "h", "k")
"""``quality`` as on the command line: 480p15, 720p30, 1080p60, 2160p60."""

LESSON_KEYS = ("lesson", "preset", "data", "x", "y", *OPTION_KEYS)
"""The lesson options a video (or [defaults]) may set, as the lesson file spells them."""

_DEFAULT_KEYS = ("scene", "quality", *LESSON_KEYS)
_VIDEO_KEYS = ("name", *_DEFAULT_KEYS)
_NAME_RULE = "a file name stem: letters, digits, '.', '-' or '_', not starting with '.'"


class CourseError(ValueError):
    """The course file has problems; ``problems`` holds one line for each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Video:
    """One video of a course: its name (the stem of its files), scene, quality and checked settings.

    ``options`` are the keys the course file gave it ([defaults] then its own
    table), as written, for ``course.json``; ``data`` is the CSV file to send
    with it (None for synthetic data).
    """

    name: str
    scene: str
    quality: str
    settings: Settings
    options: Mapping[str, Any]

    @property
    def data(self) -> Path | None:
        return self.settings.data.path if isinstance(self.settings.data, CsvSource) else None


def read_course(path: str | Path) -> list[Video]:
    """The videos of the course file ``path``, in its order.

    Raises
    ------
    CourseError
        The file cannot be read or parsed, or has problems (every one of them, one line each).
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except IsADirectoryError:
        raise CourseError([f"{path}: is a folder, not a course file; give the path of a TOML file"]) from None
    except FileNotFoundError:
        raise CourseError([f"{path}: no such course file; check the path"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CourseError([f"{path}: cannot read the course file ({error}); save it as UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as error:
        raise CourseError([f"{path}: {error}; fix the TOML syntax there (strings need quotes)"]) from None
    problems: list[str] = []
    for key in raw:
        if key not in ("defaults", "video"):
            hint = closest_hint(key, ["defaults", "video"])
            problems.append(f"{path}: unknown table or key {key!r}; {hint}a course has [defaults] and [[video]] tables")
    defaults = raw.get("defaults", {})
    if not isinstance(defaults, Mapping):
        problems.append(f"{path}: defaults must be a table [defaults], got {defaults!r}")
        defaults = {}
    problems += _unknown_keys(defaults, _DEFAULT_KEYS, f"{path}: [defaults]")
    tables = raw.get("video", [])
    if not isinstance(tables, list) or not all(isinstance(table, Mapping) for table in tables):
        problems.append(f"{path}: video must be [[video]] tables (two brackets), one per video")
        tables = []
    if not tables and not problems:
        problems.append(f"{path}: no [[video]] table; add one per video, each with a name and a scene")
    videos, seen = [], {}
    for number, table in enumerate(tables, start=1):
        where = f"{path}: video {number}" + (f" ({table['name']})" if isinstance(table.get("name"), str) else "")
        unknown = _unknown_keys(table, _VIDEO_KEYS, where)
        problems += unknown
        options = {key: value for key, value in {**defaults, **table}.items() if key in _VIDEO_KEYS}
        video, found = _video(options, path.parent, where)
        problems += found
        name = table.get("name")
        if isinstance(name, str) and name in seen:
            problems.append(f"{where}: the name {name!r} is also video {seen[name]}'s; give each its own")
            continue
        if isinstance(name, str):
            seen[name] = number
        if video is not None and not unknown:
            videos.append(video)
    if problems:
        raise CourseError(problems)
    return videos


def _unknown_keys(table: Mapping[str, Any], valid: tuple[str, ...], where: str) -> list[str]:
    return [
        f"{where}: unknown key {key!r}; {closest_hint(key, list(valid))}valid keys: {', '.join(valid)}"
        for key in table
        if key not in valid
    ]


def _video(options: dict[str, Any], base: Path, where: str) -> tuple[Video | None, list[str]]:
    """One video's checks: each problem a line; the video when there are none."""
    problems = []
    name = options.get("name")
    if not isinstance(name, str) or not _is_stem(name):
        problems.append(f"{where}: name = {name!r} is invalid; name must be {_NAME_RULE}")
    scene = options.get("scene")
    if scene not in catalog.SCENES:
        names = sorted(catalog.SCENES)
        what = "no scene" if scene is None else f"unknown scene {scene!r}"
        hint = closest_hint(scene, names) if isinstance(scene, str) else ""
        problems.append(f"{where}: {what}; {hint}scenes: {', '.join(names)}")
    quality = options.get("quality", "l")
    if quality not in QUALITY_FLAGS:
        problems.append(f"{where}: quality = {quality!r} is invalid; quality must be one of {', '.join(QUALITY_FLAGS)}")
    settings = None
    try:
        settings = _settings(options, base)
        check_voice(settings.voice)
    except (LessonError, VoiceError) as error:
        problems.append(f"{where}: {' '.join(str(error).splitlines())}")
    if problems:
        return None, problems
    lesson_options = {key: value for key, value in options.items() if key not in ("name", "scene")}
    return Video(name, scene, quality, settings, lesson_options | {"quality": quality}), []


def _settings(options: dict[str, Any], base: Path) -> Settings:
    """The video's settings, read as ``gdlesson render`` reads its options in the folder ``base``."""
    overrides = {key: options[key] for key in LESSON_KEYS if key in options and key not in ("lesson", "preset")}
    data = overrides.pop("data", None)
    table = dict(data) if isinstance(data, Mapping) else ({} if data is None else {"csv": data})
    for axis in ("x", "y"):
        if axis in overrides:
            table[axis] = overrides.pop(axis)
    if table:
        overrides["data"] = table
    for key in ("lesson", "preset"):
        if key in options and not isinstance(options[key], str):
            raise LessonError(f"{key} = {options[key]!r} is invalid; {key} must be a string")
    return load_settings(options.get("lesson"), overrides, options.get("preset"), workdir=base)


def _is_stem(name: str) -> bool:
    return bool(name) and not name.startswith(".") and all(char.isalnum() or char in "._-" for char in name)
