"""The LaTeX template for formulas: needs only texlive-latex-base and dvisvgm."""

from __future__ import annotations

from functools import cache

from manim import TexTemplate

__all__ = ["tex_template"]


@cache
def tex_template() -> TexTemplate:
    """``article`` with amsmath and amssymb; no standalone/preview packages to install."""
    return TexTemplate(
        documentclass=r"\documentclass{article}",
        preamble=r"\usepackage{amsmath}" "\n" r"\usepackage{amssymb}" "\n" r"\pagestyle{empty}",
    )
