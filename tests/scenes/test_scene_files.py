"""The files in scenes/ are only what you hand to manim: each defines its Scene class(es), imports no other
scene file, reads nothing when imported, and stops with one line and exit status 2 on a broken lesson."""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from manim import Scene
from scene_files import SCENES, scene_module

from gdlesson.story.scene import LessonScene

SCENE_FILES = sorted(path.stem for path in SCENES.glob("*.py"))

# For each (scene file, scene name, working directory, lesson file) of the JSON list given, a process of its own
# (forked from this one, which has imported manim and gdlesson once for all of them) loads the scene file by path as
# manim does and constructs the scene without drawing, in that directory and with that lesson file, its output in
# <directory>.out and <directory>.err; prints each exit status, in order.
CONSTRUCT_EACH = """
import importlib.util, json, os, sys
import manim, gdlesson.story.scene
from manim import tempconfig

def construct(path, name, workdir, lesson):
    os.chdir(workdir)
    os.environ["GDLESSON_FILE"] = lesson
    for fd, suffix in ((1, ".out"), (2, ".err")):
        os.dup2(os.open(workdir + suffix, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    spec = importlib.util.spec_from_file_location("scene_file", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempconfig({"dry_run": True, "media_dir": os.path.join(workdir, "media")}):
        getattr(module, name)()
    print("constructed")

for job in json.loads(sys.argv[1]):
    child = os.fork()
    if child == 0:
        status = 1
        try:
            construct(*job)
            status = 0
        except SystemExit as stop:  # as the interpreter ends on SystemExit
            status = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            sys.excepthook(*sys.exc_info())
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]), flush=True)
"""

# Loads every scene file given by path; prints the names of the Scene classes each defines.
IMPORT_ALL = """
import importlib.util, sys
from manim import Scene
for index, path in enumerate(sys.argv[1:]):
    spec = importlib.util.spec_from_file_location(f"scene_file_{index}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = [n for n, v in vars(module).items() if isinstance(v, type) and issubclass(v, Scene)
             and v.__module__ == module.__name__]
    print(path, *names)
"""


def scene_classes(stem: str) -> list[type]:
    """The Scene subclasses ``scenes/<stem>.py`` defines (not the ones it imports)."""
    module = scene_module(stem)
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, Scene) and value.__module__ == module.__name__
    ]


def python(code: str, *args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python -c CODE ARGS`` in ``cwd``, with exactly the environment ``env``."""
    command = [sys.executable, "-c", code, *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def broken_environment(folder: Path) -> dict[str, str]:
    """An environment whose lesson file (in ``folder``) is broken: a negative learning rate."""
    lesson = folder / "broken.toml"
    lesson.write_text("lr = -1\n")
    return {"PATH": "/usr/bin:/bin", "HOME": str(folder), "GDLESSON_FILE": str(lesson)}


@pytest.fixture
def broken_lesson(tmp_path) -> dict[str, str]:
    """An environment whose lesson file is broken, run from an empty directory."""
    return broken_environment(tmp_path)


CONSTRUCTED = pytest.mark.xdist_group("scene files: constructed with a broken lesson")
"""The tests reading ``constructed``: one worker starts its process, once."""


@pytest.fixture(scope="module")
def constructed(tmp_path_factory) -> dict[str, tuple[int, str, str, list[Path]]]:
    """Each scene file's first scene constructed with a broken lesson, each in a process and an empty working
    directory of its own, and (as ``"good"``) VisualB on a good lesson: by file stem, (exit status, stdout, stderr,
    files written in the working directory)."""
    base = tmp_path_factory.mktemp("constructed")
    broken = broken_environment(base)
    good = base / "good.toml"
    good.write_text('voice = "none"\n')
    jobs = [
        (str(SCENES / f"{stem}.py"), scene_classes(stem)[0].__name__, str(base / stem), broken["GDLESSON_FILE"])
        for stem in SCENE_FILES
    ]
    jobs.append((str(SCENES / "visual_b.py"), "VisualB", str(base / "good"), str(good)))
    for job in jobs:
        Path(job[2]).mkdir()
    result = python(CONSTRUCT_EACH, json.dumps(jobs), cwd=base, env=broken)
    assert result.returncode == 0, result.stderr[-2000:]
    statuses = [int(line) for line in result.stdout.split()]
    assert len(statuses) == len(jobs), result.stdout
    found = {}
    for job, status in zip(jobs, statuses, strict=True):
        workdir = Path(job[2])
        out, err = (Path(f"{workdir}{suffix}").read_text() for suffix in (".out", ".err"))
        found[workdir.name] = (status, out, err, [path for path in workdir.rglob("*") if path.is_file()])
    return found


def test_scenes_is_a_folder_of_scene_files_not_a_package():
    assert not (SCENES / "__init__.py").exists()
    assert len(SCENE_FILES) >= 11 and {"descent", "lesson", "dashboard", "thumbnail"} <= set(SCENE_FILES)


@pytest.mark.parametrize("stem", SCENE_FILES)
def test_a_scene_file_imports_no_other_scene_file(stem):
    tree = ast.parse((SCENES / f"{stem}.py").read_text())
    others = set(SCENE_FILES) - {stem}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{stem}.py: relative import from {node.module!r}"
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top != "scenes", f"{stem}.py imports {name}"
            assert top not in others, f"{stem}.py imports the scene file {top}.py"


@pytest.mark.parametrize("stem", SCENE_FILES)
def test_a_scene_file_defines_its_lesson_scenes(stem):
    classes = scene_classes(stem)
    assert classes, f"scenes/{stem}.py defines no Scene"
    assert all(issubclass(cls, LessonScene) for cls in classes)
    # manim asks which scene to render when a file holds several: `manim scenes/descent.py` must not ask.
    if stem == "descent":
        assert len(classes) == 1


def test_importing_every_scene_file_reads_nothing_even_with_a_broken_lesson(broken_lesson, tmp_path):
    """A lesson file that is not even TOML and a data.csv with one row in the working directory: both would stop
    a scene that read them, and importing must not."""
    Path(broken_lesson["GDLESSON_FILE"]).write_text("lr = = 1\n")
    (tmp_path / "data.csv").write_text("x,y\n1,2\n")
    paths = [str(SCENES / f"{stem}.py") for stem in SCENE_FILES]
    result = python(IMPORT_ALL, *paths, cwd=tmp_path, env=broken_lesson)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error" not in result.stderr.lower()
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(paths)
    for stem, line in zip(SCENE_FILES, lines, strict=True):
        assert line.split()[1:] == [cls.__name__ for cls in scene_classes(stem)], line


@CONSTRUCTED
@pytest.mark.parametrize("stem", SCENE_FILES)
def test_constructing_a_scene_with_a_broken_lesson_stops_with_one_line_and_status_2(stem, constructed):
    status, out, err, written = constructed[stem]
    assert status == 2, (out[-1000:], err[-2000:])
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), err[-2000:]
    assert "lr" in lines[0] and "Traceback" not in err
    assert "constructed" not in out
    # Stopped before manim wrote anything, in its media folder or the working directory.
    assert written == []


@CONSTRUCTED
def test_the_construction_check_sees_a_scene_that_constructs(constructed):
    """The forked processes above can report a success: a scene on a good lesson prints 'constructed' and exits 0
    (so status 2 and the one line come from the scenes, not from the harness)."""
    status, out, err, _ = constructed["good"]
    assert status == 0 and out.strip().endswith("constructed"), (out[-1000:], err[-2000:])


def test_the_probe_of_a_broken_lesson_is_really_broken(broken_lesson):
    """The lesson the tests above use is refused when read on purpose (so their passing means nothing was read)."""
    from gdlesson.lesson.settings import LessonError, load_settings

    with pytest.raises(LessonError, match="lr"):
        load_settings(Path(broken_lesson["GDLESSON_FILE"]))
