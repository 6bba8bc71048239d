"""Shared test set-up: manim's frame-comparison plugin options, manim's caches outside the source tree, and the one
pytest-xdist group (tests that write into the checkout's media/ run one at a time, in one worker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import manim.utils.testing.frames_comparison as frames_comparison
import pytest
from manim import config

# frames_comparison silently skips on cairo < 1.18 (Debian 12 ships 1.16); our control
# frames are made and checked with the same cairo, so the check is meaningful here.
frames_comparison.MIN_CAIRO_VERSION = 0

# manim.cfg's cache folders are relative to the working directory; pin them to the project's
# (ignored) media/ so tests started from anywhere write nothing under tests/. manim writes cache
# files in place, so each pytest-xdist worker gets folders of its own (media/Tex-gw0, ...). The
# gdlesson and manim processes tests start use media/Tex and media/texts, which gdlesson writes
# atomically, so they may run in any worker at once; only the tests marked `checkout_media` (they
# publish videos into the checkout's media/videos, where two at once would replace each other's
# files) run one at a time (see pytest_collection_modifyitems).
_MEDIA = Path(__file__).resolve().parents[1] / "media"
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
config.tex_dir = str(_MEDIA / ("Tex-" + _WORKER if _WORKER else "Tex"))
config.text_dir = str(_MEDIA / ("texts-" + _WORKER if _WORKER else "texts"))

CHECKOUT_MEDIA = "checkout-media"
"""The pytest-xdist group of the tests marked ``checkout_media``."""

LONG_MODULES = (
    "tests/scenes/",
    "tests/gdlesson/render/test_scene.py",
    "tests/gdlesson/voice/test_alignment.py",
    "tests/gdlesson/voice/test_mix.py",
    "tests/gdlesson/voice/test_scene_narration.py",
    "tests/gdlesson/cli/test_faults.py",
)
"""Where the tests that take seconds each live (scene builds, drawn frames, speech synthesis, renders): handed out
first. Only the order changes; a test missing here still runs."""


def pytest_addoption(parser):
    parser.addoption("--set_test", action="store_true", default=False, help="write control frames instead of comparing")
    parser.addoption("--show_diff", action="store_true", default=False, help="show the difference of failing frames")


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked ``checkout_media`` form one pytest-xdist group: one worker runs them in turn.

    With ``--dist loadgroup`` each worker appends ``@<group>`` to the id of every test with an ``xdist_group``
    mark (in this same hook, wrapped here), and the scheduler sends the tests of one group to one worker.
    pytest-xdist 3.8 writes the new id to ``item._nodeid``, which pytest 9.2 no longer reads (an item's id is
    ``item._id``), so every group was silently ignored: the id is copied across after pytest-xdist wrote it,
    before it is sent to the scheduler (tests/test_groups.py checks that the groups hold)."""
    for item in items:
        if item.get_closest_marker("checkout_media"):
            item.add_marker(pytest.mark.xdist_group(CHECKOUT_MEDIA))
    # Long tests first: pytest-xdist hands out the groups (largest first), then single tests in this order, and a
    # scene build or a real render handed out last would keep one worker busy while the other waits.
    items.sort(key=lambda item: not _long(item))
    result = yield
    for item in items:
        written = getattr(item, "_nodeid", None)
        if isinstance(written, str) and written != item.nodeid and hasattr(item, "_id"):
            item._id = type(item._id).parse(written)
    return result


def _long(item) -> bool:
    return item.nodeid.startswith(LONG_MODULES) or item.get_closest_marker("render") is not None


@pytest.fixture(scope="session")
def narrated_descent(tmp_path_factory) -> Path:
    """``descent`` rendered as a user renders it (``gdlesson render descent -q l --jobs 2``), narrated by the offline
    espeak voice with no network (when this machine allows a network namespace), from an empty working directory
    (the built-in lesson, whatever lesson.toml the checkout holds). Returns the published MP4 in the checkout's
    media/, so only tests marked ``checkout_media`` may use it; they share one worker, which renders it once."""
    workdir = tmp_path_factory.mktemp("narrated-descent")
    command = [sys.executable, "-m", "gdlesson", "render", "descent", "-q", "l", "--jobs", "2", "--pacing", "4"]
    command += ["--voice", "espeak"]
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        command = ["unshare", "-n", *command]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(workdir)}
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-2000:]
    return Path(result.stdout.strip().splitlines()[-1])
