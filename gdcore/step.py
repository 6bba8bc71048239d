"""The seed notebook's maths, written literally: the readable reference.

MSE(W, b) = 1/n sum_i (y_i - (x_i W + b))^2
grad_W    = -2/n X^T (y - y_hat)
grad_b    = -2/n sum_i (y_i - y_hat_i)
W <- W - alpha grad_W,   b <- b - alpha grad_b

:func:`gdcore.train` computes the same numbers faster; the tests check it
against :func:`train_reference`, which is the seed's loop line for line.
"""

from __future__ import annotations

import numpy as np

__all__ = ["mse", "gradients", "gd_step"]


def mse(w: float, b: float, x: np.ndarray, y: np.ndarray) -> float:
    """Mean squared error of the line ``y_hat = w x + b`` on (x, y)."""
    y_hat = x * w + b
    return float(np.mean((y - y_hat) ** 2))


def gradients(w: float, b: float, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(dMSE/dW, dMSE/db) on (x, y), the seed's formulas."""
    n = x.shape[0]
    y_hat = x * w + b
    residual = y - y_hat
    grad_w = -2.0 / n * (x @ residual)
    grad_b = -2.0 / n * np.sum(residual)
    return float(grad_w), float(grad_b)


def gd_step(w: float, b: float, x_batch: np.ndarray, y_batch: np.ndarray, lr: float) -> tuple[float, float, float]:
    """One gradient step on a batch: predict, gradients, update.

    Returns
    -------
    (w, b, batch_loss) : the updated parameters and the batch's MSE at the
        parameters *before* the update (the loss the step was computed from).
    """
    grad_w, grad_b = gradients(w, b, x_batch, y_batch)
    batch_loss = mse(w, b, x_batch, y_batch)
    return w - lr * grad_w, b - lr * grad_b, batch_loss
