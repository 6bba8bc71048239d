"""Sounds for tests (a tone, a counting speech service, the lines piper speaks for them), and a video's sound measured
with ffmpeg as a person checking it would: loudness, true peak, where speech is."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import srt

from gdlesson.voice.audio import RATE, write_wav
from gdlesson.voice.mix import Loudness, measure
from gdlesson.voice.spoken import Line

__all__ = [
    "ALIGNED",
    "LOUDNESS_EXTREMES",
    "PIPER",
    "PIPER_LINES",
    "CountingService",
    "Loudness",
    "caption_spans",
    "decoded",
    "limiter_reductions",
    "line_loudness",
    "measure",
    "speech_coverage",
    "speech_spans",
    "tone",
]

LOUDNESS_EXTREMES = (
    "Let's teach a computer to find the best straight line through some data.",
    "Square each residual and average them: the mean squared error, MSE.",
    "Ring by ring we go down: every inner ring has a lower error than the one around it.",
    "Step by step, the line swings towards the data.",
    "Outer rings: higher error. Inner rings: lower error.",
    "Six small steps: so slow it crawls.",
)
"""Lines of the lesson that measured loudest, quietest and most peaky with piper before levelling."""

ALIGNED = (
    Line(
        "The dashed lines are the best fit: W* = 1.97 and b* = \u22121.04.",
        "The dashed lines are the best fit: W star is about two, and b star about minus one.",
    ),
    LOUDNESS_EXTREMES[0],
    LOUDNESS_EXTREMES[3],
)
"""Lines whose words are aligned to their speech: a caption with its own spoken form, and two plain ones."""

PIPER_LINES = (ALIGNED[0], *LOUDNESS_EXTREMES)
"""Every line spoken by piper for the tests (the ``piper_clips`` fixture of tests/gdlesson/voice/conftest.py)."""

PIPER = pytest.mark.xdist_group("voice: piper clips")
"""The pytest-xdist group of the tests using ``piper_clips``: one worker synthesizes them, once."""


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


def decoded(path: Path) -> np.ndarray:
    """The first audio stream of ``path`` as mono float32 at the project's rate (ffmpeg)."""
    command = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE)]
    return np.frombuffer(subprocess.run([*command, "-f", "f32le", "-"], capture_output=True, check=True).stdout, "<f4")


def limiter_reductions(before: np.ndarray, after: np.ndarray, *, block: float = 0.005) -> np.ndarray:
    """How many dB each voiced ``block`` of ``after`` lies below ``before`` once the overall gain between them
    (the median over voiced blocks) is taken out: what a limiter between the two took away, block by block.

    Voiced blocks are those of ``after`` within 45 dB of its loudest block. Shape (blocks,).
    """
    size = round(block * RATE)
    count = min(len(before), len(after)) // size

    def levels(samples):
        blocks = samples[: count * size].astype(np.float64).reshape(count, size)
        return 10 * np.log10(np.mean(blocks**2, axis=1) + 1e-20)

    was, now = levels(before), levels(after)
    voiced = now > now.max() - 45
    change = (now - was)[voiced]
    return np.median(change) - change


def line_loudness(path: Path, start: float, seconds: float) -> float:
    """Integrated loudness (LUFS) of ``seconds`` of ``path``'s audio from ``start`` (ffmpeg's ebur128)."""
    command = ["ffmpeg", "-nostdin", "-nostats", "-ss", f"{start:.3f}", "-t", f"{seconds:.3f}", "-i", str(path)]
    log = subprocess.run(
        [*command, "-map", "0:a:0", "-af", "ebur128", "-f", "null", "-"], capture_output=True, text=True
    )
    summary = log.stderr[log.stderr.rfind("Summary:") :]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))


def aligned_words(path: Path, words: str) -> list[tuple[str, float, float]] | None:
    """Force-align the speech of ``path`` to ``words`` with pocketsphinx's English model: (word, start, end)
    of every word in seconds, or None when the speech does not fit the words (a wrong script).

    The words are lower-cased, split at hyphens and stripped of punctuation (each must be in pocketsphinx's
    dictionary); silences are left out. A wrong script is one pocketsphinx cannot align, or aligns with a
    score (its ``Hypothesis.score``) under 0.2.
    """
    from pocketsphinx import Decoder

    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-ac", "1", "-ar", "16000", "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    decoder = Decoder(samprate=16000, loglevel="FATAL")
    decoder.set_align_text(" ".join(re.findall(r"[a-z']+", words.lower().replace("-", " "))))
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    found = decoder.hyp()
    # A wrong script of about the same length may still be forced through, with a far lower score: measured
    # 0.41-0.53 for three piper lines against their own words, 0.035 against another line's.
    if found is None or found.score < 0.2:
        return None
    frame = 0.01  # pocketsphinx's frames are 10 ms
    return [
        (segment.word.split("(")[0], segment.start_frame * frame, (segment.end_frame + 1) * frame)
        for segment in decoder.seg()
        if not segment.word.startswith("<") and segment.word not in ("</s>", "<s>")
    ]
