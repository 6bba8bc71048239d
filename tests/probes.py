"""Probe scenes built once and shared between test modules (see ``builds.py``): each records everything its users
look at, so one build serves them all."""

from __future__ import annotations

from functools import cache

from datasets import DATA
from lessons import make_lesson
from scene_checks import visible_texts
from scene_files import scene_module

from gdlesson.mobjects.layout import box_of, overlaps

__all__ = ["descent_key", "descent_probe"]


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
