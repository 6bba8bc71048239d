"""A corpus of named data shapes for checking what the lesson says on data it was not tuned on (issue 17).

Every shape is an in-memory :class:`gdcore.Dataset`: the eight CSV files of tests/data, the built-in
synthetic data, and generated shapes with fixed seeds (round and long bowls, n from 2 to 100,000, outliers,
points exactly on a line, clusters, ties, a nearly constant x, huge and tiny y, ...). :func:`shapes` is a
hypothesis strategy that generates more of them.

    from corpus import CORPUS, shape
    shape("long bowl").data
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from datasets import ALL, DATA
from hypothesis import strategies as st

from gdcore import Dataset, read_csv
from gdlesson.lesson.settings import DEFAULTS

__all__ = ["CORPUS", "Shape", "corpus_names", "shape", "shapes"]


@dataclass(frozen=True)
class Shape:
    """A named data set: ``data`` and one line on what it exercises (``degenerate`` when every x is equal)."""

    name: str
    about: str
    data: Dataset

    @property
    def degenerate(self) -> bool:
        return bool(np.ptp(self.data.x) == 0)


def _line(n, *, w=2.0, b=-1.0, noise=1.0, low=-1.0, high=3.0, seed=0) -> Dataset:
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, n)
    return Dataset(x, w * x + b + noise * rng.standard_normal(n))


def _with_outlier(data: Dataset, index: int, lift: float) -> Dataset:
    y = data.y.copy()
    y[index] += lift
    return Dataset(data.x, y)


def _generated() -> dict[str, tuple[str, Dataset]]:
    rng = np.random.default_rng(17)
    shapes: dict[str, tuple[str, Dataset]] = {}

    def add(name: str, about: str, data: Dataset) -> None:
        shapes[name] = (about, data)

    centred = rng.standard_normal(80)
    centred = (centred - centred.mean()) / centred.std()
    add(
        "round bowl",
        "x standardised exactly: mean 0, std 1, condition number 1",
        Dataset(centred, 1.5 * centred + 2 + rng.normal(0, 0.5, 80)),
    )
    add("long bowl", "x in the thousands (2000 to 3000): condition number about 1e6", _line(60, low=2000, high=3000))
    add("far negative x", "x near -5000", _line(50, w=-0.3, b=4.0, low=-5200, high=-4800, seed=2))
    add("years", "x = 1958 .. 2002 like a time axis", _line(45, w=0.02, b=-39.3, noise=0.1, low=1958, high=2002))
    add("n = 2", "two points: the line passes through both", Dataset([0.0, 1.0], [1.0, 3.0]))
    add("n = 3", "three points", _line(3, seed=3))
    add("n = 10", "ten points", _line(10, seed=4))
    add("n = 1000", "a thousand points", _line(1000, seed=5))
    add("n = 100000", "a hundred thousand points", _line(100_000, seed=6))
    add("one outlier", "a clean line with one point far above it", _with_outlier(_line(40, noise=0.3, seed=7), 5, 25.0))
    add(
        "exact line",
        "points exactly on y = 2x - 1: minimum loss 0",
        Dataset(np.linspace(-1, 3, 30), np.linspace(-3, 5, 30)),
    )
    exact = Dataset(np.linspace(-1, 3, 30), np.linspace(-3, 5, 30))
    add("line + one outlier", "points exactly on a line but one", _with_outlier(exact, 29, -12.0))
    left, right = rng.normal(-2.0, 0.2, 30), rng.normal(3.0, 0.2, 30)
    clusters = np.concatenate([left, right])
    add("two clusters", "two tight clusters of x", Dataset(clusters, 0.8 * clusters + rng.normal(0, 0.5, 60)))
    add("negative slope", "y falls with x", _line(70, w=-3.0, b=5.0, seed=8))
    add("heavy noise", "noise 10 times the trend", _line(100, w=1.0, b=0.0, noise=10.0, seed=9))
    noise = rng.standard_normal(60)
    x = np.linspace(-2, 2, 60)
    noise -= np.polyval(np.polyfit(x, noise, 1), x)  # least-squares slope exactly 0
    add("zero correlation", "noise with a least-squares slope of exactly 0", Dataset(x, 3.0 + noise))
    ties = np.repeat([0.0, 1.0, 2.0, 3.0], 10)
    add("ties", "only four distinct x, ten samples each", Dataset(ties, 2 * ties + rng.normal(0, 1, 40)))
    add(
        "nearly constant x",
        "x = 5 plus a spread of 1e-4",
        _line(40, w=1000.0, b=0.0, noise=0.05, low=5.0, high=5.0001, seed=10),
    )
    add("huge y", "y around 1e8", _line(50, w=3e7, b=1e8, noise=1e7, seed=11))
    add("tiny y", "y around 1e-6", _line(50, w=2e-6, b=1e-6, noise=3e-7, seed=12))
    integers = rng.integers(0, 20, 50).astype(float)
    add("integer x", "x a count from 0 to 19", Dataset(integers, 0.5 * integers + rng.normal(0, 2, 50)))
    add(
        "small x",
        "x within +-0.001: a very steep W direction",
        _line(50, w=500.0, b=1.0, noise=0.1, low=-1e-3, high=1e-3, seed=13),
    )
    spread = rng.uniform(0, 10, 80)
    add("fanning noise", "noise growing with x", Dataset(spread, 2 * spread + rng.normal(0, 1, 80) * spread))
    curved = np.linspace(-3, 3, 50)
    add("parabola", "y = x^2: a line is a poor model", Dataset(curved, curved**2))
    add("constant y", "y the same for every x: the best line is flat", Dataset(np.linspace(0, 5, 20), np.full(20, 4.0)))
    add("constant x", "every x equal: a valley of equally good lines", Dataset(np.full(20, 3.0), rng.normal(0, 1, 20)))
    add("two identical rows", "the same sample twice", Dataset([2.0, 2.0], [1.0, 1.0]))
    add(
        "big n far x",
        "20,000 samples with x near 1e5",
        _line(20_000, w=0.6, b=5000, noise=8000, low=2e4, high=2e5, seed=14),
    )
    return shapes


@cache
def _corpus() -> dict[str, Shape]:
    corpus = {}
    for file in ALL:
        data, x_name, y_name = read_csv(DATA / file)
        corpus[file] = Shape(file, f"tests/data/{file} ({x_name} against {y_name})", data)
    corpus["built-in"] = Shape("built-in", DEFAULTS.data.label, DEFAULTS.data.dataset())
    for name, (about, data) in _generated().items():
        corpus[name] = Shape(name, about, data)
    return corpus


def corpus_names() -> list[str]:
    """Every shape's name, in a fixed order (files, the built-in data, then the generated shapes)."""
    return list(_corpus())


def shape(name: str) -> Shape:
    return _corpus()[name]


class _Corpus:
    """``CORPUS[name]`` and ``len(CORPUS)``, built on first use (reading the CSV files once)."""

    def __getitem__(self, name: str) -> Shape:
        return shape(name)

    def __iter__(self):
        return iter(_corpus().values())

    def __len__(self) -> int:
        return len(_corpus())


CORPUS = _Corpus()


@st.composite
def shapes(draw, max_n: int = 300) -> Dataset:
    """A hypothesis strategy of data sets: n from 2 to ``max_n``, x centred anywhere from -1e4 to 1e4 with a
    spread from 1e-3 to 1e3 (or all equal), slope and intercept of any sign, noise from none to 100 times the
    trend, and optionally one outlier or integer x."""
    n = draw(st.integers(2, max_n))
    centre = draw(st.sampled_from([0.0, 1.0, -50.0, 2000.0, -1e4]))
    spread = draw(st.sampled_from([0.0, 1e-3, 1.0, 30.0, 1e3]))
    w = draw(st.sampled_from([-3.0, -0.01, 0.0, 0.5, 2.0, 1e3]))
    noise = draw(st.sampled_from([0.0, 0.1, 1.0, 100.0]))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    x = centre + spread * rng.uniform(-1, 1, n)
    if draw(st.booleans()):
        x = np.round(x)
    y = w * (x - centre) + draw(st.sampled_from([0.0, 7.0, -1e3])) + noise * rng.standard_normal(n)
    if n > 3 and draw(st.booleans()):
        y[draw(st.integers(0, n - 1))] += 20.0 * (noise + 1.0)
    return Dataset(x, y)
