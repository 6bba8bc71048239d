"""Integrated loudness in NumPy against ffmpeg's ebur128 filter (the truth it stands in for), and its filter
against the K-weighting's own recursion."""

import math

import numpy as np
import pytest
from sound_checks import line_loudness, tone

from gdlesson.voice.audio import RATE, decode, write_wav
from gdlesson.voice.loudness import HIGH_PASS, SHELF, SILENT, _k_weighted, integrated_loudness

NOISE = np.random.default_rng(7)
SECONDS = np.arange(6 * RATE) / RATE
SOUNDS = {
    "white noise": 0.1 * NOISE.standard_normal(3 * RATE),
    "quiet noise": 0.003 * NOISE.standard_normal(3 * RATE),
    "60 Hz (under the shelf)": 0.5 * np.sin(2 * np.pi * 60 * SECONDS),
    "8 kHz (on the shelf)": 0.2 * np.sin(2 * np.pi * 8000 * SECONDS),
    "bursts and near-silence (both gates)": 0.3 * NOISE.standard_normal(len(SECONDS)) * (SECONDS % 1.5 < 0.5)
    + 0.001 * NOISE.standard_normal(len(SECONDS)),
    "0.45 s (two blocks)": 0.1 * NOISE.standard_normal(int(0.45 * RATE)),
    "a tone with silence around it": tone(2.0, before=0.5, after=0.8, level=0.3),
}


@pytest.mark.parametrize("name", SOUNDS)
def test_integrated_loudness_is_what_ffmpegs_ebur128_measures(tmp_path, name):
    samples = np.clip(SOUNDS[name], -1, 1).astype(np.float32)
    mono = tmp_path / "mono.wav"
    write_wav(mono, samples)
    samples = decode(mono)  # as written: 16-bit
    for channels in (1, 2):  # the mono track, and it written as stereo (as the master track is)
        path = tmp_path / f"{channels}.wav"
        write_wav(path, samples, channels=channels)
        # ffmpeg prints a tenth of a LU: agreeing within 0.06 is agreeing to its last digit
        truth = line_loudness(path, 0.0, len(samples) / RATE + 1)
        assert integrated_loudness(samples, channels=channels) == pytest.approx(truth, abs=0.06)


def test_a_real_voice_measures_as_ffmpeg_measures_it(tmp_path):
    from gdlesson.voice.services import EspeakService

    speech = tmp_path / "speech.wav"
    EspeakService().synthesize("Gradient descent walks downhill on this map, one mini-batch at a time.", speech)
    samples = decode(speech)  # resampled to the project's rate
    write_wav(tmp_path / "48k.wav", samples)
    assert integrated_loudness(samples) == pytest.approx(line_loudness(tmp_path / "48k.wav", 0.0, 30.0), abs=0.06)


@pytest.mark.parametrize(
    "samples", [np.zeros(2 * RATE), 0.1 * NOISE.standard_normal(int(0.39 * RATE))], ids=["silence", "0.39 s of noise"]
)
def test_silence_and_sound_shorter_than_a_block_measure_silent(samples):
    assert integrated_loudness(samples) == SILENT == -math.inf


def test_the_filter_is_the_k_weighting_recursion_across_chunks():
    """Past one FFT chunk (2**18 samples), so the overlap-add joins are checked too."""
    x = NOISE.standard_normal(2**18 + 3000)
    expected = x.copy()
    for (b0, b1, b2), (a1, a2) in (SHELF, HIGH_PASS):  # the biquads as BS.1770-4 writes them, sample by sample
        out, x1, x2, y1, y2 = np.empty_like(expected), 0.0, 0.0, 0.0, 0.0
        for i, value in enumerate(expected.tolist()):
            y = b0 * value + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            out[i], x1, x2, y1, y2 = y, value, x1, y, y1
        expected = out
    assert np.abs(_k_weighted(x) - expected).max() <= 1e-9 * np.abs(expected).max()
