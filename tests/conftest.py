"""Shared test set-up: manim's frame-comparison plugin options, and manim's caches outside the source tree."""

from __future__ import annotations

import inspect
import os
from functools import cache
from pathlib import Path

import manim.utils.testing.frames_comparison as frames_comparison
import pytest
from manim import config

# frames_comparison silently skips on cairo < 1.18 (Debian 12 ships 1.16); our control
# frames are made and checked with the same cairo, so the check is meaningful here.
frames_comparison.MIN_CAIRO_VERSION = 0

# manim.cfg's cache folders are relative to the working directory; pin them to the project's
# (ignored) media/ so tests started from anywhere write nothing under tests/. manim writes cache
# files in place, so each pytest-xdist worker gets folders of its own (media/Tex-gw0, ...), and
# the tests that start gdlesson or manim processes (which use media/Tex and media/texts) all run
# in one worker, one at a time (see pytest_collection_modifyitems).
_MEDIA = Path(__file__).resolve().parents[1] / "media"
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
config.tex_dir = str(_MEDIA / ("Tex-" + _WORKER if _WORKER else "Tex"))
config.text_dir = str(_MEDIA / ("texts-" + _WORKER if _WORKER else "texts"))

_STARTS_PROCESSES = ("subprocess", "gdlesson.cli", "render_sharded")
"""Words in a test module's source that mean it may start processes (see pytest_collection_modifyitems)."""


def pytest_addoption(parser):
    parser.addoption("--set_test", action="store_true", default=False, help="write control frames instead of comparing")
    parser.addoption("--show_diff", action="store_true", default=False, help="show the difference of failing frames")


def pytest_collection_modifyitems(config, items):
    """Tests in modules that may start processes form one pytest-xdist group: one worker runs them in turn."""
    for item in items:
        if _starts_processes(item.module):
            item.add_marker(pytest.mark.xdist_group("processes"))


@cache
def _starts_processes(module) -> bool:
    return any(word in inspect.getsource(module) for word in _STARTS_PROCESSES)
