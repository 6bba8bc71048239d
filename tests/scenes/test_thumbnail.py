"""scenes/thumbnail.py: the still builds, its title sits beside the map inside the frame."""

from __future__ import annotations

import pytest
from lessons import make_lesson
from scene_checks import assert_inside_and_apart, construct_only, named_boxes, visible_texts
from scene_files import scene_module

from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.layout import box_of, overlaps

Thumbnail = scene_module("thumbnail").Thumbnail


class FixedThumbnail(Thumbnail):
    lesson = make_lesson()


def test_the_thumbnail_shows_the_map_the_path_and_a_title_beside_it(tmp_path):
    scene = construct_only(FixedThumbnail, tmp_path)
    texts = visible_texts(scene)
    assert [text.original_text for text in texts] == ["Gradient", "descent", "seen as a map"]
    assert_inside_and_apart(named_boxes(texts), "thumbnail")
    family = [mob for top in scene.mobjects for mob in top.get_family()]
    rings = [mob for mob in family if hasattr(mob, "level")]
    assert len(rings) >= 8
    paths = [top for top in scene.mobjects if isinstance(top, DescentPath)]
    assert len(paths) == 1 and paths[0].dot not in family  # the best-fit star marks the end instead
    backdrop = scene.mobjects[0]  # the map's opaque panel, added first
    assert (backdrop.width, backdrop.height) == pytest.approx((6.7, 6.7))
    assert all(not overlaps(box_of(text), box_of(backdrop)) for text in texts)
    assert not any(isinstance(top, ContourMap) for top in scene.mobjects)  # only its parts are shown
