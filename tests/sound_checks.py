"""Sounds for tests (a tone, a counting speech service), and a video's sound measured with ffmpeg as a person
checking it would: loudness, true peak, where speech is."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import numpy as np
import srt

from gdlesson.voice.audio import RATE, write_wav
from gdlesson.voice.mix import Loudness, measure

__all__ = ["CountingService", "Loudness", "caption_spans", "measure", "speech_coverage", "speech_spans", "tone"]


def tone(seconds: float, *, before: float = 0.0, after: float = 0.0, level: float = 0.5) -> np.ndarray:
    """A 440 Hz sine of ``seconds`` between stretches of digital silence, at the project's rate."""
    t = np.arange(round(seconds * RATE)) / RATE
    sound = (level * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    return np.concatenate([np.zeros(round(before * RATE)), sound, np.zeros(round(after * RATE))]).astype(np.float32)


class CountingService:
    """A speech service that writes a tone as long as the text has words, and counts its calls."""

    identity = "counting"

    def __init__(self):
        self.calls = []

    def generate_from_text(self, text, cache_dir=None, path=None, **kwargs):
        self.calls.append(text)
        write_wav(Path(cache_dir) / "speech.wav", tone(0.25 * len(text.split()), before=0.3, after=0.5))
        return {"input_text": text, "input_data": {"input_text": text}, "original_audio": "speech.wav"}


def speech_spans(path: Path, *, noise_db: float = -40.0, min_silence: float = 0.3) -> list[tuple[float, float]]:
    """(start, end) of every stretch of sound in ``path``'s audio, from ffmpeg's silencedetect filter."""
    command = ["ffmpeg", "-nostdin", "-nostats", "-i", str(path), "-map", "0:a:0"]
    command += ["-af", f"silencedetect=noise={noise_db}dB:d={min_silence}", "-f", "null", "-"]
    log = subprocess.run(command, capture_output=True, text=True, check=True).stderr
    duration = _duration(path)
    starts = [float(value) for value in re.findall(r"silence_start: (-?[\d.]+)", log)]
    ends = [float(value) for value in re.findall(r"silence_end: ([\d.]+)", log)]
    silences = list(zip(starts, ends + [duration] * (len(starts) - len(ends)), strict=True))
    spans, cursor = [], 0.0
    for start, end in silences:
        if start > cursor:
            spans.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < duration:
        spans.append((cursor, duration))
    return [(a, b) for a, b in spans if b - a > 0.02]


def caption_spans(path: Path) -> list[tuple[float, float]]:
    """(start, end) of every cue of an .srt file, in seconds."""
    seconds = timedelta.total_seconds
    return [(seconds(cue.start), seconds(cue.end)) for cue in srt.parse(path.read_text(encoding="utf-8"))]


def speech_coverage(speech, captions, *, heard: float = 0.3) -> tuple[float, float]:
    """(share of the speech time that lies inside a caption cue, share of the cues with at least
    ``heard`` seconds of speech inside)."""

    def inside(span, cue):
        return max(0.0, min(span[1], cue[1]) - max(span[0], cue[0]))

    total = sum(b - a for a, b in speech)
    covered = sum(inside(span, cue) for span in speech for cue in captions)
    spoken = [cue for cue in captions if sum(inside(span, cue) for span in speech) >= heard]
    return covered / total if total else 0.0, len(spoken) / len(captions) if captions else 0.0


def _duration(path: Path) -> float:
    command = ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)]
    return float(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
