"""One formatter for every number on screen: significant digits, a power of ten beyond everyday sizes, and never
wider than its slot, for every magnitude a float can take (1e-300 to 1e300, both signs)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from manim import ValueTracker

from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.story.verbs import live_number
from gdlesson.text import MINUS, WIDEST, number, significant, tick_labels, ticks_with_power

MAGNITUDES = [0.0, 5e-324, 1e-300, 1.234e-7, 9.99e-4, 1e-3, 0.2882, 1.0, 12.5, 99999.4, 99999.6, 123456.0]
MAGNITUDES += [8.72364431486581e14, 1e100, 1e300, 1.7976931348623157e308]
VALUES = sorted({sign * value for value in MAGNITUDES for sign in (1.0, -1.0)})


def read_back(text: str) -> Decimal:
    """The value a reader sees in ``text`` (true minus, x10 and superscript exponents), exactly."""
    text = text.replace(MINUS, "-")
    mantissa, _, exponent = text.partition("\u00d710")
    digits = str.maketrans("\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "-0123456789")
    return Decimal(mantissa).scaleb(int(exponent.translate(digits))) if exponent else Decimal(mantissa)


def close(shown: Decimal, value: float, rel: float, absolute: float = 0.0) -> bool:
    exact = Decimal(value)
    return abs(shown - exact) <= Decimal(rel) * abs(exact) + Decimal(absolute)


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("digits", [1, 3, 4, 6])
def test_any_value_fits_the_widest_slot_and_reads_back_to_its_digits(value, digits):
    text = number(value, digits, width=WIDEST, zeros=True)
    assert len(text) <= WIDEST
    assert "-" not in text and "e" not in text  # true minus signs, no programmer's notation
    # What fits is rounded, never wrong: at least one significant digit survives.
    shown = read_back(text)
    assert close(shown, value, rel=0.5)
    if len(number(value, digits)) <= WIDEST:  # nothing dropped: the asked-for digits
        assert close(shown, value, rel=10.0 ** (1 - digits))


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("width", [6, 7, 8, 11])
def test_narrow_slots_drop_digits_first_and_never_overflow_when_they_can(value, width):
    text = number(value, 6, width=width)
    shortest = min(len(number(value, 1)), len(number(value, 1, width=1)))
    assert len(text) <= max(width, shortest)


def test_everyday_sizes_are_plain_decimals_and_others_a_power_of_ten():
    assert number(0.288) == "0.288" and number(-12345.678) == f"{MINUS}12300" and number(0.001234) == "0.00123"
    assert number(872364431486581.0) == "8.72\u00d710\u00b9\u2074"
    assert number(-2.5e-7) == f"{MINUS}2.50\u00d710\u207b\u2077"
    assert number(0.5, 3, zeros=True) == "0.500" and number(0.5) == "0.5" and significant(1e5) == "1.00\u00d710\u2075"
    assert number(math.inf) == "\u221e" and number(-math.inf) == f"{MINUS}\u221e"
    assert number(-1.5e4, 6, terminal=True) == "-15000" and number(2.5e-7, terminal=True) == "2.50e-07"
    assert float(number(-3.25e12, 6, terminal=True)) == -3.25e12
    # Digits are dropped only when the slot is too narrow for them.
    assert (
        number(-12345.678, 5, width=6) == f"{MINUS}12346" and number(-123456.0, 6, width=6) == f"{MINUS}1\u00d710\u2075"
    )


@pytest.mark.parametrize(
    "values",
    [[-1.0, 0.0, 1.0, 2.0], [1960, 1970, 1980], [2e5, 4e5, 6e5], [1.2e11, 1.25e11, 1.3e11], [1e-4, 2e-4, 3e-4]],
)
def test_tick_labels_write_each_tick_exactly_and_tell_them_apart(values):
    labels = tick_labels(values)
    assert len(set(labels)) == len(values)
    spacing = values[1] - values[0]
    assert all(close(read_back(label), value, 0.0, 1e-6 * spacing) for label, value in zip(labels, values, strict=True))
    assert all(len(label) <= WIDEST for label in labels)


def test_everyday_ticks_keep_the_decimals_of_their_step():
    assert tick_labels([0.0, 0.2, 0.4]) == ["0.0", "0.2", "0.4"]
    assert tick_labels([0.1, 0.15, 0.2]) == ["0.10", "0.15", "0.20"]
    assert tick_labels([-5.0, 0.0, 5.0, 10.0]) == [f"{MINUS}5", "0", "5", "10"]


@pytest.mark.parametrize("value", VALUES)
def test_a_glyph_number_is_never_wider_than_its_slot(value):
    shown = GlyphNumber(value, digits=4, font_size=24)
    assert shown.width <= shown.slot_width() + 1e-9
    assert len(shown.text(value)) <= WIDEST


@pytest.mark.parametrize("value", VALUES)
def test_a_live_number_writes_three_significant_digits_in_its_slot(value):
    """The story's live MSE, W and b once had two fixed decimals: an MSE of 0.00312 read 0.00."""
    tracker = ValueTracker(1.0)
    shown = live_number(tracker.get_value, font_size=30, color="#ffffff")
    tracker.set_value(value)
    text = shown.update().text(shown.get_value())
    assert shown.get_value() == value
    assert len(text) <= WIDEST and shown.width <= shown.slot_width() + 1e-9
    assert "-" not in text and "e" not in text
    shown_value = read_back(text)
    assert close(shown_value, value, rel=0.5)
    if len(number(value, 3)) <= WIDEST:  # nothing dropped: three significant digits
        assert close(shown_value, value, rel=5e-3) and shown_value == Decimal(f"{value:.2e}")


def test_glyph_superscripts_are_small_and_raised():
    plain, power = GlyphNumber(1.5, digits=2), GlyphNumber(1.5e-7, digits=2)
    assert power.text(1.5e-7) == "1.5\u00d710\u207b\u2077"
    assert power.get_top()[1] > plain.get_top()[1]  # the exponent rises above the digits
    assert np.isclose(power.get_bottom()[1], plain.get_bottom()[1], atol=0.02)


@pytest.mark.parametrize(
    ("values", "labels", "power"),
    [
        ([3.95e5, 4.0e5, 4.05e5], ["3.95", "4.00", "4.05"], 5),
        ([-2e-5, 0.0, 2e-5], [f"{MINUS}2", "0", "2"], -5),
        ([1960.0, 1970.0], ["1960", "1970"], 0),
        ([-1.0, 0.0, 1.0], [f"{MINUS}1", "0", "1"], 0),
    ],
)
def test_ticks_beyond_everyday_sizes_share_one_power_of_ten(values, labels, power):
    assert ticks_with_power(values) == (labels, power)
    for text, value in zip(labels, values, strict=True):
        assert close(read_back(text), value / 10.0**power, 0.0, 1e-9)
