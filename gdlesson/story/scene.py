"""LessonScene: the base of every scene file, a RenderScene that knows the lesson, its theme and its captions."""

from __future__ import annotations

import os
from pathlib import Path

from manim import config

from gdlesson.lesson.handoff import handed_over, run_or_exit
from gdlesson.lesson.run import LessonRun, report
from gdlesson.mobjects.captions import CaptionBar, reading_time
from gdlesson.mobjects.theme import Theme, get_theme
from gdlesson.render.beats import BeatRecord, write_beats
from gdlesson.render.outputs import beats_path
from gdlesson.render.scene import RenderScene
from gdlesson.voice.audio import VoiceError
from gdlesson.voice.narrator import LEAD, Narrator, Recordings, Silent, narrator_for
from gdlesson.voice.record import NarrationRecord, SpokenLine, missing_lines_message, narration_path, write_record
from gdlesson.voice.script import line_id
from gdlesson.voice.spoken import Line

__all__ = ["QUIET_DRAWING", "TAIL", "LessonScene"]

TAIL = 1.0
"""Seconds a narrated video runs on after its last word."""

QUIET_DRAWING = 1.0
"""Seconds a descent of a narrated scene plays on after its last caption's speech and breath: with the
breath before, the next caption's lead-in and a fade, the silence stays under 3 s."""


class LessonScene(RenderScene):
    """A scene of the lesson: ``lesson`` (the :class:`LessonRun`), ``theme``, ``captions`` and their ``narrator``.

    The lesson is loaded when the scene is constructed (importing a scene file
    reads nothing): from the settings the ``gdlesson`` command handed over, or
    from the lesson file. A bad lesson stops with one line and exit status 2
    before manim creates any file. Set ``lesson`` on a subclass (tests do) to
    use that run instead.

    The captions are spoken in the lesson's voice, and each stays on screen
    until its speech and a breath are over (:meth:`seconds_needed`). What was
    said and when goes to ``<Scene>.narration.json`` beside the movie; the
    ``gdlesson`` command mixes it into the video, and plain ``manim`` adds
    each line with ``add_sound``.
    """

    lesson: LessonRun | None = None

    caption_seconds = staticmethod(reading_time)
    """Seconds a caption needs to be read, a function of its text: the caption bar keeps each on screen at least
    this long, or as long as its speech when that is longer (and never faster than 20 characters a second)."""

    voice_cache: Path | None = None
    """Where synthesized speech is kept (default: ``media/voices`` in the working directory)."""

    def __init__(self, *args, **kwargs) -> None:
        self.lesson = self.lesson or run_or_exit()
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.theme: Theme = get_theme(self.lesson.settings.theme)
        self.camera.background_color = self.theme.background
        self.narrator = self.make_narrator()
        self.captions = CaptionBar(self, self.theme, seconds_needed=self.seconds_needed)
        # With a voice on, the subtitles are the transcript of what is said.
        self.captions.subtitles = "shown" if isinstance(self.narrator, Silent) else "spoken"
        # ... and a descent does not draw on in silence for long after its last line (no dead air).
        self.captions.quiet_limit = None if isinstance(self.narrator, Silent) else QUIET_DRAWING
        self.clears: list[float] = []  # when the stage was cleared (``clear_stage``): where a slide must not end

    def seconds_needed(self, text: str) -> float:
        """How long caption ``text`` stays at least: to be read, and to be spoken with a breath after."""
        try:
            return max(self.caption_seconds(text), self.narrator.seconds_needed(text))
        except VoiceError as error:  # a recording that is not sound: one line naming it, in every process
            report("error", error)
            raise SystemExit(2) from None

    def make_narrator(self) -> Narrator:
        """The narrator of the lesson's ``voice`` setting; a voice that cannot speak stops with one line, exit 2."""
        try:
            settings = self.lesson.settings
            cache = self.voice_cache or Path.cwd() / "media" / "voices"
            return narrator_for(settings.voice, cache, speed=settings.voice_speed)
        except VoiceError as error:
            report("error", error)
            raise SystemExit(2) from None

    def spoken_lines(self) -> list[SpokenLine]:
        """Every caption shown so far that was spoken, in order: its speech starts :data:`LEAD` after the caption."""
        lines = []
        for index, cue in enumerate(self.captions.timeline, start=1):
            clip = self.narrator.clip(Line(cue.text, cue.spoken))
            if clip is not None and clip.seconds > 0:
                key, start = line_id(index, cue.text), cue.start + LEAD
                lines.append(SpokenLine(key, start, cue.text, str(clip.path), clip.seconds, clip.voice, cue.spoken))
        return lines

    def tear_down(self) -> None:
        self.captions.close()
        self._hold_after_last_word()
        self._record_narration()
        self._record_beats()
        super().tear_down()

    def _record_beats(self) -> None:
        """Write ``<Scene>.beats.json`` beside the movie: what ``gdlesson slides`` cuts the slides from."""
        movie = self.movie_path()
        if movie is None:
            return
        cues = tuple((cue.start, cue.text, cue.spoken) for cue in self.captions.timeline)
        record = BeatRecord(
            self.time, config.frame_rate, cues, tuple(self.stills), tuple(self.clears), tuple(self.chapters)
        )
        os.makedirs(os.path.dirname(movie), exist_ok=True)
        write_beats(beats_path(movie), record)

    def _hold_after_last_word(self) -> None:
        """Let the video run :data:`TAIL` seconds past the end of its last spoken line."""
        ends = [line.start + line.seconds for line in self.spoken_lines()]
        if ends and self.time < max(ends) + TAIL:
            self.wait(max(ends) + TAIL - self.time + 1 / config.frame_rate)

    def _record_narration(self) -> None:
        movie = self.movie_path()
        spoken = self.spoken_lines()
        if movie is None or not spoken:
            return
        narrator = self.narrator
        unrecorded = set(narrator.missing) if isinstance(narrator, Recordings) else set()
        missing = tuple(line.id for line in spoken if line.text in unrecorded)
        refused = tuple(narrator.refused.values()) if isinstance(narrator, Recordings) else ()
        record = NarrationRecord(narrator.name, self.time, tuple(spoken), missing, refused)
        write_record(narration_path(movie), record)
        if not handed_over():
            for problem in refused:
                report("warning", problem)
            if missing:
                report("warning", missing_lines_message(missing))
            for line in record.lines:
                self.add_sound(line.clip, time_offset=line.start - self.time)
