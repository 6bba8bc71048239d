"""A text's glyph shapes from pango's SVG, each distinct glyph made once and then cloned into place.

Manim's ``Text`` has pango write an SVG, parses the whole of it with svgelements and builds a shape from every
placed glyph's path: about 120 of a caption's 135 ms. Pango's SVG names each distinct glyph once (a ``<symbol>``)
and places it with ``<use x y>``. :func:`placed_glyphs` makes a glyph's shape once, with manim's own code (the
same SVG parsing, styling and path conversion, on one document placing at the origin every glyph a text lacks),
and then clones it and moves it to where each ``<use>`` puts it: for a placed glyph, svgelements adds the same
offset to the same products, so the outline's points are the same but for lines, whose Bézier handles manim
computes after the offset (they can differ in the last bit). An SVG in any other form gives ``None`` (manim's
own path then). Glyphs are kept in memory and on disk, for later processes.
"""

from __future__ import annotations

import io
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path

import svgelements as se
from manim import SVGMobject, VMobject

from gdlesson.mobjects.kept_files import KeptFiles
from gdlesson.mobjects.memo import Memo

__all__ = ["is_glyph", "placed_glyphs"]

_SVG = "{http://www.w3.org/2000/svg}"
_HREF = "{http://www.w3.org/1999/xlink}href"
_PATH_ATTRIBUTES = {"d", "style"}

_GLYPHS = Memo(budget=64 * 2**20, size=lambda glyph: len(glyph[0] or b"") + 100)
"""Glyph shapes at the origin (pickled; ``None`` for an empty glyph) and the linear part of their placement's
matrix, by everything that decides them (100 bytes a glyph for its key and matrix)."""


def is_glyph(value: object) -> bool:
    """Whether ``value`` has a glyph's form: a pickled shape (or None) and four numbers."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    shape, linear = value
    return (
        (shape is None or isinstance(shape, bytes))
        and isinstance(linear, tuple)
        and len(linear) == 4
        and all(isinstance(number, float) for number in linear)
    )


_FILES = KeptFiles("glyphs", is_glyph)
"""The same glyphs on disk, for the processes after this one (see :mod:`gdlesson.mobjects.kept_files`)."""


def placed_glyphs(text: SVGMobject, file_path: Path) -> list[VMobject] | None:
    """The shapes manim's ``get_mobjects_from`` would make from pango's SVG at ``file_path`` (before the y flip).

    ``None`` when the SVG is not pango's plain form: glyph symbols of one path each, placed by ``<use>`` elements
    in style groups inside one surface group."""
    root = ET.parse(file_path).getroot()
    symbols = _symbols(root)
    placements = _placements(root)
    if symbols is None or placements is None or any(href not in symbols for _, href, _, _ in placements):
        return None
    context = (tuple(sorted(root.attrib.items())), text.generate_config_style_dict(), text.path_string_config)
    keys = [(repr(context), style, tuple(sorted(symbols[href].items()))) for style, href, _, _ in placements]
    made = {key: glyph for key in keys if (glyph := _GLYPHS.get(key)) is not None}
    for key in set(keys) - set(made):
        if (glyph := _FILES.read(key)) is not None:
            made[key] = glyph
            _GLYPHS.keep(key, glyph)
    missing = {
        key: (style, symbols[href])
        for key, (style, href, _, _) in zip(keys, placements, strict=True)
        if key not in made
    }
    if missing:
        new = _glyphs_at_origin(text, root, missing)
        made.update(new)
        for key, glyph in new.items():
            _GLYPHS.keep(key, glyph)
            _FILES.write(key, glyph)
    shapes = []
    for key, (_, _, x, y) in zip(keys, placements, strict=True):
        glyph, (a, b, c, d) = made[key]
        if glyph is None:
            continue
        shape = pickle.loads(glyph)
        # svgelements' product for a use at (x, y): the translation, then the outer matrix's linear part (its own
        # translation is in the shape already)
        shape.shift([a * x + c * y, b * x + d * y, 0.0])
        shapes.append(shape)
    return shapes


def _symbols(root: ET.Element) -> dict[str, dict[str, str]] | None:
    """Each glyph symbol's path attributes (empty for an empty glyph) by ``#id``; ``None`` for another form."""
    symbols = {}
    for defs in root.findall(f"{_SVG}defs"):
        for group in defs:
            if group.tag != f"{_SVG}g" or group.attrib:
                return None
            for symbol in group:
                paths = list(symbol)
                if symbol.tag != f"{_SVG}symbol" or len(paths) > 1 or "id" not in symbol.attrib:
                    return None
                if paths and not _plain_path(paths[0]):
                    return None
                symbols["#" + symbol.attrib["id"]] = dict(paths[0].attrib) if paths else {}
    return symbols


def _plain_path(path: ET.Element) -> bool:
    return path.tag == f"{_SVG}path" and not set(path.attrib) - _PATH_ATTRIBUTES and not list(path)


def _placements(root: ET.Element) -> list[tuple[str, str, float, float]] | None:
    """``(style, #glyph, x, y)`` of every placed glyph in document order; ``None`` for another form."""
    placements = []
    for surface in root:
        if surface.tag == f"{_SVG}defs":
            continue
        if surface.tag != f"{_SVG}g" or set(surface.attrib) != {"id"}:
            return None
        for group in surface:
            if group.tag != f"{_SVG}g" or set(group.attrib) != {"style"}:
                return None
            for use in group:
                if use.tag != f"{_SVG}use" or set(use.attrib) != {_HREF, "x", "y"} or list(use):
                    return None
                x, y = float(use.attrib["x"]), float(use.attrib["y"])
                placements.append((group.attrib["style"], use.attrib[_HREF], x, y))
    return placements


def _glyphs_at_origin(text: SVGMobject, root: ET.Element, glyphs: dict[tuple, tuple[str, dict[str, str]]]):
    """Manim's shape of each glyph ``key: (style, path attributes)`` placed at (0, 0) in a copy of ``root`` (pickled,
    or ``None`` if it has no points) with the linear part of the matrix svgelements gave it: one SVG for them all."""
    document = ET.Element(root.tag, root.attrib)
    definitions = ET.SubElement(ET.SubElement(document, f"{_SVG}defs"), f"{_SVG}g")
    surface = ET.SubElement(document, f"{_SVG}g", id="surface")
    for number, (style, path) in enumerate(glyphs.values()):
        symbol = ET.SubElement(definitions, f"{_SVG}symbol", overflow="visible", id=f"glyph{number}")
        if path:
            ET.SubElement(symbol, f"{_SVG}path", path)
        group = ET.SubElement(surface, f"{_SVG}g", style=style, id=f"placed{number}")
        ET.SubElement(group, f"{_SVG}use", {_HREF: f"#glyph{number}", "x": "0", "y": "0"})
    buffer = io.BytesIO()
    text.modify_xml_tree(ET.ElementTree(document)).write(buffer)
    buffer.seek(0)
    svg = se.SVG.parse(buffer)
    matrix = next(element for element in svg.elements() if isinstance(element, se.Use)).transform
    linear = (matrix.a, matrix.b, matrix.c, matrix.d)
    _, groups = text.get_mobjects_from(svg)
    made = {}
    for number, key in enumerate(glyphs):
        shapes = groups[f"placed{number}"].submobjects
        assert len(shapes) <= 1, shapes
        for shape in shapes:
            shape.path_obj = None  # svgelements' path, read only while the shape is made
        made[key] = (pickle.dumps(shapes[0], protocol=pickle.HIGHEST_PROTOCOL) if shapes else None, linear)
    return made
