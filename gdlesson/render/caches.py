"""Repair manim's LaTeX and text caches after a killed render.

manim writes each cache entry in place and trusts any file with the right
name: ``<text_dir>/<hash>.svg`` (Pango's drawing of a Text) and, in
``<tex_dir>``, ``<hash>.tex`` -> ``<hash>.dvi`` (latex) -> ``<hash>.svg``
(dvisvgm). A render killed while one is being written leaves it cut short,
and every later render that needs it fails (``ParseError: no element found``
for an SVG; dvisvgm failing on a DVI). :func:`repair_caches` deletes such
entries before a render so manim makes them again. No manim import.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["DVI_END", "is_whole_dvi", "is_whole_svg", "repair_caches"]

DVI_END = b"\xdf\xdf\xdf\xdf"
"""A complete DVI file ends with at least four bytes 223 after its postamble (the DVI format's rule)."""

TEX_LEFTOVERS = (".dvi", ".xdv", ".pdf", ".aux", ".log")
"""What latex leaves beside ``<hash>.tex``: stale once the SVG is missing or broken."""


def is_whole_svg(path: Path) -> bool:
    """Whether ``path`` ends with ``</svg>``, as cairo and dvisvgm finish every SVG (a cut-short one never does).

    Only the tail is read: the caches hold hundreds of files and this runs before every render.
    """
    return _tail(path, 64).rstrip().endswith(b"</svg>")


def is_whole_dvi(path: Path) -> bool:
    """Whether ``path`` ends as a complete DVI file does."""
    return _tail(path, len(DVI_END)) == DVI_END


def _tail(path: Path, size: int) -> bytes:
    """The last ``size`` bytes of a file (fewer when it is shorter; none when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(0, handle.seek(0, 2) - size))
            return handle.read()
    except OSError:
        return b""


def repair_caches(folders: Iterable[Path]) -> list[Path]:
    """Delete every broken entry of the cache ``folders``; returns the deleted files.

    A broken SVG goes with everything latex made for it (its DVI, log...),
    and a DVI without an SVG goes when it is cut short: manim would convert
    it instead of running latex again. The ``.tex`` source stays (manim
    writes it whole before compiling, and reuses it).
    """
    deleted: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for svg in folder.glob("*.svg"):
            if not is_whole_svg(svg):
                deleted += _delete([svg, *(svg.with_suffix(suffix) for suffix in TEX_LEFTOVERS)])
        for dvi in [*folder.glob("*.dvi"), *folder.glob("*.xdv")]:
            if not dvi.with_suffix(".svg").exists() and not is_whole_dvi(dvi):
                deleted += _delete([dvi])
    return deleted


def _delete(paths: list[Path]) -> list[Path]:
    gone = []
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        gone.append(path)
    return gone
