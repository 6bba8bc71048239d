"""Shared test set-up: manim's frame-comparison plugin options, and hermetic lessons."""

from __future__ import annotations

import manim.utils.testing.frames_comparison as frames_comparison

# frames_comparison silently skips on cairo < 1.18 (Debian 12 ships 1.16); our control
# frames are made and checked with the same cairo, so the check is meaningful here.
frames_comparison.MIN_CAIRO_VERSION = 0


def pytest_addoption(parser):
    parser.addoption("--set_test", action="store_true", default=False, help="write control frames instead of comparing")
    parser.addoption("--show_diff", action="store_true", default=False, help="show the difference of failing frames")
