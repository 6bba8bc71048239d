"""The lesson configuration: which data, which run and how it looks, for every scene.

A lesson is read from layers, later ones winning key by key:

1. :data:`DEFAULTS` (the one place the defaults live);
2. a TOML lesson file: the ``path`` argument, else ``$GDLESSON_FILE``, else
   ``lesson.toml`` in the working directory if it exists;
3. a preset from :data:`PRESETS` (``preset`` argument, else ``$GDLESSON_PRESET``);
4. overrides with the same keys as the file (``overrides`` argument, else the
   JSON object in ``$GDLESSON_OVERRIDES``): how ``gdlesson`` options reach scenes
   rendered in a manim subprocess.

The working directory is ``$GDLESSON_DIR`` when set, else the current one; it
holds the default ``lesson.toml`` and ``data.csv``, and relative paths of
overrides start there (paths in a lesson file start at the file).

Keys (all optional): ``lr`` (a number > 0, or a multiple of the critical
learning rate written as a string, ``"0.9x"`` = 0.9 x ``Bowl.critical_lr``),
``batch_size`` (an integer >= 1, or ``"full"``), ``epochs``, ``init`` ([W0, b0]),
``seed``, ``pacing`` (seconds), ``theme`` and a ``[data]`` table holding either
``csv``, ``x``, ``y`` (a CSV file and its columns) or ``n``, ``w``, ``b``, ``noise``,
``x_range``, ``seed`` (synthetic data). With no data named, ``data.csv`` in the
working directory is used if it exists, otherwise the synthetic default.

Every problem raises :class:`LessonError` (or :class:`gdcore.DataError` for the
data itself) with a one-line message ``where: problem; fix``. No manim import.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from numbers import Integral, Real
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from gdcore import Bowl, DataError, Dataset, Trajectory, make_linear_data, read_csv, train

__all__ = [
    "DATA_FILE",
    "DEFAULTS",
    "DIR_ENV",
    "FILE_ENV",
    "LESSON_FILE",
    "OVERRIDES_ENV",
    "PRESETS",
    "PRESET_ENV",
    "QUIET_ENV",
    "THEME_NAMES",
    "Defaults",
    "Lesson",
    "LessonError",
    "Preset",
    "Synthetic",
    "closest_hint",
    "current_lesson",
    "lesson_environment",
    "lesson_or_exit",
    "load_lesson",
    "report",
]

THEME_NAMES = ("dark", "light")
"""The names of ``scenes.theme.THEMES``, kept here so reading a lesson needs no manim."""

LESSON_FILE = "lesson.toml"
DATA_FILE = "data.csv"
FILE_ENV = "GDLESSON_FILE"
OVERRIDES_ENV = "GDLESSON_OVERRIDES"
PRESET_ENV = "GDLESSON_PRESET"
DIR_ENV = "GDLESSON_DIR"
QUIET_ENV = "GDLESSON_QUIET"


class LessonError(ValueError):
    """A bad lesson setting; the one-line message reads ``file[:line[:col]]: problem; fix``."""


@dataclass(frozen=True)
class Synthetic:
    """Parameters of the synthetic data ``y = w x + b + noise * N(0, 1)``, ``x ~ U(x_range)``."""

    n: int
    w: float
    b: float
    noise: float
    x_range: tuple[float, float]
    seed: int

    def dataset(self) -> Dataset:
        """The seeded samples (see :func:`gdcore.make_linear_data`)."""
        return make_linear_data(self.n, w=self.w, b=self.b, noise=self.noise, x_range=self.x_range, seed=self.seed)

    @property
    def label(self) -> str:
        """For example ``"synthetic: y = 2x - 1 + noise, n = 100"``."""
        sign = "-" if self.b < 0 else "+"
        line = f"{self.w:g}x" + (f" {sign} {abs(self.b):g}" if self.b else "")
        return f"synthetic: y = {line}{' + noise' if self.noise else ''}, n = {self.n}"


@dataclass(frozen=True)
class Defaults:
    """The lesson when nothing else is said: tune the defaults here, and only here."""

    data: Synthetic = Synthetic(n=100, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)
    lr: float = 0.06
    batch_size: int = 10
    epochs: int = 20
    init: tuple[float, float] = (5.5, -4.0)
    seed: int = 0
    pacing: float = 14.0
    theme: str = "dark"


DEFAULTS = Defaults()


# -- values: what each key accepts ----------------------------------------------------------------


@dataclass(frozen=True)
class _Relative:
    """A learning rate given as a multiple of the bowl's critical rate ("0.9x")."""

    factor: float


@dataclass(frozen=True)
class _Rule:
    """What a key accepts, in words, and the conversion that returns None for anything else."""

    accepted: str
    convert: Callable[[Any], Any]


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _integer(minimum: int) -> Callable[[Any], int | None]:
    def convert(value: Any) -> int | None:
        ok = isinstance(value, Integral) and not isinstance(value, bool) and value >= minimum
        return int(value) if ok else None

    return convert


def _number(*, above: float = -math.inf, at_least: float = -math.inf) -> Callable[[Any], float | None]:
    def convert(value: Any) -> float | None:
        return float(value) if _is_number(value) and value > above and value >= at_least else None

    return convert


def _pair(*, ordered: bool) -> Callable[[Any], tuple[float, float] | None]:
    def convert(value: Any) -> tuple[float, float] | None:
        if not isinstance(value, (list, tuple)) or len(value) != 2 or not all(map(_is_number, value)):
            return None
        low, high = float(value[0]), float(value[1])
        return None if ordered and low > high else (low, high)

    return convert


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _theme(value: Any) -> str | None:
    return value if value in THEME_NAMES else None


def _learning_rate(value: Any) -> float | _Relative | None:
    if _is_number(value):
        return float(value) if value > 0 else None
    match = re.fullmatch(r"\s*(\S+?)\s*[xX]\s*", value) if isinstance(value, str) else None
    try:
        factor = float(match.group(1)) if match else math.nan
    except ValueError:
        return None
    return _Relative(factor) if math.isfinite(factor) and factor > 0 else None


def _batch_size(value: Any) -> int | str | None:
    return "full" if value == "full" else _integer(1)(value)


_SETTINGS = {
    "lr": _Rule('a number > 0, or a multiple of the critical learning rate written like "0.9x"', _learning_rate),
    "batch_size": _Rule('an integer >= 1 (1 is SGD), or "full" for the whole data set', _batch_size),
    "epochs": _Rule("an integer >= 1", _integer(1)),
    "init": _Rule("two numbers [W0, b0]", _pair(ordered=False)),
    "seed": _Rule("an integer >= 0", _integer(0)),
    "pacing": _Rule("a number of seconds > 0", _number(above=0.0)),
    "theme": _Rule(" or ".join(f'"{name}"' for name in THEME_NAMES), _theme),
}
_CSV_KEYS = {
    "csv": _Rule("the path of a CSV file with a header row", _text),
    "x": _Rule("the name of a CSV column", _text),
    "y": _Rule("the name of a CSV column", _text),
}
_SYNTHETIC_KEYS = {
    "n": _Rule("an integer >= 2 (the number of samples)", _integer(2)),
    "w": _Rule("a number (the true slope)", _number()),
    "b": _Rule("a number (the true intercept)", _number()),
    "noise": _Rule("a number >= 0 (the noise's standard deviation)", _number(at_least=0.0)),
    "x_range": _Rule("two numbers [low, high] with low <= high", _pair(ordered=True)),
    "seed": _Rule("an integer >= 0", _integer(0)),
}
_DATA_KEYS = _CSV_KEYS | _SYNTHETIC_KEYS
_LABEL = _Rule("a non-empty string", _text)


def closest_hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """``"did you mean 'lr'? "`` for the nearest of ``choices`` to ``word`` (difflib), or ``""``."""
    nearest = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {nearest[0]!r}? " if nearest else ""


def _show(value: Any) -> str:
    """``value`` as TOML would spell it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_show, value)) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key} = {_show(item)}" for key, item in value.items()) + "}"
    return repr(value)


def _convert(name: str, value: Any, rule: _Rule, at: str) -> Any:
    converted = rule.convert(value)
    if converted is None:
        raise LessonError(f"{at}{name} = {_show(value)} is invalid; {name} must be {rule.accepted}")
    return converted


def _unknown(key: str, choices: Mapping[str, Any] | list[str], at: str, table: str = "") -> LessonError:
    names = sorted(choices)
    where = f" in [{table}]" if table else ""
    return LessonError(f"{at}unknown key {key!r}{where}; {closest_hint(key, names)}valid keys: {', '.join(names)}")


# -- layers: one source of settings, checked on its own ---------------------------------------------

_Where = Callable[[str, str], str]
"""(table, key) -> the message prefix locating that key, e.g. ``"lesson.toml:7: "``; table "" is the top."""


class _Layer(NamedTuple):
    settings: dict[str, Any]
    data: dict[str, Any]


def _read_layer(raw: Any, where: _Where, base: Path) -> _Layer:
    """Check every key and value of one source; CSV paths become relative to ``base``."""
    if not isinstance(raw, Mapping):
        raise LessonError(f"{where('', '')}expected a table of settings, got {_show(raw)}; use keys such as lr = 0.1")
    settings, data = {}, {}
    for key, value in raw.items():
        at = where("", key)
        if key == "data":
            data = _read_data(value, where, base)
        elif key in _SETTINGS:
            settings[key] = _convert(key, value, _SETTINGS[key], at)
        else:
            raise _unknown(key, [*_SETTINGS, "data"], at)
    return _Layer(settings, data)


def _read_data(raw: Any, where: _Where, base: Path) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise LessonError(
            f"{where('', 'data')}data = {_show(raw)} is invalid; data must be a table [data] "
            f"with {', '.join(_CSV_KEYS)} or {', '.join(_SYNTHETIC_KEYS)}"
        )
    for key in raw:
        if key in _SETTINGS and key not in _DATA_KEYS:
            raise LessonError(
                f"{where('data', key)}{key} is inside the [data] table; move it above the [data] line "
                "(every key after a [table] header belongs to that table)"
            )
        if key not in _DATA_KEYS:
            raise _unknown(key, _DATA_KEYS, where("data", key), "data")
    from_csv, synthetic = [k for k in raw if k in _CSV_KEYS], [k for k in raw if k in _SYNTHETIC_KEYS]
    if from_csv and synthetic:
        raise LessonError(
            f"{where('', 'data')}[data] mixes CSV keys ({', '.join(from_csv)}) with synthetic-data keys "
            f"({', '.join(synthetic)}); keep either {', '.join(_CSV_KEYS)} or {', '.join(_SYNTHETIC_KEYS)}"
        )
    data = {key: _convert(f"data.{key}", value, _DATA_KEYS[key], where("data", key)) for key, value in raw.items()}
    if "csv" in data:
        data["csv"] = base / data["csv"]
    return data


def _merge_data(below: dict[str, Any], above: dict[str, Any]) -> dict[str, Any]:
    """``above`` wins key by key; naming the other kind of data (CSV or synthetic) drops ``below``'s."""
    kind = _CSV_KEYS if any(key in _CSV_KEYS for key in above) else _SYNTHETIC_KEYS
    kept = {key: value for key, value in below.items() if key in kind} if above else below
    return kept | above


def _toml_locator(path: Path, text: str) -> _Where:
    """Find the line of ``key`` in ``table`` by a plain scan (tomllib keeps no positions)."""
    lines = text.splitlines()

    def where(table: str, key: str) -> str:
        current = ""
        for number, line in enumerate(lines, start=1):
            header = re.match(r"\s*\[\s*([\w.-]+)\s*\]", line)
            if header:
                current = header.group(1)
                if not table and current == key:
                    return f"{path}:{number}: "
            elif current == table and key and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
                return f"{path}:{number}: "
        return f"{path}: "

    return where


def _file_layer(path: Path) -> _Layer:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LessonError(
            f"{path}: no such lesson file; check the path given by --lesson or ${FILE_ENV}, or unset it to use "
            f"./{LESSON_FILE} or the defaults"
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise LessonError(f"{path}: cannot read the lesson file ({err}); save it as UTF-8 text") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise LessonError(_syntax_message(path, str(err))) from None
    return _read_layer(raw, _toml_locator(path, text), path.parent)


def _syntax_message(path: Path, message: str) -> str:
    """tomllib's "Problem (at line L, column C)" as ``path:L:C: problem; fix``."""
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message, flags=re.DOTALL)
    problem, at = (found.group(1), f"{path}:{found.group(2)}:{found.group(3)}") if found else (message, str(path))
    problem = problem[:1].lower() + problem[1:]
    return f'{at}: {problem}; fix the TOML syntax there (strings need quotes, e.g. theme = "dark")'


# -- presets --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """A named experiment of the seed notebook: a short description and the settings it changes."""

    name: str
    about: str
    overrides: Mapping[str, Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset("sgd", "stochastic gradient descent: one sample per step (batch_size 1)", {"batch_size": 1}),
        Preset(
            "full-batch",
            "full-batch gradient descent: all samples in every step, 200 steps like the default run",
            {"batch_size": "full", "epochs": 200},
        ),
        Preset("high-lr", "lr = 0.9 x the critical rate: big steps that overshoot and zig-zag", {"lr": "0.9x"}),
        Preset("low-lr", "lr = 0.05 x the critical rate: tiny steps that crawl", {"lr": "0.05x"}),
        Preset(
            "diverge",
            "lr = 1.2 x the critical rate, full batch: every step overshoots further until the run blows up",
            {"lr": "1.2x", "batch_size": "full", "epochs": 60},
        ),
    )
}


def _preset_layer(name: str) -> _Layer:
    if name not in PRESETS:
        names = sorted(PRESETS)
        raise LessonError(f"unknown preset {name!r}; {closest_hint(name, names)}presets: {', '.join(names)}")
    return _read_layer(PRESETS[name].overrides, lambda table, key: f"preset {name!r}: ", Path())


# -- the lesson -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lesson:
    """Everything a scene needs to know: the data, the run and the look.

    Build it with :func:`load_lesson` (or :meth:`replace`), which check every
    value. ``lr`` is always a plain float (a relative "0.9x" is resolved
    against this data's critical rate) and ``batch_size`` lies in 1..n.
    """

    data: Dataset = field(repr=False)
    data_label: str
    x_name: str
    y_name: str
    lr: float
    batch_size: int
    epochs: int
    init: tuple[float, float]
    seed: int
    pacing: float
    theme: str
    source: str
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def bowl(self) -> Bowl:
        """The exact MSE bowl of :attr:`data` (computed once)."""
        if "bowl" not in self._cache:
            self._cache["bowl"] = Bowl.from_data(self.data)
        return self._cache["bowl"]

    def trajectory(self) -> Trajectory:
        """The recorded mini-batch run of this lesson (trained once)."""
        if "trajectory" not in self._cache:
            self._cache["trajectory"] = train(
                self.data,
                lr=self.lr,
                batch_size=self.batch_size,
                epochs=self.epochs,
                init=self.init,
                seed=self.seed,
            )
        return self._cache["trajectory"]

    def replace(self, **changes: Any) -> Lesson:
        """A checked copy with some fields changed, e.g. ``lesson.replace(lr="0.9x", batch_size=1)``.

        Settings accept what the lesson file accepts (``lr="0.9x"`` is relative
        to the new data's critical rate, ``batch_size="full"``). New ``data``
        without a ``data_label`` is labelled "custom data, n = N". ``source``
        stays unless given.
        """
        names = [f.name for f in dataclasses.fields(self) if f.init]
        for name in changes:
            if name not in names:
                hint = closest_hint(name, names)
                raise LessonError(f"Lesson.replace: unknown field {name!r}; {hint}fields: {', '.join(names)}")
        current = {name: getattr(self, name) for name in names}
        if "data" in changes and "data_label" not in changes and isinstance(changes["data"], Dataset):
            current["data_label"] = f"custom data, n = {changes['data'].n}"
        current |= changes
        if not isinstance(current["data"], Dataset):
            raise LessonError(f"data = {current['data']!r} is invalid; data must be a gdcore.Dataset")
        for name in ("data_label", "x_name", "y_name", "source"):
            current[name] = _convert(name, current[name], _LABEL, "")
        for name, rule in _SETTINGS.items():
            current[name] = _convert(name, current[name], rule, "")
        return _build(current, quiet=False)


def _build(fields_: dict[str, Any], *, quiet: bool) -> Lesson:
    """The Lesson from checked values: resolve a relative lr and "full", clamp a too-large batch."""
    data: Dataset = fields_["data"]
    lr = fields_["lr"]
    if isinstance(lr, _Relative):
        lr = lr.factor * Bowl.from_data(data).critical_lr
    batch_size = fields_["batch_size"]
    if batch_size == "full":
        batch_size = data.n
    elif batch_size > data.n:
        if not quiet:
            report("warning", f"batch_size {batch_size} > {data.n} samples; using full batch ({data.n})")
        batch_size = data.n
    return Lesson(**(fields_ | {"lr": float(lr), "batch_size": batch_size}))


class _Data(NamedTuple):
    dataset: Dataset
    label: str
    x_name: str
    y_name: str
    automatic: bool


def _load_data(spec: dict[str, Any], workdir: Path) -> _Data:
    """The data the merged ``[data]`` settings name; ``data.csv`` when they name none."""
    if any(key in _SYNTHETIC_KEYS for key in spec):
        synthetic = dataclasses.replace(DEFAULTS.data, **spec)
        return _Data(synthetic.dataset(), synthetic.label, "x", "y", False)
    path, automatic = spec.get("csv"), False
    if path is None and (workdir / DATA_FILE).is_file():
        path, automatic = workdir / DATA_FILE, True
    if path is None:
        if spec:
            named = ", ".join(f"data.{key} = {_show(value)}" for key, value in spec.items())
            raise LessonError(
                f"{named} names a CSV column, but no CSV file is given; set data.csv (--data FILE) "
                f"or put a {DATA_FILE} in the working directory"
            )
        return _Data(DEFAULTS.data.dataset(), DEFAULTS.data.label, "x", "y", False)
    dataset, x_name, y_name = read_csv(path, x=spec.get("x"), y=spec.get("y"))
    label = f"{path.name} (x = {x_name}, y = {y_name}), n = {dataset.n}"
    return _Data(dataset, label, x_name, y_name, automatic)


# -- loading --------------------------------------------------------------------------------------


def _workdir() -> Path:
    return Path(os.environ.get(DIR_ENV) or "")


def _lesson_path(path: str | Path | None, workdir: Path) -> Path | None:
    if path is None:
        path = os.environ.get(FILE_ENV) or None
    if path is not None:
        return workdir / path
    default = workdir / LESSON_FILE
    return default if default.is_file() else None


def _env_overrides() -> Any:
    text = os.environ.get(OVERRIDES_ENV, "").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        example = '{"lr": 0.1}'
        raise LessonError(f"${OVERRIDES_ENV}: not valid JSON ({err}); give a JSON object such as {example}") from None


def _brief(value: Any) -> str:
    if isinstance(value, Path):
        return value.name
    if isinstance(value, (list, tuple)):
        return ",".join(map(_brief, value))
    if isinstance(value, _Relative):
        return f"{value.factor:g}x"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _describe(layer: _Layer) -> str:
    """The overrides in a layer, e.g. ``"lr=0.1, data.csv=heights.csv"``."""
    items = list(layer.settings.items()) + [(f"data.{key}", value) for key, value in layer.data.items()]
    return ", ".join(f"{key}={_brief(value)}" for key, value in items)


def load_lesson(
    path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    preset: str | None = None,
    *,
    quiet: bool = False,
) -> Lesson:
    """Read, check and resolve the lesson.

    Parameters
    ----------
    path : the lesson file; None means ``$GDLESSON_FILE``, else ``lesson.toml`` in
        the working directory if it exists, else the defaults alone.
    overrides : settings laid over the file and preset, keyed like the file
        (``{"lr": "0.9x", "data": {"csv": "h.csv"}}``); None reads the JSON
        object in ``$GDLESSON_OVERRIDES`` if set.
    preset : a name from :data:`PRESETS`; None reads ``$GDLESSON_PRESET``.
    quiet : do not print warnings (a batch larger than the data) on stderr.

    Raises
    ------
    LessonError
        Unreadable file, TOML syntax, unknown key or preset, wrong type or range.
    gdcore.DataError
        A missing or malformed CSV file.
    """
    workdir = _workdir()
    layers: list[tuple[str, _Layer]] = []
    file = _lesson_path(path, workdir)
    if file is not None:
        layers.append((file.name, _file_layer(file)))
    preset = os.environ.get(PRESET_ENV) or None if preset is None else preset
    if preset is not None:
        layers.append((f"--preset {preset}", _preset_layer(preset)))
    raw = _env_overrides() if overrides is None else overrides
    if raw is not None:
        where = (lambda table, key: f"${OVERRIDES_ENV}: ") if overrides is None else (lambda table, key: "")
        layer = _read_layer(raw, where, workdir)
        if layer.settings or layer.data:
            layers.append((_describe(layer), layer))

    settings = {name: getattr(DEFAULTS, name) for name in _SETTINGS}
    data_spec: dict[str, Any] = {}
    for _, layer in layers:
        settings |= layer.settings
        data_spec = _merge_data(data_spec, layer.data)
    data = _load_data(data_spec, workdir)
    labels = [label for label, _ in layers]
    if file is None:
        labels.insert(0, "defaults")
    if data.automatic:
        labels.insert(1, DATA_FILE)
    fields_ = dict(data=data.dataset, data_label=data.label, x_name=data.x_name, y_name=data.y_name)
    return _build(fields_ | settings | {"source": " + ".join(labels)}, quiet=quiet)


def lesson_environment(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None, preset: str | None = None
) -> dict[str, str]:
    """Environment variables that make :func:`load_lesson` in another process see this lesson.

    With them (added to this process's environment), a bare ``load_lesson()``
    in a subprocess started from any directory reads the same lesson as
    ``load_lesson(path, overrides, preset)`` here: this is how ``gdlesson render``
    hands its options to the scene that manim imports.
    """
    env = {DIR_ENV: str(_workdir().resolve()), QUIET_ENV: "1"}  # the caller has warned already
    if path is not None:
        env[FILE_ENV] = str(path)
    if overrides is not None:
        env[OVERRIDES_ENV] = json.dumps(dict(overrides), default=str)
    if preset is not None:
        env[PRESET_ENV] = preset
    return env


@cache
def current_lesson() -> Lesson:
    """:func:`load_lesson` with everything from the environment, read once per process."""
    return load_lesson(quiet=bool(os.environ.get(QUIET_ENV)))


def report(level: str, message: object) -> None:
    """Print ``level: message`` as one line on stderr."""
    print(f"{level}: {' '.join(str(message).splitlines())}", file=sys.stderr)


def lesson_or_exit() -> Lesson:
    """:func:`current_lesson`, or a one-line ``error: ...`` on stderr and exit status 2.

    Scene modules call this at import time, so a bad lesson stops manim before it writes anything.
    """
    try:
        return current_lesson()
    except (LessonError, DataError) as err:
        report("error", err)
        raise SystemExit(2) from None
