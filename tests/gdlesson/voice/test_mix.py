"""The sound track: lines laid at their times, loudness and true peak measured by ffmpeg's ebur128 on
the muxed MP4, the track as long as the video, the video stream untouched."""

import json
import subprocess

import numpy as np
import pytest
from sound_checks import measure, speech_spans, tone

from gdlesson.voice.audio import RATE, write_wav
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
