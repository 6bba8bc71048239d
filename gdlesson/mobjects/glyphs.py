"""A text's glyph shapes from pango's SVG, each distinct glyph made once and then cloned into place.

Manim's ``Text`` has pango write an SVG, parses the whole of it with svgelements and builds a shape from every
placed glyph's path: about 120 of a caption's 135 ms. Pango's SVG names each distinct glyph once (a ``<symbol>``)
and places it with ``<use x y>``. :func:`placed_glyphs` makes a glyph's shape once, with manim's own code (the
same SVG parsing, styling and path conversion, on a document holding just that glyph at the origin), and then
clones it and moves it to where each ``<use>`` puts it: for a placed glyph, svgelements adds the same offset to the
same products, so the outline's points are the same but for lines, whose Bézier handles manim computes after the
offset (they can differ in the last bit). An SVG in any other form gives ``None`` (manim's own path then).
"""

from __future__ import annotations

import io
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path

import svgelements as se
from manim import SVGMobject, VMobject

__all__ = ["placed_glyphs"]

_SVG = "{http://www.w3.org/2000/svg}"
_HREF = "{http://www.w3.org/1999/xlink}href"
_PATH_ATTRIBUTES = {"d", "style"}


class _Glyphs:
    """Glyph shapes at the origin (pickled; ``None`` for an empty glyph), by everything that decides them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.made: dict[tuple, tuple[bytes | None, tuple[float, ...]]] = {}

    def get(self, key: tuple, make) -> tuple[bytes | None, tuple[float, ...]]:
        if key not in self.made:
            if len(self.made) >= self.limit:
                del self.made[next(iter(self.made))]
            self.made[key] = make()
        return self.made[key]


_GLYPHS = _Glyphs(limit=20_000)


def placed_glyphs(text: SVGMobject, file_path: Path) -> list[VMobject] | None:
    """The shapes manim's ``get_mobjects_from`` would make from pango's SVG at ``file_path`` (before the y flip).

    ``None`` when the SVG is not pango's plain form: glyph symbols of one path each, placed by ``<use>`` elements
    in style groups inside one surface group."""
    root = ET.parse(file_path).getroot()
    symbols = _symbols(root)
    placements = _placements(root)
    if symbols is None or placements is None or any(href not in symbols for _, href, _, _ in placements):
        return None
    root_key = tuple(sorted(root.attrib.items()))
    style_key = tuple(sorted(text.generate_config_style_dict().items()))
    shapes = []
    for group_style, href, x, y in placements:
        path = symbols[href]
        key = (root_key, style_key, repr(text.path_string_config), group_style, tuple(sorted(path.items())))
        made, matrix = _GLYPHS.get(key, lambda p=path, s=group_style: _glyph_at_origin(text, root, s, p))
        if made is None:
            continue
        shape = pickle.loads(made)
        a, b, c, d, e, f = matrix
        # svgelements' own product for a use at (x, y): the translation first, then the outer matrix
        shape.shift([a * x + c * y + e, b * x + d * y + f, 0.0])
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


def _glyph_at_origin(text: SVGMobject, root: ET.Element, group_style: str, path: dict[str, str]):
    """Manim's shape of one glyph placed at (0, 0) in a copy of ``root`` (pickled, or ``None`` if it has no points),
    and the matrix svgelements gave that placement."""
    document = ET.Element(root.tag, root.attrib)
    symbol = ET.SubElement(ET.SubElement(ET.SubElement(document, f"{_SVG}defs"), f"{_SVG}g"), f"{_SVG}symbol")
    symbol.attrib.update(overflow="visible", id="glyph")
    if path:
        ET.SubElement(symbol, f"{_SVG}path", path)
    group = ET.SubElement(ET.SubElement(document, f"{_SVG}g", id="surface"), f"{_SVG}g", style=group_style)
    ET.SubElement(group, f"{_SVG}use", {_HREF: "#glyph", "x": "0", "y": "0"})
    wrapped = text.modify_xml_tree(ET.ElementTree(document))
    buffer = io.BytesIO()
    wrapped.write(buffer)
    buffer.seek(0)
    svg = se.SVG.parse(buffer)
    matrix = next(element for element in svg.elements() if isinstance(element, se.Use)).transform
    # the shape already holds the outer matrix's own translation: a placement adds only the linear part's
    linear = (matrix.a, matrix.b, matrix.c, matrix.d, 0.0, 0.0)
    mobjects, _ = text.get_mobjects_from(svg)
    if not mobjects:
        return None, linear
    (shape,) = mobjects
    shape.path_obj = None  # svgelements' path, read only while the shape is made
    return pickle.dumps(shape, protocol=pickle.HIGHEST_PROTOCOL), linear
