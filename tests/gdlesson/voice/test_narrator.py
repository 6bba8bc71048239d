"""Narrators: the speech cache (one synthesis per voice and text, whole files), recordings with their
fallback, and synthesis with no network at all."""

import json
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from sound_checks import CountingService, line_loudness, tone

from gdlesson.voice.audio import RATE, VoiceError, decode, write_wav
from gdlesson.voice.mix import LINE_LUFS
from gdlesson.voice.narrator import (
    BREATH,
    LEAD,
    LEAD_IN,
    Recordings,
    SpeechCache,
    Synthetic,
    check_voice,
    narrator_for,
)
from gdlesson.voice.services import EspeakService
from gdlesson.voice.spoken import Line

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def test_a_second_narrator_reads_the_cache_instead_of_synthesizing(tmp_path):
    first, second = CountingService(), CountingService()
    clip = Synthetic(first, SpeechCache(tmp_path)).clip("four words said here")
    again = Synthetic(second, SpeechCache(tmp_path)).clip("four words said here")
    assert first.calls == ["four words said here"] and second.calls == []
    assert again == clip
    # The silence around the speech is trimmed (a 40 ms margin each side stays), and a lead-in added.
    assert clip.seconds == pytest.approx(LEAD_IN + 1.0 + 0.08, abs=0.02)
    # Only whole WAV files (and lock files) are left in the cache.
    assert {path.suffix for path in tmp_path.iterdir()} <= {".wav", ".lock"}
    with wave.open(str(clip.path)) as handle:
        assert handle.getframerate() == RATE and handle.getnchannels() == 1


def test_another_text_or_voice_is_synthesized_again(tmp_path):
    service = CountingService()
    narrator = Synthetic(service, SpeechCache(tmp_path))
    narrator.clip("one two")
    narrator.clip("one two three")
    service.identity = "counting, slower"
    Synthetic(service, SpeechCache(tmp_path)).clip("one two")
    assert service.calls == ["one two", "one two three", "one two"]


def test_seconds_needed_is_lead_speech_and_breath(tmp_path):
    narrator = Synthetic(CountingService(), SpeechCache(tmp_path))
    clip = narrator.clip("a b c d e f")
    assert narrator.seconds_needed("a b c d e f") == pytest.approx(LEAD + clip.seconds + BREATH)
    assert narrator_for("none", tmp_path).seconds_needed("anything at all") == 0.0


def test_the_voice_says_the_spoken_form_and_the_cache_keys_on_it(tmp_path):
    service = CountingService()
    narrator = Synthetic(service, SpeechCache(tmp_path))
    narrator.clip("W* = 1.97")
    narrator.clip(Line("W* = 1.97", "W star is about two"))
    narrator.clip(Line("W* is 1.97", "W star is about two"))  # the same words: the same clip
    assert service.calls == ["W star equals one point nine seven", "W star is about two"]


def make_recordings(folder: Path, lengths: dict[str, float], *, suffix: str = ".wav") -> None:
    """A narration.json for ``lengths`` (text -> seconds) and a tone of that length, padded with silence,
    recorded for each line."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for index, (text, seconds) in enumerate(lengths.items(), start=1):
        stem = f"{index:04d}-line"
        lines.append({"id": stem, "text": text, "file": f"{stem}.wav"})
        write_wav(folder / "take.wav", tone(seconds, before=0.7, after=0.9))
        command = ["ffmpeg", "-v", "error", "-y", "-i", str(folder / "take.wav"), str(folder / f"{stem}{suffix}")]
        subprocess.run(command, check=True)
    (folder / "take.wav").unlink()
    (folder / "narration.json").write_text(json.dumps(lines), encoding="utf-8")


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".mp3"])
def test_recordings_are_trimmed_and_a_missing_line_falls_back(tmp_path, suffix):
    make_recordings(tmp_path / "takes", {"First line.": 2.5, "Second line.": 1.25}, suffix=suffix)
    fallback_service = CountingService()
    cache = SpeechCache(tmp_path / "cache")
    narrator = Recordings(tmp_path / "takes", Synthetic(fallback_service, cache), cache)
    assert narrator.clip("First line.").seconds == pytest.approx(2.5 + 0.08, abs=0.06)
    assert narrator.clip("Second line.").seconds == pytest.approx(1.25 + 0.08, abs=0.06)
    assert narrator.clip("First line.").voice == "recording"
    unrecorded = narrator.clip("A line nobody recorded.")
    assert unrecorded.voice == "counting" and fallback_service.calls == ["A line nobody recorded."]
    narrator.clip("A line nobody recorded.")
    assert narrator.missing == ["A line nobody recorded."]


def test_a_folder_without_a_script_stops_with_the_fix(tmp_path):
    with pytest.raises(VoiceError, match="run 'gdlesson narration --out") as error:
        check_voice(str(tmp_path))
    assert "\n" not in str(error.value)


@needs_espeak
def test_espeak_speaks_the_caption(tmp_path):
    clip = Synthetic(EspeakService(), SpeechCache(tmp_path)).clip("Each ring joins the lines with the same loss.")
    assert 1.5 < clip.seconds < 6.0
    samples = decode(clip.path)
    assert np.sqrt(np.mean(samples**2)) > 0.01  # not silence


OFFLINE = """
import sys
from gdlesson.voice.narrator import narrator_for
clip = narrator_for(sys.argv[1], sys.argv[2]).clip("Gradient descent walks downhill, one mini-batch at a time.")
print(clip.seconds)
"""


@pytest.mark.parametrize("voice", ["espeak", "piper"])
def test_built_in_voices_speak_without_a_network(tmp_path, voice):
    if voice == "espeak" and shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not permitted here (no network namespace)")
    command = ["unshare", "-n", sys.executable, "-c", OFFLINE, voice, str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert 1.5 < float(result.stdout) < 8.0


@needs_espeak
def test_our_voices_are_manim_voiceover_speech_services_and_theirs_drive_the_narration(tmp_path):
    from manim_voiceover.services.base import SpeechService

    from gdlesson.voice.voiceover import EspeakVoiceoverService

    service = EspeakVoiceoverService(cache_dir=tmp_path / "voiceover")
    assert isinstance(service, SpeechService)
    # What VoiceoverScene calls: the audio lands in the service's cache and is found there the second time.
    data = service._wrap_generate_from_text("One gradient step.")
    assert (tmp_path / "voiceover" / data["final_audio"]).stat().st_size > 1000
    assert service.generate_from_text("One gradient step.")["original_audio"] == data["original_audio"]
    # And a manim-voiceover service speaks our captions through the cache like any other.
    clip = Synthetic(service, SpeechCache(tmp_path / "cache")).clip("One gradient step.")
    assert clip.voice == "EspeakVoiceoverService" and 0.5 < clip.seconds < 3


class LoudAndQuiet:
    """A voice that says "loud" 20 dB louder than anything else, from its very first sample."""

    identity = "loud and quiet"

    def generate_from_text(self, text, cache_dir=None, path=None, **kwargs):
        t = np.arange(2 * RATE) / RATE
        level = 0.9 if text == "loud" else 0.09
        speech = (level * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)
        write_wav(Path(cache_dir) / "speech.wav", speech)
        return {"input_text": text, "input_data": {}, "original_audio": "speech.wav"}


def test_every_clip_is_levelled_and_starts_with_silence(tmp_path):
    narrator = Synthetic(LoudAndQuiet(), SpeechCache(tmp_path / "cache"))
    loud, quiet = narrator.clip("loud"), narrator.clip("quiet")
    levels = [line_loudness(clip.path, 0.0, clip.seconds) for clip in (loud, quiet)]  # ffmpeg's ebur128
    assert levels == [pytest.approx(LINE_LUFS, abs=0.5)] * 2  # 20 dB apart before
    for clip in (loud, quiet):
        samples = decode(clip.path)
        lead = round(LEAD_IN * RATE)
        assert np.all(samples[: lead - 10] == 0) and np.abs(samples[lead + 500 : lead + 2000]).max() > 0.01


def test_the_voiceover_route_says_the_same_spoken_words(tmp_path, monkeypatch):
    from gdlesson.voice.voiceover import EspeakVoiceoverService

    said = []
    monkeypatch.setattr(EspeakService, "synthesize", lambda self, text, target: said.append(text) or target.touch())
    service = EspeakVoiceoverService(cache_dir=tmp_path / "voiceover", speed=1.2)
    data = service.generate_from_text("W* = 1.97 at 2 / \u03bbmax")
    service.generate_from_text(Line("W* = 1.97", "W star is about two"))
    assert said == ["W star equals one point nine seven at two over lambda max", "W star is about two"]
    assert data["input_text"] == said[0] and service.voice.words_per_minute == 180
