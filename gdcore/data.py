"""Datasets for y_hat = W x + b: the seeded synthetic default and CSV files.

Every problem with user data raises :class:`DataError`, a ``ValueError`` whose
message names the file, the line or column, and the fix.
"""

from __future__ import annotations

import csv
import math
import os
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = [
    "LARGEST_VALUE",
    "MAX_SAMPLES",
    "SMALLEST_SPREAD",
    "CsvData",
    "DataError",
    "Dataset",
    "check_range",
    "is_ambiguous_number",
    "load_csv",
    "make_linear_data",
    "parse_number",
    "read_csv",
]


class DataError(ValueError):
    """Bad input data; the message says where and how to fix it."""


_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
"""Separators other than the comma that spreadsheets write, and their names in messages."""

MAX_SAMPLES = 5_000_000
"""The most samples a dataset may hold (80 MB of float64 for x and y; a render holds a few copies)."""

LARGEST_VALUE = 1e100
"""The largest magnitude a value may have: squares, sums of squares and the loss at a distant start stay finite."""

SMALLEST_SPREAD = 1e-100
"""The smallest spread (max - min) of a varying column: its variance stays far above float64's smallest number."""

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
"""A number written with thousands separators, as spreadsheets export it (``"1,000.5"``)."""

_BASE = re.compile(r"[+-]?0([xX][0-9a-fA-F]+|[bB][01]+|[oO][0-7]+)")
_BASES = {"x": 16, "b": 2, "o": 8}
"""A whole number written in hexadecimal, binary or octal, as programmers do (``0x1F``)."""

_SHOWN = 40
"""Characters of a cell quoted in a message."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Paired samples for simple linear regression.

    Attributes
    ----------
    x, y : ndarray of float64, shape (n,)
        Read-only, finite, at most :data:`LARGEST_VALUE` in magnitude (so
        float64 can square them), n >= 2. Constant ``x`` is allowed (the MSE
        bowl then degenerates into a valley of parallel lines).
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
        for name, values in (("x", x), ("y", y)):
            check_range(values, name, lambda index: "Dataset: ", spread=False)
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


def parse_number(text: str) -> float | None:
    """``text`` as a float when it is a plain ASCII number (``-1.5``, ``2e-3``, ``nan``), else None.

    Python's ``float`` also reads ``1_000`` and digits of other scripts
    (``"١٢"`` is 12); those are ambiguous in data, so they are refused
    here (see :func:`is_ambiguous_number`).
    """
    if not text.isascii() or "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def is_ambiguous_number(text: str) -> bool:
    """True for what Python reads as a number but a person may not: ``1_000``, ``١٢``, a full-width ``１``."""
    if parse_number(text) is not None:
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def _shown(cell: str) -> str:
    return repr(cell if len(cell) <= _SHOWN else cell[:_SHOWN] + "...") if cell else "an empty cell"


def check_range(
    values: np.ndarray, name: str, locate: Callable[[int | None], str] = lambda index: "", *, spread: bool = True
) -> None:
    """Raise :class:`DataError` unless float64 can hold the bowl of a column ``values``.

    Every magnitude must be at most :data:`LARGEST_VALUE` (squares and sums
    of squares stay finite) and a column that varies must vary by at least
    :data:`SMALLEST_SPREAD` (its variance stays far from underflow, so it is
    never mistaken for a constant). ``name`` names the column in the message
    and ``locate(index)`` gives its prefix, e.g. ``"data.csv:7:1: "`` for the
    sample at ``index`` (None: the column as a whole). ``spread=False``
    checks the magnitudes only (a subset of good data may vary less).
    """
    magnitude = np.abs(values)
    largest = int(np.argmax(magnitude))
    if magnitude[largest] > LARGEST_VALUE:
        scale = 10.0 ** math.ceil(math.log10(magnitude[largest]))
        raise DataError(
            f"{locate(largest)}{name} reaches {values[largest]:.3g}, beyond the +-{LARGEST_VALUE:.0e} where "
            f"squared errors overflow float64; rescale {name} (e.g. divide it by {scale:.0e}) so every value "
            f"lies within +-{LARGEST_VALUE:.0e}"
        )
    width = float(np.max(values) - np.min(values))
    if spread and 0.0 < width < SMALLEST_SPREAD:
        scale = 10.0 ** -math.floor(math.log10(width))
        raise DataError(
            f"{locate(None)}{name} varies by only {width:.3g}, below the {SMALLEST_SPREAD:.0e} where its variance "
            f"underflows float64; rescale {name} (e.g. multiply it by {scale:.0e}) so it varies by at least "
            f"{SMALLEST_SPREAD:.0e}"
        )


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise DataError(f"{path}: is a directory, not a CSV file; give the path of a CSV file (with a header row)")
    if path.is_symlink() and not path.exists():
        raise DataError(f"{path}: a broken symbolic link (to {os.readlink(path)}); point it at a CSV file or remove it")
    if not path.exists():
        raise DataError(f"{path}: no such file; check the path or create the CSV with a header row")
    if not path.is_file():
        raise DataError(f"{path}: not a regular file; give the path of a CSV file (with a header row)")


def _csv_problem(error: csv.Error) -> str:
    """The csv module's complaint as a problem and its fix."""
    text = str(error)
    if "field larger than field limit" in text:
        return (
            f"a cell longer than {csv.field_size_limit():,} characters (an unclosed quote joins every line after "
            "it into one cell); close the quote or shorten the cell"
        )
    if "NUL" in text:
        return "the line holds a NUL byte, so this is not a text CSV file; export the data as CSV text"
    return f"not a valid CSV line ({text}); check the quotes on that line"


def _records(path: Path, lines: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    """The non-blank CSV records of ``lines`` with the line (from 1) each starts on, one at a time."""
    reader = csv.reader(lines)
    end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DataError(f"{path}:{end + 1}: {_csv_problem(error)}") from None
        except UnicodeDecodeError as error:
            raise DataError(
                f"{path}: not UTF-8 text ({error.reason}, at line {end + 1} or soon after); save the file as UTF-8 CSV"
            ) from None
        start, end = end + 1, reader.line_num
        if any(cell.strip() for cell in row):
            yield start, row


def _header(path: Path, line: int, row: list[str]) -> list[str]:
    """The column names of a header record, checked: a header, comma-separated, no name twice."""
    header = [name.strip() for name in row]
    if len(header) == 1:
        for delimiter, name in _DELIMITERS.items():
            if delimiter in header[0]:
                raise DataError(
                    f"{path}: line {line}: the columns are separated by {name}, not commas; save the file as "
                    f"comma-separated CSV (or replace every {delimiter!r} with ',')"
                )
    if all(parse_number(name) is not None for name in header):
        raise DataError(
            f"{path}: line {line}: no header row (the first row is all numbers); add a line such as 'x,y' on top"
        )
    seen: dict[str, int] = {}
    for column, name in enumerate(header, start=1):
        if name and name in seen:
            raise DataError(
                f"{path}: line {line}: the column name {name!r} appears twice (columns {seen[name]} and {column}); "
                "give every column its own name"
            )
        seen[name] = column
    return header


def _cell_line(start: int, row: list[str], column: int) -> int:
    """The line a cell starts on: quoted cells before it may span several lines."""
    return start + sum(cell.count("\n") for cell in row[:column])


def _bad_cell(path: Path, start: int, row: list[str], column: int, name: str) -> DataError:
    """Why ``row[column]`` is not a usable number."""
    cell = row[column].strip()
    where = f"{path}:{_cell_line(start, row, column)}:{column + 1}"
    if is_ambiguous_number(cell):
        return DataError(
            f"{where}: {_shown(cell)} in column {name!r} is an ambiguous number ('_' separators and digits "
            "other than ASCII 0-9 are not read); write it with the digits 0-9 and '.' only, e.g. 1000.5"
        )
    value = parse_number(cell)
    if value is not None:
        return DataError(f"{where}: {_shown(cell)} in column {name!r} is not finite; replace it or remove that row")
    if _THOUSANDS.fullmatch(cell):
        return DataError(
            f"{where}: {_shown(cell)} in column {name!r} has thousands separators; write it without them, "
            f"e.g. {cell.replace(',', '')}"
        )
    if _BASE.fullmatch(cell):
        return DataError(
            f"{where}: {_shown(cell)} in column {name!r} is written in base {_BASES[cell.lstrip('+-')[1].lower()]}; "
            f"write it in decimal, e.g. {int(cell, 0)}"
        )
    return DataError(f"{where}: {_shown(cell)} in column {name!r} is not a number; fix or remove that row")


def _check_number_like(path: Path, start: int, row: list[str], header: list[str], *, skip: set[int]) -> None:
    """When too few columns of the first data row read as numbers: raise :class:`DataError` naming the first
    cell that was meant as one (``1_0``, ``١``, ``1,000``, ``0x1``), as for a named column; return when none
    looks like a number (a column of names or dates: the caller says too few columns are numeric)."""
    cells = [(i, row[i].strip()) for i in range(min(len(row), len(header))) if i not in skip]
    cells = [(i, cell) for i, cell in cells if parse_number(cell) is None]
    meant = [i for i, cell in cells if is_ambiguous_number(cell) or _THOUSANDS.fullmatch(cell) or _BASE.fullmatch(cell)]
    if meant:
        raise _bad_cell(path, start, row, meant[0], header[meant[0]])


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

    The file is read record by record straight into float64 arrays, so memory
    grows by about 24 bytes a row (x, y and the row's line) whatever the width
    of the file.

    Parameters
    ----------
    path : file with a header row, then one sample per line.
    x, y : column names; by default the first numeric columns (judged by the
        first data row) other than the one named for the other axis.

    Raises
    ------
    DataError
        Missing file, a directory or broken link, empty file, no header, a
        header with a name twice or separated by semicolons or tabs, unknown
        column, a non-numeric, ambiguous (``1_000``), NaN or infinite cell
        (with its line and column), more than :data:`MAX_SAMPLES` rows,
        values float64 cannot square (see :func:`check_range`) or fewer
        than 2 rows.
    """
    path = Path(path)
    _check_file(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _read_records(path, _records(path, handle), x, y)
    except OSError as err:
        raise DataError(f"{path}: cannot be read ({err.strerror}); check its permissions") from None


def _read_records(path: Path, records: Iterator[tuple[int, list[str]]], x: str | None, y: str | None) -> CsvData:
    first = next(records, None)
    if first is None:
        raise DataError(f"{path}: the file is empty; add a header row such as 'x,y' and at least 2 data rows")
    header = _header(path, *first)
    start, row = next(records, (0, None))
    if row is None:
        raise DataError(f"{path}: 0 data row(s); a line needs at least 2 rows to fit")
    numeric = [i for i, cell in enumerate(row) if i < len(header) and parse_number(cell.strip()) is not None]
    named = {header.index(name) for name in (x, y) if name in header}
    if len(numeric) + len(named - set(numeric)) < 2 and (x is None or y is None):
        _check_number_like(path, start, row, header, skip=named)
    ix = _pick_column(header, x, next((i for i in numeric if header[i] != y), None), path, "x")
    remaining = [i for i in numeric if i != ix]
    iy = _pick_column(header, y, remaining[0] if remaining else None, path, "y")
    if ix == iy:
        raise DataError(f"{path}: x and y are both column {header[ix]!r}; choose two different columns")

    xs, ys, lines = array("d"), array("d"), array("q")
    width, isfinite = len(header), math.isfinite
    while row is not None:
        if len(row) != width:
            raise DataError(
                f"{path}: line {start}: {len(row)} fields but the header has {width}; "
                "make every row have one value per column"
            )
        for column, values in ((ix, xs), (iy, ys)):
            cell = row[column]
            try:
                value = float(cell) if cell.isascii() and "_" not in cell else math.nan
            except ValueError:
                value = math.nan
            if not isfinite(value):
                raise _bad_cell(path, start, row, column, header[column])
            values.append(value)
        lines.append(start)
        if len(lines) > MAX_SAMPLES:
            raise DataError(
                f"{path}: more than {MAX_SAMPLES:,} data rows, the most a lesson handles; "
                "keep a sample of the rows (for example every 10th)"
            )
        start, row = next(records, (0, None))
    if len(lines) < 2:
        raise DataError(f"{path}: {len(lines)} data row(s); a line needs at least 2 rows to fit")
    columns = np.frombuffer(xs, dtype=np.float64), np.frombuffer(ys, dtype=np.float64)
    rows = np.frombuffer(lines, dtype=np.int64)
    for column, values in zip((ix, iy), columns, strict=True):
        check_range(
            values,
            f"column {header[column]!r}",
            lambda index, column=column: f"{path}: " if index is None else f"{path}:{rows[index]}:{column + 1}: ",
        )
    return CsvData(Dataset(*columns), header[ix], header[iy])
