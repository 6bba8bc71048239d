"""Glyph shapes kept on disk between processes: a render's shards, the next render, each test worker.

A process that meets a glyph no process has made before makes it (see :mod:`gdlesson.mobjects.glyphs`); every
later process reads it back instead: a cold descent build spends about a second, a lesson's several, making
glyphs. One file a glyph in ``media/glyphs`` of the working directory (where manim runs, beside the voice
cache), named by a hash of the glyph's key and of the manim and Python that made it, so a file from other code
is never read. A file appears whole or not at all (written beside and renamed); one that cannot be read is made
again, and a disk that cannot be written only keeps the glyph in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

import manim

from gdlesson.scratch import remove_stale_parts

__all__ = ["GlyphFiles"]

FORMAT = (1, manim.__version__, sys.version_info[:2])
"""What a file's name depends on besides the key: the file layout, manim's version and Python's."""


class GlyphFiles:
    """Glyphs ``(pickled shape or None, (a, b, c, d))`` by key, in ``folder`` (default: ``media/glyphs`` of the
    working directory when first used)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._swept = False

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = Path.cwd() / "media" / "glyphs"
        return self._folder

    def path(self, key: tuple) -> Path:
        digest = hashlib.sha256(repr((FORMAT, key)).encode()).hexdigest()
        return self.folder / f"{digest[:40]}.pickle"

    def read(self, key: tuple) -> tuple[bytes | None, tuple[float, float, float, float]] | None:
        """The glyph kept for ``key``, or None (never kept, or a file cut short or unreadable)."""
        try:
            glyph = pickle.loads(self.path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return None
        if not _is_glyph(glyph):
            return None
        return glyph

    def write(self, key: tuple, glyph: tuple[bytes | None, tuple[float, float, float, float]]) -> None:
        """Keep ``glyph`` for ``key``: the file appears whole, or (disk full, read-only) not at all."""
        target = self.path(key)
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not self._swept:  # what killed writers left
                remove_stale_parts(target.parent)
                self._swept = True
            partial.write_bytes(pickle.dumps(glyph, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, target)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def _is_glyph(value: object) -> bool:
    """Whether ``value`` has a glyph's form: a pickled shape (or None) and four numbers."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    shape, linear = value
    return (
        (shape is None or isinstance(shape, bytes))
        and isinstance(linear, tuple)
        and len(linear) == 4
        and all(isinstance(number, float) for number in linear)
    )
