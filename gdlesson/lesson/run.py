"""The lesson's run: its data, the loss bowl of that data and the recorded descent, derived from the settings."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from gdcore import Bowl, Dataset, Hyperparameters, Trajectory, check_budget, read_csv, start_loss, train

from .settings import CsvSource, Relative, Settings

__all__ = ["LessonRun", "report"]


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
    data : the samples; ``x_name``, ``y_name`` their columns; ``data_label`` one line about them.
    bowl : the exact MSE bowl of ``data``.
    hyper : the resolved :class:`gdcore.Hyperparameters`.
    """

    settings: Settings
    data: Dataset
    data_label: str
    x_name: str
    y_name: str
    bowl: Bowl
    hyper: Hyperparameters

    @classmethod
    def from_settings(cls, settings: Settings, *, quiet: bool = False) -> LessonRun:
        """Read the data ``settings`` name and resolve the run (warnings on stderr unless ``quiet``).

        Raises :class:`gdcore.DataError` for a missing or malformed CSV file, :class:`gdcore.RunError`
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
    def _derive(cls, settings, data, label, x_name, y_name, *, quiet: bool) -> LessonRun:
        bowl = Bowl.from_data(data)
        lr = settings.lr.factor * bowl.critical_lr if isinstance(settings.lr, Relative) else settings.lr
        batch_size = settings.batch_size
        if batch_size == "full":
            batch_size = data.n
        elif batch_size > data.n:
            if not quiet:
                report("warning", f"batch_size {batch_size} > {data.n} samples; using full batch ({data.n})")
            batch_size = data.n
        hyper = Hyperparameters(
            lr=lr, batch_size=batch_size, epochs=settings.epochs, init=settings.init, seed=settings.seed
        )
        check_budget(data.n, hyper.batch_size, hyper.epochs)
        start_loss(bowl, *hyper.init)
        return cls(settings, data, label, x_name, y_name, bowl, hyper)

    @cached_property
    def trajectory(self) -> Trajectory:
        """The recorded mini-batch run (trained once)."""
        return train(self.data, self.hyper)

    def replace(self, **changes: Any) -> LessonRun:
        """The run of changed settings on the same data, e.g. ``lesson.replace(lr="0.9x", batch_size=1)``.

        Settings accept what the lesson file accepts (``lr="0.9x"`` is relative
        to the data's critical rate). ``data=`` a :class:`gdcore.Dataset` runs on
        that data instead, labelled "custom data, n = N". Never warns.
        """
        data, label = self.data, self.data_label
        if "data" in changes:
            data = changes.pop("data")
            if not isinstance(data, Dataset):
                raise TypeError(f"data must be a gdcore.Dataset, got {type(data).__name__}")
            label = f"custom data, n = {data.n}"
        settings = self.settings.replace(**changes)
        return self._derive(settings, data, label, self.x_name, self.y_name, quiet=True)

    def __repr__(self) -> str:
        return f"LessonRun({self.data_label!r}, {self.hyper!r})"
