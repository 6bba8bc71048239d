"""The gdlesson command: its numbers against gdcore and NumPy, every user error, and rendering through manim with a
tiny stand-in scene. It runs as a real subprocess, but for what ``train`` prints after the first train test and the
table of user errors, which run it in this process (tests/commands.py)."""

import ast
import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import av
import numpy as np
import pytest
from commands import run_here

from gdcore import make_linear_data, train
from gdlesson.cli import catalog, youtube
from gdlesson.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
GDLESSON = (sys.executable, "-m", "gdlesson")


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without GDLESSON_* variables, plus ``extra``."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GDLESSON_")} | extra


def run(*args, cwd: Path, env: dict[str, str] | None = None, command=GDLESSON) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *map(str, args)], cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=300
    )


def assert_user_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    """Exit status 2, nothing on stdout, and one line ``error: ...`` on stderr containing ``fragments``."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def exact_fit(x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Least squares, the Hessian's eigenvalues and the loss, straight from NumPy."""
    design = np.column_stack([x, np.ones_like(x)])
    (w, b), *_ = np.linalg.lstsq(design, y, rcond=None)
    eigenvalues = np.linalg.eigvalsh(2.0 * design.T @ design / len(x))
    return {
        "optimum_w": w,
        "optimum_b": b,
        "min_loss": np.mean((y - w * x - b) ** 2),
        "critical_lr": 2.0 / eigenvalues.max(),
        "condition_number": eigenvalues.max() / eigenvalues.min(),
    }


def train_json(*args, cwd: Path, command=run) -> dict:
    result = command("train", "--json", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))


@pytest.fixture
def here(monkeypatch, capsys):
    """``gdlesson ARGS`` run in this process, reporting as :func:`run` does (tests/commands.py): for what the command
    prints; the first train test runs it as a process."""
    return lambda *args, cwd: run_here(*args, cwd=cwd, monkeypatch=monkeypatch, capsys=capsys)


# -- train ----------------------------------------------------------------------------------------


def test_train_json_matches_gdcore_and_least_squares(tmp_path):
    summary = train_json(cwd=tmp_path)
    data = make_linear_data(100, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)
    assert summary["lr"] == pytest.approx(0.21 * exact_fit(data.x, data.y)["critical_lr"], rel=1e-12)
    expected = train(data, lr=summary["lr"], batch_size=10, epochs=20, init=tuple(summary["init"]), seed=0)
    truth = exact_fit(data.x, data.y)
    w, b = expected.w[-1], expected.b[-1]
    assert (summary["w"], summary["b"]) == (w, b)
    assert summary["final_loss"] == pytest.approx(np.mean((data.y - w * data.x - b) ** 2), rel=1e-12)
    for key, value in truth.items():
        assert summary[key] == pytest.approx(value, rel=1e-9), key
    assert (summary["steps"], summary["diverged_at"], summary["note"]) == (200, None, None)
    assert (summary["batch_size"], summary["epochs"], summary["source"]) == (10, 20, "defaults")
    assert summary["scaling"] is None and (summary["w_scaled"], summary["b_scaled"]) == (w, b)


def test_train_json_on_csv_columns_by_name(tmp_path, here):
    rng = np.random.default_rng(4)
    height = rng.uniform(150, 200, 40)
    weight = 0.9 * height - 90 + rng.normal(0, 3, 40)
    rows = "\n".join(f"p{i},{w:.6f},{h:.6f}" for i, (h, w) in enumerate(zip(height, weight, strict=True)))
    (tmp_path / "people.csv").write_text("id,weight,height\n" + rows + "\n")
    summary = train_json(
        "--data",
        "people.csv",
        "--x",
        "height",
        "--y",
        "weight",
        "--lr",
        "0.5x",
        "--scale",
        "none",
        cwd=tmp_path,
        command=here,
    )
    x, y = np.round(height, 6), np.round(weight, 6)
    truth = exact_fit(x, y)
    assert summary["data"] == "people.csv (x = height, y = weight), n = 40"
    assert summary["lr"] == pytest.approx(0.5 * truth["critical_lr"], rel=1e-9)
    assert summary["optimum_w"] == pytest.approx(truth["optimum_w"], rel=1e-8)


def test_high_lr_preset_is_nine_tenths_of_the_critical_rate(tmp_path, here):
    summary = train_json("--preset", "high-lr", cwd=tmp_path, command=here)
    assert summary["lr"] == pytest.approx(0.9 * summary["critical_lr"], rel=1e-12)
    assert summary["source"] == "defaults + --preset high-lr"


def test_options_and_init_reach_the_run(tmp_path, here):
    summary = train_json(
        "--lr", "0.01", "--batch-size", "7", "--epochs", "3", "--seed", "5", "--init=-1,2", cwd=tmp_path, command=here
    )
    data = make_linear_data(100, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)
    expected = train(data, lr=0.01, batch_size=7, epochs=3, init=(-1.0, 2.0), seed=5)
    assert (summary["w"], summary["b"], summary["steps"]) == (expected.w[-1], expected.b[-1], expected.steps)
    assert summary["init"] == [-1.0, 2.0]


@pytest.mark.parametrize("rows", ["2,1\n2,3\n2,2\n", "1,5\n1,5\n"])
def test_an_x_that_never_changes_is_refused_in_one_line(tmp_path, rows, here):
    """Issue 17 item 4: with one x value every slope fits as well (a line of minima): refused, not drawn as a point."""
    (tmp_path / "flat.csv").write_text("x,y\n" + rows)
    for command in ("train", "render"):
        result = here(command, *(["descent"] if command == "render" else []), "--data", "flat.csv", cwd=tmp_path)
        assert_user_error(result, "flat.csv", "in every row", "give x values that vary")


def test_a_diverging_rate_is_allowed_and_said_clearly(tmp_path, here):
    args = ("--lr", "1.5x", "--batch-size", "full", "--epochs", "200")
    summary = train_json(*args, cwd=tmp_path, command=here)
    assert summary["diverged_at"] is not None and summary["steps"] < 200
    lr, critical = summary["lr"], summary["critical_lr"]
    assert summary["note"] == f"diverged at step {summary['diverged_at']}: lr {lr:.4g} > critical {critical:.4g}"
    table = here("train", *args, cwd=tmp_path)
    assert table.returncode == 0
    assert table.stdout.splitlines()[-1] == "note: " + summary["note"]
    assert f"diverged at       step {summary['diverged_at']}" in table.stdout


def test_mini_batches_can_diverge_below_the_critical_rate(tmp_path, here):
    summary = train_json("--preset", "high-lr", "--batch-size", "1", cwd=tmp_path, command=here)
    assert summary["diverged_at"] is not None
    assert summary["note"].endswith("but single mini-batches have steeper bowls")
    past = train_json("--lr", "1.05x", "--batch-size", "full", "--epochs", "10", cwd=tmp_path, command=here)
    assert past["diverged_at"] is None and "full-batch descent diverges at this rate" in past["note"]
    blown = train_json("--preset", "diverge", cwd=tmp_path, command=here)
    assert blown["diverged_at"] is not None and blown["note"].startswith(f"diverged at step {blown['diverged_at']}")


def test_train_table_shows_the_numbers(tmp_path, here):
    summary = train_json(cwd=tmp_path, command=here)
    result = here("train", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    lines = {line.split("  ")[0]: line for line in result.stdout.splitlines() if line}
    assert "scaling" not in lines  # the built-in data is descended as it is
    assert lines["final"].split()[1:] == [f"{summary['w']:.6g}", f"{summary['b']:.6g}", f"{summary['final_loss']:.6g}"]
    assert f"{summary['critical_lr']:.4g}" in lines["critical lr"]
    assert lines["data"].endswith("synthetic: y = 2x - 1 + noise, n = 100")


def test_a_batch_larger_than_the_data_is_clamped_with_a_warning(tmp_path, here):
    result = here("train", "--json", "--batch-size", "500", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == "warning: batch_size 500 > 100 samples; using full batch (100)\n"
    assert json.loads(result.stdout)["batch_size"] == 100


# -- bad input: exit 2, one line --------------------------------------------------------------------

CSV_FILES = {
    "words.csv": "x,y\n1,2\n2,abc\n",
    "nan.csv": "x,y\n1,2\n2,nan\n",
    "one.csv": "x,y\n1,2\n",
    "ragged.csv": "x,y\n1,2\n3\n",
    "empty.csv": "",
}


@pytest.mark.parametrize(
    ("args", "lesson", "fragments"),
    [
        (["train", "--data", "nope.csv"], None, ["nope.csv: no such file"]),
        (["train", "--data", "words.csv"], None, ["words.csv:3:2: 'abc' in column 'y' is not a number"]),
        (["train", "--data", "nan.csv"], None, ["nan.csv:3:2: 'nan' in column 'y' is not finite"]),
        (["train", "--data", "one.csv"], None, ["one.csv: 1 data row(s); a line needs at least 2 rows"]),
        (["train", "--data", "ragged.csv"], None, ["ragged.csv: line 3: 1 fields but the header has 2"]),
        (["train", "--data", "empty.csv"], None, ["empty.csv: the file is empty"]),
        (["train", "--data", "nan.csv", "--x", "z"], None, ["unknown column 'z' for x; the columns are ['x', 'y']"]),
        (["train", "--x", "height"], None, ['data.x = "height" names a CSV column, but no CSV file is given']),
        (["train", "--lr", "0"], None, ["lr = 0 is invalid; lr must be a number > 0, or a multiple of the critical"]),
        (["train", "--lr", "-1"], None, ["lr = -1 is invalid"]),
        (["train", "--lr", "fast"], None, ['lr = "fast" is invalid']),
        (["train", "--lr", "nan"], None, ['lr = "nan" is invalid']),
        (["train", "--batch-size", "0"], None, ["batch_size = 0 is invalid; batch_size must be an integer >= 1"]),
        (["train", "--batch-size", "many"], None, ['batch_size = "many" is invalid']),
        (["train", "--epochs", "0"], None, ["epochs = 0 is invalid; epochs must be an integer >= 1"]),
        (["train", "--epochs", "2.5"], None, ["epochs = 2.5 is invalid"]),
        (["train", "--seed", "-3"], None, ["seed = -3 is invalid; seed must be an integer >= 0"]),
        (["train", "--init", "1"], None, ["argument --init: expected two numbers W0,B0", "gdlesson train --help"]),
        (["train", "--lrr", "3"], None, ["unrecognized arguments: --lrr 3 (see 'gdlesson train --help')"]),
        (["train", "--preset", "sdg"], None, ["unknown preset 'sdg'; did you mean 'sgd'? presets: "]),
        (["train", "--lesson", "gone.toml"], None, ["gone.toml: no such lesson file"]),
        (["train"], "lr = = 0.1\n", ["lesson.toml:1:6: invalid value; fix the TOML syntax"]),
        (["train"], "epochs = 3\nlrr = 1\n", ["lesson.toml:2: unknown key 'lrr'; did you mean 'lr'? valid keys:"]),
        (["train"], 'epochs = "ten"\n', ['lesson.toml:1: epochs = "ten" is invalid; epochs must be an integer >= 1']),
        (["train"], 'theme = "blue"\n', ['theme = "blue" is invalid; theme must be "dark" or "light"']),
        (["train"], "[data]\ncsv = 'nan.csv'\n", ["nan.csv:3:2: 'nan' in column 'y' is not finite"]),
        (["render", "decent"], None, ["unknown scene 'decent'; did you mean 'descent'? scenes: ", "descent"]),
        (["render", "descent", "--lr", "-1"], None, ["lr = -1 is invalid"]),
        (["render", "descent", "--theme", "pink"], None, ['theme = "pink" is invalid']),
        (["render", "descent", "--pacing", "0"], None, ["pacing = 0 is invalid"]),
        (["render", "descent", "--quality", "x"], None, ["argument -q/--quality: invalid choice: 'x'"]),
        (["render", "descent"], "lrr = 1\n", ["lesson.toml:1: unknown key 'lrr'"]),
        (["upload"], None, ["argument COMMAND: invalid choice: 'upload'"]),
        (["youtube"], None, ["the following arguments are required: --out"]),
        (["youtube", "--out", "lesson.toml"], "lr = 0.1\n", ["'lesson.toml' exists and is not a folder"]),
        (["youtube", "--out", "out", "--quality", "x"], None, ["argument -q/--quality: invalid choice: 'x'"]),
        (["youtube", "--out", "out", "--lr", "-1"], None, ["lr = -1 is invalid"]),
    ],
)
def test_user_errors_exit_2_with_one_line(tmp_path, args, lesson, fragments, monkeypatch, capsys):
    # Called in this process: the command's own process is tested by the tests below, and by the faults'.
    for name, text in CSV_FILES.items():
        (tmp_path / name).write_text(text)
    if lesson is not None:
        (tmp_path / "lesson.toml").write_text(lesson)
    assert_user_error(run_here(*args, cwd=tmp_path, monkeypatch=monkeypatch, capsys=capsys), *fragments)


def test_a_bad_data_csv_in_the_working_directory_is_reported(tmp_path):
    (tmp_path / "data.csv").write_text("x,y\n1,2\n2,\n")
    assert_user_error(run("train", cwd=tmp_path), "data.csv:3:2: an empty cell in column 'y' is not a number")


def test_no_command_prints_help_and_exits_2(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: gdlesson") and "train" in result.stderr and "render" in result.stderr


@pytest.mark.parametrize("command", [[], ["train"], ["render"], ["list"]])
def test_help_on_every_command(tmp_path, command):
    result = run(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith(f"usage: {' '.join(['gdlesson', *command])}")


def test_help_documents_presets_and_relative_rates(capsys):
    assert main(["train", "--help"]) == 0
    text = capsys.readouterr().out
    assert "0.9x" in text and all(name in text for name in ("sgd", "full-batch", "high-lr", "low-lr", "diverge"))


def test_list_names_every_scene_with_its_description(tmp_path):
    result = run("list", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(catalog.SCENES)
    for line, entry in zip(lines, catalog.SCENES.values(), strict=True):
        assert line.split()[0] == entry.name and line.endswith(entry.about)


def test_train_and_list_do_not_import_manim(tmp_path):
    code = (
        "import sys; from gdlesson.cli.main import main; main(['list']); main(['train']); print('manim' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False"


def test_installed_console_script(tmp_path):
    script = Path(sys.executable).with_name("gdlesson")
    if not script.exists():
        pytest.skip("gdlesson is not installed in this environment (pip install -e .)")
    assert run("list", cwd=tmp_path, command=[script]).stdout.startswith("descent")
    summary = json.loads(run("train", "--json", "--epochs", "1", cwd=tmp_path, command=[script]).stdout)
    assert summary == train_json("--epochs", "1", cwd=tmp_path)
    assert_user_error(run("train", "--epochs", "0", cwd=tmp_path, command=[script]), "epochs = 0 is invalid")


def test_the_console_script_lives_in_the_gdlesson_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "gdlesson"
    assert project["scripts"] == {"gdlesson": "gdlesson.cli.main:main"}
    installed = entry_points(group="console_scripts", name="gdlesson")
    assert [entry.value for entry in installed] == ["gdlesson.cli.main:main"]
    assert installed["gdlesson"].load() is main


def test_scenes_is_not_installed_but_gdlesson_is(tmp_path):
    """Outside the checkout ``import scenes`` fails (scenes/ holds only the files handed to manim)."""
    env = {key: value for key, value in clean_env().items() if key != "PYTHONPATH"}
    missing = subprocess.run(
        [sys.executable, "-c", "import scenes"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert missing.returncode == 1
    assert missing.stderr.splitlines()[-1] == "ModuleNotFoundError: No module named 'scenes'"
    code = "import gdlesson, gdlesson.cli.main, gdcore; print(gdlesson.__file__)"
    found = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()) == ROOT / "gdlesson" / "__init__.py"
    # python -m gdlesson is the command too.
    assert run("--help", cwd=tmp_path, command=[sys.executable, "-m", "gdlesson"]).stdout.startswith("usage: gdlesson")


# -- render, with a tiny stand-in scene -------------------------------------------------------------

TINY_SCENE = """\
import json, os, time
from pathlib import Path

from manim import Scene, Square

from gdlesson.lesson.handoff import run_or_exit


class Tiny(Scene):
    def __init__(self, *args, **kwargs):
        # As LessonScene does: the lesson is read when the scene is made, before manim writes anything.
        self.lesson = run_or_exit()
        super().__init__(*args, **kwargs)

    def construct(self):
        lesson = self.lesson
        seen = dict(
            lr=lesson.hyper.lr,
            batch_size=lesson.hyper.batch_size,
            n=lesson.data.n,
            source=lesson.settings.source,
            cwd=os.getcwd(),
        )
        Path(os.environ["TINY_REPORT"]).write_text(json.dumps(seen))
        self.add(Square())
        self.add_subcaption("hello", duration=0.2)
        self.wait(0.2)
        if os.environ.get("TINY_MODE") == "fail":
            raise RuntimeError("the tiny scene fails on purpose")
        if os.environ.get("TINY_MODE") == "hang":
            Path(os.environ["TINY_REPORT"] + ".hanging").touch()
            time.sleep(120)
"""

SHARDS_SCENE = """\
from manim import RIGHT, Circle, Create, Square

from gdlesson.story.scene import LessonScene


class Shards(LessonScene):
    def construct(self):
        for shape in (Square(), Circle(), Square().shift(2 * RIGHT)):
            self.play(Create(shape), run_time=0.4)
"""

RUNNER = """\
import signal, sys
from pathlib import Path

from gdlesson.cli import catalog, youtube

signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C works even when started from a background job
catalog.SCENES_DIR = Path(sys.argv[1])
catalog.PROJECT_ROOT = catalog.SCENES_DIR.parent
catalog.SCENES = {
    "tiny": catalog.SceneEntry("tiny", "tiny", "Tiny", "a tiny stand-in scene"),
    "shards": catalog.SceneEntry("shards", "shards", "Shards", "three animations, for parallel renders"),
    "texty": catalog.SceneEntry("texty", "texty", "Texty", "a Text, then as tiny does"),
}
from gdlesson.cli.main import main

raise SystemExit(main(sys.argv[2:]))
"""


TEXTY_SCENE = """\
from manim import Text

from tiny import Tiny


class Texty(Tiny):
    def construct(self):
        self.add(Text("a cached text 31337"))
        super().construct()
"""


class TinyProject:
    """A project root with one scene, a caller's directory elsewhere and a private temp dir."""

    def __init__(self, base: Path) -> None:
        self.root, self.caller, self.scratch = base / "project", base / "caller", base / "tmp"
        (self.root / "fakescenes").mkdir(parents=True)
        (self.root / "fakescenes" / "tiny.py").write_text(TINY_SCENE)
        (self.root / "fakescenes" / "shards.py").write_text(SHARDS_SCENE)
        (self.root / "fakescenes" / "texty.py").write_text(TEXTY_SCENE)
        self.caller.mkdir()
        self.scratch.mkdir()
        self.runner = base / "runner.py"
        self.runner.write_text(RUNNER)
        self.report = base / "report.json"

    def env(self, mode: str = "") -> dict[str, str]:
        return clean_env(TINY_REPORT=str(self.report), TINY_MODE=mode, TMPDIR=str(self.scratch))

    def command(self, *args: str, scene: str = "tiny") -> list[str]:
        # One process unless asked: the tiny stand-in is a plain Scene, which cannot share its animations out.
        return [sys.executable, str(self.runner), str(self.root / "fakescenes"), "render", scene, "--jobs", "1", *args]

    def render(self, *args: str, mode: str = "", scene: str = "tiny") -> subprocess.CompletedProcess:
        return subprocess.run(
            self.command(*args, scene=scene),
            cwd=self.caller,
            env=self.env(mode),
            capture_output=True,
            text=True,
            timeout=300,
        )

    def media_files(self) -> list[Path]:
        media = self.root / "media"
        return sorted(path.relative_to(media) for path in media.rglob("*") if path.is_file())


@pytest.fixture
def tiny(tmp_path) -> TinyProject:
    return TinyProject(tmp_path)


def test_a_parallel_render_joins_every_animation_and_warns_once(tiny):
    result = tiny.render("--jobs", "2", "--batch-size", "500", scene="shards")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("warning: batch_size 500") == 1  # from the command, not once per process
    video = tiny.root / "media" / "videos" / "shards" / "480p15" / "Shards.mp4"
    assert result.stdout.splitlines()[-1] == str(video)
    with av.open(str(video)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == 3 * 6  # three 0.4 s animations at 15 fps, drawn by two processes, joined in order
    chapters = json.loads(video.with_suffix(".chapters.json").read_text())
    assert chapters["duration"] == pytest.approx(frames / 15)
    assert list(tiny.scratch.iterdir()) == []


def test_render_publishes_the_finished_video_and_hands_over_the_lesson(tiny):
    (tiny.caller / "data.csv").write_text("h,w\n1,3\n2,5.5\n4,9\n5,11.5\n")
    (tiny.caller / "lesson.toml").write_text("epochs = 2\n")
    result = tiny.render("--lr", "0.5x", "--preset", "sgd")
    assert result.returncode == 0, result.stderr
    video = tiny.root / "media" / "videos" / "tiny" / "480p15" / "Tiny.mp4"
    assert result.stdout.splitlines()[-1] == str(video)
    assert video.read_bytes()[4:8] == b"ftyp"
    assert tiny.media_files() == [Path("videos/tiny/480p15/Tiny.mp4"), Path("videos/tiny/480p15/Tiny.srt")]
    assert list(tiny.scratch.iterdir()) == []

    seen = json.loads(tiny.report.read_text())
    # What the command itself read in the caller's directory.
    code = (
        "from gdlesson.lesson.settings import load_settings; from gdlesson.lesson.run import LessonRun; "
        "s = load_settings(None, {'lr': '0.5x'}, 'sgd'); print(LessonRun.from_settings(s).hyper.lr, s.source)"
    )
    here = run("-c", code, cwd=tiny.caller, command=[sys.executable]).stdout.split(maxsplit=1)
    assert seen["cwd"] == str(tiny.root)
    assert (seen["n"], seen["batch_size"]) == (4, 1)
    # x = 1, 2, 4, 5 is too badly conditioned for 20 steps, so it is standardised: a round bowl of
    # Hessian 2 I, whose critical rate is 1.
    assert seen["lr"] == pytest.approx(0.5, rel=1e-12)
    assert [str(seen["lr"]), seen["source"]] == [here[0], here[1].strip()]
    assert seen["source"] == "lesson.toml + data.csv + --preset sgd + lr=0.5x"


YOUTUBE_RUNNER = """\
import json, sys
from pathlib import Path

from gdlesson.cli import catalog, youtube

catalog.SCENES_DIR = Path(sys.argv[1])
catalog.PROJECT_ROOT = catalog.SCENES_DIR.parent
catalog.SCENES = {"lesson": catalog.SceneEntry("lesson", "tiny", "Tiny", "the tiny scene as the lesson")}


def export(video, lesson, out, **kwargs):  # records what the export was given; the real one is tested elsewhere
    seen = {"video": str(video), "there": video.is_file(), "srt": video.with_suffix(".srt").is_file()}
    out.mkdir()
    (out / "seen.json").write_text(json.dumps(seen | {"about": kwargs["about"]}))
    return []  # no chapters: the command warns


youtube.export = export
from gdlesson.cli.main import main

raise SystemExit(main(sys.argv[2:]))
"""


def test_youtube_exports_its_own_render_not_the_shared_media_copy(tiny, tmp_path):
    # Two youtube runs in one checkout both publish media/videos/.../Lesson.mp4: each exports its own render.
    runner = tmp_path / "youtube_runner.py"
    runner.write_text(YOUTUBE_RUNNER)
    out = tmp_path / "upload"
    command = [sys.executable, str(runner), str(tiny.root / "fakescenes"), "youtube", "--out", str(out), "-q", "l"]
    result = subprocess.run(
        [*command, "--jobs", "1", "--voice", "none"], cwd=tiny.caller, env=tiny.env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == str(out)
    assert result.stderr.splitlines()[-1] == f"warning: {youtube.NO_CHAPTERS}"
    seen = json.loads((out / "seen.json").read_text())
    assert seen["there"] and seen["srt"] and seen["about"] == youtube.LESSON_ABOUT
    assert Path(seen["video"]).is_relative_to(tiny.scratch) and Path(seen["video"]).name == "Tiny.mp4"
    assert tiny.media_files() == [Path("videos/tiny/480p15/Tiny.mp4"), Path("videos/tiny/480p15/Tiny.srt")]
    assert list(tiny.scratch.iterdir()) == []


def test_a_render_in_progress_writes_only_its_own_text_cache_and_adds_to_the_projects_when_done(tiny):
    # Two renders at once in one checkout: neither can read a cache file the other is writing.
    process = subprocess.Popen(
        tiny.command(scene="texty"), cwd=tiny.caller, env=tiny.env("hang"), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    hanging = Path(str(tiny.report) + ".hanging")
    deadline = time.monotonic() + 120
    while not hanging.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert hanging.exists(), process.communicate(timeout=5)
    shared = tiny.root / "media" / "texts"
    private = list(tiny.scratch.glob("gdlesson-render-*/media/cache/texts/*.svg"))
    assert len(private) == 1 and not list(shared.glob("*.svg"))  # the Text drawn so far is in its own cache only
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=60)
    assert not list(shared.glob("*.svg"))  # a stopped render adds nothing
    result = tiny.render(scene="texty")
    assert result.returncode == 0, result.stderr
    (added,) = shared.glob("*.svg")
    assert added.name == private[0].name and added.read_text().rstrip().endswith("</svg>")


def test_quality_flag_reaches_manim(tiny):
    result = tiny.render("--quality", "m", "--epochs", "1")
    assert result.returncode == 0, result.stderr
    assert tiny.media_files()[0] == Path("videos/tiny/720p30/Tiny.mp4")


def test_a_failing_render_leaves_media_untouched(tiny):
    result = tiny.render(mode="fail")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("error: manim exited with status 1 while rendering 'tiny'")
    assert tiny.media_files() == [] and list(tiny.scratch.iterdir()) == []


def test_ctrl_c_stops_manim_and_leaves_media_untouched(tiny):
    process = subprocess.Popen(
        tiny.command(),
        cwd=tiny.caller,
        env=tiny.env("hang"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    hanging = Path(str(tiny.report) + ".hanging")
    deadline = time.monotonic() + 120
    while not hanging.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert hanging.exists(), process.communicate(timeout=5)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.splitlines()[-1].startswith("error: interrupted; nothing was written")
    assert tiny.media_files() == [] and list(tiny.scratch.iterdir()) == []


def test_a_bad_lesson_stops_render_before_manim_starts(tiny):
    (tiny.caller / "lesson.toml").write_text("batch_size = 0\n")
    result = tiny.render()
    assert_user_error(result, "lesson.toml:1: batch_size = 0 is invalid")
    assert not tiny.report.exists() and not (tiny.root / "media").exists()


def test_plain_manim_with_a_bad_lesson_exits_2_before_writing(tiny, tmp_path):
    (tiny.caller / "bad.toml").write_text("epochs = 1\npacing = -1\n")
    media = tmp_path / "plain-media"
    env = clean_env(GDLESSON_FILE=str(tiny.caller / "bad.toml"), TINY_REPORT=str(tiny.report))
    command = [sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(media), "fakescenes/tiny.py", "Tiny"]
    result = subprocess.run(command, cwd=tiny.root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [
        f"error: {tiny.caller / 'bad.toml'}:2: pacing = -1 is invalid; pacing must be a number of seconds > 0"
    ]
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


# -- the real descent scene --------------------------------------------------------------------------

DESCENT = catalog.SCENES["descent"]


@pytest.mark.parametrize("entry", catalog.SCENES.values(), ids=lambda entry: entry.name)
def test_every_catalog_entry_names_the_one_scene_class_of_a_file_that_reads_nothing_at_import(entry):
    tree = ast.parse(entry.path.read_text())
    assert entry.cls in {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    scenes = [  # more than one Scene class in a file makes plain `manim` ask which to render
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef) and any(ast.unparse(base).endswith("Scene") for base in node.bases)
    ]
    assert scenes == [entry.cls]
    # Nothing is called at import time: the lesson is read when the scene is constructed (LessonScene).
    at_import = [
        ast.unparse(call)
        for node in tree.body
        if not isinstance(node, (ast.ClassDef, ast.FunctionDef))
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
    ]
    assert at_import == []


def test_descent_with_a_bad_lesson_fails_cleanly_under_plain_manim(tmp_path):
    (tmp_path / "bad.toml").write_text("lr = 'quick'\n")
    media = tmp_path / "media"
    command = [sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(media), "scenes/descent.py"]
    env = clean_env(GDLESSON_FILE=str(tmp_path / "bad.toml"))
    result = subprocess.run(command + [DESCENT.cls], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        f'error: {tmp_path / "bad.toml"}:1: lr = "quick" is invalid; lr must be a number > 0, or a multiple of '
        'the critical learning rate written like "0.9x"'
    ]
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))
