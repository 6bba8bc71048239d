"""Narration in scenes, without drawing: the lines a scene says, recordings setting the pace, the cache."""

import json

import pytest
from lessons import make_lesson
from scene_checks import construct_only
from scene_files import ROOT, SCENES, scene_module
from sound_checks import CountingService, tone

from gdlesson.cli.listing import script_lines
from gdlesson.lesson.handoff import SHARD_ENV
from gdlesson.mobjects.captions import reading_time
from gdlesson.story.scene import TAIL, LessonScene
from gdlesson.story.verbs import say
from gdlesson.voice.audio import write_wav
from gdlesson.voice.narrator import BREATH, LEAD, LEAD_IN, SpeechCache, Synthetic
from gdlesson.voice.script import SCRIPT_FILE, write_script

FRAME = 1 / 15
RECORDED = 4.0
"""Seconds of every generated recording (longer than espeak takes for any caption of the scene)."""


SHARED = pytest.mark.xdist_group("voice: descent's narration script")
"""The tests using ``script``: one worker makes it, once (tests/builds.py)."""


@pytest.fixture(scope="module")
def script(tmp_path_factory):
    cache = tmp_path_factory.mktemp("voices")
    lesson = make_lesson(pacing=3.0, voice="espeak")
    return script_lines(SCENES / "descent.py", "Descent", lesson, voice_cache=cache, caches=ROOT / "media")


@SHARED
def test_the_script_lists_every_caption_in_order_with_its_chapter(script):
    assert script[0].text == "Every slope W and intercept b gives a different line, with its own error."
    assert script[0].id == "0001-every-slope-w-and-intercept"
    assert script[0].file == "0001-every-slope-w-and-intercept.wav"
    assert [line.id[:4] for line in script] == [f"{index:04d}" for index in range(1, len(script) + 1)]
    assert script[0].chapter == "The error of a line" and script[-1].chapter == "Zoom on the minimum"
    assert all(0.5 < line.seconds < 10 for line in script)


@SHARED
def test_recordings_set_the_pace_and_a_missing_one_falls_back(tmp_path, script):
    takes = tmp_path / "takes"
    write_script(takes, script, title="descent")
    for line in script[:-1]:
        write_wav(takes / line.file, tone(RECORDED, before=0.5, after=0.8))

    class Narrated(scene_module("descent").Descent):
        lesson = make_lesson(pacing=3.0, voice=str(takes))
        voice_cache = tmp_path / "voices"

    scene = construct_only(Narrated, tmp_path / "media")
    spoken = scene.spoken_lines()
    assert [line.id for line in spoken] == [line.id for line in script]
    assert all(line.seconds == pytest.approx(LEAD_IN + RECORDED + 0.08, abs=0.03) for line in spoken[:-1])
    assert spoken[-1].voice.startswith("piper") and scene.narrator.missing == [script[-1].text]
    # Each line is over, with a breath, before the next caption comes; the video is longer than all speech.
    for line, following in zip(spoken, spoken[1:], strict=False):
        assert line.start + line.seconds + BREATH <= following.start - LEAD + 1e-6
    assert scene.time >= sum(line.seconds for line in spoken)
    assert json.loads((takes / SCRIPT_FILE).read_text())[0]["file"] == script[0].file


class Talk(LessonScene):
    lesson = make_lesson(voice="espeak")
    lines = ("First, a short line.", "Second line, a little longer than the first one.")

    def construct(self) -> None:
        self.next_section("Talk")
        for text in self.lines:
            say(self, text)


def test_a_second_render_synthesizes_nothing(tmp_path):
    service = CountingService()

    class Counted(Talk):
        def make_narrator(self):
            return Synthetic(service, SpeechCache(tmp_path / "voices"))

    first = construct_only(Counted, tmp_path / "media")
    assert service.calls == list(Talk.lines)
    second = construct_only(Counted, tmp_path / "media")
    assert service.calls == list(Talk.lines)
    assert second.spoken_lines() == first.spoken_lines()
    # The short first line holds for its speech (a tone 0.25 s a word), not only its reading time.
    talk = first.spoken_lines()
    assert talk[1].start - talk[0].start >= talk[0].seconds + LEAD + BREATH - FRAME


def test_voice_none_says_nothing_and_keeps_reading_time(tmp_path):
    class Silent(Talk):
        lesson = make_lesson(voice="none")

    scene = construct_only(Silent, tmp_path / "media")
    assert scene.spoken_lines() == []
    assert scene.time >= sum(reading_time(text) for text in Talk.lines) - FRAME


@pytest.mark.parametrize("shard", ["0/2", "1/2"])
def test_every_shard_of_a_parallel_render_records_the_same_narration(tmp_path, monkeypatch, shard):
    class Voiced(Talk):
        voice_cache = tmp_path / "voices"

    alone = construct_only(Voiced, tmp_path / "alone").spoken_lines()
    assert len(alone) == len(Talk.lines)
    monkeypatch.setenv(SHARD_ENV, shard)
    assert construct_only(Voiced, tmp_path / "shard").spoken_lines() == alone


def test_a_narrated_video_runs_on_after_its_last_word(tmp_path):
    class Counted(Talk):
        def make_narrator(self):
            return Synthetic(CountingService(), SpeechCache(tmp_path / "voices"))

    scene = construct_only(Counted, tmp_path / "media")
    last = scene.spoken_lines()[-1]
    assert scene.time >= last.start + last.seconds + TAIL
    assert scene.time <= last.start + last.seconds + TAIL + 3 * FRAME
