"""Sound as NumPy arrays: decode any file ffmpeg reads, trim silence, fade, write WAV atomically.

Every clip the project handles is mono float32 at :data:`RATE` samples a
second. Decoding goes through ffmpeg, so WAV, FLAC and MP3 recordings all
work. No manim import.
"""

from __future__ import annotations

import json
import os
import subprocess
import wave
from pathlib import Path

import numpy as np

from gdlesson.text import plain

__all__ = [
    "RATE",
    "VoiceError",
    "decode",
    "fade",
    "limit_peaks",
    "probe_seconds",
    "seconds",
    "trim_silence",
    "write_wav",
]

RATE = 48_000
"""Samples per second of every clip and of the mixed track (what manim and YouTube use)."""


class VoiceError(RuntimeError):
    """A voice cannot speak, or a sound file cannot be read (a one-line reason naming the fix)."""


def decode(path: os.PathLike | str, *, limit: float | None = None) -> np.ndarray:
    """The sound of ``path`` as mono float32 samples in [-1, 1] at :data:`RATE`, shape (n,); at most its
    first ``limit`` seconds (memory stays bounded whatever the file holds). A WAV already in that form (16-bit
    mono at :data:`RATE`, as :func:`write_wav` writes every cached clip) is read directly, to the same samples;
    anything else goes through ffmpeg."""
    samples = _read_own_wav(path, limit)
    if samples is not None:
        return samples
    command = ["ffmpeg", "-v", "error", "-nostdin", "-i", os.fspath(path), "-ac", "1", "-ar", str(RATE)]
    if limit is not None:
        command += ["-t", plain(limit)]
    result = subprocess.run([*command, "-f", "f32le", "-"], capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise VoiceError(f"{path}: cannot read the sound ({message[0]})")
    return np.frombuffer(result.stdout, dtype=np.float32).copy()


def _read_own_wav(path: os.PathLike | str, limit: float | None) -> np.ndarray | None:
    """The samples of a 16-bit mono WAV at :data:`RATE` no longer than ``limit``, as ffmpeg decodes them
    (x / 32768); None for any other file (ffmpeg reads it, or names what is wrong with it)."""
    try:
        with wave.open(os.fspath(path), "rb") as handle:
            if (handle.getnchannels(), handle.getsampwidth(), handle.getframerate()) != (1, 2, RATE):
                return None
            if limit is not None and handle.getnframes() > limit * RATE:
                return None
            pcm = handle.readframes(handle.getnframes())
    except (OSError, EOFError, wave.Error):
        return None
    return np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2").astype(np.float32) / np.float32(32768)


def probe_seconds(path: os.PathLike | str) -> float:
    """How long the sound of ``path`` lasts, read from its header by ffprobe (nothing is decoded).

    Raises
    ------
    VoiceError
        One line naming the file: it is not a sound ffmpeg reads, or holds no audio stream.
    """
    command = ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries", "stream=duration:format=duration"]
    result = subprocess.run([*command, "-of", "json", os.fspath(path)], capture_output=True, text=True, check=False)
    fix = "record it again as WAV, FLAC or MP3, or delete it"
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise VoiceError(f"{path}: not a sound file ({message}); {fix}")
    found = json.loads(result.stdout or "{}")
    if not found.get("streams"):
        raise VoiceError(f"{path}: holds no sound; {fix}")
    for value in (found["streams"][0].get("duration"), found.get("format", {}).get("duration")):
        try:
            return float(value)
        except (TypeError, ValueError):
            continue
    return float("inf")  # no length in the header: :func:`decode` with a limit reads only what is needed


def seconds(samples: np.ndarray) -> float:
    """How long ``samples`` (at :data:`RATE`) last."""
    return len(samples) / RATE


def trim_silence(samples: np.ndarray, *, threshold_db: float = -45.0, margin: float = 0.04) -> np.ndarray:
    """``samples`` without the silence before the first and after the last sound.

    Silence is every 10 ms window whose peak stays below ``threshold_db``
    (dBFS); ``margin`` seconds of it are kept on each side so no onset or
    decay is cut. All silence gives an empty array.
    """
    window = RATE // 100
    count = len(samples) // window
    if count == 0:
        return samples[:0]
    peaks = np.abs(samples[: count * window]).reshape(count, window).max(axis=1)
    loud = np.flatnonzero(peaks > 10 ** (threshold_db / 20))
    if len(loud) == 0:
        return samples[:0]
    keep = int(margin * RATE)
    start = max(loud[0] * window - keep, 0)
    end = min((loud[-1] + 1) * window + keep, len(samples))
    return samples[start:end]


def fade(samples: np.ndarray, *, seconds_each: float = 0.01) -> np.ndarray:
    """A copy of ``samples`` faded in and out over ``seconds_each`` (a raised cosine), so a clip
    starting or stopping in the middle of a waveform does not click."""
    out = np.array(samples, dtype=np.float32)
    length = min(int(seconds_each * RATE), len(out) // 2)
    if length > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, length))).astype(np.float32)
        out[:length] *= ramp
        out[len(out) - length :] *= ramp[::-1]
    return out


def limit_peaks(samples: np.ndarray, ceiling: float, *, block_seconds: float = 0.005, reach: int = 4) -> np.ndarray:
    """``samples`` with every peak above ``ceiling`` (linear, > 0) turned down to it, smoothly.

    A look-ahead limiter without a per-sample loop: the gain each block of
    ``block_seconds`` needs is spread to the ``reach + 1`` blocks either side
    (a minimum), then smoothed over ``reach`` blocks either side (a mean), so
    the gain falls before a peak and recovers after it over about 20 ms each
    way, and no sample exceeds the ceiling (the means around a peak's block
    average only gains at most that block's need). Shape (n,) -> (n,).
    """
    block = max(1, round(block_seconds * RATE))
    count = -(-len(samples) // block)
    if count == 0:
        return samples.copy()
    padded = np.zeros(count * block, dtype=np.float32)
    padded[: len(samples)] = np.abs(samples)
    peaks = padded.reshape(count, block).max(axis=1)
    needed = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    spread = np.pad(needed, reach + 1, constant_values=1.0)
    spread = np.lib.stride_tricks.sliding_window_view(spread, 2 * reach + 3).min(axis=1)
    gains = np.convolve(np.pad(spread, reach, mode="edge"), np.ones(2 * reach + 1) / (2 * reach + 1), mode="valid")
    # A sample lies between two block centres, whose gains both average only gains <= its block's need.
    curve = np.interp(np.arange(len(samples)), (np.arange(count) + 0.5) * block, gains)
    return (samples * curve).astype(np.float32)


def write_wav(path: os.PathLike | str, samples: np.ndarray, *, channels: int = 1) -> None:
    """Write mono ``samples`` as 16-bit PCM WAV at :data:`RATE` (``channels`` copies), atomically:
    the file appears under its name whole or not at all."""
    path = Path(path)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype("<i2")
    if channels > 1:
        pcm = np.repeat(pcm, channels)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with wave.open(str(partial), "wb") as handle:
            handle.setnchannels(channels)
            handle.setsampwidth(2)
            handle.setframerate(RATE)
            handle.writeframes(pcm.tobytes())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
