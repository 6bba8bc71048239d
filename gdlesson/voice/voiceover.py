"""The offline voices as real manim-voiceover ``SpeechService`` subclasses, for ``VoiceoverScene``.

    from manim_voiceover import VoiceoverScene
    from gdlesson.voice.voiceover import PiperVoiceoverService

    class Intro(VoiceoverScene):
        def construct(self):
            self.set_speech_service(PiperVoiceoverService())
            with self.voiceover(text="Gradient descent walks downhill."):
                ...

They say the same words as the lesson's own narration: a caption's spoken
form (pass a :class:`gdlesson.voice.spoken.Line` as ``text`` to compose it),
else the caption with its numbers and symbols in words. ``speed`` is the
lesson's ``voice_speed``. They never ask a question (manim-voiceover's own services may call
``input()`` to offer installing a missing extra). This module imports
manim, through manim-voiceover; the rest of :mod:`gdlesson.voice` does not.
"""

from __future__ import annotations

from manim_voiceover.services.base import SpeechService, initialize_speech_service

from gdlesson.voice.services import EspeakService, OfflineService, PiperService
from gdlesson.voice.spoken import spoken_form

__all__ = ["EspeakVoiceoverService", "PiperVoiceoverService"]


class _Offline(SpeechService):
    """A :class:`SpeechService` that speaks with one of our offline services."""

    engine: type[OfflineService]

    def __init__(self, *, speed: float = 1.0, **kwargs) -> None:
        self.voice = self.engine(speed=speed)
        initialize_speech_service(self, kwargs)

    def generate_from_text(self, text, cache_dir=None, path=None, **kwargs):
        text = spoken_form(text)
        input_data = {"input_text": text, "service": self.voice.identity}
        cached = self.get_cached_result(input_data, cache_dir or self.cache_dir)
        if cached is not None:
            return cached
        return self.voice.generate_from_text(text, cache_dir=cache_dir or self.cache_dir, path=path)


class PiperVoiceoverService(_Offline):
    """piper with the en_US "joe" medium voice (CC0), offline."""

    engine = PiperService


class EspeakVoiceoverService(_Offline):
    """espeak-ng, offline and instant."""

    engine = EspeakService
