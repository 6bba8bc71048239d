"""The record of one training run: every step's parameters, losses and batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .hyper import Hyperparameters

__all__ = ["BatchIndices", "Trajectory", "steps_per_epoch"]


def steps_per_epoch(n: int, batch_size: int) -> int:
    """ceil(n / batch_size): the steps of one epoch."""
    return -(-n // batch_size)


class BatchIndices(Sequence):
    """Which samples formed each step's batch, stored flat.

    ``indices[t]`` is the integer array of sample indices used by step t + 1,
    a view into ``order[offsets[t]:offsets[t + 1]]``. Storing one flat array
    keeps a million-step run cheap to record and to save.
    """

    def __init__(self, order: np.ndarray, offsets: np.ndarray) -> None:
        self.order = np.asarray(order, dtype=np.int64)
        self.offsets = np.asarray(offsets, dtype=np.int64)
        self.order.setflags(write=False)
        self.offsets.setflags(write=False)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, step):
        if isinstance(step, slice):
            return [self[i] for i in range(*step.indices(len(self)))]
        if step < 0:
            step += len(self)
        if not 0 <= step < len(self):
            raise IndexError(f"batch {step} out of range for {len(self)} steps")
        return self.order[self.offsets[step] : self.offsets[step + 1]]

    @property
    def sizes(self) -> np.ndarray:
        """Batch size of each step, shape (T,)."""
        return np.diff(self.offsets)


@dataclass(frozen=True, eq=False)
class Trajectory:
    """A recorded gradient-descent run of T steps.

    Attributes
    ----------
    w, b : shape (T+1,), parameters before the first step and after each step.
    loss : shape (T+1,), full-data MSE at (w, b).
    batch_loss : shape (T,), each step's batch MSE at the parameters it started from.
    epoch : shape (T,), the epoch (from 0) each step belongs to.
    batch_indices : T integer arrays, the samples of each step's batch.
    hyper : the hyperparameters of the run (``lr``, ``batch_size``, ``epochs``,
        ``init``, ``seed`` and ``shuffle`` read through to it).
    n : number of samples in the dataset.
    diverged_at : the first step (1..T') whose parameters or loss were
        non-finite or whose loss exceeded the divergence limit; None if the run
        stayed bounded. Recording stops there; every stored value is finite.
    """

    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    batch_loss: np.ndarray
    epoch: np.ndarray
    batch_indices: BatchIndices
    hyper: Hyperparameters
    n: int
    diverged_at: int | None

    def __post_init__(self) -> None:
        for name in ("w", "b", "loss", "batch_loss", "epoch"):
            getattr(self, name).setflags(write=False)

    @property
    def lr(self) -> float:
        return self.hyper.lr

    @property
    def batch_size(self) -> int:
        return self.hyper.batch_size

    @property
    def epochs(self) -> int:
        return self.hyper.epochs

    @property
    def init(self) -> tuple[float, float]:
        return self.hyper.init

    @property
    def seed(self) -> int:
        return self.hyper.seed

    @property
    def shuffle(self) -> bool:
        return self.hyper.shuffle

    @property
    def steps(self) -> int:
        """T, the number of recorded updates."""
        return len(self.batch_loss)

    @property
    def steps_per_epoch(self) -> int:
        """Batches in one pass over the data: ceil(n / batch_size), the last one smaller when it does not divide."""
        return steps_per_epoch(self.n, self.batch_size)

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    @property
    def final(self) -> tuple[float, float]:
        """The last recorded (W, b)."""
        return float(self.w[-1]), float(self.b[-1])

    @property
    def examples_seen(self) -> np.ndarray:
        """Cumulative number of samples used after each step, shape (T+1,), starting at 0."""
        return np.concatenate([[0], np.cumsum(self.batch_indices.sizes)])

    # -- persistence ---------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write an .npz file (no pickles) that :meth:`load` reads back exactly."""
        np.savez(
            path,
            w=self.w,
            b=self.b,
            loss=self.loss,
            batch_loss=self.batch_loss,
            epoch=self.epoch,
            order=self.batch_indices.order,
            offsets=self.batch_indices.offsets,
            lr=self.lr,
            batch_size=self.batch_size,
            epochs=self.epochs,
            init=np.array(self.init, dtype=np.float64),
            seed=self.seed,
            shuffle=self.shuffle,
            n=self.n,
            diverged_at=-1 if self.diverged_at is None else self.diverged_at,
        )

    @classmethod
    def load(cls, path: str | Path) -> Trajectory:
        """Read a file written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as f:
            diverged_at = int(f["diverged_at"])
            return cls(
                w=f["w"],
                b=f["b"],
                loss=f["loss"],
                batch_loss=f["batch_loss"],
                epoch=f["epoch"],
                batch_indices=BatchIndices(f["order"], f["offsets"]),
                hyper=Hyperparameters(
                    lr=float(f["lr"]),
                    batch_size=int(f["batch_size"]),
                    epochs=int(f["epochs"]),
                    init=(float(f["init"][0]), float(f["init"][1])),
                    seed=int(f["seed"]),
                    shuffle=bool(f["shuffle"]),
                ),
                n=int(f["n"]),
                diverged_at=None if diverged_at < 0 else diverged_at,
            )
