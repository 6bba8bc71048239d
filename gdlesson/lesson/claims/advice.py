"""What to try when a run did not reach the bottom: the change the bowl's maths says helps most.

A constant-rate mini-batch run's excess loss is, in expectation, the full-batch (mean) descent's excess after
as many steps plus the noise floor the batches keep it on (:func:`gdcore.noise_floor`). More epochs shrink only
the first; a smaller rate lowers the floor but slows the descent; a bigger batch lowers the floor but takes fewer
steps a pass. Each is weighed by that sum, on the same data and start, and the lowest is advised.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from gdcore import Bowl, Dataset, Trajectory, batch_size_at_least, noise_floor, steps_per_epoch
from gdlesson.text import number

__all__ = ["Advice", "advise", "expected_excess"]

EPOCHS_MORE = 4
""""More epochs" is weighed as this many times the run's epochs."""
BATCH_MORE = 4
""""A bigger batch" is weighed as this many times the run's batch, in every batch of an epoch (at most all the
data, see :func:`gdcore.batch_size_at_least`)."""
WORTH = 0.7
"""A change is worth advising when it is expected to leave at most this share of the run's expected excess."""


class Advice(NamedTuple):
    """One change to the run: why it helps and the option that makes it (``words`` names both)."""

    reason: str
    option: str
    expected: float

    @property
    def words(self) -> str:
        return f"{self.reason}. Try {self.option}."


def expected_excess(data: Dataset, bowl: Bowl, init: tuple[float, float], lr: float, batch_size: int, steps: int):
    """E[MSE - MSE*] after ``steps`` steps from ``init``: the mean descent's excess, 1/2 sum lambda_i (1 - lr
    lambda_i)^(2 steps) d_i^2 in the Hessian's eigenbasis (d the start's offset), plus the noise floor."""
    lam, vectors = np.linalg.eigh(bowl.hessian)
    offset = vectors.T @ (np.asarray(init, dtype=float) - np.asarray(bowl.optimum, dtype=float))
    with np.errstate(over="ignore", invalid="ignore"):
        bias = 0.5 * float(np.sum(lam * np.abs(1.0 - lr * lam) ** (2.0 * steps) * offset**2))
    return bias + noise_floor(data, bowl, lr, batch_size)


def advise(run: Trajectory, bowl: Bowl, data: Dataset) -> Advice | None:
    """The change expected to lower the run's final excess most: more epochs, a bigger or smaller rate (as a
    multiple of the critical rate, kept under half of it), or a bigger batch; None when none is expected to leave
    less than :data:`WORTH` of what the run itself is expected to leave. ``data`` is what the run descended on."""
    n, size, lr = run.n, run.batch_size, run.lr
    factor = lr / bowl.critical_lr

    def expect(rate: float, batch: int, epochs: int) -> float:
        return expected_excess(data, bowl, run.init, rate, batch, epochs * steps_per_epoch(n, batch))

    noisy = size < n
    options = [Advice("not yet at the bottom", "more epochs", expect(lr, size, EPOCHS_MORE * run.epochs))]
    if factor < 0.25:
        options.append(Advice("the steps are small", "--lr 0.5x", expect(0.5 * bowl.critical_lr, size, run.epochs)))
    if noisy:
        smaller = f"--lr {number(factor / 2, 2)}x"
        options.append(Advice("mini-batch noise keeps it up", smaller, expect(lr / 2, size, run.epochs)))
        # every batch of an epoch that big, the last (the run's final kick) included: else its noise decides
        bigger = batch_size_at_least(n, min(n, BATCH_MORE * size))
        batch = "--batch-size full" if bigger == n else f"--batch-size {bigger}"
        options.append(Advice("mini-batch noise keeps it up", batch, expect(lr, bigger, run.epochs)))
    best = min(options, key=lambda option: option.expected)  # the first of equals: the order above
    now = expect(lr, size, run.epochs)
    return best if best.expected <= WORTH * now else None
