"""Issue 10's acceptance: from a folder with no lesson file, `gdlesson train --data FILE --json` converges on real and
synthetic data whose x is far from zero, and reports the optimum in the data's units as scipy's linregress does."""

import json
import subprocess
import sys

import numpy as np
import pytest
from datasets import ALL, DATA
from scipy import optimize, stats

from gdcore import read_csv
from gdlesson.lesson.run import LessonRun
from gdlesson.lesson.settings import load_settings

GDLESSON = [sys.executable, "-m", "gdlesson"]


def train_json(*args, cwd) -> dict:
    result = subprocess.run([*GDLESSON, "train", "--json", *map(str, args)], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def excess_left(summary: dict) -> float:
    best = summary["min_loss"]
    return (summary["final_loss"] - best) / (summary["start_loss"] - best)


@pytest.mark.parametrize("name", ALL)
def test_default_run_converges_and_reports_the_least_squares_line(name, tmp_path):
    summary = train_json("--data", DATA / name, cwd=tmp_path)
    data = read_csv(DATA / name).data
    fit = stats.linregress(data.x, data.y)
    assert summary["diverged_at"] is None and excess_left(summary) <= 0.05
    assert summary["optimum_w"] == pytest.approx(fit.slope, rel=1e-6)
    assert summary["optimum_b"] == pytest.approx(fit.intercept, rel=1e-6)
    # x far from zero is standardised, and the scaled values are the same lines.
    scaling = summary["scaling"]
    assert scaling == {"x_shift": pytest.approx(np.mean(data.x)), "x_scale": pytest.approx(np.std(data.x))}
    assert summary["raw_condition_number"] > 1e6 and summary["condition_number"] == pytest.approx(1.0)
    for w_key, b_key in (("w", "b"), ("optimum_w", "optimum_b")):
        w, b = summary[f"{w_key}_scaled"], summary[f"{b_key}_scaled"]
        assert summary[w_key] == pytest.approx(w / scaling["x_scale"], rel=1e-9)
        assert summary[b_key] == pytest.approx(b - w * scaling["x_shift"] / scaling["x_scale"], rel=1e-6, abs=1e-9)


def condition_of(mean: float, std: float) -> float:
    """The condition number of the Hessian 2 [[m^2 + s^2, m], [m, 1]] of x with this mean and std."""
    return float(np.linalg.cond(np.array([[mean**2 + std**2, mean], [mean, 1.0]])))


@pytest.mark.parametrize("condition", [1e2, 1e4, 1e6, 1e8, 1e10, 1e11])
@pytest.mark.parametrize("n", [16, 100, 400])
def test_default_run_converges_for_condition_numbers_up_to_1e11(condition, n, tmp_path):
    rng = np.random.default_rng(n)
    u = rng.normal(size=n)
    std = 3.0
    mean = optimize.brentq(lambda m: np.log(condition_of(m, std) / condition), 0.0, 1e6)
    x = mean + std * (u - u.mean()) / u.std()
    y = 0.7 * x + 5.0 + rng.normal(0, 2.0, n)
    np.savetxt(tmp_path / "data.csv", np.column_stack([x, y]), delimiter=",", header="x,y", comments="", fmt="%.17g")
    lesson = LessonRun.from_settings(load_settings(workdir=tmp_path))  # ./data.csv, no lesson file
    assert lesson.raw_bowl.condition_number == pytest.approx(condition, rel=1e-3)
    run, best = lesson.trajectory, lesson.bowl.min_loss
    assert not run.diverged and run.loss[-1] - best <= 0.05 * (run.loss[0] - best)
    fit = stats.linregress(x, y)
    assert lesson.to_user(*lesson.bowl.optimum) == pytest.approx((fit.slope, fit.intercept), rel=1e-6)
