"""The files in scenes/ are only what you hand to manim: each defines its Scene class(es), imports no other
scene file, reads nothing when imported, and stops with one line and exit status 2 on a broken lesson."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest
from manim import Scene
from scene_files import SCENES, scene_module

from gdlesson.story.scene import LessonScene

SCENE_FILES = sorted(path.stem for path in SCENES.glob("*.py"))

# Loads a scene file by path as manim does, then constructs one of its scenes without drawing.
CONSTRUCT = """
import importlib.util, sys
from manim import tempconfig
path, name, media = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("scene_file", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
with tempconfig({"dry_run": True, "media_dir": media}):
    getattr(module, name)()
print("constructed")
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


@pytest.fixture
def broken_lesson(tmp_path) -> dict[str, str]:
    """An environment whose lesson file is broken (a negative learning rate), run from an empty directory."""
    lesson = tmp_path / "broken.toml"
    lesson.write_text("lr = -1\n")
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GDLESSON_FILE": str(lesson)}


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
    paths = [str(SCENES / f"{stem}.py") for stem in SCENE_FILES]
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *paths],
        cwd=tmp_path,
        env=broken_lesson,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error" not in result.stderr.lower()
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(paths)
    for stem, line in zip(SCENE_FILES, lines, strict=True):
        assert line.split()[1:] == [cls.__name__ for cls in scene_classes(stem)], line


@pytest.mark.parametrize("stem", SCENE_FILES)
def test_constructing_a_scene_with_a_broken_lesson_stops_with_one_line_and_status_2(stem, broken_lesson, tmp_path):
    name = scene_classes(stem)[0].__name__
    media = tmp_path / "media"
    result = subprocess.run(
        [sys.executable, "-c", CONSTRUCT, str(SCENES / f"{stem}.py"), name, str(media)],
        cwd=tmp_path,
        env=broken_lesson,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, (result.stdout[-1000:], result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr[-2000:]
    assert "lr" in lines[0] and "Traceback" not in result.stderr
    assert "constructed" not in result.stdout
    # Stopped before manim wrote anything, in its media folder or the working directory.
    written = [path for path in tmp_path.rglob("*") if path.is_file() and path.name != "broken.toml"]
    assert written == []


def test_the_probe_of_a_broken_lesson_is_really_broken(broken_lesson):
    """The lesson the tests above use is refused when read on purpose (so their passing means nothing was read)."""
    from gdlesson.lesson.settings import LessonError, load_settings

    with pytest.raises(LessonError, match="lr"):
        load_settings(Path(broken_lesson["GDLESSON_FILE"]))
