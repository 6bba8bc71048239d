"""noise_floor: the excess loss a constant-rate mini-batch run keeps, against long recorded runs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdcore import Bowl, make_linear_data, train
from gdcore.noise import noise_floor, quiet_batch_size


@pytest.mark.parametrize(
    ("n", "batch_size", "fraction", "noise"),
    [(1000, 10, 0.21, 1.0), (1000, 50, 0.5, 2.0), (400, 20, 0.3, 0.5)],
)
def test_the_floor_is_the_time_average_of_a_long_run_started_at_the_optimum(n, batch_size, fraction, noise):
    data = make_linear_data(n=n, w=0.3, b=1.0, noise=noise, x_range=(-2.0, 2.0), seed=1)
    bowl = Bowl.from_data(data)
    lr = fraction * bowl.critical_lr
    run = train(data, lr=lr, batch_size=batch_size, epochs=40_000 // (n // batch_size), init=bowl.optimum)
    excess = bowl.loss(run.w, run.b) - bowl.min_loss
    measured = float(np.mean(excess[run.steps // 10 :]))
    # Within 15%: the linearised recursion is exact for this quadratic loss but for the epochs' reshuffling.
    assert noise_floor(data, bowl, lr, batch_size) == pytest.approx(measured, rel=0.15)


def test_the_floor_falls_with_the_batch_to_zero_for_the_full_batch_and_grows_with_the_rate():
    data = make_linear_data(n=200, w=2.0, b=-1.0, noise=1.0, seed=4)
    bowl = Bowl.from_data(data)
    lr = 0.3 * bowl.critical_lr
    floors = [noise_floor(data, bowl, lr, size) for size in (1, 5, 20, 100, 200)]
    assert all(a > b for a, b in zip(floors, floors[1:], strict=False)) and floors[-1] == 0.0
    assert noise_floor(data, bowl, 2 * lr, 5) > 2 * noise_floor(data, bowl, lr, 5)
    assert math.isinf(noise_floor(data, bowl, bowl.critical_lr, 5))


def test_a_perfect_fit_has_no_floor():
    data = make_linear_data(n=41, w=0.5, b=3.0, noise=0.0, seed=0)
    bowl = Bowl.from_data(data)
    assert noise_floor(data, bowl, 0.2 * bowl.critical_lr, 4) == pytest.approx(0.0, abs=1e-20)


@pytest.mark.parametrize("share", [1e-4, 1e-3, 0.01, 0.1])
def test_the_quiet_batch_is_the_smallest_whose_floor_is_within_the_excess(share):
    data = make_linear_data(n=257, w=0.2, b=1.0, noise=3.0, seed=5)
    bowl = Bowl.from_data(data)
    lr = 0.21 * bowl.critical_lr
    excess = share * bowl.var_y
    size = quiet_batch_size(data, bowl, lr, excess)
    assert noise_floor(data, bowl, lr, size) <= excess
    assert size == 1 or noise_floor(data, bowl, lr, size - 1) > excess


def test_nothing_asked_or_nothing_settles_gives_one_sample():
    data = make_linear_data(n=50, noise=1.0, seed=2)
    bowl = Bowl.from_data(data)
    assert quiet_batch_size(data, bowl, 0.1 * bowl.critical_lr, 0.0) == 1
    assert quiet_batch_size(data, bowl, 2.0 * bowl.critical_lr, 1e-6) == 1
    assert quiet_batch_size(data, bowl, 0.1 * bowl.critical_lr, 1e-300) == 50  # only the full batch is that quiet
