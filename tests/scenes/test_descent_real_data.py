"""scenes/descent.py on the test data of tests/data (x far from zero): the default run reaches the minimum, at least
5 rings cross the map, every text is inside the frame and apart from the others, and every caption's predicate
holds for the run shown."""

from __future__ import annotations

import pytest
from builds import group, shared
from datasets import ALL
from probes import descent_key, descent_probe
from scene_checks import assert_inside_and_apart, named_boxes

from gdcore.landscape import VISIBLE_WIDTH, ring_width
from gdlesson.lesson import claims
from gdlesson.mobjects.layout import box_of
from gdlesson.text import number


@pytest.fixture(params=[pytest.param(name, marks=group(descent_key(name))) for name in ALL])
def shown(request, tmp_path_factory):
    """(lesson, scene, probe) of the Descent on one data file, built once per session (see ``probes.py``): silent,
    as every scene test (a voice changes only how long captions stay: what is said and shown is the same)."""
    scene = shared(descent_key(request.param), descent_probe(request.param), tmp_path_factory)
    return scene.lesson, scene, scene


def test_the_default_run_reaches_the_minimum_on_a_round_map(shown):
    lesson, scene, _ = shown
    run, bowl = lesson.trajectory, lesson.bowl
    assert lesson.scaled and claims.reached_minimum(run, bowl)
    assert float(run.loss[-1]) - bowl.min_loss <= 0.05 * (float(run.loss[0]) - bowl.min_loss)
    assert 0.95 < scene.map.stretch < 1.05  # equal scales: a round bowl drawn round


def test_at_least_five_rings_cross_the_window(shown):
    _, scene, _ = shown
    levels = [ring.level for ring in scene.map.rings]
    assert len(levels) >= 5
    start_loss = float(scene.run.loss[0])
    assert sum(level <= start_loss for level in levels) >= 5


@pytest.mark.parametrize("moment", ["descent", "end"])
def test_texts_are_inside_the_frame_and_apart(shown, moment):
    _, _, probe = shown
    texts = probe.snapshots[moment]
    assert len(texts) > 15
    assert_inside_and_apart(named_boxes(texts), moment)


def test_every_caption_is_chosen_by_a_predicate_that_holds(shown):
    lesson, scene, probe = shown
    run, bowl = lesson.trajectory, lesson.bowl
    said = probe.said
    assert all(sentence in said for sentence in claims.scaling_sentences(lesson.scaling, lesson.x_name))
    window = scene.map.window
    assert all(sentence in said for sentence in claims.descent_cues(run, bowl, lesson.descent_data, window).values())
    if any("wiggles" in text for text in said):
        assert claims.wiggles(run)
    if any("curves" in text or "bends the path" in text for text in said):
        assert claims.curves(run, bowl)
    if any("tilted" in text for text in said):
        assert bowl.condition_number >= claims.TILTED
    if any("round" in text for text in said):
        assert bowl.condition_number < claims.TILTED
    if any("zig-zag" in text for text in said):
        assert claims.zigzags(run, bowl)
    assert not any(text.startswith(("Crawling", "Only", "Diverged")) for text in said)


def test_captions_name_the_maps_parameters_primed_exactly_when_x_is_scaled(shown):
    """Every caption naming a point of the map names it in the map's coordinates: (W′, b′) on a scaled x."""
    lesson, _, probe = shown
    naming = [text for text in probe.said if "(W" in text]
    assert len(naming) >= 3  # the map, its rings and the start
    prime = "\u2032" if lesson.scaled else ""
    for text in naming:
        assert f"(W{prime}" in text and f"b{prime}" in text and ("\u2032" in text) == lesson.scaled, text


@pytest.fixture
def unscaled_years(tmp_path_factory):
    scene = shared(descent_key("years.csv", "none"), descent_probe("years.csv", "none"), tmp_path_factory)
    return scene.lesson, scene, scene


@group(descent_key("years.csv", "none"))
def test_raw_years_show_the_valley_with_its_width_and_state_the_stretch(unscaled_years):
    """x near 1980 unscaled: no map holding the start and the best fit can draw the valley wider than a line,
    so the map frames the valley where the run is; at least 5 rings cross it, the stretch is written on it,
    and every text stays inside the frame."""
    lesson, scene, probe = unscaled_years
    assert not lesson.scaled and lesson.bowl.condition_number > 1e10
    chart = scene.map
    aspect = chart.frame.box.width / chart.frame.box.height
    assert ring_width(lesson.bowl, float(lesson.trajectory.loss[0]), chart.window, aspect) >= VISIBLE_WIDTH
    x0, y0, x1, y1 = box_of(chart.frame.box, 0.01)
    visible = [ring for ring in chart.rings if ring.width > 0.05 or ring.height > 0.05]
    assert len(visible) >= 5
    assert all(box_of(ring)[0] >= x0 and box_of(ring)[2] <= x1 for ring in visible)
    for moment in ("descent", "end"):
        texts = probe.snapshots[moment]
        stated = [mob.text for mob in texts if "stretched" in getattr(mob, "text", "")]
        assert stated == [f"Wstretched\u00d7{number(chart.stretch, 2)}"] and chart.stretch > 100
        assert_inside_and_apart(named_boxes(texts), moment)
