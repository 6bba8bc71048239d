"""Names of the files a render writes beside its movie (no manim import, for the command and the export)."""

from __future__ import annotations

import os

__all__ = ["beats_path", "chapters_path"]


def chapters_path(movie: os.PathLike | str) -> str:
    """Where a scene's chapter list is written, beside its movie file (see ``RenderScene``)."""
    return os.fspath(movie).rsplit(".", 1)[0] + ".chapters.json"


def beats_path(movie: os.PathLike | str) -> str:
    """Where a lesson scene's beats (its captions, stills and cleared stages) are written, beside its movie
    (see ``LessonScene``; the slides are cut from them)."""
    return os.fspath(movie).rsplit(".", 1)[0] + ".beats.json"
