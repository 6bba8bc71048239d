"""Glyph files: a glyph kept on disk is read back as it was written; anything else on disk is never trusted."""

import os
import pickle
import subprocess
import sys

import pytest

from gdlesson.mobjects import glyph_files
from gdlesson.mobjects.glyph_files import GlyphFiles

KEY = ("('root', 'attrs')", "fill:#fff", (("d", "M 0 0 L 1 1 Z"),))
GLYPH = (b"a pickled shape", (1.0, 0.0, 0.0, -1.0))


def test_a_glyph_written_is_read_back_and_another_key_finds_nothing(tmp_path):
    files = GlyphFiles(tmp_path / "glyphs")
    assert files.read(KEY) is None
    files.write(KEY, GLYPH)
    files.write(("other",), (None, (2.0, 0.0, 0.0, 2.0)))  # an empty glyph
    assert files.read(KEY) == GLYPH and files.read(("other",)) == (None, (2.0, 0.0, 0.0, 2.0))
    assert files.read(("third",)) is None
    assert sorted(path.suffix for path in (tmp_path / "glyphs").iterdir()) == [".pickle", ".pickle"]


def test_a_file_from_other_manim_or_python_is_another_file(tmp_path, monkeypatch):
    files = GlyphFiles(tmp_path)
    path = files.path(KEY)
    monkeypatch.setattr(glyph_files, "FORMAT", (1, "0.0.0", (3, 99)))
    assert files.path(KEY) != path


@pytest.mark.parametrize(
    "content",
    [
        pickle.dumps(GLYPH)[:-3],  # cut short
        b"not a pickle at all",
        pickle.dumps(("a shape", (1.0, 0.0, 0.0, 1.0))),  # a str, not a pickled shape
        pickle.dumps((b"shape", (1.0, 0.0, 0.0))),  # three numbers
        pickle.dumps((b"shape", (1, 0, 0, 1))),  # integers: not what svgelements gives
        pickle.dumps([b"shape", (1.0, 0.0, 0.0, 1.0)]),
        b"",
    ],
)
def test_a_file_that_is_not_a_whole_glyph_is_not_read(tmp_path, content):
    files = GlyphFiles(tmp_path)
    files.path(KEY).write_bytes(content)
    assert files.read(KEY) is None


def test_a_folder_that_cannot_be_written_keeps_nothing_and_raises_nothing(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    files = GlyphFiles(blocked / "glyphs")
    files.write(KEY, GLYPH)
    assert files.read(KEY) is None and blocked.read_text() == "a file where the folder would be"


def test_the_first_write_clears_what_killed_writers_left_and_only_theirs(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    left = tmp_path / f".abc.pickle.{dead}.part"
    alive = tmp_path / f".def.pickle.{os.getppid()}.part"  # a writer still running
    left.write_bytes(b"half")
    alive.write_bytes(b"half")
    GlyphFiles(tmp_path).write(KEY, GLYPH)
    assert not left.exists() and alive.exists()
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".pickle"] == [
        GlyphFiles(tmp_path).path(KEY).name
    ]
