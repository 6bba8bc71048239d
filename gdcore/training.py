"""Mini-batch gradient descent, recorded step by step.

:func:`train` gives the same numbers as the seed's loop (:func:`train_reference`)
at a fraction of the cost. A batch's gradient is linear in (W, b) given the
batch's own sums, so the sums of every batch of every epoch come from one
vectorised pass and only a 2-parameter recurrence runs step by step; the
full-data loss of each step costs O(1) through the :class:`Bowl`.
"""

from __future__ import annotations

import math

import numpy as np

from .bowl import Bowl
from .data import Dataset
from .hyper import Hyperparameters
from .step import gd_step, mse
from .trajectory import BatchIndices, Trajectory, steps_per_epoch

__all__ = ["DIVERGENCE_FACTOR", "train", "train_reference"]

DIVERGENCE_FACTOR = 1e6
"""A run is flagged as diverged once its loss exceeds this multiple of
max(starting loss, loss of the zero line)."""


def train(data: Dataset, hyper: Hyperparameters | None = None, /, **settings) -> Trajectory:
    """Fit y_hat = W x + b by mini-batch gradient descent and record every step.

    Each epoch shuffles the samples with ``np.random.default_rng(seed)`` (one
    permutation per epoch), splits them into batches of ``batch_size`` (the
    last one smaller when n is not a multiple) and takes one step per batch.
    ``batch_size == n`` is full-batch gradient descent, 1 is SGD.

    ``hyper`` is a :class:`Hyperparameters`; or give its fields as keywords,
    ``train(data, lr=0.1, batch_size=10, epochs=20)``.

    Training stops at the first step that diverges (see :class:`Trajectory`);
    that is a result, not an error, and raises no NumPy warning.
    """
    hyper = _hyperparameters(data, hyper, settings)
    lr, init = hyper.lr, hyper.init
    bowl = Bowl.from_data(data)
    batches = _schedule(data.n, hyper.batch_size, hyper.epochs, hyper.seed, hyper.shuffle)
    starts = batches.offsets[:-1]
    counts = batches.sizes.astype(np.float64)

    # Shift to centred coordinates u = x - s, v = y - t so the batch sums stay
    # small; the residual of the line (W, b) is then v - W u - c with c = b + W s - t.
    s, t = bowl.mean_x, bowl.mean_y
    x, y = data.x[batches.order], data.y[batches.order]
    u, v = x - s, y - t
    sum_u = np.add.reduceat(u, starts).tolist()
    sum_v = np.add.reduceat(v, starts).tolist()
    sum_uu = np.add.reduceat(u * u, starts).tolist()
    sum_uv = np.add.reduceat(u * v, starts).tolist()
    sizes = counts.tolist()

    w_star, _ = bowl.optimum
    min_loss, var_x = bowl.min_loss, bowl.var_x
    w, b = float(init[0]), float(init[1])
    limit = _divergence_limit(float(bowl.loss(w, b)), float(bowl.loss(0.0, 0.0)))
    ws, bs = [w], [b]
    diverged_at = None
    isfinite = math.isfinite
    for step in range(len(sizes)):
        m = sizes[step]
        c = b + w * s - t
        sum_r = sum_v[step] - w * sum_u[step] - c * m
        sum_ur = sum_uv[step] - w * sum_uu[step] - c * sum_u[step]
        w_next = w - lr * (-2.0 / m * (sum_ur + s * sum_r))
        b_next = b - lr * (-2.0 / m * sum_r)
        dw, offset = w_next - w_star, t - w_next * s - b_next
        loss = min_loss + var_x * dw * dw + offset * offset
        if not (loss <= limit and isfinite(w_next) and isfinite(b_next)):
            diverged_at = step + 1
            if isfinite(loss) and isfinite(w_next) and isfinite(b_next):
                ws.append(w_next)
                bs.append(b_next)
            break
        w, b = w_next, b_next
        ws.append(w)
        bs.append(b)

    w_path, b_path = np.array(ws), np.array(bs)
    steps = len(w_path) - 1
    recorded = BatchIndices(batches.order[: batches.offsets[steps]], batches.offsets[: steps + 1])
    # Batch losses need each step's residuals; with every (W, b) known this is one pass.
    # Same operations as the seed's step, so the values match it to the last bit or two.
    n_used = len(recorded.order)
    y_hat = x[:n_used] * np.repeat(w_path[:-1], recorded.sizes) + np.repeat(b_path[:-1], recorded.sizes)
    residual = y[:n_used] - y_hat
    batch_loss = (np.add.reduceat(residual * residual, starts[:steps]) / counts[:steps]) if steps else np.zeros(0)
    return _trajectory(data, bowl, hyper, w_path, b_path, batch_loss, recorded, diverged_at)


def train_reference(data: Dataset, hyper: Hyperparameters | None = None, /, **settings) -> Trajectory:
    """The seed's loop, literally: shuffle, split, :func:`gd_step`, full-data :func:`mse`.

    Costs O(n) per step for the full-data loss; the readable truth that
    :func:`train` is tested against.
    """
    hyper = _hyperparameters(data, hyper, settings)
    lr, init, batch_size = hyper.lr, hyper.init, hyper.batch_size
    x, y, n = data.x, data.y, data.n
    rng = np.random.default_rng(hyper.seed)
    w, b = float(init[0]), float(init[1])
    with np.errstate(all="ignore"):
        limit = _divergence_limit(mse(w, b, x, y), mse(0.0, 0.0, x, y))
    ws, bs, batch_losses, order, offsets = [w], [b], [], [], [0]
    diverged_at = None
    with np.errstate(all="ignore"):
        for _ in range(hyper.epochs):
            permutation = rng.permutation(n) if hyper.shuffle else np.arange(n)
            for start in range(0, n, batch_size):
                batch = permutation[start : start + batch_size]
                w_next, b_next, batch_loss = gd_step(w, b, x[batch], y[batch], lr)
                loss = mse(w_next, b_next, x, y)
                keep = np.isfinite([w_next, b_next, loss]).all()
                if keep:
                    w, b = w_next, b_next
                    ws.append(w)
                    bs.append(b)
                    batch_losses.append(batch_loss)
                    order.append(batch)
                    offsets.append(offsets[-1] + len(batch))
                if not (keep and loss <= limit):
                    diverged_at = len(batch_losses) + (0 if keep else 1)
                    break
            if diverged_at is not None:
                break
    w_path, b_path = np.array(ws), np.array(bs)
    recorded = BatchIndices(np.concatenate(order) if order else np.zeros(0, np.int64), np.array(offsets))
    return _trajectory(data, Bowl.from_data(data), hyper, w_path, b_path, np.array(batch_losses), recorded, diverged_at)


def _trajectory(data, bowl, hyper, w, b, batch_loss, batches, diverged_at):
    return Trajectory(
        w=w,
        b=b,
        loss=np.asarray(bowl.loss(w, b), dtype=np.float64),
        batch_loss=np.asarray(batch_loss, dtype=np.float64),
        epoch=np.arange(len(batch_loss)) // steps_per_epoch(data.n, hyper.batch_size),
        batch_indices=batches,
        hyper=hyper,
        n=data.n,
        diverged_at=diverged_at,
    )


def _schedule(n: int, batch_size: int, epochs: int, seed: int, shuffle: bool) -> BatchIndices:
    """Every epoch's batches: one ``rng.permutation(n)`` per epoch, cut every ``batch_size``."""
    rng = np.random.default_rng(seed)
    order = np.concatenate([rng.permutation(n) if shuffle else np.arange(n) for _ in range(epochs)])
    cuts = np.arange(0, n, batch_size)
    offsets = np.concatenate([(cuts + e * n) for e in range(epochs)] + [[epochs * n]])
    return BatchIndices(order, offsets)


def _divergence_limit(start_loss: float, zero_line_loss: float) -> float:
    return DIVERGENCE_FACTOR * max(start_loss, zero_line_loss)


def _hyperparameters(data: Dataset, hyper: Hyperparameters | None, settings: dict) -> Hyperparameters:
    """The run's hyperparameters, given whole or as keywords, checked against the data."""
    if not isinstance(data, Dataset):
        raise TypeError(f"train: data must be a gdcore.Dataset, got {type(data).__name__}")
    if hyper is not None and settings:
        raise TypeError("train: give either a Hyperparameters value or its fields as keywords, not both")
    if hyper is None:
        try:
            hyper = Hyperparameters(**settings)
        except TypeError as error:
            raise TypeError(f"train: {error}") from None
    elif not isinstance(hyper, Hyperparameters):
        raise TypeError(f"train: hyper must be a gdcore.Hyperparameters, got {type(hyper).__name__}")
    if hyper.batch_size > data.n:
        raise ValueError(
            f"train: batch_size must be an integer from 1 (SGD) to {data.n} (full batch, the number of samples), "
            f"got {hyper.batch_size!r}"
        )
    return hyper
