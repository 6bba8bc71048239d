"""Integrated loudness (ITU-R BS.1770-4, EBU R128) of samples in memory: what ffmpeg's ``ebur128`` filter prints
as "I:", without starting ffmpeg (about 0.1 CPU-s a run, and levelling a line measured it twice). No manim import.

The samples are K-weighted (a high shelf, then a high pass: the two biquads of BS.1770-4 for 48 kHz), their mean
square is taken over blocks of 400 ms every 100 ms, and the blocks quieter than -70 LUFS, then those more than
10 LU under the mean of the rest, are left out. The filter runs as a convolution with its impulse response
(:data:`TAPS` samples, by FFT): the slowest pole, 0.9950, has decayed by 1e-17 by then, so this is the
recursive filter to float64 rounding, without SciPy's signal module (0.7 s to import).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from gdlesson.voice.audio import RATE

__all__ = ["SILENT", "TAPS", "integrated_loudness"]

SHELF = ((1.53512485958697, -2.69169618940638, 1.19839281085285), (-1.69065929318241, 0.73248077421585))
"""Stage 1 of the K-weighting at 48 kHz, ((b0, b1, b2), (a1, a2)): the head's high shelf (BS.1770-4, table 1)."""

HIGH_PASS = ((1.0, -2.0, 1.0), (-1.99004745483398, 0.99007225036621))
"""Stage 2 at 48 kHz: the RLB high pass (BS.1770-4, table 2)."""

TAPS = 8192
"""Samples of the K-weighting's impulse response used: 0.9950 (its slowest pole) to the 8192nd is 1.7e-18."""

BLOCK, HOP = RATE * 4 // 10, RATE // 10
"""The gating blocks: 400 ms long, one every 100 ms."""

ABSOLUTE_GATE, RELATIVE_GATE = -70.0, -10.0

SILENT = -math.inf
"""The loudness of a track with no block above the absolute gate (silence, or shorter than 400 ms)."""

_CHUNK = 2**18
"""The most samples filtered by one FFT (overlap-add): memory stays bounded for a long track."""


def integrated_loudness(samples: np.ndarray, *, channels: int = 1) -> float:
    """The integrated loudness in LUFS of mono ``samples`` at :data:`~gdlesson.voice.audio.RATE` played on
    ``channels`` identical channels (a mono track written as stereo is 3.01 LU louder); :data:`SILENT` when no
    block passes the absolute gate."""
    weighted = _k_weighted(np.asarray(samples, dtype=np.float64))
    energy = np.concatenate([[0.0], np.cumsum(weighted * weighted)])
    starts = np.arange(0, len(weighted) - BLOCK + 1, HOP)  # none for less than a block
    powers = channels * (energy[starts + BLOCK] - energy[starts]) / BLOCK
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(powers)
    audible = loudness >= ABSOLUTE_GATE
    if not audible.any():
        return SILENT
    gate = -0.691 + 10 * math.log10(powers[audible].mean()) + RELATIVE_GATE
    return -0.691 + 10 * math.log10(powers[audible & (loudness >= gate)].mean())


def _k_weighted(samples: np.ndarray) -> np.ndarray:
    """``samples`` through the K-weighting filter (overlap-add FFT convolution with its impulse response)."""
    out = np.zeros(len(samples) + TAPS)
    for start in range(0, len(samples), _CHUNK):
        piece = samples[start : start + _CHUNK]
        size = 1 << (len(piece) + TAPS - 1).bit_length()  # a power of two holding the whole convolution
        filtered = np.fft.irfft(np.fft.rfft(piece, size) * _response_spectrum(size), size)
        out[start : start + len(piece) + TAPS] += filtered[: len(piece) + TAPS]
    return out[: len(samples)]


@cache
def _response_spectrum(size: int) -> np.ndarray:
    return np.fft.rfft(_impulse_response(), size)


@cache
def _impulse_response() -> np.ndarray:
    """The first :data:`TAPS` samples of the two biquads' response to a unit impulse, by their recursion."""
    signal = [1.0] + [0.0] * (TAPS - 1)
    for (b0, b1, b2), (a1, a2) in (SHELF, HIGH_PASS):
        out, x1, x2, y1, y2 = [], 0.0, 0.0, 0.0, 0.0
        for x in signal:
            y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            out.append(y)
            x1, x2, y1, y2 = x, x1, y, y1
        signal = out
    return np.array(signal)
