"""The hyperparameters of one mini-batch run, as one checked value."""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

from .optim import DEFAULT_PARAMETERS, OPTIMIZERS, PARAMETERS, GradientTransformation, check_parameter, optimizer

__all__ = ["Hyperparameters"]


@dataclass(frozen=True)
class Hyperparameters:
    """What a run of :func:`gdcore.train` is asked to do.

    Attributes
    ----------
    lr : learning rate alpha, a finite number > 0.
    batch_size : samples per step, an integer >= 1 (at most n: checked by ``train``).
    epochs : passes over the data, an integer >= 1.
    init : (W0, b0), two finite numbers.
    seed : seed of the per-epoch shuffles, an integer >= 0.
    shuffle : shuffle the samples every epoch (False keeps their stored order).
    optimizer : the update rule, one of ``gd`` (plain gradient descent), ``momentum``, ``nesterov``,
        ``rmsprop`` and ``adam`` (see :mod:`gdcore.optim`).
    momentum, alpha, beta1, beta2, eps : the optimizer's own parameters (:data:`gdcore.optim.PARAMETERS`):
        those it takes default to PyTorch's (:data:`gdcore.optim.DEFAULT_PARAMETERS`), the others are
        None and giving one is an error.

    Raises ValueError naming the field, the value and what is accepted.
    """

    lr: float
    batch_size: int
    epochs: int
    init: tuple[float, float] = (0.0, 0.0)
    seed: int = 0
    shuffle: bool = True
    optimizer: str = "gd"
    momentum: float | None = None
    alpha: float | None = None
    beta1: float | None = None
    beta2: float | None = None
    eps: float | None = None

    def __post_init__(self) -> None:
        lr, batch_size, epochs, init, seed = self.lr, self.batch_size, self.epochs, self.init, self.seed
        if isinstance(lr, bool) or not isinstance(lr, Real) or not math.isfinite(lr) or lr <= 0:
            raise ValueError(f"lr must be a finite number > 0, got {lr!r}")
        if not _whole(batch_size, 1):
            raise ValueError(f"batch_size must be an integer >= 1 (1 is SGD), got {batch_size!r}")
        if not _whole(epochs, 1):
            raise ValueError(f"epochs must be an integer >= 1, got {epochs!r}")
        if (
            not isinstance(init, (tuple, list))
            or len(init) != 2
            or any(isinstance(v, bool) or not isinstance(v, Real) or not math.isfinite(v) for v in init)
        ):
            raise ValueError(f"init must be two finite numbers (W0, b0), got {init!r}")
        if not _whole(seed, 0):
            raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
        if not isinstance(self.shuffle, bool):
            raise ValueError(f"shuffle must be True or False, got {self.shuffle!r}")
        for name, value in (("lr", float(lr)), ("batch_size", int(batch_size)), ("epochs", int(epochs))):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "init", (float(init[0]), float(init[1])))
        object.__setattr__(self, "seed", int(seed))
        self._check_optimizer()

    def _check_optimizer(self) -> None:
        name = self.optimizer
        if name not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, got {name!r}")
        takes = PARAMETERS[name]
        for parameter in DEFAULT_PARAMETERS:
            value = getattr(self, parameter)
            if parameter not in takes:
                if value is not None:
                    users = [other for other in OPTIMIZERS if parameter in PARAMETERS[other]]
                    raise ValueError(
                        f"{parameter} is a parameter of {' and '.join(users)}, not of optimizer {name!r}; "
                        "leave it unset"
                    )
                continue
            if value is None:
                value = DEFAULT_PARAMETERS[parameter]
            problem = check_parameter(parameter, value, name)
            if problem is not None:
                raise ValueError(f"{parameter} must be {problem}, got {value!r}")
            object.__setattr__(self, parameter, float(value))

    @property
    def optimizer_parameters(self) -> dict[str, float]:
        """The optimizer's own parameters by name, e.g. ``{"momentum": 0.9}`` (empty for ``gd``)."""
        return {name: getattr(self, name) for name in PARAMETERS[self.optimizer]}

    def transformation(self) -> GradientTransformation:
        """The optimizer's (init, update) pair at this learning rate (see :func:`gdcore.optim.optimizer`)."""
        return optimizer(self.optimizer, self.lr, **self.optimizer_parameters)


def _whole(value, minimum: int) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool) and value >= minimum
