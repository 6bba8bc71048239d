"""Feature scaling: the same lines in both coordinates, the standardised bowl is round, and the flat direction's
leftover error matches a literal full-batch run."""

import numpy as np
import pytest

from gdcore import Bowl, Dataset, Scaling, flat_excess_left, make_linear_data, train


def test_standardize_gives_mean_zero_unit_variance_and_a_round_bowl():
    data = Dataset(np.array([1950.0, 1960.0, 1975.0, 1990.0]), np.array([1.0, 2.0, 2.5, 4.0]))
    scaling = Scaling.standardize(data)
    x = scaling.apply(data).x
    assert np.mean(x) == pytest.approx(0.0, abs=1e-12) and np.std(x) == pytest.approx(1.0, rel=1e-12)
    assert Bowl.from_data(scaling.apply(data)).condition_number == pytest.approx(1.0, rel=1e-9)
    assert (scaling.shift, scaling.scale) == (pytest.approx(1968.75), pytest.approx(np.std(data.x)))


def test_both_coordinates_describe_the_same_lines():
    data = make_linear_data(30, w=3.0, b=-2.0, noise=0.5, x_range=(1000.0, 1010.0), seed=3)
    scaling = Scaling.standardize(data)
    scaled = scaling.apply(data)
    w, b = np.array([0.5, -2.0, 7.0]), np.array([1.0, 3.0, -4.0])
    big_w, big_b = scaling.to_user(w, b)
    for i in range(3):  # the same predictions at every sample
        assert np.allclose(w[i] * scaled.x + b[i], big_w[i] * data.x + big_b[i], rtol=1e-9)
    assert np.allclose(scaling.from_user(big_w, big_b), (w, b), rtol=1e-9)
    # ... so the same optimum, found by least squares on the raw x.
    slope, intercept = np.polyfit(data.x, data.y, 1)
    assert scaling.to_user(*Bowl.from_data(scaled).optimum) == pytest.approx((slope, intercept), rel=1e-7)


def test_identity_and_constant_x():
    data = make_linear_data(5, seed=0)
    assert Scaling().is_identity and Scaling().apply(data) is data
    flat = Dataset(np.full(4, 7.0), np.arange(4.0))
    assert Scaling.standardize(flat) == Scaling(7.0, 1.0)
    with pytest.raises(ValueError, match="finite shift and a finite scale > 0"):
        Scaling(0.0, 0.0)


def test_flat_excess_left_matches_a_full_batch_run_along_the_flat_eigenvector():
    data = make_linear_data(50, w=1.0, b=0.0, noise=0.3, x_range=(4.0, 6.0), seed=1)
    bowl = Bowl.from_data(data)
    flat = bowl.eigenvectors[:, 0]
    start = np.array(bowl.optimum) + 3.0 * flat  # all the error along the flat direction
    factor, steps = 0.3, 40
    run = train(data, lr=factor * bowl.critical_lr, batch_size=50, epochs=steps, init=tuple(start), shuffle=False)
    left = (run.loss[-1] - bowl.min_loss) / (run.loss[0] - bowl.min_loss)
    assert flat_excess_left(bowl, factor, steps) == pytest.approx(left, rel=1e-6)
    assert flat_excess_left(bowl, 1e6, 3) == 1.0  # growing steps remove nothing
    assert flat_excess_left(Bowl.from_data(Dataset(np.ones(3), np.arange(3.0))), 0.2, 10) == 1.0
