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

_SUPERSCRIPTS = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


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


WIDEST = 9
"""Characters that hold any finite float in :func:`number`: ``\u22121\u00d710\u207b\u00b3\u2070\u2070`` (-1e-300)."""


def _plain(value: float, digits: int, zeros: bool) -> str:
    """An everyday value with ``digits`` significant digits (more for whole numbers: 12345, never 1.23e4)."""
    if value == 0:
        return "0"
    places = max(digits - 1 - math.floor(math.log10(abs(value))), 0)
    text = f"{value:.{places}f}"
    if places and not zeros:
        text = text.rstrip("0").rstrip(".")
    return minus(text)


def _scientific(value: float, digits: int, zeros: bool) -> str:
    mantissa, exponent = _mantissa_exponent(value, digits)
    if "." in mantissa and not zeros:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return minus(mantissa) + "\u00d710" + superscript(exponent)


def number(
    value: float, digits: int = 3, *, width: int | None = None, zeros: bool = False, terminal: bool = False
) -> str:
    """``value`` for the screen: ``digits`` significant digits, true minus signs, 1.23\u00d710\u2075 beyond
    :data:`EVERYDAY` sizes.

    Parameters
    ----------
    value : any float; infinities are written \u221e, NaN as "?".
    digits : significant digits wanted (at least 1).
    width : the slot's size in characters: digits are dropped, then a power of ten is used, until
        the text fits (a slot of :data:`WIDEST` characters or more always fits).
    zeros : keep trailing zeros (tabular readouts that should not jitter: 0.500, not 0.5).
    terminal : for text people copy into code: a hyphen-minus and 1.23e+05 (Python reads it back).
    """
    value = float(value)
    if not math.isfinite(value):
        return "?" if math.isnan(value) else minus("-" * (value < 0)) + "\u221e"
    value += 0.0  # no negative zero
    digits = max(int(digits), 1)
    forms = [_plain] if _everyday(value) else []
    forms.append(_scientific)
    candidates = [form(value, d, zeros) for form in forms for d in range(digits, 0, -1)]
    if terminal:
        candidates = [_for_terminal(text) for text in candidates]
    if width is None:
        return candidates[0]
    return next((text for text in candidates if len(text) <= width), min(candidates, key=len))


_FROM_SUPERSCRIPT = str.maketrans("\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "-0123456789")


def _for_terminal(text: str) -> str:
    mantissa, times, exponent = text.replace(MINUS, "-").partition("\u00d710")
    return f"{mantissa}e{int(exponent.translate(_FROM_SUPERSCRIPT)):+03d}" if times else mantissa


def significant(value: float, digits: int = 3) -> str:
    """:func:`number` without a slot: 0.288, 1.23e5 as 1.23\u00d710\u2075, with true minus signs."""
    return number(value, digits)


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


def tex_number(value: float, digits: int = 3) -> str:
    """:func:`significant` for MathTex: 0.288, or 9.05 \\times 10^{-6}."""
    if _everyday(value):
        return f"{value:.{digits}g}"
    mantissa, exponent = _mantissa_exponent(value, digits)
    return rf"{mantissa} \times 10^{{{exponent}}}"


def fixed(value: float, places: int) -> str:
    """A number with ``places`` decimals and a true minus sign; a value that rounds to zero has no sign."""
    text = f"{value + 0.0:.{places}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return minus(text)


def pair(w: float, b: float, digits: int = 3) -> str:
    """``(W, b)`` by :func:`number` with ``digits`` significant digits each, e.g. ``(5.47, \u22123.93)``."""
    return f"({number(w, digits)}, {number(b, digits)})"


def power_of_ten(exponent: float) -> str:
    """The label of a log-axis tick at 10**exponent: 0.01, 2, 500, or 10\u2075 beyond everyday sizes."""
    value = 10.0**exponent
    if _everyday(value):
        return f"{round(value, 3):g}"  # 1000, not the 1e+03 that .3g writes
    if math.isclose(exponent, round(exponent)):
        return "10" + superscript(round(exponent))
    return significant(value, 1)


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
