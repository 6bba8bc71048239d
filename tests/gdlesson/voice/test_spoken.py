"""What the voice says: numbers rounded to the digits that matter, years, symbols as words, and no symbol in
any line the lesson speaks (built-in data, and years.csv: scaled, far from zero)."""

import re
from pathlib import Path

import pytest
from builds import group, shared
from probes import LESSON_KEY, descent_key, descent_probe, lesson_key, lesson_on, short_lesson_probe

from gdlesson.voice.spoken import (
    Line,
    about,
    integer_words,
    number_words,
    ordinal_words,
    scaling_words,
    speak,
    spoken_form,
    symbol_words,
    word_count,
    year_words,
)

DATA = Path(__file__).resolve().parents[2] / "data"

PLAIN = re.compile(r"[^A-Za-z ,.;:!?'()\-]")
"""Anything a voice would read as a symbol (or skip): digits, \u00d7, \u2032, *, /, =, \u03bb, \u03b1, ^, ..."""


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (40, "forty"),
        (108, "one hundred eight"),
        (1234, "one thousand two hundred thirty four"),
        (2_000_017, "two million seventeen"),
        (-21, "minus twenty one"),
    ],
)
def test_integers_in_words(value, words):
    assert integer_words(value) == words


def test_ordinals_name_powers_of_ten():
    assert [ordinal_words(n) for n in (1, 2, 3, 5, 8, 9, 12, 20, 21)] == [
        "first",
        "second",
        "third",
        "fifth",
        "eighth",
        "ninth",
        "twelfth",
        "twentieth",
        "twenty first",
    ]
    assert ordinal_words(-6) == "minus sixth"


@pytest.mark.parametrize(
    ("value", "digits", "words"),
    [
        (1.9732, 3, "one point nine seven"),
        (-1.04, 3, "minus one point zero four"),
        (0.0605, 3, "zero point zero six zero five"),
        (0.06, 1, "six hundredths"),
        (0.003, 2, "three thousandths"),
        (0.5, 2, "a half"),
        (2.0, 3, "two"),
        (9.996, 3, "ten"),
        (108_000, 3, "one hundred eight thousand"),
        (1.08e5, 2, "one hundred ten thousand"),
        (1e7, 3, "ten to the seventh"),
        (2.5e-6, 2, "two point five times ten to the minus sixth"),
        (1.63e10, 3, "one point six three times ten to the tenth"),
    ],
)
def test_numbers_rounded_to_their_digits(value, digits, words):
    assert number_words(value, digits) == words


def test_about_rounds_to_what_matters_and_says_so():
    assert about(1.97) == "about two"
    assert about(0.0605) == "about six hundredths"
    assert about(-1.04) == "about minus one"
    assert about(1.08e5) == "about one hundred thousand"
    assert about(1.2e7) == "about ten to the seventh"
    assert about(2.0) == "two"  # exact: no "about"
    assert about(1.97, 2) == "about two"  # 1.97 to two digits is 2.0
    assert about(1.94, 2) == "about one point nine"


def test_years_are_said_as_years():
    assert [year_words(y) for y in (1980.1, 1905, 1900, 2005, 2010, 2024, 1871)] == [
        "nineteen eighty",
        "nineteen oh five",
        "nineteen hundred",
        "two thousand five",
        "twenty ten",
        "twenty twenty-four",
        "eighteen seventy-one",
    ]


def test_symbols_as_words():
    assert symbol_words("W\u2032*") == "W prime star"
    assert symbol_words("b\u2032*") == "b prime star"
    assert symbol_words("W*") == "W star"
    assert symbol_words("x\u2032") == "x prime"
    assert symbol_words("\u03bbmax") == "lambda max"
    assert symbol_words("\u03b1") == "alpha"
    assert symbol_words("W\u2080") == "W zero"


@pytest.mark.parametrize(
    ("caption", "said"),
    [
        (
            "The dashed lines are the best fit: W* = 1.97 and b* = \u22121.04.",
            "The dashed lines are the best fit: W star equals one point nine seven and b star equals minus one "
            "point zero four.",
        ),
        (
            "A full-batch step longer than 2 / \u03bbmax overshoots.",
            "A full-batch step longer than two over lambda max overshoots.",
        ),
        (
            "(W\u2032*, b\u2032*) = (1.08\u00d710\u2075, \u22122.3\u00d710\u207b\u2075)",
            "(W prime star, b prime star) equals (one point zero eight times ten to the fifth, minus two point three "
            "times ten to the minus fifth)",
        ),
        ("Now 1.05\u00d7, past the edge.", "Now one point zero five times, past the edge."),
        (
            "on x\u2032 = (x \u2212 1980) / 11.6",
            "on x prime equals (x minus one thousand nine hundred eighty) over eleven point six",
        ),
        ("We start from a guess (W\u2080, b\u2080): let's go.", "We start from a guess (W zero, b zero): let's go."),
        ("Curvature \u03bbmin, rate \u03b1 \u2248 0.06", "Curvature lambda min, rate alpha about zero point zero six"),
        ("x' and 12.5% of 1,234", "x prime and twelve point five percent of one thousand two hundred thirty four"),
        ("a loss of 3e-05", "a loss of three times ten to the minus fifth"),
    ],
)
def test_a_caption_without_a_spoken_form_is_read_with_words_for_everything(caption, said):
    assert speak(caption) == said
    assert PLAIN.search(speak(caption)) is None


def test_a_line_carries_its_own_spoken_form():
    line = Line("W* = 1.97", "W star is about two")
    assert line == "W* = 1.97" and spoken_form(line) == "W star is about two"
    assert spoken_form("W* = 1.97") == "W star equals one point nine seven"


def test_word_count_counts_what_a_pace_counts():
    assert word_count("y-hat equals W times x, plus b.") == 8
    assert word_count("Let's go") == 2


PENGUINS = "penguins, full batch at 0.95x"


def lesson_lines(scene: str, data: str, tmp_path_factory) -> list[tuple[str, str]]:
    """(caption, spoken) of every line ``scene`` (the descent or the whole lesson) says on ``data``: the built-in
    lesson (the lesson with a short run), ``tests/data/<data>`` (the descent), or one of ``lessons.OTHER_LESSONS``
    (the lesson). Each scene is the one built for tests/scenes, shared: see ``builds.py``."""
    if scene == "descent":
        built = shared(descent_key(data), descent_probe(data), tmp_path_factory)
    elif data == "built-in":
        built = shared(LESSON_KEY, short_lesson_probe(), tmp_path_factory)
    else:
        built = shared(lesson_key(data), lesson_on(data), tmp_path_factory)
    return [(cue.text, cue.spoken) for cue in built.captions.timeline]


@pytest.mark.parametrize(
    ("scene", "data"),
    [
        pytest.param("lesson", "built-in", id="lesson-built-in", marks=group(LESSON_KEY)),
        pytest.param("lesson", PENGUINS, id="lesson-penguins", marks=group(lesson_key(PENGUINS))),
        pytest.param("descent", "built-in", id="descent-built-in", marks=group(descent_key())),
        pytest.param("descent", "years.csv", id="descent-years.csv", marks=group(descent_key("years.csv"))),
    ],
)
def test_no_line_the_lesson_speaks_has_a_symbol_in_it(scene, data, tmp_path_factory):
    lines = lesson_lines(scene, data, tmp_path_factory)
    assert len(lines) > 5
    for caption, spoken in lines:
        assert spoken and PLAIN.search(spoken) is None, (caption, spoken)
    # The test can fail: the captions themselves are full of symbols and digits.
    assert any(PLAIN.search(caption) for caption, _ in lines)


def test_the_scaling_note_says_a_year_as_a_year():
    said, reason = scaling_words(1980.1, 11.6, "year")
    assert said == "year in standard units: x prime is year minus nineteen eighty, over about twelve."
    assert scaling_words(1234.5, 0.25, "x")[0] == (
        "x in standard units: x prime is x minus about one thousand two hundred thirty, over zero point two five."
    )
    assert PLAIN.search(said + reason) is None
