"""Shared test set-up: manim's frame-comparison plugin options, and manim's caches outside the source tree."""

from __future__ import annotations

from pathlib import Path

import manim.utils.testing.frames_comparison as frames_comparison
from manim import config

# frames_comparison silently skips on cairo < 1.18 (Debian 12 ships 1.16); our control
# frames are made and checked with the same cairo, so the check is meaningful here.
frames_comparison.MIN_CAIRO_VERSION = 0

# manim.cfg's cache folders are relative to the working directory; pin them to the project's
# (ignored) media/ so tests started from anywhere share one cache and write nothing under tests/.
_MEDIA = Path(__file__).resolve().parents[1] / "media"
config.tex_dir = str(_MEDIA / "Tex")
config.text_dir = str(_MEDIA / "texts")


def pytest_addoption(parser):
    parser.addoption("--set_test", action="store_true", default=False, help="write control frames instead of comparing")
    parser.addoption("--show_diff", action="store_true", default=False, help="show the difference of failing frames")
