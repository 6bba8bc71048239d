"""Temporary folders named after the process that owns them, so the next command can clear a killed one's.

A folder is ``<prefix><pid>-<random>``. :func:`scratch_folder` removes its own
on the way out (also when stopped by a signal); a SIGKILLed command cannot,
so :func:`remove_stale` deletes every folder whose owner is no longer alive.
No manim import.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gdlesson.text import fixed, number

__all__ = [
    "RENDER_PREFIX",
    "THUMBNAIL_PREFIX",
    "new_scratch",
    "owner_alive",
    "remove_stale",
    "remove_stale_parts",
    "require_space",
    "scratch_folder",
]

RENDER_PREFIX = "gdlesson-render-"
THUMBNAIL_PREFIX = "gdlesson-thumbnail-"


def owner_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a process of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _orphans(parent: Path, pattern: re.Pattern) -> list[Path]:
    """The entries of ``parent`` whose whole name matches ``pattern`` and whose group 1, a pid, is another
    process's, now gone (none when ``parent`` cannot be read)."""
    try:
        entries = list(Path(parent).iterdir())
    except OSError:
        return []
    orphans = []
    for path in entries:
        found = pattern.fullmatch(path.name)
        if found and int(found.group(1)) != os.getpid() and not owner_alive(int(found.group(1))):
            orphans.append(path)
    return orphans


def remove_stale(parent: Path, prefix: str) -> list[Path]:
    """Delete the folders and files ``parent/<prefix><pid>-...`` whose process is gone; returns them."""
    removed = _orphans(parent, re.compile(re.escape(prefix) + r"(\d+)-.*", re.DOTALL))
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed


def remove_stale_parts(parent: Path) -> list[Path]:
    """Delete the files ``parent/.<name>.<pid>.part[.<suffix>]`` (what an atomic write leaves while writing)
    whose process is gone; returns them."""
    removed = _orphans(parent, re.compile(r"\..+\.(\d+)\.part(\.\w+)?"))
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def require_space(folder: Path, megabytes: float, purpose: str) -> None:
    """Raise ``OSError(ENOSPC)`` with one readable line unless ``folder``'s disk has ``megabytes`` free."""
    free = shutil.disk_usage(folder).free / 1e6
    if free < megabytes:
        raise OSError(
            errno.ENOSPC,
            f"{folder} has {fixed(free, 1)} MB free, and {purpose} needs about {number(megabytes, 6)} MB; "
            "free some space",
        )


def new_scratch(prefix: str, parent: Path | None = None) -> Path:
    """A new private folder ``<parent>/<prefix><pid>-<random>`` (parent: the system's temporary folder)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


@contextmanager
def scratch_folder(prefix: str, parent: Path | None = None) -> Iterator[Path]:
    """A new folder (see :func:`new_scratch`) removed with everything in it when the block ends.

    Stale folders of the same prefix left by killed processes are removed first.
    """
    remove_stale(Path(parent or tempfile.gettempdir()), prefix)
    folder = new_scratch(prefix, parent)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
