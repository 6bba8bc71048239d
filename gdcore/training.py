"""Mini-batch gradient descent, recorded step by step.

:func:`train` gives the same numbers as the seed's loop (:func:`train_reference`)
at a fraction of the cost. A batch's gradient is linear in (W, b) given the
batch's own sums, so the sums of every batch of every epoch come from one
vectorised pass and only a 2-parameter recurrence runs step by step; the
full-data loss of each step costs O(1) through the :class:`Bowl`.
"""

from __future__ import annotations

import math
import sys

import numpy as np

from .bowl import Bowl
from .data import MAX_SAMPLES, Dataset
from .hyper import Hyperparameters
from .step import gd_step, mse
from .trajectory import BatchIndices, Trajectory, steps_per_epoch

__all__ = [
    "BYTES_PER_STEP",
    "DIVERGENCE_FACTOR",
    "MAX_RUN_BYTES",
    "MAX_STEPS",
    "RunError",
    "check_budget",
    "run_bytes",
    "start_loss",
    "train",
    "train_reference",
]

DIVERGENCE_FACTOR = 1e6
"""A run is flagged as diverged once its loss exceeds this multiple of
max(starting loss, loss of the zero line)."""

MAX_STEPS = 5_000_000
"""The most steps a run may record (200 MB of record at :data:`BYTES_PER_STEP`)."""

BYTES_PER_STEP = 40
"""The record of one step: w, b, loss, batch loss (float64) and epoch (int64)."""

BYTES_PER_SAMPLE = 120
"""Per sample of a chunk: the data, the chunk's order, its shuffled and centred copies and the residuals."""

MAX_RUN_BYTES = BYTES_PER_SAMPLE * MAX_SAMPLES + 100_000_000
"""The most memory a run may need by :func:`run_bytes`: the largest data set allowed (:data:`MAX_SAMPLES`
rows, 600 MB of working copies) with 100 MB for its record, so the documented limits agree (700 MB)."""

BYTES_PER_BATCH = 250
"""Per batch of a chunk: its four sums, size, W and b as Python floats while the chunk runs."""


CHUNK_SAMPLES = 100_000
"""Samples (epochs x n) :func:`train` shuffles and sums in one pass: bounds its working memory."""


class RunError(ValueError):
    """A run that cannot be done as asked: beyond the budgets, or a start float64 cannot hold."""


def train(data: Dataset, hyper: Hyperparameters | None = None, /, **settings) -> Trajectory:
    """Fit y_hat = W x + b by mini-batch gradient descent and record every step.

    Each epoch shuffles the samples with ``np.random.default_rng(seed)`` (one
    permutation per epoch), splits them into batches of ``batch_size`` (the
    last one smaller when n is not a multiple) and takes one step per batch.
    ``batch_size == n`` is full-batch gradient descent, 1 is SGD. The step is
    the batch gradient's through ``hyper.optimizer`` (plain descent by default;
    momentum, Nesterov, RMSProp or Adam as in torch.optim: :mod:`gdcore.optim`),
    on the same batches whatever the optimizer.

    ``hyper`` is a :class:`Hyperparameters`; or give its fields as keywords,
    ``train(data, lr=0.1, batch_size=10, epochs=20)``.

    Training stops at the first step that diverges (see :class:`Trajectory`);
    that is a result, not an error, and raises no NumPy warning. The work is
    done an epoch at a time, so memory is O(n) plus the record's 40 bytes a
    step; a run beyond the budgets (see :func:`check_budget`) or a start
    whose loss float64 cannot hold raises :class:`RunError` before any work.
    """
    hyper = _hyperparameters(data, hyper, settings)
    check_budget(data.n, hyper.batch_size, hyper.epochs)
    lr, init, n = hyper.lr, hyper.init, data.n
    bowl = Bowl.from_data(data)
    w, b = float(init[0]), float(init[1])
    limit = _divergence_limit(start_loss(bowl, w, b), float(bowl.loss(0.0, 0.0)))
    per_epoch = steps_per_epoch(n, hyper.batch_size)
    total = per_epoch * hyper.epochs
    schedule = BatchIndices(n, hyper.batch_size, seed=hyper.seed, shuffle=hyper.shuffle, steps=total)
    cuts = np.arange(0, n, hyper.batch_size)
    epoch_counts = schedule.sizes[:per_epoch].astype(np.float64)
    # Several epochs at once while they hold at most CHUNK_SAMPLES samples: few NumPy calls for
    # small data, O(n) memory for large data.
    chunk = max(1, CHUNK_SAMPLES // n)

    # Shift to centred coordinates u = x - s, v = y - t so the batch sums stay
    # small; the residual of the line (W, b) is then v - W u - c with c = b + W s - t.
    s, t = bowl.mean_x, bowl.mean_y
    w_star, _ = bowl.optimum
    min_loss, var_x = bowl.min_loss, bowl.var_x
    w_path, b_path = np.empty(total + 1), np.empty(total + 1)
    batch_loss = np.empty(total)
    w_path[0], b_path[0] = w, b
    step, diverged_at = 0, None
    isfinite = math.isfinite
    # Plain descent steps inline (the seed's numbers, to the bit); any other optimizer through its update.
    update, state = None, None
    if hyper.optimizer != "gd":
        transformation = hyper.transformation()
        update, state = transformation.update, transformation.init((w, b))
    for first_epoch in range(0, hyper.epochs, chunk):
        epochs = range(first_epoch, min(first_epoch + chunk, hyper.epochs))
        order = np.concatenate([schedule.epoch_order(epoch) for epoch in epochs])
        starts = (cuts + n * np.arange(len(epochs))[:, None]).ravel()
        counts = np.tile(epoch_counts, len(epochs))
        x, y = data.x[order], data.y[order]
        u, v = x - s, y - t
        sum_u = np.add.reduceat(u, starts).tolist()
        sum_v = np.add.reduceat(v, starts).tolist()
        sum_uu = np.add.reduceat(u * u, starts).tolist()
        sum_uv = np.add.reduceat(u * v, starts).tolist()
        del u, v
        ws, bs = [], []
        for j, m in enumerate(counts.tolist()):
            c = b + w * s - t
            sum_r = sum_v[j] - w * sum_u[j] - c * m
            sum_ur = sum_uv[j] - w * sum_uu[j] - c * sum_u[j]
            grad_w = -2.0 / m * (sum_ur + s * sum_r)
            grad_b = -2.0 / m * sum_r
            if update is None:
                w_next = w - lr * grad_w
                b_next = b - lr * grad_b
            else:
                (step_w, step_b), state = update((grad_w, grad_b), state)
                w_next, b_next = w + step_w, b + step_b
            dw, offset = w_next - w_star, t - w_next * s - b_next
            loss = min_loss + var_x * dw * dw + offset * offset
            if not (loss <= limit and isfinite(w_next) and isfinite(b_next)):
                diverged_at = step + len(ws) + 1
                if isfinite(loss) and isfinite(w_next) and isfinite(b_next):
                    ws.append(w_next)
                    bs.append(b_next)
                break
            w, b = w_next, b_next
            ws.append(w)
            bs.append(b)
        first, done = step, len(ws)
        step += done
        w_path[first + 1 : step + 1], b_path[first + 1 : step + 1] = ws, bs
        # Batch losses need each step's residuals; with every (W, b) known this is one pass.
        # Same operations as the seed's step, so the values match it to the last bit or two.
        if done:
            used = int(starts[done - 1] + counts[done - 1])
            repeats = counts[:done].astype(np.int64)
            y_hat = x[:used] * np.repeat(w_path[first:step], repeats) + np.repeat(b_path[first:step], repeats)
            residual = y[:used] - y_hat
            batch_loss[first:step] = np.add.reduceat(residual * residual, starts[:done]) / counts[:done]
        if diverged_at is not None:
            break

    w_path, b_path = w_path[: step + 1].copy(), b_path[: step + 1].copy()
    recorded = schedule.head(step)
    return _trajectory(data, bowl, hyper, w_path, b_path, batch_loss[:step].copy(), recorded, diverged_at)


def train_reference(data: Dataset, hyper: Hyperparameters | None = None, /, **settings) -> Trajectory:
    """The seed's loop, literally: shuffle, split, :func:`gd_step`, full-data :func:`mse`.

    Costs O(n) per step for the full-data loss; the readable truth that
    :func:`train` is tested against. Its ``batch_indices`` are the batches
    it used, as a tuple of arrays. Plain gradient descent only: the other
    optimizers are tested against their papers' loops.
    """
    hyper = _hyperparameters(data, hyper, settings)
    if hyper.optimizer != "gd":
        raise ValueError(
            f"train_reference: the seed's loop is plain gradient descent (optimizer 'gd'), got {hyper.optimizer!r}"
        )
    check_budget(data.n, hyper.batch_size, hyper.epochs)
    lr, init, batch_size = hyper.lr, hyper.init, hyper.batch_size
    x, y, n = data.x, data.y, data.n
    rng = np.random.default_rng(hyper.seed)
    w, b = float(init[0]), float(init[1])
    with np.errstate(all="ignore"):
        limit = _divergence_limit(mse(w, b, x, y), mse(0.0, 0.0, x, y))
    ws, bs, batch_losses, order = [w], [b], [], []
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
                if not (keep and loss <= limit):
                    diverged_at = len(batch_losses) + (0 if keep else 1)
                    break
            if diverged_at is not None:
                break
    w_path, b_path = np.array(ws), np.array(bs)
    return _trajectory(
        data, Bowl.from_data(data), hyper, w_path, b_path, np.array(batch_losses), tuple(order), diverged_at
    )


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


def _divergence_limit(start_loss: float, zero_line_loss: float) -> float:
    """The loss that counts as diverged; at most the largest float, so an infinite loss always counts."""
    return min(DIVERGENCE_FACTOR * max(start_loss, zero_line_loss), sys.float_info.max)


def start_loss(bowl: Bowl, w: float, b: float) -> float:
    """The loss at the start (W0, b0), or :class:`RunError` when float64 cannot hold it."""
    loss = float(bowl.loss(w, b))
    if not math.isfinite(loss):
        w_star, b_star = bowl.optimum
        raise RunError(
            f"train: the loss at init ({w:g}, {b:g}) overflows float64; start nearer the best fit "
            f"({w_star:.4g}, {b_star:.4g}), e.g. init = [0, 0]"
        )
    return loss


def check_budget(n: int, batch_size: int, epochs: int) -> None:
    """Raise :class:`RunError` unless a run of ``epochs`` over ``n`` samples fits the budgets.

    At most :data:`MAX_STEPS` steps, and at most :data:`MAX_RUN_BYTES` of
    memory by :func:`run_bytes`. Checked before any work: a run past them
    would otherwise be killed for memory minutes later without a word.
    """
    per_epoch = steps_per_epoch(n, batch_size)
    steps = per_epoch * epochs
    if steps > MAX_STEPS:
        raise RunError(
            f"train: {epochs:,} epochs x {per_epoch:,} steps per epoch = {steps:,} steps, above the budget of "
            f"{MAX_STEPS:,}; use fewer epochs or a larger batch_size"
        )
    needed = run_bytes(n, batch_size, epochs)
    if needed > MAX_RUN_BYTES:
        raise RunError(
            f"train: the run needs about {math.ceil(needed / 1e6):,} MB ({n:,} samples, {steps:,} steps), above the "
            f"budget of {MAX_RUN_BYTES / 1e6:,.0f} MB; use fewer samples, fewer epochs or a larger batch_size"
        )


def run_bytes(n: int, batch_size: int, epochs: int) -> int:
    """An upper estimate of the memory :func:`train` uses: its record, the data and one chunk of epochs."""
    per_epoch = steps_per_epoch(n, batch_size)
    chunk = max(1, CHUNK_SAMPLES // n)
    return BYTES_PER_STEP * per_epoch * epochs + BYTES_PER_SAMPLE * n * chunk + BYTES_PER_BATCH * per_epoch * chunk


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
