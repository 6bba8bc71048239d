"""The beats a deck is cut into: a span of frames per caption, ending where the picture last stood still."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdlesson.render.beats import BeatRecord, BeatsError, beat_frames, beats, read_beats, write_beats

FPS = 10


def test_a_beat_ends_with_the_last_still_before_the_next_caption():
    # caption at 1 s, a still 2-3 s and another 4-5 s, the next caption at 6 s: cut at 5 s (frame 50)
    spans = beat_frames([1.0, 6.0], [(2.0, 3.0), (4.0, 5.0)], [], 9.0, FPS)
    assert spans == [(0, 49), (50, 89)]


def test_a_beat_never_ends_on_a_cleared_stage():
    # the stage is cleared at 4.5 s and a still follows it (an empty stage): the beat ends with the still before
    spans = beat_frames([1.0, 6.0], [(2.0, 3.0), (4.6, 5.5)], [4.5], 9.0, FPS)
    assert spans == [(0, 29), (30, 89)]


def test_without_a_still_a_beat_ends_where_the_stage_clears_or_the_next_caption_starts():
    assert beat_frames([1.0, 6.0], [], [], 9.0, FPS) == [(0, 59), (60, 89)]
    assert beat_frames([1.0, 6.0], [], [4.0], 9.0, FPS) == [(0, 39), (40, 89)]


def test_a_still_of_the_previous_caption_is_not_this_ones_end():
    # the still 0.5-1.0 s ends before caption 2 appears at 1.0 s: it belongs to caption 1's beat
    spans = beat_frames([0.2, 1.0, 2.0], [(0.5, 1.0)], [], 3.0, FPS)
    assert spans == [(0, 9), (10, 19), (20, 29)]


def test_no_caption_makes_one_beat_of_the_whole_video():
    assert beat_frames([], [(1.0, 2.0)], [], 3.0, FPS) == [(0, 29)]


@given(
    st.lists(st.integers(0, 299), min_size=1, max_size=12, unique=True),
    st.lists(st.tuples(st.integers(0, 300), st.integers(1, 30)), max_size=10),
    st.lists(st.integers(0, 300), max_size=4),
)
def test_beats_tile_the_video_one_per_caption_each_holding_its_caption(cue_frames, stills, clears):
    total = 300
    starts = [frame / FPS for frame in sorted(cue_frames)]
    spans = beat_frames(
        starts, [(a / FPS, min(a + n, total) / FPS) for a, n in stills], [c / FPS for c in clears], total / FPS, FPS
    )
    assert len(spans) == len(starts)
    assert spans[0][0] == 0 and spans[-1][1] == total - 1
    assert all(first <= last for first, last in spans)
    assert all(nxt[0] == span[1] + 1 for span, nxt in zip(spans, spans[1:], strict=False))
    assert all(first <= frame <= last for (first, last), frame in zip(spans[1:], sorted(cue_frames)[1:], strict=True))


def test_beats_carry_each_captions_words_and_chapter_and_join_captions_on_one_frame():
    cues = ((0.5, "Hello.", "hello"), (2.0, "W = 1", "W is one"), (2.01, "and b = 2", "and b is two"))
    record = BeatRecord(4.0, FPS, cues, sections=(("Intro", 0.0), ("Model", 1.5)))
    slides = beats(record)
    assert [(beat.text, beat.spoken, beat.chapter) for beat in slides] == [
        ("Hello.", "hello", "Intro"),
        ("W = 1 and b = 2", "W is one and b is two", "Model"),
    ]
    assert sum(beat.frames for beat in slides) == 40


def test_the_record_round_trips_and_a_bad_one_is_one_line(tmp_path):
    record = BeatRecord(3.0, 15.0, ((0.0, "a", "a"),), ((1.0, 2.0),), (2.5,), (("One", 0.0),))
    path = tmp_path / "S.beats.json"
    write_beats(path, record)
    assert read_beats(path) == record
    assert not list(tmp_path.glob("*.part"))
    path.write_text(json.dumps({"duration": 1}))
    with pytest.raises(BeatsError, match="S.beats.json: not a beats record"):
        read_beats(path)
    with pytest.raises(BeatsError, match="missing"):
        read_beats(tmp_path / "none.beats.json")
