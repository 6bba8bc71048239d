"""scenes/descent.py (Visual D): the story in sections, its texts inside the frame and apart, its last frame, and
one real render through the ``gdlesson`` command."""

from __future__ import annotations

import json

import av
import numpy as np
import pytest
import srt
from builds import group, shared
from manim.utils.testing.frames_comparison import frames_comparison
from probes import descent_key, descent_probe
from scene_checks import assert_inside_and_apart, named_boxes
from scene_files import ROOT, scene_module
from timelines import assert_readable_timeline

__module_test__ = "descent"

Descent = scene_module("descent").Descent
LayoutProbe = descent_probe()
"""Descent on the built-in lesson, recording the texts on screen at two moments (shared with other modules)."""
LESSON = LayoutProbe.lesson
BUILT = group(descent_key())
"""The tests using ``rendered_probe``: one worker builds it, once (builds.py)."""


@pytest.fixture
def rendered_probe(tmp_path_factory):
    return shared(descent_key(), LayoutProbe, tmp_path_factory)


@BUILT
def test_scene_constructs_and_tells_the_story_in_sections(rendered_probe):
    names = [name for name, _ in rendered_probe.chapters]
    assert names == [
        "The error of a line",
        "The map of (W, b)",
        "Rings of equal loss",
        "Best fit and the first guess",
        "Walking downhill",
        "Zoom on the minimum",
    ]
    assert rendered_probe.step.get_value() == LESSON.trajectory.steps


@BUILT
@pytest.mark.parametrize("moment", ["descent", "end"])
def test_texts_are_inside_the_frame_and_do_not_overlap(rendered_probe, moment):
    texts = rendered_probe.snapshots[moment]
    assert len(texts) > 20
    assert_inside_and_apart(named_boxes(texts), moment)


class FixedDescent(Descent):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedDescent)
def test_descent_last_frame(scene):
    Descent.construct(scene)


# -- one real render ---------------------------------------------------------------------------------------


@pytest.mark.render
@pytest.mark.checkout_media
def test_real_render_is_a_480p15_h264_video_showing_the_path(narrated_descent):
    # The render is shared with tests/gdlesson/cli/test_narration.py, which checks its sound (tests/conftest.py).
    video = narrated_descent
    assert video.is_relative_to(ROOT / "media")
    chapters = json.loads(video.with_suffix(".chapters.json").read_text())
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
        assert stream.guessed_rate == 15 and stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        duration = float(container.duration / av.time_base)
        frames = [frame for frame in container.decode(stream)]
    assert 25 <= duration <= 75  # narrated: the voice sets the pace of its lines
    assert abs(duration - chapters["duration"]) <= 1.5 / 15
    assert len(frames) == round(chapters["duration"] * 15)
    last = frames[-1].to_ndarray(format="rgb24").astype(int)
    path_rgb = np.array([0x56, 0xB4, 0xE9])
    blue = np.all(np.abs(last - path_rgb) <= 24, axis=-1)
    assert blue.sum() > 300, "the descent path colour should be visible in the last frame"
    # The subtitles as written, read by the srt package: readable pace, one at a time, inside the video.
    cues = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    assert len(cues) >= 8
    for cue, after in zip(cues, cues[1:] + [None], strict=True):
        seconds = (cue.end - cue.start).total_seconds()
        assert seconds >= 1.0 and len(cue.content) / seconds <= 20.0, cue
        assert after is None or after.start >= cue.end, (cue, after)
    assert cues[-1].end.total_seconds() <= duration + 0.01


@BUILT
def test_captions_are_read_at_ease_one_at_a_time_and_say_what_the_run_does(rendered_probe):
    assert_readable_timeline(rendered_probe, LESSON, "descent")
