"""RenderScene's rendering shortcuts change nothing on screen or in time."""

from __future__ import annotations

import os
import zlib

import pytest
from lessons import make_lesson
from manim import Circle, Create, FadeIn, Square, tempconfig
from scene_files import scene_module

from gdlesson.lesson.handoff import SHARD_ENV
from gdlesson.render.scene import RenderScene

Descent = scene_module("descent").Descent
LESSON = make_lesson(epochs=3, pacing=3.0)


class Quick(Descent):
    lesson = LESSON


class FullRedraw(Quick):
    incremental_static = False


def frames_of(scene_class, shard: str | None = None) -> tuple[list[int], object]:
    """Checksums of every frame a scene draws (no video written), and the scene."""
    if shard is not None:
        os.environ[SHARD_ENV] = shard
    try:
        # 5 frames a second at a quarter of 480p's pixels: the shortcuts act on every frame alike, whatever its size
        small = {"quality": "low_quality", "frame_rate": 5, "pixel_width": 427, "pixel_height": 240}
        with tempconfig({"dry_run": True, **small, "media_dir": "/tmp/gdl-frames"}):
            scene = scene_class()
            checksums = []
            draw = scene.renderer.add_frame

            def record(frame, num_frames=1):
                if not scene.renderer.skip_animations:  # what the renderer itself would write
                    checksums.extend([zlib.crc32(frame.tobytes())] * num_frames)
                draw(frame, num_frames)

            scene.renderer.add_frame = record
            scene.render()
    finally:
        os.environ.pop(SHARD_ENV, None)
    return checksums, scene


SHARED = pytest.mark.xdist_group("render: descent's frames, unsharded")
"""The tests using ``unsharded``: one worker makes it, once (tests/builds.py)."""


@pytest.fixture(scope="module")
def unsharded():
    return frames_of(Quick)


@SHARED
def test_incremental_static_frames_are_pixel_identical_to_full_redraws(unsharded):
    incremental, _ = unsharded
    full, _ = frames_of(FullRedraw)
    assert len(incremental) == len(full) > 100
    assert incremental == full


@SHARED
def test_shards_keep_the_same_clock_and_split_the_frames(unsharded):
    frames, scene = unsharded
    first, first_scene = frames_of(Quick, "0/2")
    second, second_scene = frames_of(Quick, "1/2")
    # Each shard draws about half the frames, and together exactly all of them.
    assert len(first) + len(second) == len(frames)
    assert sorted(first + second) == sorted(frames)
    for shard in (first_scene, second_scene):
        assert shard.time == scene.time  # to the last bit: a clock a rounding apart moves the pixels
        assert [name for name, _ in shard.chapters] == [name for name, _ in scene.chapters]
        assert [t for _, t in shard.chapters] == [t for _, t in scene.chapters]


class Shapes(RenderScene):
    """Two animations and a wait."""

    def construct(self) -> None:
        self.play(Create(Square()))
        self.wait(1)
        self.play(FadeIn(Circle()))


def drawings(skip: bool) -> int:
    """How many times the camera draws while ``Shapes`` is played (every play skipped or none)."""
    with tempconfig({"dry_run": True, "quality": "low_quality", "frame_rate": 5, "media_dir": "/tmp/gdl-frames"}):
        scene = Shapes(skip_animations=skip)
        camera, count = scene.renderer.camera, [0]
        capture = camera.capture_mobjects

        def counting(*args, **kwargs):
            count[0] += 1
            return capture(*args, **kwargs)

        camera.capture_mobjects = counting
        scene.render()
    return count[0]


def test_a_skipped_play_draws_nothing():
    """Manim draws a frame for each play it skips and writes none of it; a shard skips half the plays."""
    assert drawings(skip=True) == 0
    assert drawings(skip=False) > 10  # the count sees drawing
