"""How the lesson writes numbers and signs on screen: one place for every scene, component and caption.

No manim import. Everyday magnitudes (:data:`EVERYDAY`) are written as plain
decimals; anything larger or smaller as a mantissa times a power of ten.
Minus signs are the typographic minus (U+2212), not the hyphen.
"""

from __future__ import annotations

import math

__all__ = [
    "EVERYDAY",
    "MINUS",
    "fixed",
    "minus",
    "pair",
    "power_of_ten",
    "significant",
    "superscript",
    "tex_number",
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


def _plain(value: float, digits: int) -> str | None:
    """``value`` rounded to ``digits`` significant digits as a plain decimal, or None beyond everyday sizes.

    The cut-off applies to the rounded value (99,960 at three digits is 1.00e5), and
    an everyday number is never written with an exponent (1230, not the 1.23e+03 of ``.3g``).
    """
    rounded = float(f"{value:.{digits - 1}e}") + 0.0  # + 0.0: no sign on a zero
    if not _everyday(rounded):
        return None
    text = f"{rounded:.{digits}g}"
    return f"{rounded:.0f}" if "e" in text else text


def significant(value: float, digits: int = 3) -> str:
    """``digits`` significant digits for text: 0.288, 1230, 1.23e5 as 1.23\u00d710\u2075, with true minus signs."""
    plain = _plain(value, digits)
    if plain is not None:
        return minus(plain)
    mantissa, exponent = _mantissa_exponent(value, digits)
    return minus(mantissa) + "\u00d710" + superscript(exponent)


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


def power_of_ten(exponent: float) -> str:
    """The label of a log-axis tick at 10**exponent: 0.01, 2, 500, or 10\u2075 beyond everyday sizes."""
    value = 10.0**exponent
    if _everyday(value):
        return f"{round(value, 3):g}"  # 1000, not the 1e+03 that .3g writes
    if math.isclose(exponent, round(exponent)):
        return "10" + superscript(round(exponent))
    return significant(value, 1)
