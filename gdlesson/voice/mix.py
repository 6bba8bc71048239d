"""The video's sound track: every spoken line at its time, one track as long as the video,
loudness-normalised for YouTube, muxed into the MP4 as AAC.

The lines are laid into one mono array at their start times (each clip was
faded in and out when cached, so no edge clicks); :func:`master` encodes it
as stereo AAC at :data:`TARGET_LUFS` integrated (EBU R128) with the true
peak at most :data:`PEAK_CEILING`, checked by measuring the encoded file
itself; the video stream is copied, not re-encoded. ffmpeg's two-pass
``loudnorm`` was tried first: with piper's speech (peaks 17 dB above its
loudness) it cannot reach -14 LUFS under the ceiling and stopped at -15.0
LUFS on the lesson; ``alimiter`` reached it but took a minute of CPU for a
six-minute track. No manim import.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gdlesson.scratch import scratch_folder
from gdlesson.text import plain
from gdlesson.voice.audio import RATE, VoiceError, decode, limit_peaks, write_wav
from gdlesson.voice.loudness import integrated_loudness
from gdlesson.voice.record import NarrationRecord, SpokenLine

__all__ = [
    "COMPRESSOR",
    "LINE_LUFS",
    "MASTER_PREFIX",
    "MIX_PREFIX",
    "PEAK_CEILING",
    "TARGET_LUFS",
    "TOLERANCE",
    "Loudness",
    "add_narration",
    "lay_out",
    "level_line",
    "master",
    "measure",
]

TARGET_LUFS = -14.0
"""YouTube's reference loudness (integrated, EBU R128)."""

PEAK_CEILING = -1.0
"""The highest true peak allowed in the final AAC track, in dBTP."""

TOLERANCE = 0.5
"""How far from :data:`TARGET_LUFS` the final track may measure, in LU."""


MIX_PREFIX = "gdlesson-mix-"
MASTER_PREFIX = "gdlesson-master-"
"""The temporary folders of mixing, ``<prefix><pid>-<random>`` in the system's temporary folder: a killed
process's are deleted when the next one starts (:func:`gdlesson.scratch.scratch_folder`)."""

LINE_LUFS = -20.0
"""The loudness every line is brought to before mixing (EBU R128 integrated), so lines differ by well under
1.5 LU in the video, whoever or whatever spoke them."""

COMPRESSOR = "acompressor=threshold=-20dB:ratio=3:attack=5:release=80:knee=6"
"""ffmpeg's compressor on each line at :data:`LINE_LUFS`: a gentle 3:1 above the speech's own level, which
takes the syllables that jump out down before the master's peak limiter would have to (piper's speech peaks
about 17 dB above its loudness; the master allows 13 at -14 LUFS and -1 dBTP). Measured on the lesson's 66
lines: the limiter then lowers 0.5% of voiced 5 ms blocks by 3 dB or more, against 14.5% without it."""

_AAC = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", "192k", "-ar", str(RATE), "-ac", "2"]


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's ebur128 filter measures: integrated loudness (LUFS) and true peak (dBTP)."""

    integrated: float
    true_peak: float


def level_line(samples: np.ndarray, scratch: Path) -> np.ndarray:
    """One line ready to mix: brought to :data:`LINE_LUFS`, compressed (:data:`COMPRESSOR`), and brought to
    :data:`LINE_LUFS` again, shape (n,) -> (m,). ``scratch`` is a folder for the file ffmpeg reads. A line too
    short or quiet to measure (under 0.4 s of sound) keeps its level. The loudness is measured in NumPy
    (:mod:`gdlesson.voice.loudness`, as ffmpeg's ebur128 measures it); ffmpeg compresses."""
    source = scratch / "line.wav"
    write_wav(source, _to_line_loudness(samples))
    # 16-bit samples through a pipe, read as decode() reads a 16-bit WAV (x / 32768): no file to write and read back
    command = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(source), "-af", COMPRESSOR, "-ar", str(RATE)]
    command += ["-ac", "1", "-f", "s16le", "-"]
    pcm = _run(command, "compressing a line", text=False).stdout
    squeezed = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    return _to_line_loudness(squeezed)


def _to_line_loudness(samples: np.ndarray) -> np.ndarray:
    integrated = integrated_loudness(samples)
    if not math.isfinite(integrated):  # nothing above the absolute gate
        return samples
    return (samples * 10 ** ((LINE_LUFS - integrated) / 20)).astype(np.float32)


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

    The video stream is copied; the track lasts as long as the video.
    """
    duration = _duration(video)
    with scratch_folder(MIX_PREFIX) as scratch:
        track = scratch / "narration.m4a"
        loudness = master(lay_out(record.lines, duration), track)
        command = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(video), "-i", str(track)]
        command += ["-map", "0:v", "-map", "1:a", "-c", "copy", "-movflags", "+faststart"]
        partial = target.with_name(f".{target.stem}.{os.getpid()}.part.mp4")
        try:
            _run([*command, str(partial)], "muxing the narration")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return loudness


def master(track: np.ndarray, target: Path, *, attempts: int = 8) -> Loudness:
    """Encode the mono ``track`` as stereo AAC ``target`` at :data:`TARGET_LUFS` (within :data:`TOLERANCE`)
    with its true peak at most :data:`PEAK_CEILING`; returns what ebur128 measures in ``target``.

    A gain and a peak limiter (:func:`~gdlesson.voice.audio.limit_peaks`, a
    decibel under the ceiling, since encoding and the peaks between samples
    add a little) are adjusted until the sound measures right: the gain by the
    loudness still missing (measured in memory, cheaply), then the limit by any
    true peak of the encoded file above the ceiling.
    """
    gain, ceiling = 0.0, PEAK_CEILING - 1.0
    with scratch_folder(MASTER_PREFIX) as scratch:
        wav = scratch / "master.wav"
        for _ in range(attempts):
            limited = limit_peaks(track * 10 ** (gain / 20), 10 ** (ceiling / 20))
            integrated = integrated_loudness(limited, channels=2)
            if abs(integrated - TARGET_LUFS) > TOLERANCE / 2:
                gain += TARGET_LUFS - integrated
                continue
            write_wav(wav, limited, channels=2)
            encode = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(wav), *_AAC, str(target)]
            _run(encode, "encoding the narration")
            loudness = measure(target)
            if abs(loudness.integrated - TARGET_LUFS) <= TOLERANCE and loudness.true_peak <= PEAK_CEILING:
                return loudness
            gain += TARGET_LUFS - loudness.integrated
            ceiling -= max(loudness.true_peak - PEAK_CEILING + 0.1, 0.0)
    raise VoiceError(
        f"the narration could not be brought to {plain(TARGET_LUFS)} LUFS with true peak at most "
        f"{plain(PEAK_CEILING)} dBTP "
        f"in {attempts} attempts (is it silent?)"
    )


def measure(path: Path) -> Loudness:
    """Integrated loudness and true peak of ``path``'s first audio stream (ffmpeg's ebur128 filter)."""
    command = ["ffmpeg", "-v", "info", "-nostdin", "-nostats", "-i", str(path), "-map", "0:a:0", "-af"]
    command += ["ebur128=peak=true", "-f", "null", "-"]
    summary = _run(command, f"measuring {path.name}").stderr
    summary = summary[summary.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if integrated is None or peak is None:
        raise VoiceError(f"measuring {path.name}: ffmpeg's ebur128 printed no summary")
    return Loudness(float(integrated.group(1)), float(peak.group(1)))


def _duration(video: Path) -> float:
    command = ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(video)]
    return float(_run(command, f"reading the length of {video.name}").stdout.strip())


def _run(command: list[str], what: str, *, text: bool = True) -> subprocess.CompletedProcess:
    """``command``'s result (its output as text, or as bytes without ``text``); one line naming ``what`` failed."""
    result = subprocess.run(command, capture_output=True, text=text, check=False)
    if result.returncode != 0:
        stderr = result.stderr if text else result.stderr.decode(errors="replace")
        detail = stderr.strip().splitlines()[-1:] or ["no message"]
        raise VoiceError(f"{what} failed: {detail[0]}")
    return result
