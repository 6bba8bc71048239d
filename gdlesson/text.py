"""How the lesson writes numbers and signs on screen: one place for every scene, component and caption.

No manim import. Everyday magnitudes (:data:`EVERYDAY`) are written as plain
decimals; anything larger or smaller as a mantissa times a power of ten.
Minus signs are the typographic minus (U+2212), not the hyphen.

:func:`number` is the one formatter of a value on screen (readouts, ring
labels, ticks, captions, ``gdlesson train``): significant figures, a power of
ten beyond everyday sizes, and never more characters than its slot holds.
:data:`WIDEST` characters hold any finite float.
"""

from __future__ import annotations

import math
from itertools import pairwise

__all__ = [
    "EVERYDAY",
    "MINUS",
    "WIDEST",
    "fixed",
    "minus",
    "number",
    "pair",
    "percent",
    "plain",
    "point",
    "power_of_ten",
    "significant",
    "superscript",
    "tex_number",
    "tick_labels",
    "ticks_with_power",
]

MINUS = "\u2212"
"""The typographic minus sign."""

EVERYDAY = (1e-3, 1e5)
"""Magnitudes from the first (inclusive) to the second (exclusive) are written without a power of ten."""

WIDEST = 9
"""Characters that hold any finite float in :func:`number`: ``\u22121\u00d710\u207b\u00b3\u2070\u2070`` (-1e-300)."""

_SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
_FROM_SUPERSCRIPT = str.maketrans("\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "-0123456789")


def minus(text: str) -> str:
    """``text`` with every hyphen-minus typeset as a true minus sign."""
    return text.replace("-", MINUS)


def superscript(exponent: int) -> str:
    """An integer in superscript digits: ``superscript(-6) == "\u207b\u2076"``."""
    return str(int(exponent)).translate(_SUPERSCRIPTS)


def _everyday(value: float) -> bool:
    return value == 0 or EVERYDAY[0] <= abs(value) < EVERYDAY[1]


def _mantissa_exponent(value: float, digits: int) -> tuple[str, int]:
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return mantissa, int(exponent)


def _plain(value: float, digits: int, zeros: bool = False) -> str | None:
    """``value`` rounded to ``digits`` significant digits as a plain decimal, or None beyond everyday sizes.

    The cut-off applies to the rounded value (99,960 at three digits is 1.00e5), and
    an everyday number is never written with an exponent (1230, not the 1.23e+03 of ``.3g``).
    With ``zeros`` trailing zeros are kept (0.500).
    """
    rounded = float(f"{value:.{digits - 1}e}") + 0.0  # + 0.0: no sign on a zero
    if not _everyday(rounded):
        return None
    text = f"{rounded:{'#' if zeros else ''}.{digits}g}"
    return f"{rounded:.0f}" if "e" in text else text.rstrip(".")


def _scientific(value: float, digits: int) -> str:
    mantissa, exponent = _mantissa_exponent(value, digits)
    return minus(mantissa) + "\u00d710" + superscript(exponent)


def _for_terminal(text: str) -> str:
    mantissa, times, exponent = text.replace(MINUS, "-").partition("\u00d710")
    return f"{mantissa}e{int(exponent.translate(_FROM_SUPERSCRIPT)):+03d}" if times else mantissa


def number(
    value: float, digits: int = 3, *, width: int | None = None, zeros: bool = False, terminal: bool = False
) -> str:
    """``value`` for the screen: ``digits`` significant digits, true minus signs, 1.23\u00d710\u2075 beyond
    :data:`EVERYDAY` sizes (see :func:`significant`).

    Parameters
    ----------
    value : any float; infinities are written \u221e, NaN as "?".
    digits : significant digits wanted (at least 1).
    width : the slot's size in characters: digits are dropped until the text fits (a slot of
        :data:`WIDEST` characters or more always fits).
    zeros : keep trailing zeros of plain decimals (tabular readouts that should not jitter: 0.500).
    terminal : for text people copy into code: a hyphen-minus and 1.23e+05 (Python reads it back).
    """
    value = float(value)
    if not math.isfinite(value):
        return "?" if math.isnan(value) else minus("-" * (value < 0)) + "\u221e"
    candidates = []
    for count in range(max(int(digits), 1), 0, -1):
        plain = _plain(value, count, zeros)
        candidates.append(minus(plain) if plain is not None else _scientific(value, count))
    if terminal:
        candidates = [_for_terminal(text) for text in candidates]
    if width is None:
        return candidates[0]
    return next((text for text in candidates if len(text) <= width), min(candidates, key=len))


def plain(value: float) -> str:
    """A number as people type it into a command or a lesson file, and Python reads back: 0.9, 2, 1e-08."""
    return f"{float(value):g}"


def percent(share: float) -> str:
    """A share (0.92) as a whole percentage for text: "92%"."""
    return f"{round(100 * float(share))}%"


def significant(value: float, digits: int = 3) -> str:
    """``digits`` significant digits for text: 0.288, 1230, 1.23e5 as 1.23\u00d710\u2075, with true minus signs."""
    return number(value, digits)


def tex_number(value: float, digits: int = 3) -> str:
    """:func:`significant` for MathTex: 0.288, or 9.05 \\times 10^{-6}."""
    plain = _plain(value, digits)
    if plain is not None:
        return plain
    mantissa, exponent = _mantissa_exponent(value, digits)
    return rf"{mantissa} \times 10^{{{exponent}}}"


def fixed(value: float, places: int) -> str:
    """A number with ``places`` decimals and a true minus sign; a value that rounds to zero has no sign."""
    text = f"{value + 0.0:.{places}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return minus(text)


def pair(w: float, b: float, places: int = 2) -> str:
    """``(W, b)`` with ``places`` decimals each, e.g. ``(5.50, \u22124.00)``."""
    return f"({fixed(w, places)}, {fixed(b, places)})"


def point(w: float, b: float, digits: int = 3) -> str:
    """``(W, b)`` by :func:`number` with ``digits`` significant digits each, whatever their size:
    ``(5.47, \u22123.93)``, ``(1.08\u00d710\u2075, 4.08\u00d710\u2075)``."""
    return f"({number(w, digits)}, {number(b, digits)})"


def power_of_ten(exponent: float) -> str:
    """The label of a log-axis tick at 10**exponent: 0.01, 2, 500, or 10\u2075 beyond everyday sizes."""
    value = 10.0**exponent
    if _everyday(value):
        return f"{round(value, 3):g}"  # 1000, not the 1e+03 that .3g writes
    if math.isclose(exponent, round(exponent)):
        return "10" + superscript(round(exponent))
    return significant(value, 1)


def tick_labels(values) -> list[str]:
    """Labels of axis ticks at ``values`` (evenly spaced): everyday ticks with the decimal places
    their spacing needs (0.5, 1.0, 1.5), others in :func:`number`'s notation with the fewest
    significant digits (1 to 12) that write every tick exactly, to a millionth of their spacing."""
    values = [float(value) for value in values]
    gaps = [abs(high - low) for low, high in pairwise(values)]
    spacing = min(gaps, default=0.0) or max(map(abs, values), default=1.0)
    if spacing >= EVERYDAY[0] and all(abs(value) < EVERYDAY[1] for value in values):
        places = max(0, -math.floor(math.log10(spacing) + 1e-9))
        return [fixed(value, places) for value in values]
    for digits in range(1, 13):
        if all(abs(float(f"{value:.{digits}g}") - value) <= 1e-6 * spacing for value in values):
            break
    return [number(value, digits) for value in values]


def ticks_with_power(values) -> tuple[list[str], int]:
    """Tick labels that share one power of ten, for axes beyond everyday sizes: ``(["4.0", "4.1", "4.2"], 5)``
    for ticks at 4.0e5, 4.1e5, 4.2e5, to be read with "\u00d710\u2075" written once by the axis name.

    Everyday ticks (and ticks whose shared mantissas would need more than three decimals) come back as
    :func:`tick_labels` with power 0.
    """
    values = [float(value) for value in values]
    plain = tick_labels(values)
    biggest = max(map(abs, values), default=0.0)
    if biggest == 0 or not any("\u00d710" in label for label in plain):
        return plain, 0
    power = math.floor(math.log10(biggest))
    mantissas = [value / 10.0**power for value in values]
    gaps = [abs(high - low) for low, high in pairwise(mantissas)]
    if gaps and min(gaps) < 1e-3:
        return plain, 0
    return tick_labels(mantissas), power
