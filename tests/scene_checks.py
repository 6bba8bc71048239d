"""What every scene test needs: construct a scene without drawing, record what it says and shows, check the layout."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from manim import MathTex, Text, config, tempconfig
from timelines import assert_readable_timeline

from gdlesson.mobjects.layout import Box, box_of, overlaps


def construct_only(scene_class, media: Path):
    """Run ``scene_class`` with every animation skipped (no frames, no files, nothing drawn) and return the scene."""
    with tempconfig({"media_dir": str(media), "dry_run": True, "quality": "low_quality"}):
        scene = scene_class(skip_animations=True)
        scene.render()
    return scene


def built_once(scene_class):
    """A module fixture, ``built``: ``scene_class`` constructed once for the module (see :func:`construct_only`)."""

    @pytest.fixture(scope="module")
    def built(tmp_path_factory):
        return construct_only(scene_class, tmp_path_factory.mktemp("media"))

    return built


def visible_texts(scene) -> list:
    """Texts and formulas on screen, outermost only (a text's letters are texts too)."""
    texts = [
        mob for top in scene.mobjects for mob in top.get_family() if isinstance(mob, (Text, MathTex)) and _shows(mob)
    ]
    inner = {id(member) for text in texts for member in text.get_family()[1:]}
    return [text for text in texts if id(text) not in inner]


def _shows(text) -> bool:
    """Whether any glyph of a text is visible (a MathTex group has no fill of its own)."""
    return any(glyph.get_fill_opacity() > 0.05 for glyph in text.family_members_with_points())


def frame_box() -> Box:
    return (-config.frame_width / 2, -config.frame_height / 2, config.frame_width / 2, config.frame_height / 2)


def assert_inside_and_apart(named_boxes: list[tuple[str, Box]], where: str = "") -> None:
    """Every box lies inside the frame and no two overlap."""
    frame = frame_box()
    for name, (x0, y0, x1, y1) in named_boxes:
        assert frame[0] <= x0 and x1 <= frame[2] and frame[1] <= y0 and y1 <= frame[3], (where, name)
    for (name_a, a), (name_b, b) in combinations(named_boxes, 2):
        assert not overlaps(a, b), (where, name_a, name_b)


def named_boxes(texts) -> list[tuple[str, Box]]:
    return [(str(text), box_of(text)) for text in texts]


def recording(scene_class, lesson):
    """``scene_class`` with ``lesson``, recording its captions (with their font size) and the texts on screen at
    the end: ``said`` and ``final_texts`` on the constructed scene."""

    class Recording(scene_class):
        def setup(self) -> None:
            super().setup()
            self.said: list[tuple[str, float]] = []
            make = self.captions.make

            def record(text: str):
                caption = make(text)
                self.said.append((text, caption.font_size))
                return caption

            self.captions.make = record

        def tear_down(self) -> None:
            self.final_texts = visible_texts(self)
            super().tear_down()

    Recording.lesson = lesson
    Recording.__name__ = scene_class.__name__
    return Recording


def strings(scene) -> list[str]:
    """What a :func:`recording` scene wrote: its final texts and formulas, then every caption."""
    texts = [mob.tex_string if isinstance(mob, MathTex) else mob.original_text for mob in scene.final_texts]
    return texts + [text for text, _ in scene.said]


def assert_a_watchable_experiment(scene, lesson, name: str) -> None:
    """What every experiment promises, on a :func:`recording` scene: chapters of a watchable length, legible
    captions read at ease one at a time and true of the run (see ``timelines``), final texts inside the frame."""
    assert_watchable_chapters(scene)
    assert_legible_captions(scene)
    assert_final_texts_fit(scene)
    assert_readable_timeline(scene, lesson, name)


def assert_watchable_chapters(scene) -> None:
    """An experiment tells its story in 3 or more chapters, the first at 0 s, and lasts 30 to 90 s."""
    assert len(scene.chapters) >= 3 and scene.chapters[0][1] == 0.0
    assert 30 <= scene.time <= 90, f"{type(scene).__name__} lasts {scene.time:.1f} s"


def assert_legible_captions(scene) -> None:
    """A :func:`recording` scene said 6 or more captions, none shrunk below 21 pt to fit."""
    assert len(scene.said) >= 6
    for text, font_size in scene.said:
        assert font_size >= 21, f"caption shrunk to {font_size:.1f} pt to fit: {text!r}"


def assert_final_texts_fit(scene) -> None:
    """More than 10 texts on screen at the end, all inside the frame and apart."""
    assert len(scene.final_texts) > 10
    assert_inside_and_apart(named_boxes(scene.final_texts), type(scene).__name__)
