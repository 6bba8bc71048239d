"""The YouTube export: chapter rules, timestamps, captions, faststart atoms, the description, one real export."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import srt
from lessons import make_lesson

from gdlesson.cli.catalog import SCENES, SCENES_DIR, SceneEntry
from gdlesson.cli.youtube import (
    FILES,
    LESSON_ABOUT,
    MIN_CHAPTER_SECONDS,
    MIN_CHAPTERS,
    THUMBNAIL_SIZE,
    Chapter,
    ExportError,
    about_text,
    chapters_text,
    description_text,
    faststart_copy,
    is_faststart,
    output_folder,
    png_size,
    read_captions,
    timestamp,
    top_level_atoms,
    youtube_chapters,
)

LINE = re.compile(r"^(\d+:)?\d{1,2}:\d{2} \S.*$")


def assert_youtube_rules(chapters: list[Chapter], duration: float) -> None:
    """First at 0:00, at least 3, ascending, each at least 10 s (from the whole-second timestamps)."""
    assert len(chapters) >= MIN_CHAPTERS
    assert chapters[0].start == 0.0
    starts = [int(chapter.start) for chapter in chapters]
    lengths = [b - a for a, b in zip(starts, [*starts[1:], duration], strict=True)]
    assert min(lengths) >= MIN_CHAPTER_SECONDS, lengths
    assert sum(lengths) == pytest.approx(duration)


# -- chapters ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00"), (9.99, "0:09"), (65, "1:05"), (600, "10:00"), (3723.4, "1:02:03")]
)
def test_timestamps_are_youtubes(seconds, text):
    assert timestamp(seconds) == text


def test_chapters_from_a_sections_json_follow_the_rules_and_sum_to_the_duration():
    record = {
        "duration": 95.4,
        "sections": [
            {"name": "Intro", "start": 0.0},
            {"name": "Title card", "start": 3.0},
            {"name": "The model", "start": 7.2},
            {"name": "Short", "start": 30.0},
            {"name": "The MSE", "start": 34.0},
            {"name": "The map", "start": 60.5},
            {"name": "End", "start": 90.0},
        ],
    }
    chapters = youtube_chapters(((s["name"], s["start"]) for s in record["sections"]), record["duration"])
    assert_youtube_rules(chapters, record["duration"])
    # Short chapters join their shorter neighbour and the longer part names the merged chapter.
    assert [c.title for c in chapters] == ["The model", "The MSE", "The map"]
    assert [c.start for c in chapters] == [0.0, 34.0, 60.5]


def test_long_enough_sections_stay_as_they_are():
    sections = [("A", 0.0), ("B", 12.0), ("C", 25.5)]
    assert youtube_chapters(sections, 40.0) == [Chapter("A", 0.0), Chapter("B", 12.0), Chapter("C", 25.5)]


def test_the_first_chapter_starts_at_zero_and_sections_past_the_end_are_dropped():
    chapters = youtube_chapters([("A", 1.5), ("B", 20.0), ("C", 40.0), ("late", 70.0)], 60.0)
    assert chapters == [Chapter("A", 0.0), Chapter("B", 20.0), Chapter("C", 40.0)]


def test_a_video_too_short_for_three_chapters_has_none():
    assert youtube_chapters([("A", 0.0), ("B", 12.0), ("C", 20.0)], 28.0) == []
    assert youtube_chapters([("A", 0.0), ("B", 12.0), ("C", 24.0)], 35.0) == [
        Chapter("A", 0.0),
        Chapter("B", 12.0),
        Chapter("C", 24.0),
    ]
    assert youtube_chapters([], 60.0) == []


def test_chapters_text_is_one_timestamped_line_each():
    text = chapters_text([Chapter("The model: y = W x + b", 0.0), Chapter("Visual B", 125.7)])
    assert text == "0:00 The model: y = W x + b\n2:05 Visual B\n"
    assert all(LINE.match(line) for line in text.splitlines())


# -- captions, atoms, thumbnail, description ---------------------------------------------------------------------


def test_captions_parse_and_must_lie_inside_the_video(tmp_path):
    path = tmp_path / "lesson.srt"
    path.write_text("1\n00:00:00,000 --> 00:00:04,500\nHello.\n\n2\n00:00:04,500 --> 00:00:09,000\nBye.\n\n")
    assert [c.content for c in read_captions(path, 9.0)] == ["Hello.", "Bye."]
    with pytest.raises(ExportError, match="after the video"):
        read_captions(path, 8.0)
    path.write_text("")
    with pytest.raises(ExportError, match="no captions"):
        read_captions(path, 8.0)


@pytest.fixture(scope="module")
def small_mp4(tmp_path_factory) -> Path:
    """A one-second H.264 video as ffmpeg writes it by default (moov at the end)."""
    path = tmp_path_factory.mktemp("mp4") / "plain.mp4"
    command = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=1"]
    subprocess.run([*command, "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


def test_faststart_is_read_from_the_top_level_atoms(small_mp4, tmp_path):
    atoms = top_level_atoms(small_mp4)
    assert atoms.index("mdat") < atoms.index("moov") and not is_faststart(small_mp4)
    moved = tmp_path / "fast.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(small_mp4), "-c", "copy", "-movflags", "+faststart", str(moved)])
    assert is_faststart(moved)
    assert sorted(top_level_atoms(moved)) == sorted(atoms)


def test_faststart_copy_moves_the_header_first_or_copies_as_it_is(small_mp4, tmp_path):
    remuxed, copied = tmp_path / "remuxed.mp4", tmp_path / "copied.mp4"
    faststart_copy(small_mp4, remuxed)  # moov at the end: remuxed
    assert is_faststart(remuxed) and sorted(top_level_atoms(remuxed)) == sorted(top_level_atoms(small_mp4))
    faststart_copy(remuxed, copied)  # already faststart: the same bytes
    assert copied.read_bytes() == remuxed.read_bytes()


def test_png_size_reads_the_header(tmp_path):
    path = tmp_path / "one.png"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=size=32x18", "-frames:v", "1", str(path)])
    assert png_size(path) == (32, 18)
    with pytest.raises(ExportError):
        png_size(Path(__file__))


def test_description_names_the_chapters_and_hyperparameters_without_angle_brackets():
    lesson = make_lesson(lr=0.05, batch_size=20, epochs=3)
    chapters = [Chapter("The model", 0.0), Chapter("The map", 30.0), Chapter("Summary", 61.0)]
    text = description_text(lesson, chapters, resolution="1080p60")
    assert chapters_text(chapters) in text
    for fragment in (
        "update rule: plain GD",
        "learning rate (alpha): 0.05",
        "batch size: 20 (5 steps per epoch)",
        "epochs: 3 (15 steps)",
    ):
        assert fragment in text
    assert "<" not in text and ">" not in text and len(text) < 5000
    assert text.startswith(LESSON_ABOUT)


def test_a_scene_is_described_by_its_own_line_and_without_chapters_lists_none():
    lesson = make_lesson()
    about = about_text(SCENES["race"])
    assert about.startswith(SCENES["race"].about + ". ") and about_text(SCENES["lesson"]) == LESSON_ABOUT
    text = description_text(lesson, [], resolution="480p15", about=about)
    assert text.startswith(about + "\n\nHyperparameters of the lesson's run\n") and "Chapters" not in text
    assert "update rule: plain GD\n" in text


def test_output_folder_refuses_a_file(tmp_path):
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    with pytest.raises(argparse.ArgumentTypeError, match="not a folder"):
        output_folder(str(existing))
    assert output_folder(str(tmp_path / "new" / "folder")) == tmp_path / "new" / "folder"


@pytest.mark.parametrize(("text", "message"), [("", "an empty folder name"), (" ", "an empty"), ("/", "root folder")])
def test_output_folder_refuses_no_name_and_the_root(text, message):
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        output_folder(text)


def test_output_folder_dot_is_named_by_its_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert output_folder(".") == tmp_path and output_folder("a/..") == tmp_path


# -- one real export ----------------------------------------------------------------------------------------------

CHAPTERS_SCENE = """\
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import say


class Chapters(LessonScene):
    def construct(self):
        for name in ("First", "Second", "Third"):
            self.next_section(name)
            say(self, f"The {name.lower()} chapter stands still for ten seconds.")
            self.wait(10)
"""

CHAPTERS = SceneEntry("chapters", "chapters", "Chapters", "Three chapters standing still, for the export test")

RUNNER = f"""\
import sys
from pathlib import Path

from gdlesson.cli import catalog

catalog.SCENES_DIR = Path(sys.argv[1])
catalog.PROJECT_ROOT = catalog.SCENES_DIR.parent
catalog.SCENES = {{"chapters": catalog.{CHAPTERS!r}}}
from gdlesson.cli.main import main

raise SystemExit(main(sys.argv[2:]))
"""


@pytest.mark.render
def test_a_short_low_quality_export_is_ready_to_upload(tmp_path):
    """A narrated scene of three chapters standing still ten seconds each: YouTube's three chapters, the cheapest
    video that has them (that the real scenes' chapters follow YouTube's rules is checked on their builds:
    tests/scenes/test_lesson.py and tests/scenes/test_race.py). The thumbnail is the project's own scene."""
    project, workdir, out = tmp_path / "project", tmp_path / "work", tmp_path / "upload"
    (project / "scenes").mkdir(parents=True)
    (project / "scenes" / "chapters.py").write_text(CHAPTERS_SCENE)
    shutil.copyfile(SCENES_DIR / "thumbnail.py", project / "scenes" / "thumbnail.py")
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    # The working directory is the lesson's: an empty one gives the built-in defaults, whatever the checkout holds.
    workdir.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    command = [sys.executable, str(runner), str(project / "scenes"), "youtube", "chapters"]
    command += ["--quality", "l", "--out", str(out), "--jobs", "1"]
    # One process: sharding is tested in tests/gdlesson/render/test_scene.py.
    # Narrated, with the instant offline voice: piper on a cold cache would add minutes (piper is
    # tested in tests/gdlesson/voice).
    command += ["--voice", "espeak"]
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == str(out)
    assert "warning" not in result.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(FILES)
    video = out / "lesson.mp4"
    assert is_faststart(video)
    probe = ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name,profile,pix_fmt:format=duration"]
    info = json.loads(subprocess.run([*probe, "-of", "json", str(video)], capture_output=True, text=True).stdout)
    streams, duration = info["streams"], float(info["format"]["duration"])
    assert [(s["codec_name"], s.get("profile"), s.get("pix_fmt")) for s in streams] == [
        ("h264", "High", "yuv420p"),
        ("aac", "LC", None),
    ]
    lines = (out / "chapters.txt").read_text().splitlines()
    assert all(LINE.match(line) for line in lines)
    starts = [sum(int(p) * 60**i for i, p in enumerate(reversed(line.split()[0].split(":")))) for line in lines]
    titles = [line.split(" ", 1)[1] for line in lines]
    assert titles == ["First", "Second", "Third"]
    assert_youtube_rules([Chapter(t, float(s)) for t, s in zip(titles, starts, strict=True)], duration)
    captions = list(srt.parse((out / "lesson.srt").read_text()))
    published = project / "media" / "videos" / "chapters" / "480p15" / "Chapters.srt"
    assert [c.content for c in captions] == [c.content for c in srt.parse(published.read_text())]
    assert len(captions) == 3 and captions[-1].end.total_seconds() <= duration + 1e-3
    width, height = png_size(out / "thumbnail.png")
    assert (width, height) == THUMBNAIL_SIZE and width * 9 == height * 16
    description = (out / "description.txt").read_text()
    assert description.startswith(about_text(CHAPTERS)) and "Chapters\n" + "\n".join(lines) in description


def test_description_of_scaled_data_gives_the_scaling_and_the_line_in_the_datas_units():
    from datasets import DATA
    from scipy import stats

    lesson = make_lesson(data={"csv": str(DATA / "longley.csv")})
    text = description_text(lesson, [Chapter("The map", 0.0)], resolution="480p15")
    assert "x in standard units on the map: x' = (x - 1954.5) / 4.61" in text
    fit = stats.linregress(lesson.data.x, lesson.data.y)
    assert f"best fit W* = {fit.slope:.4g}, b* = {fit.intercept:.4g}" in text
