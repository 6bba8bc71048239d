"""The video's sound track: every spoken line at its time, one track as long as the video,
loudness-normalised for YouTube, muxed into the MP4 as AAC.

The lines are laid into one mono array at their start times (each clip was
faded in and out when cached, so no edge clicks), then ffmpeg's ``loudnorm``
filter (EBU R128) brings the track, as stereo, to :data:`TARGET_LUFS`
integrated with the true peak below :data:`PEAK_CEILING`, measured in a first
pass and applied linearly in a second. The video stream is copied, not
re-encoded. No manim import.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gdlesson.voice.audio import RATE, VoiceError, decode, write_wav
from gdlesson.voice.record import NarrationRecord, SpokenLine

__all__ = ["PEAK_CEILING", "TARGET_LUFS", "Loudness", "add_narration", "lay_out", "measure"]

TARGET_LUFS = -14.0
"""YouTube's reference loudness (integrated, EBU R128)."""

PEAK_CEILING = -1.0
"""The highest true peak allowed in the final AAC track, in dBTP."""

_AAC = ["-c:a", "aac", "-b:a", "192k", "-ar", str(RATE), "-ac", "2"]


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's ebur128 filter measures: integrated loudness (LUFS) and true peak (dBTP)."""

    integrated: float
    true_peak: float


def lay_out(lines: Iterable[SpokenLine], duration: float) -> np.ndarray:
    """A mono track of exactly ``duration`` seconds with every line's clip added at its start, shape (n,).

    A clip running past the end of the video is cut there (the scenes hold
    each caption for its speech, so this happens only to a broken record).
    """
    track = np.zeros(round(duration * RATE), dtype=np.float32)
    for line in lines:
        clip = decode(line.clip)
        start = round(line.start * RATE)
        end = min(start + len(clip), len(track))
        if end > start:
            track[start:end] += clip[: end - start]
    return track


def add_narration(video: Path, record: NarrationRecord, target: Path) -> Loudness:
    """Write ``target``: ``video`` with the narration of ``record`` as its AAC track; returns its measured loudness.

    The video stream is copied; the track lasts as long as the video. When
    AAC encoding pushes the true peak above :data:`PEAK_CEILING`, the track is
    normalised again with the ceiling lowered by the excess.
    """
    duration = _duration(video)
    with tempfile.TemporaryDirectory(prefix="gdlesson-mix-") as scratch:
        raw = Path(scratch) / "narration.wav"
        write_wav(raw, lay_out(record.lines, duration))
        ceiling = PEAK_CEILING - 1.0
        for _ in range(3):
            stats = _first_pass(raw, ceiling)
            _second_pass(video, raw, stats, ceiling, target)
            loudness = measure(target)
            if loudness.true_peak <= PEAK_CEILING:
                return loudness
            ceiling -= loudness.true_peak - PEAK_CEILING + 0.2
    raise VoiceError(f"{target.name}: the narration's true peak stays at {loudness.true_peak:.1f} dBTP, above -1")


def _loudnorm(ceiling: float) -> str:
    return f"pan=stereo|c0=c0|c1=c0,loudnorm=I={TARGET_LUFS}:TP={ceiling}:LRA=11"


def _first_pass(raw: Path, ceiling: float) -> dict[str, str]:
    command = ["ffmpeg", "-v", "info", "-nostdin", "-nostats", "-i", str(raw)]
    command += ["-af", _loudnorm(ceiling) + ":print_format=json", "-f", "null", "-"]
    stderr = _run(command, "measuring the narration's loudness").stderr
    found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", stderr)
    if found is None:
        raise VoiceError("measuring the narration's loudness: ffmpeg printed no loudnorm statistics")
    return json.loads(found.group(0))


def _second_pass(video: Path, raw: Path, stats: dict[str, str], ceiling: float, target: Path) -> None:
    measured = (
        f":measured_I={stats['input_i']}:measured_TP={stats['input_tp']}:measured_LRA={stats['input_lra']}"
        f":measured_thresh={stats['input_thresh']}:offset={stats['target_offset']}:linear=true"
    )
    chain = f"[1:a]{_loudnorm(ceiling)}{measured},aresample={RATE}[narration]"
    command = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(video), "-i", str(raw)]
    command += ["-filter_complex", chain, "-map", "0:v", "-map", "[narration]", "-c:v", "copy", *_AAC]
    partial = target.with_name(f".{target.stem}.{os.getpid()}.part.mp4")
    try:
        _run([*command, "-movflags", "+faststart", str(partial)], "muxing the narration")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def measure(path: Path) -> Loudness:
    """Integrated loudness and true peak of ``path``'s first audio stream (ffmpeg's ebur128 filter)."""
    command = ["ffmpeg", "-v", "info", "-nostdin", "-nostats", "-i", str(path), "-map", "0:a:0"]
    stderr = _run([*command, "-af", "ebur128=peak=true", "-f", "null", "-"], f"measuring {path.name}").stderr
    summary = stderr[stderr.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if integrated is None or peak is None:
        raise VoiceError(f"measuring {path.name}: ffmpeg's ebur128 printed no summary")
    return Loudness(float(integrated.group(1)), float(peak.group(1)))


def _duration(video: Path) -> float:
    command = ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(video)]
    return float(_run(command, f"reading the length of {video.name}").stdout.strip())


def _run(command: list[str], what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["no message"]
        raise VoiceError(f"{what} failed: {detail[0]}")
    return result
