"""Publishing all or nothing: files beside their targets, folders exchanged at once, stale leftovers cleared."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gdlesson.cli import publish
from gdlesson.cli.publish import PublishError, exchange, part_prefix, publish_files, publish_folder
from gdlesson.scratch import new_scratch, remove_stale, scratch_folder


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sources(folder: Path, **files: bytes) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        (folder / name.replace("_", ".")).write_bytes(data)
        paths.append(folder / name.replace("_", "."))
    return paths


def test_files_appear_together_and_replace_the_old_ones(tmp_path):
    media = tmp_path / "media"
    old = sources(media / "v", Scene_srt=b"old captions", Scene_mp4=b"old video")
    new = sources(tmp_path / "scratch", Scene_srt=b"new captions", Scene_json=b"{}", Scene_mp4=b"new video")
    publish_files([(path, media / "v" / path.name) for path in new])
    assert tree(media) == {"v/Scene.srt": b"new captions", "v/Scene.json": b"{}", "v/Scene.mp4": b"new video"}
    assert old[0].read_bytes() == b"new captions"


def test_a_failure_part_way_puts_every_old_file_back(tmp_path, monkeypatch):
    media = tmp_path / "media"
    sources(media, Scene_srt=b"old captions", Scene_mp4=b"old video")
    new = sources(tmp_path / "scratch", Scene_srt=b"new captions", Scene_json=b"{}", Scene_mp4=b"new video")
    real_replace = os.replace

    def replace(source, target):  # the video's rename fails, after the captions and chapters were renamed
        if str(target).endswith(".mp4"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(publish.os, "replace", replace)
    with pytest.raises(PublishError, match=r"Scene.mp4 \(No space left on device\); the previous outputs were left"):
        publish_files([(path, media / path.name) for path in new])
    assert tree(media) == {"Scene.mp4": b"old video", "Scene.srt": b"old captions"}


def test_an_interrupt_between_two_renames_is_undone(tmp_path, monkeypatch):
    media = tmp_path / "media"
    sources(media, Scene_srt=b"old captions", Scene_mp4=b"old video")
    new = sources(tmp_path / "scratch", Scene_srt=b"new captions", Scene_mp4=b"new video")
    real_replace = os.replace

    def replace(source, target):  # Ctrl-C lands after the captions' rename, before the video's
        if str(target).endswith(".mp4") and str(source).endswith("-new"):
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(publish.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        publish_files([(path, media / path.name) for path in new])
    assert tree(media) == {"Scene.mp4": b"old video", "Scene.srt": b"old captions"}


def test_a_full_disk_leaves_the_old_outputs_and_no_temporary_file(small_disk, tmp_path):
    media = small_disk / "media"
    sources(media, Scene_srt=b"old captions", Scene_mp4=b"old video")
    new = sources(tmp_path / "scratch", Scene_srt=b"captions", Scene_mp4=os.urandom(4_000_000))
    with pytest.raises(PublishError, match=r"Scene.mp4 \(No space left on device\)") as caught:
        publish_files([(path, media / path.name) for path in new])
    assert "\n" not in str(caught.value)
    assert tree(media) == {"Scene.mp4": b"old video", "Scene.srt": b"old captions"}


def test_a_folder_is_exchanged_whole_keeping_the_users_other_files(tmp_path):
    out = tmp_path / "out"
    sources(out, lesson_mp4=b"old", description_txt=b"old text", notes_md=b"mine")
    staging = new_scratch(part_prefix(out), tmp_path)
    sources(staging, lesson_mp4=b"new", description_txt=b"new text")
    publish_folder(staging, out, keep=("lesson.mp4", "description.txt"))
    assert tree(out) == {"description.txt": b"new text", "lesson.mp4": b"new", "notes.md": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_exchange_swaps_two_folders_atomically(tmp_path):
    first, second = sources(tmp_path / "a", f_txt=b"a")[0].parent, sources(tmp_path / "b", f_txt=b"b")[0].parent
    if not exchange(first, second):
        pytest.skip("this file system cannot exchange paths (renameat2)")
    assert (first / "f.txt").read_bytes() == b"b" and (second / "f.txt").read_bytes() == b"a"


def test_a_new_folder_is_renamed_into_place(tmp_path):
    staging = new_scratch(part_prefix(tmp_path / "out"), tmp_path)
    sources(staging, lesson_mp4=b"new")
    publish_folder(staging, tmp_path / "out")
    assert tree(tmp_path) == {"out/lesson.mp4": b"new"}


def test_folders_of_dead_processes_are_removed_and_living_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    (tmp_path / f"gdlesson-render-{dead_pid}-abc").mkdir()
    (tmp_path / f".Scene.mp4.gdlesson-{dead_pid}-new").write_bytes(b"half")
    (tmp_path / f"gdlesson-render-{os.getppid()}-def").mkdir()  # our parent is alive
    (tmp_path / "gdlesson-render-unrelated").mkdir()
    remove_stale(tmp_path, "gdlesson-render-")
    remove_stale(tmp_path, part_prefix(tmp_path / "Scene.mp4"))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [f"gdlesson-render-{os.getppid()}-def", "gdlesson-render-unrelated"]


def test_a_scratch_folder_goes_however_the_block_ends(tmp_path):
    with pytest.raises(KeyboardInterrupt), scratch_folder("gdlesson-test-", tmp_path) as folder:
        (folder / "piece.mp4").write_bytes(b"x")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
