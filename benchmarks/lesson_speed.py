"""The whole narrated lesson at 1080p60 against its own length, on every core.

    .venv/bin/python benchmarks/lesson_speed.py [--quality h] [--warm-only]

Renders `gdlesson render lesson` with the default voice twice in an empty working folder (the built-in lesson,
like a newcomer's first render): first with nothing cached (voices synthesized, every text typeset), then again
(what a lecturer waits for after a tweak that keeps the words). Prints for each the wall time, the video's length
and their ratio. Target: at most 1 (the lesson renders in at most its own length) on two cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av


def render(workdir: Path, quality: str) -> tuple[float, float]:
    """(wall seconds, video seconds) of one `gdlesson render lesson` in ``workdir``."""
    command = [sys.executable, "-m", "gdlesson", "render", "lesson", "-q", quality]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False)
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
        workdir = Path(scratch)
        for label in ("nothing cached", "caches warm"):
            wall, video = render(workdir, args.quality)
            if label == "nothing cached" and args.warm_only:
                continue
            print(f"   {label:15s} {wall:7.1f} s of rendering for {video:6.1f} s of video: {wall / video:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
