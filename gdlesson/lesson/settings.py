"""The lesson's settings: which data, which run and how it looks, checked once into one frozen value.

Settings are read from layers, later ones winning key by key:

1. :data:`DEFAULTS` (the one place the defaults live);
2. a TOML lesson file: the ``path`` argument, else ``lesson.toml`` in the
   working directory if it exists;
3. a preset from :data:`PRESETS`;
4. overrides with the same keys as the file (the command line's options).

The working directory holds the default ``lesson.toml`` and ``data.csv``, and
relative paths of overrides start there (paths in a lesson file start at the
file). Nothing here reads the environment (see :mod:`gdlesson.lesson.handoff`)
or the data (see :mod:`gdlesson.lesson.run`).

Keys (all optional): ``lr`` (a number > 0, or a multiple of the critical
learning rate written as a string, ``"0.9x"`` = 0.9 x ``Bowl.critical_lr``),
``batch_size`` (an integer >= 1, or ``"full"``), ``epochs``, ``init`` ([W0, b0]),
``seed``, ``pacing`` (seconds), ``theme``, ``optimizer`` (``"gd"``, ``"momentum"``, ``"nesterov"``,
``"rmsprop"`` or ``"adam"``) with ``momentum``, ``alpha``, ``beta1``, ``beta2`` and ``eps`` (each
optimizer's parameters, PyTorch's defaults; every one is kept, so a scene racing all optimizers uses
them), ``scale`` (``"auto"``, ``"standardize"`` or
``"none"``: the x the descent runs on), ``voice`` (``"piper"``, ``"espeak"``, ``"none"`` or a folder of
recordings, relative to the file that names it), ``voice_speed`` (how fast a built-in voice speaks, a
factor of its natural pace of about 150 words a minute, from 0.5 to 2) and a ``[data]`` table holding either
``csv``, ``x``, ``y`` (a CSV file and its columns) or ``n``, ``w``, ``b``, ``noise``,
``x_range``, ``seed`` (synthetic data). With no data named, ``data.csv`` in the
working directory is used if it exists, otherwise the synthetic default.

Every problem raises :class:`LessonError` with a one-line message
``where: problem; fix``. No manim import.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from gdcore import MAX_SAMPLES, MAX_STEPS, Bowl, Dataset, batch_size_at_least, make_linear_data, quiet_batch_size
from gdcore.optim import DEFAULT_PARAMETERS, OPTIMIZERS, PARAMETERS, check_parameter
from gdlesson.text import plain

__all__ = [
    "OPTION_KEYS",
    "DATA_FILE",
    "DEFAULTS",
    "LESSON_FILE",
    "PRESETS",
    "THEME_NAMES",
    "AtLeast",
    "VOICE_NAMES",
    "VOICE_SPEEDS",
    "CsvSource",
    "Defaults",
    "LessonError",
    "Preset",
    "SCALE_MODES",
    "Relative",
    "Settings",
    "Synthetic",
    "closest_hint",
    "load_settings",
]

THEME_NAMES = ("dark", "light")
SCALE_MODES = ("auto", "standardize", "none")
"""How the descent treats x: standardise it when the raw bowl is too badly conditioned, always, or never."""
"""The names of ``gdlesson.mobjects.theme.THEMES``, kept here so reading a lesson needs no manim."""

VOICE_NAMES = ("piper", "espeak", "none")
"""The voices named by a word (``gdlesson.voice.services.BUILT_IN`` and silence); anything else is a folder."""

LESSON_FILE = "lesson.toml"
DATA_FILE = "data.csv"


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
        line = f"{plain(self.w)}x" + (f" {sign} {plain(abs(self.b))}" if self.b else "")
        return f"synthetic: y = {line}{' + noise' if self.noise else ''}, n = {self.n}"


@dataclass(frozen=True)
class Relative:
    """A learning rate given as a multiple of the bowl's critical rate ("0.9x")."""

    factor: float

    def __str__(self) -> str:
        return f"{plain(self.factor)}x"


@dataclass(frozen=True)
class AtLeast:
    """The default batch size: ``size`` samples, more where n would leave a smaller last batch or the
    data are too noisy for batches of ``size`` to settle near the bottom.

    :meth:`smallest` is the least size >= ``size`` whose every batch of an epoch, the last included,
    holds at least ``size`` samples (:func:`gdcore.batch_size_at_least`), so no step of the default
    run is noisier than a batch of ``size``. :meth:`resolve` also weighs the noise: a run at a
    constant rate ends on a random point of its noise floor (:func:`gdcore.noise_floor`), whose
    excess loss is roughly exponentially spread around its mean, so the mean is kept to ``floor``
    (0.5%) of the start's excess, a tenth of the 5% the lesson promises to reach. It is weighed for
    the default rate and start (see LessonRun), so a lesson with a higher rate keeps the same batch
    and shows its own noise. A batch size given in a lesson file or on the command line is an
    integer and used as it is.
    """

    size: int
    floor: float = 0.005

    def smallest(self, n: int) -> int:
        """The batch size for ``n`` samples before the noise is weighed (``size`` when it divides n, n when
        n < 2 ``size``)."""
        return batch_size_at_least(n, self.size)

    def resolve(self, data: Dataset, bowl: Bowl, lr: float, init: tuple[float, float]) -> int:
        """The batch size for a run on ``data`` (whose bowl is ``bowl``) at rate ``lr`` from ``init``:
        every batch at least ``size`` and quiet enough, at most the full batch."""
        excess = float(bowl.loss(*init)) - bowl.min_loss
        quiet = quiet_batch_size(data, bowl, lr, self.floor * excess)
        return batch_size_at_least(data.n, max(self.size, quiet))

    def __str__(self) -> str:
        return f"at least {self.size}"


@dataclass(frozen=True)
class Defaults:
    """The lesson when nothing else is said: tune the defaults here, and only here.

    The learning rate and the start are relative to the data, so any data set
    gets a run that converges from a visibly poor line (see
    :class:`gdlesson.lesson.run.LessonRun`): ``lr`` is a fraction of the
    critical rate (0.21x is the 0.06 of the seed on the built-in data), and
    ``init = None`` starts from the line whose slope is ``start_offset[0]``
    standard deviations of y per standard deviation of x steeper than the best
    fit and whose height at the mean x is ``start_offset[1]`` standard
    deviations of y above it ((5.47, -3.93) on the built-in data, where the seed
    started at (5.5, -4)). The batch size is relative to the data as well (:class:`AtLeast`): 10 on the
    built-in 100 samples, 13 on 101 samples, where batches of 10 would end every epoch, and the run,
    with a step on one sample whose kick can leave more than half the start's excess; more on noisy
    data, where batches of 10 would rattle too far above the bottom.
    """

    data: Synthetic = Synthetic(n=100, w=2.0, b=-1.0, noise=1.0, x_range=(-1.0, 3.0), seed=0)
    lr: Relative = Relative(0.21)
    batch_size: AtLeast = AtLeast(10)
    epochs: int = 20
    init: tuple[float, float] | None = None
    seed: int = 0
    pacing: float = 14.0
    theme: str = "dark"
    voice: str = "piper"
    scale: str = "auto"
    voice_speed: float = 1.0
    start_offset: tuple[float, float] = (1.65, 0.5)
    optimizer: str = "gd"
    momentum: float = DEFAULT_PARAMETERS["momentum"]
    alpha: float = DEFAULT_PARAMETERS["alpha"]
    beta1: float = DEFAULT_PARAMETERS["beta1"]
    beta2: float = DEFAULT_PARAMETERS["beta2"]
    eps: float = DEFAULT_PARAMETERS["eps"]


DEFAULTS = Defaults()


# -- values: what each key accepts ----------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    """What a key accepts, in words, and the conversion that returns None for anything else."""

    accepted: str
    convert: Callable[[Any], Any]


def _is_number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _integer(minimum: int, maximum: float = math.inf) -> Callable[[Any], int | None]:
    def convert(value: Any) -> int | None:
        ok = isinstance(value, Integral) and not isinstance(value, bool) and minimum <= value <= maximum
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


def _voice(value: Any) -> str | None:
    return value if value in VOICE_NAMES else _text(value)


VOICE_SPEEDS = (0.5, 2.0)
"""The range of ``voice_speed``: from half to twice the built-in voices' pace of about 150 words a minute."""


def _voice_speed(value: Any) -> float | None:
    return float(value) if _is_number(value) and VOICE_SPEEDS[0] <= value <= VOICE_SPEEDS[1] else None


def _learning_rate(value: Any) -> float | Relative | None:
    if _is_number(value):
        return float(value) if value > 0 else None
    match = re.fullmatch(r"\s*(\S+?)\s*[xX]\s*", value) if isinstance(value, str) else None
    try:
        factor = float(match.group(1)) if match else math.nan
    except ValueError:
        return None
    return Relative(factor) if math.isfinite(factor) and factor > 0 else None


def _scale(value: Any) -> str | None:
    return value if value in SCALE_MODES else None


def _optimizer(value: Any) -> str | None:
    return value if value in OPTIMIZERS else None


def _optimizer_parameter(name: str) -> Callable[[Any], float | None]:
    def convert(value: Any) -> float | None:
        return float(value) if check_parameter(name, value) is None else None

    return convert


_PARAMETER_HELP = {
    "momentum": "a number from 0 to below 1 (the momentum of optimizers momentum and nesterov)",
    "alpha": "a number from 0 to below 1 (rmsprop's decay of its mean squared gradient)",
    "beta1": "a number from 0 to below 1 (adam's decay of its mean gradient)",
    "beta2": "a number from 0 to below 1 (adam's decay of its mean squared gradient)",
    "eps": "a number > 0 (what rmsprop and adam add to the root of the mean squared gradient)",
}
"""Each optimizer parameter: whose it is and what it accepts (for messages and --help)."""


def _batch_size(value: Any) -> int | str | AtLeast | None:
    if isinstance(value, AtLeast):  # the default, handed over as JSON (never written in a lesson file)
        return value
    return "full" if value == "full" else _integer(1)(value)


_SETTINGS = {
    "lr": _Rule('a number > 0, or a multiple of the critical learning rate written like "0.9x"', _learning_rate),
    "batch_size": _Rule('an integer >= 1 (1 is SGD), or "full" for the whole data set', _batch_size),
    "epochs": _Rule(f"an integer >= 1 (at most {MAX_STEPS:,}, the budget of steps)", _integer(1, MAX_STEPS)),
    "init": _Rule("two numbers [W0, b0]", _pair(ordered=False)),
    "seed": _Rule("an integer >= 0", _integer(0)),
    "pacing": _Rule("a number of seconds > 0", _number(above=0.0)),
    "theme": _Rule(" or ".join(f'"{name}"' for name in THEME_NAMES), _theme),
    "voice": _Rule(", ".join(f'"{name}"' for name in VOICE_NAMES) + " or a folder of recordings", _voice),
    "scale": _Rule(" or ".join(f'"{name}"' for name in SCALE_MODES), _scale),
    "optimizer": _Rule(", ".join(f'"{name}"' for name in OPTIMIZERS[:-1]) + f' or "{OPTIMIZERS[-1]}"', _optimizer),
    **{name: _Rule(_PARAMETER_HELP[name], _optimizer_parameter(name)) for name in DEFAULT_PARAMETERS},
    "voice_speed": _Rule(
        f"a number from {plain(VOICE_SPEEDS[0])} to {plain(VOICE_SPEEDS[1])} (1 is about 150 words a minute, "
        "1.2 is 20% faster)",
        _voice_speed,
    ),
}
_CSV_KEYS = {
    "csv": _Rule("the path of a CSV file with a header row", _text),
    "x": _Rule("the name of a CSV column", _text),
    "y": _Rule("the name of a CSV column", _text),
}
_SYNTHETIC_KEYS = {
    "n": _Rule(f"an integer >= 2 (the number of samples, at most {MAX_SAMPLES:,})", _integer(2, MAX_SAMPLES)),
    "w": _Rule("a number (the true slope)", _number()),
    "b": _Rule("a number (the true intercept)", _number()),
    "noise": _Rule("a number >= 0 (the noise's standard deviation)", _number(at_least=0.0)),
    "x_range": _Rule("two numbers [low, high] with low <= high", _pair(ordered=True)),
    "seed": _Rule("an integer >= 0", _integer(0)),
}
_DATA_KEYS = _CSV_KEYS | _SYNTHETIC_KEYS


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
        elif key == "voice":
            settings[key] = _voice_setting(value, at, base)
        elif key in _SETTINGS:
            settings[key] = _convert(key, value, _SETTINGS[key], at)
        else:
            raise _unknown(key, [*_SETTINGS, "data"], at)
    return _Layer(settings, data)


def _voice_setting(value: Any, at: str, base: Path) -> str:
    """A voice name, or the absolute path of an existing folder of recordings (relative to ``base``)."""
    voice = _convert("voice", value, _SETTINGS["voice"], at)
    if voice in VOICE_NAMES:
        return voice
    folder = (base / voice).absolute()
    if not folder.is_dir():
        raise LessonError(
            f"{at}voice = {_show(value)} is invalid: {_show(str(folder))} is not a folder; voice must be "
            f"{_SETTINGS['voice'].accepted} (write one with 'gdlesson narration --out DIR')"
        )
    return str(folder)


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
        text = path.read_text(encoding="utf-8-sig")  # editors on Windows start UTF-8 files with a BOM
    except FileNotFoundError:
        raise LessonError(
            f"{path}: no such lesson file; check the path given by --lesson or $GDLESSON_FILE, or unset it to use "
            f"./{LESSON_FILE} or the defaults"
        ) from None
    except IsADirectoryError:
        raise LessonError(
            f"{path}: is a folder, not a lesson file; give the path of a TOML file such as {path / LESSON_FILE}"
        ) from None
    except UnicodeDecodeError as err:
        raise LessonError(f"{path}: cannot read the lesson file ({err}); save it as UTF-8 text") from None
    except OSError as err:
        raise LessonError(
            f"{path}: cannot read the lesson file ({err.strerror or err}); check its permissions"
        ) from None
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


# -- the settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvSource:
    """Data from a CSV file: its path, the columns asked for (None: the first numeric ones), and whether
    the file was found as ``data.csv`` in the working directory rather than named."""

    path: Path
    x: str | None = None
    y: str | None = None
    automatic: bool = False


DataSource = Synthetic | CsvSource


@dataclass(frozen=True)
class Settings:
    """Every setting of a lesson, checked: what to fit, how to run, how it looks, and where it came from.

    ``lr`` is a number or a :class:`Relative` multiple of the critical rate and
    ``batch_size`` an integer, ``"full"`` or the default :class:`AtLeast`, ``init`` a line in the user's units
    or None (a poor line chosen for the data) and ``scale`` one of
    :data:`SCALE_MODES`: all are resolved against the data by
    :class:`gdlesson.lesson.run.LessonRun`. ``source`` names the layers,
    e.g. ``"lesson.toml + --preset sgd"``. ``optimizer`` is the lesson's update rule; ``momentum``,
    ``alpha``, ``beta1``, ``beta2`` and ``eps`` are every optimizer's parameters, kept whichever runs.
    """

    data: DataSource
    lr: float | Relative
    batch_size: int | str | AtLeast
    epochs: int
    init: tuple[float, float] | None
    seed: int
    pacing: float
    theme: str
    voice: str
    scale: str = DEFAULTS.scale
    optimizer: str = DEFAULTS.optimizer
    momentum: float = DEFAULTS.momentum
    alpha: float = DEFAULTS.alpha
    beta1: float = DEFAULTS.beta1
    beta2: float = DEFAULTS.beta2
    eps: float = DEFAULTS.eps
    voice_speed: float = DEFAULTS.voice_speed
    source: str = "defaults"

    def __post_init__(self) -> None:
        problem = check_parameter("momentum", self.momentum, self.optimizer)
        if self.optimizer == "nesterov" and problem is not None:
            raise LessonError(
                f'momentum = {self.momentum!r} is invalid for optimizer "nesterov"; momentum must be {problem} '
                '(Nesterov looks ahead along the momentum), or use optimizer = "gd"'
            )

    def optimizer_parameters(self, optimizer: str | None = None) -> dict[str, float]:
        """The parameters ``optimizer`` (default: this lesson's) takes, e.g. ``{"momentum": 0.9}``."""
        return {name: getattr(self, name) for name in PARAMETERS[optimizer or self.optimizer]}

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed, each checked as in a lesson file (``lr="0.9x"``, ``batch_size=1``)."""
        for name, value in changes.items():
            if name not in _SETTINGS:
                names = list(_SETTINGS)
                raise LessonError(f"unknown setting {name!r}; {closest_hint(name, names)}settings: {', '.join(names)}")
            changes[name] = _convert(name, value, _SETTINGS[name], "")
        return dataclasses.replace(self, **changes)

    def to_json(self) -> str:
        """One line of JSON that :meth:`from_json` reads back into equal settings."""
        data = self.data
        spec = (
            {"csv": str(data.path), "x": data.x, "y": data.y, "automatic": data.automatic}
            if isinstance(data, CsvSource)
            else {"synthetic": dataclasses.asdict(data)}
        )
        lr = {"relative": self.lr.factor} if isinstance(self.lr, Relative) else self.lr
        names = ("batch_size", "epochs", "init", "seed", "pacing", "theme", "voice", "scale", "voice_speed")
        names += ("optimizer",)
        names += tuple(DEFAULT_PARAMETERS)
        fields = {name: getattr(self, name) for name in names}
        if isinstance(self.batch_size, AtLeast):
            fields["batch_size"] = {"at_least": self.batch_size.size}
        return json.dumps({"data": spec, "lr": lr, "source": self.source} | fields)

    @classmethod
    def from_json(cls, text: str) -> Settings:
        """The settings :meth:`to_json` wrote, checked again."""
        try:
            raw = json.loads(text)
            spec, lr, source = raw.pop("data"), raw.pop("lr"), raw.pop("source")
            if not isinstance(source, str):
                raise TypeError(f"source {source!r} is not a string")
            data: DataSource
            if "synthetic" in spec:
                # Checked by the [data] rules; x_range comes back a tuple.
                checked = _read_data(spec["synthetic"], lambda table, key: "", Path())
                data = dataclasses.replace(DEFAULTS.data, **checked)
            else:
                data = CsvSource(Path(spec["csv"]), spec["x"], spec["y"], bool(spec["automatic"]))
            lr = f"{lr['relative']!r}x" if isinstance(lr, dict) else lr
            if isinstance(raw.get("batch_size"), dict):
                raw["batch_size"] = AtLeast(raw["batch_size"]["at_least"])
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise LessonError(f"settings handed over are not valid ({error}); run the command again") from None
        if raw.get("init", ()) is None:  # a start chosen for the data: no value to check
            del raw["init"]
        base = dataclasses.replace(DEFAULT_SETTINGS, data=data, source=source)
        return base.replace(lr=lr, **raw)


DEFAULT_SETTINGS = Settings(
    DEFAULTS.data,
    DEFAULTS.lr,
    DEFAULTS.batch_size,
    DEFAULTS.epochs,
    DEFAULTS.init,
    DEFAULTS.seed,
    DEFAULTS.pacing,
    DEFAULTS.theme,
    DEFAULTS.voice,
    DEFAULTS.scale,
    voice_speed=DEFAULTS.voice_speed,
)


def _data_source(spec: dict[str, Any], workdir: Path) -> DataSource:
    """The data the merged ``[data]`` settings name; ``data.csv`` when they name none."""
    if any(key in _SYNTHETIC_KEYS for key in spec):
        return dataclasses.replace(DEFAULTS.data, **spec)
    path, automatic = spec.get("csv"), False
    if path is None and os.path.lexists(workdir / DATA_FILE):
        # Anything named data.csv is the user's data: a folder or a broken link is reported, not skipped.
        path, automatic = workdir / DATA_FILE, True
    if path is None:
        if spec:
            named = ", ".join(f"data.{key} = {_show(value)}" for key, value in spec.items())
            raise LessonError(
                f"{named} names a CSV column, but no CSV file is given; set data.csv (--data FILE) "
                f"or put a {DATA_FILE} in the working directory"
            )
        return DEFAULTS.data
    return CsvSource(Path(path).absolute(), spec.get("x"), spec.get("y"), automatic)


# -- loading --------------------------------------------------------------------------------------


def _lesson_path(path: str | Path | None, workdir: Path) -> Path | None:
    if path is not None:
        return workdir / path
    default = workdir / LESSON_FILE
    return default if default.is_file() else None


def _brief(value: Any) -> str:
    if isinstance(value, Path):
        return value.name
    if isinstance(value, (list, tuple)):
        return ",".join(map(_brief, value))
    if isinstance(value, Relative):
        return str(value)
    return plain(value) if isinstance(value, float) else str(value)


def _describe(layer: _Layer) -> str:
    """The overrides in a layer, e.g. ``"lr=0.1, data.csv=heights.csv"``."""
    items = list(layer.settings.items()) + [(f"data.{key}", value) for key, value in layer.data.items()]
    return ", ".join(f"{key}={_brief(value)}" for key, value in items)


def load_settings(
    path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    preset: str | None = None,
    *,
    workdir: str | Path = "",
) -> Settings:
    """Read and check the lesson's settings.

    Parameters
    ----------
    path : the lesson file; None means ``lesson.toml`` in ``workdir`` if it
        exists, else the defaults alone.
    overrides : settings laid over the file and preset, keyed like the file
        (``{"lr": "0.9x", "data": {"csv": "h.csv"}}``).
    preset : a name from :data:`PRESETS`.
    workdir : the directory holding the default ``lesson.toml`` and ``data.csv``
        (default: the current one).

    Raises
    ------
    LessonError
        Unreadable file, TOML syntax, unknown key or preset, wrong type or range.
    """
    workdir = Path(workdir)
    layers: list[tuple[str, _Layer]] = []
    file = _lesson_path(path, workdir)
    if file is not None:
        layers.append((file.name, _file_layer(file)))
    if preset is not None:
        layers.append((f"--preset {preset}", _preset_layer(preset)))
    if overrides is not None:
        layer = _read_layer(overrides, lambda table, key: "", workdir)
        if layer.settings or layer.data:
            layers.append((_describe(layer), layer))

    settings = {name: getattr(DEFAULTS, name) for name in _SETTINGS}
    data_spec: dict[str, Any] = {}
    for _, layer in layers:
        settings |= layer.settings
        data_spec = _merge_data(data_spec, layer.data)
    data = _data_source(data_spec, workdir)
    labels = [label for label, _ in layers]
    if file is None:
        labels.insert(0, "defaults")
    if isinstance(data, CsvSource) and data.automatic:
        labels.insert(1, DATA_FILE)
    return Settings(data=data, source=" + ".join(labels), **settings)


OPTION_KEYS = (
    "lr",
    "batch_size",
    "epochs",
    "seed",
    "init",
    "scale",
    "optimizer",
    *DEFAULT_PARAMETERS,
    "pacing",
    "theme",
    "voice",
    "voice_speed",
)
"""The run's settings a command line or a course's video may set one by one, as the lesson file spells them."""
