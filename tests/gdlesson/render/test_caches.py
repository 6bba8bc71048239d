"""Cache repair against manim itself: a cut-short entry breaks manim exactly where repair_caches looks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.etree.ElementTree import ParseError

import numpy as np
import pytest
from manim import MathTex, Text, tempconfig
from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP

from gdlesson.mobjects.tex import tex_template
from gdlesson.render.caches import DVI_END, is_whole_dvi, is_whole_svg, repair_caches


def tex(expression: str) -> MathTex:
    """A MathTex made as a new process makes it: from the files, not manim's in-memory copy of earlier ones."""
    SVG_HASH_TO_MOB_MAP.clear()
    return MathTex(expression, tex_template=tex_template())


def outline(mobject) -> np.ndarray:
    """Every point of a mobject's family: what the cached SVG became."""
    return np.vstack([member.points for member in mobject.get_family() if len(member.points)])


def only_file(folder: Path, pattern: str) -> Path:
    files = sorted(folder.glob(pattern))
    assert len(files) == 1, files
    return files[0]


def test_a_cut_short_text_svg_breaks_manim_and_repair_restores_it(tmp_path):
    # If manim stops caching Text drawings as <text_dir>/<hash>.svg, or stops trusting them, this fails loudly.
    with tempconfig({"text_dir": str(tmp_path), "media_dir": str(tmp_path / "media")}):
        whole = Text("cache me", font_size=30)
        cached = only_file(tmp_path, "*.svg")
        assert is_whole_svg(cached)
        for cut in (0, cached.stat().st_size // 2):
            cached.write_bytes(cached.read_bytes()[:cut] if cut else b"")
            assert not is_whole_svg(cached)
            with pytest.raises(ParseError):
                Text("cache me", font_size=30)
            assert repair_caches([tmp_path]) == [cached]
            again = Text("cache me", font_size=30)
            assert is_whole_svg(cached)
            assert np.array_equal(outline(again), outline(whole))


@pytest.mark.skipif(shutil.which("latex") is None or shutil.which("dvisvgm") is None, reason="needs LaTeX")
def test_a_cut_short_tex_svg_or_dvi_is_made_again(tmp_path):
    # manim's LaTeX cache: <tex_dir>/<hash>.tex -> .dvi -> .svg, each reused when its name exists.
    with tempconfig({"tex_dir": str(tmp_path), "no_latex_cleanup": True, "media_dir": str(tmp_path / "media")}):
        whole = tex(r"W^\star")
        svg, dvi = only_file(tmp_path, "*.svg"), only_file(tmp_path, "*.dvi")
        assert is_whole_svg(svg) and is_whole_dvi(dvi)
        svg.write_bytes(svg.read_bytes()[:100])
        with pytest.raises(ParseError):
            tex(r"W^\star")
        deleted = repair_caches([tmp_path])
        assert svg in deleted and dvi in deleted and svg.with_suffix(".tex").exists()
        assert np.array_equal(outline(tex(r"W^\star")), outline(whole))
        # A DVI cut short with no SVG yet: manim would convert it rather than run latex again.
        svg.unlink()
        dvi.write_bytes(dvi.read_bytes()[:-40])
        assert repair_caches([tmp_path]) == [dvi]
        assert np.array_equal(outline(tex(r"W^\star")), outline(whole)) and is_whole_dvi(dvi)


def test_a_real_dvi_ends_as_the_format_says(tmp_path):
    if shutil.which("latex") is None:
        pytest.skip("needs LaTeX")
    (tmp_path / "a.tex").write_text(r"\documentclass{article}\begin{document}x\end{document}")
    subprocess.run(["latex", "-interaction=batchmode", "a.tex"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "a.dvi").read_bytes().endswith(DVI_END)


def test_whole_entries_and_other_files_are_left_alone(tmp_path):
    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>\n')
    (tmp_path / "b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><path d="M 0')
    (tmp_path / "b.tex").write_text("kept: manim writes it whole and reuses it")
    (tmp_path / "notes.txt").write_text("not a cache entry")
    assert repair_caches([tmp_path, tmp_path / "missing"]) == [tmp_path / "b.svg"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg", "b.tex", "notes.txt"]
