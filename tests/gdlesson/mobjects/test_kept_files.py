"""Kept files: a glyph or text kept on disk is read back as it was written; anything else on disk is never trusted;
a folder past its budget loses its oldest files."""

import os
import pickle
import subprocess
import sys

import pytest

from gdlesson.mobjects import kept_files
from gdlesson.mobjects.glyphs import is_glyph
from gdlesson.mobjects.kept_files import KeptFiles

KEY = ("('root', 'attrs')", "fill:#fff", (("d", "M 0 0 L 1 1 Z"),))
GLYPH = (b"a pickled shape", (1.0, 0.0, 0.0, -1.0))


def glyph_files(folder):
    """Glyphs' files, as :mod:`gdlesson.mobjects.glyphs` keeps them."""
    return KeptFiles("glyphs", is_glyph, folder)


def test_a_glyph_written_is_read_back_and_another_key_finds_nothing(tmp_path):
    files = glyph_files(tmp_path / "glyphs")
    assert files.read(KEY) is None
    files.write(KEY, GLYPH)
    files.write(("other",), (None, (2.0, 0.0, 0.0, 2.0)))  # an empty glyph
    assert files.read(KEY) == GLYPH and files.read(("other",)) == (None, (2.0, 0.0, 0.0, 2.0))
    assert files.read(("third",)) is None
    assert sorted(path.suffix for path in (tmp_path / "glyphs").iterdir()) == [".pickle", ".pickle"]


def test_a_file_from_other_manim_python_or_code_is_another_file(tmp_path, monkeypatch):
    files = glyph_files(tmp_path)
    path = files.path(KEY)
    assert KeptFiles("glyphs", is_glyph, tmp_path, version="other code").path(KEY) != path
    monkeypatch.setattr(kept_files, "FORMAT", (1, "0.0.0", (3, 99)))
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
    files = glyph_files(tmp_path)
    files.path(KEY).write_bytes(content)
    assert files.read(KEY) is None


def test_a_folder_that_cannot_be_written_keeps_nothing_and_raises_nothing(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    files = glyph_files(blocked / "glyphs")
    files.write(KEY, GLYPH)
    assert files.read(KEY) is None and blocked.read_text() == "a file where the folder would be"


def test_the_first_write_clears_what_killed_writers_left_and_only_theirs(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)
    left = tmp_path / f".abc.pickle.{dead}.part"
    alive = tmp_path / f".def.pickle.{os.getppid()}.part"  # a writer still running
    left.write_bytes(b"half")
    alive.write_bytes(b"half")
    glyph_files(tmp_path).write(KEY, GLYPH)
    assert not left.exists() and alive.exists()
    assert [path.name for path in tmp_path.iterdir() if path.suffix == ".pickle"] == [
        glyph_files(tmp_path).path(KEY).name
    ]


def test_past_its_budget_a_folder_loses_its_oldest_files_at_a_processs_first_write(tmp_path):
    old = KeptFiles("texts", lambda value: isinstance(value, bytes), tmp_path, budget=10_000)
    for index in range(5):  # 5 files of about 3,000 bytes, oldest first
        old.write((index,), bytes(3000))
        os.utime(old.path((index,)), (1_000_000 + index, 1_000_000 + index))
    assert len(list(tmp_path.glob("*.pickle"))) == 5  # written by one process: swept once, before the first
    later = KeptFiles("texts", lambda value: isinstance(value, bytes), tmp_path, budget=10_000)
    later.write(("new",), bytes(10))
    kept = [key for key in [(index,) for index in range(5)] + [("new",)] if later.read(key) is not None]
    assert kept == [(4,), ("new",)]  # the oldest went until at most half the budget was used
    within = KeptFiles("texts", lambda value: isinstance(value, bytes), tmp_path, budget=10_000)
    within.write(("third",), bytes(10))
    assert within.read((4,)) is not None  # within its budget, a folder keeps everything
