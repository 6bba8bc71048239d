"""Feature scaling: descending on x' = (x - shift) / scale, and the way back to the user's units.

A line in the user's units, y = W x + B, is the same line as y = w x' + b with

    w = W scale,    b = B + W shift,

so both describe the same predictions and have the same MSE: scaling moves
the bowl (and makes it round when x is standardised), never the loss values.

:func:`flat_excess_left` is the reason ``scale = "auto"`` exists: full-batch
descent at ``lr = f x critical`` shrinks the error along the bowl's flat
eigenvector by ``1 - 2 f / kappa`` a step, so in a badly conditioned bowl
(kappa large) a run of T steps leaves almost all of that error in place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .bowl import Bowl
from .data import Dataset

__all__ = ["Scaling", "flat_excess_left"]


@dataclass(frozen=True)
class Scaling:
    """The change of x the descent runs in: x' = (x - shift) / scale (identity by default).

    Attributes
    ----------
    shift : subtracted from x (the mean of x when standardised).
    scale : then divided by, > 0 (the population standard deviation of x).
    """

    shift: float = 0.0
    scale: float = 1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.shift) and math.isfinite(self.scale) and self.scale > 0):
            raise ValueError(f"Scaling needs a finite shift and a finite scale > 0, got {self.shift!r}, {self.scale!r}")

    @classmethod
    def standardize(cls, data: Dataset) -> Scaling:
        """x' = (x - mean x) / std x; a constant x is only shifted (its std is 0)."""
        mean = float(np.mean(data.x))
        std = float(np.sqrt(np.mean((data.x - mean) ** 2)))
        return cls(mean, std if std > 0 else 1.0)

    @property
    def is_identity(self) -> bool:
        return self.shift == 0.0 and self.scale == 1.0

    def apply(self, data: Dataset) -> Dataset:
        """The samples with x replaced by x' (the same object when this is the identity)."""
        if self.is_identity:
            return data
        return Dataset((data.x - self.shift) / self.scale, data.y)

    def to_user(self, w, b):
        """(W, B) in the user's units of the line (w, b) on x'; broadcasts over arrays."""
        slope = np.divide(w, self.scale)
        return slope, b - slope * self.shift

    def from_user(self, w, b):
        """(w, b) on x' of the line (W, B) in the user's units; broadcasts over arrays."""
        return np.multiply(w, self.scale), b + np.multiply(w, self.shift)


def flat_excess_left(bowl: Bowl, factor: float, steps: int) -> float:
    """The fraction of the excess loss along the flat eigenvector that ``steps`` full-batch steps at
    ``lr = factor x critical_lr`` leave in place: ``|1 - 2 factor / kappa| ** (2 steps)``, at most 1
    (1.0 for constant x, whose valley has no bottom to reach, and for steps that grow the error)."""
    kappa = bowl.condition_number
    if not math.isfinite(kappa):
        return 1.0
    shrink = abs(1.0 - 2.0 * factor / kappa)
    return float(shrink ** (2 * steps)) if shrink < 1 else 1.0
