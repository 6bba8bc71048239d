"""Voice faults: a recording that is not sound (one line naming it, exit 2, no traceback, also in shards), an
over-long or silent one (refused with a warning, the default voice speaks, in bounded memory), and the
temporary files of synthesis and mixing a SIGKILL leaves (swept at the next start)."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from lessons import make_lesson
from scene_checks import construct_only
from sound_checks import CountingService, tone

from gdlesson.scratch import remove_stale_parts
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import say
from gdlesson.voice.audio import RATE, VoiceError, write_wav
from gdlesson.voice.mix import MASTER_PREFIX, MIX_PREFIX, master
from gdlesson.voice.narrator import LONGEST_RECORDING, SPEECH_PREFIX, Recordings, SpeechCache, Synthetic, check_voice
from gdlesson.voice.script import ScriptLine, write_script

ROOT = Path(__file__).resolve().parents[3]
TESTS = ROOT / "tests"
LINES = ("First, a short line.", "Second line, a little longer than the first one.")


def takes(folder: Path) -> list[ScriptLine]:
    """A voice folder scripted for :data:`LINES` (no recordings yet)."""
    script = [ScriptLine(f"000{i}-line", text, f"000{i}-line.wav", "", 1.0) for i, text in enumerate(LINES, 1)]
    write_script(folder, script, title="test")
    return script


def environment(**extra) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": f"{ROOT}{os.pathsep}{TESTS}"} | extra


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_recording_that_is_not_sound_is_one_line_naming_it(tmp_path, jobs):
    folder = tmp_path / "takes"
    script = takes(folder)
    (folder / script[1].file).write_text("this is not audio\n" * 50)
    command = [sys.executable, "-m", "gdlesson", "render", "descent", "--voice", str(folder), "--jobs", jobs]
    result = subprocess.run(command, cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {folder / script[1].file}: not a sound file")
    assert "Traceback" not in result.stderr


def test_a_scene_drawn_by_plain_manim_stops_with_one_line_too(tmp_path, capsys):
    folder = tmp_path / "takes"
    script = takes(folder)
    (folder / script[0].file).write_bytes(b"RIFF\x00\x00garbage" * 100)

    class Broken(LessonScene):
        lesson = make_lesson(voice=str(folder))
        voice_cache = tmp_path / "voices"

        def construct(self):
            say(self, LINES[0])

    with pytest.raises(SystemExit) as stop:
        construct_only(Broken, tmp_path / "media")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"{folder / script[0].file}: not a sound file" in err and "Traceback" not in err
    with pytest.raises(VoiceError, match="not a sound file"):
        check_voice(str(folder))


def test_a_silent_recording_is_refused_and_the_default_voice_speaks(tmp_path):
    folder = tmp_path / "takes"
    script = takes(folder)
    write_wav(folder / script[0].file, np.zeros(5 * RATE, np.float32))
    write_wav(folder / script[1].file, tone(2.0, before=0.3))
    fallback = CountingService()
    cache = SpeechCache(tmp_path / "voices")
    narrator = Recordings(folder, Synthetic(fallback, cache), cache)
    assert narrator.clip(LINES[0]).voice == "counting" and fallback.calls == [LINES[0]]
    assert narrator.clip(LINES[1]).voice == "recording"
    assert narrator.missing == [LINES[0]]
    assert narrator.refused[LINES[0]] == f"{folder / script[0].file}: silent; the default voice speaks its line"


def test_a_two_hour_recording_is_refused_without_decoding_it(tmp_path):
    folder = tmp_path / "takes"
    script = takes(folder)
    long = folder / (Path(script[0].file).stem + ".flac")
    command = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "7200"]
    subprocess.run([*command, "-c:a", "flac", str(long)], check=True)
    child = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from sound_checks import CountingService
        from gdlesson.voice.narrator import Recordings, SpeechCache, Synthetic
        cache = SpeechCache({str(tmp_path / "voices")!r})
        narrator = Recordings(Path({str(folder)!r}), Synthetic(CountingService(), cache), cache)
        clip = narrator.clip({LINES[0]!r})
        # The peak of this process's own memory (ru_maxrss would count the parent's at the fork).
        peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(clip.voice, int(peak.split()[1]) // 1024)
        print(narrator.refused[{LINES[0]!r}])
        """
    )
    result = subprocess.run([sys.executable, "-c", child], env=environment(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    first, reason = result.stdout.strip().splitlines()
    voice, megabytes = first.split()
    assert voice == "counting"  # the default voice spoke the line
    # Decoded, two hours at 48 kHz would be 1.4 GB of float32 (2.9 GB measured before the check).
    assert int(megabytes) < 400
    assert (
        reason
        == f"{long}: 7200 s long, longer than one line may be ({LONGEST_RECORDING:g} s); the default voice speaks it"
    )


SLOW_SERVICE = """
import os, sys, time
from pathlib import Path
from gdlesson.voice.narrator import SpeechCache

class Slow:
    identity = "slow"
    def generate_from_text(self, text, cache_dir=None, path=None, **kwargs):
        (Path(cache_dir) / f".speech.wav.{os.getpid()}.part.wav").write_bytes(b"")
        print("writing", flush=True)
        time.sleep(60)

SpeechCache(sys.argv[1]).speech(Slow(), "words")
"""


def killed_while(code: str, *args: str, tmpdir: Path) -> int:
    """Run ``code`` in a child process, SIGKILL it once it prints, and return its pid."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], env=environment(TMPDIR=str(tmpdir)), stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return child.pid


def test_synthesis_killed_by_sigkill_leaves_nothing_after_the_next_start(tmp_path):
    cache = tmp_path / "voices"
    pid = killed_while(SLOW_SERVICE, str(cache), tmpdir=tmp_path)
    (cache / f".0123abcd.wav.{pid}.part").write_bytes(b"")  # as write_wav leaves a clip cut short
    left = sorted(path.name for path in cache.iterdir() if not path.name.endswith(".lock"))
    assert any(name.startswith(f"{SPEECH_PREFIX}{pid}-") for name in left) and f".0123abcd.wav.{pid}.part" in left
    SpeechCache(cache).speech(CountingService(), "two words")
    left = [path.name for path in cache.iterdir() if not path.name.endswith((".lock", ".wav"))]
    assert left == []
    assert not any(path.name.startswith(".") and path.suffix == ".wav" for path in cache.iterdir())


def test_a_live_writers_part_file_is_kept(tmp_path):
    mine = tmp_path / f".clip.wav.{os.getppid()}.part"
    mine.write_bytes(b"")
    assert remove_stale_parts(tmp_path) == [] and mine.exists()


MIXING = """
import sys, time
import numpy as np
from pathlib import Path
import gdlesson.voice.mix as mix

def stuck(*args, **kwargs):
    print("writing", flush=True)
    time.sleep(60)

if sys.argv[1] == "mix":
    mix.master = stuck
    video = Path(sys.argv[2])
    mix.add_narration(video, mix.NarrationRecord("v", 1.0, ()), video)
else:
    mix.measure = stuck
    mix.master(0.1 * np.sin(2 * np.pi * 440 * np.arange(48000) / 48000).astype(np.float32), Path(sys.argv[2]))
"""


@pytest.mark.parametrize(("stage", "prefix"), [("mix", MIX_PREFIX), ("master", MASTER_PREFIX)])
def test_mixing_killed_by_sigkill_leaves_nothing_after_the_next_start(tmp_path, monkeypatch, stage, prefix):
    video = tmp_path / "scene.mp4"
    command = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=black:size=64x64:rate=15", "-t", "1"]
    subprocess.run([*command, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(video)], check=True)
    pid = killed_while(MIXING, stage, str(video if stage == "mix" else tmp_path / "out.m4a"), tmpdir=tmp_path)
    assert [path.name for path in tmp_path.glob(f"{prefix}*")][0].startswith(f"{prefix}{pid}-")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    master(tone(1.0, before=0.2, level=0.3), tmp_path / "next.m4a")
    if stage == "mix":  # the next mix sweeps the mix folders (master sweeps its own)
        from gdlesson.voice.mix import add_narration
        from gdlesson.voice.record import NarrationRecord, SpokenLine

        write_wav(tmp_path / "a.wav", tone(0.5))
        line = SpokenLine("0001", 0.1, "words", str(tmp_path / "a.wav"), 0.5, "test")
        add_narration(video, NarrationRecord("test", 1.0, (line,)), tmp_path / "narrated.mp4")
    assert list(tmp_path.glob(f"{prefix}*")) == []
