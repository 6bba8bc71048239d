"""What the voice says: numbers in words rounded to the digits that matter, years as years, symbols as words.

A caption is written for the eye (``"W* = 1.97"``); the voice needs words
(``"W star is about two"``). A caption line may carry its spoken form
(:class:`Line`, made by ``CaptionBar.say(text, spoken=...)``), composed at
the call site from the claim and its numbers with :func:`about`,
:func:`number_words`, :func:`year_words` and :func:`symbol_words`. A caption
without one is spoken as :func:`speak` reads it: every number spelled out as
written and every symbol as a word, so no symbol is ever read aloud (or
skipped). No manim import.
"""

from __future__ import annotations

import math
import re

__all__ = [
    "SYMBOLS",
    "Line",
    "about",
    "integer_words",
    "number_words",
    "ordinal_words",
    "scaling_words",
    "speak",
    "spoken_form",
    "symbol_words",
    "word_count",
    "year_words",
]

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_GROUPS = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))
_ORDINALS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_PLACES = {1: "tenth", 2: "hundredth", 3: "thousandth"}


class Line(str):
    """A caption (the ``str`` shown) that carries what is said: ``Line("W* = 1.97", "W star is about two")``."""

    spoken: str

    def __new__(cls, text: str, spoken: str) -> Line:
        line = super().__new__(cls, text)
        line.spoken = spoken
        return line


def spoken_form(text: str) -> str:
    """What the voice says for caption ``text``: its own spoken form when it carries one, else :func:`speak`."""
    spoken = getattr(text, "spoken", None)
    return _tidy(spoken) if spoken else speak(text)


def integer_words(n: int) -> str:
    """``108000`` -> ``"one hundred eight thousand"``; negative numbers start with "minus"."""
    n = int(n)
    if n < 0:
        return "minus " + integer_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + integer_words(rest))
    for size, name in _GROUPS:
        if n >= size:
            rest = n % size
            return integer_words(n // size) + " " + name + ("" if rest == 0 else " " + integer_words(rest))
    raise AssertionError("unreachable")


def ordinal_words(n: int) -> str:
    """``5`` -> ``"fifth"``, ``20`` -> ``"twentieth"``, ``-6`` -> ``"minus sixth"``."""
    words = integer_words(n).split()
    last = words[-1]
    if last in _ORDINALS:
        last = _ORDINALS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return " ".join([*words[:-1], last])


def _digits(text: str) -> str:
    return " ".join(_ONES[int(digit)] for digit in text)


def _decimal_words(text: str, *, natural: bool) -> str:
    """A plain decimal written as digits (``"0.06"``, ``"1.97"``, ``"108000"``) in words."""
    whole, _, fraction = text.partition(".")
    words = integer_words(int(whole))
    if not fraction:
        return words
    nonzero = fraction.lstrip("0")
    if natural and whole == "0" and fraction == "5":
        return "a half"
    if natural and whole == "0" and len(nonzero) == 1 and len(fraction) in _PLACES:
        place = _PLACES[len(fraction)] + ("" if nonzero == "1" else "s")
        return f"{_ONES[int(nonzero)]} {place}"
    return f"{words} point {_digits(fraction)}"


def _power_words(exponent: int) -> str:
    return f"ten to the {ordinal_words(exponent)}"


def number_words(value: float, digits: int = 3, *, natural: bool = True) -> str:
    """``value`` rounded to ``digits`` significant digits, in words.

    ``1.9732`` -> ``"one point nine seven"``; ``-1.04`` -> ``"minus one point zero four"``;
    ``0.06`` -> ``"six hundredths"`` (``natural``; else ``"zero point zero six"``); ``108000`` ->
    ``"one hundred eight thousand"``; from 10^6 up or below 10^-3 with a power of ten:
    ``2.5e-6`` -> ``"two point five times ten to the minus sixth"``, ``1e7`` -> ``"ten to the seventh"``.
    Trailing zeros are not spoken.
    """
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "minus infinity" if value < 0 else "infinity"
    if digits < 1:
        raise ValueError(f"digits = {digits} is invalid; say at least 1 significant digit")
    rounded = float(f"{abs(value):.{digits}g}")
    if rounded == 0:
        return "zero"
    sign = "minus " if value < 0 else ""
    exponent = math.floor(math.log10(rounded))
    if rounded >= 1e6 or rounded < 1e-3:
        mantissa = float(f"{rounded / 10**exponent:.{digits}g}")
        if mantissa >= 10:  # 9.99 rounded up to 10
            mantissa, exponent = mantissa / 10, exponent + 1
        head = _decimal_words(f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip("."), natural=False)
        return sign + (_power_words(exponent) if head == "one" else f"{head} times {_power_words(exponent)}")
    places = max(0, digits - 1 - exponent)
    text = f"{rounded:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return sign + _decimal_words(text, natural=natural)


def about(value: float, digits: int = 1) -> str:
    """``value`` rounded to ``digits`` significant digits in words, with "about" when rounding changed it:
    ``1.97`` -> ``"about two"``, ``0.0605`` -> ``"about six hundredths"``, ``108000`` -> ``"about one hundred
    thousand"``, ``2.0`` -> ``"two"``."""
    words = number_words(value, digits)
    exact = math.isfinite(value) and value != 0 and float(f"{value:.{digits}g}") == value
    return words if exact or value == 0 else f"about {words}"


def year_words(value: float) -> str:
    """A year (rounded to a whole one) as people say it: ``1980.1`` -> ``"nineteen eighty"``, ``1905`` ->
    ``"nineteen oh five"``, ``2005`` -> ``"two thousand five"``, ``2024`` -> ``"twenty twenty-four"``."""
    year = round(value)
    if year < 0:
        return integer_words(-year) + " BC"
    century, rest = divmod(year, 100)
    if year < 1000 or (2000 <= year < 2010) or century % 10 == 0 and rest == 0:
        return integer_words(year)
    if rest == 0:
        return f"{integer_words(century)} hundred"
    tail = f"oh {_ONES[rest]}" if rest < 10 else integer_words(rest).replace(" ", "-")
    return f"{integer_words(century)} {tail}"


SYMBOLS = (
    ("\u03bbmax", "lambda max"),
    ("\u03bbmin", "lambda min"),
    ("\u03bb", "lambda"),
    ("\u03b1", "alpha"),
    ("\u03ba", "kappa"),
    ("\u03b7", "eta"),
    ("\u03c3", "sigma"),
    ("\u03bc", "mu"),
    ("\u0394", "delta"),
    ("\u2207", "the gradient of"),
    ("\u2248", "about"),
    ("\u2264", "at most"),
    ("\u2265", "at least"),
    ("\u2260", "is not"),
    ("\u00b1", "plus or minus"),
    ("\u2192", "to"),
    ("=", "equals"),
    ("<", "is less than"),
    (">", "is more than"),
    ("+", "plus"),
    ("%", "percent"),
    ("/", "over"),
    ("^", "to the power"),
    ("\u00d7", "times"),
    ("\u00b7", "times"),
    ("\u2032", "prime"),
    ("*", "star"),
    ("\u2080", "zero"),
    ("\u2081", "one"),
    ("\u2082", "two"),
    ("\u00b2", "squared"),
    ("&", "and"),
)
"""Symbols and the words said for them, in the order :func:`speak` replaces them."""

_SYMBOL_WORDS = dict(SYMBOLS)

_SUPER = "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_FROM_SUPER = str.maketrans(_SUPER, "-0123456789")
_NUMBER = r"[\u2212-]?\d[\d,]*(?:\.\d+)?"


def symbol_words(symbol: str) -> str:
    """A math name as said: ``"W\u2032*"`` -> ``"W prime star"``, ``"\u03bbmax"`` -> ``"lambda max"``,
    ``"b*"`` -> ``"b star"``, ``"x\u2032"`` -> ``"x prime"``, ``"W\u2080"`` -> ``"W zero"``."""
    for name, words in SYMBOLS[:9]:
        if symbol.startswith(name):
            return _tidy(words + " " + symbol_words(symbol[len(name) :])) if symbol != name else words
    head, tail = symbol[:1], symbol[1:]
    return _tidy(" ".join([head, *(_SYMBOL_WORDS.get(mark, mark) for mark in tail)]))


def _literal(text: str) -> str:
    """A number as written in a caption, in words, every digit shown said (``"0.0605"`` -> ``"zero point
    zero six zero five"``, ``"\u22121.04"`` -> ``"minus one point zero four"``, ``"1,234"``)."""
    negative = text[0] in "\u2212-"
    digits = text.lstrip("\u2212-").replace(",", "")
    return ("minus " if negative else "") + _decimal_words(digits, natural=False)


def speak(caption: str) -> str:
    """A caption read as words, without a spoken form: numbers spelled as written, symbols as words.

    ``"W* = 1.97 and b* = \u22121.04"`` -> ``"W star equals one point nine seven and b star equals minus
    one point zero four"``; ``"1.08\u00d710\u2075"`` -> ``"one point zero eight times ten to the fifth"``;
    ``"2 / \u03bbmax"`` -> ``"two over lambda max"``; ``"(W\u2032*, b\u2032*)"`` -> ``"(W prime star, b prime
    star)"``; ``"1.05\u00d7"`` -> ``"one point zero five times"``. The result has letters and plain
    punctuation only.
    """
    text = caption

    def power(match: re.Match) -> str:
        mantissa, exponent = match.group(1), int(match.group(2).translate(_FROM_SUPER).replace("+", ""))
        head = f"{_literal(mantissa)} times " if mantissa else ""
        return f" {head}{_power_words(exponent)} "

    text = re.sub(rf"(?:({_NUMBER})\s*\u00d7\s*)?10([{_SUPER}]+)", power, text)
    text = re.sub(rf"({_NUMBER})[eE]([+-]?\d+)\b", power, text)
    text = re.sub(r"\b([A-Za-z])'(?![A-Za-z])", r"\1 prime", text)  # x' (an apostrophe, as in "let's", stays)
    # A hyphen before a digit is a minus sign where it starts a number (not "y-2", a range or a word).
    text = re.sub(r"(?<![\w\u2032*)])-(?=\d)", "\u2212", text)
    text = re.sub(r"\u2212?\d[\d,]*(?:\.\d+)?", lambda m: f" {_literal(m.group(0))} ", text)
    text = text.replace("\u2212", " minus ")
    for symbol, words in SYMBOLS:
        text = text.replace(symbol, f" {words} ")
    text = re.sub(r"[^A-Za-z ,.;:!?'()\-]", " ", text)
    return _tidy(text)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:!?)])", r"\1", re.sub(r"\(\s+", "(", text))


def scaling_words(shift: float, scale: float, x_name: str = "x") -> tuple[str, str]:
    """What the voice says for ``gdlesson.lesson.claims.scaling_sentences``: the shift as a year when x is
    one, both numbers rounded to what matters (``"year in standard units: x prime is year minus nineteen
    eighty, over about twelve."``), then the reason as written."""
    x_said = symbol_words(x_name) if len(x_name) <= 2 else x_name.replace("_", " ")
    said_shift = year_words(shift) if "year" in x_name.lower() else about(shift, 3)
    return (
        f"{x_said} in standard units: x prime is {x_said} minus {said_shift}, over {about(scale, 2)}.",
        "Standard units make the bowl round: see the feature-scaling experiment.",
    )


def word_count(text: str) -> int:
    """Words in ``text`` as a pace counts them: runs of letters, digits and apostrophes ("y-hat" is two)."""
    return len(re.findall(r"[A-Za-z0-9']+", text))
