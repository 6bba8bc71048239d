"""List what a scene says without drawing it: every caption in order, with its chapter and speech.

The scene is constructed with every animation skipped (no frames, no files),
in this process, with the lesson and the voice given; its caption bar keeps
the spoken lines. This is how ``gdlesson narration`` writes the script that
people record their own voice from.
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from manim import tempconfig

from gdlesson.lesson.run import LessonRun
from gdlesson.voice.script import ScriptLine

__all__ = ["script_lines"]


def script_lines(scene_file: Path, cls: str, lesson: LessonRun, *, voice_cache: Path, caches: Path) -> list[ScriptLine]:
    """The lines class ``cls`` of ``scene_file`` speaks for ``lesson``, in order, each with its chapter,
    its recording's file name (``<id>.wav``) and how long ``lesson``'s voice takes to say it.

    ``caches`` holds manim's LaTeX and text caches (``Tex``, ``texts``).
    """
    spec = importlib.util.spec_from_file_location(f"gdlesson_listing_{scene_file.stem}", scene_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scene_class = type(cls, (getattr(module, cls),), {"lesson": lesson, "voice_cache": voice_cache})
    with tempfile.TemporaryDirectory(prefix="gdlesson-listing-") as media:
        settings = {"media_dir": media, "dry_run": True, "quality": "low_quality", "progress_bar": "none"}
        settings |= {"verbosity": "WARNING", "tex_dir": str(caches / "Tex"), "text_dir": str(caches / "texts")}
        with tempconfig(settings):
            scene = scene_class(skip_animations=True)
            scene.render()
    chapters = scene.chapters
    lines = []
    for line in scene.spoken_lines():
        chapter = next((name for name, start in reversed(chapters) if start <= line.start), "")
        lines.append(ScriptLine(line.id, line.text, f"{line.id}.wav", chapter, round(line.seconds, 2), line.spoken))
    return lines
