"""Render one scene with several manim processes and join their pieces into one video.

Each process runs the whole scene but draws only every N-th animation (see
``RenderScene.play``); skipped animations still advance time frame-exactly,
so every process writes the same subtitles and chapters. Manim keeps each
animation as its own partial movie (``uncached_00012.mp4``); joining them in
index order with ffmpeg's concat demuxer (no re-encoding) gives exactly the
video a single process would have made. No manim import here.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from gdlesson.lesson.handoff import SHARD_ENV
from gdlesson.render.children import run_child, start_child, stop_children

__all__ = ["CACHES", "ShardError", "default_jobs", "keep_new_cache_files", "own_cache_config", "render_sharded"]

PIECE = re.compile(r"uncached_(\d+)\.mp4$")


class ShardError(RuntimeError):
    """A shard failed, or the pieces do not add up to one video."""


def default_jobs() -> int:
    """One process per core, at most 4 (each holds a few frames of the video in memory)."""
    return max(1, min(os.cpu_count() or 1, 4))


def render_sharded(
    manim_render: Sequence[str],
    scene_file: str,
    cls: str,
    *,
    root: Path,
    env: dict[str, str],
    jobs: int,
    scratch: Path,
) -> Path:
    """Render ``cls`` of ``scene_file`` with ``jobs`` processes and join the pieces.

    ``manim_render`` is the command up to its options (e.g. ``python -m manim
    render -qh``). Only the first process shows manim's progress. Returns the
    joined video, ``scratch/videos/<module>/<quality>/<cls>.mp4``, with the
    subtitles and chapter list of the first process beside it.
    """
    processes: list[subprocess.Popen] = []
    try:
        for shard in range(jobs):
            media = scratch / f"shard-{shard}"
            quiet = ["--progress_bar", "none", "--verbosity", "WARNING"] if shard else []
            # Uncached pieces are named by animation index (uncached_00012.mp4): what _join relies on.
            command = [*manim_render, *quiet, "--disable_caching", "--media_dir", str(media)]
            command += ["--config_file", str(own_cache_config(root, media))]
            processes.append(
                start_child([*command, scene_file, cls], cwd=root, env=env | {SHARD_ENV: f"{shard}/{jobs}"})
            )
        failed = _wait_for_all(processes)
    finally:
        stop_children(processes)
    if failed:
        raise ShardError(f"manim exited with status {failed} in a parallel render (its messages are above)")
    for shard in range(jobs):
        keep_new_cache_files(scratch / f"shard-{shard}", root)
    return _join(scratch, jobs, cls)


CACHES = ("Tex", "texts")
"""manim's LaTeX and text caches (``tex_dir`` and ``text_dir`` in manim.cfg)."""


def own_cache_config(root: Path, media: Path) -> Path:
    """Give a shard private copies of the caches: manim writes them non-atomically, so
    processes sharing them can read each other's half-written files.

    Returns the shard's config file: the project's manim.cfg (which a
    ``--config_file`` replaces) with the cache directories changed.
    """
    settings = configparser.ConfigParser()
    settings.read(root / "manim.cfg", encoding="utf-8")
    if not settings.has_section("CLI"):
        settings.add_section("CLI")
    for name, key in zip(CACHES, ("tex_dir", "text_dir"), strict=True):
        private, shared = media / "cache" / name, root / "media" / name
        private.mkdir(parents=True, exist_ok=True)
        for path in shared.glob("*.svg"):
            _copy_if_whole(path, private / path.name)
        settings.set("CLI", key, str(private))
    path = media / "shard.cfg"
    with path.open("w", encoding="utf-8") as handle:
        settings.write(handle)
    return path


def keep_new_cache_files(media: Path, root: Path) -> None:
    """Add the SVGs a shard made to the project's caches, each file whole or not at all."""
    for name in CACHES:
        private, shared = media / "cache" / name, root / "media" / name
        shared.mkdir(parents=True, exist_ok=True)
        for path in private.glob("*.svg"):
            if not (shared / path.name).exists():
                _copy_if_whole(path, shared / path.name)


def _copy_if_whole(source: Path, target: Path) -> None:
    """Copy a cached SVG unless another process is writing it right now (it vanished, or it is
    cut short: manim writes these files in place); the copy appears under its name complete."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return
    if not data.rstrip().endswith(b"</svg>"):
        return
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


def _wait_for_all(processes: list[subprocess.Popen]) -> int:
    """Wait until every process has ended, or one has failed; its exit status, or 0."""
    while True:
        statuses = [process.poll() for process in processes]
        failed = next((status for status in statuses if status), 0)
        if failed or all(status is not None for status in statuses):
            return failed
        time.sleep(0.2)


def _join(scratch: Path, jobs: int, cls: str) -> Path:
    pieces: dict[int, Path] = {}
    for shard in range(jobs):
        for path in (scratch / f"shard-{shard}" / "videos").glob(f"*/*/partial_movie_files/{cls}/uncached_*.mp4"):
            index = int(PIECE.search(path.name).group(1))
            if index in pieces:
                raise ShardError(f"animation {index} was drawn by two shards")
            pieces[index] = path
    if not pieces:
        raise ShardError("the parallel render drew no animation")
    first_movie = next((scratch / "shard-0" / "videos").glob(f"*/*/{cls}.mp4"), None)
    if first_movie is None:
        raise ShardError("the first shard wrote no video")
    target = scratch / first_movie.relative_to(scratch / "shard-0")
    target.parent.mkdir(parents=True, exist_ok=True)
    listing = scratch / "pieces.txt"
    listing.write_text("".join(f"file '{pieces[i]}'\n" for i in sorted(pieces)), encoding="utf-8")
    command = ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing)]
    command += ["-c", "copy", "-movflags", "+faststart", str(target)]
    result = run_child(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise ShardError(f"ffmpeg could not join the pieces: {result.stderr.strip()}")
    for extra in first_movie.parent.glob(f"{cls}.*"):
        if extra.suffix != ".mp4":
            shutil.copy2(extra, target.parent / extra.name)
    return target
