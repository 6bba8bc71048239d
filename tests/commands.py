"""The gdlesson command run inside the test process, for tests of what it prints and returns (the command's own
process, its start and its exit status, is tested by the subprocess tests of tests/gdlesson/cli/test_main.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from gdlesson.cli.main import main

__all__ = ["run_here"]


def run_here(*args, cwd: Path, monkeypatch, capsys) -> subprocess.CompletedProcess:
    """What ``gdlesson ARGS`` run as a process would report (status, stdout, stderr), from ``main`` called in this
    process (in ``cwd``, without GDLESSON_* variables)."""
    monkeypatch.chdir(cwd)
    for key in [key for key in os.environ if key.startswith("GDLESSON_")]:
        monkeypatch.delenv(key)
    capsys.readouterr()
    try:
        status = main(list(map(str, args)))
    except SystemExit as stop:
        status = stop.code
    printed = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, printed.out, printed.err)
