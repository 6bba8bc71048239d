"""The lesson's run: its data, the loss bowl of that data and the recorded descent, derived from the settings."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from gdcore import (
    Bowl,
    DataError,
    Dataset,
    Hyperparameters,
    Trajectory,
    check_budget,
    read_csv,
    start_loss,
    steps_per_epoch,
    train,
)
from gdcore.scaling import Scaling, flat_excess_left
from gdlesson.text import number

from .names import names
from .settings import DEFAULTS, AtLeast, CsvSource, Relative, Settings

__all__ = ["AUTO_SCALE_LEFT", "LessonRun", "default_start", "report", "scaling_for"]

AUTO_SCALE_LEFT = 0.01
"""``scale = "auto"`` standardises x when the default run on this data (0.21x the critical rate,
batches of at least 10, 20 epochs) would leave more than this fraction of the error along the raw
bowl's flat direction (see :func:`gdcore.scaling.flat_excess_left`): a condition number above 37 for
100 or more samples (200 steps), above 3.9 for fewer than 20 samples (one full batch a pass: 20
steps). The built-in data (8.2, 100 samples) keeps its tilted bowl and curved path; x far from zero
(condition numbers 1e6 to 1e12: years, incomes, square feet) is standardised. 1% leaves room for
mini-batch noise under the 5% of the start's excess a lesson must reach. The decision depends on the
data alone, so every run of a lesson (another lr, batch size or epochs) is drawn on the same map."""


def report(level: str, message: object) -> None:
    """Print ``level: message`` as one line on stderr."""
    print(f"{level}: {' '.join(str(message).splitlines())}", file=sys.stderr)


@dataclass(frozen=True, eq=False)
class LessonRun:
    """What every scene shows: the settings, the data they name, its bowl, and the run they ask for.

    Build it with :meth:`from_settings`, which reads the data and resolves the
    hyperparameters (a relative ``lr`` against this data's critical rate,
    ``"full"`` and a too-large batch to n). The trajectory is trained on first
    use, once.

    Attributes
    ----------
    settings : the checked :class:`Settings`.
    data : the samples in the user's units; ``x_name``, ``y_name`` their columns; ``data_label`` one
        line about them.
    scaling : the x the descent runs on, x' = (x - shift) / scale (the identity unless
        ``settings.scale`` asks for standardised x, or ``"auto"`` finds the raw bowl too badly
        conditioned: :func:`scaling_for`).
    descent_data : ``data`` with x replaced by x': what the descent, the map and ``bowl`` use.
    bowl : the exact MSE bowl of ``descent_data`` (its (W, b) are on x').
    raw_bowl : the bowl of ``data`` in the user's units (``bowl`` itself when nothing is scaled).
    hyper : the resolved :class:`gdcore.Hyperparameters`, ``init`` on x'.
    """

    settings: Settings
    data: Dataset
    data_label: str
    x_name: str
    y_name: str
    bowl: Bowl
    hyper: Hyperparameters
    scaling: Scaling = Scaling()
    descent_data: Dataset | None = None
    raw_bowl: Bowl | None = None

    def __post_init__(self) -> None:
        if self.descent_data is None:
            object.__setattr__(self, "descent_data", self.scaling.apply(self.data))
        if self.raw_bowl is None:
            object.__setattr__(self, "raw_bowl", self.bowl)

    @property
    def scaled(self) -> bool:
        """Whether the descent runs on a scaled x."""
        return not self.scaling.is_identity

    @property
    def parameter_names(self) -> tuple[str, str]:
        """What (W, b) of the descent are called on screen: ``("W′", "b′")`` on a scaled x', else ``("W", "b")``."""
        return tuple(names(self.scaled)[:2])

    @classmethod
    def from_settings(cls, settings: Settings, *, quiet: bool = False) -> LessonRun:
        """Read the data ``settings`` name and resolve the run (warnings on stderr unless ``quiet``).

        Raises :class:`gdcore.DataError` for a missing or malformed CSV file or one whose x never changes (no
        single best line: the lessons draw a bowl with one minimum), :class:`gdcore.RunError`
        for a run beyond the budgets or a start whose loss overflows (checked before anything is trained).
        """
        source = settings.data
        if isinstance(source, CsvSource):
            data, x_name, y_name = read_csv(source.path, x=source.x, y=source.y)
            label = f"{source.path.name} (x = {x_name}, y = {y_name}), n = {data.n}"
        else:
            data, x_name, y_name, label = source.dataset(), "x", "y", source.label
        return cls._derive(settings, data, label, x_name, y_name, quiet=quiet)

    @classmethod
    def _derive(
        cls, settings, data, label, x_name, y_name, *, quiet: bool, scaling: Scaling | None = None
    ) -> LessonRun:
        raw_bowl = Bowl.from_data(data)
        if raw_bowl.is_degenerate:
            raise DataError(
                f"{label}: {x_name} is {number(float(data.x[0]), 6)} in every row, so every slope fits as well as "
                "the best one (the minima are a whole line, not a point); give x values that vary"
            )
        if scaling is None:
            scaling = scaling_for(settings.scale, data, raw_bowl)
        descent_data = scaling.apply(data)
        bowl = raw_bowl if scaling.is_identity else Bowl.from_data(descent_data)
        lr = settings.lr.factor * bowl.critical_lr if isinstance(settings.lr, Relative) else settings.lr
        init = default_start(bowl) if settings.init is None else tuple(map(float, scaling.from_user(*settings.init)))
        batch_size = settings.batch_size
        if isinstance(batch_size, AtLeast):
            # Weighed for the default run, so that another rate or start shows its own noise.
            batch_size = batch_size.resolve(
                descent_data, bowl, DEFAULTS.lr.factor * bowl.critical_lr, default_start(bowl)
            )
        elif batch_size == "full":
            batch_size = data.n
        elif batch_size > data.n:
            if not quiet:
                report("warning", f"batch_size {batch_size} > {data.n} samples; using full batch ({data.n})")
            batch_size = data.n
        hyper = Hyperparameters(
            lr=lr,
            batch_size=batch_size,
            epochs=settings.epochs,
            init=init,
            seed=settings.seed,
            optimizer=settings.optimizer,
            **settings.optimizer_parameters(),
        )
        check_budget(data.n, hyper.batch_size, hyper.epochs)
        start_loss(bowl, *hyper.init)
        return cls(settings, data, label, x_name, y_name, bowl, hyper, scaling, descent_data, raw_bowl)

    @cached_property
    def trajectory(self) -> Trajectory:
        """The recorded mini-batch run on x' (trained once)."""
        return train(self.descent_data, self.hyper)

    def to_user(self, w, b):
        """(W, b) in the user's units of (w, b) on x' (see :meth:`gdcore.scaling.Scaling.to_user`)."""
        return self.scaling.to_user(w, b)

    def replace(self, **changes: Any) -> LessonRun:
        """The run of changed settings on the same data, e.g. ``lesson.replace(lr="0.9x", batch_size=1)``.

        Settings accept what the lesson file accepts (``lr="0.9x"`` is relative
        to the data's critical rate). ``data=`` a :class:`gdcore.Dataset` runs on
        that data instead, labelled "custom data, n = N". The run keeps this lesson's scaling of x
        (the same map), unless ``data`` or ``scale`` change. Never warns.
        """
        data, label = self.data, self.data_label
        scaling = None if "data" in changes or "scale" in changes else self.scaling
        if "data" in changes:
            data = changes.pop("data")
            if not isinstance(data, Dataset):
                raise TypeError(f"data must be a gdcore.Dataset, got {type(data).__name__}")
            label = f"custom data, n = {data.n}"
        settings = self.settings.replace(**changes)
        return self._derive(settings, data, label, self.x_name, self.y_name, quiet=True, scaling=scaling)

    def __repr__(self) -> str:
        return f"LessonRun({self.data_label!r}, {self.hyper!r})"


def scaling_for(mode: str, data: Dataset, raw_bowl: Bowl) -> Scaling:
    """The x the descent runs on: standardised for ``mode = "standardize"``, and for ``"auto"`` when the
    default run on ``data`` (at the most steps its batch size allows) would leave more than
    :data:`AUTO_SCALE_LEFT` of the error along the raw bowl's flat direction; the identity otherwise
    (and always for a constant x, which no scaling helps)."""
    if mode == "none" or raw_bowl.is_degenerate:
        return Scaling()
    if mode == "auto":
        steps = DEFAULTS.epochs * steps_per_epoch(data.n, DEFAULTS.batch_size.smallest(data.n))
        if flat_excess_left(raw_bowl, DEFAULTS.lr.factor, steps) <= AUTO_SCALE_LEFT:
            return Scaling()
    return Scaling.standardize(data)


def default_start(bowl: Bowl, offset: tuple[float, float] = DEFAULTS.start_offset) -> tuple[float, float]:
    """A visibly poor line for the data of ``bowl``, in its coordinates: the slope ``offset[0]``
    standard deviations of y per standard deviation of x above the best fit's, the height at the
    mean x ``offset[1]`` standard deviations of y above the best fit's (a unit stands in for a zero
    standard deviation)."""
    std_x = math.sqrt(bowl.var_x) or 1.0
    std_y = math.sqrt(bowl.var_y) or 1.0
    best_w, best_b = bowl.optimum
    w = best_w + offset[0] * std_y / std_x
    height = best_w * bowl.mean_x + best_b + offset[1] * std_y
    return w, height - w * bowl.mean_x
