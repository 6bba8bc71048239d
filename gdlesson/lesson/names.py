"""What the descent's parameters and feature are called on screen: one place for the primes.

A run on the data's own x names them W, b and x; on a scaled x' (standardised) W′, b′ and x′; on a second
change of x, made only to show an experiment apart (see :func:`gdlesson.lesson.experiments.rate_scaling`),
W″, b″ and x″.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Names", "names"]

_PRIMES = ("", "\u2032", "\u2033")


class Names(NamedTuple):
    """The on-screen names of the slope, the intercept and the feature of one x."""

    w: str
    b: str
    x: str

    @property
    def pair(self) -> str:
        """ "(W, b)", "(W′, b′)" ..."""
        return f"({self.w}, {self.b})"

    @property
    def start_pair(self) -> str:
        """ "(W₀, b₀)", "(W′₀, b′₀)" ..."""
        return f"({self.w}\u2080, {self.b}\u2080)"

    @property
    def axis_labels(self) -> tuple[str, str]:
        """A map's axis names: ("W (slope)", "b (intercept)"), or ("W′ (slope on x′)", "b′ (intercept on x′)")."""
        on = f" on {self.x}" if self.x != "x" else ""
        return f"{self.w} (slope{on})", f"{self.b} (intercept{on})"


def names(primes: int | bool) -> Names:
    """The names on an x changed ``primes`` times (0: the data's own x; ``True`` counts as 1)."""
    mark = _PRIMES[int(primes)]
    return Names("W" + mark, "b" + mark, "x" + mark)
