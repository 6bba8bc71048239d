"""train() against the seed's literal loop, the closed form and the theory of the critical rate."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdcore import (
    Bowl,
    DataError,
    Dataset,
    Trajectory,
    batch_size_at_least,
    gd_step,
    make_linear_data,
    mse,
    train,
    train_reference,
)


def assert_same_run(fast: Trajectory, literal: Trajectory, rtol: float = 1e-12) -> None:
    assert fast.steps == literal.steps
    assert fast.diverged_at == literal.diverged_at
    for name in ("w", "b", "loss", "batch_loss"):
        a, b = getattr(fast, name), getattr(literal, name)
        scale = np.maximum(np.abs(b), 1e-300)
        assert np.all(np.abs(a - b) <= rtol * scale), f"{name}: worst {np.max(np.abs(a - b) / scale):.2e}"
    assert np.array_equal(fast.epoch, literal.epoch)
    assert len(fast.batch_indices) == len(literal.batch_indices) == fast.steps
    assert all(np.array_equal(a, b) for a, b in zip(fast.batch_indices, literal.batch_indices, strict=True))


@pytest.mark.parametrize(
    ("n", "batch_size", "epochs", "lr", "shuffle"),
    [
        (100, 10, 5, 0.05, True),
        (103, 10, 4, 0.05, True),  # last batch smaller
        (50, 1, 3, 0.01, True),  # SGD
        (80, 80, 40, 0.1, True),  # full batch
        (64, 16, 3, 0.08, False),
    ],
)
def test_fast_path_equals_the_literal_loop(n, batch_size, epochs, lr, shuffle):
    data = make_linear_data(n, seed=n)
    kwargs = dict(lr=lr, batch_size=batch_size, epochs=epochs, init=(-1.0, 3.0), seed=11, shuffle=shuffle)
    assert_same_run(train(data, **kwargs), train_reference(data, **kwargs))


def test_fast_path_equals_the_literal_loop_far_from_zero():
    data = make_linear_data(120, w=0.5, b=20.0, x_range=(100.0, 104.0), seed=5)
    bowl = Bowl.from_data(data)
    kwargs = dict(lr=0.5 * bowl.critical_lr, batch_size=12, epochs=6, init=(0.0, 0.0), seed=2)
    assert_same_run(train(data, **kwargs), train_reference(data, **kwargs))


def test_reference_step_is_the_seed_formula():
    x, y = np.array([1.0, 2.0, 4.0]), np.array([2.0, 3.0, 9.0])
    w, b, loss = gd_step(0.5, -1.0, x, y, 0.1)
    y_hat = 0.5 * x - 1.0
    assert loss == pytest.approx(np.mean((y - y_hat) ** 2))
    assert w == pytest.approx(0.5 - 0.1 * (-2 / 3) * np.sum(x * (y - y_hat)))
    assert b == pytest.approx(-1.0 - 0.1 * (-2 / 3) * np.sum(y - y_hat))


def test_full_batch_converges_to_least_squares():
    data = make_linear_data(200, seed=3)
    bowl = Bowl.from_data(data)
    run = train(data, lr=0.9 * bowl.critical_lr, batch_size=data.n, epochs=3000)
    (w_ls, b_ls), *_ = np.linalg.lstsq(np.column_stack([data.x, np.ones(data.n)]), data.y, rcond=None)
    assert run.final == pytest.approx((w_ls, b_ls), rel=1e-8, abs=1e-8)
    assert run.loss[-1] == pytest.approx(bowl.min_loss, rel=1e-10)
    assert np.all(np.diff(run.loss) <= 1e-12 * run.loss[:-1])  # full batch below critical: monotone


def test_critical_learning_rate_separates_convergence_from_divergence():
    data = make_linear_data(100, seed=4)
    bowl = Bowl.from_data(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        stable = train(data, lr=0.95 * bowl.critical_lr, batch_size=data.n, epochs=2000)
        unstable = train(data, lr=1.05 * bowl.critical_lr, batch_size=data.n, epochs=100_000)
    assert stable.diverged_at is None
    assert stable.loss[-1] == pytest.approx(bowl.min_loss, rel=1e-6)
    assert unstable.diverged_at is not None
    assert unstable.steps <= unstable.diverged_at < 1000
    assert np.all(np.isfinite(unstable.w)) and np.all(np.isfinite(unstable.loss))
    assert unstable.loss[-1] > 1e5 * unstable.loss[0]


def test_overflowing_rate_stops_without_warnings_or_non_finite_values():
    data = make_linear_data(30, seed=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = train(data, lr=1e150, batch_size=3, epochs=10)
        literal = train_reference(data, lr=1e150, batch_size=3, epochs=10)
    assert fast.diverged_at == literal.diverged_at == 1
    for run in (fast, literal):
        assert all(np.all(np.isfinite(getattr(run, f))) for f in ("w", "b", "loss", "batch_loss"))


def test_same_seed_is_bit_identical_and_seeds_differ():
    data = make_linear_data(100, seed=6)
    a = train(data, lr=0.05, batch_size=8, epochs=3, seed=42)
    b = train(data, lr=0.05, batch_size=8, epochs=3, seed=42)
    c = train(data, lr=0.05, batch_size=8, epochs=3, seed=43)
    assert np.array_equal(a.w, b.w) and np.array_equal(a.b, b.b) and np.array_equal(a.loss, b.loss)
    assert all(np.array_equal(i, j) for i, j in zip(a.batch_indices, b.batch_indices, strict=True))
    assert not np.array_equal(a.w, c.w)


@pytest.mark.parametrize(("n", "batch_size"), [(100, 7), (10, 10), (9, 1), (33, 32)])
def test_each_epochs_batches_partition_the_data(n, batch_size):
    data = make_linear_data(n, seed=7)
    run = train(data, lr=0.01, batch_size=batch_size, epochs=3)
    per_epoch = -(-n // batch_size)
    assert run.steps == 3 * per_epoch
    for epoch in range(3):
        steps = np.flatnonzero(run.epoch == epoch)
        assert len(steps) == per_epoch
        batches = [run.batch_indices[t] for t in steps]
        assert [len(batch) for batch in batches[:-1]] == [batch_size] * (per_epoch - 1)
        assert np.array_equal(np.sort(np.concatenate(batches)), np.arange(n))
    assert np.array_equal(run.examples_seen, np.concatenate([[0], np.cumsum([len(b) for b in run.batch_indices])]))


def test_batch_loss_is_the_loss_of_the_recorded_batch():
    data = make_linear_data(50, seed=8)
    run = train(data, lr=0.03, batch_size=6, epochs=2)
    for t in (0, 5, run.steps - 1):
        batch = run.batch_indices[t]
        assert run.batch_loss[t] == pytest.approx(mse(run.w[t], run.b[t], data.x[batch], data.y[batch]), rel=1e-12)
        w, b, _ = gd_step(run.w[t], run.b[t], data.x[batch], data.y[batch], run.lr)
        assert (w, b) == pytest.approx((run.w[t + 1], run.b[t + 1]), rel=1e-12)


def test_save_load_round_trip_is_exact(tmp_path):
    data = make_linear_data(40, seed=9)
    for run in (
        train(data, lr=0.02, batch_size=5, epochs=2, init=(1.5, -2.0), seed=3, shuffle=False),
        train(data, lr=10.0, batch_size=40, epochs=50),
    ):
        path = tmp_path / "run.npz"
        run.save(path)
        back = Trajectory.load(path)
        for name in ("w", "b", "loss", "batch_loss", "epoch"):
            assert np.array_equal(getattr(run, name), getattr(back, name))
            assert getattr(run, name).dtype == getattr(back, name).dtype
        assert all(np.array_equal(i, j) for i, j in zip(run.batch_indices, back.batch_indices, strict=True))
        for name in ("lr", "batch_size", "epochs", "init", "seed", "shuffle", "n", "diverged_at"):
            assert getattr(run, name) == getattr(back, name)
            assert type(getattr(run, name)) is type(getattr(back, name))


def test_trajectory_arrays_are_read_only():
    run = train(make_linear_data(10, seed=1), lr=0.01, batch_size=2, epochs=1)
    with pytest.raises(ValueError):
        run.w[0] = 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(lr=0.0), "lr must be a finite number > 0, got 0.0"),
        (dict(lr=-1.0), "lr must be"),
        (dict(lr=float("nan")), "lr must be"),
        (dict(lr="0.1"), "lr must be"),
        (dict(batch_size=0), "batch_size must be an integer >= 1"),
        (dict(batch_size=11), r"to 10 \(full batch"),
        (dict(batch_size=2.5), "batch_size"),
        (dict(epochs=0), "epochs must be an integer >= 1"),
        (dict(init=(1.0,)), "init must be two finite numbers"),
        (dict(init=(1.0, float("inf"))), "init must be"),
        (dict(seed=-1), "seed must be an integer >= 0"),
        (dict(shuffle="yes"), "shuffle must be True or False"),
    ],
)
def test_bad_hyperparameters_are_refused_with_a_useful_message(kwargs, message):
    data = make_linear_data(10, seed=1)
    arguments = dict(lr=0.01, batch_size=2, epochs=1) | kwargs
    for function in (train, train_reference):
        with pytest.raises(ValueError, match=message):
            function(data, **arguments)


def test_constant_x_trains_without_crashing():
    data = Dataset(np.full(12, 2.0), np.linspace(0, 5, 12))
    bowl = Bowl.from_data(data)
    run = train(data, lr=0.5 * bowl.critical_lr, batch_size=12, epochs=200)
    assert train(data, lr=0.5 * bowl.critical_lr, batch_size=4, epochs=5).diverged_at is None
    assert run.diverged_at is None
    assert run.loss[-1] == pytest.approx(bowl.min_loss, rel=1e-3)


finite_floats = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    xs=st.lists(st.tuples(finite_floats, finite_floats), min_size=2, max_size=40),
    lr=st.floats(min_value=1e-9, max_value=1e3, allow_nan=False),
    batch_fraction=st.floats(min_value=0.0, max_value=1.0),
    epochs=st.integers(min_value=1, max_value=6),
    init=st.tuples(finite_floats, finite_floats),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_property_never_crashes_and_is_finite_or_flagged(xs, lr, batch_fraction, epochs, init, seed):
    data = Dataset([p[0] for p in xs], [p[1] for p in xs])
    batch_size = 1 + int(batch_fraction * (data.n - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            run = train(data, lr=lr, batch_size=batch_size, epochs=epochs, init=init, seed=seed)
        except DataError as error:  # x varies, but too little for float64 to square
            assert "varies by only" in str(error) and 0 < np.ptp(data.x) < 1e-100
            return
    for name in ("w", "b", "loss", "batch_loss"):
        assert np.all(np.isfinite(getattr(run, name)))
    full = epochs * -(-data.n // batch_size)
    if run.diverged_at is None:
        assert run.steps == full
    else:
        assert 1 <= run.diverged_at <= full and run.steps in (run.diverged_at - 1, run.diverged_at)


@pytest.mark.parametrize(("n", "batch_size", "expected"), [(100, 10, 10), (103, 10, 11), (9, 1, 9), (10, 10, 1)])
def test_steps_per_epoch_counts_the_last_smaller_batch(n, batch_size, expected):
    run = train(make_linear_data(n, seed=1), lr=0.01, batch_size=batch_size, epochs=2)
    assert run.steps_per_epoch == expected == np.count_nonzero(run.epoch == 0)


def test_the_record_costs_at_most_64_bytes_a_step():
    import tracemalloc

    data = make_linear_data(50, seed=2)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        run = train(data, lr=0.001, batch_size=1, epochs=100)  # 5,000 steps (about 40 bytes a step measured)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert run.steps == 5_000
    arrays = sum(getattr(run, name).nbytes for name in ("w", "b", "loss", "batch_loss", "epoch"))
    assert arrays / run.steps <= 64 and kept / run.steps <= 64, (arrays / run.steps, kept / run.steps)


def test_batches_regenerated_in_any_order_are_the_batches_used():
    data = make_linear_data(23, seed=4)
    run = train(data, lr=0.01, batch_size=5, epochs=6, seed=9)
    literal = train_reference(data, lr=0.01, batch_size=5, epochs=6, seed=9)
    for t in (29, 3, 17, 0, 29, run.steps - 1, 10):  # backwards, forwards, repeated
        assert np.array_equal(run.batch_indices[t], literal.batch_indices[t])
    head = run.batch_indices.head(7)
    assert len(head) == 7 and all(np.array_equal(head[t], literal.batch_indices[t]) for t in range(7))


@pytest.mark.parametrize("epochs", [100_000_000_000, 10_000_000_000_000_000_000])
def test_a_run_past_the_step_budget_is_refused_before_any_work(epochs):
    from gdcore import MAX_STEPS, RunError

    with pytest.raises(RunError, match=f"above the budget of {MAX_STEPS:,}"):
        train(make_linear_data(100, seed=1), lr=0.01, batch_size=10, epochs=epochs)


def test_a_run_past_the_memory_budget_is_refused():
    from gdcore import RunError, check_budget

    check_budget(1_000_000, 10, 20)  # the 1,000,000-row lesson fits
    with pytest.raises(RunError, match=r"needs about [\d,]+ MB .* above the budget of 700 MB"):
        check_budget(5_000_000, 1, 1)


def test_the_largest_data_allowed_fits_the_memory_budget_and_a_refusal_names_more_than_the_budget():
    from gdcore import MAX_RUN_BYTES, MAX_SAMPLES, RunError, check_budget
    from gdcore.training import run_bytes

    # MAX_SAMPLES rows run full-batch for the default 20 epochs, and with batches of 100 for 10 epochs.
    check_budget(MAX_SAMPLES, MAX_SAMPLES, 20)
    check_budget(MAX_SAMPLES, 100, 10)
    # Just past the budget, the message's figure is above the budget's, never equal to it.
    n = next(n for n in range(MAX_SAMPLES, 2 * MAX_SAMPLES, 1000) if run_bytes(n, n, 1) > MAX_RUN_BYTES)
    with pytest.raises(RunError, match=r"needs about 701 MB .* above the budget of 700 MB"):
        check_budget(n, n, 1)


def test_a_start_whose_loss_overflows_is_refused():
    from gdcore import RunError

    with pytest.raises(RunError, match=r"the loss at init \(1e\+200, 1\) overflows float64"):
        train(make_linear_data(20, seed=1), lr=0.01, batch_size=5, epochs=1, init=(1e200, 1.0))


def test_a_far_start_that_fits_diverges_into_finite_records():
    data = make_linear_data(20, seed=1)
    run = train(data, lr=5.0, batch_size=20, epochs=100, init=(1e140, 1.0))
    assert run.diverged_at is not None and np.all(np.isfinite(run.loss)) and np.all(np.isfinite(run.w))


@pytest.mark.parametrize(
    ("n", "batch_size", "epochs"), [(50, 1, 100), (1000, 100, 250), (300_000, 1000, 2), (100, 100, 5000)]
)
def test_the_memory_estimate_bounds_what_training_uses(n, batch_size, epochs):
    import tracemalloc

    from gdcore.training import run_bytes

    data = make_linear_data(n, seed=3)
    tracemalloc.start()
    try:
        train(data, lr=1e-4, batch_size=batch_size, epochs=epochs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= run_bytes(n, batch_size, epochs), (peak, run_bytes(n, batch_size, epochs))


@pytest.mark.parametrize("size", [1, 3, 10])
def test_batch_size_at_least_is_the_smallest_whose_literal_batches_all_hold_size(size):
    """Against the cuts of the seed's loop, range(0, n, B), by brute force over every B."""

    def smallest_batch(n: int, b: int) -> int:
        return min(len(range(n)[start : start + b]) for start in range(0, n, b))

    for n in range(1, 260):
        fitting = [b for b in range(size, n + 1) if smallest_batch(n, b) >= size]
        assert batch_size_at_least(n, size) == (fitting[0] if fitting else n)
    assert batch_size_at_least(100, 10) == 10 and batch_size_at_least(101, 10) == 13
