"""The narration script: every line a scene says, in order, for people who record their own voice.

``narration.json`` is a list, in speaking order, of objects with ``id``
(``"0007-each-step-computes-the-gradient"``), ``text`` (the caption, word for
word), ``file`` (the recording's file name, ``<id>.wav``; FLAC or MP3 under
the same stem work too), ``chapter``, ``seconds`` (how long the synthetic
voice takes) and ``spoken`` (the words to say: numbers and symbols in words).
The teleprompter lists the spoken words by chapter. No manim import.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from gdlesson.text import fixed
from gdlesson.voice.audio import VoiceError

__all__ = [
    "SCRIPT_FILE",
    "TELEPROMPTER_FILE",
    "ScriptLine",
    "line_id",
    "read_script",
    "teleprompter_text",
    "write_script",
]

SCRIPT_FILE = "narration.json"
TELEPROMPTER_FILE = "teleprompter.txt"


def line_id(index: int, text: str) -> str:
    """``"0007-each-step-computes-the-gradient"``: the line's place (from 1) and its first words."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:5]
    return f"{index:04d}-{'-'.join(words) or 'line'}"


@dataclass(frozen=True)
class ScriptLine:
    """One line to record: its id, the words, the file to record it into, its chapter and expected length."""

    id: str
    text: str
    file: str
    chapter: str
    seconds: float
    spoken: str = ""
    """The words said (numbers and symbols as words); the teleprompter shows these."""


def read_script(folder: Path) -> list[ScriptLine]:
    """The lines of ``folder/narration.json``.

    Raises
    ------
    VoiceError
        The file is missing or not a list of lines with ``id``, ``text`` and ``file``.
    """
    path = folder / SCRIPT_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [
            ScriptLine(
                str(item["id"]),
                str(item["text"]),
                str(item["file"]),
                item.get("chapter", ""),
                0.0,
                str(item.get("spoken", "")),
            )
            for item in raw
        ]
    except FileNotFoundError:
        raise VoiceError(f"{path}: no such file; run 'gdlesson narration --out {folder}' first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        problem = f"{path}: not a narration script ({error})"
        raise VoiceError(f"{problem}; write it again with 'gdlesson narration'") from None


def write_script(folder: Path, lines: Sequence[ScriptLine], title: str) -> None:
    """Write ``narration.json`` and the teleprompter into ``folder``, each file whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomically(folder / SCRIPT_FILE, json.dumps([asdict(line) for line in lines], indent=2) + "\n")
    _write_atomically(folder / TELEPROMPTER_FILE, teleprompter_text(lines, title))


def teleprompter_text(lines: Sequence[ScriptLine], title: str) -> str:
    """The script to read from: chapters as headings, each line with its file name and expected length."""
    total = sum(line.seconds for line in lines)
    out = [
        f"{title}: {len(lines)} lines, about {fixed(total / 60, 1)} minutes of speech",
        "Record each line into the file named above it (WAV, FLAC or MP3), in this folder.",
        "Silence before and after is trimmed; a slower reading makes the video longer.",
    ]
    chapter = None
    for line in lines:
        if line.chapter != chapter:
            chapter = line.chapter
            out += ["", f"== {chapter} ==" if chapter else "=="]
        out += ["", f"[{line.file}]  about {fixed(line.seconds, 1)} s", f"    {line.spoken or line.text}"]
    return "\n".join(out) + "\n"


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
