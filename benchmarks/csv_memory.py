"""Peak memory of reading a 1,000,000-row CSV: the streaming reader against the csv-module way, in one run.

    .venv/bin/python benchmarks/csv_memory.py [--rows N]

Each measurement runs in its own Python process and reports that process's
peak resident set (``resource.getrusage(RUSAGE_SELF).ru_maxrss``), so the
numbers do not mix:

1. baseline: the reader before issue 13 (read the whole text, split it into
   lines, keep every parsed row as a list, then two lists of floats);
2. ``gdcore.read_csv`` (streams records into float64 arrays);
3. the whole ``gdlesson train --data FILE`` command (read, bowl, the default
   run of 20 epochs of batch 10: 2,000,000 recorded steps), whose target is
   600 MB or less.

Python alone (interpreter, NumPy) is measured too, for reference.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"

BASELINE = """
import csv, math, sys
from pathlib import Path
import numpy as np
text = Path(sys.argv[1]).read_text(encoding="utf-8-sig")
rows = [(n, row) for n, row in enumerate(csv.reader(text.splitlines()), start=1) if any(c.strip() for c in row)]
xs, ys = [], []
for line, row in rows[1:]:
    xs.append(float(row[0].strip()))
    ys.append(float(row[1].strip()))
x, y = np.array(xs), np.array(ys)
"""

STREAMING = """
import sys
from gdcore import read_csv
data = read_csv(sys.argv[1]).data
"""

COMMAND = """
import sys
from gdlesson.cli.main import main
status = main(["train", "--data", sys.argv[1]])
assert status == 0, status
"""

NOTHING = "import numpy"


def peak_mb(code: str, *args: str) -> int:
    """Peak RSS in MB of a fresh Python running ``code`` with ``args``."""
    result = subprocess.run(
        [sys.executable, "-c", code + "\n" + PEAK, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),  # no lesson.toml or data.csv of the checkout
    )
    return int(result.stdout.strip().splitlines()[-1])


def write_csv(path: Path, rows: int) -> None:
    """``rows`` samples of y = 2x - 1 + noise with a label column, like a real export."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 3, rows)
    y = 2 * x - 1 + rng.normal(size=rows)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("x,y,label\n")
        for start in range(0, rows, 100_000):
            chunk = slice(start, start + 100_000)
            handle.writelines(f"{a:.17g},{b:.17g},sample\n" for a, b in zip(x[chunk], y[chunk], strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        write_csv(path, rows)
        size = path.stat().st_size / 1e6
        print(f"peak resident memory reading {rows:,} rows ({size:.0f} MB of CSV), each in its own process")
        python = peak_mb(NOTHING)
        baseline = peak_mb(BASELINE, str(path))
        streaming = peak_mb(STREAMING, str(path))
        command = peak_mb(COMMAND, str(path))
    print(f"  {'python + numpy alone':<44} {python:>6} MB")
    print(f"  {'baseline: csv module, whole text and rows':<44} {baseline:>6} MB   1.0x")
    print(f"  {'gdcore.read_csv (streaming)':<44} {streaming:>6} MB   {baseline / streaming:.1f}x less")
    verdict = "within" if command <= 600 else "ABOVE"
    print(f"  {'gdlesson train --data (2,000,000 steps)':<44} {command:>6} MB   {verdict} the 600 MB target")


if __name__ == "__main__":
    main()
