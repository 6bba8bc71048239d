"""The packages import one way: every module of gdcore and gdlesson imports only its own layer and the layers
below it, and the layers under the pictures import no manim.

Read from the source with ast (every import statement, those inside functions too), so a wrong import is
named by file:line and the rule it breaks. The order is the one gdlesson/__init__.py documents.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]

LAYERS = (
    "gdcore",
    "gdlesson",
    "gdlesson.text",
    "gdlesson.scratch",
    "gdlesson.lesson",
    "gdlesson.voice",
    "gdlesson.render",
    "gdlesson.mobjects",
    "gdlesson.story",
    "gdlesson.cli",
    "gdlesson.__main__",
)
"""From the bottom up: a module imports modules of its own layer and of the layers before it, nothing above.
Each names a package (and every module in it) or a module; ``gdlesson`` is the package's own ``__init__`` only."""

MANIM_FREE = ("gdcore", "gdlesson.text", "gdlesson.scratch", "gdlesson.lesson", "gdlesson.voice")
"""Layers that never import manim (nor manim-voiceover, manimpango, cairo): numbers, words, settings, sound."""

MANIM_ALLOWED = {"gdlesson.voice.voiceover": "the adapters for manim-voiceover's VoiceoverScene"}
"""The exceptions inside MANIM_FREE, and why."""

MANIM = {"manim", "manim_voiceover", "manim_slides", "manimpango", "cairo"}


class Import(NamedTuple):
    file: str
    line: int
    importer: str
    target: str


def layer_of(module: str) -> str | None:
    """The entry of LAYERS ``module`` belongs to (the longest that names it or its package), or None."""
    matches = [layer for layer in LAYERS if module == layer or (layer != "gdlesson" and module.startswith(layer + "."))]
    return max(matches, key=len, default=None)


def modules(root: Path) -> dict[str, Path]:
    """Every module and package (folders too: gdlesson.story has no ``__init__``) of gdcore and gdlesson."""
    found = {}
    for top in ("gdcore", "gdlesson"):
        for path in sorted((root / top).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
            for depth in range(1, len(parts)):
                found.setdefault(".".join(parts[:depth]), root.joinpath(*parts[:depth]))
    return found


def imports(root: Path) -> list[Import]:
    """Every import of gdcore, gdlesson or manim by a module of gdcore or gdlesson, wherever it stands."""
    known = modules(root)
    found = []
    for module, path in known.items():
        if path.is_dir():
            continue
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        file = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=file)):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
                # ``from gdlesson import story`` imports the package gdlesson.story, not gdlesson
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
            else:
                continue
            for target in dict.fromkeys(targets):
                if target.split(".")[0] in MANIM | {"gdcore", "gdlesson"}:
                    found.append(Import(file, node.lineno, module, target))
    return found


def violations(root: Path) -> list[str]:
    """One line per import against the layers or the manim rule: ``file:line: what, and the rule broken``."""
    order = " < ".join(LAYERS)
    found = []
    for module, path in modules(root).items():
        if not path.is_dir() and layer_of(module) is None:
            found.append(f"{path.relative_to(root).as_posix()}:1: {module} is in no layer: add it to LAYERS ({order})")
    for where in imports(root):
        at = f"{where.file}:{where.line}: {where.importer}"
        layer = layer_of(where.importer)
        if layer is None:
            continue
        if where.target.split(".")[0] in MANIM:
            if layer in MANIM_FREE and where.importer not in MANIM_ALLOWED:
                found.append(f"{at} imports {where.target}: {layer} never imports manim")
            continue
        target_layer = layer_of(where.target)
        if target_layer is None:
            found.append(f"{at} imports {where.target}, which is in no layer ({order})")
        elif LAYERS.index(target_layer) > LAYERS.index(layer):
            found.append(
                f"{at} imports {where.target}: {layer} may not import {target_layer}, a layer above it ({order})"
            )
    return sorted(found)


def test_every_import_follows_the_layers():
    assert violations(ROOT) == []


def test_the_check_reads_every_import_statement():
    """Against a second reading: every source line (outside strings) that starts an import of ours."""
    pattern = re.compile(r"\s*(from|import)\s+(gdcore|gdlesson|\.)")
    lines = set()
    for path in modules(ROOT).values():
        if path.is_dir():
            continue
        source = path.read_text(encoding="utf-8")
        in_strings = set()
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING:
                in_strings.update(range(token.start[0], token.end[0] + 1))
        for number, text in enumerate(source.splitlines(), start=1):
            if number not in in_strings and pattern.match(text):
                lines.add((path.relative_to(ROOT).as_posix(), number))
    read = {(i.file, i.line) for i in imports(ROOT) if i.target.split(".")[0] in ("gdcore", "gdlesson")}
    assert read == lines
    assert len(read) > 150
    # one inside a function (the command imports manim only where it needs it)
    assert any(i.importer == "gdlesson.cli.main" and i.target == "gdlesson.cli.listing" for i in imports(ROOT))


def test_a_wrong_import_is_named_by_file_line_and_rule(tmp_path):
    files = {
        "gdcore/__init__.py": "def f():\n    import manim\n",
        "gdlesson/__init__.py": "",
        "gdlesson/text.py": "import gdcore\n",
        "gdlesson/lesson/__init__.py": "from . import run\n",
        "gdlesson/lesson/run.py": "from .. import text\nfrom gdlesson import story\n",
        "gdlesson/voice/voiceover.py": "import manim_voiceover\n",
        "gdlesson/voice/mix.py": "from manim import config\n",
        "gdlesson/render/bad.py": "import numpy\n\n\ndef f():\n    from gdlesson.mobjects.captions import CaptionBar\n",
        "gdlesson/mobjects/captions.py": "from ..render import bad\nfrom gdlesson.story.scene import S\n",
        "gdlesson/story/scene.py": "from gdlesson.cli import main\nfrom gdlesson.nowhere import x\n",
        "gdlesson/cli/main.py": "import gdlesson.__main__\n",
        "gdlesson/__main__.py": "from gdlesson.cli.main import main\n",
        "gdlesson/new/thing.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    order = " < ".join(LAYERS)

    def above(at: str, importer: str, target: str, layer: str, target_layer: str) -> str:
        return f"{at}: {importer} imports {target}: {layer} may not import {target_layer}, a layer above it ({order})"

    assert violations(tmp_path) == sorted(
        [
            f"gdlesson/new/thing.py:1: gdlesson.new.thing is in no layer: add it to LAYERS ({order})",
            "gdcore/__init__.py:2: gdcore imports manim: gdcore never imports manim",
            above(
                "gdlesson/cli/main.py:1", "gdlesson.cli.main", "gdlesson.__main__", "gdlesson.cli", "gdlesson.__main__"
            ),
            above(
                "gdlesson/lesson/run.py:2", "gdlesson.lesson.run", "gdlesson.story", "gdlesson.lesson", "gdlesson.story"
            ),
            above(
                "gdlesson/mobjects/captions.py:2",
                "gdlesson.mobjects.captions",
                "gdlesson.story.scene",
                "gdlesson.mobjects",
                "gdlesson.story",
            ),
            above(
                "gdlesson/render/bad.py:5",
                "gdlesson.render.bad",
                "gdlesson.mobjects.captions",
                "gdlesson.render",
                "gdlesson.mobjects",
            ),
            above(
                "gdlesson/story/scene.py:1",
                "gdlesson.story.scene",
                "gdlesson.cli.main",
                "gdlesson.story",
                "gdlesson.cli",
            ),
            f"gdlesson/story/scene.py:2: gdlesson.story.scene imports gdlesson.nowhere, which is in no layer ({order})",
            "gdlesson/voice/mix.py:1: gdlesson.voice.mix imports manim: gdlesson.voice never imports manim",
        ]
    )


def test_the_documented_order_is_the_tested_order():
    """gdlesson/__init__.py lists the packages from the bottom up, one a line, as LAYERS does."""
    import gdlesson

    listed = [line.split()[0] for line in gdlesson.__doc__.splitlines() if line.startswith("    g")]
    assert listed == [layer for layer in LAYERS if layer not in ("gdlesson", "gdlesson.__main__")]


def test_gdcore_never_imports_manim():
    """At run time too: nothing gdcore imports (a third-party package) may bring manim in."""
    code = "import sys, gdcore\nprint([m for m in sys.modules if m.split('.')[0] in ('manim', 'cairo', 'manimpango')])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
