"""Colours, type and sizes shared by every scene.

Colours come from the Okabe-Ito palette (safe for the common colour-vision
deficiencies); the contour rings use a perceptually ordered lightness ramp
(inferno on dark backgrounds), so "brighter = lower error" survives any
colour vision and greyscale.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from manim import RIGHT, Text, VGroup, interpolate_color
from manim.utils.color import ManimColor

from gdlesson.mobjects import glyphs
from gdlesson.mobjects.glyphs import placed_glyphs
from gdlesson.mobjects.memo import Typeset, typeset_files

__all__ = ["OKABE_ITO", "Theme", "THEMES", "SansText", "get_theme", "Z_SETTLED", "Z_LIVE", "Z_TOP"]

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

FONT = "DejaVu Sans"

# Drawing layers. The renderer draws everything below the first moving
# mobject (in z order) once per animation, so things that change every frame
# (updaters) sit at Z_LIVE or above and finished drawings at Z_SETTLED.
Z_SETTLED = 1
Z_LIVE = 2
Z_TOP = 3


class SansText(Text):
    """Text in the project's font (also used for axis numbers and live readouts).

    Manim typesets a text in about 135 ms, most of it parsing pango's whole SVG; here each distinct glyph is made
    once and cloned into place (:mod:`gdlesson.mobjects.glyphs`, about 22 ms a caption), and a text made before
    with the same arguments, in this process or an earlier one, is cloned from its pickle (about 10 ms; manim's
    own copy takes 30): the same points and colours, fresh objects.
    """

    def __init__(self, text: str, **kwargs) -> None:
        kwargs.setdefault("font", FONT)
        text = str(text)  # a plain str: manimpango refuses str subclasses (a spoken Line)
        key = (type(self), text, repr(sorted(kwargs.items())))
        if _TYPESET.restore(self, key):
            return
        super().__init__(text, **kwargs)
        _TYPESET.keep(self, key)

    def generate_mobject(self) -> SansText:
        """Manim's glyph shapes, each distinct glyph made once (see :mod:`gdlesson.mobjects.glyphs`); of manim's
        groups by SVG id only ``"root"`` is kept (nothing reads the others of a text)."""
        shapes = placed_glyphs(self, self.get_file_path())
        if shapes is None:
            return super().generate_mobject()
        self.add(*shapes)
        self.id_to_vgroup_dict = {"root": VGroup(*shapes)}
        self.flip(RIGHT)  # y down in SVG, up in manim, as SVGMobject does
        return self


_TYPESET = Typeset(budget=256 * 2**20, files=typeset_files(sys.modules[__name__], glyphs))
"""Finished texts by their arguments, in memory and on disk."""


@dataclass(frozen=True)
class Theme:
    """Everything that decides how a frame looks, by role rather than by colour."""

    name: str
    background: str
    text: str
    muted: str
    axis: str
    path: str
    start: str
    optimum: str
    batch: str
    accent: str
    """A second series colour (b beside W)."""
    data: str
    ring_high: tuple[str, ...]
    """Ring colour ramp from the highest loss to the lowest."""

    def ring_color(self, fraction: float) -> ManimColor:
        """Colour of a ring at ``fraction`` along the ramp: 0 = highest loss, 1 = lowest."""
        stops = self.ring_high
        position = min(max(fraction, 0.0), 1.0) * (len(stops) - 1)
        index = min(int(position), len(stops) - 2)
        return interpolate_color(ManimColor(stops[index]), ManimColor(stops[index + 1]), position - index)


THEMES = {
    "dark": Theme(
        name="dark",
        background="#101218",
        text="#F2F2F2",
        muted="#A9ADB8",
        axis="#8A8F9C",
        path=OKABE_ITO["sky_blue"],
        start=OKABE_ITO["vermillion"],
        optimum=OKABE_ITO["bluish_green"],
        batch=OKABE_ITO["orange"],
        accent=OKABE_ITO["reddish_purple"],
        data="#D8D8D8",
        # inferno from 0.25 to 0.98: purple, red, orange, pale yellow
        ring_high=("#57106E", "#8A226A", "#BC3754", "#E45A31", "#F98E09", "#F9C932", "#FCFFA4"),
    ),
    "light": Theme(
        name="light",
        background="#FFFFFF",
        text="#1A1A1A",
        muted="#555B66",
        axis="#6B7080",
        path=OKABE_ITO["blue"],
        start=OKABE_ITO["vermillion"],
        optimum=OKABE_ITO["bluish_green"],
        batch=OKABE_ITO["orange"],
        accent=OKABE_ITO["reddish_purple"],
        data="#3A3A3A",
        # light to dark so the low-error centre stands out on white
        ring_high=("#FCD9A8", "#F9B26B", "#E8833A", "#C4572B", "#8E3B55", "#5B2A6E", "#2D1B4E"),
    ),
}


def get_theme(name: str) -> Theme:
    """The theme called ``name``; ValueError naming the choices otherwise."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose one of {sorted(THEMES)}") from None
