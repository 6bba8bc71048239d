"""What every scene test needs: construct a scene without drawing, and find its texts and check their layout."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from manim import MathTex, Text, config, tempconfig

from gdlesson.mobjects.layout import Box, box_of, overlaps


def construct_only(scene_class, media: Path):
    """Run ``scene_class`` with every animation skipped (no frames, no files) and return the scene."""
    with tempconfig({"media_dir": str(media), "dry_run": True, "quality": "low_quality"}):
        scene = scene_class(skip_animations=True)
        scene.render()
    return scene


def visible_texts(scene) -> list:
    """Texts and formulas on screen, outermost only (a text's letters are texts too)."""
    texts = [
        mob for top in scene.mobjects for mob in top.get_family() if isinstance(mob, (Text, MathTex)) and _shows(mob)
    ]
    return [t for t in texts if not any(t is not o and t in o.get_family() for o in texts)]


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
