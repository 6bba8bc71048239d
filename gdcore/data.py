"""Datasets for y_hat = W x + b: the seeded synthetic default and CSV files.

Every problem with user data raises :class:`DataError`, a ``ValueError`` whose
message names the file, the line or column, and the fix.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = ["CsvData", "DataError", "Dataset", "make_linear_data", "load_csv", "read_csv"]


class DataError(ValueError):
    """Bad input data; the message says where and how to fix it."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Paired samples for simple linear regression.

    Attributes
    ----------
    x, y : ndarray of float64, shape (n,)
        Read-only, finite, n >= 2. Constant ``x`` is allowed (the MSE bowl
        then degenerates into a valley of parallel lines).
    """

    x: np.ndarray
    y: np.ndarray

    def __post_init__(self) -> None:
        x = np.array(self.x, dtype=np.float64).reshape(-1) if np.ndim(self.x) <= 1 else None
        y = np.array(self.y, dtype=np.float64).reshape(-1) if np.ndim(self.y) <= 1 else None
        if x is None or y is None:
            raise DataError("Dataset: x and y must be 1-D sequences of numbers")
        if x.shape != y.shape:
            raise DataError(f"Dataset: x has {x.size} values but y has {y.size}; give them equal length")
        if x.size < 2:
            raise DataError(f"Dataset: need at least 2 samples to fit a line, got {x.size}")
        for name, values in (("x", x), ("y", y)):
            bad = np.flatnonzero(~np.isfinite(values))
            if bad.size:
                raise DataError(f"Dataset: {name}[{bad[0]}] is {values[bad[0]]}; every value must be a finite number")
        x.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    @property
    def n(self) -> int:
        """Number of samples."""
        return int(self.x.size)

    def subset(self, indices: np.ndarray) -> Dataset:
        """The samples at ``indices`` (for example one mini-batch) as a new Dataset."""
        return Dataset(self.x[indices], self.y[indices])


def make_linear_data(
    n: int = 100,
    *,
    w: float = 2.0,
    b: float = -1.0,
    noise: float = 1.0,
    x_range: tuple[float, float] = (0.0, 4.0),
    seed: int = 0,
) -> Dataset:
    """Synthetic data ``y = w x + b + noise * N(0, 1)`` with ``x ~ U(x_range)``.

    Seeded with ``np.random.default_rng(seed)``, so the same arguments always
    give the same data.
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 2:
        raise DataError(f"make_linear_data: n must be an integer >= 2, got {n!r}")
    lo, hi = (float(v) for v in x_range)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
        raise DataError(f"make_linear_data: x_range must be finite (low, high) with low <= high, got {x_range!r}")
    if not (math.isfinite(noise) and noise >= 0):
        raise DataError(f"make_linear_data: noise must be a finite number >= 0, got {noise!r}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(lo, hi, size=int(n))
    y = w * x + b + noise * rng.standard_normal(int(n))
    return Dataset(x, y)


def _parse_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _pick_column(header: list[str], wanted: str | None, default_index: int | None, path: Path, role: str) -> int:
    if wanted is None:
        if default_index is None:
            raise DataError(
                f"{path}: line 2: found fewer than two numeric columns in {header}; name the {role} column explicitly"
            )
        return default_index
    if wanted in header:
        return header.index(wanted)
    raise DataError(f"{path}: line 1: unknown column {wanted!r} for {role}; the columns are {header}")


class CsvData(NamedTuple):
    """A dataset read from a CSV file, and the names of the columns it came from."""

    data: Dataset
    x_name: str
    y_name: str


def load_csv(path: str | Path, *, x: str | None = None, y: str | None = None) -> Dataset:
    """Read a CSV file with a header row into a :class:`Dataset` (see :func:`read_csv`)."""
    return read_csv(path, x=x, y=y).data


def read_csv(path: str | Path, *, x: str | None = None, y: str | None = None) -> CsvData:
    """Read a CSV file with a header row: the dataset and the names of its x and y columns.

    Parameters
    ----------
    path : file with a header row, then one sample per line.
    x, y : column names; by default the first numeric columns (judged by the
        first data row) other than the one named for the other axis.

    Raises
    ------
    DataError
        Missing or empty file, no header, unknown column, a non-numeric,
        NaN or infinite cell (with its line and column), or fewer than 2 rows.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file; check the path or create the CSV with a header row")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(
            f"{path}: not UTF-8 text ({err.reason} at byte {err.start}); save the file as UTF-8 CSV"
        ) from None
    except OSError as err:
        raise DataError(f"{path}: cannot be read ({err.strerror}); check its permissions") from None
    rows = [
        (number, row)
        for number, row in enumerate(csv.reader(text.splitlines()), start=1)
        if any(c.strip() for c in row)
    ]
    if not rows:
        raise DataError(f"{path}: the file is empty; add a header row such as 'x,y' and at least 2 data rows")
    header_line, header = rows[0]
    header = [name.strip() for name in header]
    if all(_parse_float(name) is not None for name in header):
        raise DataError(
            f"{path}: line {header_line}: no header row (the first row is all numbers); add a line such as 'x,y' on top"
        )
    data = rows[1:]
    if len(data) < 2:
        raise DataError(f"{path}: {len(data)} data row(s); a line needs at least 2 rows to fit")
    first_line, first = data[0]
    numeric = [i for i, cell in enumerate(first) if i < len(header) and _parse_float(cell.strip()) is not None]
    ix = _pick_column(header, x, next((i for i in numeric if header[i] != y), None), path, "x")
    remaining = [i for i in numeric if i != ix]
    iy = _pick_column(header, y, remaining[0] if remaining else None, path, "y")
    if ix == iy:
        raise DataError(f"{path}: x and y are both column {header[ix]!r}; choose two different columns")

    columns: dict[int, list[float]] = {ix: [], iy: []}
    for line, row in data:
        if len(row) != len(header):
            raise DataError(
                f"{path}: line {line}: {len(row)} fields but the header has {len(header)}; "
                "make every row have one value per column"
            )
        for i in (ix, iy):
            cell = row[i].strip()
            value = _parse_float(cell)
            where = f"{path}:{line}:{i + 1}"
            if value is None:
                shown = repr(cell) if cell else "an empty cell"
                raise DataError(f"{where}: {shown} in column {header[i]!r} is not a number; fix or remove that row")
            if not math.isfinite(value):
                raise DataError(
                    f"{where}: {cell!r} in column {header[i]!r} is not finite; replace it or remove that row"
                )
            columns[i].append(value)
    return CsvData(Dataset(np.array(columns[ix]), np.array(columns[iy])), header[ix], header[iy])
