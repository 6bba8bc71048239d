"""gdcore: mini-batch gradient descent on y_hat = W x + b, exact and recorded.

Pure NumPy. Data flow: Dataset -> Bowl (sufficient statistics) ->
train() -> Trajectory; the scenes only display what these compute.
"""

from .bowl import Bowl
from .data import MAX_SAMPLES, CsvData, DataError, Dataset, load_csv, make_linear_data, read_csv
from .geometry import LevelEllipse, LevelLines, Window, clip_polyline
from .hyper import Hyperparameters
from .landscape import contour_levels, loss_grid, view_window, zoom_window
from .noise import noise_floor, quiet_batch_size
from .optim import OPTIMIZERS, GradientTransformation, apply_updates
from .scaling import Scaling, flat_excess_left
from .step import gd_step, gradients, mse
from .training import (
    DIVERGENCE_FACTOR,
    MAX_RUN_BYTES,
    MAX_STEPS,
    RunError,
    check_budget,
    start_loss,
    train,
    train_reference,
)
from .trajectory import BatchIndices, Trajectory, batch_size_at_least, steps_per_epoch

__all__ = [
    "DIVERGENCE_FACTOR",
    "MAX_RUN_BYTES",
    "MAX_SAMPLES",
    "MAX_STEPS",
    "OPTIMIZERS",
    "BatchIndices",
    "CsvData",
    "Bowl",
    "DataError",
    "GradientTransformation",
    "Dataset",
    "Hyperparameters",
    "RunError",
    "LevelEllipse",
    "LevelLines",
    "Scaling",
    "Trajectory",
    "Window",
    "apply_updates",
    "batch_size_at_least",
    "check_budget",
    "clip_polyline",
    "contour_levels",
    "flat_excess_left",
    "gd_step",
    "gradients",
    "load_csv",
    "loss_grid",
    "make_linear_data",
    "noise_floor",
    "quiet_batch_size",
    "mse",
    "read_csv",
    "start_loss",
    "steps_per_epoch",
    "train",
    "train_reference",
    "view_window",
    "zoom_window",
]
