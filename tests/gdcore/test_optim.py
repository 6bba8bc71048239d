"""The optimizers against literal loops written from their papers, on the same batches, and their theory.

Each loop below is the paper's own notation, with the seed's gradient formula (:func:`gdcore.gradients`)
on the batch the run recorded and the full-data loss by :func:`gdcore.mse`; none calls gdcore.optim.
"""

import math
import warnings

import numpy as np
import pytest

from gdcore import Bowl, Hyperparameters, Trajectory, gradients, make_linear_data, mse, train, train_reference
from gdcore.optim import DEFAULT_PARAMETERS, OPTIMIZERS, adam, apply_updates, heavy_ball, nesterov, rmsprop
from gdcore.training import DIVERGENCE_FACTOR

# -- the papers' loops --------------------------------------------------------------------------------


def polyak(theta, grad, lr, momentum):
    """Polyak (1964), the heavy ball: theta_{t+1} = theta_t - lr grad(theta_t) + mu (theta_t - theta_{t-1})."""
    previous = theta
    while True:
        g = grad(theta)
        theta, previous = theta - lr * g + momentum * (theta - previous), theta
        yield theta


def sutskever(theta, grad, lr, momentum):
    """Sutskever et al. (2013), eq. 3-4: v_{t+1} = mu v_t - lr grad(theta_t + mu v_t); theta_{t+1} = theta_t + v_{t+1}.

    Yields the point where the next gradient is taken, theta + mu v: the parameters PyTorch's form holds.
    """
    v = np.zeros_like(theta)
    while True:
        v = momentum * v - lr * grad(theta + momentum * v)
        theta = theta + v
        yield theta + momentum * v


def hinton_rmsprop(theta, grad, lr, alpha, eps):
    """Hinton, lecture 6e: MeanSquare(t) = alpha MeanSquare(t-1) + (1 - alpha) g^2; divide g by its root (+ eps)."""
    mean_square = np.zeros_like(theta)
    while True:
        g = grad(theta)
        mean_square = alpha * mean_square + (1 - alpha) * g**2
        theta = theta - lr * g / (np.sqrt(mean_square) + eps)
        yield theta


def kingma_ba(theta, grad, alpha, beta1, beta2, eps):
    """Kingma and Ba (2015), Algorithm 1."""
    m, v, t = np.zeros_like(theta), np.zeros_like(theta), 0
    while True:
        t += 1
        g = grad(theta)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        theta = theta - alpha * m_hat / (np.sqrt(v_hat) + eps)
        yield theta


def paper_loop(name, theta, grad, hyper):
    p = hyper.optimizer_parameters
    if name == "momentum":
        return polyak(theta, grad, hyper.lr, p["momentum"])
    if name == "nesterov":
        return sutskever(theta, grad, hyper.lr, p["momentum"])
    if name == "rmsprop":
        return hinton_rmsprop(theta, grad, hyper.lr, p["alpha"], p["eps"])
    return kingma_ba(theta, grad, hyper.lr, p["beta1"], p["beta2"], p["eps"])


def literal_run(data, hyper, batches):
    """The paper's loop on ``batches`` (the run's own): (w, b, loss, batch_loss) and where it diverged.

    Divergence as gdcore defines it: the first step whose parameters or full-data loss are not finite,
    or whose loss exceeds DIVERGENCE_FACTOR x max(start loss, loss of the line 0).
    """
    x, y = data.x, data.y
    limit = DIVERGENCE_FACTOR * max(mse(*hyper.init, x, y), mse(0.0, 0.0, x, y))
    batch = iter(batches)
    current = {}

    def grad(theta):
        current["batch"] = next(batch)
        current["theta"] = theta
        return np.array(gradients(theta[0], theta[1], x[current["batch"]], y[current["batch"]]))

    start = np.array(hyper.init, dtype=float)
    ws, bs, losses, batch_losses = [start[0]], [start[1]], [mse(*start, x, y)], []
    diverged_at = None
    with np.errstate(all="ignore"):
        for step, theta in enumerate(paper_loop(hyper.optimizer, start, grad, hyper), start=1):
            loss = mse(theta[0], theta[1], x, y)
            if not np.all(np.isfinite([*theta, loss])):
                diverged_at = step
                break
            before = current["theta"]
            batch_losses.append(mse(before[0], before[1], x[current["batch"]], y[current["batch"]]))
            ws.append(theta[0])
            bs.append(theta[1])
            losses.append(loss)
            if loss > limit:
                diverged_at = step
                break
            if step == len(batches):
                break
    return {"w": ws, "b": bs, "loss": losses, "batch_loss": batch_losses}, diverged_at


def seed_batches(n, hyper):
    """The seed's batches: one ``rng.permutation(n)`` an epoch from ``default_rng(seed)``, cut every batch_size."""
    rng = np.random.default_rng(hyper.seed)
    batches = []
    for _ in range(hyper.epochs):
        order = rng.permutation(n) if hyper.shuffle else np.arange(n)
        batches += [order[start : start + hyper.batch_size] for start in range(0, n, hyper.batch_size)]
    return batches


def assert_matches_the_paper(data, hyper, rtol=1e-12):
    run = train(data, hyper)
    literal, diverged_at = literal_run(data, hyper, seed_batches(data.n, hyper))
    assert run.diverged_at == diverged_at
    assert all(np.array_equal(a, b) for a, b in zip(run.batch_indices, seed_batches(data.n, hyper), strict=False))
    for name, values in literal.items():
        a, b = getattr(run, name), np.array(values)
        assert a.shape == b.shape, (name, a.shape, b.shape)
        # Relative to the largest value the run takes: where W or b cross zero, the loops' different
        # roundings (Polyak's theta_t - theta_{t-1}, the fast path's centred sums) are 1e-16 absolute.
        worst = np.max(np.abs(a - b)) / np.max(np.abs(b))
        assert worst <= rtol, f"{hyper.optimizer} {name}: worst difference {worst:.2e} of the largest value"
    return run


PAPERS = [name for name in OPTIMIZERS if name != "gd"]


@pytest.mark.parametrize("name", PAPERS)
@pytest.mark.parametrize(
    ("n", "batch_size", "epochs", "lr", "shuffle"),
    [
        (100, 10, 8, 0.05, True),
        (103, 10, 6, 0.02, True),  # last batch smaller
        (40, 1, 4, 0.005, True),  # SGD
        (60, 60, 150, 0.1, True),  # full batch
        (64, 16, 5, 0.03, False),
    ],
)
def test_each_optimizer_is_its_papers_loop(name, n, batch_size, epochs, lr, shuffle):
    data = make_linear_data(n, seed=n)
    hyper = Hyperparameters(
        lr=lr, batch_size=batch_size, epochs=epochs, init=(-1.0, 3.0), seed=11, shuffle=shuffle, optimizer=name
    )
    run = assert_matches_the_paper(data, hyper)
    assert run.diverged_at is None and run.loss[-1] < run.loss[0]


@pytest.mark.parametrize("name", PAPERS)
def test_each_optimizer_is_its_papers_loop_on_a_long_valley_with_other_parameters(name):
    data = make_linear_data(120, w=0.5, b=20.0, x_range=(100.0, 104.0), seed=5)
    bowl = Bowl.from_data(data)
    lr = 0.3 * bowl.critical_lr if name in ("momentum", "nesterov") else 0.05
    others = {"momentum": 0.6, "alpha": 0.9, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}
    parameters = {
        key: others[key] for key in Hyperparameters(lr=1, batch_size=1, epochs=1, optimizer=name).optimizer_parameters
    }
    hyper = Hyperparameters(lr=lr, batch_size=12, epochs=8, init=(0.0, 0.0), seed=2, optimizer=name, **parameters)
    assert_matches_the_paper(data, hyper)


@pytest.mark.parametrize("name", PAPERS)
def test_divergence_is_flagged_like_the_papers_loop_without_warnings(name):
    data = make_linear_data(50, seed=3)
    bowl = Bowl.from_data(data)
    lr = 3.0 * bowl.critical_lr if name in ("momentum", "nesterov") else 1e6
    hyper = Hyperparameters(lr=lr, batch_size=50, epochs=500, init=(1.0, 1.0), optimizer=name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = assert_matches_the_paper(data, hyper)
    assert run.diverged_at is not None and run.steps < 500
    assert all(np.all(np.isfinite(getattr(run, field))) for field in ("w", "b", "loss", "batch_loss"))
    assert run.loss[-1] > DIVERGENCE_FACTOR * max(run.loss[0], float(bowl.loss(0.0, 0.0)))


@pytest.mark.parametrize(
    ("name", "factor"),
    # Full batch on a quadratic: heavy ball is stable for lr lambda_max < 2 (1 + mu), Nesterov's form for
    # lr lambda_max < 2 (1 + mu) / (1 + 2 mu) (the roots of each recurrence's characteristic polynomial).
    [("gd", lambda mu: 1.0), ("momentum", lambda mu: 1 + mu), ("nesterov", lambda mu: (1 + mu) / (1 + 2 * mu))],
)
@pytest.mark.parametrize("mu", [0.5, 0.9])
def test_full_batch_momentum_diverges_past_its_critical_rate(name, factor, mu):
    data = make_linear_data(80, seed=4)
    bowl = Bowl.from_data(data)
    edge = factor(mu) * bowl.critical_lr
    extra = {} if name == "gd" else {"momentum": mu}
    stable = train(data, lr=0.97 * edge, batch_size=80, epochs=4000, optimizer=name, **extra)
    unstable = train(data, lr=1.03 * edge, batch_size=80, epochs=100_000, optimizer=name, **extra)
    assert stable.diverged_at is None
    assert stable.loss[-1] == pytest.approx(bowl.min_loss, rel=1e-6)
    assert unstable.diverged_at is not None


def test_momentum_zero_is_plain_descent_to_the_bit():
    """Through the optimizer's update (buf = 0 buf + g, w + (-lr buf)) the numbers are the fast path's."""
    data = make_linear_data(103, seed=8)
    kwargs = dict(lr=0.05, batch_size=10, epochs=5, init=(4.0, -2.0), seed=3)
    plain, zero = train(data, **kwargs), train(data, optimizer="momentum", momentum=0.0, **kwargs)
    explicit = train(data, optimizer="gd", **kwargs)
    for name in ("w", "b", "loss", "batch_loss"):
        assert np.array_equal(getattr(plain, name), getattr(zero, name))
        assert np.array_equal(getattr(plain, name), getattr(explicit, name))


def test_every_optimizer_uses_the_same_batches():
    data = make_linear_data(37, seed=9)
    runs = [train(data, lr=0.01, batch_size=5, epochs=3, seed=4, optimizer=name) for name in OPTIMIZERS]
    for run in runs[1:]:
        assert all(np.array_equal(a, b) for a, b in zip(runs[0].batch_indices, run.batch_indices, strict=True))


def test_the_update_rules_on_one_number_by_hand():
    """Two steps of each rule on a scalar, written out with the defaults' numbers."""
    g1, g2, lr = 2.0, -1.0, 0.1

    def two_steps(transformation):
        state = transformation.init((0.0,))
        params = (0.0,)
        for g in (g1, g2):
            updates, state = transformation.update((g,), state)
            params = apply_updates(params, updates)
        return params[0]

    buf2 = 0.9 * g1 + g2
    assert two_steps(heavy_ball(lr)) == pytest.approx(-lr * g1 - lr * buf2, rel=1e-15)
    assert two_steps(nesterov(lr)) == pytest.approx(-lr * (g1 + 0.9 * g1) - lr * (g2 + 0.9 * buf2), rel=1e-15)
    v1 = 0.01 * g1**2
    v2 = 0.99 * v1 + 0.01 * g2**2
    expected = -lr * g1 / (math.sqrt(v1) + 1e-8) - lr * g2 / (math.sqrt(v2) + 1e-8)
    assert two_steps(rmsprop(lr)) == pytest.approx(expected, rel=1e-15)
    # Adam's first step is lr sign(g) (up to eps): m_hat = g, v_hat = g^2.
    m2, v2 = 0.9 * 0.1 * g1 + 0.1 * g2, 0.999 * 0.001 * g1**2 + 0.001 * g2**2
    expected = -lr * g1 / (abs(g1) + 1e-8) - lr * (m2 / (1 - 0.81)) / (math.sqrt(v2 / (1 - 0.999**2)) + 1e-8)
    assert two_steps(adam(lr)) == pytest.approx(expected, rel=1e-14)


# -- hyperparameters ----------------------------------------------------------------------------------


def test_an_optimizer_takes_pytorchs_defaults_and_only_its_own_parameters():
    assert Hyperparameters(lr=0.1, batch_size=1, epochs=1).optimizer_parameters == {}
    adam_hyper = Hyperparameters(lr=0.1, batch_size=1, epochs=1, optimizer="adam")
    assert adam_hyper.optimizer_parameters == {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    assert adam_hyper.momentum is None and adam_hyper.alpha is None
    assert adam_hyper == Hyperparameters(lr=0.1, batch_size=1, epochs=1, optimizer="adam", beta2=0.999)
    rms = Hyperparameters(lr=0.1, batch_size=1, epochs=1, optimizer="rmsprop", eps=1e-6)
    assert rms.optimizer_parameters == {"alpha": 0.99, "eps": 1e-6}
    assert DEFAULT_PARAMETERS["momentum"] == 0.9
    assert Hyperparameters(lr=0.1, batch_size=1, epochs=1, optimizer="nesterov").momentum == 0.9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(optimizer="sgd"), "optimizer must be one of gd, momentum, nesterov, rmsprop, adam, got 'sgd'"),
        (dict(optimizer="momentum", momentum=1.0), "momentum must be a number from 0 to below 1, got 1.0"),
        (dict(optimizer="momentum", momentum=-0.1), "momentum must be"),
        (dict(optimizer="nesterov", momentum=0.0), "momentum must be a number above 0 and below 1 for nesterov"),
        (dict(optimizer="rmsprop", alpha=1.0), "alpha must be a number from 0 to below 1"),
        (dict(optimizer="adam", beta1=1.0), "beta1 must be"),
        (dict(optimizer="adam", beta2=float("nan")), "beta2 must be"),
        (dict(optimizer="adam", eps=0.0), "eps must be a finite number > 0, got 0.0"),
        (dict(optimizer="rmsprop", eps=True), "eps must be"),
        (dict(momentum=0.9), "momentum is a parameter of momentum and nesterov, not of optimizer 'gd'"),
        (dict(optimizer="adam", alpha=0.9), "alpha is a parameter of rmsprop, not of optimizer 'adam'"),
    ],
)
def test_bad_optimizer_settings_are_refused_with_a_useful_message(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        train(make_linear_data(10, seed=1), lr=0.01, batch_size=2, epochs=1, **kwargs)


def test_the_seeds_loop_is_plain_descent_only():
    with pytest.raises(ValueError, match="plain gradient descent"):
        train_reference(make_linear_data(10, seed=1), lr=0.01, batch_size=2, epochs=1, optimizer="adam")


def test_save_load_keeps_the_optimizer(tmp_path):
    data = make_linear_data(30, seed=2)
    for hyper in (
        Hyperparameters(lr=0.05, batch_size=5, epochs=2, optimizer="nesterov", momentum=0.7),
        Hyperparameters(lr=0.05, batch_size=5, epochs=2, optimizer="adam", beta1=0.8, eps=1e-7),
        Hyperparameters(lr=0.05, batch_size=5, epochs=2),
    ):
        run = train(data, hyper)
        run.save(tmp_path / "run.npz")
        back = Trajectory.load(tmp_path / "run.npz")
        assert back.hyper == hyper and back.optimizer == hyper.optimizer
        assert np.array_equal(back.w, run.w)
