"""LessonScene: the base of every scene file, a RenderScene that knows the lesson, its theme and its captions."""

from __future__ import annotations

from pathlib import Path

from gdlesson.lesson.handoff import handed_over, run_or_exit
from gdlesson.lesson.run import LessonRun, report
from gdlesson.mobjects.captions import CaptionBar
from gdlesson.mobjects.theme import Theme, get_theme
from gdlesson.render.scene import RenderScene
from gdlesson.voice.audio import VoiceError
from gdlesson.voice.narrator import Narrator, Recordings, narrator_for
from gdlesson.voice.record import NarrationRecord, missing_lines_message, narration_path, write_record

__all__ = ["LessonScene"]


class LessonScene(RenderScene):
    """A scene of the lesson: ``lesson`` (the :class:`LessonRun`), ``theme``, ``captions`` and their ``narrator``.

    The lesson is loaded when the scene is constructed (importing a scene file
    reads nothing): from the settings the ``gdlesson`` command handed over, or
    from the lesson file. A bad lesson stops with one line and exit status 2
    before manim creates any file. Set ``lesson`` on a subclass (tests do) to
    use that run instead.

    The captions are spoken in the lesson's voice. What was said and when
    goes to ``<Scene>.narration.json`` beside the movie; the ``gdlesson``
    command mixes it into the video, and plain ``manim`` adds each clip
    with ``add_sound``.
    """

    lesson: LessonRun | None = None
    voice_cache: Path | None = None
    """Where synthesized speech is kept (default: ``media/voices`` in the working directory)."""

    def __init__(self, *args, **kwargs) -> None:
        self.lesson = self.lesson or run_or_exit()
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.theme: Theme = get_theme(self.lesson.settings.theme)
        self.camera.background_color = self.theme.background
        self.captions = CaptionBar(self, self.theme, narrator=self.make_narrator())

    def make_narrator(self) -> Narrator:
        """The narrator of the lesson's ``voice`` setting; a voice that cannot speak stops with one line, exit 2."""
        try:
            return narrator_for(self.lesson.settings.voice, self.voice_cache or Path.cwd() / "media" / "voices")
        except VoiceError as error:
            report("error", error)
            raise SystemExit(2) from None

    def tear_down(self) -> None:
        self.captions.close()
        self._record_narration()
        super().tear_down()

    def _record_narration(self) -> None:
        movie = self.movie_path()
        if movie is None or not self.captions.spoken:
            return
        narrator = self.captions.narrator
        unrecorded = set(narrator.missing) if isinstance(narrator, Recordings) else set()
        missing = tuple(line.id for line in self.captions.spoken if line.text in unrecorded)
        record = NarrationRecord(narrator.name, self.time, tuple(self.captions.spoken), missing)
        write_record(narration_path(movie), record)
        if not handed_over():
            if missing:
                report("warning", missing_lines_message(missing))
            for line in record.lines:
                self.add_sound(line.clip, time_offset=line.start - self.time)
