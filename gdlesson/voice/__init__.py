"""Narration: captions spoken by an offline voice or by the creator's own recordings, mixed into the video.

- :mod:`~gdlesson.voice.services`: espeak-ng and piper with manim-voiceover's ``SpeechService`` interface;
- :mod:`~gdlesson.voice.narrator`: the clip of each caption, cached by (voice, text), and how long it needs;
- :mod:`~gdlesson.voice.script`: ``narration.json`` and the teleprompter for recording your own voice;
- :mod:`~gdlesson.voice.record`: what a rendered scene said and when;
- :mod:`~gdlesson.voice.mix`: the loudness-normalised AAC track muxed into the MP4;
- :mod:`~gdlesson.voice.audio`: decoding, trimming, fading and writing sound.

Nothing here imports manim except :mod:`~gdlesson.voice.voiceover` (the
adapters for manim-voiceover's ``VoiceoverScene``).
"""
