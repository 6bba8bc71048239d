"""The MSE of y_hat = W x + b as the exact quadratic bowl it is.

With centred statistics (means, variances and the covariance of x and y) the
loss at any (W, b) is

    MSE(W, b) = L* + var_x (W - W*)^2 + (mean_y - W mean_x - b)^2,

where (W*, b*) is the least-squares optimum and L* the loss there. Loss,
gradient and Hessian therefore cost O(1) per point whatever the number of
samples, and every level set is an exact ellipse around the optimum (two
parallel lines when x is constant).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .data import DataError, Dataset
from .geometry import LevelEllipse, LevelLines

__all__ = ["Bowl"]


@dataclass(frozen=True)
class Bowl:
    """Centred sufficient statistics of a dataset, and the loss surface they define.

    Attributes
    ----------
    n : number of samples.
    mean_x, mean_y : sample means.
    var_x, var_y : population variances (1/n), var_x == 0 exactly when x is constant.
    cov_xy : population covariance (1/n) of x and y.
    min_loss : L*, the MSE at the optimum, computed from the residuals.
    """

    n: int
    mean_x: float
    mean_y: float
    var_x: float
    var_y: float
    cov_xy: float
    min_loss: float

    @classmethod
    def from_data(cls, data: Dataset) -> Bowl:
        """Two-pass (centred) statistics of ``data``: accurate even when x is far from 0.

        Raises :class:`DataError` when x varies so little that its variance
        underflows float64: such an x is not constant, and must not be called so.
        """
        x, y = data.x, data.y
        mean_x, mean_y = float(np.mean(x)), float(np.mean(y))
        if np.ptp(x) == 0.0:
            dx = np.zeros_like(x)
        else:
            dx = x - mean_x
        dy = y - mean_y
        var_x = float(np.mean(dx * dx))
        if var_x == 0.0 and np.ptp(x) > 0.0:
            raise DataError(
                f"x varies by only {np.ptp(x):.3g}, so its variance underflows float64; rescale x "
                f"(e.g. multiply it by 1e{-math.floor(math.log10(np.ptp(x))):+d})"  # 1e+324 overflows a float
            )
        cov_xy = float(np.mean(dx * dy))
        var_y = float(np.mean(dy * dy))
        slope = cov_xy / var_x if var_x > 0 else 0.0
        residual = dy - slope * dx
        min_loss = float(np.mean(residual * residual))
        return cls(data.n, mean_x, mean_y, var_x, var_y, cov_xy, min_loss)

    # -- the surface ---------------------------------------------------------

    @property
    def is_degenerate(self) -> bool:
        """True when x is constant: the bowl is a flat-bottomed valley, not a point minimum."""
        return self.var_x == 0.0

    @property
    def optimum(self) -> tuple[float, float]:
        """(W*, b*), the least-squares fit.

        For constant x every point of the line b = mean_y - W mean_x is optimal;
        this returns its minimum-norm point, as ``np.linalg.lstsq`` does.
        """
        if self.is_degenerate:
            scale = 1.0 + self.mean_x * self.mean_x
            return self.mean_y * self.mean_x / scale, self.mean_y / scale
        w_star = self.cov_xy / self.var_x
        return w_star, self.mean_y - w_star * self.mean_x

    def _offset(self, w, b):
        """mean_y - W mean_x - b: the mean residual of the line (W, b)."""
        return self.mean_y - w * self.mean_x - b

    def loss(self, w, b):
        """Full-data MSE at (w, b); broadcasts over arrays, O(1) per point."""
        w_star, _ = self.optimum
        offset, slope_error = self._offset(w, b), w - w_star
        # Products, not ** 2: a Python float's power raises OverflowError where a product gives inf.
        return self.min_loss + self.var_x * slope_error * slope_error + offset * offset

    def gradient(self, w, b):
        """(dMSE/dW, dMSE/db) at (w, b); broadcasts over arrays."""
        w_star, _ = self.optimum
        offset = self._offset(w, b)
        return 2.0 * self.var_x * (w - w_star) - 2.0 * self.mean_x * offset, -2.0 * offset

    @property
    def hessian(self) -> np.ndarray:
        """H = 2 [[mean x^2, mean x], [mean x, 1]], shape (2, 2)."""
        mean_x2 = self.var_x + self.mean_x * self.mean_x
        return 2.0 * np.array([[mean_x2, self.mean_x], [self.mean_x, 1.0]])

    @property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of the Hessian, ascending, shape (2,).

        The small one comes from det(H) / lambda_max = 4 var_x / lambda_max,
        which stays accurate for badly conditioned data.
        """
        # Work on H / scale so squaring an entry cannot overflow when x reaches 1e100.
        scale = float(np.max(np.abs(self.hessian)))
        (p, q), (_, r) = self.hessian / scale
        half_trace = 0.5 * (p + r)
        big = (half_trace + math.sqrt(max(half_trace * half_trace - (p * r - q * q), 0.0))) * scale
        return np.array([4.0 * self.var_x / big, big])

    @property
    def eigenvectors(self) -> np.ndarray:
        """Unit eigenvectors of the Hessian as columns, matching :attr:`eigenvalues`, shape (2, 2)."""
        (p, q), (_, r) = self.hessian
        big = self.eigenvalues[1]
        # Either row of (H - big I) is orthogonal to the eigenvector; use the larger for accuracy.
        first, second = np.array([big - r, q]), np.array([q, big - p])
        steep = first if np.hypot(*first) >= np.hypot(*second) else second
        if np.hypot(*steep) <= 1e-12 * big:  # a round bowl (standardised x): every direction is an eigenvector
            steep = np.array([0.0, 1.0])
        steep = steep / np.hypot(*steep)
        if steep[0] < 0:
            steep = -steep
        flat = np.array([-steep[1], steep[0]])
        return np.column_stack([flat, steep])

    @property
    def condition_number(self) -> float:
        """lambda_max / lambda_min: the length of the valley (inf when x is constant)."""
        small, big = self.eigenvalues
        return math.inf if small == 0.0 else float(big / small)

    @property
    def critical_lr(self) -> float:
        """2 / lambda_max: full-batch gradient descent diverges for any larger learning rate."""
        return float(2.0 / self.eigenvalues[1])

    # -- level sets ----------------------------------------------------------

    def level_ellipse(self, level: float) -> LevelEllipse:
        """The exact ellipse {MSE = level}.

        Raises ValueError below the minimum, and for constant x, whose level
        sets are lines (see :meth:`level_set`).
        """
        excess = self._excess(level)
        if self.is_degenerate:
            raise ValueError("x is constant, so the level sets are pairs of lines; use Bowl.level_set")
        # (p - p*)^T (H / 2) (p - p*) = excess along each eigenvector.
        half = 0.5 * self.eigenvalues
        semi_axes = np.sqrt(excess / half)
        vectors = self.eigenvectors
        angle = math.atan2(vectors[1, 0], vectors[0, 0])
        return LevelEllipse(level, self.optimum, (float(semi_axes[0]), float(semi_axes[1])), angle)

    def level_set(self, level: float) -> LevelEllipse | LevelLines:
        """{MSE = level}: an ellipse, or for constant x the lines b = mean_y - W mean_x -/+ sqrt(level - L*)."""
        if not self.is_degenerate:
            return self.level_ellipse(level)
        half_gap = math.sqrt(self._excess(level))
        return LevelLines(level, -self.mean_x, (self.mean_y - half_gap, self.mean_y + half_gap))

    def _excess(self, level: float) -> float:
        excess = float(level) - self.min_loss
        if not excess >= -1e-12 * max(self.min_loss, 1e-300):
            raise ValueError(f"level {level!r} is below the minimum loss {self.min_loss!r}; choose a level >= it")
        return max(excess, 0.0)
