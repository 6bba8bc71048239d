"""Decoding, trimming and fading sound, checked on signals of known length made by ffmpeg and NumPy."""

import subprocess

import numpy as np
import pytest
from sound_checks import decoded, tone

from gdlesson.voice.audio import RATE, VoiceError, decode, fade, limit_peaks, trim_silence, write_wav


def test_trim_keeps_the_sound_and_a_short_margin():
    trimmed = trim_silence(tone(1.5, before=0.8, after=1.2), margin=0.04)
    assert 1.5 <= len(trimmed) / RATE <= 1.5 + 2 * 0.04 + 0.02
    assert trim_silence(np.zeros(RATE, dtype=np.float32)).size == 0


def test_fade_starts_and_ends_at_zero_and_keeps_the_middle():
    sound = np.ones(RATE, dtype=np.float32)
    faded = fade(sound, seconds_each=0.01)
    assert faded[0] == 0 and faded[-1] == 0
    assert np.all(np.diff(faded[: int(0.01 * RATE)]) >= 0)
    assert np.array_equal(faded[RATE // 4 : 3 * RATE // 4], sound[RATE // 4 : 3 * RATE // 4])


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".mp3"])
def test_decode_reads_every_recording_format_at_the_project_rate(tmp_path, suffix):
    source = tmp_path / "source.wav"
    write_wav(source, tone(2.0))
    target = tmp_path / f"tone{suffix}"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-ar", "44100", str(target)], check=True)
    samples = decode(target)
    assert samples.dtype == np.float32
    assert len(samples) / RATE == pytest.approx(2.0, abs=0.06)  # MP3 adds a few ms of padding
    assert np.max(np.abs(samples)) == pytest.approx(0.5, abs=0.05)


def test_a_wav_in_the_projects_form_decodes_to_ffmpegs_samples_without_ffmpeg(tmp_path, monkeypatch):
    clip = tmp_path / "clip.wav"
    write_wav(clip, np.random.default_rng(0).uniform(-1.2, 1.2, RATE).astype(np.float32))  # clipped at full scale
    truth = decoded(clip)  # ffmpeg
    other = tmp_path / "other.wav"  # 44.1 kHz stereo: ffmpeg resamples and mixes it
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(clip), "-ar", "44100", "-ac", "2", str(other)], check=True)
    resampled = decoded(other)
    monkeypatch.setattr(subprocess, "run", None)  # no process may start
    samples = decode(clip)
    assert samples.dtype == np.float32 and np.array_equal(samples, truth)
    assert np.array_equal(decode(clip, limit=1.0), truth)
    monkeypatch.undo()
    assert np.array_equal(decode(other), resampled)
    assert np.array_equal(decode(clip, limit=0.5), truth[: RATE // 2])  # cut by ffmpeg


def test_write_wav_is_atomic_and_a_bad_file_is_one_line(tmp_path):
    target = tmp_path / "out.wav"
    write_wav(target, tone(0.5))
    assert [path.name for path in tmp_path.iterdir()] == ["out.wav"]
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"not a sound")
    with pytest.raises(VoiceError, match=r"broken\.wav: cannot read the sound") as error:
        decode(broken)
    assert "\n" not in str(error.value)


def test_the_limiter_keeps_every_sample_under_the_ceiling_and_leaves_quiet_parts_alone():
    loud = tone(0.5, level=0.95)
    quiet = tone(1.0, level=0.2)
    samples = np.concatenate([quiet, loud, quiet])
    limited = limit_peaks(samples, 0.5)
    assert np.max(np.abs(limited)) <= 0.5 + 1e-6
    # Half a second away from the loud part the gain has recovered completely.
    assert np.array_equal(limited[: RATE // 2], samples[: RATE // 2])
    assert np.array_equal(limited[-RATE // 2 :], samples[-RATE // 2 :])
    # Inside the loud part the gain is what its peaks need, no less.
    gain = limited[RATE : RATE + RATE // 2] / np.where(np.abs(loud) > 0.05, loud, np.nan)
    assert np.nanmax(gain) == pytest.approx(0.5 / 0.95, rel=0.01)
