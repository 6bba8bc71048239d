"""The ``gdlesson`` command: try the lesson's run, render its scenes, list them.

    gdlesson train  [lesson options] [--json [--trajectory]]
    gdlesson render SCENE [--quality l|m|h|k] [--preview] [lesson options]
    gdlesson list
    gdlesson youtube [SCENE] --out DIR [--quality l|m|h|k] [lesson options]
    gdlesson narration --out DIR [--scene SCENE] [lesson options]
    gdlesson slides SCENE --out DIR [--quality l|m|h|k] [lesson options]
    gdlesson course COURSE.toml --out DIR [--scheduler ADDRESS] [--force]

Every user error ends with one line ``error: ...`` on stderr and exit status 2.
A subcommand is a :class:`Command` in :data:`COMMANDS`; appending one (say
``youtube``) gives it a parser, ``--help`` and the same error handling.
Only ``render --preview`` and ``narration`` import manim; the scenes render in a subprocess.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from gdcore import DataError, RunError, steps_per_epoch
from gdcore.data import parse_number
from gdcore.optim import DEFAULT_PARAMETERS, OPTIMIZERS
from gdlesson.cli import catalog, course, slides, youtube
from gdlesson.cli.publish import PublishError, publish_files
from gdlesson.lesson.handoff import (
    FILE_ENV,
    VOICE_ENV,
    child_environment,
    lesson_file_from_environment,
    voice_from_environment,
)
from gdlesson.lesson.run import LessonRun, report
from gdlesson.lesson.settings import OPTION_KEYS, PRESETS, LessonError, Settings, closest_hint, load_settings
from gdlesson.render.caches import repair_caches
from gdlesson.render.children import Stopped, run_child, stop_on_signals
from gdlesson.render.parallel import (
    CACHES,
    ShardError,
    default_jobs,
    keep_new_cache_files,
    own_cache_config,
    render_sharded,
)
from gdlesson.scratch import RENDER_PREFIX, require_space, scratch_folder
from gdlesson.text import number, plain
from gdlesson.voice.audio import VoiceError
from gdlesson.voice.mix import add_narration
from gdlesson.voice.narrator import DEFAULT_VOICE, check_voice
from gdlesson.voice.record import missing_lines_message, narration_path, read_record
from gdlesson.voice.script import SCRIPT_FILE, TELEPROMPTER_FILE, write_script
from gdlesson.voice.services import BUILT_IN

__all__ = ["COMMANDS", "QUALITIES", "Command", "CommandError", "RenderError", "build_parser", "main", "render_into"]

QUALITIES = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
"""manim's quality flags and what they mean."""


class CommandError(ValueError):
    """A mistake on the command line (exit status 2)."""


class RenderError(RuntimeError):
    """manim did not produce a video (exit status 1)."""


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, one line of help, how to add its options and what it does."""

    name: str
    summary: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    epilog: str | None = None


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors raised as one-line :class:`CommandError`."""

    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{message} (see '{self.prog} --help')")


# -- lesson options, shared by train and render --------------------------------------------------

_LESSON_HELP = """\
The lesson is built in layers, later ones winning: the built-in defaults, the lesson
file, --preset, then the options above. --lr takes a number or a multiple of the
critical learning rate such as 0.9x (full-batch descent diverges above the critical
rate, 2 / the largest eigenvalue of the loss's Hessian). --batch-size takes 'full'
for all samples; a batch larger than the data is reduced to it, with a warning.

presets (the seed's experiments):
""" + "\n".join(f"  {preset.name:<11} {preset.about}" for preset in PRESETS.values())

_SETTING_OPTIONS = OPTION_KEYS
_DATA = {"data": "csv", "x": "x", "y": "y"}
"""Command-line option (argparse dest) -> key of the lesson's [data] table."""


_OPTIMIZER_PARAMETERS = {
    "momentum": "momentum and nesterov: the share of the last step kept, 0 <= V < 1",
    "alpha": "rmsprop: decay of the mean squared gradient, 0 <= V < 1",
    "beta1": "adam: decay of the mean gradient, 0 <= V < 1",
    "beta2": "adam: decay of the mean squared gradient, 0 <= V < 1",
    "eps": "rmsprop and adam: added to the root of the mean squared gradient, V > 0",
}


def _value(text: str) -> int | float | str:
    """A number when ``text`` reads as a plain one, else the text (the lesson checks and explains).

    ``0_1`` and digits of other scripts stay text (Python would read them as 1 and as numbers).
    """
    number = parse_number(text)
    if number is None or not math.isfinite(number):
        return text
    return int(text) if text.strip().lstrip("+-").isdigit() else number


def _point(text: str) -> list[float]:
    """``"5.5,-4"`` -> [5.5, -4.0]."""
    values = [parse_number(part) for part in text.split(",")]
    if len(values) != 2 or None in values:
        raise argparse.ArgumentTypeError(f"expected two numbers W0,B0 such as 5.5,-4, got {text!r}")
    return values


def _add_lesson_options(parser: argparse.ArgumentParser, *, look: bool = False) -> None:
    """The options that change the lesson; ``look`` adds those that only change the video."""
    group = parser.add_argument_group("lesson options")
    group.add_argument(
        "--lesson",
        metavar="FILE",
        help=f"lesson file (default: ${FILE_ENV}, else ./lesson.toml if present, else the built-in defaults)",
    )
    group.add_argument("--preset", metavar="NAME", help=f"a named experiment: {', '.join(PRESETS)} (see below)")
    group.add_argument("--data", metavar="FILE", help="CSV file with a header row (default: ./data.csv if present)")
    group.add_argument("--x", metavar="COL", help="CSV column for x (default: the first numeric column)")
    group.add_argument("--y", metavar="COL", help="CSV column for y (default: the next numeric column)")
    group.add_argument("--lr", metavar="V", type=_value, help="learning rate > 0, or e.g. 0.9x (x the critical rate)")
    group.add_argument("--batch-size", metavar="N", type=_value, help="samples per step: 1 is SGD, 'full' full batch")
    group.add_argument("--epochs", metavar="N", type=_value, help="passes over the data")
    group.add_argument("--seed", metavar="N", type=_value, help="seed of the per-epoch shuffles")
    group.add_argument(
        "--init",
        metavar="W0,B0",
        type=_point,
        help="starting line in the data's units, e.g. 5.5,-4 (write --init=-1,2 if W0 < 0; default: a poor line "
        "chosen for the data)",
    )
    group.add_argument(
        "--scale",
        metavar="MODE",
        help="x the descent runs on: auto (standardise x when the raw bowl is too badly conditioned to descend; "
        "the default), standardize, none",
    )
    group.add_argument(
        "--optimizer",
        metavar="NAME",
        help=f"the update rule: {' | '.join(OPTIMIZERS)} (gd, plain mini-batch gradient descent, is the default; the "
        "others follow torch.optim: SGD with momentum or nesterov, RMSprop, Adam)",
    )
    for name, about in _OPTIMIZER_PARAMETERS.items():
        group.add_argument(
            f"--{name}",
            metavar="V",
            type=_value,
            help=f"{about} (default: {plain(DEFAULT_PARAMETERS[name])})",
        )
    if look:
        group.add_argument("--pacing", metavar="SECONDS", type=_value, help="longest the descent animation may play")
        group.add_argument("--theme", metavar="NAME", help="colours: dark or light")
        group.add_argument(
            "--voice",
            metavar="VOICE",
            help="who speaks the captions: piper (the default, a neural voice), espeak (fast, robotic), none, "
            f"or a folder of your own recordings (see 'gdlesson narration'); default: ${VOICE_ENV}, else the file's",
        )
        group.add_argument(
            "--voice-speed",
            metavar="FACTOR",
            type=_value,
            help="how fast piper or espeak speaks: 1 is about 150 words a minute (the default), 1.2 is 20%% faster; "
            "0.5 to 2",
        )


def _settings(args: argparse.Namespace) -> Settings:
    """The lesson's settings from its file, preset and the options on the command line, checked."""
    path = args.lesson or lesson_file_from_environment()
    overrides = _overrides(args)
    if "voice" not in overrides and voice_from_environment() and hasattr(args, "voice"):
        overrides["voice"] = voice_from_environment()
    # The current directory is the workdir; messages name the files as they were given.
    settings = load_settings(path, overrides, args.preset)
    if hasattr(args, "voice"):
        check_voice(settings.voice)
    return settings


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The lesson options given on the command line, keyed like the lesson file."""
    overrides: dict[str, Any] = {
        key: getattr(args, key) for key in _SETTING_OPTIONS if getattr(args, key, None) is not None
    }
    data = {key: getattr(args, option) for option, key in _DATA.items() if getattr(args, option) is not None}
    if data:
        overrides["data"] = data
    return overrides


# -- train ----------------------------------------------------------------------------------------


def _configure_train(parser: argparse.ArgumentParser) -> None:
    _add_lesson_options(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object instead of the table. w, b, init and optimum_w/b are in the data's units; "
        "when x is scaled (scaling is not null: x' = (x - x_shift) / x_scale) the run's own values on x' are "
        "beside them (w_scaled, ...), and lr, critical_lr and condition_number are those of the bowl on x' "
        "(raw_condition_number: on x). condition numbers are null when infinite, diverged_at is "
        "null when the run stayed bounded. optimizer names the update rule and its parameters sit beside it "
        "(momentum; alpha, eps; beta1, beta2, eps)",
    )
    parser.add_argument(
        "--trajectory",
        action="store_true",
        help='with --json: add "trajectory": {"w": [...], "b": [...]}, every (W, b) from the start to the last step, '
        "in the data's units",
    )


def _stability_note(lesson: LessonRun) -> str | None:
    """What to say about a learning rate at or past the edge, or None (plain descent: against the critical
    rate, which bounds only its steps; another optimizer: only whether it diverged)."""
    run, lr, critical = lesson.trajectory, lesson.hyper.lr, lesson.bowl.critical_lr
    if lesson.hyper.optimizer != "gd":
        return f"diverged at step {run.diverged_at} ({lesson.hyper.optimizer})" if run.diverged else None
    past = lr > critical
    versus = f"lr {number(lr, 4, terminal=True)} {'>' if past else '<='} critical {number(critical, 4, terminal=True)}"
    if run.diverged:
        steeper = "" if past else ", but single mini-batches have steeper bowls"
        return f"diverged at step {run.diverged_at}: {versus}{steeper}"
    if past:
        return f"{versus}: full-batch descent diverges at this rate (not yet blown up after {run.steps} steps)"
    return None


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _summary(lesson: LessonRun, *, trajectory: bool = False) -> dict[str, Any]:
    """The run's results as JSON-ready values (no NaN or infinity), in the data's units with the values
    on the scaled x beside them; with ``trajectory`` every (W, b) of the run in the data's units."""
    bowl, run, scaling = lesson.bowl, lesson.trajectory, lesson.scaling
    (w, b), (optimum_w, optimum_b) = lesson.to_user(*run.final), lesson.raw_bowl.optimum
    summary = {
        "source": lesson.settings.source,
        "data": lesson.data_label,
        "n": lesson.data.n,
        "lr": lesson.hyper.lr,
        "batch_size": lesson.hyper.batch_size,
        "epochs": lesson.hyper.epochs,
        "init": [float(value) for value in lesson.to_user(*lesson.hyper.init)],
        "seed": lesson.hyper.seed,
        "optimizer": lesson.hyper.optimizer,
        **lesson.hyper.optimizer_parameters,
        "w": float(w),
        "b": float(b),
        "optimum_w": optimum_w,
        "optimum_b": optimum_b,
        "start_loss": float(run.loss[0]),
        "final_loss": float(run.loss[-1]),
        "min_loss": lesson.raw_bowl.min_loss,
        "condition_number": _finite(bowl.condition_number),
        "critical_lr": bowl.critical_lr,
        "steps": run.steps,
        "diverged_at": run.diverged_at,
        "note": _stability_note(lesson),
        "scaling": {"x_shift": scaling.shift, "x_scale": scaling.scale} if lesson.scaled else None,
        "raw_condition_number": _finite(lesson.raw_bowl.condition_number),
        "init_scaled": list(lesson.hyper.init),
        "w_scaled": run.final[0],
        "b_scaled": run.final[1],
        "optimum_w_scaled": bowl.optimum[0],
        "optimum_b_scaled": bowl.optimum[1],
    }
    if trajectory:
        path_w, path_b = lesson.to_user(run.w, run.b)
        summary["trajectory"] = {"w": np.asarray(path_w).tolist(), "b": np.asarray(path_b).tolist()}
    return summary


def _condition(value: float | None) -> str:
    return "inf" if value is None else number(value, 4, terminal=True)


def _optimizer_words(summary: dict[str, Any]) -> str:
    """``"adam (beta1 0.9, beta2 0.999, eps 1e-08)"``, ``"gd (plain mini-batch gradient descent)"``."""
    name = summary["optimizer"]
    if name == "gd":
        return "gd (plain mini-batch gradient descent)"
    parameters = ", ".join(f"{key} {plain(summary[key])}" for key in DEFAULT_PARAMETERS if key in summary)
    return f"{name} ({parameters})"


def _table(summary: dict[str, Any]) -> str:
    """The summary as a readable table (numbers by :func:`gdlesson.text.number`, 11 characters at most)."""
    s = summary
    per_epoch = steps_per_epoch(s["n"], s["batch_size"])

    def row(name: str, *values: float) -> str:
        return f"{name:<18}" + "".join(f"{number(value, 6, width=11, terminal=True):>12}" for value in values)

    scaling = s["scaling"]
    space = " on x'" if scaling else ""
    lines = [
        f"{'lesson':<18}{s['source']}",
        f"{'data':<18}{s['data']}",
        f"{'run':<18}lr {number(s['lr'], 4, terminal=True)}{space}, batch size {s['batch_size']}, "
        f"{s['epochs']} epochs, seed {s['seed']}",
        f"{'optimizer':<18}{_optimizer_words(s)}",
    ]
    if scaling:
        shift, scale = number(scaling["x_shift"], 5, terminal=True), number(scaling["x_scale"], 4, terminal=True)
        lines.append(f"{'scaling':<18}x' = (x - {shift}) / {scale}: the descent runs on x' (standard units)")
    lines += [
        "",
        f"{'':<18}{'W':>12}{'b':>12}{'loss':>12}",
        row("start", *s["init"], s["start_loss"]),
        row("final", s["w"], s["b"], s["final_loss"]),
        row("optimum W*, b*", s["optimum_w"], s["optimum_b"], s["min_loss"]),
    ]
    if scaling:
        lines += [
            "",
            f"{'on x:':<18}{'W':>12}{'b':>12}",
            row("start", *s["init_scaled"]),
            row("final", s["w_scaled"], s["b_scaled"]),
            row("optimum", s["optimum_w_scaled"], s["optimum_b_scaled"]),
        ]
        lines[-4] = f"{'on x' + chr(39) + ':':<18}{'W' + chr(39):>12}{'b' + chr(39):>12}"
    lines += [
        "",
        f"{'condition number':<18}{_condition(s['condition_number'])}"
        + (f"  (on x: {_condition(s['raw_condition_number'])})" if scaling else ""),
        f"{'critical lr':<18}{number(s['critical_lr'], 4, terminal=True)}  (full-batch descent diverges above it)",
        f"{'steps':<18}{s['steps']}  ({per_epoch} per epoch)",
        f"{'diverged at':<18}{'-' if s['diverged_at'] is None else 'step ' + str(s['diverged_at'])}",
    ]
    if s["note"]:
        lines += ["", f"note: {s['note']}"]
    return "\n".join(lines)


def _run_train(args: argparse.Namespace) -> int:
    if args.trajectory and not args.json:
        raise CommandError("--trajectory adds the path to the JSON object; give --json too")
    summary = _summary(LessonRun.from_settings(_settings(args)), trajectory=args.trajectory)
    print(json.dumps(summary, allow_nan=False) if args.json else _table(summary))
    return 0


# -- render ---------------------------------------------------------------------------------------


def _configure_render(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scene", metavar="SCENE", help="the scene to render (see 'gdlesson list')")
    _add_render_options(parser, quality="l")
    parser.add_argument("--preview", action="store_true", help="open the video when it is done")
    _add_lesson_options(parser, look=True)


def _add_render_options(parser: argparse.ArgumentParser, *, quality: str) -> None:
    """--quality (default ``quality``) and --jobs."""
    parser.add_argument(
        "-q",
        "--quality",
        choices=list(QUALITIES),
        default=quality,
        help=", ".join(f"{flag} {size}" for flag, size in QUALITIES.items()) + f" (default: {quality})",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=default_jobs(),
        help=f"manim processes drawing the scene in parallel (default: {default_jobs()}, one per core)",
    )


def _jobs(text: str) -> int:
    """A number of processes: ASCII digits only (``"²".isdigit()`` is true, but ``int("²")`` fails)."""
    if text.isascii() and text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected a whole number of processes >= 1, got {text!r}")


def _capped_jobs(jobs: int) -> int:
    """``jobs``, at most one per core: more only share the cores and multiply the memory (with a warning)."""
    cores = os.cpu_count() or 1
    if jobs > cores:
        report("warning", f"--jobs {jobs} is more than the {cores} cores here; using {cores}")
    return min(jobs, cores)


def _scene(name: str) -> catalog.SceneEntry:
    if name in catalog.SCENES:
        return catalog.SCENES[name]
    names = sorted(catalog.SCENES)
    raise CommandError(f"unknown scene {name!r}; {closest_hint(name, names)}scenes: {', '.join(names)}")


def _publish(scratch: Path, media: Path) -> list[Path]:
    """Move manim's finished output (videos, subtitles, sections) from ``scratch`` into ``media``.

    Partial movie files stay behind. Everything appears at once or nothing
    does (see :func:`gdlesson.cli.publish.publish_files`), videos renamed
    last. Returns the videos' paths.
    """
    finished = [
        path
        for path in (scratch / "videos").rglob("*")
        if path.is_file() and "partial_movie_files" not in path.relative_to(scratch).parts
    ]
    finished.sort(key=lambda path: path.suffix == ".mp4")
    if not finished or finished[-1].suffix != ".mp4":
        raise RenderError("manim finished without writing a video; nothing was written to media/")
    publish_files([(path, media / path.relative_to(scratch)) for path in finished])
    return [media / path.relative_to(scratch) for path in finished if path.suffix == ".mp4"]


def _render(
    entry: catalog.SceneEntry,
    quality: str,
    env: dict[str, str],
    jobs: int = 1,
    *,
    before_publish: Callable[[list[Path]], None] | None = None,
) -> list[Path]:
    """Render ``entry`` with manim in subprocesses, in the project root, into a scratch media directory.

    The project root is the directory holding the scene's package (where
    manim.cfg lives); only a finished render reaches its ``media/``. With
    ``jobs`` > 1 the animations are shared among that many processes and
    the pieces joined (see ``gdlesson.render.parallel``). Each process draws
    with its own copies of manim's text caches, so renders started at once
    in one checkout do not read each other's half-written entries. Cache
    entries a killed render left broken are deleted first; the children die with
    this process, and the scratch folder goes when it ends, however it ends
    (a killed one's at the next start). ``before_publish`` is given the
    finished videos in the scratch folder (this render's own, which no
    other command can replace) before they are published.
    """
    root = catalog.PROJECT_ROOT
    require_space(Path(tempfile.gettempdir()), youtube.NEEDED_MB[QUALITIES[quality]], "rendering the video")
    with scratch_folder(RENDER_PREFIX) as scratch:
        videos = render_into(scratch, entry, quality, env, jobs, own_caches=True)
        if before_publish is not None:
            before_publish(videos)
        return _publish(scratch, root / "media")


def render_into(
    scratch: Path,
    entry: catalog.SceneEntry,
    quality: str,
    env: dict[str, str],
    jobs: int = 1,
    *,
    own_caches: bool = False,
    quiet: bool = False,
) -> list[Path]:
    """Render ``entry`` into the empty folder ``scratch`` (manim's media_dir there), narrated; returns its videos.

    The engine of ``render``, ``youtube`` and each video of ``course``.
    ``own_caches`` gives a single process private copies of manim's text and
    LaTeX caches, as every shard has, so renders running at once on one
    machine never read each other's half-written entries; what it adds to
    them reaches the project's caches whole. ``quiet`` (one process) keeps
    manim's output, and names its last line in the error when it fails
    (for a worker, whose terminal nobody sees). Raises :class:`RenderError`.
    """
    root = catalog.PROJECT_ROOT
    manim = [sys.executable, "-m", "manim", "render", f"-q{quality}"]
    scene_file = str(entry.path.relative_to(root))
    repair_caches(root / "media" / name for name in CACHES)
    if jobs > 1:
        try:
            render_sharded(manim, scene_file, entry.cls, root=root, env=env, jobs=jobs, scratch=scratch)
        except ShardError as error:
            raise RenderError(f"{error} while rendering {entry.name!r}; nothing was written to media/") from None
    else:
        media = scratch / "media" if own_caches else scratch
        config = ["--config_file", str(own_cache_config(root, media))] if own_caches else []
        hush = ["--progress_bar", "none", "--verbosity", "WARNING"] if quiet else []
        command = [*manim, *hush, *config, "--media_dir", str(scratch), scene_file, entry.cls]
        result = run_child(command, cwd=root, env=env, **({"capture_output": True, "text": True} if quiet else {}))
        if result.returncode != 0:
            said = [line.strip() for line in (result.stderr or "").splitlines() if line.strip()] if quiet else []
            messages = f"its last message: {said[-1]}" if said else "its messages are above"
            raise RenderError(
                f"manim exited with status {result.returncode} while rendering {entry.name!r} ({messages}); "
                "nothing was written to media/"
            )
        if own_caches:
            keep_new_cache_files(media, root)
    _narrate(scratch)
    return sorted((scratch / "videos").glob("*/*/*.mp4"))


def _narrate(scratch: Path) -> None:
    """Mix the narration that each rendered scene recorded into its video (see ``gdlesson.voice.mix``)."""
    for video in (scratch / "videos").glob("*/*/*.mp4"):
        record_path = Path(narration_path(video))
        if not record_path.is_file():
            continue
        record = read_record(record_path)
        for problem in record.refused:
            report("warning", problem)
        if record.missing:
            report("warning", missing_lines_message(record.missing))
        try:
            add_narration(video, record, video)
        except VoiceError as error:
            raise RenderError(f"{error}; nothing was written to media/") from None


def _preview(video: Path) -> None:
    from manim.utils.file_ops import open_file  # manim only when asked to open the video

    open_file(video)


def _scene_to_render(args: argparse.Namespace) -> tuple[catalog.SceneEntry, LessonRun, dict[str, str]]:
    """The scene named by ``args.scene``, the lesson's run and the environment that hands it to manim, all checked."""
    entry = _scene(args.scene)
    settings = _settings(args)
    lesson = LessonRun.from_settings(settings)  # a bad lesson or CSV stops here, before manim; warns once
    if not entry.path.is_file():
        raise CommandError(f"{entry.path}: the file of scene {entry.name!r} is missing; restore it from git")
    return entry, lesson, child_environment(settings)


def _run_render(args: argparse.Namespace) -> int:
    entry, _, env = _scene_to_render(args)
    videos = _render(entry, args.quality, env, _capped_jobs(args.jobs))
    print("\n".join(map(str, videos)))
    if args.preview:
        _preview(videos[-1])
    return 0


# -- youtube --------------------------------------------------------------------------------------


def _add_out_option(parser: argparse.ArgumentParser, writes: str) -> None:
    """--out DIR, a folder checked before any work (see ``youtube.output_folder``) that receives ``writes``."""
    parser.add_argument(
        "--out",
        metavar="DIR",
        required=True,
        type=youtube.output_folder,
        help=f"folder to write (created if missing): {writes}",
    )


def _configure_youtube(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scene", metavar="SCENE", nargs="?", default="lesson", help="the scene to export (default: lesson, the whole)"
    )
    _add_out_option(parser, ", ".join(youtube.FILES))
    _add_render_options(parser, quality="h")
    _add_lesson_options(parser, look=True)


def _run_youtube(args: argparse.Namespace) -> int:
    entry, lesson, env = _scene_to_render(args)
    try:
        youtube.check_destination(args.out, QUALITIES[args.quality])
    except youtube.ExportError as error:
        raise RenderError(f"{error}; nothing was rendered") from None

    def export(videos: list[Path]) -> None:
        # From this render's scratch copy: another render in the checkout may replace media/'s meanwhile.
        root, resolution, about = catalog.PROJECT_ROOT, QUALITIES[args.quality], youtube.about_text(entry)
        try:
            chapters = youtube.export(
                videos[-1], lesson, args.out, root=root, env=env, resolution=resolution, about=about
            )
        except youtube.ExportError as error:
            raise RenderError(f"{error}; nothing was written to {args.out}") from None
        if not chapters:
            report("warning", youtube.NO_CHAPTERS)

    _render(entry, args.quality, env, _capped_jobs(args.jobs), before_publish=export)
    print(args.out)
    return 0


# -- slides ---------------------------------------------------------------------------------------


def _configure_slides(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scene", metavar="SCENE", help="the scene to present (see 'gdlesson list'); lesson is the whole"
    )
    html, pptx, pdf, files = slides.deck_names("SCENE")
    _add_out_option(parser, f"{html} (open it in a browser), {pptx}, {pdf} and {files}/")
    _add_render_options(parser, quality="h")
    _add_lesson_options(parser, look=True)


def _run_slides(args: argparse.Namespace) -> int:
    entry, _, env = _scene_to_render(args)
    try:
        slides.check_reveal()
        youtube.check_destination(args.out, QUALITIES[args.quality])
    except youtube.ExportError as error:
        raise RenderError(f"{error}; nothing was rendered") from None

    def deck(videos: list[Path]) -> None:
        # From this render's scratch copy: another render in the checkout may replace media/'s meanwhile.
        try:
            slides.make_deck(videos[-1], args.out, scene=entry.name, title=entry.about)
        except youtube.ExportError as error:
            raise RenderError(f"{error}; nothing was written to {args.out}") from None

    _render(entry, args.quality, env, _capped_jobs(args.jobs), before_publish=deck)
    print(args.out / slides.deck_names(entry.name)[0])
    return 0


# -- narration ------------------------------------------------------------------------------------


def _configure_narration(parser: argparse.ArgumentParser) -> None:
    _add_out_option(parser, f"{SCRIPT_FILE} and {TELEPROMPTER_FILE}; record the lines there")
    parser.add_argument("--scene", metavar="SCENE", default="lesson", help="whose lines to list (default: lesson)")
    _add_lesson_options(parser, look=True)


def _run_narration(args: argparse.Namespace) -> int:
    from gdlesson.cli.listing import script_lines  # imports manim

    entry = _scene(args.scene)
    settings = _settings(args)
    try:
        youtube.check_writable(args.out)
    except youtube.ExportError as error:
        raise RenderError(f"{error}; nothing was written") from None
    voice = settings.voice if settings.voice in BUILT_IN else DEFAULT_VOICE
    lesson = LessonRun.from_settings(settings.replace(voice=voice))
    media = catalog.PROJECT_ROOT / "media"
    lines = script_lines(entry.path, entry.cls, lesson, voice_cache=media / "voices", caches=media)
    write_script(args.out, lines, title=f"{entry.name}: {entry.about}")
    print(args.out / SCRIPT_FILE)
    return 0


# -- list -----------------------------------------------------------------------------------------


def _run_list(args: argparse.Namespace) -> int:
    width = max(map(len, catalog.SCENES), default=0)
    for entry in catalog.SCENES.values():
        print(f"{entry.name:<{width}}  {entry.about}")
    return 0


COMMANDS: list[Command] = [
    Command("train", "train the lesson's run and print what it reached", _configure_train, _run_train, _LESSON_HELP),
    Command("render", "render a scene to MP4 with manim", _configure_render, _run_render, _LESSON_HELP),
    Command("list", "name the scenes, each with one line about it", lambda parser: None, _run_list),
    Command(
        "narration",
        "list every line a scene says, to record your own voice: narration.json and a teleprompter script",
        _configure_narration,
        _run_narration,
        _LESSON_HELP,
    ),
    Command(
        "youtube",
        "render the lesson and write an upload-ready folder: video, chapters, captions, thumbnail, description",
        _configure_youtube,
        _run_youtube,
        _LESSON_HELP,
    ),
    Command(
        "slides",
        "render a scene as a deck to present: slides.html (reveal.js, offline), .pptx and a .pdf handout",
        _configure_slides,
        _run_slides,
        _LESSON_HELP,
    ),
    Command(
        "course",
        "render a course's videos at once on a Dask cluster (local, or --scheduler): resumable, one folder",
        course.configure,
        course.run,
        course.EPILOG,
    ),
]
"""The subcommands, in the order ``--help`` shows them; append to add one."""


def build_parser() -> argparse.ArgumentParser:
    """The ``gdlesson`` parser with one subparser per entry of :data:`COMMANDS`."""
    parser = _Parser(prog="gdlesson", description="Animated lessons on mini-batch gradient descent.")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(
            command.name,
            help=command.summary,
            description=command.summary[:1].upper() + command.summary[1:] + ".",
            epilog=command.epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        command.configure(sub)
        sub.set_defaults(command=command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``gdlesson`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    0 success, 1 manim or the environment failed (a full disk...), 2 a user error (one line on stderr),
    128 + the signal when stopped by SIGINT (130), SIGTERM (143) or SIGHUP (129).
    """
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return 2
        if unknown:
            raise CommandError(
                f"unrecognized arguments: {' '.join(unknown)} (see '{parser.prog} {args.command.name} --help')"
            )
        with stop_on_signals():
            return args.command.run(args)
    except SystemExit as done:  # argparse after printing --help
        return done.code if isinstance(done.code, int) else 2
    except (CommandError, LessonError, DataError, RunError, VoiceError) as err:
        report("error", err)
        return 2
    except (RenderError, PublishError) as err:
        report("error", err)
        return 1
    except OSError as err:  # the environment: a full disk, a folder that cannot be written
        where = f"{err.filename}: " if err.filename else ""
        report("error", f"{where}{err.strerror or err}; nothing was written")
        return 1
    except Stopped as stop:
        report("error", f"stopped by {stop}; nothing was written, every child process was stopped")
        return 128 + stop.signum
    except KeyboardInterrupt:
        report("error", "interrupted; nothing was written, every child process was stopped")
        return 128 + signal.SIGINT


if __name__ == "__main__":
    raise SystemExit(main())
