"""The lesson configuration: defaults, layers, presets, data choice and every message for bad input."""

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdcore import Bowl, DataError, Dataset, make_linear_data, train
from gdlesson.lesson.settings import (
    DEFAULTS,
    PRESETS,
    Lesson,
    LessonError,
    current_lesson,
    lesson_environment,
    lesson_or_exit,
    load_lesson,
)
from scenes import config

ROOT = Path(__file__).resolve().parents[1]
ENV_VARS = (config.FILE_ENV, config.OVERRIDES_ENV, config.PRESET_ENV, config.DIR_ENV, config.QUIET_ENV)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test runs in an empty directory with no GDLESSON_* variables and a fresh cache."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    current_lesson.cache_clear()
    yield
    current_lesson.cache_clear()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def critical_lr(data: Dataset) -> float:
    """2 / the largest eigenvalue of the MSE Hessian 2 [[E x^2, E x], [E x, 1]], computed directly."""
    x = data.x
    hessian = 2.0 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    return 2.0 / np.linalg.eigvalsh(hessian).max()


def default_data() -> Dataset:
    return make_linear_data(100, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)


def settings_of(lesson: Lesson) -> tuple:
    return (lesson.lr, lesson.batch_size, lesson.epochs, lesson.init, lesson.seed, lesson.pacing, lesson.theme)


DEFAULT_SETTINGS = (0.06, 10, 20, (5.5, -4.0), 0, 14.0, "dark")


# -- defaults and the committed lesson.toml --------------------------------------------------------


def test_defaults_are_the_documented_values():
    lesson = load_lesson()
    assert settings_of(lesson) == DEFAULT_SETTINGS
    expected = default_data()
    assert np.array_equal(lesson.data.x, expected.x) and np.array_equal(lesson.data.y, expected.y)
    assert lesson.data_label == "synthetic: y = 2x - 1 + noise, n = 100"
    assert (lesson.x_name, lesson.y_name, lesson.source) == ("x", "y", "defaults")


def test_an_empty_lesson_file_gives_the_defaults(tmp_path):
    lesson = load_lesson(write(tmp_path / "empty.toml", ""))
    assert settings_of(lesson) == DEFAULT_SETTINGS
    assert lesson.source == "empty.toml"


def test_committed_lesson_toml_holds_the_defaults():
    committed = load_lesson(ROOT / "lesson.toml")
    assert settings_of(committed) == DEFAULT_SETTINGS
    # Every setting is written in the file (not just filled in from the defaults).
    written = tomllib.loads((ROOT / "lesson.toml").read_text())
    assert set(written) == {"lr", "batch_size", "epochs", "init", "seed", "pacing", "theme"}
    assert np.array_equal(committed.data.y, default_data().y)
    # Its commented-out synthetic [data] table documents the default data exactly.
    text = (ROOT / "lesson.toml").read_text()
    block = re.search(r"^# \[data\]\n((?:# \w+ = .*\n)+)", text, flags=re.MULTILINE).group(1)
    documented = tomllib.loads(block.replace("# ", "", 1).replace("\n# ", "\n"))
    assert documented == {
        "n": DEFAULTS.data.n,
        "w": DEFAULTS.data.w,
        "b": DEFAULTS.data.b,
        "noise": DEFAULTS.data.noise,
        "x_range": list(DEFAULTS.data.x_range),
        "seed": DEFAULTS.data.seed,
    }


def test_lesson_toml_in_the_working_directory_is_read_by_default(tmp_path):
    write(tmp_path / "lesson.toml", "epochs = 3\n")
    lesson = load_lesson()
    assert lesson.epochs == 3 and lesson.source == "lesson.toml"


# -- reading a file --------------------------------------------------------------------------------


def test_every_key_of_a_lesson_file_is_read(tmp_path):
    path = write(
        tmp_path / "mine.toml",
        'lr = 0.02\nbatch_size = 4\nepochs = 3\ninit = [1, -2.5]\nseed = 9\npacing = 6\ntheme = "light"\n'
        "[data]\nn = 40\nw = -0.5\nb = 3.0\nnoise = 0.0\nx_range = [2.0, 5.0]\nseed = 4\n",
    )
    lesson = load_lesson(path)
    assert settings_of(lesson) == (0.02, 4, 3, (1.0, -2.5), 9, 6.0, "light")
    expected = make_linear_data(40, w=-0.5, b=3.0, noise=0.0, x_range=(2.0, 5.0), seed=4)
    assert np.array_equal(lesson.data.x, expected.x) and np.array_equal(lesson.data.y, expected.y)
    assert lesson.data_label == "synthetic: y = -0.5x + 3, n = 40"
    assert isinstance(lesson.pacing, float) and isinstance(lesson.init[0], float)


def test_partial_synthetic_data_keeps_the_other_defaults(tmp_path):
    lesson = load_lesson(write(tmp_path / "l.toml", "[data]\nn = 30\n"))
    expected = make_linear_data(30, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)
    assert np.array_equal(lesson.data.y, expected.y)


def test_relative_learning_rate_is_a_multiple_of_the_critical_rate(tmp_path):
    lesson = load_lesson(write(tmp_path / "l.toml", 'lr = "0.5x"\n'))
    assert lesson.lr == pytest.approx(0.5 * critical_lr(default_data()), rel=1e-12)
    assert lesson.lr == pytest.approx(0.5 * lesson.bowl().critical_lr, rel=1e-15)
    assert isinstance(lesson.lr, float)


@pytest.mark.parametrize("text", ["0.9x", "0.9 x", " 0.9X ", "9e-1x"])
def test_relative_learning_rate_spellings(text):
    lesson = load_lesson(overrides={"lr": text})
    assert lesson.lr == pytest.approx(0.9 * critical_lr(lesson.data), rel=1e-12)


def test_batch_size_full_is_the_number_of_samples(tmp_path):
    lesson = load_lesson(write(tmp_path / "l.toml", 'batch_size = "full"\n[data]\nn = 37\n'))
    assert lesson.batch_size == 37 == lesson.data.n


def test_a_batch_larger_than_the_data_is_clamped_with_one_warning(capsys):
    lesson = load_lesson(overrides={"batch_size": 500})
    assert lesson.batch_size == 100
    assert capsys.readouterr().err == "warning: batch_size 500 > 100 samples; using full batch (100)\n"
    load_lesson(overrides={"batch_size": 500}, quiet=True)
    assert capsys.readouterr().err == ""


# -- layers ----------------------------------------------------------------------------------------


def test_layers_override_in_order_file_preset_overrides(tmp_path):
    path = write(tmp_path / "l.toml", "lr = 0.01\nbatch_size = 5\nepochs = 2\n")
    lesson = load_lesson(path, overrides={"epochs": 4}, preset="sgd")
    assert (lesson.lr, lesson.batch_size, lesson.epochs) == (0.01, 1, 4)
    assert lesson.source == "l.toml + --preset sgd + epochs=4"
    assert load_lesson(path, overrides={"batch_size": 7}, preset="sgd").batch_size == 7


def test_environment_variables_choose_file_preset_and_overrides(tmp_path, monkeypatch):
    write(tmp_path / "other.toml", "epochs = 6\nseed = 3\n")
    monkeypatch.setenv(config.FILE_ENV, "other.toml")
    monkeypatch.setenv(config.PRESET_ENV, "low-lr")
    monkeypatch.setenv(config.OVERRIDES_ENV, '{"seed": 8, "data": {"n": 20}}')
    lesson = load_lesson()
    assert (lesson.epochs, lesson.seed, lesson.data.n) == (6, 8, 20)
    assert lesson.lr == pytest.approx(0.05 * critical_lr(lesson.data))
    assert lesson.source == "other.toml + --preset low-lr + seed=8, data.n=20"
    # Explicit arguments win over the environment.
    assert load_lesson(overrides={}, preset="sgd").seed == 3


def test_environment_moves_the_lesson_to_another_process_and_directory(tmp_path, monkeypatch):
    caller = tmp_path / "caller"
    caller.mkdir()
    write(caller / "data.csv", "h,w\n1,3\n2,5\n4,9.5\n")
    write(caller / "lesson.toml", "epochs = 2\n")
    monkeypatch.chdir(caller)
    here = load_lesson(overrides={"lr": "0.3x", "data": {"y": "w"}}, preset="full-batch")
    env = lesson_environment(overrides={"lr": "0.3x", "data": {"y": "w"}}, preset="full-batch")
    script = (
        "from gdlesson.lesson.settings import load_lesson; l = load_lesson(); "
        "print(repr((l.lr, l.batch_size, l.epochs, l.source, l.data_label, l.data.y.tolist())))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere / "lesson.toml", "epochs = 99\n")  # must not be read
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=elsewhere, env=os.environ | env, capture_output=True, text=True, check=True
    )
    expected = (here.lr, here.batch_size, here.epochs, here.source, here.data_label, here.data.y.tolist())
    assert result.stdout.strip() == repr(expected)
    assert here.source == "lesson.toml + data.csv + --preset full-batch + lr=0.3x, data.y=w"


# -- presets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "factor", "batch_size"),
    [("high-lr", 0.9, DEFAULTS.batch_size), ("low-lr", 0.05, DEFAULTS.batch_size), ("diverge", 1.2, 100)],
)
def test_learning_rate_presets_are_multiples_of_the_critical_rate(name, factor, batch_size):
    lesson = load_lesson(preset=name)
    assert lesson.lr == pytest.approx(factor * critical_lr(lesson.data), rel=1e-12)
    assert lesson.batch_size == batch_size


def test_batch_presets():
    assert load_lesson(preset="sgd").batch_size == 1
    full = load_lesson(preset="full-batch", overrides={"data": {"n": 64}})
    assert (full.batch_size, full.trajectory().steps) == (64, 200)
    assert set(PRESETS) >= {"sgd", "full-batch", "high-lr", "low-lr", "diverge"}
    assert all(preset.about for preset in PRESETS.values())


def test_high_lr_stays_bounded_and_diverge_blows_up():
    assert not load_lesson(preset="high-lr").trajectory().diverged
    growing = load_lesson(preset="diverge").trajectory()
    assert np.all(np.diff(growing.loss[3:]) > 0)
    assert growing.diverged_at is not None and growing.diverged_at < 60


# -- data ------------------------------------------------------------------------------------------


def test_data_csv_in_the_working_directory_is_used_when_no_data_is_named(tmp_path):
    write(tmp_path / "data.csv", "id,height,weight\na,1.5,50\nb,1.7,65\nc,1.8,80\n")
    lesson = load_lesson()
    assert lesson.data.x.tolist() == [1.5, 1.7, 1.8] and lesson.data.y.tolist() == [50, 65, 80]
    assert (lesson.x_name, lesson.y_name) == ("height", "weight")
    assert lesson.data_label == "data.csv (x = height, y = weight), n = 3"
    assert lesson.source == "defaults + data.csv"
    # Named data wins over data.csv.
    assert load_lesson(overrides={"data": {"n": 12}}).data.n == 12


def test_csv_columns_by_name_and_paths_relative_to_the_lesson_file(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    write(folder / "m.csv", "a,b,c\n1,10,100\n2,20,200\n3,30,300\n")
    lesson = load_lesson(write(folder / "l.toml", '[data]\ncsv = "m.csv"\nx = "c"\ny = "a"\n'))
    assert lesson.data.x.tolist() == [100, 200, 300] and lesson.data.y.tolist() == [1, 2, 3]
    assert lesson.data_label == "m.csv (x = c, y = a), n = 3"
    # Only y named: x is the first other numeric column.
    assert load_lesson(overrides={"data": {"csv": "lessons/m.csv", "y": "a"}}).x_name == "b"


def test_column_override_applies_to_the_files_csv(tmp_path):
    write(tmp_path / "m.csv", "a,b,c\n1,10,100\n2,20,200\n")
    lesson = load_lesson(write(tmp_path / "l.toml", '[data]\ncsv = "m.csv"\n'), overrides={"data": {"y": "c"}})
    assert (lesson.x_name, lesson.y_name) == ("a", "c")
    # Synthetic keys in a later layer replace the file's CSV entirely.
    assert load_lesson(tmp_path / "l.toml", overrides={"data": {"n": 5}}).data_label.startswith("synthetic")


def test_a_column_without_a_csv_file_is_an_error():
    with pytest.raises(LessonError, match=r'^data.x = "height" names a CSV column, but no CSV file is given; set'):
        load_lesson(overrides={"data": {"x": "height"}})


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("x,y\n1,2\n2,oops\n", r"m.csv:3:2: 'oops' in column 'y' is not a number"),
        ("x,y\n1,2\n2,nan\n", r"m.csv:3:2: 'nan' in column 'y' is not finite"),
        ("x,y\n1,2\n", r"m.csv: 1 data row"),
        ("", r"m.csv: the file is empty"),
    ],
)
def test_bad_csv_files_raise_data_errors_naming_the_place(tmp_path, csv_text, message):
    write(tmp_path / "m.csv", csv_text)
    with pytest.raises(DataError, match=message):
        load_lesson(overrides={"data": {"csv": "m.csv"}})


def test_unknown_csv_column_and_missing_file():
    Path("m.csv").write_text("x,y\n1,2\n2,3\n")
    with pytest.raises(DataError, match=r"unknown column 'z' for y; the columns are \['x', 'y'\]"):
        load_lesson(overrides={"data": {"csv": "m.csv", "y": "z"}})
    with pytest.raises(DataError, match=r"^gone.csv: no such file"):
        load_lesson(overrides={"data": {"csv": "gone.csv"}})


# -- bad lesson files: one line saying where, what and how to fix -----------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lrr = 0.1\n", "bad.toml:1: unknown key 'lrr'; did you mean 'lr'? valid keys: batch_size, data, epochs,"),
        ("epochs = 3\n\n[data]\nnoize = 1\n", "bad.toml:4: unknown key 'noize' in [data]; did you mean 'noise'?"),
        ("[dta]\nn = 3\n", "bad.toml:1: unknown key 'dta'; did you mean 'data'?"),
        ("[data]\nn = 50\nlr = 0.1\n", "bad.toml:3: lr is inside the [data] table; move it above the [data] line"),
        ("seed = 1\nlr = -0.5\n", "bad.toml:2: lr = -0.5 is invalid; lr must be a number > 0, or a multiple of"),
        ('lr = "fast"\n', 'bad.toml:1: lr = "fast" is invalid; lr must be a number > 0'),
        ("lr = nan\n", "bad.toml:1: lr = nan is invalid"),
        ('lr = "-2x"\n', 'bad.toml:1: lr = "-2x" is invalid'),
        ("batch_size = 0\n", "bad.toml:1: batch_size = 0 is invalid; batch_size must be an integer >= 1 (1 is SGD)"),
        ("batch_size = 2.5\n", "bad.toml:1: batch_size = 2.5 is invalid"),
        ("epochs = 0\n", "bad.toml:1: epochs = 0 is invalid; epochs must be an integer >= 1"),
        ("epochs = true\n", "bad.toml:1: epochs = true is invalid"),
        ('epochs = "10"\n', 'bad.toml:1: epochs = "10" is invalid'),
        ("seed = -1\n", "bad.toml:1: seed = -1 is invalid; seed must be an integer >= 0"),
        ("init = [1, 2, 3]\n", "bad.toml:1: init = [1, 2, 3] is invalid; init must be two numbers [W0, b0]"),
        ("pacing = 0\n", "bad.toml:1: pacing = 0 is invalid; pacing must be a number of seconds > 0"),
        ('theme = "blue"\n', 'bad.toml:1: theme = "blue" is invalid; theme must be "dark" or "light"'),
        ("data = 5\n", "bad.toml:1: data = 5 is invalid; data must be a table [data] with csv, x, y or n,"),
        ("[data]\nn = 1\n", "bad.toml:2: data.n = 1 is invalid; data.n must be an integer >= 2"),
        ("[data]\nx_range = [3, 1]\n", "bad.toml:2: data.x_range = [3, 1] is invalid; data.x_range must be two"),
        ("[data]\nnoise = -1\n", "bad.toml:2: data.noise = -1 is invalid; data.noise must be a number >= 0"),
        ('[data]\ncsv = "a.csv"\nn = 5\n', "bad.toml:1: [data] mixes CSV keys (csv) with synthetic-data keys (n);"),
        ("lr = = 0.1\n", "bad.toml:1:6: invalid value; fix the TOML syntax there"),
        ("epochs = 10\ntheme = dark\n", "bad.toml:2:9: invalid value; fix the TOML syntax there"),
        ('lr = "0.1\n', "bad.toml:1:"),
    ],
)
def test_bad_lesson_files_name_the_line_and_the_fix(tmp_path, text, message):
    write(tmp_path / "bad.toml", text)
    with pytest.raises(LessonError) as caught:
        load_lesson("bad.toml")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value) and "; " in str(caught.value)


def test_missing_lesson_file_is_an_error(monkeypatch):
    with pytest.raises(LessonError, match=r"^nope.toml: no such lesson file; check the path"):
        load_lesson("nope.toml")
    monkeypatch.setenv(config.FILE_ENV, "gone.toml")
    with pytest.raises(LessonError, match=r"^gone.toml: no such lesson file"):
        load_lesson()


def test_unknown_preset_suggests_the_nearest():
    with pytest.raises(LessonError, match=r"^unknown preset 'sdg'; did you mean 'sgd'\? presets: diverge, full-batch"):
        load_lesson(preset="sdg")


def test_bad_overrides_from_python_and_from_the_environment(monkeypatch):
    with pytest.raises(LessonError, match=r"^unknown key 'batchsize'; did you mean 'batch_size'\?"):
        load_lesson(overrides={"batchsize": 3})
    monkeypatch.setenv(config.OVERRIDES_ENV, "{lr: 1}")
    with pytest.raises(LessonError, match=r"^\$GDLESSON_OVERRIDES: not valid JSON \(.*\); give a JSON object"):
        load_lesson()
    monkeypatch.setenv(config.OVERRIDES_ENV, '{"epochs": 0}')
    with pytest.raises(LessonError, match=r"^\$GDLESSON_OVERRIDES: epochs = 0 is invalid"):
        load_lesson()
    monkeypatch.setenv(config.OVERRIDES_ENV, "[1, 2]")
    with pytest.raises(LessonError, match=r"^\$GDLESSON_OVERRIDES: expected a table of settings"):
        load_lesson()


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.lists(st.floats(-10, 10), max_size=3),
    st.dictionaries(st.sampled_from(["n", "w", "csv", "x", "bogus"]), st.integers(-2, 50), max_size=2),
)
keys = st.sampled_from([*config._SETTINGS, "data", "lrr", "theme ", "Seed"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(keys, values, max_size=4))
def test_any_overrides_give_a_lesson_or_a_lesson_error(raw):
    try:
        lesson = load_lesson(overrides=raw, quiet=True)
    except (LessonError, DataError) as err:
        assert "\n" not in str(err) and "; " in str(err)
        return
    assert lesson.lr > 0 and 1 <= lesson.batch_size <= lesson.data.n and lesson.epochs >= 1
    assert lesson.theme in config.THEME_NAMES


# -- the Lesson object -----------------------------------------------------------------------------


def test_bowl_and_trajectory_are_the_cores_and_cached():
    lesson = load_lesson(preset="sgd", overrides={"epochs": 2})
    run = lesson.trajectory()
    expected = train(default_data(), lr=0.06, batch_size=1, epochs=2, init=(5.5, -4.0), seed=0)
    assert np.array_equal(run.w, expected.w) and np.array_equal(run.b, expected.b)
    assert lesson.trajectory() is run and lesson.bowl() is lesson.bowl()
    assert lesson.bowl() == Bowl.from_data(lesson.data)


def test_replace_checks_resolves_and_keeps_the_rest():
    lesson = load_lesson()
    faster = lesson.replace(lr="0.9x", batch_size="full", init=[0, 0])
    assert faster.lr == pytest.approx(0.9 * critical_lr(lesson.data))
    assert (faster.batch_size, faster.init, faster.epochs, faster.source) == (100, (0.0, 0.0), 20, "defaults")
    assert faster.trajectory().batch_size == 100 and lesson.trajectory().batch_size == 10
    small = make_linear_data(8, seed=1)
    moved = lesson.replace(data=small)
    assert moved.data is small and moved.batch_size == 8 and moved.data_label == "custom data, n = 8"
    with pytest.raises(LessonError, match=r"^epochs = 0 is invalid; epochs must be an integer >= 1"):
        lesson.replace(epochs=0)
    with pytest.raises(LessonError, match=r"^Lesson.replace: unknown field 'epoch'; did you mean 'epochs'\?"):
        lesson.replace(epoch=3)
    with pytest.raises(LessonError, match=r"^data = \[1, 2\] is invalid; data must be a gdcore.Dataset"):
        lesson.replace(data=[1, 2])


def test_lesson_is_frozen_and_its_repr_is_short():
    lesson = load_lesson()
    with pytest.raises(AttributeError):
        lesson.lr = 1.0
    assert "array" not in repr(lesson) and "lr=0.06" in repr(lesson)


# -- for scenes ------------------------------------------------------------------------------------


def test_current_lesson_is_read_once_per_process(tmp_path):
    write(tmp_path / "lesson.toml", "epochs = 2\n")
    first = current_lesson()
    write(tmp_path / "lesson.toml", "epochs = 3\n")
    assert current_lesson() is first and first.epochs == 2


def test_lesson_or_exit_prints_one_line_and_exits_2(tmp_path, capsys):
    write(tmp_path / "lesson.toml", "epochs = 2\nlr = 'slow'\n")
    with pytest.raises(SystemExit) as stopped:
        lesson_or_exit()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert (
        err == 'error: lesson.toml:2: lr = "slow" is invalid; lr must be a number > 0, or a multiple of the '
        'critical learning rate written like "0.9x"\n'
    )


def test_lesson_or_exit_reports_data_errors_too(tmp_path, capsys):
    write(tmp_path / "data.csv", "x,y\n1,2\n")
    with pytest.raises(SystemExit):
        lesson_or_exit()
    assert capsys.readouterr().err.startswith("error: data.csv: 1 data row(s)")


def test_reading_a_lesson_does_not_import_manim():
    code = "import sys, scenes.config, scenes.cli; scenes.config.load_lesson(); print('manim' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
