"""The handoff: the one module reading environment variables, how settings reach manim processes, and how a
bad lesson stops a scene with one line."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gdlesson.lesson import handoff
from gdlesson.lesson.handoff import (
    FILE_ENV,
    REVEAL_ENV,
    SETTINGS_ENV,
    SHARD_ENV,
    VOICE_ENV,
    child_environment,
    current_run,
    handoff_environment,
    lesson_file_from_environment,
    run_or_exit,
    settings_from_environment,
    shard_from_environment,
)
from gdlesson.lesson.run import LessonRun
from gdlesson.lesson.settings import DEFAULTS, LessonError, Relative, Settings, load_settings

ROOT = Path(__file__).resolve().parents[3]
OLD_VARIABLES = ("GDLESSON_DIR", "GDLESSON_OVERRIDES", "GDLESSON_PRESET", "GDLESSON_QUIET")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test runs in an empty directory with no GDLESSON_* variables and a fresh cache."""
    for name in (FILE_ENV, SETTINGS_ENV, SHARD_ENV, *OLD_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    current_run.cache_clear()
    yield
    current_run.cache_clear()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without GDLESSON_* variables, plus ``extra``."""
    return {key: value for key, value in os.environ.items() if not key.startswith("GDLESSON_")} | extra


# -- the variables ---------------------------------------------------------------------------------


def test_the_module_names_every_variable_it_reads():
    names = (FILE_ENV, SETTINGS_ENV, SHARD_ENV, VOICE_ENV, REVEAL_ENV)
    assert names == ("GDLESSON_FILE", "GDLESSON_SETTINGS", "GDLESSON_SHARD", "GDLESSON_VOICE", "GDLESSON_REVEAL")
    for name in names:
        assert f"``{name}``" in handoff.__doc__
    source = Path(handoff.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r"os\.environ\.get\((\w+)\)", source))
    assert read == {"FILE_ENV", "SETTINGS_ENV", "SHARD_ENV", "VOICE_ENV", "REVEAL_ENV"}


def test_only_the_handoff_reads_the_environment():
    """No module of gdlesson but the handoff touches os.environ or getenv (the CLI and scenes ask the handoff)."""
    package = ROOT / "gdlesson"
    pattern = re.compile(r"\benviron\b|\bgetenv\b|\benvironb\b")
    readers = sorted(
        str(path.relative_to(ROOT))
        for path in package.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    )
    assert readers == ["gdlesson/lesson/handoff.py"]
    # The scan does find a reader (so it cannot pass by looking at nothing).
    assert len(list(package.rglob("*.py"))) > 20


def test_lesson_file_variable_chooses_the_file_for_plain_manim(tmp_path, monkeypatch):
    write(tmp_path / "lesson.toml", "epochs = 9\n")  # only read when GDLESSON_FILE is unset
    write(tmp_path / "other.toml", "epochs = 6\nseed = 3\n")
    assert lesson_file_from_environment() is None
    assert settings_from_environment() == (load_settings("lesson.toml"), False)
    monkeypatch.setenv(FILE_ENV, "other.toml")
    assert lesson_file_from_environment() == "other.toml"
    settings, handed_over = settings_from_environment()
    assert (settings.epochs, settings.seed, settings.source, handed_over) == (6, 3, "other.toml", False)
    monkeypatch.setenv(FILE_ENV, "")  # empty is unset
    assert lesson_file_from_environment() is None


def test_a_missing_lesson_file_named_by_the_variable_is_an_error(monkeypatch):
    monkeypatch.setenv(FILE_ENV, "gone.toml")
    with pytest.raises(LessonError, match=r"^gone.toml: no such lesson file; check the path given by --lesson or"):
        settings_from_environment()


def test_load_settings_reads_no_environment_variable(tmp_path, monkeypatch):
    write(tmp_path / "other.toml", "epochs = 6\n")
    monkeypatch.setenv(FILE_ENV, "other.toml")
    monkeypatch.setenv(SETTINGS_ENV, load_settings(overrides={"epochs": 7}).to_json())
    monkeypatch.setenv(SHARD_ENV, "0/2")
    for name, value in zip(OLD_VARIABLES, (str(tmp_path / "nowhere"), '{"seed": 8}', "sgd", "1"), strict=True):
        monkeypatch.setenv(name, value)
    lesson = load_settings()
    assert (lesson.epochs, lesson.seed, lesson.batch_size, lesson.source) == (20, 0, DEFAULTS.batch_size, "defaults")
    assert load_settings(overrides={}, preset="sgd").seed == 0


def test_the_old_variables_are_ignored_everywhere(tmp_path, monkeypatch):
    for name, value in zip(OLD_VARIABLES, (str(tmp_path / "nowhere"), '{"seed": 8}', "sgd", "1"), strict=True):
        monkeypatch.setenv(name, value)
    assert settings_from_environment() == (load_settings(), False)
    source = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "gdlesson").rglob("*.py"))
    for name in OLD_VARIABLES:
        assert name not in source


def test_shard_variable(monkeypatch):
    assert shard_from_environment() is None
    monkeypatch.setenv(SHARD_ENV, "1/3")
    assert shard_from_environment() == (1, 3)


# -- settings handed over by the command -----------------------------------------------------------


def test_handed_over_settings_win_and_no_lesson_file_is_read(tmp_path, monkeypatch):
    write(tmp_path / "lesson.toml", "epochs = 99\nlrr = 'broken'\n")  # would be an error if read
    write(tmp_path / "other.toml", "epochs = 98\n")
    monkeypatch.setenv(FILE_ENV, "other.toml")
    sent = load_settings(overrides={"lr": "0.3x", "epochs": 2}, preset="sgd", workdir=tmp_path / "nowhere")
    environment = handoff_environment(sent)
    assert set(environment) == {SETTINGS_ENV}
    monkeypatch.setenv(SETTINGS_ENV, environment[SETTINGS_ENV])
    assert settings_from_environment() == (sent, True)
    run = current_run()
    assert run.settings == sent and run.hyper.epochs == 2 and run.settings.lr == Relative(0.3)


def test_handed_over_settings_are_quiet(tmp_path, monkeypatch, capsys):
    sent = load_settings(overrides={"batch_size": 500})
    LessonRun.from_settings(sent)  # the command warns, once
    assert capsys.readouterr().err.startswith("warning: batch_size 500")
    monkeypatch.setenv(SETTINGS_ENV, sent.to_json())
    assert current_run().hyper.batch_size == 100
    assert capsys.readouterr().err == ""
    # Read from a lesson file instead, this process warns itself.
    monkeypatch.delenv(SETTINGS_ENV)
    current_run.cache_clear()
    write(tmp_path / "lesson.toml", "batch_size = 500\n")
    assert current_run().hyper.batch_size == 100
    assert capsys.readouterr().err == "warning: batch_size 500 > 100 samples; using full batch (100)\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{lr: 1}", r"^\$GDLESSON_SETTINGS: settings handed over are not valid \(.*\); run the command again$"),
        ("[1, 2]", r"^\$GDLESSON_SETTINGS: settings handed over are not valid"),
        ('{"data": {"synthetic": {}}, "lr": 0.1, "source": "x", "epochs": 0}', r"^\$GDLESSON_SETTINGS: epochs = 0"),
    ],
)
def test_bad_handed_over_settings_name_the_variable(monkeypatch, capsys, text, message):
    monkeypatch.setenv(SETTINGS_ENV, text)
    with pytest.raises(LessonError, match=message):
        settings_from_environment()
    with pytest.raises(SystemExit) as stopped:
        run_or_exit()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: $GDLESSON_SETTINGS: ") and err.count("\n") == 1


def test_child_environment_carries_the_settings_and_no_stray_variable(monkeypatch):
    settings = load_settings(preset="sgd")
    monkeypatch.setenv(FILE_ENV, "other.toml")
    monkeypatch.setenv(SHARD_ENV, "1/2")
    monkeypatch.setenv(SETTINGS_ENV, "stale")
    monkeypatch.setenv(VOICE_ENV, "none")
    monkeypatch.setenv("SOMETHING_ELSE", "kept")
    child = child_environment(settings)
    assert child[SETTINGS_ENV] == settings.to_json()
    assert FILE_ENV not in child and SHARD_ENV not in child and VOICE_ENV not in child
    assert child["SOMETHING_ELSE"] == "kept" and child["PATH"] == os.environ["PATH"]
    assert os.environ[SHARD_ENV] == "1/2"  # this process's environment is left alone


def test_the_settings_move_to_another_process_and_directory(tmp_path, monkeypatch):
    caller = tmp_path / "caller"
    caller.mkdir()
    write(caller / "data.csv", "h,w\n1,3\n2,5\n4,9.5\n")
    write(caller / "lesson.toml", "epochs = 2\n")
    monkeypatch.chdir(caller)
    settings = load_settings(overrides={"lr": "0.3x", "data": {"y": "w"}}, preset="full-batch")
    here = LessonRun.from_settings(settings)
    script = (
        "from gdlesson.lesson.handoff import current_run; r = current_run(); "
        "print(repr((r.hyper.lr, r.hyper.batch_size, r.hyper.epochs, r.settings.source, r.data_label, "
        "r.data.y.tolist())))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere / "lesson.toml", "epochs = 99\n")  # must not be read
    write(elsewhere / "data.csv", "a,b\n1,1\n2,2\n")  # nor this
    env = clean_env(**handoff_environment(settings))
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True, check=True
    )
    hyper = here.hyper
    expected = (hyper.lr, hyper.batch_size, hyper.epochs, settings.source, here.data_label, here.data.y.tolist())
    assert result.stdout.strip() == repr(expected)
    assert result.stderr == ""
    assert settings.source == "lesson.toml + data.csv + --preset full-batch + lr=0.3x, data.y=w"
    assert json.loads(env[SETTINGS_ENV])["data"]["csv"] == str(caller / "data.csv")


# -- for scenes ------------------------------------------------------------------------------------


def test_current_run_is_read_once_per_process(tmp_path):
    write(tmp_path / "lesson.toml", "epochs = 2\n")
    first = current_run()
    write(tmp_path / "lesson.toml", "epochs = 3\n")
    assert current_run() is first and first.hyper.epochs == 2
    assert run_or_exit() is first


def test_run_or_exit_prints_one_line_and_exits_2(tmp_path, capsys):
    write(tmp_path / "lesson.toml", "epochs = 2\nlr = 'slow'\n")
    with pytest.raises(SystemExit) as stopped:
        run_or_exit()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert (
        err == 'error: lesson.toml:2: lr = "slow" is invalid; lr must be a number > 0, or a multiple of the '
        'critical learning rate written like "0.9x"\n'
    )


def test_run_or_exit_reports_data_errors_too(tmp_path, capsys):
    write(tmp_path / "data.csv", "x,y\n1,2\n")
    with pytest.raises(SystemExit) as stopped:
        run_or_exit()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "data.csv: 1 data row(s)" in err and err.count("\n") == 1


def test_reading_a_lesson_does_not_import_manim(tmp_path):
    code = (
        "import sys, gdlesson.lesson.settings, gdlesson.lesson.run, gdlesson.lesson.handoff, gdlesson.lesson.claims, "
        "gdlesson.lesson.experiments, gdlesson.cli.main; "
        "run = gdlesson.lesson.handoff.current_run(); run.trajectory; print('manim' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path, env=clean_env()
    )
    assert result.stdout.strip() == "False"


def test_settings_handed_over_equal_the_ones_sent():
    for settings in (load_settings(), load_settings(preset="diverge"), load_settings(overrides={"theme": "light"})):
        assert Settings.from_json(handoff_environment(settings)[SETTINGS_ENV]) == settings
