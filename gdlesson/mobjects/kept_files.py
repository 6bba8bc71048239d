"""Typesetting kept on disk between processes: a render's shards, the next render, each test worker.

A process that meets a glyph or a text no process has made before makes it (see :mod:`gdlesson.mobjects.glyphs`
and :class:`gdlesson.mobjects.memo.Typeset`); every later process reads it back instead: a cold descent build
spends about a second, a lesson's several, typesetting. One file a value in ``media/<name>`` of the working
directory (where manim runs, beside the voice cache), named by a hash of its key, of the manim and Python that
made it and of the code that made it (``version``), so a file from other code is never read. A file appears
whole or not at all (written beside and renamed); one that cannot be read, or does not hold what is expected,
is made again, and a disk that cannot be written only keeps the value in memory. Past ``budget`` bytes in a
folder, the first write of a process removes the oldest files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import manim

from gdlesson.scratch import remove_stale_parts

__all__ = ["KeptFiles", "code_version"]

FORMAT = (1, manim.__version__, sys.version_info[:2])
"""What a file's name depends on besides the key and the version: the file layout, manim's version and Python's."""


def code_version(*modules: ModuleType) -> str:
    """A digest of the source of ``modules``: what the values made by their code depend on."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


class KeptFiles:
    """Values by key in ``folder`` (default: ``media/<name>`` of the working directory when first used), each
    read back only when ``accepts`` it."""

    def __init__(
        self,
        name: str,
        accepts: Callable[[object], bool],
        folder: Path | None = None,
        *,
        version: str = "",
        budget: int | None = None,
    ) -> None:
        self.name, self.accepts, self.version, self.budget = name, accepts, version, budget
        self._folder = folder
        self._swept = False

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = Path.cwd() / "media" / self.name
        return self._folder

    def path(self, key: tuple) -> Path:
        digest = hashlib.sha256(repr((FORMAT, self.version, key)).encode()).hexdigest()
        return self.folder / f"{digest[:40]}.pickle"

    def read(self, key: tuple) -> object | None:
        """The value kept for ``key``, or None (never kept, or a file cut short, unreadable or not accepted)."""
        try:
            value = pickle.loads(self.path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return None
        return value if self.accepts(value) else None

    def write(self, key: tuple, value: object) -> None:
        """Keep ``value`` for ``key``: the file appears whole, or (disk full, read-only) not at all."""
        target = self.path(key)
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if not self._swept:  # what killed writers left, and the oldest files beyond the budget
                remove_stale_parts(target.parent)
                self._keep_within_budget()
                self._swept = True
            partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, target)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)

    def _keep_within_budget(self) -> None:
        """Past :attr:`budget` bytes, remove the oldest files until at most half of it is used."""
        if self.budget is None:
            return
        files = []
        for path in self.folder.glob("*.pickle"):
            with contextlib.suppress(FileNotFoundError):  # another process removed it
                status = path.stat()
                files.append((status.st_mtime, status.st_size, path))
        used = sum(size for _, size, _ in files)
        if used <= self.budget:
            return
        for _, size, path in sorted(files):
            if used <= self.budget // 2:
                return
            path.unlink(missing_ok=True)
            used -= size
