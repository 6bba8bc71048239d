"""SansText draws as manim's Text: glyphs made once and cloned into place, a text made again cloned whole."""

import numpy as np
import pytest
from manim import SVGMobject, Text

from gdlesson.mobjects import glyphs, theme
from gdlesson.mobjects.glyphs import is_glyph, placed_glyphs
from gdlesson.mobjects.kept_files import KeptFiles
from gdlesson.mobjects.memo import Memo, Typeset, typeset_files
from gdlesson.mobjects.theme import FONT, SansText

TOLERANCE = 1e-12
"""How far a point may be from manim's: a line's Bézier handles are computed after the glyph is moved into place,
so they can differ in the last bits (measured: at most 4e-15); a pixel is 1/60 of a unit at 1080p."""


def leaves(mobject):
    return mobject.family_members_with_points()


def same_drawing(a, b, tolerance: float = 0.0) -> bool:
    pairs = list(zip(leaves(a), leaves(b), strict=True))
    return all(
        type(x) is type(y)
        and x.points.shape == y.points.shape
        and np.allclose(x.points, y.points, rtol=0.0, atol=tolerance)
        and np.array_equal(x.fill_rgbas, y.fill_rgbas)
        and np.array_equal(x.stroke_rgbas, y.stroke_rgbas)
        and np.array_equal(x.background_stroke_rgbas, y.background_stroke_rgbas)
        and x.stroke_width == y.stroke_width
        for x, y in pairs
    )


@pytest.fixture
def fresh_typesetting(monkeypatch, tmp_path):
    """Nothing typeset before, no glyph in memory or on disk: every text below makes its glyphs."""
    monkeypatch.setattr(theme, "_TYPESET", Typeset(budget=2**30))
    monkeypatch.setattr(glyphs, "_GLYPHS", Memo(budget=2**30, size=lambda glyph: 1))
    monkeypatch.setattr(glyphs, "_FILES", KeptFiles("glyphs", is_glyph, tmp_path / "glyphs"))


TEXTS = [
    ("W walks 0.0605 downhill", {"font_size": 31, "color": "#E69F00", "t2c": {"W": "#56B4E9"}}),
    ("The loss falls fast, then slowly: MSE = 1.02", {"font_size": 28}),
    ("two lines\nof  text\twith a tab", {"font_size": 24, "line_spacing": 0.6}),
    ("Bold office fluff", {"font_size": 36, "weight": "BOLD"}),
    ("slanted W* ≈ −0.97, b² → ½", {"font_size": 20, "slant": "ITALIC", "color": "#101218"}),
    ("x", {"font_size": 12}),
    ("   ", {"font_size": 28}),
]


@pytest.mark.parametrize(("text", "arguments"), TEXTS, ids=[text for text, _ in TEXTS])
def test_a_text_draws_as_manims_text(fresh_typesetting, text, arguments):
    ours, manims = SansText(text, **arguments), Text(text, font=FONT, **arguments)
    assert bool(leaves(manims)) == bool(text.strip())  # ligatures join letters: "ffi" is one glyph
    assert same_drawing(ours, manims, TOLERANCE)
    assert sorted(ours.__dict__) == sorted(manims.__dict__)
    assert (ours.text, ours.original_text, ours.height, ours.width) == pytest.approx(
        (manims.text, manims.original_text, manims.height, manims.width), abs=TOLERANCE
    )


@pytest.mark.parametrize(("text", "arguments"), TEXTS, ids=[text for text, _ in TEXTS])
def test_a_text_from_glyphs_read_back_from_disk_draws_as_manims_text(fresh_typesetting, monkeypatch, text, arguments):
    SansText(text, **arguments)  # makes its glyphs and writes them
    monkeypatch.setattr(theme, "_TYPESET", Typeset(budget=2**30))  # another process: nothing in memory
    monkeypatch.setattr(glyphs, "_GLYPHS", Memo(budget=2**30, size=lambda glyph: 1))

    def refuse(*args):
        raise AssertionError("a glyph was made again")

    monkeypatch.setattr(glyphs, "_glyphs_at_origin", refuse)
    ours, manims = SansText(text, **arguments), Text(text, font=FONT, **arguments)
    assert same_drawing(ours, manims, TOLERANCE)
    assert list(glyphs._FILES.folder.glob("*.pickle"))  # a space is a glyph too (an empty one)


def test_plain_texts_do_not_parse_the_whole_svg(fresh_typesetting, monkeypatch):
    def refuse(self):
        raise AssertionError("manim's whole-SVG path was taken")

    SansText("first: the glyphs are made", font_size=28)
    monkeypatch.setattr(SVGMobject, "generate_mobject", refuse)
    assert len(leaves(SansText("the same glyphs, other words", font_size=28))) == len("thesameglyphs,otherwords")


def test_an_svg_in_another_form_is_left_to_manim(tmp_path):
    svg = tmp_path / "other.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>')
    assert placed_glyphs(Text("a", font=FONT), svg) is None


def test_a_text_made_again_is_the_first_one_cloned_and_its_own_object():
    arguments = {"font_size": 31, "color": "#E69F00", "t2c": {"W": "#56B4E9"}}
    first = SansText("W walks 0.0605 downhill", **arguments)
    again = SansText("W walks 0.0605 downhill", **arguments)
    assert same_drawing(again, first)
    assert again.text == first.text and again.font_size == first.font_size
    assert not {id(m) for m in again.get_family()} & {id(m) for m in first.get_family()}
    untouched = first.copy()
    again.shift(np.array([1.0, 2.0, 0.0])).set_color("#FFFFFF")
    assert same_drawing(first, untouched)
    assert same_drawing(SansText("W walks 0.0605 downhill", **arguments), untouched)


def test_other_arguments_make_another_text():
    small, large = SansText("best fit", font_size=20), SansText("best fit", font_size=40)
    assert small.width * 1.9 < large.width
    assert SansText("best fix", font_size=20).original_text == "best fix"


def test_glyphs_forgotten_while_a_text_is_made_still_place_it(fresh_typesetting, monkeypatch):
    kept = Memo(budget=0, size=lambda glyph: 1)  # every glyph forgotten as soon as it is kept
    monkeypatch.setattr(glyphs, "_GLYPHS", kept)
    SansText("abc", font_size=28)
    text = "a longer text with many glyphs"
    assert same_drawing(SansText(text, font_size=28), Text(text, font=FONT, font_size=28), TOLERANCE)
    assert kept.values == {} and kept.used == 0


def test_a_memo_forgets_the_oldest_beyond_its_budget_and_counts_a_replaced_value_once():
    memo = Memo(budget=5, size=len)
    memo.keep("a", b"12")
    memo.keep("b", b"123")
    memo.keep("a", b"1")  # replaced: 1 + 3 bytes kept
    assert memo.values == {"b": b"123", "a": b"1"} and memo.used == 4
    memo.keep("c", b"12")  # 6 > 5: "b", the oldest, goes
    assert memo.values == {"a": b"1", "c": b"12"} and memo.used == 3
    assert memo.get("b") is None and memo.get("c") == b"12"


def test_a_text_typeset_by_an_earlier_process_is_read_from_disk_and_only_by_the_same_code(tmp_path, monkeypatch):
    arguments = {"font_size": 29, "color": "#56B4E9"}
    files = typeset_files(theme, glyphs, folder=tmp_path / "typeset")
    monkeypatch.setattr(theme, "_TYPESET", Typeset(budget=2**30, files=files))
    first = SansText("read back from disk", **arguments)
    assert len(list(files.folder.glob("*.pickle"))) == 1

    def refuse(*args, **kwargs):
        raise AssertionError("typeset again")

    monkeypatch.setattr(theme, "_TYPESET", Typeset(budget=2**30, files=files))  # a later process: memory empty
    monkeypatch.setattr(Text, "__init__", refuse)
    again = SansText("read back from disk", **arguments)
    assert same_drawing(again, first) and again.text == first.text
    other_code = typeset_files(theme, folder=files.folder)  # what other code wrote is another file
    monkeypatch.setattr(theme, "_TYPESET", Typeset(budget=2**30, files=other_code))
    with pytest.raises(AssertionError, match="typeset again"):
        SansText("read back from disk", **arguments)
