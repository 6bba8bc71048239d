"""Write the synthetic test data sets of this folder (seeded: running it again gives the same files).

    .venv/bin/python tests/data/make_synthetic.py

Each has x far from zero, the case the lesson's defaults must handle without options.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

FOLDER = Path(__file__).parent


def write(name: str, header: tuple[str, str], x: np.ndarray, y: np.ndarray, places: int) -> None:
    with open(FOLDER / name, "w", newline="") as file:
        out = csv.writer(file)
        out.writerow(header)
        out.writerows((f"{a:.{places}f}", f"{b:.{places}f}") for a, b in zip(x, y, strict=True))


def main() -> None:
    rng = np.random.default_rng(2026)
    # Square feet and prices in dollars: x near 2400, y near 4e5 (MSE about 1e9).
    feet = rng.uniform(800.0, 4000.0, 60)
    write("houses.csv", ("square_feet", "price"), feet, 50_000 + 150.0 * feet + rng.normal(0, 30_000, 60), 0)
    # Yearly incomes and spending in dollars: x near 1e5.
    income = rng.uniform(20_000.0, 200_000.0, 80)
    write("incomes.csv", ("income", "spending"), income, 5_000 + 0.6 * income + rng.normal(0, 8_000, 80), 0)
    # Years 1958..2002: mean 1980, standard deviation 12.6, condition number about 1e11.
    year = rng.uniform(1958.0, 2002.0, 45)
    write("years.csv", ("year", "anomaly"), year, 0.02 * (year - 1980.0) + 0.3 + rng.normal(0, 0.1, 45), 2)


if __name__ == "__main__":
    main()
