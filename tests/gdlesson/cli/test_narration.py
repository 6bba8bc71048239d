"""The narrated video from the command, offline: one real low-quality render measured with ffmpeg (loudness,
true peak, speech inside its captions), the narration script, and voice errors as one line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scene_files import ROOT
from sound_checks import caption_spans, measure, speech_coverage, speech_spans

GDLESSON = (sys.executable, "-m", "gdlesson")


def gdlesson(*args, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the command."""
    command = [*GDLESSON, *map(str, args)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=1200)


def streams(path: Path) -> dict[str, dict]:
    command = ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,sample_rate,duration"]
    found = json.loads(subprocess.run([*command, "-of", "json", str(path)], capture_output=True, check=True).stdout)
    return {stream["codec_type"]: stream for stream in found["streams"]}


@pytest.mark.render
@pytest.mark.checkout_media
def test_a_narrated_render_offline_is_loudness_normalised_and_speaks_inside_its_captions(narrated_descent):
    # The render is shared with tests/scenes/test_descent.py, which checks its frames (tests/conftest.py).
    video = narrated_descent
    found = streams(video)
    assert found["audio"]["codec_name"] == "aac" and found["audio"]["sample_rate"] == "48000"
    assert float(found["audio"]["duration"]) == pytest.approx(float(found["video"]["duration"]), abs=0.05)
    loudness = measure(video)
    assert loudness.integrated == pytest.approx(-14.0, abs=1.0) and loudness.true_peak <= -1.0
    record = json.loads(video.with_suffix(".narration.json").read_text())
    captions = caption_spans(video.with_suffix(".srt"))
    assert len(record["lines"]) == len(captions)
    # With a voice on, the subtitles are the transcript of what is said.
    import srt

    said = [cue.content for cue in srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8"))]
    assert said == [line["spoken"] for line in record["lines"]]
    assert any(line["spoken"] != line["text"] for line in record["lines"])
    inside, spoken = speech_coverage(speech_spans(video), captions)
    assert inside >= 0.95 and spoken == 1.0


def test_the_narration_command_writes_the_script_and_the_teleprompter(tmp_path):
    result = gdlesson("narration", "--out", tmp_path / "takes", "--scene", "descent", "--voice", "espeak")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = json.loads((tmp_path / "takes" / "narration.json").read_text())
    assert {"id", "text", "file", "chapter", "seconds", "spoken"} <= set(lines[0])
    assert lines[0]["file"] == "0001-every-slope-w-and-intercept.wav"
    prompter = (tmp_path / "takes" / "teleprompter.txt").read_text()
    assert "== The map of (W, b) ==" in prompter
    # The teleprompter shows what is said: the words, not the symbols of the caption.
    assert all(f"[{line['file']}]" in prompter and line["spoken"] in prompter for line in lines)
    guess = next(line for line in lines if line["text"].startswith("We start from a guess"))
    assert "W\u2080" in guess["text"] and "W zero" in guess["spoken"] and "W\u2080" not in prompter


@pytest.mark.parametrize(
    ("voice", "fragment"),
    [("no such folder", "is not a folder"), (".", "narration.json: no such file; run 'gdlesson narration --out")],
)
def test_a_voice_that_cannot_speak_stops_before_rendering(tmp_path, voice, fragment):
    result = gdlesson("render", "descent", "--voice", voice, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert fragment in result.stderr


def test_a_bad_voice_speed_on_the_command_line_is_one_line_and_exit_2(capsys):
    from gdlesson.cli.main import main

    assert main(["render", "descent", "--voice", "none", "--voice-speed", "3"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: voice_speed = 3 is invalid") and "from 0.5 to 2" in err and "\n" not in err
