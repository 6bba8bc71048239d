"""A text made again is a fresh copy of the first: the same points and colours, objects of its own."""

import numpy as np
from manim import Text

from gdlesson.mobjects.theme import FONT, SansText


def leaves(mobject):
    return mobject.family_members_with_points()


def same_drawing(a, b) -> bool:
    pairs = list(zip(leaves(a), leaves(b), strict=True))
    return all(
        np.array_equal(x.points, y.points)
        and np.array_equal(x.fill_rgbas, y.fill_rgbas)
        and np.array_equal(x.stroke_rgbas, y.stroke_rgbas)
        and x.stroke_width == y.stroke_width
        for x, y in pairs
    )


def test_a_text_made_again_draws_as_manims_text_and_is_its_own_object():
    arguments = {"font_size": 31, "color": "#E69F00", "t2c": {"W": "#56B4E9"}}
    first = SansText("W walks 0.0605 downhill", **arguments)
    again = SansText("W walks 0.0605 downhill", **arguments)
    manims = Text("W walks 0.0605 downhill", font=FONT, **arguments)
    assert len(leaves(manims)) > 15
    assert same_drawing(first, manims) and same_drawing(again, manims)
    assert again.text == first.text and again.font_size == first.font_size
    assert not {id(m) for m in again.get_family()} & {id(m) for m in first.get_family()}
    again.shift(np.array([1.0, 2.0, 0.0])).set_color("#FFFFFF")
    assert same_drawing(first, manims)
    assert same_drawing(SansText("W walks 0.0605 downhill", **arguments), manims)


def test_other_arguments_make_another_text():
    small, large = SansText("best fit", font_size=20), SansText("best fit", font_size=40)
    assert small.width * 1.9 < large.width
    assert SansText("best fix", font_size=20).original_text == "best fix"
