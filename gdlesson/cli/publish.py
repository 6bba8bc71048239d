"""Put finished outputs in place all together or not at all; what was there before survives any failure.

:func:`publish_files` installs a set of files (a video with its subtitles and
chapters) in two phases: first every new file is written beside its target
under a temporary name (the phase that needs disk space, and where a full
disk stops it), then they are renamed over their targets, keeping hard links
to the old ones until all renames succeeded, so a failure puts every old
file back. :func:`publish_folder` replaces a whole folder by a staged one
with one atomic exchange (Linux ``renameat2``), or two renames elsewhere.
Every failure is one :class:`PublishError` line. No manim import.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from gdlesson.scratch import remove_stale

__all__ = ["PublishError", "exchange", "part_prefix", "publish_files", "publish_folder"]

AT_FDCWD = -100
RENAME_EXCHANGE = 2
"""From <linux/fs.h>: renameat2 swaps the two paths atomically."""

try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
except (OSError, AttributeError):  # not Linux, or a C library without renameat2
    _renameat2 = None


class PublishError(RuntimeError):
    """The outputs could not be put in place (disk full, permissions); the old ones are untouched."""


def part_prefix(target: Path) -> str:
    """The prefix of the temporary names beside ``target`` while it is published (hidden: a dot first)."""
    return f".{target.name}.gdlesson-"


def _fail(target: Path, error: OSError) -> PublishError:
    reason = error.strerror or str(error)
    return PublishError(f"cannot write {target} ({reason}); the previous outputs were left as they were")


def publish_files(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Move every ``(source, target)`` into place, all or none; targets are replaced in the given order.

    Raises :class:`PublishError` (one line) when a file cannot be written;
    then no target has changed and no temporary file is left. An interrupt
    (KeyboardInterrupt, a stop signal) part-way is undone the same way.
    """
    pid = os.getpid()
    staged: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None]] = []
    links: list[Path] = []
    try:
        for source, target in pairs:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(target.parent, part_prefix(target))
            part = target.with_name(f"{part_prefix(target)}{pid}-new")
            staged.append((part, target))
            _copy(source, part)
        for part, target in staged:
            old = None
            if target.exists():
                old = target.with_name(f"{part_prefix(target)}{pid}-old")
                links.append(old)
                os.link(target, old)
            os.replace(part, target)
            replaced.append((target, old))
    except BaseException as error:  # also Ctrl-C or SIGTERM between two renames: undo them all
        failed = target
        for done, old in reversed(replaced):
            if old is None:
                done.unlink(missing_ok=True)
            else:
                os.replace(old, done)
        for leftover in [part for part, _ in staged] + links:
            leftover.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _fail(failed, error) from None
        raise
    for old in links:
        old.unlink(missing_ok=True)


def _copy(source: Path, target: Path) -> None:
    """A new file ``target`` with ``source``'s bytes: a hard link when they share a file system, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        with target.open("rb") as handle:
            os.fsync(handle.fileno())


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system cannot (then nothing changed)."""
    if _renameat2 is None:
        return False
    done = _renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # this file system or kernel cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(first))


def publish_folder(staging: Path, out: Path, *, keep: Sequence[str] = ()) -> None:
    """Make the folder ``staging`` become ``out`` at once; an existing ``out`` is replaced as a whole.

    Entries of the old ``out`` that ``staging`` lacks are carried over as
    hard links first (only names in ``keep`` are never carried: they are
    the ones being published). ``staging`` must be beside ``out``.
    """
    try:
        if not out.exists():
            os.rename(staging, out)
            return
        for entry in out.iterdir():
            if entry.name not in keep and not (staging / entry.name).exists():
                _carry(entry, staging / entry.name)
        if exchange(staging, out):
            shutil.rmtree(staging, ignore_errors=True)
            return
        old = out.with_name(f"{staging.name}-old")
        os.rename(out, old)
        try:
            os.rename(staging, out)
        except OSError:
            os.rename(old, out)
            raise
        shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        raise _fail(out, error) from None


def _carry(entry: Path, target: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.copytree(entry, target, symlinks=True, copy_function=os.link)
    elif entry.is_symlink():
        os.symlink(os.readlink(entry), target)
    else:
        os.link(entry, target)
