"""Render speed of Visual D against the seed's own stack, side by side in one run.

    .venv/bin/python benchmarks/render_speed.py [--quality h] [--skip-matplotlib]

1. `gdlesson render descent -q h` (1080p60) in one process with the voice off
   and with the default voice, and with one process per core, against a
   matplotlib FuncAnimation of the same contour map (the seed's Steps A-D: a
   200x200 loss grid, plt.contour, a growing path) at the same resolution,
   frame rate and number of frames as the silent video, written with ffmpeg
   (matplotlib's FFMpegWriter, libx264). Targets, one process: ours <= 0.20x
   matplotlib with the voice off, <= 0.25x with the default voice.
2. `-q l`: seconds of rendering per second of video. Target <= 0.5.
3. A 10,000-step run against a 100-step run at `-q l`, silent. Target <= 1.2x.

Every render uses the default lesson (the repository's lesson.toml).
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
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"l": (854, 480), "m": (1280, 720), "h": (1920, 1080), "k": (3840, 2160)}


def render(quality: str, *options: str) -> tuple[float, Path]:
    """Wall time of `gdlesson render descent` and the video it wrote."""
    command = [sys.executable, "-m", "gdlesson", "render", "descent", "-q", quality, *options]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"render failed: {result.stderr[-2000:]}")
    return seconds, Path(result.stdout.strip().splitlines()[-1])


def video_facts(path: Path) -> tuple[float, int, int]:
    """(duration in seconds, frame count, frames per second) read back with PyAV."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.demux(stream) if _.size)
        return float(container.duration / av.time_base), frames, int(stream.guessed_rate)


def matplotlib_render(size: tuple[int, int], fps: int, frames: int, out: Path) -> float:
    """The seed's way: contour map + growing path, FuncAnimation, ffmpeg. Returns wall seconds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.animation import FFMpegWriter, FuncAnimation

    from gdcore import contour_levels, loss_grid, view_window
    from gdlesson.lesson.run import LessonRun
    from gdlesson.lesson.settings import load_settings

    start = time.perf_counter()
    lesson = LessonRun.from_settings(load_settings(workdir=ROOT), quiet=True)
    bowl, run = lesson.bowl, lesson.trajectory
    window = view_window(bowl, run, aspect=4 / 3)
    w_grid, b_grid, losses = loss_grid(
        bowl, np.linspace(window.w_min, window.w_max, 200), np.linspace(window.b_min, window.b_max, 200)
    )
    figure, axes = plt.subplots(figsize=(size[0] / 100, size[1] / 100), dpi=100)
    axes.contour(w_grid, b_grid, losses, levels=contour_levels(bowl, window, 10), cmap="inferno")
    axes.set_xlabel("W (slope)")
    axes.set_ylabel("b (intercept)")
    (path,) = axes.plot([], [], color="#56B4E9", linewidth=2)
    (dot,) = axes.plot([], [], "o", color="#56B4E9")
    shown = np.linspace(0, run.steps, frames).round().astype(int)

    def update(frame: int):
        last = shown[frame]
        path.set_data(run.w[: last + 1], run.b[: last + 1])
        dot.set_data([run.w[last]], [run.b[last]])
        return path, dot

    animation = FuncAnimation(figure, update, frames=frames)
    animation.save(str(out), writer=FFMpegWriter(fps=fps, codec="libx264"), dpi=100)
    plt.close(figure)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", default="h", choices=sorted(SIZES), help="the quality compared (default: h)")
    parser.add_argument("--skip-matplotlib", action="store_true", help="only the manim measurements")
    args = parser.parse_args()
    jobs = os.cpu_count() or 1

    print(f"1. Visual D at -q{args.quality} against matplotlib FuncAnimation + ffmpeg")
    one, video = render(args.quality, "--jobs", "1", "--voice", "none")
    duration, frames, fps = video_facts(video)
    print(f"   silent video: {duration:.1f} s, {frames} frames at {fps} fps, {video.stat().st_size / 1e6:.1f} MB")
    voiced, voiced_video = render(args.quality, "--jobs", "1")
    voiced_duration, voiced_frames, _ = video_facts(voiced_video)
    print(f"   with the default voice: {voiced_duration:.1f} s, {voiced_frames} frames")
    many, _ = render(args.quality, "--jobs", str(jobs), "--voice", "none")
    print(f"   manim, 1 process, silent  {one:7.1f} s   {1e3 * one / frames:6.1f} ms/frame")
    print(f"   manim, 1 process, voiced  {voiced:7.1f} s   {1e3 * voiced / voiced_frames:6.1f} ms/frame")
    print(f"   manim, {jobs} processes, silent{many:7.1f} s   {1e3 * many / frames:6.1f} ms/frame")
    if not args.skip_matplotlib:
        with tempfile.TemporaryDirectory() as scratch:
            baseline = matplotlib_render(SIZES[args.quality], fps, frames, Path(scratch) / "baseline.mp4")
        print(f"   matplotlib (seed's stack) {baseline:7.1f} s   {1e3 * baseline / frames:6.1f} ms/frame")
        print(
            f"   ratio ours/matplotlib: {one / baseline:.3f} (1 process, silent; target 0.20), "
            f"{voiced / baseline:.3f} (1 process, default voice; target 0.25), {many / baseline:.3f} ({jobs} processes)"
        )

    print("2. -ql: render seconds per second of video (target <= 0.5)")
    low, low_video = render("l")
    low_duration = video_facts(low_video)[0]
    print(f"   {low:.1f} s for {low_duration:.1f} s of video: {low / low_duration:.2f} s/s")

    print("3. -ql: 10,000 steps against 100 steps (target <= 1.2x)")
    # Silent: the longer run's captions give other numbers, whose speech a voice would synthesize the first time.
    # Each video's length is read before the next render writes over it (the same scene, the same path).
    short, short_video = render("l", "--epochs", "10", "--voice", "none")
    short_duration = video_facts(short_video)[0]
    long, long_video = render("l", "--epochs", "1000", "--voice", "none")
    long_duration = video_facts(long_video)[0]
    print(f"   100 steps {short:.1f} s, 10,000 steps {long:.1f} s: {long / short:.2f}x")
    # The longer run may tell more (a caption per milestone), so its video may be longer: say by how much.
    per_second = (long / long_duration) / (short / short_duration)
    print(f"   ({short_duration:.1f} s and {long_duration:.1f} s of video: {per_second:.2f}x per second of video)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
