"""The record of one training run: every step's parameters, losses and batch."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .hyper import Hyperparameters
from .optim import DEFAULT_PARAMETERS

__all__ = ["BatchIndices", "Trajectory", "batch_size_at_least", "batch_sizes", "steps_per_epoch"]


def steps_per_epoch(n: int, batch_size: int) -> int:
    """ceil(n / batch_size): the steps of one epoch."""
    return -(-n // batch_size)


def batch_size_at_least(n: int, size: int) -> int:
    """The smallest batch size >= ``size`` whose every batch of an epoch holds at least ``size`` samples.

    An epoch is cut every B samples, so its last batch holds n - (ceil(n / B) - 1) B
    samples: as few as 1 for B = ``size`` when n leaves a remainder of 1 (n = 101, B = 10). That
    batch's gradient is the noisiest of the epoch and it is the run's final step, so its kick sets
    the final loss. The answer is ``size`` when it divides n, ``n`` (full batch) when n < 2 ``size``.
    Keeping k = ceil(n / size) batches of ceil(n / k) is not enough under this cut: n = 101 gives
    k = 11, B = 10 and again a last batch of 1.
    """
    if n <= size:
        return n
    return next(b for b in range(size, n + 1) if n - (steps_per_epoch(n, b) - 1) * b >= size)


def batch_sizes(n: int, batch_size: int, steps: int) -> np.ndarray:
    """The size of each of the first ``steps`` batches, shape (steps,): ``batch_size``, the last of an epoch less."""
    per_epoch = steps_per_epoch(n, batch_size)
    within = np.arange(steps, dtype=np.int64) % per_epoch
    return np.minimum(batch_size, n - within * batch_size)


class BatchIndices(Sequence):
    """Which samples formed each step's batch, regenerated from the seed on demand.

    Epoch e's order is the (e+1)-th ``rng.permutation(n)`` of
    ``np.random.default_rng(seed)`` (``arange(n)`` without shuffling), cut
    every ``batch_size`` samples; ``indices[t]`` is the integer array of
    step t + 1. Nothing is stored per step: looking a step up regenerates its
    epoch's order and keeps it, so walking the steps in order costs one
    permutation per epoch and the record costs no memory per step.
    """

    def __init__(self, n: int, batch_size: int, *, seed: int, shuffle: bool, steps: int) -> None:
        self.n, self.batch_size, self.seed, self.shuffle, self.steps = n, batch_size, seed, shuffle, steps
        self._cached: tuple[int, np.ndarray, np.random.Generator] | None = None

    def __len__(self) -> int:
        return self.steps

    def __getitem__(self, step):
        if isinstance(step, slice):
            return [self[i] for i in range(*step.indices(len(self)))]
        if step < 0:
            step += len(self)
        if not 0 <= step < len(self):
            raise IndexError(f"batch {step} out of range for {len(self)} steps")
        epoch, within = divmod(step, steps_per_epoch(self.n, self.batch_size))
        start = within * self.batch_size
        return self.epoch_order(epoch)[start : start + self.batch_size]

    def epoch_order(self, epoch: int) -> np.ndarray:
        """The order of the samples in ``epoch`` (from 0), shape (n,), read-only."""
        if not self.shuffle:
            order = np.arange(self.n)
        else:
            cached = self._cached
            if cached is None or cached[0] > epoch:
                cached = (-1, None, np.random.default_rng(self.seed))
            done, order, rng = cached
            for _ in range(epoch - done):
                order = rng.permutation(self.n)
            self._cached = (epoch, order, rng)
        order.setflags(write=False)
        return order

    def epoch_orders(self) -> Iterator[np.ndarray]:
        """Every epoch's order in turn, for the epochs the steps reach."""
        epochs = -(-self.steps // steps_per_epoch(self.n, self.batch_size))
        return (self.epoch_order(epoch) for epoch in range(epochs))

    @property
    def sizes(self) -> np.ndarray:
        """Batch size of each step, shape (T,)."""
        return batch_sizes(self.n, self.batch_size, self.steps)

    def head(self, steps: int) -> BatchIndices:
        """The batches of the first ``steps`` steps."""
        return BatchIndices(self.n, self.batch_size, seed=self.seed, shuffle=self.shuffle, steps=min(steps, self.steps))


@dataclass(frozen=True, eq=False)
class Trajectory:
    """A recorded gradient-descent run of T steps.

    Attributes
    ----------
    w, b : shape (T+1,), parameters before the first step and after each step.
    loss : shape (T+1,), full-data MSE at (w, b).
    batch_loss : shape (T,), each step's batch MSE at the parameters it started from.
    epoch : shape (T,), the epoch (from 0) each step belongs to.
    batch_indices : T integer arrays, the samples of each step's batch (a
        :class:`BatchIndices` regenerated from the seed: no memory per step).
    hyper : the hyperparameters of the run (``lr``, ``batch_size``, ``epochs``,
        ``init``, ``seed``, ``shuffle`` and ``optimizer`` read through to it).
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
    batch_indices: Sequence[np.ndarray]
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
    def optimizer(self) -> str:
        return self.hyper.optimizer

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
        return np.concatenate([[0], np.cumsum(batch_sizes(self.n, self.batch_size, self.steps))])

    # -- persistence ---------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write an .npz file (no pickles) that :meth:`load` reads back exactly.

        The batches are not written: the hyperparameters regenerate them.
        """
        np.savez(
            path,
            w=self.w,
            b=self.b,
            loss=self.loss,
            batch_loss=self.batch_loss,
            epoch=self.epoch,
            lr=self.lr,
            batch_size=self.batch_size,
            epochs=self.epochs,
            init=np.array(self.init, dtype=np.float64),
            seed=self.seed,
            shuffle=self.shuffle,
            n=self.n,
            diverged_at=-1 if self.diverged_at is None else self.diverged_at,
            optimizer=self.optimizer,
            **self.hyper.optimizer_parameters,
        )

    @classmethod
    def load(cls, path: str | Path) -> Trajectory:
        """Read a file written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as f:
            diverged_at = int(f["diverged_at"])
            n, batch_size, seed, shuffle = int(f["n"]), int(f["batch_size"]), int(f["seed"]), bool(f["shuffle"])
            steps = len(f["batch_loss"])
            return cls(
                w=f["w"],
                b=f["b"],
                loss=f["loss"],
                batch_loss=f["batch_loss"],
                epoch=f["epoch"],
                batch_indices=BatchIndices(n, batch_size, seed=seed, shuffle=shuffle, steps=steps),
                hyper=Hyperparameters(
                    lr=float(f["lr"]),
                    batch_size=batch_size,
                    epochs=int(f["epochs"]),
                    init=(float(f["init"][0]), float(f["init"][1])),
                    seed=seed,
                    shuffle=shuffle,
                    # Files written before the optimizers were plain descent.
                    optimizer=str(f["optimizer"]) if "optimizer" in f else "gd",
                    **{name: float(f[name]) for name in DEFAULT_PARAMETERS if name in f},
                ),
                n=n,
                diverged_at=None if diverged_at < 0 else diverged_at,
            )
