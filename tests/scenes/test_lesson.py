"""The lesson's scenes: story parts in order, layout inside the frame, linked panels, last frames of the Visuals."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from lessons import make_lesson
from manim import ValueTracker
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_inside_and_apart, construct_only, frame_box, named_boxes, visible_texts

from gdcore import contour_levels, view_window
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.layout import box_of, overlaps
from gdlesson.mobjects.linked_views import LinkedViews
from gdlesson.mobjects.residuals import Residuals
from gdlesson.mobjects.theme import THEMES
from gdlesson.story.basics import SampleGrid
from gdlesson.story.map import RingProbe, walkable_arc
from scenes.dashboard import Dashboard
from scenes.lesson import Lesson
from scenes.visual_a import VisualA
from scenes.visual_b import VisualB
from scenes.visual_c import VisualC

__module_test__ = "lesson"

LESSON = make_lesson()
SHORT = make_lesson(pacing=2.0, epochs=4)
THEME = THEMES["dark"]
FRAME = frame_box()

CHAPTERS = [
    "The model: y = W x + b",
    "How wrong is a line? The MSE",
    "One gradient step: predict, gradients, update",
    "The mini-batch loop: shuffle, split, step",
    "Visual A: the line and the data",
    "Visual B: the loss curve",
    "Visual C: W and b",
    "The topographic map, ring by ring",
    "Walking downhill on the map",
    "All four views at once",
    "Experiments to try",
    "Summary",
]


# -- components ------------------------------------------------------------------------------------------------


def test_residuals_join_each_sample_to_the_line():
    data, bowl, run = LESSON.data, LESSON.bowl(), LESSON.trajectory()
    panel = FitPanel(data, bowl, run, None, theme=THEME)
    members = np.array([3, 17, 42])
    residuals = Residuals(panel.frame, data, lambda: (2.0, -1.0), lambda: members, color=THEME.accent)
    samples, fitted = residuals.endpoints()
    assert np.allclose(samples, np.column_stack([data.x[members], data.y[members]]))
    assert np.allclose(fitted[:, 1], np.clip(2.0 * data.x[members] - 1.0, panel.frame.window.b_min, np.inf))
    starts = residuals.get_start_anchors()
    assert np.allclose(starts, panel.frame.to_screen(data.x[members], data.y[members]))


@pytest.mark.parametrize("position", [0.0, 37.4, 123.0, 200.0])
def test_every_dashboard_panel_shows_the_same_step_in_the_same_colour(position):
    tracker = ValueTracker(position)
    views = LinkedViews(LESSON, tracker, theme=THEME)
    views.update()
    w, b, step = views.expected_state()
    shown = views.shown_state()
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


def test_dashboard_panels_are_disjoint_and_inside_the_frame():
    views = LinkedViews(LESSON, ValueTracker(0.0), theme=THEME)
    panels = [views.fit, views.map, views.loss, views.params]
    for panel in panels:
        x0, y0, x1, y1 = box_of(panel)
        assert FRAME[0] <= x0 and x1 <= FRAME[2] and FRAME[1] + 0.7 <= y0 and y1 <= FRAME[3], panel
    for a, b in combinations([*panels, views.readouts], 2):
        assert not overlaps(box_of(a), box_of(b))


def test_the_probe_walks_onto_a_ring_and_keeps_its_loss():
    bowl, run = LESSON.bowl(), LESSON.trajectory()
    window = view_window(bowl, run, aspect=7.4 / 5.5)
    levels = contour_levels(bowl, window, 10)
    arc = walkable_arc(bowl, levels, window, run.init)
    assert arc is not None and arc.level < bowl.loss(*run.init)
    probe = RingProbe(run.init, arc)
    assert probe.at(0.0) == pytest.approx(run.init)
    losses = [float(bowl.loss(*probe.at(f))) for f in np.linspace(probe.approach, 1.0, 25)]
    assert np.allclose(losses, arc.level, rtol=1e-3)  # the walk follows chords between exact ring points
    assert all(window.contains(*probe.at(f)) for f in np.linspace(0, 1, 25))


def test_the_sample_grid_rows_are_the_first_epochs_batches():
    run = LESSON.trajectory()
    grid = SampleGrid(run, 10, theme=THEME, center=np.zeros(3))
    assert grid.row_count == 10 and grid.columns == LESSON.batch_size
    for sample, (row, _) in grid.targets.items():
        assert sample in run.batch_indices[row]
    # Where the cells end up on screen after shuffling and splitting: each in its batch's row.
    for build in (grid.shuffle, grid.split):
        animation = build()
        animation.begin()
        animation.finish()
    rows_y = [grid.slot(row, 0, split=True)[1] for row in range(grid.row_count)]
    for cell, sample in zip(grid.cells, grid.order, strict=True):
        row = next(r for r in range(grid.row_count) if sample in run.batch_indices[r])
        assert cell.get_center()[1] == pytest.approx(rows_y[row])


# -- the scenes ------------------------------------------------------------------------------------------------


class LessonProbe(Lesson):
    """The Lesson with a short run, recording after every animation the boxes of the texts on screen."""

    lesson = SHORT
    snapshots: list[tuple[str, list[tuple[str, tuple]]]] = []
    captions_said: set[str] = set()

    def play(self, *args, **kwargs) -> None:
        super().play(*args, **kwargs)
        if self.captions.current is not None:
            type(self).captions_said.add(self.captions._text)
        chapter = self.chapters[-1][0] if self.chapters else ""
        type(self).snapshots.append((chapter, named_boxes(visible_texts(self))))


@pytest.fixture(scope="module")
def lesson_probe(tmp_path_factory):
    return construct_only(LessonProbe, tmp_path_factory.mktemp("media"))


def test_the_lesson_tells_the_story_in_chapters(lesson_probe):
    assert [name for name, _ in lesson_probe.chapters] == CHAPTERS
    starts = [start for _, start in lesson_probe.chapters]
    assert starts == sorted(starts) and starts[0] == 0.0
    lengths = np.diff([*starts, lesson_probe.time])
    assert lengths.min() >= 10.0, dict(zip(CHAPTERS, lengths, strict=True))


def test_every_caption_is_a_subtitle_and_captions_fit_the_frame(lesson_probe):
    subtitles = {sub.content for sub in lesson_probe.renderer.file_writer.subcaptions}
    assert len(subtitles) >= 50
    assert LessonProbe.captions_said <= subtitles
    for text in sorted(subtitles, key=len)[-3:]:  # the longest captions keep a legible size (>= 22 of 26)
        assert lesson_probe.captions.make(text).font_size >= 22, text


def test_texts_stay_inside_the_frame_and_apart_after_every_animation(lesson_probe):
    assert len(LessonProbe.snapshots) > 100
    for chapter, texts in LessonProbe.snapshots:
        assert_inside_and_apart(texts, chapter)


# -- last frames -------------------------------------------------------------------------------------------------


class FixedVisualA(VisualA):
    lesson = SHORT


class FixedVisualB(VisualB):
    lesson = SHORT


class FixedVisualC(VisualC):
    lesson = SHORT


class FixedDashboard(Dashboard):
    lesson = SHORT


@frames_comparison(last_frame=True, base_scene=FixedVisualA)
def test_visual_a_last_frame(scene):
    VisualA.construct(scene)


@frames_comparison(last_frame=True, base_scene=FixedVisualB)
def test_visual_b_last_frame(scene):
    VisualB.construct(scene)


@frames_comparison(last_frame=True, base_scene=FixedVisualC)
def test_visual_c_last_frame(scene):
    VisualC.construct(scene)


@frames_comparison(last_frame=True, base_scene=FixedDashboard)
def test_dashboard_last_frame(scene):
    Dashboard.construct(scene)
