"""Export a rendered video (the whole lesson, or any one scene) as a folder a YouTuber can upload as it is.

The folder holds ``lesson.mp4`` (H.264 High, yuv420p, remuxed with the moov
atom first so playback starts before the download ends), ``lesson.srt``
(the captions, inside the video's length), ``chapters.txt`` (YouTube's
``0:00 Title`` lines; empty when the video's sections make fewer than
YouTube's three chapters), ``thumbnail.png`` (1280x720) and ``description.txt``.
Everything is written into a temporary folder next to the target, which
then replaces the target as a whole, so a failed export leaves the old
folder as it was and nothing half-written.

No manim import: the thumbnail is rendered by manim in a subprocess.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import stat
import struct
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt

from gdlesson.cli.catalog import SceneEntry
from gdlesson.cli.publish import part_prefix, publish_files, publish_folder
from gdlesson.lesson.race import NAMES as RULES
from gdlesson.lesson.run import LessonRun
from gdlesson.render.children import run_child
from gdlesson.render.outputs import chapters_path
from gdlesson.scratch import THUMBNAIL_PREFIX, new_scratch, remove_stale, require_space, scratch_folder
from gdlesson.text import number
from gdlesson.voice.narrator import Silent
from gdlesson.voice.record import narration_path, read_record

__all__ = [
    "FILES",
    "MIN_CHAPTER_SECONDS",
    "MIN_CHAPTERS",
    "NEEDED_MB",
    "THUMBNAIL_SIZE",
    "LESSON_ABOUT",
    "NO_CHAPTERS",
    "Chapter",
    "ExportError",
    "about_text",
    "chapters_text",
    "check_destination",
    "check_writable",
    "description_text",
    "export",
    "faststart_copy",
    "is_mount_point",
    "is_faststart",
    "output_folder",
    "png_size",
    "read_captions",
    "timestamp",
    "top_level_atoms",
    "youtube_chapters",
]

FILES = ("lesson.mp4", "lesson.srt", "chapters.txt", "thumbnail.png", "description.txt")
"""What an export writes into its folder."""

MIN_CHAPTER_SECONDS = 10
MIN_CHAPTERS = 3
"""YouTube's rules for chapters in a description: the first at 0:00, at least 3, each at least 10 s long."""

NEEDED_MB = {"480p15": 12, "720p30": 30, "1080p60": 80, "2160p60": 250}
"""About twice the size of the default lesson's video at each resolution (480p15 measured at 5.6 MB):
the least free space a render's scratch folder and an export start with."""

THUMBNAIL_SIZE = (1280, 720)
"""YouTube's recommended thumbnail size (16:9); the same for every video quality."""


class ExportError(RuntimeError):
    """The rendered lesson cannot be exported as it is (a one-line reason)."""


# -- chapters -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter:
    """A chapter of the video: its title and where it starts, in seconds."""

    title: str
    start: float


def timestamp(seconds: float) -> str:
    """YouTube's timestamp of a time, truncated to whole seconds: ``0:00``, ``4:05``, ``1:02:03``."""
    whole = int(math.floor(seconds + 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _lengths(chapters: Sequence[Chapter], duration: float) -> list[float]:
    """Each chapter's length as YouTube sees it: from its whole-second timestamp to the next (or the end)."""
    starts = [math.floor(chapter.start + 1e-9) for chapter in chapters] + [duration]
    return [end - start for start, end in zip(starts, starts[1:], strict=False)]


def youtube_chapters(
    sections: Iterable[tuple[str, float]], duration: float, *, minimum: float = MIN_CHAPTER_SECONDS
) -> list[Chapter]:
    """Chapters that follow YouTube's rules, from the video's sections ``(title, start)``.

    The first chapter starts at 0:00. A chapter shorter than ``minimum``
    seconds is merged with its shorter neighbour, the merged chapter keeping
    the start of the first and the title of the longer; repeated until every
    chapter is long enough. Sections starting at or after the end are dropped.
    When fewer than :data:`MIN_CHAPTERS` chapters remain, YouTube shows none:
    the list is empty.
    """
    chapters = [Chapter(title, float(start)) for title, start in sorted(sections, key=lambda s: s[1])]
    chapters = [chapter for chapter in chapters if chapter.start < duration]
    if chapters:
        chapters[0] = Chapter(chapters[0].title, 0.0)
    while len(chapters) > 1:
        lengths = _lengths(chapters, duration)
        shortest = min(range(len(chapters)), key=lengths.__getitem__)
        if lengths[shortest] >= minimum:
            break
        neighbours = [i for i in (shortest - 1, shortest + 1) if 0 <= i < len(chapters)]
        other = min(neighbours, key=lengths.__getitem__)
        first, second = sorted((shortest, other))
        title = chapters[max((first, second), key=lengths.__getitem__)].title
        chapters[first : second + 1] = [Chapter(title, chapters[first].start)]
    return chapters if len(chapters) >= MIN_CHAPTERS else []


NO_CHAPTERS = (
    f"the video's sections do not make {MIN_CHAPTERS} chapters of {MIN_CHAPTER_SECONDS} s or more, so YouTube "
    "would show none: chapters.txt is empty and the description lists none (a larger --pacing lengthens the video)"
)
"""The warning of an export without chapters."""


def chapters_text(chapters: Sequence[Chapter]) -> str:
    """The chapters as YouTube reads them in a description: one ``0:00 Title`` line each."""
    return "".join(f"{timestamp(chapter.start)} {chapter.title}\n" for chapter in chapters)


# -- captions, video, thumbnail -------------------------------------------------------------------------------


def read_captions(path: Path, duration: float) -> list[srt.Subtitle]:
    """The subtitles of an .srt file, checked to lie inside a video of ``duration`` seconds.

    Raises
    ------
    ExportError
        The file does not parse, is empty, or a subtitle ends after the video.
    """
    try:
        captions = list(srt.parse(path.read_text(encoding="utf-8")))
    except (OSError, srt.SRTParseError) as error:
        raise ExportError(f"{path.name}: cannot read the captions ({error})") from None
    if not captions:
        raise ExportError(f"{path.name}: the lesson wrote no captions")
    end = timedelta(seconds=duration + 1e-3)
    late = [caption for caption in captions if caption.end > end or caption.start < timedelta(0)]
    if late:
        raise ExportError(f"{path.name}: caption {late[0].index} ends at {late[0].end}, after the video ({duration} s)")
    return captions


def top_level_atoms(path: Path) -> list[str]:
    """The types of an MP4 file's top-level boxes, in file order (e.g. ``["ftyp", "moov", "mdat"]``)."""
    atoms = []
    size_of_file = path.stat().st_size
    with path.open("rb") as handle:
        offset = 0
        while offset + 8 <= size_of_file:
            handle.seek(offset)
            size, kind = struct.unpack(">I4s", handle.read(8))
            if size == 1:  # a 64-bit size follows the type
                size = struct.unpack(">Q", handle.read(8))[0]
            elif size == 0:  # the box runs to the end of the file
                size = size_of_file - offset
            if size < 8:
                raise ExportError(f"{path.name}: not an MP4 file (box of size {size} at byte {offset})")
            atoms.append(kind.decode("latin-1"))
            offset += size
    return atoms


def is_faststart(path: Path) -> bool:
    """Whether the movie header (moov) comes before the media data (mdat), so playback starts at once."""
    atoms = top_level_atoms(path)
    return "moov" in atoms and "mdat" in atoms and atoms.index("moov") < atoms.index("mdat")


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG file's header."""
    with path.open("rb") as handle:
        head = handle.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ExportError(f"{path.name}: not a PNG file")
    return struct.unpack(">II", head[16:24])


def _run(command: list[str], what: str, **kwargs) -> subprocess.CompletedProcess:
    result = run_child(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        raise ExportError(f"{what} failed: {detail[0]}")
    return result


def _video_stream(path: Path) -> dict:
    """ffprobe's description of the first video stream, with the container's duration."""
    command = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries"]
    command += ["stream=codec_name,profile,pix_fmt,width,height:format=duration", "-of", "json", str(path)]
    info = json.loads(_run(command, f"ffprobe {path.name}").stdout)
    if not info.get("streams"):
        raise ExportError(f"{path.name}: no video stream")
    return info["streams"][0] | {"duration": float(info["format"]["duration"])}


def _check_video(path: Path) -> dict:
    stream = _video_stream(path)
    wanted = {"codec_name": "h264", "profile": "High", "pix_fmt": "yuv420p"}
    wrong = {key: stream.get(key) for key, value in wanted.items() if stream.get(key) != value}
    if wrong:
        raise ExportError(f"{path.name}: YouTube wants H.264 High yuv420p, this is {wrong}")
    return stream


def faststart_copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with the moov atom first: as it is when it already has it
    (parallel renders join with faststart), else remuxed (no re-encoding)."""
    if is_faststart(source):
        shutil.copyfile(source, target)
        return
    command = ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-map", "0", "-c", "copy"]
    _run([*command, "-movflags", "+faststart", str(target)], "ffmpeg remux")
    if not is_faststart(target):
        raise ExportError(f"{target.name}: the remuxed video still has its moov atom after the media data")


def _render_thumbnail(root: Path, env: dict[str, str], scratch: Path) -> Path:
    """Render ``scenes/thumbnail.py`` as a 1280x720 still with manim; returns the PNG."""
    width, height = THUMBNAIL_SIZE
    command = [sys.executable, "-m", "manim", "render", "-s", "-r", f"{width},{height}", "--disable_caching"]
    command += ["--progress_bar", "none", "--verbosity", "WARNING", "--media_dir", str(scratch)]
    _run([*command, "scenes/thumbnail.py", "Thumbnail"], "rendering the thumbnail", cwd=root, env=env)
    images = sorted(scratch.rglob("Thumbnail*.png"))
    if not images:
        raise ExportError("rendering the thumbnail wrote no image")
    if png_size(images[-1]) != THUMBNAIL_SIZE:
        raise ExportError(f"the thumbnail is {png_size(images[-1])}, not {THUMBNAIL_SIZE}")
    return images[-1]


# -- description ----------------------------------------------------------------------------------------------


LESSON_ABOUT = (
    "How does a computer find the best straight line through data? This lesson follows mini-batch gradient "
    "descent on the model y = W x + b, from four angles: the data with the line being fitted (Visual A), the "
    "loss after every step (Visual B), the slope W and intercept b converging (Visual C), and the star of the "
    "show, the loss surface drawn as a topographic map of (W, b) with the path gradient descent walks downhill "
    "(Visual D). It builds up the mean squared error, one gradient step (predict, gradients, update) and the "
    "mini-batch loop (shuffle, split, step), then plays all four views together and previews the experiments "
    "to try: batch size 1 (SGD), the full batch, a large and a small learning rate."
)
"""What the whole lesson teaches: the first paragraph of its description."""


def about_text(entry: SceneEntry) -> str:
    """The first paragraph of the description of scene ``entry``'s video."""
    if entry.name == "lesson":
        return LESSON_ABOUT
    return (
        f"{entry.about}. One part of a lesson on mini-batch gradient descent, which fits the straight line "
        "y = W x + b to data by walking downhill on its mean squared error."
    )


def description_text(
    lesson: LessonRun,
    chapters: Sequence[Chapter],
    *,
    resolution: str,
    voice: str = Silent.name,
    about: str = LESSON_ABOUT,
) -> str:
    """The video's description: what it teaches (``about``), the chapters (if any), the run's settings, the voice.

    YouTube rejects angle brackets in descriptions, so none are used.
    """
    bowl, run = lesson.bowl, lesson.trajectory
    (w, b), (w_star, b_star) = lesson.to_user(*run.final), lesson.raw_bowl.optimum
    w0, b0 = lesson.to_user(*lesson.hyper.init)
    per_epoch = run.steps_per_epoch

    def show(value: float, digits: int = 4) -> str:
        return number(value, digits, terminal=True)

    space = " on x'" if lesson.scaled else ""
    settings = [
        f"data: {lesson.data_label}",
        f"learning rate (alpha): {show(lesson.hyper.lr)}{space} (full-batch descent diverges above "
        f"{show(bowl.critical_lr)})",
        f"update rule: {RULES[lesson.hyper.optimizer]}",
        f"batch size: {lesson.hyper.batch_size} ({per_epoch} steps per epoch)",
        f"epochs: {lesson.hyper.epochs} ({run.steps} steps)",
        f"start (W0, b0): ({show(w0)}, {show(b0)}), shuffle seed {lesson.hyper.seed}",
        f"result: W = {show(w)}, b = {show(b)}, MSE {show(run.loss[-1])}; best fit W* = {show(w_star)}, "
        f"b* = {show(b_star)}, MSE {show(bowl.min_loss)}",
    ]
    if lesson.scaled:
        shift, scale = show(lesson.scaling.shift, 5), show(lesson.scaling.scale)
        settings.insert(1, f"x in standard units on the map: x' = (x - {shift}) / {scale}")
    listed = ["Chapters", chapters_text(chapters).rstrip("\n"), ""] if chapters else []
    text = "\n".join(
        [
            about,
            "",
            *listed,
            "Hyperparameters of the lesson's run",
            *settings,
            "",
            f"Animated with Manim Community, rendered at {resolution}. Captions: English. Narration: {voice}.",
        ]
    )
    return text.replace("<", "").replace(">", "") + "\n"


# -- the export -----------------------------------------------------------------------------------------------


def output_folder(text: str) -> Path:
    """The ``--out`` folder: a directory, new or existing (argparse type: bad values are usage errors).

    An empty name and the root folder are refused (the export replaces its
    folder as a whole). Whether the folder can be written is checked later,
    before any rendering (:func:`check_destination`): that is the
    environment's fault, exit status 1, not a mistake on the command line.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name; name the folder to write, e.g. --out upload")
    path = Path(text).expanduser()
    if path.name in ("", ".", ".."):  # "." or "a/..": the folder's own name is needed to stage beside it
        path = path.resolve()
    if path.resolve() == path.resolve().parent:
        raise argparse.ArgumentTypeError(f"{text!r} is the root folder; name a folder in it, e.g. {text}upload")
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} exists and is not a folder")
    return path


def is_mount_point(out: Path) -> bool:
    """Whether ``out`` is an existing folder on another file system than its parent (a USB stick's root):
    it cannot be replaced by a folder staged beside it, so the export is staged inside it instead."""
    return out.is_dir() and os.path.ismount(out.resolve())


def _staging_parent(out: Path) -> Path:
    """Where the export is staged: beside ``out``, or inside it when it is a mount point."""
    return out.resolve() if is_mount_point(out) else out.resolve().parent


def check_writable(out: Path) -> None:
    """Before any work: that ``out`` can be created or written into; :class:`ExportError` (one line) otherwise."""
    existing = _staging_parent(out)
    while not existing.exists():
        existing = existing.parent
    remove_stale(existing, part_prefix(out))  # a killed export's staging folder
    try:
        new_scratch(part_prefix(out), existing).rmdir()
    except OSError as error:
        raise ExportError(f"cannot write in {existing} ({error.strerror}); choose another --out") from None


def check_destination(out: Path, resolution: str) -> None:
    """Before any rendering: that ``out`` can be created or replaced, and has room for the export.

    Tries to make (and removes) a folder where the export will be staged
    (beside ``out``, or inside it when ``out`` is a mount point), and
    compares the free space with :data:`NEEDED_MB`. Raises
    :class:`ExportError` (one line) otherwise.
    """
    check_writable(out)
    existing = _staging_parent(out)
    while not existing.exists():
        existing = existing.parent
    try:
        require_space(existing, NEEDED_MB.get(resolution, max(NEEDED_MB.values())), f"a {resolution} export")
    except OSError as error:
        raise ExportError(f"{error.strerror} or choose another --out") from None


def export(
    video: Path,
    lesson: LessonRun,
    out: Path,
    *,
    root: Path,
    env: dict[str, str],
    resolution: str,
    about: str = LESSON_ABOUT,
) -> list[Chapter]:
    """Write the upload folder ``out`` from a rendered ``video`` (with its .srt and chapters beside it).

    ``root`` is the project (where manim renders the thumbnail) and ``env``
    the environment that carries the lesson to it; ``about`` opens the
    description. Returns the chapters written (empty: too few for YouTube). The
    folder is staged beside ``out`` and replaces it as a whole (see
    :func:`gdlesson.cli.publish.publish_folder`); files of an existing ``out``
    other than :data:`FILES` are kept. Raises :class:`ExportError` or
    :class:`gdlesson.cli.publish.PublishError` with ``out`` unchanged.
    """
    stream = _check_video(video)
    duration = stream["duration"]
    record = json.loads(Path(chapters_path(video)).read_text(encoding="utf-8"))
    chapters = youtube_chapters(((s["name"], s["start"]) for s in record["sections"]), duration)
    captions = read_captions(video.with_suffix(".srt"), duration)
    voice = _narration_voice(video)
    staging, mounted = None, is_mount_point(out)
    try:
        parent = _staging_parent(out)
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale(parent, part_prefix(out))
        staging = new_scratch(part_prefix(out), parent)
        # mkdtemp's folder is private; the published one keeps an existing folder's mode, else follows the umask
        staging.chmod(stat.S_IMODE(out.stat().st_mode) if out.is_dir() else 0o777 & ~_umask())
        faststart_copy(video, staging / "lesson.mp4")
        (staging / "lesson.srt").write_text(srt.compose(captions), encoding="utf-8")
        (staging / "chapters.txt").write_text(chapters_text(chapters), encoding="utf-8")
        description = description_text(lesson, chapters, resolution=resolution, voice=voice, about=about)
        (staging / "description.txt").write_text(description, encoding="utf-8")
        with scratch_folder(THUMBNAIL_PREFIX) as scratch:
            shutil.copyfile(_render_thumbnail(root, env, scratch), staging / "thumbnail.png")
        if mounted:  # a mount point stays: its files are replaced, all together or none (the video last)
            publish_files([(staging / name, out / name) for name in (*FILES[1:], FILES[0])])
        else:
            publish_folder(staging, out, keep=FILES)
    except OSError as error:
        raise ExportError(f"cannot write {out} ({error.strerror or error})") from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return chapters


def _narration_voice(video: Path) -> str:
    """The voice that narrates ``video`` (from the record beside it), checked to be heard: an AAC track."""
    path = Path(narration_path(video))
    if not path.is_file():
        return Silent.name
    record = read_record(path)
    command = ["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=codec_name", "-of", "csv=p=0"]
    codecs = _run([*command, str(video)], f"ffprobe {video.name}").stdout.split()
    if record.lines and codecs[:1] != ["aac"]:
        raise ExportError(f"{video.name}: the lesson is narrated but the video has no AAC sound track ({codecs})")
    return record.voice


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
