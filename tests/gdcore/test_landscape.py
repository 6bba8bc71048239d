"""The seed's Steps A-B and the framing of the map."""

import numpy as np
import pytest

from gdcore import Bowl, Window, contour_levels, loss_grid, make_linear_data, mse, train, view_window, zoom_window


def test_loss_grid_matches_a_per_point_mean():
    data = make_linear_data(300, seed=1)
    bowl = Bowl.from_data(data)
    w_vals, b_vals = np.linspace(-1, 4, 13), np.linspace(-5, 3, 11)
    w_grid, b_grid, losses = loss_grid(bowl, w_vals, b_vals)
    expected_w, expected_b = np.meshgrid(w_vals, b_vals)
    assert np.array_equal(w_grid, expected_w) and np.array_equal(b_grid, expected_b)
    literal = np.array([[mse(w, b, data.x, data.y) for w in w_vals] for b in b_vals])
    assert np.allclose(losses, literal, rtol=1e-10)


@pytest.mark.parametrize("aspect", [None, 16 / 9, 0.5])
def test_view_window_holds_start_optimum_and_path(aspect):
    data = make_linear_data(100, seed=2)
    bowl = Bowl.from_data(data)
    run = train(data, lr=0.05, batch_size=10, epochs=5, init=(-2.0, 4.0))
    window = view_window(bowl, run, aspect=aspect)
    assert window.contains(run.w, run.b, tolerance=0).all()
    assert window.contains(*bowl.optimum, tolerance=0)
    # The margin keeps everything off the edges.
    assert window.w_min < min(run.w.min(), bowl.optimum[0]) and window.b_max > max(run.b.max(), bowl.optimum[1])
    if aspect is not None:
        ratio = (window.w_max - window.w_min) / (window.b_max - window.b_min)
        assert ratio == pytest.approx(aspect, rel=1e-9) or ratio / aspect > 1 / 4.0 - 1e-9


def test_view_window_for_a_diverged_run_frames_only_the_sane_part():
    data = make_linear_data(100, seed=3)
    bowl = Bowl.from_data(data)
    run = train(data, lr=1.05 * bowl.critical_lr, batch_size=100, epochs=1000, init=(0.0, 0.0))
    assert run.diverged
    window = view_window(bowl, run)
    assert window.contains(run.w[0], run.b[0])
    assert not window.contains(run.w[-1], run.b[-1])
    assert (window.w_max - window.w_min) < 50 * abs(bowl.optimum[0] - run.w[0]) + 10


def test_view_window_of_a_run_that_never_moves_is_still_a_box():
    data = make_linear_data(50, noise=0.0, seed=4)
    bowl = Bowl.from_data(data)
    run = train(data, lr=0.01, batch_size=50, epochs=3, init=bowl.optimum)
    window = view_window(bowl, run)
    assert window.w_max > window.w_min and window.b_max > window.b_min


def test_view_window_is_sensible_for_badly_conditioned_data():
    data = make_linear_data(200, w=0.5, b=20.0, x_range=(1000.0, 1010.0), seed=5)
    bowl = Bowl.from_data(data)
    run = train(data, lr=0.5 * bowl.critical_lr, batch_size=20, epochs=3)
    window = view_window(bowl, run, aspect=16 / 9)
    assert window.contains(run.w, run.b, tolerance=0).all()
    levels = contour_levels(bowl, window, 8)
    assert np.all(np.isfinite(levels))


def test_contour_levels_are_log_spaced_between_minimum_and_corner():
    data = make_linear_data(100, seed=6)
    bowl = Bowl.from_data(data)
    window = Window(-1.0, 5.0, -6.0, 4.0)
    levels = contour_levels(bowl, window, 9)
    assert levels.shape == (9,)
    excess = levels - bowl.min_loss
    assert np.all(excess > 0)
    ratios = excess[1:] / excess[:-1]
    assert np.allclose(ratios, ratios[0])
    top = max(bowl.loss(w, b) for w, b in window.corners)
    assert levels[-1] < top
    assert bowl.min_loss + (top - bowl.min_loss) * ratios[0] ** -1 == pytest.approx(levels[-1], rel=1e-9)
    assert excess[0] == pytest.approx(1e-3 * (top - bowl.min_loss), rel=1e-9)


def test_window_rejects_empty_boxes():
    with pytest.raises(ValueError, match="w_min < w_max"):
        Window(1.0, 1.0, 0.0, 1.0)


def test_zoom_window_frames_the_end_of_the_run_and_the_optimum():
    data = make_linear_data(100, x_range=(-1.0, 3.0), seed=0)
    bowl = Bowl.from_data(data)
    run = train(data, lr=0.06, batch_size=10, epochs=20, init=(5.5, -4.0))
    window = view_window(bowl, run, aspect=4 / 3)
    zoom = zoom_window(bowl, run, window, tail=0.3)
    tail = slice(int(len(run.w) * 0.7), None)
    assert zoom.contains(run.w[tail], run.b[tail], tolerance=0).all()
    assert zoom.contains(*bowl.optimum, tolerance=0)
    assert window.contains(*zoom.corners.T, tolerance=1e-9).all()
    assert (zoom.w_max - zoom.w_min) / (zoom.b_max - zoom.b_min) == pytest.approx(
        (window.w_max - window.w_min) / (window.b_max - window.b_min)
    )
    assert (zoom.w_max - zoom.w_min) < 0.2 * (window.w_max - window.w_min)  # a real close-up
