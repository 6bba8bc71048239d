"""The seed's Steps A-B and the framing of the map."""

import numpy as np
import pytest

from gdcore import Bowl, Window, contour_levels, loss_grid, make_linear_data, mse, train, view_window, zoom_window
from gdcore.landscape import VISIBLE_WIDTH, lowest_loss, ring_width


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


def long_valley_crawl():
    """x near 1980 with std 11.5 (2 mean / std = 340), raw: the default kind of run only crosses the valley."""
    data = make_linear_data(45, w=0.02, b=-40.0, noise=0.15, x_range=(1960.0, 2000.0), seed=6)
    bowl = Bowl.from_data(data)
    w_star, b_star = bowl.optimum
    init = (w_star + 0.03, b_star - 0.03 * bowl.mean_x + 0.1)  # far along the valley, a little up its wall
    run = train(data, lr=0.21 * bowl.critical_lr, batch_size=15, epochs=20, init=init)
    return data, bowl, run


def narrowest_span(points: np.ndarray) -> float:
    """The least width of a point cloud over all directions: a grid of angles, refined four times around the best."""
    centre, half = np.pi / 2, np.pi / 2
    for _ in range(5):
        angles = np.linspace(centre - half, centre + half, 2001)
        spans = points @ np.array([np.cos(angles), np.sin(angles)])
        widths = spans.max(axis=0) - spans.min(axis=0)
        centre, half = angles[np.argmin(widths)], 4 * half / 2000
    return float(widths.min())


def test_ring_width_is_the_narrowest_extent_of_the_drawn_ring():
    """Against the ellipse's own points mapped to the map, measured across every direction."""
    for data in (make_linear_data(100, seed=7), long_valley_crawl()[0]):
        bowl = Bowl.from_data(data)
        w_star, b_star = bowl.optimum
        level = bowl.min_loss + 0.5 * np.var(data.y)
        ellipse = bowl.level_ellipse(level)
        for window, aspect in (
            (Window(w_star - 1, w_star + 2, b_star - 3, b_star + 1), 1.5),
            (Window(0, 1, 0, 1), 0.7),
        ):
            points = ellipse.points(4000) - [window.w_min, window.b_min]
            drawn = points * [aspect / (window.w_max - window.w_min), 1 / (window.b_max - window.b_min)]
            narrowest = narrowest_span(drawn)
            assert ring_width(bowl, level, window, aspect) == pytest.approx(narrowest, rel=1e-3)


def test_lowest_loss_is_the_least_mse_in_the_window():
    """Against the MSE of the data on a fine grid of the window."""
    data, bowl, run = long_valley_crawl()
    w_star, b_star = bowl.optimum
    around = Window(w_star - 1e-3, w_star + 1e-3, b_star - 1, b_star + 1)
    beside = Window(run.w[0] - 1e-4, run.w[0] + 1e-4, run.b[0] - 0.2, run.b[0] + 0.2)
    for window in (around, beside):
        w_grid, b_grid = np.meshgrid(np.linspace(*window.w_range, 801), np.linspace(*window.b_range, 801))
        residuals = data.y[:, None] - (w_grid.ravel()[None, :] * data.x[:, None] + b_grid.ravel()[None, :])
        least = np.min(np.mean(residuals**2, axis=0))
        assert lowest_loss(bowl, window) <= least * (1 + 1e-9)
        assert lowest_loss(bowl, window) == pytest.approx(least, rel=1e-3)
    assert lowest_loss(bowl, around) == bowl.min_loss < lowest_loss(bowl, beside)


def test_a_long_valley_is_framed_where_the_run_is_with_its_width_visible():
    """Holding the start and the best fit, the start's ring would be a line; the valley window shows its width,
    at least 5 rings crossing it and the rounded ends of some, and holds the whole path."""
    _, bowl, run = long_valley_crawl()
    aspect, start = 7.4 / 5.55, float(run.loss[0])
    points_w, points_b = np.append(run.w, bowl.optimum[0]), np.append(run.b, bowl.optimum[1])
    holding = Window(points_w.min(), points_w.max(), points_b.min(), points_b.max())
    assert ring_width(bowl, start, holding, aspect) < VISIBLE_WIDTH / 4
    window = view_window(bowl, run, aspect=aspect)
    assert window.contains(run.w, run.b, tolerance=0).all() and not window.contains(*bowl.optimum)
    assert ring_width(bowl, start, window, aspect) >= VISIBLE_WIDTH
    levels = contour_levels(bowl, window, 10, start_loss=start)
    crossing = [level for level in levels if bowl.level_set(level).arcs_in(window)]
    assert len(crossing) >= 5
    ends = [bowl.level_ellipse(level).at(np.array([0.0, np.pi])) for level in crossing]
    assert sum(bool(window.contains(end[:, 0], end[:, 1], tolerance=0).any()) for end in ends) >= 2
