"""Themes: the names the lesson file accepts are the themes there are; unknown names are refused."""

from __future__ import annotations

import pytest

from gdlesson.lesson.settings import THEME_NAMES
from gdlesson.mobjects.theme import THEMES, get_theme


def test_the_lesson_files_theme_names_are_the_themes():
    assert THEME_NAMES == tuple(THEMES)


def test_an_unknown_theme_is_refused_with_the_choices():
    assert get_theme("light") is THEMES["light"]
    with pytest.raises(ValueError, match="dark"):
        get_theme("sepia")


@pytest.mark.parametrize("name", sorted(THEMES))
def test_ring_ramp_runs_from_its_first_stop_to_its_last(name):
    theme = THEMES[name]
    assert theme.ring_color(0.0).to_hex() == theme.ring_high[0].upper()
    assert theme.ring_color(1.0).to_hex() == theme.ring_high[-1].upper()
    assert theme.ring_color(-1.0) == theme.ring_color(0.0) and theme.ring_color(2.0) == theme.ring_color(1.0)
