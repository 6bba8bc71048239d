"""LinkedViews: every panel of the dashboard shows the same step, read back from the drawing, in one colour."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from lessons import make_lesson
from manim import ValueTracker
from scene_checks import frame_box

from gdlesson.mobjects.layout import box_of, overlaps
from gdlesson.mobjects.linked_views import LinkedViews, StepCursor
from gdlesson.mobjects.theme import THEMES
from gdlesson.render.pacing import state_at

LESSON = make_lesson()
THEME = THEMES["dark"]


def drawn_step(cursor: StepCursor) -> float:
    """The step where a cursor is drawn, read back from its line through its plot's frame."""
    return float(cursor.plot.frame.from_screen(cursor.get_start()[None])[0][0])


def shown_state(views: LinkedViews) -> dict[str, tuple[float, ...]]:
    """What each panel shows now, read back from the drawing (data units).

    ``A``: (W, b) of the current line; ``D``: (W, b) under the walker;
    ``B`` and ``C``: the step under each cursor.
    """
    line = views.fit.line.get_anchors()
    (x0, y0), (x1, y1) = views.fit.frame.from_screen(np.array([line[0], line[-1]]))
    slope = (y1 - y0) / (x1 - x0)
    return {
        "A": (float(slope), float(y0 - slope * x0)),
        "D": tuple(float(v) for v in views.map.frame.from_screen(views.path.dot.get_center()[None])[0]),
        "B": (drawn_step(views.cursors[0]),),
        "C": tuple(drawn_step(cursor) for cursor in views.cursors[1:]),
    }


def expected_state(views: LinkedViews, run) -> tuple[float, float, float]:
    """(W, b, step) the tracker asks for, from the recorded run."""
    position = float(views.tracker.get_value())
    w, b, _ = state_at(run.w, run.b, position)
    return w, b, position


@pytest.mark.parametrize("position", [0.0, 37.4, 123.0, 200.0])
def test_every_dashboard_panel_shows_the_same_step_in_the_same_colour(position):
    tracker = ValueTracker(position)
    views = LinkedViews(LESSON, tracker, theme=THEME)
    views.update()
    w, b, step = expected_state(views, LESSON.trajectory)
    shown = shown_state(views)
    assert shown["A"] == pytest.approx((w, b), abs=1e-6)
    assert shown["D"] == pytest.approx((w, b), abs=1e-6)
    assert shown["B"] == pytest.approx((step,))
    assert shown["C"] == pytest.approx((step, step))
    heads = [plot.heads[-1].get_center() for plot in (views.loss, *views.params)]
    assert [
        plot.frame.from_screen(head[None])[0][0] for plot, head in zip((views.loss, *views.params), heads, strict=True)
    ] == pytest.approx([step] * 3, abs=1e-6)
    colours = {views.fit.line.get_stroke_color().to_hex(), views.path.dot.get_fill_color().to_hex()}
    colours |= {cursor.get_stroke_color().to_hex() for cursor in views.cursors}
    assert colours == {THEME.path.upper()}


def test_cursors_stay_inside_their_plots_past_the_end():
    tracker = ValueTracker(LESSON.trajectory.steps + 50.0)
    views = LinkedViews(LESSON, tracker, theme=THEME)
    views.update()
    assert [drawn_step(cursor) for cursor in views.cursors] == pytest.approx([LESSON.trajectory.steps] * 3)


def test_dashboard_panels_are_disjoint_and_inside_the_frame():
    frame = frame_box()
    views = LinkedViews(LESSON, ValueTracker(0.0), theme=THEME)
    panels = [views.fit, views.map, views.loss, views.params]
    for panel in panels:
        x0, y0, x1, y1 = box_of(panel)
        assert frame[0] <= x0 and x1 <= frame[2] and frame[1] + 0.7 <= y0 and y1 <= frame[3], panel
    for a, b in combinations([*panels, views.readouts], 2):
        assert not overlaps(box_of(a), box_of(b))


def test_test_probes_are_not_part_of_the_component():
    assert not hasattr(LinkedViews, "shown_state") and not hasattr(LinkedViews, "expected_state")
