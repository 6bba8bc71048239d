"""The Bowl against independent truths: lstsq, linregress, finite differences, the literal MSE."""

import math

import numpy as np
import pytest
from scipy import optimize, stats

import gdcore
from gdcore import Bowl, DataError, Dataset, make_linear_data, mse


@pytest.fixture(params=["default", "far_from_zero", "steep", "tiny"])
def data(request) -> Dataset:
    return {
        "default": make_linear_data(200, seed=1),
        "far_from_zero": make_linear_data(300, w=0.5, b=20.0, x_range=(1000.0, 1010.0), seed=2),
        "steep": make_linear_data(50, w=-30.0, b=4.0, noise=5.0, x_range=(-1.0, 1.0), seed=3),
        "tiny": Dataset([0.0, 1.0], [1.0, 3.0]),
    }[request.param]


def test_optimum_matches_lstsq_and_linregress(data):
    bowl = Bowl.from_data(data)
    design = np.column_stack([data.x, np.ones(data.n)])
    (w_ls, b_ls), *_ = np.linalg.lstsq(design, data.y, rcond=None)
    fit = stats.linregress(data.x, data.y)
    w_star, b_star = bowl.optimum
    assert w_star == pytest.approx(w_ls, rel=1e-9, abs=1e-12)
    assert b_star == pytest.approx(b_ls, rel=1e-9, abs=1e-9)
    assert w_star == pytest.approx(fit.slope, rel=1e-9)
    assert b_star == pytest.approx(fit.intercept, rel=1e-9, abs=1e-9)
    assert bowl.min_loss == pytest.approx(mse(w_star, b_star, data.x, data.y), rel=1e-9, abs=1e-15)


def test_loss_equals_literal_mse_everywhere(data):
    bowl = Bowl.from_data(data)
    rng = np.random.default_rng(0)
    w_star, b_star = bowl.optimum
    for w, b in zip(w_star + rng.normal(0, 3, 50), b_star + rng.normal(0, 3, 50), strict=False):
        assert bowl.loss(w, b) == pytest.approx(mse(w, b, data.x, data.y), rel=1e-9)


def test_loss_is_vectorised(data):
    bowl = Bowl.from_data(data)
    w = np.linspace(-2, 2, 7)[:, None]
    b = np.linspace(-1, 3, 5)[None, :]
    grid = bowl.loss(w, b)
    assert grid.shape == (7, 5)
    assert grid[3, 2] == pytest.approx(mse(w[3, 0], b[0, 2], data.x, data.y), rel=1e-9)


def test_gradient_matches_finite_differences(data):
    bowl = Bowl.from_data(data)
    w_star, b_star = bowl.optimum
    for point in ([w_star + 0.7, b_star - 1.3], [0.0, 0.0], [w_star - 0.01, b_star + 2.0]):
        numeric = optimize.approx_fprime(point, lambda p: mse(p[0], p[1], data.x, data.y), 1e-6)
        analytic = np.array(bowl.gradient(*point))
        literal = np.array(gdcore.gradients(point[0], point[1], data.x, data.y))
        scale = np.max(np.abs(literal)) + 1.0
        assert np.allclose(analytic, literal, rtol=1e-8, atol=1e-9 * scale)
        # Forward differences carry O(h * curvature) error; the curvature is the Hessian.
        tolerance = 1e-6 * np.max(np.abs(bowl.hessian)) + 1e-6 * scale
        assert np.allclose(analytic, numeric, atol=tolerance * 10)


def test_hessian_matches_finite_differences_of_the_gradient(data):
    bowl = Bowl.from_data(data)
    h = 1e-4
    numeric = np.column_stack(
        [
            (np.array(bowl.gradient(*(np.array([1.0, 0.5]) + h * e))) - np.array(bowl.gradient(1.0, 0.5))) / h
            for e in np.eye(2)
        ]
    )
    assert np.allclose(bowl.hessian, numeric, rtol=1e-5, atol=1e-6 * np.max(np.abs(bowl.hessian)))


def test_eigen_decomposition_matches_numpy(data):
    bowl = Bowl.from_data(data)
    values, vectors = np.linalg.eigh(bowl.hessian)
    assert np.allclose(bowl.eigenvalues, values, rtol=1e-6, atol=1e-12 * values[1])
    for k in range(2):
        assert abs(abs(bowl.eigenvectors[:, k] @ vectors[:, k]) - 1) < 1e-8
        assert np.allclose(
            bowl.hessian @ bowl.eigenvectors[:, k], bowl.eigenvalues[k] * bowl.eigenvectors[:, k], atol=1e-9 * values[1]
        )
    assert bowl.condition_number == pytest.approx(bowl.eigenvalues[1] / bowl.eigenvalues[0])
    assert bowl.critical_lr == pytest.approx(2 / values[1], rel=1e-12)


def test_badly_conditioned_small_eigenvalue_is_accurate():
    """x near 1000: lambda_min ~ 1e-7 lambda_max; det / lambda_max keeps every digit that matters."""
    data = make_linear_data(300, x_range=(1000.0, 1010.0), seed=4)
    bowl = Bowl.from_data(data)
    assert bowl.condition_number > 1e6
    assert bowl.eigenvalues[0] * bowl.eigenvalues[1] == pytest.approx(np.linalg.det(bowl.hessian), rel=1e-6)
    assert bowl.eigenvalues[0] * bowl.eigenvalues[1] == pytest.approx(4 * np.var(data.x), rel=1e-9)


@pytest.mark.parametrize("factor", [1.0001, 1.5, 4.0, 100.0, 1e6])
def test_level_ellipse_points_lie_on_their_level(data, factor):
    bowl = Bowl.from_data(data)
    level = bowl.min_loss * factor + 1e-3 * (factor - 1) * bowl.var_y
    ellipse = bowl.level_ellipse(level)
    points = ellipse.points(257)
    losses = bowl.loss(points[:, 0], points[:, 1])
    assert np.max(np.abs(losses - level) / level) < 1e-9
    literal = np.array([mse(w, b, data.x, data.y) for w, b in points[::16]])
    assert np.max(np.abs(literal - level) / level) < 1e-8


def test_level_ellipse_axes_follow_the_eigenvectors():
    bowl = Bowl.from_data(make_linear_data(100, seed=5))
    ellipse = bowl.level_ellipse(bowl.min_loss + 2.0)
    long_axis, short_axis = ellipse.semi_axes
    assert long_axis >= short_axis
    assert long_axis / short_axis == pytest.approx(math.sqrt(bowl.condition_number), rel=1e-9)
    direction = np.array([math.cos(ellipse.angle), math.sin(ellipse.angle)])
    assert abs(abs(direction @ bowl.eigenvectors[:, 0]) - 1) < 1e-12


def test_level_below_minimum_is_refused():
    bowl = Bowl.from_data(make_linear_data(50, seed=6))
    with pytest.raises(ValueError, match="below the minimum"):
        bowl.level_ellipse(bowl.min_loss * 0.5)


def test_constant_x_gives_lines_not_a_crash():
    data = Dataset(np.full(20, 3.0), np.arange(20.0))
    bowl = Bowl.from_data(data)
    assert bowl.is_degenerate
    assert bowl.condition_number == math.inf
    assert bowl.eigenvalues[0] == 0.0
    assert math.isfinite(bowl.critical_lr)
    # The optimum is lstsq's minimum-norm solution.
    (w_ls, b_ls), *_ = np.linalg.lstsq(np.column_stack([data.x, np.ones(20)]), data.y, rcond=None)
    assert bowl.optimum == pytest.approx((w_ls, b_ls), rel=1e-9)
    level = bowl.min_loss + 4.0
    lines = bowl.level_set(level)
    window = gdcore.Window(-5.0, 5.0, -20.0, 30.0)
    segments = lines.arcs_in(window)
    assert len(segments) == 2
    for segment in segments:
        assert np.allclose(bowl.loss(segment[:, 0], segment[:, 1]), level, rtol=1e-12)
        assert window.contains(segment[:, 0], segment[:, 1]).all()
    with pytest.raises(ValueError, match="lines"):
        bowl.level_ellipse(level)


@pytest.mark.parametrize("level_factor", [1.2, 3.0, 30.0, 300.0])
def test_arcs_are_clipped_exactly_to_the_window(level_factor):
    data = make_linear_data(100, seed=7)
    bowl = Bowl.from_data(data)
    w_star, b_star = bowl.optimum
    window = gdcore.Window(w_star - 1.0, w_star + 0.6, b_star - 2.5, b_star + 1.0)
    ellipse = bowl.level_ellipse(bowl.min_loss * level_factor)
    arcs = ellipse.arcs_in(window, 200)
    for arc in arcs:
        assert window.contains(arc[:, 0], arc[:, 1], tolerance=1e-12).all()
        losses = bowl.loss(arc[:, 0], arc[:, 1])
        assert np.max(np.abs(losses / ellipse.level - 1)) < 1e-9
    # Compare the kept length with a dense sampling of the whole ellipse.
    dense = ellipse.points(200_000)
    dense = np.vstack([dense, dense[:1]])
    inside = window.contains(dense[:, 0], dense[:, 1], tolerance=0)
    both = inside[:-1] & inside[1:]
    expected = float(np.sum(np.hypot(*np.diff(dense, axis=0).T)[both]))
    kept = sum(np.sum(np.hypot(*np.diff(arc, axis=0).T)) for arc in arcs)
    assert kept == pytest.approx(expected, rel=2e-3, abs=1e-6)


@pytest.mark.parametrize(
    ("x_scale", "y_scale"), [(1e-90, 1.0), (1e90, 1.0), (1.0, 1e99), (1e-99, 1e99), (1e95, 1e-95), (1.0, 1e-95)]
)
def test_the_optimum_at_the_edges_of_float64_matches_linregress_on_rescaled_data(x_scale, y_scale):
    from scipy.stats import linregress

    base = make_linear_data(40, w=-1.5, b=0.5, noise=0.3, x_range=(1.0, 3.0), seed=12)
    bowl = Bowl.from_data(Dataset(base.x * x_scale, base.y * y_scale))
    truth = linregress(base.x, base.y)
    w_star, b_star = bowl.optimum
    assert not bowl.is_degenerate
    assert w_star == pytest.approx(truth.slope * y_scale / x_scale, rel=1e-12)
    assert b_star == pytest.approx(truth.intercept * y_scale, rel=1e-10)
    values = [bowl.critical_lr, bowl.condition_number, bowl.min_loss, *bowl.eigenvalues, bowl.loss(0.0, 0.0)]
    assert all(np.isfinite(values)) and bowl.critical_lr > 0


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        (np.linspace(1e-300, 3e-300, 5), np.arange(5.0), r"x varies by only 2e-300, .*multiply it by 1e\+300"),
        (np.linspace(1e160, 3e160, 5), np.arange(5.0), r"x reaches 3e\+160, beyond the \+-1e\+100"),
        (np.arange(5.0), np.linspace(1e300, 2e300, 5), r"y reaches 2e\+300"),
    ],
)
def test_data_float64_cannot_square_is_refused_never_called_constant(x, y, message):
    with pytest.raises(DataError, match=message):
        Bowl.from_data(Dataset(x, y))


def test_a_round_bowl_has_the_axes_as_eigenvectors():
    # Standardised x: mean 0, variance 1, so H = 2 I exactly and every direction is an eigenvector.
    bowl = Bowl.from_data(Dataset(np.array([-1.0, 1.0, -1.0, 1.0]), np.array([0.0, 1.0, 2.0, 3.0])))
    vectors = bowl.eigenvectors
    assert np.all(np.isfinite(vectors)) and np.allclose(vectors.T @ vectors, np.eye(2))
    assert bowl.level_ellipse(bowl.min_loss + 1.0).semi_axes == pytest.approx((1.0 / np.sqrt(2.0 / 2), 1.0))


def test_the_smallest_subnormal_spread_is_refused_with_a_readable_factor():
    # Found by hypothesis: 10.0 ** 324 overflowed while the message was being written.
    with pytest.raises(gdcore.DataError, match=r"multiply it by 1e\+324"):
        Bowl.from_data(Dataset(np.array([0.0, 5e-324]), np.array([0.0, 0.0])))
