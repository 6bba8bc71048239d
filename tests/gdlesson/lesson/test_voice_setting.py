"""The ``voice`` setting: names, folders relative to the file naming them, one-line errors, the hand-over."""

import pytest

from gdlesson.lesson import handoff
from gdlesson.lesson.settings import DEFAULTS, LessonError, Settings, load_settings


def test_the_default_voice_is_the_neural_one(tmp_path):
    assert DEFAULTS.voice == "piper"
    assert load_settings(workdir=tmp_path).voice == "piper"


@pytest.mark.parametrize("voice", ["piper", "espeak", "none"])
def test_voices_by_name(tmp_path, voice):
    assert load_settings(overrides={"voice": voice}, workdir=tmp_path).voice == voice


def test_a_folder_is_relative_to_the_file_that_names_it(tmp_path):
    (tmp_path / "course" / "takes").mkdir(parents=True)
    lesson = tmp_path / "course" / "lesson.toml"
    lesson.write_text('voice = "takes"\n', encoding="utf-8")
    assert load_settings(lesson, workdir=tmp_path).voice == str(tmp_path / "course" / "takes")
    # On the command line it is relative to the working directory.
    from_cli = load_settings(lesson, {"voice": "course/takes"}, workdir=tmp_path)
    assert from_cli.voice == str(tmp_path / "course" / "takes")


def test_a_missing_folder_names_the_line_and_the_fix(tmp_path):
    (tmp_path / "course").mkdir()
    lesson = tmp_path / "lesson.toml"
    lesson.write_text('epochs = 3\nvoice = "my takes"\n', encoding="utf-8")
    with pytest.raises(LessonError) as error:
        load_settings(lesson, workdir=tmp_path)
    message = str(error.value)
    assert message.startswith(f'{lesson}:2: voice = "my takes" is invalid: "{tmp_path / "my takes"}" is not a folder')
    assert '"piper", "espeak", "none" or a folder of recordings' in message and "gdlesson narration" in message
    assert "\n" not in message
    with pytest.raises(LessonError, match=r"voice = 3 is invalid; voice must be"):
        load_settings(overrides={"voice": 3}, workdir=tmp_path / "course")


def test_the_voice_survives_the_hand_over_to_manim(tmp_path):
    (tmp_path / "takes").mkdir()
    settings = load_settings(overrides={"voice": "takes"}, workdir=tmp_path)
    assert Settings.from_json(settings.to_json()) == settings


def test_gdlesson_voice_replaces_the_files_voice_for_plain_manim(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lesson.toml").write_text('voice = "none"\n', encoding="utf-8")
    monkeypatch.delenv(handoff.SETTINGS_ENV, raising=False)
    monkeypatch.setenv(handoff.VOICE_ENV, "espeak")
    assert handoff.settings_from_environment()[0].voice == "espeak"
    monkeypatch.delenv(handoff.VOICE_ENV)
    assert handoff.settings_from_environment()[0].voice == "none"


def test_voice_speed_from_the_file_and_the_command_line(tmp_path):
    assert load_settings(workdir=tmp_path).voice_speed == 1.0
    lesson = tmp_path / "lesson.toml"
    lesson.write_text("voice_speed = 1.2\n", encoding="utf-8")
    assert load_settings(lesson, workdir=tmp_path).voice_speed == 1.2
    assert load_settings(lesson, {"voice_speed": 0.8}, workdir=tmp_path).voice_speed == 0.8
    settings = load_settings(lesson, workdir=tmp_path)
    assert Settings.from_json(settings.to_json()).voice_speed == 1.2


@pytest.mark.parametrize("value", [0.3, 2.5, 0, -1, "fast", True, float("nan")])
def test_a_bad_voice_speed_is_one_line_naming_the_range(tmp_path, value):
    lesson = tmp_path / "lesson.toml"
    lesson.write_text(
        f"epochs = 3\nvoice_speed = {value!r}\n".replace("'", '"').replace("True", "true"), encoding="utf-8"
    )
    with pytest.raises(LessonError) as error:
        load_settings(lesson, workdir=tmp_path) if value == value else load_settings(
            overrides={"voice_speed": value}, workdir=tmp_path
        )
    message = str(error.value)
    assert "voice_speed" in message and "from 0.5 to 2" in message and "\n" not in message


def test_the_speed_changes_the_voice_and_its_cache_key():
    from gdlesson.voice.services import EspeakService, PiperService

    assert PiperService(speed=1.2).identity != PiperService().identity
    assert PiperService(speed=1.2).words_per_minute == 180 and PiperService().words_per_minute == 150
    assert EspeakService(speed=0.8).words_per_minute == 120
