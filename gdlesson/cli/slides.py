"""Lecture mode: a rendered lesson as a deck a lecturer clicks through, offline.

``gdlesson slides SCENE --out DIR`` renders the scene as usual, then cuts its
video into one clip per beat (a caption: see :mod:`gdlesson.render.beats`),
each ending on the still frame it last stood on, and writes

- ``DIR/<scene>.html``: a reveal.js deck, a slide per beat, each playing its
  clip (with its own narration when a voice is on) and carrying the beat's
  spoken words as speaker notes; reveal.js and its notes plugin are copied
  into ``DIR/<scene>_files/`` beside the clips, so the deck opens from a USB
  stick with no network;
- ``DIR/<scene>.pptx``: the same slides for PowerPoint or LibreOffice, each
  clip embedded, the words in the notes;
- ``DIR/<scene>.pdf``: a page per slide, its still, as a handout.

Everything is made in a folder staged beside ``DIR`` that then replaces it
as a whole (as the YouTube export does). No manim import.
"""

from __future__ import annotations

import html
import json
import shutil
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from gdlesson.cli.publish import part_prefix, publish_files, publish_folder
from gdlesson.cli.youtube import ExportError, is_mount_point
from gdlesson.lesson.handoff import REVEAL_ENV, reveal_from_environment
from gdlesson.render.beats import Beat, BeatsError, beats, read_beats
from gdlesson.render.children import run_child
from gdlesson.render.outputs import beats_path
from gdlesson.scratch import new_scratch, remove_stale

__all__ = [
    "REVEAL_ENV",
    "REVEAL_FILES",
    "REVEAL_VERSION",
    "SlidesError",
    "check_reveal",
    "cut_clips",
    "deck_html",
    "deck_names",
    "extract_stills",
    "make_deck",
    "reveal_folder",
    "write_pdf",
    "write_pptx",
]

REVEAL_VERSION = "6.0.1"
"""The reveal.js release the deck is made for (``./dev setup`` installs it from npm, checked by its sha256)."""

REVEAL_FILES = ("reveal.js", "reveal.css", "reset.css", "plugin/notes.js")
"""What the deck needs of reveal.js's ``dist/`` folder (180 KB with the speaker-notes plugin)."""


CLIP_PRESET = ("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-profile:v", "high")
"""How the clips are encoded: H.264 High yuv420p, what every browser and PowerPoint play."""


class SlidesError(ExportError):
    """The deck cannot be made (a one-line reason; exit status 1)."""


def reveal_folder() -> Path:
    """Where reveal.js's ``dist/`` files are: ``$GDLESSON_REVEAL``, else ``share/reveal.js-6.0.1`` in the
    Python environment (where ``./dev setup`` unpacks it)."""
    chosen = reveal_from_environment()
    return Path(chosen) if chosen else Path(sys.prefix) / "share" / f"reveal.js-{REVEAL_VERSION}"


def check_reveal(folder: Path | None = None) -> Path:
    """The reveal.js folder, checked to hold every file of :data:`REVEAL_FILES`; :class:`SlidesError` otherwise."""
    folder = folder or reveal_folder()
    missing = [name for name in REVEAL_FILES if not (folder / name).is_file()]
    if missing:
        raise SlidesError(
            f"reveal.js {REVEAL_VERSION} is not installed ({folder / missing[0]} is missing): run ./dev setup, "
            f"or set {REVEAL_ENV} to its dist/ folder"
        )
    return folder


def deck_names(scene: str) -> tuple[str, str, str, str]:
    """The names a deck of ``scene`` takes in its folder: html, pptx, pdf and the folder of its files."""
    return f"{scene}.html", f"{scene}.pptx", f"{scene}.pdf", f"{scene}_files"


# -- clips and stills -----------------------------------------------------------------------------------------


def _ffmpeg(arguments: Sequence[str], what: str) -> None:
    result = run_child(["ffmpeg", "-v", "error", "-nostdin", "-y", *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1:] or ["no message"]
        raise SlidesError(f"{what} failed: {detail[0]}")


def cut_clips(video: Path, slides: Sequence[Beat], folder: Path) -> list[Path]:
    """Cut ``video`` into one MP4 per beat in ``folder`` (``beat-001.mp4``, ...), in one ffmpeg pass.

    Each clip holds exactly its beat's frames (a key frame is forced at every
    cut) and the sound under them, moov atom first so it starts at once.
    """
    cuts = [beat.first for beat in slides[1:]]
    command = ["-i", str(video), "-map", "0:v:0", "-map", "0:a?", *CLIP_PRESET, "-c:a", "aac", "-b:a", "128k"]
    if cuts:
        command += ["-force_key_frames", "expr:" + "+".join(f"eq(n,{cut})" for cut in cuts)]
        command += ["-f", "segment", "-segment_frames", ",".join(map(str, cuts)), "-reset_timestamps", "1"]
        command += ["-segment_start_number", "1", "-segment_format", "mp4"]
        command += ["-segment_format_options", "movflags=+faststart", str(folder / "beat-%03d.mp4")]
    else:  # one slide: the whole video
        command += ["-movflags", "+faststart", str(folder / "beat-001.mp4")]
    _ffmpeg(command, "cutting the video into slides")
    clips = sorted(folder.glob("beat-*.mp4"), key=_numbered)
    if len(clips) != len(slides):
        raise SlidesError(f"cutting the video gave {len(clips)} clips for {len(slides)} slides")
    return clips


def extract_stills(video: Path, slides: Sequence[Beat], folder: Path) -> list[Path]:
    """The last frame of every beat as ``still-001.png``, ... in ``folder`` (one decoding pass)."""
    pick = "+".join(f"eq(n,{beat.last})" for beat in slides)
    command = ["-i", str(video), "-vf", f"select='{pick}'", "-fps_mode", "vfr", "-frames:v", str(len(slides))]
    _ffmpeg([*command, "-start_number", "1", str(folder / "still-%03d.png")], "taking the slides' stills")
    stills = sorted(folder.glob("still-*.png"), key=_numbered)
    if len(stills) != len(slides):
        raise SlidesError(f"the video gave {len(stills)} stills for {len(slides)} slides")
    return stills


def _numbered(path: Path) -> int:
    """The number in ``beat-012.mp4``: files sort by it (past 999 slides the names grow a digit)."""
    return int(path.stem.rsplit("-", 1)[1])


# -- the three documents --------------------------------------------------------------------------------------

_STYLE = """\
html, body, .reveal { background: %(background)s; }
.reveal .slides section { padding: 0; height: 100%%; }
.reveal .slides section video { display: block; width: 100%%; height: 100%%; object-fit: contain; margin: 0; }
.reveal .controls { color: %(accent)s; }
.reveal .progress { color: %(accent)s; }
"""

_SCRIPT = """\
Reveal.initialize({
  width: %(width)d, height: %(height)d, margin: 0, minScale: 0.1, maxScale: 4,
  hash: true, transition: "none", backgroundTransition: "none", controls: true, progress: true,
  slideNumber: "c/t", autoPlayMedia: true, preloadIframes: false, plugins: [RevealNotes]
});
Reveal.addKeyBinding({ keyCode: 82, key: "R", description: "Replay this slide" }, function () {
  var video = Reveal.getCurrentSlide().querySelector("video");
  if (video) { video.currentTime = 0; video.play(); }
});
"""


def deck_html(
    title: str,
    slides: Sequence[Beat],
    clips: Sequence[str],
    stills: Sequence[str],
    *,
    files: str,
    size: tuple[int, int],
    background: str = "#101218",
    accent: str = "#58a6ff",
) -> str:
    """The reveal.js deck: a slide per beat, its clip autoplaying (from the start each time the slide is
    shown; reveal.js loads only the clips of the slides near the current one), its still as the poster,
    the beat's spoken words as speaker notes. ``clips`` and ``stills``
    are file names in the folder ``files`` (beside the page), which also holds :data:`REVEAL_FILES`."""
    sections = []
    for number, (beat, clip, still) in enumerate(zip(slides, clips, stills, strict=True), start=1):
        chapter = html.escape(beat.chapter, quote=True)
        sections.append(
            f'<section data-beat="{number}" data-chapter="{chapter}" data-background-color="{background}">\n'
            f'  <video data-autoplay playsinline preload="auto" data-src="{files}/{clip}" poster="{files}/{still}">'
            "</video>\n"
            f'  <aside class="notes">{html.escape(beat.spoken)}</aside>\n'
            "</section>"
        )
    width, height = size
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(title)}</title>",
            f'<link rel="stylesheet" href="{files}/reset.css">',
            f'<link rel="stylesheet" href="{files}/reveal.css">',
            f"<style>\n{_STYLE % {'background': background, 'accent': accent}}</style>",
            "</head>",
            "<body>",
            '<div class="reveal"><div class="slides">',
            *sections,
            "</div></div>",
            f'<script src="{files}/reveal.js"></script>',
            f'<script src="{files}/notes.js"></script>',
            f"<script>\n{_SCRIPT % {'width': width, 'height': height}}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_pptx(path: Path, slides: Sequence[Beat], clips: Sequence[Path], stills: Sequence[Path], title: str) -> None:
    """A PowerPoint deck: a 16:9 slide per beat, its clip embedded over the whole slide (its still as the
    poster frame), the beat's spoken words in the speaker notes."""
    from pptx import Presentation  # python-pptx: only this command needs it
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 13.33 x 7.5 inches, 16:9
    deck.core_properties.title = title
    blank = deck.slide_layouts[6]
    for beat, clip, still in zip(slides, clips, stills, strict=True):
        slide = deck.slides.add_slide(blank)
        slide.shapes.add_movie(
            str(clip), 0, 0, deck.slide_width, deck.slide_height, poster_frame_image=str(still), mime_type="video/mp4"
        )
        slide.notes_slide.notes_text_frame.text = beat.spoken
    deck.save(str(path))


def write_pdf(path: Path, stills: Sequence[Path], title: str) -> None:
    """A handout: a page per slide, its still (as large as the still itself, at 96 dots an inch)."""
    from PIL import Image

    pages = [Image.open(still).convert("RGB") for still in stills]
    try:
        pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=96.0, title=title)
    finally:
        for page in pages:
            page.close()


# -- the deck -------------------------------------------------------------------------------------------------


def make_deck(video: Path, out: Path, *, scene: str, title: str) -> list[Beat]:
    """Write the deck of ``video`` (with its ``.beats.json`` beside it) into ``out``; returns its slides.

    The three documents and their files are made in a folder staged beside
    ``out`` (inside it when ``out`` is a mount point) that then replaces
    ``out`` as a whole; files of an existing ``out`` other than the deck's
    are kept. Raises :class:`SlidesError` or :class:`gdlesson.cli.publish.PublishError`, ``out`` unchanged.
    """
    reveal = check_reveal()
    try:
        slides = beats(read_beats(beats_path(video)))
    except BeatsError as error:
        raise SlidesError(str(error)) from None
    page, pptx, pdf, files = deck_names(scene)
    size = _video_size(video)
    mounted = is_mount_point(out)
    parent = out.resolve() if mounted else out.resolve().parent
    staging = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale(parent, part_prefix(out))
        staging = new_scratch(part_prefix(out), parent)
        staging.chmod(stat.S_IMODE(out.stat().st_mode) if out.is_dir() else 0o755)
        assets = staging / files
        assets.mkdir()
        clips = cut_clips(video, slides, assets)
        stills = extract_stills(video, slides, assets)
        for name in REVEAL_FILES:
            shutil.copyfile(reveal / name, assets / Path(name).name)
        names = [clip.name for clip in clips], [still.name for still in stills]
        text = deck_html(title, slides, *names, files=files, size=size, background=_corner_colour(stills[0]))
        (staging / page).write_text(text, encoding="utf-8")
        write_pptx(staging / pptx, slides, clips, stills, title)
        write_pdf(staging / pdf, stills, title)
        if mounted:  # a mount point stays: its files are replaced, all together or none (the page last)
            inside = sorted(path for path in assets.iterdir())
            pairs = [(path, out / files / path.name) for path in inside]
            publish_files([*pairs, *((staging / name, out / name) for name in (pdf, pptx, page))])
        else:
            publish_folder(staging, out, keep=(page, pptx, pdf, files))
    except OSError as error:
        raise SlidesError(f"cannot write {out} ({error.strerror or error})") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return slides


def _corner_colour(still: Path) -> str:
    """The colour of a still's top-left pixel, ``#rrggbb``: the theme's background, for the page around the clips."""
    from PIL import Image

    with Image.open(still) as image:
        red, green, blue = image.convert("RGB").getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"


def _video_size(video: Path) -> tuple[int, int]:
    command = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height"]
    result = run_child([*command, "-of", "json", str(video)], capture_output=True, text=True)
    try:
        stream = json.loads(result.stdout)["streams"][0]
        return int(stream["width"]), int(stream["height"])
    except (ValueError, KeyError, IndexError):
        raise SlidesError(f"{video.name}: no video stream ({result.stderr.strip()})") from None
