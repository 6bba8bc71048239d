"""Visual D: the components' geometry against gdcore, the scene's layout, its last frame and a real MP4."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from lessons import make_lesson
from manim import ValueTracker, config
from manim.utils.testing.frames_comparison import frames_comparison
from scene_checks import assert_inside_and_apart, construct_only, named_boxes, visible_texts

from gdcore import contour_levels, view_window
from gdlesson.lesson.claims import noise_sentence, shape_sentence
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.layout import box_of, overlaps
from gdlesson.mobjects.theme import THEMES
from scenes.descent import Descent

__module_test__ = "descent"

ROOT = Path(__file__).resolve().parents[1]
LESSON = make_lesson()
THEME = THEMES["dark"]


def build_map(lesson=LESSON, **kwargs) -> tuple[ContourMap, object, object]:
    bowl, run = lesson.bowl(), lesson.trajectory()
    window = view_window(bowl, run, aspect=4 / 3)
    contour = ContourMap(bowl, window, contour_levels(bowl, window, 10), theme=THEME, start=run.init, **kwargs)
    return contour.shift([-2.0, 0.3, 0]), bowl, run


# -- geometry: what is drawn is what gdcore computed ---------------------------------------------------


def test_every_ring_point_lies_on_its_level():
    contour, bowl, _ = build_map()
    assert len(contour.rings) >= 8
    for ring in contour.rings:
        anchors = ring.get_anchors()
        w, b = contour.frame.from_screen(anchors).T
        assert np.max(np.abs(bowl.loss(w, b) / ring.level - 1)) < 1e-9
        assert contour.frame.window.contains(w, b, tolerance=1e-9).all()


def test_rings_go_from_high_to_low_loss_and_colour_brightens():
    contour, _, _ = build_map()
    levels = [ring.level for ring in contour.rings]
    assert levels == sorted(levels, reverse=True)
    lightness = [np.mean(ring.get_stroke_color().to_rgb()) for ring in contour.rings]
    assert lightness[-1] > lightness[0] + 0.3


def test_path_vertices_are_the_axes_points_of_the_trajectory():
    contour, _, run = build_map()
    path = DescentPath(run, contour, None, theme=THEME, tolerance=0.0)
    points = path.settled_points()
    anchors = np.vstack([points[0::4], points[-1:]])
    expected = np.array([contour.axes.c2p(w, b) for w, b in zip(run.w, run.b, strict=True)])
    # Consecutive identical points collapse into zero-length segments, so compare in order.
    assert len(anchors) == len(expected)
    assert np.allclose(anchors, expected, atol=1e-9)
    assert np.allclose(path.dot.get_center(), contour.axes.c2p(*run.final), atol=1e-9)


def test_live_path_follows_the_tracker_and_settles_without_changing_the_picture():
    contour, _, run = build_map()
    tracker = ValueTracker(0.0)
    path = DescentPath(run, contour, tracker, theme=THEME, tolerance=0.0)
    tracker.set_value(7.5)
    path.update()
    halfway = 0.5 * (np.array(contour.axes.c2p(run.w[7], run.b[7])) + contour.axes.c2p(run.w[8], run.b[8]))
    assert np.allclose(path.dot.get_center(), halfway, atol=1e-9)
    assert np.allclose(path.trail.get_end_anchors()[-1], halfway, atol=1e-9)
    drawn_before = np.vstack([path.settled_points(), path.trail.points])
    path.settle(5)
    path.update()
    assert np.allclose(path.settled_points()[-1], contour.axes.c2p(run.w[5], run.b[5]), atol=1e-9)
    assert np.allclose(path.trail.get_start_anchors()[0], contour.axes.c2p(run.w[5], run.b[5]), atol=1e-9)
    assert np.allclose(path.trail.get_end_anchors()[-1], halfway, atol=1e-9)
    assert len(drawn_before) > 0


def test_minimum_marker_sits_on_the_optimum_and_start_on_the_start():
    contour, bowl, run = build_map()
    marker, _ = contour.optimum
    assert np.allclose(marker.get_center(), contour.axes.c2p(*bowl.optimum), atol=1e-9)
    start, _ = contour.start
    assert np.allclose(start.get_center(), contour.axes.c2p(*run.init), atol=1e-9)


def test_thinning_drops_sub_pixel_steps_and_stays_close():
    lesson = make_lesson(batch_size="full", lr="0.5x", epochs=2000)  # converges: late steps are sub-pixel
    contour, _, run = build_map(lesson)
    tolerance = 0.5 * config.frame_width / 854
    path = DescentPath(run, contour, None, theme=THEME, tolerance=tolerance)
    drawn = len(path.settled_points()) // 4
    assert drawn < run.steps / 10
    screen = contour.to_screen(run.w, run.b)
    kept = screen[path.kept]
    # Every recorded point is within about a pixel of a drawn vertex.
    nearest = np.array([np.min(np.hypot(*(kept[:, :2] - point[:2]).T)) for point in screen[::50]])
    assert nearest.max() <= 1.5 * tolerance


# -- the scene -----------------------------------------------------------------------------------------


class LayoutProbe(Descent):
    """Descent with a fixed lesson that records which texts are on screen at two moments."""

    lesson = LESSON
    snapshots: dict[str, list] = {}

    def walk_downhill(self) -> None:
        super().walk_downhill()
        type(self).snapshots["descent"] = self.visible_texts()

    def zoom_near_the_minimum(self) -> None:
        super().zoom_near_the_minimum()
        type(self).snapshots["end"] = self.visible_texts()

    def visible_texts(self) -> list:
        return [mob for mob in visible_texts(self) if not self.hidden_by_the_zoom(mob)]

    def hidden_by_the_zoom(self, mob) -> bool:
        inset = getattr(self, "inset", None)
        return inset is not None and mob in self.map.get_family() and overlaps(box_of(mob), box_of(inset.frame.box))


@pytest.fixture(scope="module")
def rendered_probe(tmp_path_factory):
    return construct_only(LayoutProbe, tmp_path_factory.mktemp("media"))


def test_scene_constructs_and_tells_the_story_in_sections(rendered_probe):
    names = [name for name, _ in rendered_probe.chapters]
    assert names == [
        "The error of a line",
        "The map of (W, b)",
        "Rings of equal loss",
        "Best fit and the first guess",
        "Walking downhill",
        "Zoom on the minimum",
    ]
    assert rendered_probe.step.get_value() == LESSON.trajectory().steps


@pytest.mark.parametrize("moment", ["descent", "end"])
def test_texts_are_inside_the_frame_and_do_not_overlap(rendered_probe, moment):
    texts = LayoutProbe.snapshots[moment]
    assert len(texts) > 20
    assert_inside_and_apart(named_boxes(texts), moment)


class FixedDescent(Descent):
    lesson = LESSON


@frames_comparison(last_frame=True, base_scene=FixedDescent)
def test_descent_last_frame(scene):
    Descent.construct(scene)


# -- one real render ---------------------------------------------------------------------------------------


@pytest.mark.render
def test_real_render_is_a_480p15_h264_video_showing_the_path(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GDLESSON_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "scenes.cli", "render", "descent", "-q", "l", "--jobs", "2", "--pacing", "6"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    video = Path(result.stdout.strip().splitlines()[-1])
    chapters = json.loads(video.with_suffix(".chapters.json").read_text())
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
        assert stream.guessed_rate == 15 and stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        duration = float(container.duration / av.time_base)
        frames = [frame for frame in container.decode(stream)]
    assert 25 <= duration <= 45
    assert abs(duration - chapters["duration"]) <= 1.5 / 15
    assert len(frames) == round(chapters["duration"] * 15)
    last = frames[-1].to_ndarray(format="rgb24").astype(int)
    path_rgb = np.array([0x56, 0xB4, 0xE9])
    blue = np.all(np.abs(last - path_rgb) <= 24, axis=-1)
    assert blue.sum() > 300, "the descent path colour should be visible in the last frame"


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({}, ("tilted", "wiggles")),
        ({"batch_size": "full", "lr": "0.5x"}, ("tilted", "smooth")),
        ({"batch_size": "full", "lr": "1.05x"}, ("jumps across", "above the critical")),
        ({"batch_size": "full", "lr": "1.05x", "epochs": 500}, ("jumps across", "diverged at step")),
    ],
)
def test_captions_say_what_the_run_shows(overrides, words):
    lesson = make_lesson(**overrides)
    bowl, run = lesson.bowl(), lesson.trajectory()
    assert words[0] in shape_sentence(bowl, run)
    assert words[1] in noise_sentence(run, bowl)


def test_constant_x_is_described_as_a_flat_valley():
    from gdcore import Bowl, Dataset

    assert "flat floor" in shape_sentence(Bowl.from_data(Dataset([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])))


def test_the_lesson_files_theme_names_are_the_themes():
    from gdlesson.lesson.settings import THEME_NAMES

    assert THEME_NAMES == tuple(THEMES)
