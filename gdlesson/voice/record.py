"""What a rendered scene said and when: ``<Scene>.narration.json`` beside its movie.

Written by the scene (like its chapters), read by the command that mixes the
sound track (:mod:`gdlesson.voice.mix`). Times are seconds of video. No manim
import.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from gdlesson.voice.audio import VoiceError

__all__ = [
    "NarrationRecord",
    "SpokenLine",
    "missing_lines_message",
    "narration_path",
    "read_record",
    "write_record",
]


@dataclass(frozen=True)
class SpokenLine:
    """A caption spoken in the video: its id, when the speech starts, the caption, the clip, its voice and
    the words said (the caption's numbers and symbols in words)."""

    id: str
    start: float
    text: str
    clip: str
    seconds: float
    voice: str
    spoken: str = ""


@dataclass(frozen=True)
class NarrationRecord:
    """A scene's narration: its voice (as the description names it), the video's length and the lines."""

    voice: str
    duration: float
    lines: tuple[SpokenLine, ...]
    missing: tuple[str, ...] = ()
    """Captions the chosen recordings lack (spoken by the default voice instead)."""
    refused: tuple[str, ...] = ()
    """Why recordings were refused (silent, too long), one line each: their lines are in ``missing``."""


def missing_lines_message(missing: Sequence[str]) -> str:
    """The one warning about lines without a recording, naming every one of them."""
    return (
        f"{len(missing)} line(s) have no recording in the voice folder and are spoken by the default voice: "
        f"{', '.join(missing)}"
    )


def narration_path(movie: os.PathLike | str) -> str:
    """Where a scene's narration record is written, beside its movie file."""
    return os.fspath(movie).rsplit(".", 1)[0] + ".narration.json"


def write_record(path: os.PathLike | str, record: NarrationRecord) -> None:
    """Write ``record`` as JSON to ``path``, whole or not at all."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        partial.write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def read_record(path: os.PathLike | str) -> NarrationRecord:
    """The record :func:`write_record` wrote."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        lines: Sequence[SpokenLine] = [SpokenLine(**line) for line in raw["lines"]]
        missing, refused = tuple(raw.get("missing", ())), tuple(raw.get("refused", ()))
        return NarrationRecord(raw["voice"], float(raw["duration"]), tuple(lines), missing, refused)
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise VoiceError(f"{path}: cannot read the narration record ({error}); render the scene again") from None
