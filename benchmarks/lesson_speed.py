"""The whole narrated lesson at 1080p60 against its own length, on every core.

    .venv/bin/python benchmarks/lesson_speed.py [--quality h] [--warm-only]

Renders `gdlesson render lesson` with the default voice twice, from a fresh copy of the project (gdcore, gdlesson,
scenes, manim.cfg) with an empty media/: the built-in lesson, like a newcomer's first render. First with nothing
cached (voices synthesized, every text and formula typeset, every glyph shaped: manim's caches and gdlesson's live
in that copy's media/), then again (what a lecturer waits for after a tweak that keeps the words). Prints for each
the wall time, the video's length and their ratio. Target: at most 1 (the lesson renders in at most its own
length) on two cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av

PROJECT = Path(__file__).resolve().parents[1]
SOURCES = ("gdcore", "gdlesson", "scenes", "manim.cfg")


def fresh_copy(folder: Path) -> Path:
    """The project's sources copied into ``folder`` (no media/, no lesson.toml, no data.csv)."""
    for name in SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    return folder


def render(workdir: Path, quality: str) -> tuple[float, float]:
    """(wall seconds, video seconds) of one `gdlesson render lesson` by the project copied into ``workdir``."""
    command = [sys.executable, "-m", "gdlesson", "render", "lesson", "-q", quality]
    environment = os.environ | {"PYTHONPATH": str(workdir)}  # the copy's gdlesson, with its own media/
    start = time.perf_counter()
    result = subprocess.run(command, cwd=workdir, env=environment, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"render failed: {result.stderr[-2000:]}")
    with av.open(result.stdout.strip().splitlines()[-1]) as container:
        return seconds, float(container.duration / av.time_base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", default="h", choices="lmhk", help="the quality (default: h, 1080p60)")
    parser.add_argument("--warm-only", action="store_true", help="render once to fill the caches, time the second")
    args = parser.parse_args()
    print(f"The narrated lesson at -q{args.quality}, {os.cpu_count()} cores, default voice and jobs")
    with tempfile.TemporaryDirectory(prefix="lesson-speed-") as scratch:
        workdir = fresh_copy(Path(scratch))
        for label in ("nothing cached", "caches warm"):
            wall, video = render(workdir, args.quality)
            if label == "nothing cached" and args.warm_only:
                continue
            print(f"   {label:15s} {wall:7.1f} s of rendering for {video:6.1f} s of video: {wall / video:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
