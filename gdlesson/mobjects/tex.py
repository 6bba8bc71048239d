"""Formulas: the LaTeX template (it needs only texlive-latex-base and dvisvgm) and :class:`Formula`."""

from __future__ import annotations

import sys
from functools import cache

from manim import MathTex, TexTemplate

from gdlesson.mobjects.memo import PickledCopies, Typeset, typeset_files

__all__ = ["Formula", "tex_template"]


@cache
def tex_template() -> TexTemplate:
    """``article`` with amsmath and amssymb; no standalone/preview packages to install."""
    return TexTemplate(
        documentclass=r"\documentclass{article}",
        preamble=r"\usepackage{amsmath}" "\n" r"\usepackage{amssymb}" "\n" r"\pagestyle{empty}",
    )


class Formula(PickledCopies, MathTex):
    """A MathTex on :func:`tex_template`. One made before, in this process or an earlier one, with the same
    arguments is cloned from its pickle rather than parsed again from its SVG (manim copies its parsed SVG deeply
    for every formula)."""

    def __init__(self, *tex_strings: str, **kwargs) -> None:
        kwargs.setdefault("tex_template", tex_template())
        key = (type(self), tex_strings, repr(sorted(kwargs.items())))
        if _TYPESET.restore(self, key):
            return
        super().__init__(*tex_strings, **kwargs)
        _TYPESET.keep(self, key)


_TYPESET = Typeset(budget=64 * 2**20, files=typeset_files(sys.modules[__name__]))
"""Finished formulas by their arguments, in memory and on disk."""
