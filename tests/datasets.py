"""The test data sets of tests/data (see its README): real public-domain sets and synthetic ones, all with x far
from zero."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
REAL = ("longley.csv", "co2_monthly.csv", "engel.csv", "wheat.csv", "penguins.csv")
SYNTHETIC = ("houses.csv", "incomes.csv", "years.csv")
ALL = REAL + SYNTHETIC
"""File names in :data:`DATA`."""
