"""Probe scenes built once and shared between test modules (see ``builds.py``): each records everything its users
look at, so one build serves them all."""

from __future__ import annotations

from functools import cache

from datasets import DATA
from lessons import OTHER_LESSONS, make_lesson
from scene_checks import named_boxes, visible_texts
from scene_files import scene_module

from gdlesson.mobjects.layout import box_of, overlaps
from gdlesson.render.camera import LessonCamera

__all__ = [
    "LESSON_KEY",
    "descent_key",
    "descent_probe",
    "lesson_key",
    "lesson_on",
    "short_lesson_probe",
]

LESSON_KEY = "lesson, short run"
"""The shared-build key of :func:`short_lesson_probe`."""

SHORT_LESSON = {"pacing": 2.0, "epochs": 4}
"""The lesson :func:`short_lesson_probe` runs: the built-in one with a shorter run (lesson.toml keys)."""

INK_PIXELS = (240, 135)
"""Width and height of the frames :func:`short_lesson_probe` draws to measure their ink (a share of pixels needs
no more)."""


def descent_key(data: str = "built-in", scale: str | None = None) -> str:
    """The shared-build key of :func:`descent_probe` ``(data, scale)``."""
    return f"descent on {data}" + (f", scale = {scale}" if scale else "")


def descent_probe(data: str = "built-in", scale: str | None = None) -> type:
    """scenes/descent.py's Descent on the built-in lesson, or on ``tests/data/<data>`` with the defaults a new user
    gets (silent, as :func:`lessons.make_lesson`; ``scale`` overrides the lesson's), recording:

    - ``said``: every caption it says, in order;
    - ``snapshots["descent"]``, ``snapshots["end"]``: the texts on screen at the end of the descent and after the
      zoom on the minimum (the map's texts under the zoom inset left out: the inset hides them).

    One class per ``(data, scale)``, so every module sharing a build asks with the same class."""
    return _descent_probe(data, scale)


@cache  # keyed on the arguments as given: descent_probe() and descent_probe("built-in") must be one class
def _descent_probe(data: str, scale: str | None) -> type:
    overrides = {} if data == "built-in" else {"data": {"csv": str(DATA / data)}}
    if scale is not None:
        overrides["scale"] = scale
    descent = scene_module("descent").Descent

    class DescentProbe(descent):
        lesson = make_lesson(**overrides)

        def setup(self) -> None:
            super().setup()
            self.said: list[str] = []
            self.snapshots: dict[str, list] = {}
            say = self.captions.say

            def record(text, *args, **kwargs):
                self.said.append(text)
                return say(text, *args, **kwargs)

            self.captions.say = record

        def walk_downhill(self) -> None:
            super().walk_downhill()
            self.snapshots["descent"] = self.texts()

        def zoom_near_the_minimum(self) -> None:
            super().zoom_near_the_minimum()
            self.snapshots["end"] = self.texts()

        def texts(self) -> list:
            return [mob for mob in visible_texts(self) if not self.hidden_by_the_zoom(mob)]

        def hidden_by_the_zoom(self, mob) -> bool:
            inset = getattr(self, "inset", None)
            return inset is not None and mob in self.map.get_family() and overlaps(box_of(mob), box_of(inset.frame.box))

    return DescentProbe


@cache
def short_lesson_probe() -> type:
    """scenes/lesson.py's Lesson on :data:`SHORT_LESSON`, recording after every animation:

    - ``snapshots``: (chapter, named boxes of the texts on screen);
    - ``inked``: (chapter, share of the pixels that differ from the background), the frame drawn with Cairo as a
      render draws it (every mobject on screen), at :data:`INK_PIXELS`;
    - ``captions_said``: every caption on screen after an animation."""
    scene_class = scene_module("lesson").Lesson

    class LessonProbe(scene_class):
        lesson = make_lesson(**SHORT_LESSON)

        def setup(self) -> None:
            super().setup()
            self.snapshots: list[tuple[str, list[tuple[str, tuple]]]] = []
            self.inked: list[tuple[str, float]] = []
            self.captions_said: set[str] = set()
            width, height = INK_PIXELS
            self.ink_camera = LessonCamera(
                pixel_width=width, pixel_height=height, background_color=self.renderer.camera.background_color
            )

        def play(self, *args, **kwargs) -> None:
            super().play(*args, **kwargs)
            if self.captions.current is not None:
                self.captions_said.add(self.captions._text)
            chapter = self.chapters[-1][0] if self.chapters else ""
            self.snapshots.append((chapter, named_boxes(visible_texts(self))))
            camera = self.ink_camera
            camera.reset()
            camera.capture_mobjects(self.mobjects)
            ink = (camera.pixel_array != camera.background).any(axis=-1).mean()
            self.inked.append((chapter, float(ink)))

    return LessonProbe


def lesson_key(name: str) -> str:
    """The shared-build key of :func:`lesson_on` ``(name)``."""
    return f"lesson on {name}"


@cache
def lesson_on(name: str) -> type:
    """scenes/lesson.py's Lesson on ``lessons.OTHER_LESSONS[name]``, as it is (its captions' timeline is all its
    users read)."""
    scene_class = scene_module("lesson").Lesson
    return type(scene_class.__name__, (scene_class,), {"lesson": make_lesson(**OTHER_LESSONS[name])})
