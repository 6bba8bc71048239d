"""The sound track: lines laid at their times, loudness and true peak measured by ffmpeg's ebur128 on
the muxed MP4, the track as long as the video, the video stream untouched."""

import json
import subprocess

import numpy as np
import pytest
from sound_checks import (
    LOUDNESS_EXTREMES,
    PIPER,
    decoded,
    limiter_reductions,
    line_loudness,
    measure,
    speech_spans,
    tone,
)

from gdlesson.voice.audio import RATE, limit_peaks, write_wav
from gdlesson.voice.mix import PEAK_CEILING, TARGET_LUFS, add_narration, lay_out
from gdlesson.voice.record import NarrationRecord, SpokenLine, narration_path, read_record, write_record


def line(path, start, seconds, text="words"):
    return SpokenLine(id="0001-words", start=start, text=text, clip=str(path), seconds=seconds, voice="test")


def test_lines_are_laid_at_their_start_in_a_track_as_long_as_the_video(tmp_path):
    write_wav(tmp_path / "a.wav", tone(1.0))
    write_wav(tmp_path / "b.wav", tone(2.0, level=0.25))
    track = lay_out([line(tmp_path / "a.wav", 0.5, 1.0), line(tmp_path / "b.wav", 3.0, 2.0)], duration=6.0)
    assert len(track) == 6 * RATE
    loud = np.flatnonzero(np.abs(track) > 1e-3)
    assert loud[0] / RATE == pytest.approx(0.5, abs=1e-3) and loud[-1] / RATE == pytest.approx(5.0, abs=1e-3)
    assert np.all(np.abs(track[int(1.6 * RATE) : int(2.9 * RATE)]) == 0)
    # A clip running past the end is cut at the end of the video, never lengthening the track.
    assert len(lay_out([line(tmp_path / "b.wav", 5.0, 2.0)], duration=6.0)) == 6 * RATE


def probe(path):
    command = ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,sample_rate,duration,nb_frames"]
    return json.loads(subprocess.run([*command, "-of", "json", str(path)], capture_output=True, check=True).stdout)


@pytest.fixture(scope="module")
def silent_video(tmp_path_factory):
    path = tmp_path_factory.mktemp("video") / "scene.mp4"
    command = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-t", "9"]
    subprocess.run([*command, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


@pytest.mark.parametrize("level", [0.9, 0.02])
def test_the_narrated_video_is_at_minus_14_lufs_with_true_peak_below_minus_1(tmp_path, silent_video, level):
    clips = []
    for index, seconds in enumerate([2.0, 1.5, 2.5]):
        path = tmp_path / f"{index}.wav"
        # Speech-like: a tone that comes and goes, so the track has gaps and a real peak-to-loudness ratio.
        envelope = 0.5 + 0.5 * np.sin(np.linspace(0, 12 * np.pi, round(seconds * RATE)))
        write_wav(path, (tone(seconds, level=level) * envelope).astype(np.float32))
        clips.append(line(path, 0.5 + 3 * index, seconds))
    record = NarrationRecord("test voice", 9.0, tuple(clips))
    target = tmp_path / "narrated.mp4"
    loudness = add_narration(silent_video, record, target)
    measured = measure(target)
    assert measured == loudness
    assert measured.integrated == pytest.approx(TARGET_LUFS, abs=1.0)
    assert measured.true_peak <= PEAK_CEILING
    streams = {stream["codec_type"]: stream for stream in probe(target)["streams"]}
    original = probe(silent_video)["streams"][0]
    assert streams["audio"]["codec_name"] == "aac" and streams["audio"]["sample_rate"] == "48000"
    assert streams["video"]["nb_frames"] == original["nb_frames"]  # copied, not re-encoded or cut
    assert float(streams["audio"]["duration"]) == pytest.approx(float(original["duration"]), abs=0.05)
    # The sound is where the lines are: three stretches starting at 0.5, 3.5 and 6.5 s.
    starts = [start for start, _ in speech_spans(target)]
    assert starts == pytest.approx([0.5, 3.5, 6.5], abs=0.06)


def test_the_record_round_trips_beside_the_movie(tmp_path):
    movie = tmp_path / "Descent.mp4"
    record = NarrationRecord("espeak", 12.5, (line(tmp_path / "a.wav", 0.2, 1.0),), ("0002-missing",))
    write_record(narration_path(movie), record)
    assert narration_path(movie) == str(tmp_path / "Descent.narration.json")
    assert read_record(narration_path(movie)) == record


@pytest.fixture(scope="module")
def piper_lines(piper_clips):
    """The loudest, quietest and most peaky lines spoken by piper, laid one after another."""
    lines, start = [], 0.5
    for index, text in enumerate(LOUDNESS_EXTREMES):
        clip = piper_clips[text]
        lines.append(SpokenLine(f"{index:04d}", start, text, str(clip.path), clip.seconds, clip.voice))
        start += clip.seconds + 0.7
    return lines, start


@PIPER
def test_piper_lines_are_even_and_the_limiter_barely_touches_them(tmp_path, piper_lines):
    """Measured on the mixed MP4 with ffmpeg: -14 LUFS, true peak <= -1 dBTP, lines within 1.5 LU of each other,
    at most 2% of voiced 5 ms blocks lowered by the master limiter by 3 dB or more, no line from sample 0."""
    lines, duration = piper_lines
    video = tmp_path / "scene.mp4"
    command = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=black:size=160x120:rate=15", "-t", f"{duration}"]
    subprocess.run([*command, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(video)], check=True)
    target = tmp_path / "narrated.mp4"
    add_narration(video, NarrationRecord("piper", duration, tuple(lines)), target)
    measured = measure(target)
    assert measured.integrated == pytest.approx(TARGET_LUFS, abs=0.5) and measured.true_peak <= PEAK_CEILING
    levels = [line_loudness(target, line.start, line.seconds) for line in lines]
    assert max(levels) - min(levels) <= 1.5, levels
    reductions = limiter_reductions(lay_out(lines, duration), decoded(target))
    assert np.mean(reductions >= 3.0) <= 0.02 and len(reductions) > 1000
    for line in lines:  # each clip opens with silence: no line starts at its first sample
        clip = decoded(line.clip)
        assert np.all(np.abs(clip[: round(0.04 * RATE)]) < 1e-4) and np.abs(clip).max() > 0.1


def test_the_limiter_check_sees_a_hard_limiter(tmp_path):
    """limiter_reductions is not blind: a peaky track limited 9 dB below its peaks shows many lowered blocks."""
    t = np.arange(4 * RATE) / RATE
    peaky = (0.05 * np.sin(2 * np.pi * 200 * t) * (1 + 15 * (np.sin(2 * np.pi * 2 * t) > 0.9))).astype(np.float32)
    limited = limit_peaks(peaky, 0.05 * 16 * 10 ** (-9 / 20))
    assert np.mean(limiter_reductions(peaky, limited) >= 3.0) > 0.05
