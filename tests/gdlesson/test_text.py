"""gdlesson.text: true minus signs, superscripts, significant figures with one everyday cut-off, log-axis labels."""

from __future__ import annotations

import numpy as np
import pytest

from gdlesson.text import EVERYDAY, MINUS, fixed, minus, pair, power_of_ten, significant, superscript, tex_number


def test_minus_is_the_typographic_sign():
    assert MINUS == "\u2212"
    assert minus("-3 - -4") == "\u22123 \u2212 \u22124"
    assert minus("3.5") == "3.5"


@pytest.mark.parametrize(
    ("exponent", "text"),
    [(0, "\u2070"), (5, "\u2075"), (-6, "\u207b\u2076"), (12, "\u00b9\u00b2"), (-10, "\u207b\u00b9\u2070")],
)
def test_superscripts(exponent, text):
    assert superscript(exponent) == text


@pytest.mark.parametrize(
    ("value", "plain", "tex"),
    [
        (0.288, "0.288", "0.288"),
        (-0.288, "\u22120.288", "-0.288"),
        (9.05e-6, "9.05\u00d710\u207b\u2076", r"9.05 \times 10^{-6}"),
        (-9.05e-6, "\u22129.05\u00d710\u207b\u2076", r"-9.05 \times 10^{-6}"),
        (2.21e7, "2.21\u00d710\u2077", r"2.21 \times 10^{7}"),
        (-1.5e9, "\u22121.50\u00d710\u2079", r"-1.50 \times 10^{9}"),
        (3.0e-300, "3.00\u00d710\u207b\u00b3\u2070\u2070", r"3.00 \times 10^{-300}"),
        (0.0, "0", "0"),
        (0.001, "0.001", "0.001"),
        (9.99e-4, "9.99\u00d710\u207b\u2074", r"9.99 \times 10^{-4}"),
    ],
)
def test_numbers_beyond_everyday_sizes_use_powers_of_ten(value, plain, tex):
    assert (significant(value), tex_number(value)) == (plain, tex)


@pytest.mark.parametrize(
    ("value", "plain"),
    [(22100.0, "22100"), (-22100.0, "\u221222100"), (1234.5, "1230"), (99949.0, "99900"), (1000.0, "1000")],
)
def test_everyday_numbers_are_never_written_with_an_exponent(value, plain):
    assert significant(value) == plain
    assert tex_number(value) == plain.replace(MINUS, "-")


def test_the_everyday_cut_off_is_where_rounding_lands():
    assert EVERYDAY == (1e-3, 1e5)
    # 99,960 rounds to 1.00e5 at three digits: past the cut-off, so a power of ten.
    assert significant(99960.0) == "1.00\u00d710\u2075"
    assert significant(1e5) == "1.00\u00d710\u2075"
    assert significant(0.0009996) == "0.001"  # rounds up to 1e-3: an everyday size
    assert significant(-0.0) == "0" and tex_number(-0.0) == "0"
    for value in np.geomspace(1e-8, 1e8, 97):
        for sign in (1, -1):
            text = significant(sign * value)
            assert "e" not in text and "-" not in text
            assert float(text.replace(MINUS, "-").replace("\u00d710", "e").translate(_NORMAL)) == pytest.approx(
                sign * value, rel=5e-3
            )


_NORMAL = str.maketrans("\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "-0123456789")


@pytest.mark.parametrize(("digits", "text"), [(1, "0.3"), (2, "0.29"), (5, "0.28763")])
def test_significant_digits_are_the_callers(digits, text):
    assert significant(0.287634, digits) == text


def test_fixed_places_with_a_true_minus_and_no_negative_zero():
    assert fixed(-1.234, 2) == "\u22121.23"
    assert fixed(-0.001, 2) == "0.00" and fixed(-0.0, 1) == "0.0"
    assert fixed(3.0, 0) == "3"
    assert pair(5.5, -4.0) == "(5.50, \u22124.00)"
    assert pair(0.12345, -0.0004, 3) == "(0.123, 0.000)"


def test_log_axis_numbers_have_no_exponent_in_everyday_sizes():
    assert [power_of_ten(e) for e in (-3, 0, np.log10(200), 3, 4, 5)] == ["0.001", "1", "200", "1000", "10000", "10⁵"]
    assert [power_of_ten(e) for e in (-4, -12, np.log10(2e5), np.log10(3e-4))] == [
        "10\u207b\u2074",
        "10\u207b\u00b9\u00b2",
        "2\u00d710\u2075",
        "3\u00d710\u207b\u2074",
    ]
