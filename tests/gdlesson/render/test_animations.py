"""Opacity fades: no copies, and they follow their rate function."""

import pytest
from manim import Square, linear

from gdlesson.render.animations import Appear, Vanish


def test_fades_follow_their_rate_function():
    def opacity_at(animation, alpha):
        animation.begin()
        animation.interpolate(alpha)
        return animation.mobject.get_fill_opacity()

    assert opacity_at(Appear(Square(fill_opacity=1.0), rate_func=linear), 0.25) == pytest.approx(0.25)
    assert opacity_at(Appear(Square(fill_opacity=1.0), rate_func=lambda t: t * t), 0.5) == pytest.approx(0.25)
    assert opacity_at(Vanish(Square(fill_opacity=1.0), rate_func=lambda t: min(t / 0.4, 1.0)), 0.5) == 0.0
