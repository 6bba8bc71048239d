"""scenes/dashboard.py: the four linked views on one frame, its last frame against the control data."""

from __future__ import annotations

import pytest
from datasets import DATA
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_inside_and_apart, construct_only, named_boxes, recording, strings
from scene_files import scene_module

__module_test__ = "lesson"  # control data: control_data/lesson/dashboard_last_frame.npz

Dashboard = scene_module("dashboard").Dashboard


class FixedDashboard(Dashboard):
    lesson = make_lesson(pacing=2.0, epochs=4)


@frames_comparison(last_frame=True, base_scene=FixedDashboard)
def test_dashboard_last_frame(scene):
    Dashboard.construct(scene)


@pytest.mark.parametrize("csv", ["years.csv", "co2_monthly.csv", "houses.csv"])
def test_on_real_data_every_text_is_inside_the_frame_apart_and_named_in_its_space(csv, tmp_path):
    """Wide tick labels (years, thousands) push no label off the frame; on a scaled x the map and the
    parameters are (W′, b′)."""
    lesson = make_lesson(data={"csv": str(DATA / csv)}, pacing=2.0, epochs=4)
    scene = construct_only(recording(type("Real", (Dashboard,), {"lesson": lesson}), lesson), tmp_path)
    assert_inside_and_apart(named_boxes(scene.final_texts), csv)
    w, b = lesson.parameter_names
    assert {f"D  the loss map of ({w}, {b})", f"C  the parameters {w} and {b}"} <= set(strings(scene))
    assert lesson.scaled == (w == "W\u2032")
