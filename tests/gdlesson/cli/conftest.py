"""Small disks for the full-disk, read-only and mount-point tests: tmpfs mounts (need root, as in CI; skipped where
mounting is refused)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def _mounted(folder: Path, options: str):
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip() or mounted.returncode}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A folder on a fresh 3 MB tmpfs, unmounted after the test."""
    yield from _mounted(tmp_path / "small-disk", "size=3m")


@pytest.fixture
def usb_stick(tmp_path) -> Path:
    """The root of a fresh 40 MB tmpfs (room for a 480p export), as a USB stick's root is a mount point."""
    yield from _mounted(tmp_path / "stick", "size=40m")


@pytest.fixture
def read_only_disk(tmp_path) -> Path:
    """A folder on a read-only tmpfs: not even root can write there."""
    yield from _mounted(tmp_path / "read-only", "size=1m,ro")
