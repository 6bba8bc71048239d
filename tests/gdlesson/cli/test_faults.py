"""Fault injection: killed and stopped renders, a full disk, hostile input. Every fault costs nothing.

The render tests run ``python -m gdlesson`` from a copy of the project in a
temporary folder (its own media/ and cold caches, its own TMPDIR), each in
its own process group so the test can tell whether any process outlived
the command. Renders are at ``-q l --pacing 2 --epochs 2``: ``descent``, or
``visual_b`` (half as long) where a render runs to its end.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

from gdlesson.cli import catalog
from gdlesson.cli.main import _capped_jobs, main
from gdlesson.render.caches import is_whole_svg

SOURCES = ("gdcore", "gdlesson", "scenes", "manim.cfg")
SETTINGS = ("-q", "l", "--jobs", "1", "--pacing", "2", "--epochs", "2", "--voice", "espeak")
RENDER = ("render", "descent", *SETTINGS)
SHORT_RENDER = ("render", "visual_b", *SETTINGS)


class Project:
    """A copy of the project: ``root`` (with media/), ``tmp`` (its TMPDIR), and how to run its command."""

    def __init__(self, base: Path) -> None:
        self.root, self.tmp = base / "project", base / "tmp"
        self.tmp.mkdir()
        for name in SOURCES:
            source = catalog.PROJECT_ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.root / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, self.root / name)
        (self.root / "media").mkdir()

    def start(self, *args: str, tmp: Path | None = None) -> subprocess.Popen:
        """``python -m gdlesson ARGS`` in its own process group, importing the copy (TMPDIR: ``tmp``)."""
        environment = {k: v for k, v in os.environ.items() if not k.startswith("GDLESSON_")}
        environment |= {"PYTHONPATH": str(self.root), "TMPDIR": str(tmp or self.tmp)}
        command = [sys.executable, "-m", "gdlesson", *args]
        return subprocess.Popen(
            command,
            cwd=self.root,
            env=environment,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def hidden_leftovers(self) -> list[Path]:
        """Temporary files of a publish (``.Descent.mp4.gdlesson-...``) anywhere in media/."""
        return [path for path in (self.root / "media").rglob(".*gdlesson-*")]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    copy = Project(tmp_path_factory.mktemp("faults"))
    probe = subprocess.run(
        [sys.executable, "-c", "from gdlesson.cli import catalog; print(catalog.PROJECT_ROOT)"],
        cwd=copy.root,
        env=os.environ | {"PYTHONPATH": str(copy.root)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()) == copy.root  # the copy, not the checkout, renders
    return copy


def group_alive(leader: int) -> bool:
    try:
        os.killpg(leader, 0)
    except ProcessLookupError:
        return False
    return True


def group_gone_within(leader: int, seconds: float) -> bool:
    """Whether every process of the group is gone within ``seconds`` (polled, so a quick exit is not waited out)."""
    deadline = time.monotonic() + seconds
    while group_alive(leader):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(pid):
            found.append(int(entry.name))
    return found


def wait_until(process: subprocess.Popen, happened: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Until ``happened()`` (polled every 10 ms); fails if the command ends first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while not happened():
        assert process.poll() is None, f"the command ended before {what}: {process.communicate()[1][-2000:]}"
        assert time.monotonic() < deadline, f"no {what} within {timeout} s"
        time.sleep(0.01)


def assert_consistent(project: Project) -> Path:
    """media/ holds the video of :data:`SHORT_RENDER` with its subtitles and chapters, of the same length, and
    nothing half-written."""
    folder = project.root / "media" / "videos" / "visual_b" / "480p15"
    video = folder / "VisualB.mp4"
    chapters = json.loads((folder / "VisualB.chapters.json").read_text())
    assert (folder / "VisualB.srt").read_text().strip()
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
    assert frames / 15 == pytest.approx(chapters["duration"], abs=2 / 15)
    assert project.hidden_leftovers() == []
    caches = [*(project.root / "media" / "texts").glob("*.svg"), *(project.root / "media" / "Tex").glob("*.svg")]
    assert caches and all(map(is_whole_svg, caches))
    return video


# -- processes -------------------------------------------------------------------------------------


KILL_STAGES = {
    "typesetting with cold caches": "gdlesson-render-*/media/cache/texts/*.svg",
    "encoding the animations": "gdlesson-render-*/videos/**/partial_movie_files/**/*.mp4",
    "mixing the narration, just before publishing": "gdlesson-mix-*/*",
}
"""Where :func:`test_sigkill_in_every_stage_with_cold_caches_then_a_render_succeeds` kills the render: as soon as
a file matching the pattern appears in the render's TMPDIR. Stages, not seconds: a fast machine finishes
:data:`SHORT_RENDER` in under 5 s, so a kill after a fixed delay may find nothing left to kill."""


def test_sigkill_in_every_stage_with_cold_caches_then_a_render_succeeds(project):
    for stage, pattern in KILL_STAGES.items():
        process = project.start(*SHORT_RENDER)
        wait_until(process, lambda pattern=pattern: any(project.tmp.glob(pattern)), f"a file {pattern}")
        process.kill()
        process.communicate()
        assert group_gone_within(process.pid, 4), f"a process outlived the command killed while {stage}"
        assert list((project.root / "media").glob("videos/**/*.mp4")) == [], stage  # killed renders publish nothing
    process = project.start(*SHORT_RENDER)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-2000:]
    assert Path(out.strip().splitlines()[-1]) == assert_consistent(project)
    assert os.listdir(project.tmp) == []  # the killed renders' scratch folders were cleared at this start


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stop_signal_stops_every_child_and_removes_the_scratch(project, signum, status):
    before = {path: path.stat().st_mtime_ns for path in (project.root / "media").rglob("*") if path.is_file()}
    process = project.start(*RENDER)
    wait_until(process, lambda: bool(children_of(process.pid)), "a child process (manim)")
    time.sleep(1.0)
    process.send_signal(signum)
    out, err = process.communicate(timeout=20)
    assert process.returncode == status
    assert err.splitlines()[-1] == (
        f"error: stopped by {signal.Signals(signum).name}; nothing was written, every child process was stopped"
    )
    assert group_gone_within(process.pid, 4)
    assert os.listdir(project.tmp) == []
    after = {path: path.stat().st_mtime_ns for path in (project.root / "media").rglob("*") if path.is_file()}
    assert {path: stamp for path, stamp in after.items() if "videos" in path.parts} == {
        path: stamp for path, stamp in before.items() if "videos" in path.parts
    }


def test_youtube_onto_a_full_disk_fails_before_rendering_in_one_line(project, small_disk):
    process = project.start("youtube", "--out", str(small_disk / "upload"), "-q", "l")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"error: {small_disk} has ") and "free some space or choose another --out" in lines[0]
    assert os.listdir(small_disk) == []


def test_a_render_whose_scratch_disk_is_full_fails_before_manim_starts(project, small_disk):
    process = project.start(*RENDER, tmp=small_disk)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and out == "" and "Traceback" not in err
    assert err.splitlines() == [
        f"error: {small_disk} has 3.1 MB free, and rendering the video needs about 12 MB; free some space; "
        "nothing was written"
    ]
    assert os.listdir(small_disk) == []


def test_youtube_into_an_unwritable_place_fails_before_rendering(project):
    process = project.start("youtube", "--out", "/proc/gdlesson-out", "-q", "l")
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and out == "" and len(err.splitlines()) == 1, err
    assert err.startswith("error: cannot write in /proc (") and "nothing was rendered" in err


# -- hostile input, in process ---------------------------------------------------------------------


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line_error(capsys, args, *fragments: str, status: int = 2) -> str:
    code, out, err = run_main(capsys, *args)
    assert code == status, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def write_csv(folder: Path, text: str, name: str = "data.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(x, y) -> str:
    return "x,y\n" + "".join(
        f"{a!r},{b!r}\n" for a, b in zip(np.asarray(x).tolist(), np.asarray(y).tolist(), strict=True)
    )


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("GDLESSON_FILE", "GDLESSON_SETTINGS", "GDLESSON_SHARD"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_a_data_csv_that_is_a_directory_or_a_broken_link_is_reported(workdir, capsys):
    (workdir / "data.csv").mkdir()
    assert_one_line_error(capsys, ["train"], "data.csv: is a directory, not a CSV file")
    (workdir / "data.csv").rmdir()
    (workdir / "data.csv").symlink_to(workdir / "moved.csv")
    assert_one_line_error(capsys, ["train"], "data.csv: a broken symbolic link")
    assert_one_line_error(capsys, ["train", "--data", str(workdir)], "is a directory, not a CSV file")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["train", "--epochs", "100000000000"], ["epochs = 100000000000 is invalid", "at most 5,000,000"]),
        (["train", "--epochs", "10000000000000000000"], ["epochs = 10000000000000000000 is invalid"]),
        (["train", "--epochs", "400000", "--batch-size", "1"], ["above the budget of 5,000,000"]),
        (["train", "--lr", "0_1"], ['lr = "0_1" is invalid']),
        (["train", "--lr", "1e999"], ['lr = "1e999" is invalid']),
        (["train", "--init=1e200,1"], ["the loss at init (1e+200, 1) overflows float64"]),
        (["train", "--init=1_0,1"], ["expected two numbers W0,B0"]),
        (["render", "descent", "--jobs", "\u00b2"], ["expected a whole number of processes >= 1, got '\u00b2'"]),
        (["train", "--lesson", "."], [".: is a folder, not a lesson file; give the path of a TOML file"]),
        (["youtube", "--out", ""], ["argument --out: an empty folder name"]),
        (["youtube", "--out", "/"], ["argument --out: '/' is the root folder"]),
        (["narration", "--out", "/"], ["argument --out: '/' is the root folder"]),
    ],
)
def test_hostile_options_exit_2_with_one_line(workdir, capsys, args, fragments):
    line = assert_one_line_error(capsys, args, *fragments)
    assert "_jobs" not in line


@pytest.mark.parametrize(
    ("table", "fragments"),
    [
        ("n = 1000000000", ["data.n = 1000000000 is invalid", "at most 5,000,000"]),
        ("n = 1e9", ["data.n = 1000000000.0 is invalid"]),
    ],
)
def test_huge_synthetic_data_is_refused(workdir, capsys, table, fragments):
    (workdir / "lesson.toml").write_text(f"[data]\n{table}\n")
    assert_one_line_error(capsys, ["train"], *fragments)


def test_a_lesson_file_with_a_byte_order_mark_is_read(workdir, capsys):
    (workdir / "lesson.toml").write_bytes("\ufefflr = 0.125\nepochs = 3\n".encode())
    code, out, err = run_main(capsys, "train", "--json")
    assert code == 0, err
    assert json.loads(out)["lr"] == 0.125 and json.loads(out)["epochs"] == 3


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (rows([1e200, 2e200, 3e200], [1, 2, 4]), ["data.csv:4:1: column 'x' reaches 3e+200", "divide it by 1e+201"]),
        (rows([1e160, 2e160, 3e160], [1, 2, 4]), ["column 'x' reaches 3e+160"]),
        (rows([1, 2, 3], [1e300, 2e300, 4e300]), ["data.csv:4:2: column 'y' reaches 4e+300"]),
        (rows([1e-300, 2e-300, 3e-300], [1, 2, 4]), ["column 'x' varies by only 2e-300", "multiply it by 1e+300"]),
        ("x,y\n1,2\n1_000,3\n", ["data.csv:3:1: '1_000' in column 'x' is an ambiguous number"]),
        ("x,y\n1,2\n3,\u0664\n", ["data.csv:3:2: '\u0664' in column 'y' is an ambiguous number"]),
        ("x;y\n1;2\n3;4\n", ["separated by semicolons, not commas", "replace every ';' with ','"]),
        ("x\ty\n1\t2\n3\t4\n", ["separated by tabs, not commas"]),
        ("x,y,y\n1,2,3\n4,5,6\n", ["the column name 'y' appears twice (columns 2 and 3)"]),
        ('x,y,note\n1,2,"a\nb"\n3,oops,c\n', ["data.csv:4:2: 'oops' in column 'y' is not a number"]),
        ("x,y\n1,2\n3," + "9" * 200_000 + "\n", ["data.csv:3: a cell longer than 131,072 characters"]),
    ],
)
def test_hostile_csv_files_exit_2_with_one_line(workdir, capsys, text, fragments):
    write_csv(workdir, text)
    line = assert_one_line_error(capsys, ["train", "--json"], *fragments)
    assert len(line) < 400


@pytest.mark.parametrize(("x_scale", "y_scale"), [(1e-90, 1.0), (1e90, 1.0), (1.0, 1e95), (1e-99, 1e99)])
def test_extreme_but_valid_csv_files_give_the_right_optimum(workdir, capsys, x_scale, y_scale):
    from scipy.stats import linregress

    rng = np.random.default_rng(5)
    x = rng.uniform(1, 3, 30)
    y = 0.7 * x + 2 + rng.normal(scale=0.2, size=30)
    write_csv(workdir, rows(x * x_scale, y * y_scale))
    code, out, err = run_main(capsys, "train", "--json", "--init=0,0", "--lr", "0.5x")
    assert code == 0, err

    def refuse(name):
        raise AssertionError(f"{name} in the JSON")

    summary = json.loads(out, parse_constant=refuse)
    truth = linregress(x, y)
    assert summary["optimum_w"] == pytest.approx(truth.slope * y_scale / x_scale, rel=1e-9)
    assert summary["optimum_b"] == pytest.approx(truth.intercept * y_scale, rel=1e-9)
    assert summary["condition_number"] is not None and summary["critical_lr"] > 0
    code, table, err = run_main(capsys, "train", "--init=0,0", "--lr", "0.5x")
    assert code == 0 and "constant" not in table and "nan" not in table and "inf" not in table, table


@pytest.mark.parametrize("command", ["youtube", "narration"])
def test_an_unwritable_out_is_the_environments_fault_exit_1_before_any_work(workdir, capsys, read_only_disk, command):
    # The README: "a full disk or an unwritable folder is one line and exit status 1".
    line = assert_one_line_error(capsys, [command, "--out", str(read_only_disk / "upload")], status=1)
    assert line.startswith(f"error: cannot write in {read_only_disk} (Read-only file system); choose another --out")
    assert os.listdir(read_only_disk) == []


def test_more_jobs_than_cores_are_capped_with_a_warning(capsys):
    cores = os.cpu_count() or 1
    assert _capped_jobs(cores + 62) == cores
    assert (
        capsys.readouterr().err == f"warning: --jobs {cores + 62} is more than the {cores} cores here; using {cores}\n"
    )
    assert _capped_jobs(1) == 1


def small_lesson_video(folder: Path) -> Path:
    """A 31 s video with three chapters of 10 s or more and a caption: everything export checks first."""
    video = folder / "Lesson.mp4"
    colour = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=size=64x64:duration=31:rate=5"]
    encode = ["-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
    subprocess.run([*colour, *encode, str(video)], check=True)
    sections = [{"name": name, "start": start} for name, start in (("One", 0.0), ("Two", 11.0), ("Three", 21.0))]
    (folder / "Lesson.chapters.json").write_text(json.dumps({"sections": sections, "duration": 31.0}))
    (folder / "Lesson.srt").write_text("1\n00:00:00,000 --> 00:00:02,000\nHello\n")
    return video


def test_an_export_onto_a_mount_point_writes_into_it_and_keeps_every_folders_mode(usb_stick, tmp_path, monkeypatch):
    from gdlesson.cli import youtube
    from gdlesson.lesson.run import LessonRun
    from gdlesson.lesson.settings import load_settings

    def thumbnail(root, env, scratch):  # the thumbnail's own render is tested elsewhere; a PNG of the right size
        image = scratch / "Thumbnail.png"
        subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=size=1280x720", "-frames:v", "1", image])
        return image

    monkeypatch.setattr(youtube, "_render_thumbnail", thumbnail)
    video = small_lesson_video(tmp_path)
    lesson = LessonRun.from_settings(load_settings(workdir=tmp_path))
    (usb_stick / "photos").mkdir()
    usb_stick.chmod(0o751)
    youtube.check_destination(usb_stick, "480p15")  # checked before rendering: the stick's root can be written
    assert youtube.is_mount_point(usb_stick) and os.listdir(usb_stick) == ["photos"]
    youtube.export(video, lesson, usb_stick, root=catalog.PROJECT_ROOT, env=dict(os.environ), resolution="480p15")
    assert os.path.ismount(usb_stick) and sorted(os.listdir(usb_stick)) == sorted([*youtube.FILES, "photos"])
    assert (usb_stick / "lesson.mp4").read_bytes() == video.read_bytes()
    assert (usb_stick.stat().st_mode & 0o777) == 0o751
    # An existing folder that is not a mount point is replaced as a whole, and keeps its mode too.
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    private.chmod(0o700)
    youtube.export(video, lesson, private, root=catalog.PROJECT_ROOT, env=dict(os.environ), resolution="480p15")
    assert sorted(os.listdir(private)) == sorted(youtube.FILES) and (private.stat().st_mode & 0o777) == 0o700
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_an_export_that_fills_the_disk_leaves_the_old_folder_whole(small_disk, tmp_path):
    from gdlesson.cli import youtube
    from gdlesson.lesson.run import LessonRun
    from gdlesson.lesson.settings import load_settings

    video = small_lesson_video(tmp_path)
    out = small_disk / "upload"
    out.mkdir()
    (out / "lesson.mp4").write_bytes(b"old video")
    (out / "notes.txt").write_text("mine")
    (small_disk / "filler").write_bytes(b"\0" * (shutil.disk_usage(small_disk).free - 2048))  # < the video
    lesson = LessonRun.from_settings(load_settings(workdir=tmp_path))
    with pytest.raises(youtube.ExportError, match=r"^cannot write .*upload \(No space left on device\)$"):
        youtube.export(video, lesson, out, root=catalog.PROJECT_ROOT, env=dict(os.environ), resolution="480p15")
    assert sorted(os.listdir(small_disk)) == ["filler", "upload"]
    assert (out / "lesson.mp4").read_bytes() == b"old video" and sorted(os.listdir(out)) == ["lesson.mp4", "notes.txt"]
