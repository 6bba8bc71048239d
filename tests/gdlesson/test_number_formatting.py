"""Every number the lesson writes goes through gdlesson/text.py (issue 17, build item 3): a scan of the source.

Outside gdlesson/text.py no file of gdlesson/ or scenes/ may format a float itself: no format spec of a float
type in an f-string or ``format()``/``str.format`` (``:.2f``, ``:.3g``, ``:g``, ``:.0%``, ``:.2e``, a bare
precision ``:.3``), no ``%``-formatting of one (``"%.2f" % x``), no ``round()`` written into a string, no
``str()`` of a float. Integer formats (``:d``, ``:,`` of a count) are fine.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("gdlesson", "scenes")
THE_FORMATTER = ROOT / "gdlesson" / "text.py"

ALLOWED: dict[str, str] = {}
"""``"path:line"`` of a float formatted outside gdlesson/text.py on purpose, and why (none so far)."""

FLOAT_SPEC = re.compile(
    r"^(?:.?[<>=^])?[+\- ]?#?0?\d*[,_]?(?:\.\d+)?[eEfFgG%]$|^(?:.?[<>=^])?[+\- ]?#?0?\d*[,_]?\.\d+$"
)
"""A format spec that formats a float: a float type (e, f, g, %), or a precision with no type (".3")."""
PERCENT_FLOAT = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[eEfFgG]")


def _spec_text(spec: ast.JoinedStr | None) -> str | None:
    """The literal text of an f-string field's format spec; None when it is computed (``:{width}``)."""
    if spec is None:
        return None
    parts = [part.value for part in spec.values if isinstance(part, ast.Constant)]
    return "".join(parts) if len(parts) == len(spec.values) else None


def _in_string(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether ``node`` ends up in a string: an f-string field, or an argument of str()."""
    parent = parents.get(node)
    if isinstance(parent, ast.FormattedValue):
        return True
    return isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "str"


def offences(path: Path) -> list[str]:
    """``path:line: what`` for every float formatted in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    where = path.relative_to(ROOT)
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.FormattedValue):
            spec = _spec_text(node.format_spec)
            if spec is not None and FLOAT_SPEC.match(spec):
                what = f"format spec :{spec}"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "format":
            if (
                len(node.args) == 2
                and isinstance(node.args[1], ast.Constant)
                and FLOAT_SPEC.match(str(node.args[1].value))
            ):
                what = f"format(..., {node.args[1].value!r})"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            if isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str):
                specs = re.findall(r"\{[^{}]*:([^{}]*)\}", node.func.value.value)
                if any(FLOAT_SPEC.match(spec) for spec in specs):
                    what = f"str.format with {specs}"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                if PERCENT_FLOAT.search(node.left.value):
                    what = "%-formatting of a float"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round":
            if _in_string(node, parents):
                what = "round() written into a string"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and node.args:
            argument = node.args[0]
            if isinstance(argument, ast.Call) and isinstance(argument.func, ast.Name) and argument.func.id == "float":
                what = "str() of a float"
            elif isinstance(argument, ast.Constant) and isinstance(argument.value, float):
                what = "str() of a float"
        if what is not None:
            key = f"{where}:{node.lineno}"
            if key not in ALLOWED:
                found.append(f"{key}: {what}")
    return sorted(found, key=lambda line: int(line.split(":")[1]))


def sources() -> list[Path]:
    return sorted(path for folder in SCANNED for path in (ROOT / folder).rglob("*.py") if path != THE_FORMATTER)


def test_the_scan_finds_float_formatting():
    # The scanner itself must be able to fail: a made-up file with one offence of each kind.
    sample = ROOT / "gdlesson" / "_scan_sample.py"
    code = (
        "a = f'{x:.2f} {y:.3g} {z:g} {p:.0%} {q:.3}'\n"
        "b = '%.2f' % x\n"
        "c = format(x, '.1e')\n"
        "d = '{:.2f}'.format(x)\n"
        "e = f'{round(x, 2)}'\n"
        "f = str(float(x))\n"
        "ok = f'{n:,} {k:d} {name} {w:>{width}}'\n"
    )
    try:
        sample.write_text(code, encoding="utf-8")
        found = offences(sample)
    finally:
        sample.unlink()
    assert [line.split(":")[1] for line in found] == ["1"] * 5 + ["2", "3", "4", "5", "6"], found


def test_every_number_is_formatted_by_gdlesson_text():
    found = [line for path in sources() for line in offences(path)]
    assert not found, "floats formatted outside gdlesson/text.py:\n" + "\n".join(found)
