"""GlyphNumber: a fixed-point number with true minus signs that keeps its place when its value changes."""

from __future__ import annotations

import numpy as np
import pytest

from gdlesson.mobjects.glyph_number import GlyphNumber


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [(1.5, 3, "1.500"), (-1.5, 2, "\u22121.50"), (-0.0004, 3, "0.000"), (-0.0, 1, "0.0"), (1234.0, 0, "1234")],
)
def test_text_has_fixed_places_and_a_true_minus_sign(value, places, text):
    assert GlyphNumber(value, places=places).text(value) == text


def test_new_values_keep_the_left_baseline_and_the_scale():
    number = GlyphNumber(1.0, places=2, font_size=24)
    number.move_to([2.0, 1.0, 0.0]).scale(2.0)
    origin = number.points[0].copy()
    number.set_value(-123.45)
    assert number.get_value() == -123.45
    assert np.allclose(number.points[0], origin)
    fresh = GlyphNumber(-123.45, places=2, font_size=24).scale(2.0)
    assert number.width == pytest.approx(fresh.width, rel=1e-9)


def test_glyph_outlines_are_laid_out_left_to_right_one_cell_per_character():
    short, long = GlyphNumber(7.0, places=0), GlyphNumber(77777.0, places=0)
    assert long.width > 4 * short.width
    # Tabular figures: every digit takes the same cell, so 11111 is as wide as 88888 (to within a glyph's margins).
    ones, eights = GlyphNumber(11111.0, places=0), GlyphNumber(88888.0, places=0)
    assert ones.get_right()[0] - ones.points[0][0] == pytest.approx(
        eights.get_right()[0] - eights.points[0][0], abs=0.1 * eights.width / 5
    )
