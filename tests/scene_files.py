"""Load the files in scenes/ the way manim does: by path, as modules of their own (scenes/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SCENES = ROOT / "scenes"


def scene_module(name: str) -> ModuleType:
    """``scenes/<name>.py`` as a module (loaded once per test session)."""
    key = f"scene_file_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, SCENES / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]
