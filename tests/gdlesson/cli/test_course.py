"""``gdlesson course``: the course file's checks, the resume key, and real Dask clusters on 127.0.0.1.

Two courses really render: one of the ``visual_b`` scene on the embedded local
cluster (then run again: everything skipped), and one of a tiny scene on a
``dask scheduler`` with two ``dask worker`` processes started here, one of
them SIGKILLed while it renders. No mocks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest

from gdlesson.cli import catalog
from gdlesson.cli.course import SUFFIXES, _plan, job_key
from gdlesson.cli.course_file import CourseError, read_course
from gdlesson.cli.main import main

SOURCES = ("gdcore", "gdlesson", "scenes", "manim.cfg")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def clean_env(**extra: str) -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("GDLESSON_")} | extra


# -- the course file, in process ----------------------------------------------------------------------------------


def test_a_course_file_gives_each_video_its_settings_with_paths_relative_to_the_file(tmp_path, monkeypatch):
    folder = tmp_path / "lectures"
    folder.mkdir()
    write(folder / "heights.csv", "h,w\n1,2\n2,4.1\n3,5.9\n")
    course = write(
        folder / "course.toml",
        '[defaults]\nvoice = "none"\nquality = "m"\nepochs = 3\n\n'
        '[[video]]\nname = "map"\nscene = "descent"\n\n'
        '[[video]]\nname = "loss-heights"\nscene = "visual_b"\ndata = "heights.csv"\nx = "h"\nlr = "0.5x"\n'
        'quality = "l"\n',
    )
    monkeypatch.chdir(tmp_path)  # not the course's folder: its paths still resolve beside it
    first, second = read_course(course)
    assert (first.name, first.scene, first.quality, first.data) == ("map", "descent", "m", None)
    assert (first.settings.epochs, first.settings.voice) == (3, "none")
    assert (second.scene, second.quality, second.data) == ("visual_b", "l", folder / "heights.csv")
    assert second.settings.data.x == "h" and str(second.settings.lr) == "0.5x"
    assert dict(second.options) == {
        "voice": "none",
        "quality": "l",
        "epochs": 3,
        "data": "heights.csv",
        "x": "h",
        "lr": "0.5x",
    }


PROBLEMS = """\
[defaults]
qualty = "l"

[[video]]
name = "one"
scene = "visual_b"
epochs = "ten"

[[video]]
name = "two"
scene = "visual_bb"

[[video]]
name = "one"
scene = "descent"

[[video]]
name = "../escape"
scene = "descent"
"""


def test_every_problem_of_a_course_file_is_one_line_and_nothing_is_done(tmp_path, capsys):
    course = write(tmp_path / "course.toml", PROBLEMS)
    with pytest.raises(CourseError) as raised:
        read_course(course)
    problems = raised.value.problems
    assert len(problems) == 5, problems
    expected = [
        ("[defaults]: unknown key 'qualty'", "did you mean 'quality'?"),
        ('video 1 (one): epochs = "ten" is invalid',),
        ("video 2 (two): unknown scene 'visual_bb'", "did you mean 'visual_b'?"),
        ("video 3 (one): the name 'one' is also video 1's",),
        ("video 4 (../escape): name = '../escape' is invalid",),
    ]
    for problem, fragments in zip(problems, expected, strict=True):
        assert problem.startswith(f"{course}: ") and all(fragment in problem for fragment in fragments), problem
    out = tmp_path / "out"
    assert main(["course", str(course), "--out", str(out)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 5 and all(line.startswith("error: ") for line in lines)
    assert lines[-1].endswith("(5 problems; nothing was rendered)")
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "no [[video]] table"),
        ("[video]\nname = 'a'\n", "video must be [[video]] tables"),
        ("[[video]]\nname = 'a'\nscene = 'descent'\nvoice = 'nobody'\n", 'voice = "nobody" is invalid'),
        ("[[video]]\nname = 'a'\nscene = 'descent'\nquality = 'x'\n", "quality = 'x' is invalid"),
        ("[[vidoe]]\nname = 'a'\n", "did you mean 'video'?"),
        ("[[video]]\nname = 'a'\nscene = 'descent'\nx = 'h'\n", "no CSV file is given"),
        ("[[video]\n", "fix the TOML syntax"),
        (
            "[[video]]\nname = 'a'\nscene = 'race'\noptimizer = 'momentum'\nmomentum = 1.5\n",
            "momentum = 1.5 is invalid",
        ),
    ],
)
def test_course_file_problems_name_the_fix(tmp_path, text, fragment):
    with pytest.raises(CourseError) as raised:
        read_course(write(tmp_path / "course.toml", text))
    assert any(fragment in problem for problem in raised.value.problems), raised.value.problems


def test_the_key_follows_the_datas_content_settings_and_version_not_the_datas_path(tmp_path, monkeypatch):
    write(tmp_path / "a.csv", "x,y\n1,2\n2,4\n3,7\n")
    video = '[[video]]\nname = "v"\nscene = "visual_b"\ndata = "{}"\nvoice = "none"\n{}'
    course = write(tmp_path / "course.toml", video.format("a.csv", ""))
    (first,) = read_course(course)
    key = job_key(first, (tmp_path / "a.csv").read_bytes())
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(tmp_path / "a.csv", moved / "b.csv")
    (same,) = read_course(write(tmp_path / "course.toml", video.format("moved/b.csv", "")))
    assert job_key(same, (moved / "b.csv").read_bytes()) == key
    (faster,) = read_course(write(tmp_path / "course.toml", video.format("a.csv", "lr = 0.01\n")))
    assert job_key(faster, (tmp_path / "a.csv").read_bytes()) != key
    assert job_key(first, b"x,y\n1,2\n2,4\n3,7.5\n") != key
    monkeypatch.setattr("gdlesson.cli.course.project_version", lambda: "99.0")
    assert job_key(first, (tmp_path / "a.csv").read_bytes()) != key


def test_a_video_is_skipped_only_with_all_its_files_and_the_same_key_and_force_renders_again(tmp_path):
    course = write(tmp_path / "course.toml", '[[video]]\nname = "v"\nscene = "visual_b"\nvoice = "none"\n')
    (video,) = read_course(course)
    out = tmp_path / "out"
    out.mkdir()
    entry = {"name": "v", "status": "rendered", "key": job_key(video, None), "duration": 12.5}
    write(out / "course.json", json.dumps({"videos": [entry]}))
    for suffix in SUFFIXES[:-1]:
        write(out / f"v{suffix}", "x")
    assert [e.status for e in _plan([video], out, force=False)[0]] == ["waiting"]  # no v.mp4 yet
    write(out / "v.mp4", "x")
    entries, jobs = _plan([video], out, force=False)
    assert [(e.status, e.duration) for e in entries] == [("skipped", 12.5)] and jobs == []
    assert [job.name for job in _plan([video], out, force=True)[1]] == ["v"]
    write(out / "course.json", json.dumps({"videos": [entry | {"key": "other"}]}))
    assert [job.name for job in _plan([video], out, force=False)[1]] == ["v"]


# -- a real course on the embedded cluster ---------------------------------------------------------------------

COURSE = """\
[defaults]
scene = "visual_b"
quality = "l"
voice = "none"
pacing = 0.5
epochs = 1

[[video]]
name = "loss-dark"

[[video]]
name = "loss-light"
theme = "light"

[[video]]
name = "broken"
data = "broken.csv"
"""


def run_course(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "gdlesson", "course", *args]
    return subprocess.run(command, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=900)


def mean_rgb(video: Path) -> np.ndarray:
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
        last = [frame for frame in container.decode(stream)][-1]
    return last.to_ndarray(format="rgb24").reshape(-1, 3).mean(axis=0)


@pytest.mark.render
def test_a_course_on_the_embedded_cluster_renders_fails_bad_data_alone_and_resumes(tmp_path):
    course = write(tmp_path / "course.toml", COURSE)
    write(tmp_path / "broken.csv", "x,y\n1,2\n3,oops\n")
    out = tmp_path / "out"
    result = run_course(str(course), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert (
        result.stderr.splitlines()[-1] == f"error: 1 of 3 videos failed (2 rendered, 0 skipped; see {out}/course.json)"
    )
    record = json.loads((out / "course.json").read_text())["videos"]
    assert [(video["name"], video["status"]) for video in record] == [
        ("loss-dark", "rendered"),
        ("loss-light", "rendered"),
        ("broken", "failed"),
    ]
    assert record[2]["error"] == "broken.csv:3:2: 'oops' in column 'y' is not a number; fix or remove that row"
    assert record[2]["files"] == [] and record[2]["duration"] is None
    for video in record[:2]:
        assert video["files"] == [video["name"] + suffix for suffix in (".mp4", ".srt", ".chapters.json")]
        assert video["error"] is None and video["seconds"] > 0 and video["scene"] == "visual_b"
        chapters = json.loads((out / f"{video['name']}.chapters.json").read_text())
        assert video["duration"] == chapters["duration"] > 5
        with av.open(str(out / f"{video['name']}.mp4")) as container:
            assert abs(container.duration / av.time_base - chapters["duration"]) < 0.2
        assert "-->" in (out / f"{video['name']}.srt").read_text()
    assert record[1]["settings"] == {"quality": "l", "voice": "none", "pacing": 0.5, "epochs": 1, "theme": "light"}
    assert mean_rgb(out / "loss-light.mp4").mean() > 128 > mean_rgb(out / "loss-dark.mp4").mean()
    assert sorted(path.name for path in out.iterdir()) == sorted(
        ["course.json", *(f"loss-{theme}{suffix}" for theme in ("dark", "light") for suffix in SUFFIXES)]
    )
    # Again: the two videos are skipped, untouched; the broken one fails again.
    stamps = {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.suffix != ".json"}
    again = run_course(str(course), "--out", str(out), cwd=tmp_path)
    assert again.returncode == 1 and "1 of 3 videos failed (0 rendered, 2 skipped" in again.stderr.splitlines()[-1]
    assert "[1/3] loss-dark: skipped (unchanged)" in again.stdout
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.suffix != ".json"} == stamps
    statuses = [video["status"] for video in json.loads((out / "course.json").read_text())["videos"]]
    assert statuses == ["skipped", "skipped", "failed"]


# -- a real course on a scheduler and two workers, one killed ----------------------------------------------------

TINY_SCENE = """\
from manim import Circle, Create, Square, Triangle

from gdlesson.story.scene import LessonScene


class TinyCourse(LessonScene):
    def construct(self):
        self.next_section("Shapes")
        self.add_subcaption("A square, a circle and a triangle.", duration=2)
        for shape in (Square(), Circle(), Triangle()):
            self.play(Create(shape), run_time=1)
"""

TINY_ENTRY = """
SCENES["tiny"] = SceneEntry("tiny", "tiny_course", "TinyCourse", "three shapes, for the course tests")
"""


class Cluster:
    """A copy of the project with a tiny scene, a ``dask scheduler`` and workers started on 127.0.0.1."""

    def __init__(self, base: Path) -> None:
        self.base, self.root = base, base / "project"
        for name in SOURCES:
            source = catalog.PROJECT_ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.root / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, self.root / name)
        write(self.root / "scenes" / "tiny_course.py", TINY_SCENE)
        catalog_file = self.root / "gdlesson" / "cli" / "catalog.py"
        catalog_file.write_text(catalog_file.read_text() + TINY_ENTRY)
        self.processes: dict[str, subprocess.Popen] = {}
        self.address = ""

    def env(self, **extra: str) -> dict[str, str]:
        return clean_env(PYTHONPATH=str(self.root), **extra)

    def start(self, name: str, *command: str, tmp: Path | None = None) -> subprocess.Popen:
        log = (self.base / f"{name}.log").open("w")
        env = self.env(TMPDIR=str(tmp)) if tmp else self.env()
        process = subprocess.Popen(
            command, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.base / f"{name}.log").read_text()

    def start_scheduler(self) -> None:
        dask = str(Path(sys.executable).with_name("dask"))
        file = self.base / "scheduler.json"
        self.start("scheduler", dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                   "--scheduler-file", str(file))  # fmt: skip
        self.wait_for(lambda: file.is_file() and file.stat().st_size > 0, "the scheduler file")
        self.address = json.loads(file.read_text())["address"]

    def start_worker(self, name: str) -> Path:
        dask = str(Path(sys.executable).with_name("dask"))
        tmp = self.base / f"tmp-{name}"
        tmp.mkdir()
        self.start(name, dask, "worker", self.address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                   "--name", name, "--host", "127.0.0.1", tmp=tmp)  # fmt: skip
        self.wait_for(lambda: "Registered to" in self.log(name), f"worker {name} to register")
        return tmp

    def worker_address(self, name: str) -> str:
        return re.search(r"Start worker at:\s+(tcp://\S+)", self.log(name)).group(1)

    @staticmethod
    def wait_for(condition, what: str, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(0.1)

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def cluster(tmp_path):
    running = Cluster(tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.render
def test_a_course_on_a_scheduler_survives_a_worker_killed_mid_video(cluster, tmp_path):
    cluster.start_scheduler()
    first, second = cluster.start_worker("w1"), cluster.start_worker("w2")
    videos = "".join(f'[[video]]\nname = "shapes-{i}"\nseed = {i}\n' for i in range(3))
    course = write(tmp_path / "course.toml", f'[defaults]\nscene = "tiny"\nvoice = "none"\n\n{videos}')
    out = tmp_path / "out"
    command = [sys.executable, "-m", "gdlesson", "course", str(course), "--out", str(out)]
    runner = subprocess.Popen(
        [*command, "--scheduler", cluster.address],
        cwd=tmp_path,
        env=cluster.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Once a worker's manim has drawn its first animation of three, kill the worker and its manim with it.
        def drawing(tmp: Path) -> bool:
            return any(tmp.glob("gdlesson-course-*/render/videos/*/*/partial_movie_files/TinyCourse/*.mp4"))

        cluster.wait_for(lambda: drawing(first) or drawing(second), "a render")
        victim = "w1" if drawing(first) else "w2"
        survivor = {"w1": "w2", "w2": "w1"}[victim]
        dead = cluster.worker_address(victim)
        cluster.kill(victim)
        stdout, stderr = runner.communicate(timeout=600)
    finally:
        if runner.poll() is None:
            runner.kill()
    assert runner.returncode == 0, stderr[-3000:]
    assert stdout.splitlines()[-1] == f"0 of 3 videos failed (3 rendered, 0 skipped; see {out}/course.json)"
    record = json.loads((out / "course.json").read_text())["videos"]
    assert [video["status"] for video in record] == ["rendered"] * 3
    # The victim died drawing its first video: every video, its one too, was drawn whole by the survivor, and
    # nothing half-written is left in the folder.
    assert dead != cluster.worker_address(survivor)
    finished_on = re.findall(r"rendered in [\d.]+ s \(on (tcp://\S+)\)", stdout)
    assert finished_on == [cluster.worker_address(survivor)] * 3, stdout
    assert sorted(path.name for path in out.iterdir()) == sorted(
        ["course.json", *(f"shapes-{i}{suffix}" for i in range(3) for suffix in SUFFIXES)]
    )
    for i in range(3):
        with av.open(str(out / f"shapes-{i}.mp4")) as container:
            assert sum(1 for _ in container.decode(video=0)) == 3 * 15


def test_progress_is_live_on_a_terminal_with_the_time_left_and_plain_lines_otherwise():
    import io

    from gdlesson.cli import course

    now = [0.0]
    screen = io.StringIO()
    live = course.Progress(["a", "b", "c"], 2, screen, live=True, clock=lambda: now[0])
    live.running(["a"])
    now[0] = 10.0
    live.running(["b"])
    now[0] = 40.0
    live.finished("a", "rendered", 40.0)
    text = screen.getvalue()
    assert "\x1b[" in text and "[1/3] a: rendered in 40.0 s" in text
    # a took 40 s; b has 10 s of its 40 to go and c all 40: 50 s of work on 2 workers, but c alone takes 40 s
    table = text.rstrip().splitlines()[-4:]
    assert table == ["  a                        rendered", "  b                        rendering    30 s",
                     "  c                        waiting", "  1/3 done, 0:40 so far, about 0:40 left"]  # fmt: skip
    now[0] = 60.0
    live.finished("b", "rendered", 50.0)  # mean 45 s: c alone, not started
    assert screen.getvalue().rstrip().splitlines()[-1] == "  2/3 done, 1:00 so far, about 0:45 left"
    plain = io.StringIO()
    lines = course.Progress(["a", "b"], 2, plain, live=False)
    lines.running(["a"])
    lines.finished("a", "failed", 1.5, "x.csv:3:2: bad")
    lines.finished("b", "skipped", 0.0, "unchanged")
    assert plain.getvalue().splitlines() == [
        "rendering a",
        "[1/2] a: failed in 1.5 s (x.csv:3:2: bad)",
        "[2/2] b: skipped (unchanged)",
    ]
