"""Optimizers beside plain gradient descent, as pure (init, update) pairs in the style of optax.

Each optimizer is a :class:`GradientTransformation`: ``init(params)`` gives the starting state and
``update(grads, state)`` gives the step's updates and the next state, both pure; the new
parameters are ``apply_updates(params, updates)`` = params + updates. Parameters, gradients and
updates are tuples of floats, here ``(W, b)``; every rule acts on each entry alone.

The numbers follow torch.optim's conventions, operation for operation, so that a viewer who knows
PyTorch sees the same values (weight decay 0, no ``maximize``):

* ``gd``: p <- p - lr g.
* ``momentum`` (heavy ball, Polyak 1964; ``torch.optim.SGD(momentum=mu)``, dampening 0):
  buf <- mu buf + g (the first step's buf is g), p <- p - lr buf.
* ``nesterov`` (Sutskever et al. 2013 in PyTorch's form; ``SGD(momentum=mu, nesterov=True)``):
  buf <- mu buf + g, p <- p - lr (g + mu buf). The recorded p is the look-ahead point
  theta + mu v of the paper's (theta, v).
* ``rmsprop`` (Hinton's lecture 6e; ``torch.optim.RMSprop``, not centred, no momentum):
  v <- alpha v + (1 - alpha) g^2, p <- p - lr g / (sqrt(v) + eps).
* ``adam`` (Kingma and Ba, Algorithm 1; ``torch.optim.Adam``): m <- m + (1 - beta1) (g - m),
  v <- beta2 v + (1 - beta2) g^2, p <- p - lr / (1 - beta1^t) m / (sqrt(v) / sqrt(1 - beta2^t) + eps).

Buffers start at 0, which gives torch's first momentum buffer exactly: mu * 0 + g is g in floating point.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = [
    "DEFAULT_PARAMETERS",
    "OPTIMIZERS",
    "PARAMETERS",
    "AdamState",
    "GradientTransformation",
    "Params",
    "ScaleByRmsState",
    "TraceState",
    "adam",
    "apply_updates",
    "check_parameter",
    "gd",
    "heavy_ball",
    "nesterov",
    "optimizer",
    "rmsprop",
]

Params = tuple[float, ...]
"""Parameters, gradients or updates: here (W, b)."""

OPTIMIZERS = ("gd", "momentum", "nesterov", "rmsprop", "adam")
"""The optimizers by name; ``gd`` is plain mini-batch gradient descent."""

PARAMETERS: dict[str, tuple[str, ...]] = {
    "gd": (),
    "momentum": ("momentum",),
    "nesterov": ("momentum",),
    "rmsprop": ("alpha", "eps"),
    "adam": ("beta1", "beta2", "eps"),
}
"""The parameters each optimizer takes (besides the learning rate)."""

DEFAULT_PARAMETERS: dict[str, float] = {"momentum": 0.9, "alpha": 0.99, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
"""PyTorch's defaults (its SGD has no default momentum: 0.9 is the usual choice, and optax's example)."""

_ACCEPTED = {
    "momentum": "a number from 0 to below 1",
    "alpha": "a number from 0 to below 1 (the decay of the mean squared gradient)",
    "beta1": "a number from 0 to below 1 (the decay of the mean gradient)",
    "beta2": "a number from 0 to below 1 (the decay of the mean squared gradient)",
    "eps": "a finite number > 0",
}


def check_parameter(name: str, value: Any, optimizer: str = "") -> str | None:
    """What ``value`` of parameter ``name`` must be, in words, when it is out of range; None when it is fine.

    Decays (``momentum``, ``alpha``, ``beta1``, ``beta2``) lie in [0, 1) (1 never forgets; torch.optim
    refuses beta >= 1), Nesterov's momentum in (0, 1) (torch.optim: "Nesterov momentum requires a
    momentum"), ``eps`` is finite and > 0 (0 divides 0 by 0 on a zero gradient).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return _ACCEPTED[name]
    if name == "eps":
        return None if value > 0 else _ACCEPTED[name]
    if name == "momentum" and optimizer == "nesterov" and value == 0:
        return "a number above 0 and below 1 for nesterov"
    return None if 0 <= value < 1 else _ACCEPTED[name]


class GradientTransformation(NamedTuple):
    """An optimizer as two pure functions: ``init(params) -> state``, ``update(grads, state) -> (updates, state)``."""

    init: Callable[[Params], Any]
    update: Callable[[Params, Any], tuple[Params, Any]]


class TraceState(NamedTuple):
    """The momentum buffer, one entry per parameter."""

    trace: Params


class ScaleByRmsState(NamedTuple):
    """RMSProp's running mean of squared gradients, one entry per parameter."""

    nu: Params


class AdamState(NamedTuple):
    """Adam's step count t and running means of the gradient (m) and squared gradient (v)."""

    count: int
    mu: Params
    nu: Params


def _zeros(params: Params) -> Params:
    return tuple(0.0 for _ in params)


def apply_updates(params: Params, updates: Params) -> Params:
    """params + updates, entry by entry."""
    return tuple(p + u for p, u in zip(params, updates, strict=True))


def gd(lr: float) -> GradientTransformation:
    """Plain gradient descent: updates -lr g."""

    def init(params: Params) -> tuple[()]:
        return ()

    def update(grads: Params, state: tuple[()]) -> tuple[Params, tuple[()]]:
        return tuple(-lr * g for g in grads), state

    return GradientTransformation(init, update)


def heavy_ball(lr: float, momentum: float = DEFAULT_PARAMETERS["momentum"]) -> GradientTransformation:
    """Momentum (heavy ball) as torch.optim.SGD: buf <- momentum buf + g, updates -lr buf."""
    mu = momentum

    def init(params: Params) -> TraceState:
        return TraceState(_zeros(params))

    def update(grads: Params, state: TraceState) -> tuple[Params, TraceState]:
        trace = tuple(buf * mu + g for buf, g in zip(state.trace, grads, strict=True))
        return tuple(-lr * buf for buf in trace), TraceState(trace)

    return GradientTransformation(init, update)


def nesterov(lr: float, momentum: float = DEFAULT_PARAMETERS["momentum"]) -> GradientTransformation:
    """Nesterov momentum as torch.optim.SGD(nesterov=True): buf <- momentum buf + g, updates -lr (g + momentum buf)."""
    mu = momentum

    def init(params: Params) -> TraceState:
        return TraceState(_zeros(params))

    def update(grads: Params, state: TraceState) -> tuple[Params, TraceState]:
        trace = tuple(buf * mu + g for buf, g in zip(state.trace, grads, strict=True))
        return tuple(-lr * (g + mu * buf) for g, buf in zip(grads, trace, strict=True)), TraceState(trace)

    return GradientTransformation(init, update)


def rmsprop(
    lr: float, alpha: float = DEFAULT_PARAMETERS["alpha"], eps: float = DEFAULT_PARAMETERS["eps"]
) -> GradientTransformation:
    """RMSProp as torch.optim.RMSprop: v <- alpha v + (1 - alpha) g^2, updates -lr g / (sqrt(v) + eps)."""
    keep, fresh = alpha, 1 - alpha
    sqrt = math.sqrt

    def init(params: Params) -> ScaleByRmsState:
        return ScaleByRmsState(_zeros(params))

    def update(grads: Params, state: ScaleByRmsState) -> tuple[Params, ScaleByRmsState]:
        nu = tuple(v * keep + fresh * g * g for v, g in zip(state.nu, grads, strict=True))
        return tuple(-lr * g / (sqrt(v) + eps) for g, v in zip(grads, nu, strict=True)), ScaleByRmsState(nu)

    return GradientTransformation(init, update)


def adam(
    lr: float,
    beta1: float = DEFAULT_PARAMETERS["beta1"],
    beta2: float = DEFAULT_PARAMETERS["beta2"],
    eps: float = DEFAULT_PARAMETERS["eps"],
) -> GradientTransformation:
    """Adam as torch.optim.Adam, bias-corrected, eps added after the square root of the corrected v.

    torch's order: m moves towards g by ``torch.lerp`` (weight 1 - beta1), step size
    lr / (1 - beta1^t), denominator sqrt(v) / sqrt(1 - beta2^t) + eps.
    """
    weight, fresh = 1 - beta1, 1 - beta2
    sqrt = math.sqrt
    small = abs(weight) < 0.5

    def lerp(m: float, g: float) -> float:  # torch.lerp's two branches
        return m + weight * (g - m) if small else g - (g - m) * (1 - weight)

    def init(params: Params) -> AdamState:
        return AdamState(0, _zeros(params), _zeros(params))

    def update(grads: Params, state: AdamState) -> tuple[Params, AdamState]:
        count = state.count + 1
        mu = tuple(lerp(m, g) for m, g in zip(state.mu, grads, strict=True))
        nu = tuple(v * beta2 + fresh * g * g for v, g in zip(state.nu, grads, strict=True))
        step_size = lr / (1 - beta1**count)
        correction = sqrt(1 - beta2**count)
        updates = tuple(-step_size * m / (sqrt(v) / correction + eps) for m, v in zip(mu, nu, strict=True))
        return updates, AdamState(count, mu, nu)

    return GradientTransformation(init, update)


_BUILDERS: dict[str, Callable[..., GradientTransformation]] = {
    "gd": gd,
    "momentum": heavy_ball,
    "nesterov": nesterov,
    "rmsprop": rmsprop,
    "adam": adam,
}


def optimizer(name: str, lr: float, **parameters: float) -> GradientTransformation:
    """The optimizer ``name`` (one of :data:`OPTIMIZERS`) at rate ``lr`` with its :data:`PARAMETERS`
    (missing ones at :data:`DEFAULT_PARAMETERS`)."""
    if name not in _BUILDERS:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}, got {name!r}")
    unknown = set(parameters) - set(PARAMETERS[name])
    if unknown:
        raise ValueError(
            f"optimizer {name!r} takes {', '.join(PARAMETERS[name]) or 'no parameters'}, got {sorted(unknown)}"
        )
    return _BUILDERS[name](lr, **parameters)
