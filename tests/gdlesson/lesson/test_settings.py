"""The lesson's settings: defaults, layers, presets, the data chosen, every message for bad input, and the
frozen value's replace and JSON round trip. Nothing here reads data or trains (see test_run.py)."""

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdcore import DataError
from gdlesson.lesson import settings as settings_module
from gdlesson.lesson.handoff import FILE_ENV, SETTINGS_ENV, SHARD_ENV
from gdlesson.lesson.run import LessonRun
from gdlesson.lesson.settings import (
    DEFAULT_SETTINGS,
    DEFAULTS,
    PRESETS,
    THEME_NAMES,
    AtLeast,
    CsvSource,
    LessonError,
    Relative,
    Settings,
    Synthetic,
    load_settings,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test runs in an empty directory with no GDLESSON_* variables."""
    for name in (FILE_ENV, SETTINGS_ENV, SHARD_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def settings_of(lesson: Settings) -> tuple:
    names = ("lr", "batch_size", "epochs", "init", "seed", "pacing", "theme", "scale", "voice")
    return tuple(getattr(lesson, name) for name in names)


DEFAULT_VALUES = (Relative(0.21), AtLeast(10), 20, None, 0, 14.0, "dark", "auto", "piper")
DEFAULT_DATA = Synthetic(n=100, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)


# -- defaults and the committed lesson.toml --------------------------------------------------------


def test_defaults_are_the_documented_values():
    lesson = load_settings()
    assert settings_of(lesson) == DEFAULT_VALUES
    assert lesson.data == DEFAULT_DATA == DEFAULTS.data
    assert lesson.source == "defaults"
    assert lesson == DEFAULT_SETTINGS


def test_an_empty_lesson_file_gives_the_defaults(tmp_path):
    lesson = load_settings(write(tmp_path / "empty.toml", ""))
    assert settings_of(lesson) == DEFAULT_VALUES and lesson.data == DEFAULT_DATA
    assert lesson.source == "empty.toml"


def test_committed_lesson_toml_holds_the_defaults():
    committed = load_settings(ROOT / "lesson.toml", workdir=ROOT)
    assert settings_of(committed) == DEFAULT_VALUES
    # Every setting is written in the file (not just filled in from the defaults).
    written = tomllib.loads((ROOT / "lesson.toml").read_text())
    assert set(written) == {"lr", "epochs", "seed", "pacing", "theme", "scale", "voice", "optimizer", "voice_speed"}
    assert written["optimizer"] == DEFAULTS.optimizer == "gd"
    # The start and the batch size are chosen for the data unless written; the file shows how to write them.
    assert re.search(r"^# init = \[5\.5, -4\.0\]$", (ROOT / "lesson.toml").read_text(), flags=re.MULTILINE)
    assert re.search(r"^# batch_size = 10$", (ROOT / "lesson.toml").read_text(), flags=re.MULTILINE)
    assert load_settings(ROOT / "lesson.toml").data == DEFAULT_DATA  # no data.csv here: the synthetic default
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
    lesson = load_settings()
    assert lesson.epochs == 3 and lesson.source == "lesson.toml"


def test_workdir_holds_the_default_lesson_file_and_data_csv(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    write(other / "lesson.toml", "epochs = 4\n")
    write(other / "data.csv", "x,y\n1,2\n2,3\n")
    write(tmp_path / "lesson.toml", "epochs = 9\n")  # the current directory's: not read
    lesson = load_settings(workdir=other)
    assert lesson.epochs == 4 and lesson.source == "lesson.toml + data.csv"
    assert lesson.data == CsvSource((other / "data.csv").absolute(), None, None, automatic=True)
    # Relative paths of overrides start at the workdir too.
    assert load_settings(overrides={"data": {"csv": "data.csv"}}, workdir=other).data.path == other / "data.csv"


# -- reading a file --------------------------------------------------------------------------------


def test_every_key_of_a_lesson_file_is_read(tmp_path):
    path = write(
        tmp_path / "mine.toml",
        'lr = 0.02\nbatch_size = 4\nepochs = 3\ninit = [1, -2.5]\nseed = 9\npacing = 6\ntheme = "light"\n'
        'scale = "none"\nvoice = "espeak"\n'
        "[data]\nn = 40\nw = -0.5\nb = 3.0\nnoise = 0.0\nx_range = [2.0, 5.0]\nseed = 4\n",
    )
    lesson = load_settings(path)
    assert settings_of(lesson) == (0.02, 4, 3, (1.0, -2.5), 9, 6.0, "light", "none", "espeak")
    assert lesson.data == Synthetic(n=40, w=-0.5, b=3.0, noise=0.0, x_range=(2.0, 5.0), seed=4)
    assert lesson.data.label == "synthetic: y = -0.5x + 3, n = 40"
    assert isinstance(lesson.pacing, float) and isinstance(lesson.init[0], float)
    assert isinstance(lesson.data.w, float) and isinstance(lesson.data.x_range, tuple)


def test_partial_synthetic_data_keeps_the_other_defaults(tmp_path):
    lesson = load_settings(write(tmp_path / "l.toml", "[data]\nn = 30\n"))
    assert lesson.data == Synthetic(n=30, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)


def test_relative_learning_rate_stays_relative_until_the_data_is_read(tmp_path):
    lesson = load_settings(write(tmp_path / "l.toml", 'lr = "0.5x"\n'))
    assert lesson.lr == Relative(0.5) and str(lesson.lr) == "0.5x"
    assert load_settings(overrides={"lr": 0.5}).lr == 0.5  # a plain number is absolute


@pytest.mark.parametrize("text", ["0.9x", "0.9 x", " 0.9X ", "9e-1x"])
def test_relative_learning_rate_spellings(text):
    assert load_settings(overrides={"lr": text}).lr == Relative(0.9)


def test_batch_size_full_is_kept_for_the_run_to_resolve(tmp_path):
    lesson = load_settings(write(tmp_path / "l.toml", 'batch_size = "full"\n[data]\nn = 37\n'))
    assert lesson.batch_size == "full" and lesson.data.n == 37


def test_a_batch_larger_than_the_data_is_a_valid_setting(capsys):
    assert load_settings(overrides={"batch_size": 500}).batch_size == 500  # the run clamps it (test_run.py)
    assert capsys.readouterr().err == ""


# -- layers ----------------------------------------------------------------------------------------


def test_layers_override_in_order_file_preset_overrides(tmp_path):
    path = write(tmp_path / "l.toml", "lr = 0.01\nbatch_size = 5\nepochs = 2\n")
    lesson = load_settings(path, overrides={"epochs": 4}, preset="sgd")
    assert (lesson.lr, lesson.batch_size, lesson.epochs) == (0.01, 1, 4)
    assert lesson.source == "l.toml + --preset sgd + epochs=4"
    assert load_settings(path, overrides={"batch_size": 7}, preset="sgd").batch_size == 7


def test_file_preset_and_overrides_with_data_layers(tmp_path):
    write(tmp_path / "other.toml", "epochs = 6\nseed = 3\n")
    lesson = load_settings("other.toml", overrides={"seed": 8, "data": {"n": 20}}, preset="low-lr")
    assert (lesson.epochs, lesson.seed, lesson.data.n) == (6, 8, 20)
    assert lesson.lr == Relative(0.05)
    assert lesson.source == "other.toml + --preset low-lr + seed=8, data.n=20"
    # An empty overrides layer is no layer.
    assert load_settings("other.toml", overrides={}, preset="sgd").source == "other.toml + --preset sgd"


def test_the_source_names_every_layer_with_an_automatic_data_csv(tmp_path):
    write(tmp_path / "data.csv", "h,w\n1,3\n2,5\n4,9.5\n")
    write(tmp_path / "lesson.toml", "epochs = 2\n")
    lesson = load_settings(overrides={"lr": "0.3x", "data": {"y": "w"}}, preset="full-batch")
    assert lesson.source == "lesson.toml + data.csv + --preset full-batch + lr=0.3x, data.y=w"
    assert lesson.data == CsvSource((tmp_path / "data.csv").absolute(), None, "w", automatic=True)
    assert (lesson.batch_size, lesson.epochs, lesson.lr) == ("full", 200, Relative(0.3))


# -- presets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "factor", "batch_size", "epochs"),
    [
        ("high-lr", 0.9, DEFAULTS.batch_size, DEFAULTS.epochs),
        ("low-lr", 0.05, DEFAULTS.batch_size, DEFAULTS.epochs),
        ("diverge", 1.2, "full", 60),
    ],
)
def test_learning_rate_presets_are_multiples_of_the_critical_rate(name, factor, batch_size, epochs):
    lesson = load_settings(preset=name)
    assert (lesson.lr, lesson.batch_size, lesson.epochs) == (Relative(factor), batch_size, epochs)
    assert lesson.source == f"defaults + --preset {name}"


def test_batch_presets():
    assert load_settings(preset="sgd").batch_size == 1
    full = load_settings(preset="full-batch", overrides={"data": {"n": 64}})
    assert (full.batch_size, full.epochs, full.data.n) == ("full", 200, 64)
    assert set(PRESETS) >= {"sgd", "full-batch", "high-lr", "low-lr", "diverge"}
    assert all(preset.about for preset in PRESETS.values())


def test_presets_cannot_be_changed():
    with pytest.raises(TypeError):
        PRESETS["sgd"].overrides["batch_size"] = 2


# -- data ------------------------------------------------------------------------------------------


def test_data_csv_in_the_working_directory_is_used_when_no_data_is_named(tmp_path):
    write(tmp_path / "data.csv", "id,height,weight\na,1.5,50\nb,1.7,65\nc,1.8,80\n")
    lesson = load_settings()
    assert lesson.data == CsvSource((tmp_path / "data.csv").absolute(), None, None, automatic=True)
    assert lesson.source == "defaults + data.csv"
    # Named data wins over data.csv.
    assert load_settings(overrides={"data": {"n": 12}}).data == Synthetic(12, 2.0, -1.0, 1.0, (-1.0, 3.0), 0)


def test_csv_paths_are_relative_to_the_lesson_file_or_the_workdir(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    lesson = load_settings(write(folder / "l.toml", '[data]\ncsv = "m.csv"\nx = "c"\ny = "a"\n'))
    assert lesson.data == CsvSource(folder / "m.csv", "c", "a")
    assert lesson.data.path.is_absolute() and not lesson.data.automatic
    # From overrides the path starts at the working directory; only y named.
    assert load_settings(overrides={"data": {"csv": "lessons/m.csv", "y": "a"}}).data == CsvSource(
        folder / "m.csv", None, "a"
    )


def test_column_override_applies_to_the_files_csv(tmp_path):
    write(tmp_path / "l.toml", '[data]\ncsv = "m.csv"\n')
    lesson = load_settings(tmp_path / "l.toml", overrides={"data": {"y": "c"}})
    assert lesson.data == CsvSource(tmp_path / "m.csv", None, "c")
    # Synthetic keys in a later layer replace the file's CSV entirely.
    assert isinstance(load_settings(tmp_path / "l.toml", overrides={"data": {"n": 5}}).data, Synthetic)


def test_a_column_without_a_csv_file_is_an_error():
    with pytest.raises(LessonError, match=r'^data.x = "height" names a CSV column, but no CSV file is given; set'):
        load_settings(overrides={"data": {"x": "height"}})


def test_settings_do_not_read_the_data(tmp_path):
    write(tmp_path / "data.csv", "x,y\n1,2\n")  # one row: LessonRun refuses it (test_run.py)
    assert load_settings().data.automatic
    assert load_settings(overrides={"data": {"csv": "gone.csv"}}).data.path == tmp_path / "gone.csv"


# -- bad lesson files: one line saying where, what and how to fix -----------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lrr = 0.1\n", "bad.toml:1: unknown key 'lrr'; did you mean 'lr'? valid keys: alpha, batch_size,"),
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
        load_settings("bad.toml")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value) and "; " in str(caught.value)


def test_missing_lesson_file_is_an_error():
    with pytest.raises(LessonError, match=r"^nope.toml: no such lesson file; check the path"):
        load_settings("nope.toml")


def test_unknown_preset_suggests_the_nearest():
    with pytest.raises(LessonError, match=r"^unknown preset 'sdg'; did you mean 'sgd'\? presets: diverge, full-batch"):
        load_settings(preset="sdg")


def test_bad_overrides_from_python():
    with pytest.raises(LessonError, match=r"^unknown key 'batchsize'; did you mean 'batch_size'\?"):
        load_settings(overrides={"batchsize": 3})
    with pytest.raises(LessonError, match=r"^epochs = 0 is invalid; epochs must be an integer >= 1"):
        load_settings(overrides={"epochs": 0})
    with pytest.raises(LessonError, match=r"^expected a table of settings, got \[1, 2\]"):
        load_settings(overrides=[1, 2])


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.lists(st.floats(-10, 10), max_size=3),
    st.dictionaries(st.sampled_from(["n", "w", "csv", "x", "bogus"]), st.integers(-2, 50), max_size=2),
)
keys = st.sampled_from([*settings_module._SETTINGS, "data", "lrr", "theme ", "Seed"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(keys, values, max_size=4))
def test_any_overrides_give_a_lesson_or_a_lesson_error(raw):
    try:
        lesson = load_settings(overrides=raw)
        run = LessonRun.from_settings(lesson, quiet=True)
    except (LessonError, DataError) as err:
        assert "\n" not in str(err) and "; " in str(err)
        return
    hyper = run.hyper
    assert hyper.lr > 0 and 1 <= hyper.batch_size <= run.data.n and hyper.epochs >= 1
    assert lesson.theme in THEME_NAMES
    assert Settings.from_json(lesson.to_json()) == lesson


# -- the Settings value ----------------------------------------------------------------------------


def test_settings_are_frozen():
    lesson = load_settings()
    with pytest.raises(AttributeError):
        lesson.lr = 1.0
    with pytest.raises(AttributeError):
        lesson.data.n = 3


def test_replace_checks_each_change_and_keeps_the_rest():
    lesson = load_settings(preset="sgd")
    changed = lesson.replace(lr="0.9x", batch_size="full", init=[0, 0], theme="light")
    assert (changed.lr, changed.batch_size, changed.init, changed.theme) == (Relative(0.9), "full", (0.0, 0.0), "light")
    assert (changed.epochs, changed.seed, changed.pacing) == (lesson.epochs, lesson.seed, lesson.pacing)
    assert (changed.data, changed.source) == (lesson.data, "defaults + --preset sgd")
    assert lesson.batch_size == 1 and lesson.replace() == lesson
    with pytest.raises(LessonError, match=r"^epochs = 0 is invalid; epochs must be an integer >= 1"):
        lesson.replace(epochs=0)
    with pytest.raises(LessonError, match=r"^unknown setting 'epoch'; did you mean 'epochs'\? settings: lr, "):
        lesson.replace(epoch=3)


ROUND_TRIPS = {
    "defaults": lambda tmp: load_settings(),
    "every setting": lambda tmp: load_settings(
        overrides={
            "lr": 0.125,
            "batch_size": 7,
            "epochs": 3,
            "init": [-1, 2.5],
            "seed": 4,
            "pacing": 3,
            "theme": "light",
        }
    ),
    "relative and full": lambda tmp: load_settings(overrides={"lr": "0.3x"}, preset="full-batch"),
    "awkward factor": lambda tmp: load_settings(overrides={"lr": f"{0.1 + 0.2!r}x"}),
    "synthetic": lambda tmp: load_settings(overrides={"data": {"n": 12, "noise": 0, "x_range": [1, 1]}}),
    "named csv": lambda tmp: load_settings(overrides={"data": {"csv": "m.csv", "x": "a", "y": "b"}}),
    "automatic csv": lambda tmp: (write(tmp / "data.csv", "x,y\n1,2\n"), load_settings(preset="sgd"))[1],
}


@pytest.mark.parametrize("make", ROUND_TRIPS.values(), ids=ROUND_TRIPS)
def test_json_round_trip_gives_equal_settings(tmp_path, make):
    lesson = make(tmp_path)
    text = lesson.to_json()
    assert "\n" not in text
    again = Settings.from_json(text)
    assert again == lesson
    assert type(again.lr) is type(lesson.lr) and type(again.init) is type(lesson.init)
    assert again.to_json() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{lr: 1}", r"^settings handed over are not valid \(.*\); run the command again"),
        ("[1, 2]", r"^settings handed over are not valid"),
        ('"text"', r"^settings handed over are not valid"),
        ('{"lr": 0.1}', r"^settings handed over are not valid \('data'\)"),
        ('{"data": 5, "lr": 0.1, "source": "x"}', r"^settings handed over are not valid"),
        ('{"data": {"csv": 3}, "lr": 0.1, "source": "x"}', r"^settings handed over are not valid"),
        ('{"data": {"synthetic": {"m": 3}}, "lr": 0.1, "source": "x"}', r"^unknown key 'm' in \[data\]"),
        ('{"data": {"synthetic": {"n": 1}}, "lr": 0.1, "source": "x"}', r"^data.n = 1 is invalid"),
        ('{"data": {"synthetic": {}}, "lr": 0.1, "source": "x", "epochs": 0}', r"^epochs = 0 is invalid"),
        ('{"data": {"synthetic": {}}, "lr": {"relative": -1}, "source": "x"}', r'^lr = "-1x" is invalid'),
        ('{"data": {"synthetic": {}}, "lr": 0.1, "source": "x", "bogus": 1}', r"^unknown setting 'bogus'"),
    ],
)
def test_bad_json_is_a_lesson_error(text, message):
    with pytest.raises(LessonError, match=message) as caught:
        Settings.from_json(text)
    assert "\n" not in str(caught.value)
