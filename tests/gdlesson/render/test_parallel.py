"""Parallel rendering's plumbing: early failure, and caches copied only whole."""

import subprocess
import time

from gdlesson.render.parallel import _copy_if_whole, _wait_for_all


def test_a_failing_shard_is_reported_without_waiting_for_the_others():
    slow = subprocess.Popen(["sleep", "30"])
    failing = subprocess.Popen(["sh", "-c", "sleep 0.3; exit 3"])
    start = time.monotonic()
    try:
        assert _wait_for_all([slow, failing]) == 3
        assert time.monotonic() - start < 10
    finally:
        slow.kill()
        slow.wait()


def test_all_shards_succeeding_is_zero():
    assert _wait_for_all([subprocess.Popen(["true"]), subprocess.Popen(["sh", "-c", "sleep 0.2"])]) == 0


def test_only_whole_svgs_are_copied(tmp_path):
    whole, cut = tmp_path / "whole.svg", tmp_path / "cut.svg"
    whole.write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>\n')
    cut.write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0')
    target = tmp_path / "copies"
    target.mkdir()
    for source in (whole, cut, tmp_path / "vanished.svg"):
        _copy_if_whole(source, target / source.name)
    assert sorted(path.name for path in target.iterdir()) == ["whole.svg"]
    assert (target / "whole.svg").read_text() == whole.read_text()
