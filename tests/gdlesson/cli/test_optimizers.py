"""`gdlesson train --optimizer ...`, its parameters, lesson.toml's keys and --trajectory, run by the command's
``main`` in this process (tests/commands.py) and checked against gdcore.train and the data's own units."""

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from commands import run_here

from gdcore import Hyperparameters, make_linear_data, read_csv, train

ROOT = Path(__file__).resolve().parents[3]
YEARS = ROOT / "tests" / "data" / "years.csv"
BUILT_IN = make_linear_data(100, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)
TORCH_DEFAULTS = {
    "gd": {},
    "momentum": {"momentum": 0.9},
    "nesterov": {"momentum": 0.9},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
}


@pytest.fixture
def gdlesson(monkeypatch, capsys):
    """``gdlesson(*args, cwd=folder)``: what the command prints and returns, run in this process."""
    return lambda *args, cwd: run_here(*args, cwd=cwd, monkeypatch=monkeypatch, capsys=capsys)


def train_json(gdlesson, *args, cwd: Path) -> dict:
    result = gdlesson("train", "--json", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))


def assert_user_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("name", list(TORCH_DEFAULTS))
def test_each_optimizer_reaches_the_run_with_pytorchs_defaults(gdlesson, tmp_path, name):
    summary = train_json(gdlesson, "--optimizer", name, "--epochs", "3", cwd=tmp_path)
    assert summary["optimizer"] == name
    for parameter in ("momentum", "alpha", "beta1", "beta2", "eps"):
        assert summary.get(parameter) == TORCH_DEFAULTS[name].get(parameter)
    hyper = Hyperparameters(
        lr=summary["lr"], batch_size=10, epochs=3, init=tuple(summary["init"]), optimizer=name, **TORCH_DEFAULTS[name]
    )
    expected = train(BUILT_IN, hyper)
    assert (summary["w"], summary["b"], summary["steps"]) == (expected.w[-1], expected.b[-1], 30)


def test_the_parameters_reach_the_run_from_the_command_line_and_the_lesson_file(gdlesson, tmp_path):
    summary = train_json(gdlesson, "--optimizer", "nesterov", "--momentum", "0.5", "--epochs", "2", cwd=tmp_path)
    expected = train(BUILT_IN, lr=summary["lr"], batch_size=10, epochs=2, init=tuple(summary["init"]),
                     optimizer="nesterov", momentum=0.5)  # fmt: skip
    assert summary["momentum"] == 0.5 and (summary["w"], summary["b"]) == (expected.w[-1], expected.b[-1])

    (tmp_path / "lesson.toml").write_text('optimizer = "adam"\nbeta1 = 0.8\nbeta2 = 0.99\neps = 1e-6\nepochs = 2\n')
    summary = train_json(gdlesson, cwd=tmp_path)
    assert {key: summary[key] for key in ("optimizer", "beta1", "beta2", "eps")} == {
        "optimizer": "adam",
        "beta1": 0.8,
        "beta2": 0.99,
        "eps": 1e-6,
    }
    expected = train(BUILT_IN, lr=summary["lr"], batch_size=10, epochs=2, init=tuple(summary["init"]),
                     optimizer="adam", beta1=0.8, beta2=0.99, eps=1e-6)  # fmt: skip
    assert (summary["w"], summary["b"]) == (expected.w[-1], expected.b[-1])
    # The command line wins over the file; the file's Adam parameters stay out of a momentum run's JSON.
    summary = train_json(gdlesson, "--optimizer", "momentum", cwd=tmp_path)
    assert summary["optimizer"] == "momentum" and "beta1" not in summary and summary["momentum"] == 0.9


def test_the_table_names_the_optimizer(gdlesson, tmp_path):
    lines = gdlesson("train", "--optimizer", "rmsprop", "--alpha", "0.9", "--epochs", "1", cwd=tmp_path).stdout
    assert "optimizer         rmsprop (alpha 0.9, eps 1e-08)" in lines.splitlines()
    lines = gdlesson("train", "--epochs", "1", cwd=tmp_path).stdout
    assert "optimizer         gd (plain mini-batch gradient descent)" in lines.splitlines()


@pytest.mark.parametrize(
    ("args", "lesson", "fragments"),
    [
        (["--optimizer", "sgd"], None, ['optimizer = "sgd" is invalid; optimizer must be "gd", "momentum"']),
        (["--momentum", "1"], None, ["momentum = 1 is invalid; momentum must be a number from 0 to below 1"]),
        (["--momentum", "-0.5"], None, ["momentum = -0.5 is invalid"]),
        (["--alpha", "1.5"], None, ["alpha = 1.5 is invalid; alpha must be a number from 0 to below 1"]),
        (["--beta1", "1"], None, ["beta1 = 1 is invalid"]),
        (["--beta2", "nan"], None, ['beta2 = "nan" is invalid']),
        (["--eps", "0"], None, ["eps = 0 is invalid; eps must be a number > 0"]),
        (["--eps=-1e-8"], None, ["eps = -1e-08 is invalid"]),
        (["--optimizer", "nesterov", "--momentum", "0"], None, ['momentum = 0.0 is invalid for optimizer "nesterov"']),
        ([], 'optimizer = "Adam"\n', ['lesson.toml:1: optimizer = "Adam" is invalid']),
        ([], 'beta1 = "high"\n', ['lesson.toml:1: beta1 = "high" is invalid']),
        (["--trajectory"], None, ["--trajectory adds the path to the JSON object; give --json too"]),
    ],
)
def test_out_of_range_values_exit_2_with_one_line(gdlesson, tmp_path, args, lesson, fragments):
    if lesson is not None:
        (tmp_path / "lesson.toml").write_text(lesson)
    assert_user_error(gdlesson("train", *args, cwd=tmp_path), *fragments)


def test_the_trajectory_is_every_state_of_the_run(gdlesson, tmp_path):
    summary = train_json(gdlesson, "--trajectory", "--optimizer", "momentum", "--epochs", "2", cwd=tmp_path)
    expected = train(BUILT_IN, lr=summary["lr"], batch_size=10, epochs=2, init=tuple(summary["init"]),
                     optimizer="momentum")  # fmt: skip
    assert summary["trajectory"] == {"w": expected.w.tolist(), "b": expected.b.tolist()}
    assert "trajectory" not in train_json(gdlesson, "--epochs", "1", cwd=tmp_path)


def test_the_trajectory_is_in_the_datas_units_when_x_was_standardised(gdlesson, tmp_path):
    summary = train_json(gdlesson, "--trajectory", "--data", YEARS, "--optimizer", "adam", cwd=tmp_path)
    assert summary["scaling"] is not None  # years are standardised by scale = "auto"
    w, b = np.array(summary["trajectory"]["w"]), np.array(summary["trajectory"]["b"])
    assert len(w) == len(b) == summary["steps"] + 1
    assert [w[0], b[0]] == pytest.approx(summary["init"], rel=1e-12)
    assert (w[-1], b[-1]) == pytest.approx((summary["w"], summary["b"]), rel=1e-12)
    # Each state predicts on the raw years what the run's own line predicts on x' = (x - shift) / scale.
    data, _, _ = read_csv(YEARS)
    shift, scale = summary["scaling"]["x_shift"], summary["scaling"]["x_scale"]
    x_scaled = (data.x - shift) / scale
    run_on_scaled = train(
        type(data)(x_scaled, data.y),
        lr=summary["lr"],
        batch_size=summary["batch_size"],
        epochs=summary["epochs"],
        init=tuple(summary["init_scaled"]),
        optimizer="adam",
    )
    predicted = w[:, None] * data.x + b[:, None]
    own = run_on_scaled.w[:, None] * x_scaled + run_on_scaled.b[:, None]
    assert np.max(np.abs(predicted - own)) <= 1e-9 * np.max(np.abs(own))
    # The intercept is in the data's units: near the least-squares line's at the end, not the scaled one's.
    assert abs(b[-1] - summary["optimum_b"]) < abs(b[-1] - summary["optimum_b_scaled"])


def test_a_diverging_optimizer_is_flagged_and_said(gdlesson, tmp_path):
    # Full-batch heavy ball diverges above (1 + momentum) x the critical rate: 1.9x for momentum 0.9.
    args = ("--optimizer", "momentum", "--lr", "2x", "--batch-size", "full", "--epochs", "500")
    summary = train_json(gdlesson, *args, cwd=tmp_path)
    assert summary["diverged_at"] is not None and summary["steps"] < 500
    assert summary["note"] == f"diverged at step {summary['diverged_at']} (momentum)"
    calm = train_json(
        gdlesson, "--optimizer", "momentum", "--lr", "1.8x", "--batch-size", "full", "--epochs", "500", cwd=tmp_path
    )
    assert calm["diverged_at"] is None and calm["note"] is None
    assert calm["final_loss"] == pytest.approx(calm["min_loss"], rel=1e-9)
