"""scenes/visual_c.py: Visual C on its own, its last frame against the control data."""

from __future__ import annotations

import numpy as np
import pytest
from datasets import DATA
from lessons import make_lesson
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import construct_only, recording, strings
from scene_files import scene_module

from gdlesson.text import significant

__module_test__ = "lesson"  # control data: control_data/lesson/visual_c_last_frame.npz

VisualC = scene_module("visual_c").VisualC


class FixedVisualC(VisualC):
    lesson = make_lesson(pacing=2.0, epochs=4)


@frames_comparison(last_frame=True, base_scene=FixedVisualC)
def test_visual_c_last_frame(scene):
    VisualC.construct(scene)


@pytest.mark.parametrize(("scale", "names"), [("standardize", ("W\u2032", "b\u2032")), ("none", ("W", "b"))])
def test_the_parameters_and_their_numbers_are_named_in_the_space_they_are_in(scale, names, tmp_path):
    """On a scaled x the run learns W′ and b′: the captions, the title and the plots' axes say so; the numbers
    are the run's own (the best fit from np.polyfit on x′, the end from the recorded run)."""
    lesson = make_lesson(data={"csv": str(DATA / "years.csv")}, scale=scale, pacing=2.0, epochs=4)
    scene = construct_only(recording(type("Scaled", (VisualC,), {"lesson": lesson}), lesson), tmp_path)
    w, b = names
    said = " ".join(text for text, _ in scene.said)
    slope, intercept = np.polyfit(lesson.descent_data.x, lesson.descent_data.y, 1)
    assert f"{w}* = {significant(slope)} and {b}* = {significant(intercept)}" in said
    run = lesson.trajectory
    assert f"{w} = {significant(run.w[-1])}, {b} = {significant(run.b[-1])}" in said
    assert ("\u2032" in said) == (scale == "standardize")
    assert {w, b, f"Visual C: the parameters {w} and {b}"} <= set(strings(scene))
