"""gdlesson slides: a deck built once (a short narrated scene at 480p), stepped in headless Chromium, read back.

The independent count of the beats is the captions file the same render
writes (media/videos/.../VisualC.srt): one subtitle per caption, in the
words spoken for it (a narrated render's subtitles are its transcript).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import srt

from gdlesson.cli import slides
from gdlesson.cli.catalog import PROJECT_ROOT
from gdlesson.cli.main import main
from gdlesson.render.beats import Beat, BeatRecord, beats, read_beats

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@dataclass(frozen=True)
class Deck:
    out: Path
    words: list[str]  # each subtitle's text, whitespace normalised: the notes each slide must carry
    frames: int  # frames of the rendered video
    record: BeatRecord  # what the render recorded beside it


def _words(text: str) -> str:
    return " ".join(text.split())


def _frames(video: Path) -> int:
    command = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames"]
    command += ["-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", str(video)]
    return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip())


DECK = pytest.mark.xdist_group("slides: the deck")
"""The tests using ``deck``: one worker renders it, once (tests/README.md). It publishes visual_c into the checkout's
media/videos, which no other test renders there."""


@pytest.fixture(scope="session")
def deck(tmp_path_factory) -> Deck:
    """``gdlesson slides visual_c`` at 480p, narrated by espeak, into a folder that already holds a file."""
    root = tmp_path_factory.mktemp("slides")
    out, workdir = root / "deck", root / "work"
    out.mkdir()
    workdir.mkdir()  # an empty working directory: the built-in lesson, whatever the checkout holds
    (out / "keep.txt").write_text("mine")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(root)} | {k: v for k, v in os.environ.items() if k == "PYTHONPATH"}
    command = [sys.executable, "-m", "gdlesson", "slides", "visual_c", "--out", str(out), "-q", "l"]
    command += ["--voice", "espeak", "--jobs", "1", "--epochs", "4"]  # one process: sharding is tested elsewhere
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == str(out / "visual_c.html")
    video = PROJECT_ROOT / "media" / "videos" / "visual_c" / "480p15" / "VisualC.mp4"
    captions = list(srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")))
    record = read_beats(video.with_suffix(".beats.json"))
    return Deck(out, [_words(caption.content) for caption in captions], _frames(video), record)


# -- the folder, the clips, the pptx and the pdf -------------------------------------------------------------


@DECK
def test_the_folder_holds_the_deck_and_keeps_what_was_there(deck):
    names = sorted(path.name for path in deck.out.iterdir())
    assert names == sorted(["keep.txt", *slides.deck_names("visual_c")])
    assert (deck.out / "keep.txt").read_text() == "mine"
    assert not [path for path in deck.out.parent.iterdir() if path.name.startswith(".deck")]  # no staging left


@DECK
def test_a_clip_per_beat_and_together_they_are_the_whole_video(deck):
    clips = sorted((deck.out / "visual_c_files").glob("beat-*.mp4"))
    assert len(clips) == len(deck.words) >= 4
    frames = [_frames(clip) for clip in clips]
    assert min(frames) > 0 and sum(frames) == deck.frames
    probe = ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "json", str(clips[1])]
    streams = json.loads(subprocess.run(probe, capture_output=True, text=True).stdout)["streams"]
    assert {(s["codec_type"], s["codec_name"]) for s in streams} == {("video", "h264"), ("audio", "aac")}


def _last_two_frames(clip: Path):
    import av

    with av.open(str(clip)) as container:
        frames = [frame.to_ndarray(format="gray").astype(float) for frame in container.decode(video=0)]
    return frames[-2], frames[-1]


@DECK
def test_a_clip_cut_at_a_still_ends_standing_still(deck):
    record = deck.record
    ends = {round(end * record.frame_rate) for start, end in record.stills if end - start >= 2 / record.frame_rate}
    clips = sorted((deck.out / "visual_c_files").glob("beat-*.mp4"))
    slides_ = beats(record)
    still = [clip for clip, beat in zip(clips, slides_, strict=True) if beat.last + 1 in ends]
    assert len(still) >= 2
    for clip in still:
        before, last = _last_two_frames(clip)
        assert abs(before - last).mean() < 0.5, clip.name


@DECK
def test_the_pptx_has_a_slide_per_beat_each_with_its_clip_and_its_words(deck):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    presentation = Presentation(str(deck.out / "visual_c.pptx"))
    assert len(presentation.slides) == len(deck.words)
    clips = sorted((deck.out / "visual_c_files").glob("beat-*.mp4"))
    for slide, words, clip in zip(presentation.slides, deck.words, clips, strict=True):
        assert [shape.shape_type for shape in slide.shapes] == [MSO_SHAPE_TYPE.MEDIA]
        media = [rel.target_part for rel in slide.part.rels.values() if rel.reltype.endswith("/media")]
        assert media and media[0].blob == clip.read_bytes()
        assert _words(slide.notes_slide.notes_text_frame.text) == words


@DECK
def test_the_pdf_has_a_page_per_beat(deck):
    data = (deck.out / "visual_c.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == len(deck.words)


# -- in a real browser, offline -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and DRIVER):
        pytest.skip("chromium and chromium-driver are not installed (./dev setup installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.page_load_strategy = "none"  # the speaker view is written into a blank window: it never "loads"
    for argument in ("--headless=new", "--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND", "--mute-audio"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,800")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def _until(condition, seconds: float = 10.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    return condition()


@DECK
def test_the_deck_steps_with_a_clickers_keys_offline_with_notes_and_sound(deck, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    page = deck.out / "visual_c.html"
    browser.get(page.as_uri())
    assert _until(lambda: browser.execute_script("return window.Reveal && Reveal.isReady()"))
    assert browser.execute_script("return Reveal.getTotalSlides()") == len(deck.words)
    notes = browser.execute_script("return Reveal.getSlides().map(s => Reveal.getSlideNotes(s))")
    assert [_words(note) for note in notes] == deck.words

    body = browser.find_element(By.TAG_NAME, "body")
    shown = [browser.get_screenshot_as_png()]
    for key, slide in ((Keys.ARROW_RIGHT, 1), (Keys.PAGE_DOWN, 2), (Keys.SPACE, 3), (Keys.ARROW_LEFT, 2)):
        body.send_keys(key)
        assert _until(lambda slide=slide: browser.execute_script("return Reveal.getIndices().h") == slide)
        time.sleep(0.3)
        shown.append(browser.get_screenshot_as_png())
        assert shown[-1] != shown[-2], f"the picture did not change at slide {slide + 1}"

    # The slide's clip plays from its start, unmuted, and its sound is decoded (a key press allows sound).
    video = "Reveal.getCurrentSlide().querySelector('video')"
    playing = (
        f"const v = {video}; return !v.paused && !v.muted && v.currentTime > 0.3 && v.webkitAudioDecodedByteCount > 0"
    )
    assert _until(lambda: browser.execute_script(playing)), browser.execute_script(
        f"const v = {video}; return [v.paused, v.muted, v.currentTime, v.webkitAudioDecodedByteCount, v.error]"
    )
    # R replays it from the start.
    before = browser.execute_script(f"return {video}.currentTime")
    body.send_keys("r")
    assert _until(lambda: browser.execute_script(f"return {video}.currentTime") < before)

    # Everything the page refers to is a file beside it (the network is cut: reveal.js ran, so it was local).
    every = "[...document.querySelectorAll('[src],[href],[poster]')].flatMap(e => [e.src, e.href, e.poster])"
    linked = [name for name in browser.execute_script(f"return {every}") if name]
    assert len(linked) >= 4 + len(deck.words) and all(name.startswith(deck.out.as_uri()) for name in linked)
    assert browser.execute_script("return typeof RevealNotes") == "function"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []

    # S opens the speaker view (reveal.js's notes plugin, from the folder too): this slide's notes, the next one.
    body.send_keys("s")
    assert _until(lambda: len(browser.window_handles) == 2)
    main_window = browser.current_window_handle
    browser.switch_to.window(next(handle for handle in browser.window_handles if handle != main_window))
    try:
        shown = "const n = document.querySelector('.speaker-controls-notes'); return n ? n.innerText : ''"
        assert _until(lambda: deck.words[2] in _words(browser.execute_script(shown)))
        assert browser.execute_script("return document.querySelectorAll('iframe').length") == 2  # now and upcoming
    finally:
        browser.close()
        browser.switch_to.window(main_window)


@pytest.mark.parametrize("cuts", [[], [7], [3, 4, 15]])
def test_clips_hold_exactly_their_beats_frames(tmp_path, cuts):
    video = tmp_path / "in.mp4"
    source = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=128x72:rate=10", "-frames:v", "20"]
    subprocess.run([*source, "-pix_fmt", "yuv420p", str(video)], check=True)
    edges = [0, *cuts, 20]
    beats = [Beat(first, nxt - 1, "", "", "") for first, nxt in zip(edges, edges[1:], strict=False)]
    clips = slides.cut_clips(video, beats, tmp_path)
    assert [_frames(clip) for clip in clips] == [beat.frames for beat in beats]
    assert len(slides.extract_stills(video, beats, tmp_path)) == len(beats)


def test_the_page_names_only_files_beside_it_and_escapes_the_notes():
    beats = [Beat(0, 9, "a < b", "a is less than <b> & c", "One"), Beat(10, 19, "", "", 'Two "quoted"')]
    page = slides.deck_html(
        "T & t", beats, ["c1.mp4", "c2.mp4"], ["s1.png", "s2.png"], files="x_files", size=(854, 480)
    )
    assert "a is less than &lt;b&gt; &amp; c" in page and 'data-chapter="Two &quot;quoted&quot;"' in page
    assert "http" not in page and "<title>T &amp; t</title>" in page
    linked = re.findall(r'(?:src|href|poster)="([^"]+)"', page)
    assert linked and all(name.startswith("x_files/") for name in linked)
    assert page.count("<section") == 2 and page.count('class="notes"') == 2


# -- bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--data", "missing.csv"], "missing.csv: no such file"),
        (["--theme", "neon"], 'theme = "neon" is invalid'),
        (["--preset", "nope"], "unknown preset 'nope'"),
        (["--voice", "martian"], 'voice = "martian" is invalid'),
        (["-q", "x"], "invalid choice: 'x'"),
    ],
)
def test_every_lesson_option_is_checked_before_any_work(tmp_path, capsys, monkeypatch, option, message):
    monkeypatch.chdir(tmp_path)
    assert main(["slides", "visual_c", "--out", str(tmp_path / "deck"), *option]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("error: ") and message in error[0]
    assert not (tmp_path / "deck").exists()


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    out = tmp_path / "deck"
    assert main(["slides", "nowhere", "--out", str(out), "-q", "l"]) == 2
    assert "unknown scene 'nowhere'" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    assert main(["slides", "visual_c", "--out", str(tmp_path / "file")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    monkeypatch.setenv(slides.REVEAL_ENV, str(tmp_path / "no-reveal"))
    assert main(["slides", "visual_c", "--out", str(out), "-q", "l", "--voice", "none"]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "reveal.js 6.0.1 is not installed" in error[0] and "nothing was rendered" in error[0]
    assert not out.exists()
