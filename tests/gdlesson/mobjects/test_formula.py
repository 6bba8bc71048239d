"""Formula: a MathTex on the project's template, made again from its pickle when its arguments repeat."""

import numpy as np
import pytest
from manim import MathTex, Mobject

from gdlesson.mobjects.tex import Formula, tex_template

TEX = r"\hat y = W x + b"


def shapes(mobject) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(leaf.points, leaf.get_fill_rgbas()) for leaf in mobject.family_members_with_points()]


def assert_same_shapes(a, b) -> None:
    assert len(shapes(a)) == len(shapes(b)) > 5
    for (points_a, fill_a), (points_b, fill_b) in zip(shapes(a), shapes(b), strict=True):
        assert np.array_equal(points_a, points_b) and np.array_equal(fill_a, fill_b)


def test_a_formula_is_manims_mathtex_on_the_template():
    assert_same_shapes(Formula(TEX, color="#E69F00", font_size=40), MathTex(TEX, tex_template=tex_template(),
                                                                            color="#E69F00", font_size=40))  # fmt: skip


def test_a_repeated_formula_is_the_same_shapes_in_fresh_objects():
    first, again = Formula(TEX, font_size=40), Formula(TEX, font_size=40)
    assert_same_shapes(first, again)
    assert not {id(m) for m in first.get_family()} & {id(m) for m in again.get_family()}
    again.shift(np.array([1.0, 0.0, 0.0]))
    assert again.get_center()[0] - first.get_center()[0] == pytest.approx(1.0)  # the other stays where it was


def test_other_arguments_make_another_formula():
    assert Formula(TEX, font_size=40).width > Formula(TEX, font_size=20).width
    assert not np.array_equal(Formula(TEX).get_fill_rgbas(), Formula(TEX, color="#E69F00").get_fill_rgbas())


def test_a_copy_is_manims_deep_copy_in_fresh_objects_and_one_that_cannot_be_pickled_is_deep_copied():
    formula = Formula(TEX, font_size=40)
    copied, manims = formula.copy(), Mobject.copy(formula)
    assert_same_shapes(copied, manims)
    assert sorted(copied.__dict__) == sorted(manims.__dict__) and copied.original_id == manims.original_id
    assert not {id(m) for m in copied.get_family()} & {id(m) for m in formula.get_family()}
    formula.add_updater(lambda mobject: None)  # a lambda: pickle refuses it
    with_updater = formula.copy()
    assert len(with_updater.updaters) == 1 and with_updater.updaters[0] is formula.updaters[0]
