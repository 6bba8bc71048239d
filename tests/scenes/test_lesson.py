"""scenes/lesson.py: the whole lesson's story in chapters, every caption a subtitle, texts inside the frame and
apart after every animation."""

from __future__ import annotations

import numpy as np
import pytest
from builds import group, shared
from probes import LESSON_KEY, short_lesson_probe
from scene_checks import assert_inside_and_apart
from timelines import assert_readable_timeline

from gdlesson.cli.youtube import Chapter, youtube_chapters

__module_test__ = "lesson"

pytestmark = group(LESSON_KEY)  # the module's scene is built once, in one worker (builds.py)

CHAPTERS = [
    "The model: y = W x + b",
    "How wrong is a line? The MSE",
    "One gradient step: predict, gradients, update",
    "The mini-batch loop: shuffle, split, step",
    "Visual A: the line and the data",
    "Visual B: the loss curve",
    "Visual C: W and b",
    "The loss surface: a bowl",
    "The topographic map, ring by ring",
    "Walking downhill on the map",
    "All four views at once",
    "Experiments to try",
    "Five optimizers",
    "The race",
    "What each one did",
    "Summary",
]


@pytest.fixture
def lesson_probe(tmp_path_factory):
    return shared(LESSON_KEY, short_lesson_probe(), tmp_path_factory)


def test_the_lesson_tells_the_story_in_chapters(lesson_probe):
    assert [name for name, _ in lesson_probe.chapters] == CHAPTERS
    starts = [start for _, start in lesson_probe.chapters]
    assert starts == sorted(starts) and starts[0] == 0.0
    lengths = np.diff([*starts, lesson_probe.time])
    assert lengths.min() >= 10.0, dict(zip(CHAPTERS, lengths, strict=True))
    # What `gdlesson youtube` makes of them: every chapter kept, as YouTube's rules ask.
    chapters = [Chapter(name, start) for name, start in lesson_probe.chapters]
    assert youtube_chapters(lesson_probe.chapters, lesson_probe.time) == chapters


def test_every_frame_after_an_animation_draws_something(lesson_probe):
    """Each frame drawn as a render draws it (Cairo, every mobject on screen) shows more than the background."""
    assert len(lesson_probe.inked) == len(lesson_probe.snapshots) > 100
    for chapter, ink in lesson_probe.inked:
        assert ink > 0.002, chapter


def test_every_caption_is_a_subtitle_and_captions_fit_the_frame(lesson_probe):
    subtitles = {sub.content for sub in lesson_probe.renderer.file_writer.subcaptions}
    assert len(subtitles) >= 50
    assert lesson_probe.captions_said <= subtitles
    for text in sorted(subtitles, key=len)[-3:]:  # the longest captions keep a legible size (>= 22 of 26)
        assert lesson_probe.captions.make(text).font_size >= 22, text


def test_texts_stay_inside_the_frame_and_apart_after_every_animation(lesson_probe):
    assert len(lesson_probe.snapshots) > 100
    for chapter, texts in lesson_probe.snapshots:
        assert_inside_and_apart(texts, chapter)


def test_captions_are_read_at_ease_one_at_a_time_and_say_what_the_run_does(lesson_probe):
    assert_readable_timeline(lesson_probe, lesson_probe.lesson, "lesson")
