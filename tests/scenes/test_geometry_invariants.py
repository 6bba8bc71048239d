"""Geometry that must hold on any data (issue 17, build item 3), checked on scenes built without drawing.

Each scene is constructed once per data shape (every animation skipped) and looked at each time a caption
changes and at its end: every residual segment ends on the line drawn in its panel (or on the panel's edge
where that line leaves it), every text and formula is inside the frame and overlaps no other, and the loss
labels of neighbouring rings on a map differ at the precision they show and are the rings' losses.
The shapes: the built-in data, years.csv (x far from zero: a standardised run) and a degenerate one (every
x equal). The checks measure the drawn points, never the code that placed them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pytest
from builds import group
from corpus import shape
from lessons import make_lesson
from scene_checks import construct_only, frame_box, visible_texts
from scene_files import scene_module

from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.layout import box_of, overlaps
from gdlesson.mobjects.residuals import Residuals
from gdlesson.render.polyline import Polyline
from gdlesson.story.basics import gradient_step, make_board, the_model, the_mse

SHAPES = ("built-in", "years.csv", "nearly constant x")
SCENES = {"visual_a": "VisualA", "dashboard": "Dashboard", "descent": "Descent"}
ON_LINE = 0.02
"""How far (scene units, about 1.2 px at 480p) a residual's end may be from the drawn line."""


@dataclass
class Looks:
    """What the checks found at each moment looked at: (when, what) of every fault, and what was measured."""

    residual_faults: list[tuple[str, str]] = field(default_factory=list)
    residual_sets: int = 0
    text_faults: list[tuple[str, str]] = field(default_factory=list)
    label_faults: list[tuple[str, str]] = field(default_factory=list)
    ring_label_sets: int = 0
    moments: int = 0


def looking(scene_class, lesson):
    """``scene_class`` on ``lesson``, looked at just before each caption is made and at the end (``looks``)."""

    class Looking(scene_class):
        def setup(self) -> None:
            super().setup()
            self.looks = Looks()
            make = self.captions.make

            def make_and_look(text: str):
                look(self, f"before {text!r}")
                return make(text)

            self.captions.make = make_and_look

        def tear_down(self) -> None:
            look(self, "at the end")
            super().tear_down()

    Looking.lesson = lesson
    Looking.__name__ = scene_class.__name__
    return Looking


def look(scene, when: str) -> None:
    scene.update_mobjects(0)  # what the next frame draws: every updater run
    looks = scene.looks
    looks.moments += 1
    family = [mob for top in scene.mobjects for mob in top.get_family()]
    for residuals in (mob for mob in family if isinstance(mob, Residuals) and _drawn(mob)):
        looks.residual_sets += 1
        fault = residual_fault(residuals, family)
        if fault:
            looks.residual_faults.append((when, fault))
    texts = [text for text in visible_texts(scene) if not hidden_by_an_inset(scene, text)]
    for fault in text_faults(texts):
        looks.text_faults.append((when, fault))
    contours = {id(mob): mob for mob in family if isinstance(mob, ContourMap)}
    for name in ("map", "inset"):  # the descent adds its map's parts one by one, not the map
        if isinstance(getattr(scene, name, None), ContourMap):
            contours[id(getattr(scene, name))] = getattr(scene, name)
    in_scene = {id(mob) for mob in family}
    for contour in contours.values():
        labels = [label for label in contour.ring_labels if id(label) in in_scene and _shows(label)]
        if labels:
            looks.ring_label_sets += 1
            for fault in ring_label_faults(contour, labels, least_squares_loss(scene.lesson)):
                looks.label_faults.append((when, fault))


def least_squares_loss(lesson) -> float:
    """The smallest MSE of any line, from np.linalg.lstsq on the data the descent runs on."""
    x, y = lesson.descent_data.x, lesson.descent_data.y
    design = np.column_stack([x, np.ones_like(x)])
    coefficients = np.linalg.lstsq(design, y, rcond=None)[0]
    return float(np.mean((y - design @ coefficients) ** 2))


def hidden_by_an_inset(scene, text) -> bool:
    """Whether ``text`` belongs to the descent's map and lies under the zoom inset drawn over it (opaque)."""
    inset, main = getattr(scene, "inset", None), getattr(scene, "map", None)
    if inset is None or main is None:
        return False
    shown = {id(mob) for mob in scene.get_mobject_family_members()}
    if id(inset.frame.box) not in shown:
        return False
    return any(mob is text for mob in main.get_family()) and overlaps(box_of(text), box_of(inset.frame.box))


def _drawn(mob) -> bool:
    return mob.has_points() and mob.get_stroke_opacity() > 0.05 and mob.get_stroke_width() > 0


def _shows(mob) -> bool:
    return any(part.get_fill_opacity() > 0.05 for part in mob.family_members_with_points())


# -- residuals end on the drawn line --------------------------------------------------------------------


def residual_fault(residuals: Residuals, family) -> str | None:
    """None when every segment of ``residuals`` ends on one straight line drawn inside its panel (or on the
    panel's top or bottom edge, where that line, extended, is beyond the edge); else what is wrong."""
    points = residuals.points.reshape(-1, 4, 3)
    starts, ends = points[:, 0, :2], points[:, 3, :2]
    if len(ends) == 0:
        return None
    left, bottom, right, top = box_of(residuals.frame.box)
    if not np.allclose(starts[:, 0], ends[:, 0], atol=1e-6):
        return "a residual is not vertical"
    lines = [
        mob
        for mob in family
        if isinstance(mob, Polyline) and not isinstance(mob, Residuals) and _drawn(mob) and _inside(mob, residuals)
    ]
    best = None
    for line in lines:
        drawn = line.points[:, :2]
        (x0, y0), (x1, y1) = drawn[np.argmin(drawn[:, 0])], drawn[np.argmax(drawn[:, 0])]
        if x1 - x0 < 1e-9 or np.max(np.abs((drawn[:, 0] - x0) * (y1 - y0) - (drawn[:, 1] - y0) * (x1 - x0))) > 1e-6 * (
            x1 - x0
        ):
            continue  # not one straight line
        extended = y0 + (ends[:, 0] - x0) * (y1 - y0) / (x1 - x0)
        on = np.abs(ends[:, 1] - extended) <= ON_LINE
        clipped_top = (np.abs(ends[:, 1] - top) <= ON_LINE) & (extended >= top - ON_LINE)
        clipped_bottom = (np.abs(ends[:, 1] - bottom) <= ON_LINE) & (extended <= bottom + ON_LINE)
        missed = ~(on | clipped_top | clipped_bottom)
        if not missed.any():
            return None
        worst = float(np.max(np.abs(ends[missed, 1] - np.clip(extended[missed], bottom, top))))
        best = worst if best is None else min(best, worst)
    if not lines:
        # No line drawn in the panel: it misses the panel, so every residual must end on its top or bottom edge.
        at_edge = (np.abs(ends[:, 1] - top) <= ON_LINE) | (np.abs(ends[:, 1] - bottom) <= ON_LINE)
        return None if at_edge.all() else "residuals end inside a panel that shows no line"
    return f"{len(ends)} residuals: some end {best:.2f} units from every line drawn in their panel"


def _inside(mob, residuals: Residuals) -> bool:
    left, bottom, right, top = box_of(residuals.frame.box)
    xy = mob.points[:, :2]
    return bool(
        np.all(xy[:, 0] >= left - ON_LINE)
        and np.all(xy[:, 0] <= right + ON_LINE)
        and np.all(xy[:, 1] >= bottom - ON_LINE)
        and np.all(xy[:, 1] <= top + ON_LINE)
    )


# -- texts inside the frame and apart -------------------------------------------------------------------


def text_faults(texts) -> list[str]:
    frame = frame_box()
    named = [(_name(text), box_of(text)) for text in texts]
    faults = []
    for name, (x0, y0, x1, y1) in named:
        if not (frame[0] <= x0 and x1 <= frame[2] and frame[1] <= y0 and y1 <= frame[3]):
            faults.append(f"{name!r} reaches outside the frame ({x0:.2f}, {y0:.2f}, {x1:.2f}, {y1:.2f})")
    for (name_a, a), (name_b, b) in combinations(named, 2):
        if overlaps(a, b):
            faults.append(f"{name_a!r} overlaps {name_b!r}")
    return faults


def _name(text) -> str:
    return getattr(text, "tex_string", None) or getattr(text, "original_text", None) or str(text)


# -- ring labels ----------------------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "-0123456789")
MOST_DIGITS = 4
"""Significant digits a ring label may need to tell it from its neighbours (more is unreadable detail)."""


def shown_value(text: str) -> tuple[float, float, int]:
    """The number a label shows, half a unit of its last digit, and its significant digits."""
    text = text.replace("\u2212", "-")
    mantissa, exponent = text, 0
    if "\u00d710" in text:
        mantissa, power = text.split("\u00d710")
        exponent = int(power.translate(_SUPERSCRIPT))
    digits = mantissa.lstrip("-").replace(".", "").lstrip("0")
    if "." in mantissa:
        places = len(mantissa.split(".")[1])
    else:  # trailing zeros of an integer may be rounding
        places = -(len(mantissa) - len(mantissa.rstrip("0")))
        digits = digits.rstrip("0")
    return float(mantissa) * 10.0**exponent, 0.5 * 10.0 ** (exponent - places), max(len(digits), 1)


def ring_label_faults(contour: ContourMap, labels, minimum: float = 0.0) -> list[str]:
    """Each label shows the loss of the ring it sits on (to its last digit; "best + d" is ``minimum``, the least
    squares loss, plus d); labels of neighbouring labelled rings show different numbers, with at most
    :data:`MOST_DIGITS` significant digits."""
    faults = []
    levels = sorted(float(ring.level) for ring in contour.rings)
    values = []
    for label in labels:
        text = label.original_text if hasattr(label, "original_text") else _name(label[-1])
        base = 0.0
        if text.startswith("best + "):  # the excess over the least-squares loss, near the bottom of a deep bowl
            text, base = text.removeprefix("best + "), minimum
        value, half_unit, digits = shown_value(text)
        value += base
        if not any(abs(value - level) <= half_unit * (1 + 1e-9) for level in levels):
            faults.append(f"ring label {text!r} is the loss of no ring ({levels})")
        if digits > MOST_DIGITS:
            faults.append(f"ring label {text!r} needs {digits} significant digits")
        values.append((value, text))
    texts = [text for _, text in sorted(values)]
    for a, b in zip(texts, texts[1:], strict=False):
        if a == b:
            faults.append(f"neighbouring ring labels both read {a!r}")
    return faults


# -- the scenes -----------------------------------------------------------------------------------------


ZOOMED = "zero correlation, full batch"
"""A full-batch run that settles: the descent zooms on the minimum, where the rings' losses nearly agree."""


@pytest.fixture(scope="module")
def lessons():
    short = {"pacing": 2.0, "epochs": 4}
    made = {name: make_lesson(**short).replace(data=shape(name).data) for name in SHAPES}
    made[ZOOMED] = make_lesson(pacing=2.0, batch_size="full", epochs=200).replace(data=shape("zero correlation").data)
    return made


def lesson_residual_parts():
    """The Lesson's chapters that draw its board's line and residuals (the model, the MSE and one gradient
    step): the whole lesson takes over a minute to build, and its Visual A is the visual_a scene's."""
    lesson_class = scene_module("lesson").Lesson

    class LessonBoard(lesson_class):
        def construct(self) -> None:
            board = make_board(self)
            the_model(self, board)
            the_mse(self, board)
            gradient_step(self, board)

    return LessonBoard


@pytest.fixture(scope="module")
def built(lessons, tmp_path_factory):
    cache = {}

    def get(scene_name: str, shape_name: str):
        key = (scene_name, shape_name)
        if key not in cache:
            if scene_name == "lesson":
                scene_class = lesson_residual_parts()
            else:
                scene_class = getattr(scene_module(scene_name), SCENES[scene_name])
            media = tmp_path_factory.mktemp("media")
            cache[key] = construct_only(looking(scene_class, lessons[shape_name]), media)
        return cache[key]

    return get


def cases(*pairs: tuple[str, str]) -> list:
    """(scene, shape) parameters, each in the pytest-xdist group of its build: one worker builds it, once."""
    return [pytest.param(scene, shape_name, marks=looked_at(scene, shape_name)) for scene, shape_name in pairs]


def looked_at(scene_name: str, shape_name: str) -> pytest.MarkDecorator:
    return group(f"geometry: {scene_name} on {shape_name}")


RESIDUAL_CASES = cases(
    ("visual_a", "built-in"),
    ("visual_a", "years.csv"),
    ("visual_a", "nearly constant x"),
    ("lesson", "built-in"),
    ("lesson", "years.csv"),
    ("dashboard", "years.csv"),
)


@pytest.mark.parametrize(("scene_name", "shape_name"), RESIDUAL_CASES)
def test_residuals_end_on_the_drawn_line(built, scene_name, shape_name):
    looks = built(scene_name, shape_name).looks
    assert looks.moments >= 3
    assert not looks.residual_faults, looks.residual_faults[:5]
    if scene_name != "dashboard":  # the dashboard draws no residuals
        assert looks.residual_sets > 0


TEXT_CASES = cases(
    *[(scene, shape_name) for scene in ("visual_a", "dashboard") for shape_name in SHAPES],
    ("lesson", "years.csv"),
    ("descent", "years.csv"),
    ("descent", "built-in"),
    ("descent", ZOOMED),
)


@pytest.mark.parametrize(("scene_name", "shape_name"), TEXT_CASES)
def test_texts_inside_the_frame_and_apart_whenever_a_caption_changes(built, scene_name, shape_name):
    looks = built(scene_name, shape_name).looks
    assert not looks.text_faults, looks.text_faults[:5]


LABEL_CASES = cases(
    *[("dashboard", name) for name in SHAPES],
    ("descent", "years.csv"),
    ("descent", "built-in"),
    ("descent", ZOOMED),
)


@pytest.mark.parametrize(("scene_name", "shape_name"), LABEL_CASES)
def test_neighbouring_ring_labels_differ_at_the_precision_shown(built, scene_name, shape_name):
    looks = built(scene_name, shape_name).looks
    assert looks.ring_label_sets > 0
    assert not looks.label_faults, looks.label_faults[:5]


@looked_at("visual_a", "built-in")  # after that build's other tests (collection order): it shifts a residual
def test_the_residual_check_catches_a_line_it_does_not_end_on(built):
    # The check itself must be able to fail: shift the line of a panel whose residuals pass, and look again.
    scene = built("visual_a", "built-in")
    family = [mob for top in scene.mobjects for mob in top.get_family()]
    residuals = next(mob for mob in family if isinstance(mob, Residuals) and _drawn(mob))
    assert residual_fault(residuals, family) is None
    residuals.clear_updaters()
    residuals.shift(np.array([0.0, 0.3, 0.0]))
    assert residual_fault(residuals, family) is not None


def test_the_label_check_catches_labels_that_read_alike():
    class Label:
        def __init__(self, text):
            self.original_text = text

    class Ring:
        def __init__(self, level):
            self.level = level

    class Map:
        rings = [Ring(1.234567), Ring(1.234568)]

    faults = ring_label_faults(Map(), [Label("1.23"), Label("1.23")])
    assert any("both read" in fault for fault in faults)
    assert any("significant digits" in fault for fault in ring_label_faults(Map(), [Label("1.234567")]))
