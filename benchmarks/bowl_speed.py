"""Render cost of the 3-D bowl against the descent, side by side in one run.

    .venv/bin/python benchmarks/bowl_speed.py [--quality h] [--jobs 1]

Renders `gdlesson render descent` and `gdlesson render bowl3d` at the same quality with the same lesson (the
repository's lesson.toml, or the built-in one) and prints, for each, the wall time, the video's length and the
wall seconds per second of video, then the ratio bowl3d / descent. Budget: at most 2 at 1080p60 (-q h).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import av

ROOT = Path(__file__).resolve().parents[1]


def render(scene: str, quality: str, jobs: int) -> tuple[float, float, Path]:
    """(wall seconds, video seconds, the video) of one silent `gdlesson render`."""
    command = [sys.executable, "-m", "gdlesson", "render", scene, "-q", quality, "--jobs", str(jobs), "--voice", "none"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"render of {scene} failed: {result.stderr[-2000:]}")
    video = Path(result.stdout.strip().splitlines()[-1])
    with av.open(str(video)) as container:
        duration = float(container.duration / av.time_base)
    return seconds, duration, video


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", default="h", choices="lmhk", help="the quality compared (default: h, 1080p60)")
    parser.add_argument("--jobs", type=int, default=1, help="manim processes per render (default: 1)")
    args = parser.parse_args()
    costs = {}
    print(f"-q{args.quality}, {args.jobs} process(es) per render, caching as configured")
    for scene in ("descent", "bowl3d"):
        wall, duration, video = render(scene, args.quality, args.jobs)
        costs[scene] = wall / duration
        print(f"  {scene:8s} {wall:7.1f} s wall for {duration:5.1f} s of video: {costs[scene]:.2f} s per video second")
    print(f"  ratio bowl3d / descent: {costs['bowl3d'] / costs['descent']:.2f} (budget <= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
