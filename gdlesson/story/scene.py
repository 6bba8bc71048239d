"""LessonScene: the base of every scene file, a RenderScene that knows the lesson, its theme and its captions."""

from __future__ import annotations

from gdlesson.lesson.handoff import run_or_exit
from gdlesson.lesson.run import LessonRun
from gdlesson.mobjects.captions import CaptionBar, reading_time
from gdlesson.mobjects.theme import Theme, get_theme
from gdlesson.render.scene import RenderScene

__all__ = ["LessonScene"]


class LessonScene(RenderScene):
    """A scene of the lesson: ``lesson`` (the :class:`LessonRun`), ``theme`` and ``captions``.

    The lesson is loaded when the scene is constructed (importing a scene file
    reads nothing): from the settings the ``gdlesson`` command handed over, or
    from the lesson file. A bad lesson stops with one line and exit status 2
    before manim creates any file. Set ``lesson`` on a subclass (tests do) to
    use that run instead.
    """

    lesson: LessonRun | None = None

    caption_seconds = staticmethod(reading_time)
    """Seconds a caption needs, a function of its text: the caption bar keeps each on screen at least this
    long (and never faster than 20 characters a second). A narration voice replaces it with its speech time."""

    def __init__(self, *args, **kwargs) -> None:
        self.lesson = self.lesson or run_or_exit()
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.theme: Theme = get_theme(self.lesson.settings.theme)
        self.camera.background_color = self.theme.background
        self.captions = CaptionBar(self, self.theme, seconds_needed=self.caption_seconds)

    def tear_down(self) -> None:
        self.captions.close()
        super().tear_down()
