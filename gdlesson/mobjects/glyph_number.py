"""A number that can change every frame without building text: glyph outlines laid out from a table."""

from __future__ import annotations

from functools import cache

import numpy as np
from manim import VMobject

from gdlesson.mobjects.theme import SansText
from gdlesson.text import MINUS, WIDEST, fixed, number, superscript

__all__ = ["GlyphNumber"]

CHARACTERS = "0123456789.\u2212\u00d7"
SUPERSCRIPTS = {superscript(int(digit)): digit for digit in "0123456789"} | {superscript(-1)[0]: MINUS}
"""Each superscript character and the glyph drawn small and raised for it (fonts differ in how they draw them)."""
SUPERSCRIPT_SIZE, SUPERSCRIPT_RISE = 0.62, 0.5
"""Superscripts: their size, and how far they are raised, as fractions of a digit's height."""
GAP = 0.06
"""Space between glyph cells, as a fraction of the digit cell width."""


@cache
def _glyph_table(font_size: float) -> tuple[dict[str, tuple[np.ndarray, float]], float]:
    """Outline points of each character, baseline-consistent, and each cell's width.

    One reference Text holds every character, so all outlines share a baseline.
    Digits share one cell width (tabular figures), so changing values do not jitter.
    """
    reference = SansText(CHARACTERS, font_size=font_size)
    digit_cell = max(glyph.width for glyph in reference[:10]) * (1 + GAP)
    baseline = reference.get_bottom()[1]
    table = {}
    for char, glyph in zip(CHARACTERS, reference, strict=True):
        cell = digit_cell if char.isdigit() else glyph.width * (1 + 2 * GAP) + 0.25 * digit_cell * GAP
        points = glyph.points.copy()
        points[:, 0] -= glyph.get_center()[0] - 0.5 * cell  # centre the glyph in its cell
        points[:, 1] -= baseline
        table[char] = (points, cell)
    digit_height = max(glyph.height for glyph in reference[:10])
    for char, base in SUPERSCRIPTS.items():
        points, cell = table[base]
        raised = points * SUPERSCRIPT_SIZE + [0.0, SUPERSCRIPT_RISE * digit_height, 0.0]
        table[char] = (raised, cell * SUPERSCRIPT_SIZE)
    return table, digit_cell


class GlyphNumber(VMobject):
    """A number drawn as one VMobject, cheap to update every frame.

    With ``digits`` it is written by :func:`gdlesson.text.number` with that
    many significant digits (trailing zeros kept, a power of ten beyond
    everyday sizes) in at most ``width`` characters, so any float fits its
    slot; without, with ``places`` fixed decimals (counters).

    ``set_value`` lays glyph outlines out from a table instead of creating
    Text (which would parse SVG) or copying submobjects (as DecimalNumber
    does). Two zero-area anchor subpaths record the left baseline point and
    the scale, so the number keeps its place when moved or scaled.
    """

    def __init__(
        self,
        value: float = 0.0,
        *,
        places: int = 3,
        digits: int | None = None,
        width: int = WIDEST,
        font_size: float = 24,
        color=None,
        **kwargs,
    ) -> None:
        super().__init__(stroke_width=0, fill_opacity=1.0, **kwargs)
        if color is not None:
            self.set_fill(color, opacity=1.0)
        self.places, self.digits, self.slot, self.font_size = places, digits, width, font_size
        self._table, self._unit = _glyph_table(font_size)
        self.value = None
        self._layout(value, origin=np.zeros(3), scale=1.0)

    def get_value(self) -> float:
        return self.value

    def text(self, value: float) -> str:
        if self.digits is None:
            return fixed(value, self.places)
        return number(value, self.digits, width=self.slot, zeros=True)

    def slot_width(self) -> float:
        """The widest ``slot`` characters drawn at this size, in scene units (before any scaling)."""
        widest = max(cell for _, cell in self._table.values())
        return self.slot * widest

    def set_value(self, value: float) -> GlyphNumber:
        if value != self.value:
            origin, unit_end = self.points[0], self.points[4]
            self._layout(value, origin=origin, scale=float(np.linalg.norm(unit_end - origin)) / self._unit)
        return self

    def _layout(self, value: float, *, origin: np.ndarray, scale: float) -> None:
        pieces = [np.repeat([[0.0, 0.0, 0.0]], 4, axis=0), np.repeat([[self._unit, 0.0, 0.0]], 4, axis=0)]
        cursor = 0.0
        for char in self.text(value):
            points, cell = self._table[char]
            pieces.append(points + [cursor, 0.0, 0.0])
            cursor += cell
        self.set_points(origin + scale * np.concatenate(pieces))
        self.value = value
