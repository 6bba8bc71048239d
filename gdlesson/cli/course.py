"""``gdlesson course COURSE.toml --out DIR``: many videos rendered at once on a Dask cluster.

Each video of the course file (see :mod:`gdlesson.cli.course_file`) is one
Dask task, :func:`render_video`: it renders the scene in a scratch folder of
its own (manim's media_dir and private text caches, so renders on one machine
never share a half-written cache entry) with the same engine as ``gdlesson
render`` (:func:`gdlesson.cli.main.render_into`, one manim process), and
returns the files' bytes. The data file travels with its task, as bytes, so
a worker on another machine needs only the project installed. Only this
process writes into DIR: each video's ``<name>.mp4``, ``.srt`` and
``.chapters.json`` appear together (:func:`gdlesson.cli.publish.publish_files`),
and ``course.json`` is rewritten (atomically) after every video, so a killed
course resumes where it stopped. A worker that dies mid-video loses nothing
but time: the scheduler runs its task again on another worker.

Without ``--scheduler`` an embedded local cluster runs one single-threaded
worker process per core. No manim import in this process.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata, util
from pathlib import Path
from typing import Any, TextIO

from gdlesson.cli import catalog, youtube
from gdlesson.cli.course_file import CourseError, Video, read_course
from gdlesson.cli.publish import publish_files
from gdlesson.scratch import new_scratch, remove_stale, scratch_folder
from gdlesson.text import fixed

__all__ = [
    "COURSE_FILE",
    "EPILOG",
    "SUFFIXES",
    "Job",
    "Outcome",
    "Progress",
    "configure",
    "job_key",
    "project_version",
    "render_video",
    "run",
]

COURSE_FILE = "course.json"
SUFFIXES = (".srt", ".chapters.json", ".mp4")
"""Each video's files in DIR, in the order they are published (the video last)."""

_STAGING = ".course.gdlesson-"
_COURSE_SCRATCH = "gdlesson-course-"


EPILOG = """\
the course file (relative paths are relative to it):

  [defaults]                 # optional: any key of a video except name
  quality = "l"              # l, m, h or k, as -q (default l)
  voice = "none"

  [[video]]                  # one table per video
  name = "loss-heights"      # DIR/loss-heights.mp4, .srt and .chapters.json
  scene = "visual_b"         # see 'gdlesson list'
  data = "heights.csv"       # and any lesson option: lesson, preset, data, x, y, lr,
  lr = "0.9x"                # batch_size, epochs, seed, init, scale, pacing, theme, voice

DIR/course.json lists every video: name, scene, settings, files, duration, status
(rendered, skipped or failed), seconds and error. A video whose files are there
and whose scene, settings, data and gdlesson version are unchanged is skipped
(--force renders it again). Exit status 0 when every video is there, 1 when any
failed, 2 when the course file has problems (each on its own line, nothing done).
"""


def project_version() -> str:
    """The installed gdlesson's version (part of every video's key: a new version renders again)."""
    try:
        return metadata.version("gdlesson")
    except metadata.PackageNotFoundError:
        return "unknown"


# -- the task -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What a worker needs to render one video: everything travels inside it (no shared disk).

    ``settings`` is :meth:`Settings.to_json`; when the data come from a CSV
    file, ``data`` holds its bytes and ``data_name`` how the course names it
    (used in messages); the worker writes them to a file of its own.
    """

    name: str
    scene: str
    quality: str
    settings: str
    data: bytes | None = None
    data_name: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What came back from a video's task: ``files`` maps each of :data:`SUFFIXES` to its bytes when rendered."""

    name: str
    status: str
    seconds: float
    error: str | None = None
    duration: float | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    worker: str | None = None


def render_video(job: Job) -> Outcome:
    """Render one video of a course (a Dask task; runs on a worker): its files' bytes, or its one-line error.

    A problem with the video itself (its data, its lesson, manim failing)
    is returned as a failed :class:`Outcome`; only a dying worker is the
    scheduler's business.
    """
    from gdcore import DataError, RunError  # on the worker
    from gdlesson.cli.main import RenderError, render_into
    from gdlesson.lesson.handoff import child_environment
    from gdlesson.lesson.run import LessonRun
    from gdlesson.lesson.settings import LessonError, Settings
    from gdlesson.voice.audio import VoiceError

    started = time.monotonic()
    worker = _worker_address(announce=True)
    with scratch_folder(_COURSE_SCRATCH) as scratch:
        local = None
        try:
            raw = json.loads(job.settings)
            if job.data is not None:
                local = scratch / "data" / Path(job.data_name or "data.csv").name
                local.parent.mkdir()
                local.write_bytes(job.data)
                raw["data"]["csv"] = str(local)
            settings = Settings.from_json(json.dumps(raw))
            LessonRun.from_settings(settings, quiet=True)  # a bad CSV or lesson fails here, before manim
            entry, env = catalog.SCENES[job.scene], child_environment(settings)
            videos = render_into(scratch / "render", entry, job.quality, env, own_caches=True, quiet=True)
            files = _files(videos)
        except (DataError, LessonError, RunError, VoiceError, RenderError, OSError) as error:
            message = " ".join(str(error).splitlines())
            if local is not None:
                message = message.replace(str(local), job.data_name or local.name)
            return Outcome(job.name, "failed", time.monotonic() - started, message, worker=worker)
    duration = json.loads(files[".chapters.json"]).get("duration")
    return Outcome(job.name, "rendered", time.monotonic() - started, None, duration, files, worker)


def _files(videos: list[Path]) -> dict[str, bytes]:
    from gdlesson.cli.main import RenderError

    if not videos:
        raise RenderError("manim finished without writing a video")
    video = videos[-1]
    files = {}
    for suffix in SUFFIXES:
        path = video.with_name(video.stem + suffix)
        if not path.is_file():
            raise RenderError(f"the render wrote no {suffix} beside its video")
        files[suffix] = path.read_bytes()
    return files


_TOPIC = "gdlesson-course"
"""The Dask event topic on which each task says it has started (its key), for the progress display."""


def _worker_address(*, announce: bool = False) -> str | None:
    """The address of the Dask worker running this task (None outside Dask); ``announce`` tells the client."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return None
    if announce:
        worker.log_event(_TOPIC, {"key": str(worker.get_current_task())})
    return worker.address


# -- keys: what makes a video's outputs current -----------------------------------------------------------------


def job_key(video: Video, data: bytes | None) -> str:
    """A hash of everything the video's files depend on: scene, quality, settings, the data's bytes, the version.

    The data file's path is left out (a moved course keeps its videos); its content is in.
    """
    settings = json.loads(video.settings.to_json())
    settings.pop("source", None)
    if data is not None:
        settings["data"]["csv"] = hashlib.sha256(data).hexdigest()
    parts = {"scene": video.scene, "quality": video.quality, "settings": settings, "version": project_version()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _job(video: Video, data: bytes | None) -> Job:
    raw = json.loads(video.settings.to_json())
    name = None
    if data is not None:
        name = str(video.options.get("data") if isinstance(video.options.get("data"), str) else video.data.name)
        raw["data"]["csv"] = name
    return Job(video.name, video.scene, video.quality, json.dumps(raw), data, name)


# -- progress ---------------------------------------------------------------------------------------------------


class Progress:
    """What the course is doing: a live table on a terminal (each video's state, the total, the time left),
    else one plain line per event."""

    def __init__(
        self,
        names: list[str],
        workers: int,
        stream: TextIO,
        *,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.names, self.workers, self.stream, self.clock = names, max(1, workers), stream, clock
        self.live = stream.isatty() if live is None else live
        self.state = dict.fromkeys(names, "waiting")
        self.started: dict[str, float] = {}
        self.took: list[float] = []
        self.begin = clock()
        self.drawn = 0

    def say(self, line: str) -> None:
        """A line above the live table (or a plain line)."""
        self._clear()
        print(line, file=self.stream, flush=True)
        self.draw()

    def running(self, names: Iterable[str]) -> None:
        now = self.clock()
        for name in names:
            if self.state.get(name) == "waiting":
                self.state[name] = "rendering"
                self.started[name] = now
                if not self.live:
                    print(f"rendering {name}", file=self.stream, flush=True)
        self.draw()

    def finished(self, name: str, status: str, seconds: float, detail: str = "") -> None:
        self.state[name] = status
        if status == "rendered":
            self.took.append(seconds)
        done = sum(state in ("rendered", "skipped", "failed") for state in self.state.values())
        line = f"[{done}/{len(self.names)}] {name}: {status}" + (
            f" in {fixed(seconds, 1)} s" if status != "skipped" else ""
        )
        self.say(line + (f" ({detail})" if detail else ""))

    def time_left(self) -> float | None:
        """Seconds until every video is done, guessed from the mean render so far: the work left shared by
        the workers, and at least the longest single piece of it (a video runs on one worker)."""
        if not self.took:
            return None
        left = [name for name, state in self.state.items() if state in ("waiting", "rendering")]
        mean, now = sum(self.took) / len(self.took), self.clock()
        pieces = [max(0.0, mean - (now - self.started[name])) if name in self.started else mean for name in left]
        return max([sum(pieces) / min(self.workers, max(1, len(left))), *pieces])

    def draw(self) -> None:
        if not self.live:
            return
        self._clear()
        now = self.clock()
        lines = []
        for name in self.names:
            state = self.state[name]
            clock = f" {fixed(now - self.started[name], 0):>5} s" if state == "rendering" else ""
            lines.append(f"  {name:<24} {state}{clock}")
        done = sum(state in ("rendered", "skipped", "failed") for state in self.state.values())
        left = self.time_left()
        eta = f", about {_clock(left)} left" if left is not None and done < len(self.names) else ""
        lines.append(f"  {done}/{len(self.names)} done, {_clock(now - self.begin)} so far{eta}")
        self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()
        self.drawn = len(lines)

    def _clear(self) -> None:
        if self.live and self.drawn:
            self.stream.write(f"\x1b[{self.drawn}F\x1b[J")
            self.drawn = 0


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


# -- the course -------------------------------------------------------------------------------------------------


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course", metavar="COURSE.toml", help="the course file: [defaults] and [[video]] tables")
    parser.add_argument(
        "--out", metavar="DIR", required=True, type=youtube.output_folder, help="folder for the videos and course.json"
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786, whose workers have gdlesson installed "
        "(default: a local cluster of one worker process per core)",
    )
    parser.add_argument("--force", action="store_true", help="render every video again, even those already done")


@dataclass
class _Entry:
    """A video's line in course.json."""

    video: Video
    key: str
    status: str = "waiting"
    seconds: float = 0.0
    duration: float | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        done = self.status in ("rendered", "skipped")
        return {
            "name": self.video.name,
            "scene": self.video.scene,
            "settings": dict(self.video.options),
            "files": [self.video.name + suffix for suffix in (".mp4", ".srt", ".chapters.json")] if done else [],
            "duration": self.duration,
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "error": self.error,
            "key": self.key,
        }


def run(args: argparse.Namespace) -> int:
    """The ``course`` command: 0 when every video is there, 1 when any failed (the last line says how many)."""
    from gdlesson.cli.main import CommandError, RenderError

    try:
        videos = read_course(args.course)
    except CourseError as error:
        for problem in error.problems[:-1]:
            print(f"error: {problem}", file=sys.stderr)
        count = _count(error.problems, "problem")
        raise CommandError(f"{error.problems[-1]} ({count}; nothing was rendered)") from None
    out: Path = args.out
    try:
        youtube.check_writable(out / COURSE_FILE)
    except youtube.ExportError as error:
        raise RenderError(f"{error}; nothing was rendered") from None
    out.mkdir(parents=True, exist_ok=True)
    remove_stale(out, _STAGING)
    entries, jobs = _plan(videos, out, force=args.force)
    progress = Progress([video.name for video in videos], 1, sys.stdout)
    for entry in entries:
        if entry.status in ("skipped", "failed"):
            progress.finished(entry.video.name, entry.status, 0.0, entry.error or "unchanged")
    _write_course(out, entries)
    if jobs:
        _render_all(jobs, {entry.video.name: entry for entry in entries}, out, progress, args.scheduler)
    failed = sum(entry.status == "failed" for entry in entries)
    rendered = sum(entry.status == "rendered" for entry in entries)
    skipped = sum(entry.status == "skipped" for entry in entries)
    summary = f"{rendered} rendered, {skipped} skipped; see {out / COURSE_FILE}"
    if failed:
        print(f"error: {failed} of {_count(entries, 'video')} failed ({summary})", file=sys.stderr)
        return 1
    print(f"0 of {_count(entries, 'video')} failed ({summary})")
    return 0


def _count(items: list, word: str) -> str:
    return f"{len(items)} {word}{'s' if len(items) != 1 else ''}"


def _plan(videos: list[Video], out: Path, *, force: bool) -> tuple[list[_Entry], list[Job]]:
    """Each video's entry (skipped when its outputs are there with the same key) and the jobs to run."""
    before = _read_course(out)
    entries, jobs = [], []
    for video in videos:
        try:
            data = video.data.read_bytes() if video.data is not None else None
        except OSError as error:
            where = video.options.get("data") or video.data
            entry = _Entry(video, "", "failed", error=f"{where}: cannot read the data ({error.strerror})")
            entries.append(entry)
            continue
        entry = _Entry(video, job_key(video, data))
        previous = before.get(video.name, {})
        there = all((out / (video.name + suffix)).is_file() for suffix in SUFFIXES)
        if not force and there and previous.get("key") == entry.key and previous.get("status") in _DONE:
            entry.status, entry.duration = "skipped", previous.get("duration")
        else:
            jobs.append(_job(video, data))
        entries.append(entry)
    return entries, jobs


_DONE = ("rendered", "skipped")


def _read_course(out: Path) -> dict[str, dict]:
    try:
        videos = json.loads((out / COURSE_FILE).read_text(encoding="utf-8"))["videos"]
        return {video["name"]: video for video in videos if isinstance(video, dict) and "name" in video}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_course(out: Path, entries: list[_Entry]) -> None:
    """course.json, replaced whole (a reader never sees half of it)."""
    text = json.dumps({"videos": [entry.as_json() for entry in entries]}, indent=2, allow_nan=False) + "\n"
    part = out / f"{_STAGING}{os.getpid()}-{COURSE_FILE}"
    part.write_text(text, encoding="utf-8")
    os.replace(part, out / COURSE_FILE)


def _render_all(
    jobs: list[Job], entries: dict[str, _Entry], out: Path, progress: Progress, scheduler: str | None
) -> None:
    """Run every job on the cluster, publishing each video as it comes back."""
    from distributed import wait

    def publish(outcome: Outcome) -> None:
        entry = entries[outcome.name]
        if outcome.status == "rendered":
            try:
                _publish(out, outcome)
            except Exception as error:  # a full disk: this video fails, the others go on
                outcome = Outcome(outcome.name, "failed", outcome.seconds, " ".join(str(error).splitlines()))
        entry.status, entry.seconds = outcome.status, outcome.seconds
        entry.duration, entry.error = outcome.duration, outcome.error
        _write_course(out, list(entries.values()))
        where = f"on {outcome.worker}" if outcome.worker and outcome.status == "rendered" else ""
        progress.finished(outcome.name, outcome.status, outcome.seconds, outcome.error or where)

    with _client(scheduler, progress) as client:
        progress.workers = max(1, len(client.scheduler_info().get("workers", {})))
        # Keys of their own: two courses on one scheduler may hold videos of the same name.
        tag = uuid.uuid4().hex[:8]
        futures = {client.submit(render_video, job, key=f"gdlesson-{job.name}-{tag}", pure=False): job for job in jobs}
        pending = set(futures)
        while pending:
            try:
                done, pending = wait(pending, timeout=0.5, return_when="FIRST_COMPLETED")
            except TimeoutError:  # nothing finished within the half second: show who is rendering
                done = set()
            for future in done:
                job = futures[future]
                try:
                    outcome = future.result()
                except Exception as error:  # the task itself broke: its workers died too often, or a bug
                    reason = " ".join(str(error).splitlines()) or type(error).__name__
                    outcome = Outcome(job.name, "failed", 0.0, f"{type(error).__name__}: {reason}")
                publish(outcome)
            if pending:
                _show_running(client, futures, pending, progress)


def _show_running(client, futures: dict, pending: set, progress: Progress) -> None:
    """Mark the videos whose task has started on a worker (each announces its key, see :func:`render_video`)."""
    try:
        started = {message.get("key") for _, message in client.get_events(_TOPIC)}
    except Exception:  # the scheduler is busy or gone: the next round tells
        return
    progress.running(futures[future].name for future in pending if str(future.key) in started)


class _client:
    """A Dask client on ``scheduler``, or on an embedded local cluster (closed with it)."""

    def __init__(self, scheduler: str | None, progress: Progress) -> None:
        self.scheduler, self.progress, self.cluster, self.client = scheduler, progress, None, None

    def __enter__(self):
        from distributed import Client, LocalCluster

        from gdlesson.cli.main import RenderError

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError) as error:
                reason = f"cannot reach the Dask scheduler {self.scheduler} ({error}); is it running?"
                raise RenderError(reason) from None
            if not self.client.scheduler_info().get("workers"):
                self.progress.say(f"waiting for a worker to join {self.scheduler}")
        else:
            cores = os.cpu_count() or 1
            dashboard = ":0" if util.find_spec("bokeh") else None
            self.cluster = LocalCluster(
                n_workers=cores,
                threads_per_worker=1,
                processes=True,
                dashboard_address=dashboard,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
            self.progress.say(f"a local Dask cluster: {cores} worker process{'es' if cores != 1 else ''}")
        services = self.client.scheduler_info().get("services", {})
        if "dashboard" in services and util.find_spec("bokeh"):  # without bokeh the address shows nothing
            self.progress.say(f"dashboard: {self.client.dashboard_link}")
        return self.client

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _publish(out: Path, outcome: Outcome) -> None:
    """Write a video's files into ``out`` under temporary names, then rename them all (the video last)."""
    staging = new_scratch(_STAGING, out)
    try:
        pairs = []
        for suffix in SUFFIXES:
            part = staging / (outcome.name + suffix)
            part.write_bytes(outcome.files[suffix])
            pairs.append((part, out / (outcome.name + suffix)))
        publish_files(pairs)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
