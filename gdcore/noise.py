"""How far above the minimum mini-batch descent at a constant rate keeps rattling: its noise floor."""

from __future__ import annotations

import math

import numpy as np

from .bowl import Bowl
from .data import Dataset

__all__ = ["noise_floor", "quiet_batch_size"]


def noise_floor(data: Dataset, bowl: Bowl, lr: float, batch_size: int) -> float:
    """The expected excess loss E[MSE - MSE*] of mini-batch descent at rate ``lr`` once it has forgotten its start.

    Near the optimum theta* a step is theta' - theta* = (I - lr H)(theta - theta*) - lr e,
    where e is the batch's gradient error at theta*: mean 0 and, for a batch of B samples
    drawn without replacement from n, covariance C (n - B) / (B (n - 1)), C being the
    covariance of the per-sample gradients -2 r_i (x_i, 1) at the optimum. In the Hessian's
    eigenbasis (lambda_i, c_i) the stationary variance is lr^2 c_i / (1 - (1 - lr lambda_i)^2),
    so the excess (1/2) sum lambda_i s_i is sum lr c_i / (2 (2 - lr lambda_i)): linear in the
    noise, 0 for the full batch, infinite from the critical rate on. It leaves out that a
    batch's own curvature differs from H, which adds to the floor for tiny batches and near the
    critical rate, and that an epoch's batch errors sum to zero, which lowers it: for batches of
    10 or more up to half the critical rate it matches long runs to about 15% (tested).
    """
    single = _single_sample_floor(data, bowl, lr)
    return single if math.isinf(single) else single * _batch_share(data.n, batch_size)


def _single_sample_floor(data: Dataset, bowl: Bowl, lr: float) -> float:
    """:func:`noise_floor` for batches of one sample drawn with replacement (infinite from the critical rate on)."""
    lam, vectors = np.linalg.eigh(bowl.hessian)
    if lr * lam[-1] >= 2.0:
        return float("inf")
    w, b = bowl.optimum
    residual = data.y - (w * data.x + b)
    squared = residual * residual
    # The per-sample gradients -2 r_i (x_i, 1) have mean 0 at the optimum: their covariance is 4 E[r^2 (x, 1)(x, 1)^T].
    xx, x1, one = np.mean(squared * data.x * data.x), np.mean(squared * data.x), np.mean(squared)
    per_sample = 4.0 * np.array([[xx, x1], [x1, one]])
    c = np.einsum("ji,jk,ki->i", vectors, per_sample, vectors)
    return float(np.sum(lr * c / (2.0 * (2.0 - lr * lam))))


def _batch_share(n: int, batch_size: int) -> float:
    """How much of one sample's gradient variance a batch drawn without replacement keeps: (n - B) / (B (n - 1))."""
    return (n - batch_size) / (batch_size * max(n - 1, 1))


def quiet_batch_size(data: Dataset, bowl: Bowl, lr: float, excess: float) -> int:
    """The smallest batch size whose :func:`noise_floor` at rate ``lr`` is at most ``excess``.

    The floor falls with the batch as (n - B) / (B (n - 1)) times that of one sample, so the
    answer is the least B >= floor_1 n / (excess (n - 1) + floor_1): n at most (the full batch
    has no noise). 1 when one sample is quiet enough, and when nothing is asked (``excess`` <= 0)
    or no batch settles (at or above the critical rate the floor is infinite).
    """
    n = data.n
    single = _single_sample_floor(data, bowl, lr)
    if excess <= 0.0 or not math.isfinite(single) or single <= excess or n == 1:
        return 1
    size = min(n, math.ceil(single * n / (excess * (n - 1) + single)))
    while size < n and single * _batch_share(n, size) > excess:  # a rounding at the boundary
        size += 1
    return size
