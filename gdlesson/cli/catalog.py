"""The renderable scenes by name, for the ``gdlesson`` command (no manim import)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["PROJECT_ROOT", "SceneEntry", "SCENES", "SCENES_DIR"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout: where manim.cfg and media/ are, and manim runs."""

SCENES_DIR = PROJECT_ROOT / "scenes"
"""The files handed to manim (not an installed package)."""


@dataclass(frozen=True)
class SceneEntry:
    """One scene: the file manim renders, the Scene class in it, and one line about it."""

    name: str
    module: str
    cls: str
    about: str

    @property
    def path(self) -> Path:
        return SCENES_DIR / f"{self.module}.py"


SCENES = {
    entry.name: entry
    for entry in (
        SceneEntry("descent", "descent", "Descent", "Visual D: the loss-surface map with the mini-batch descent path"),
        SceneEntry("lesson", "lesson", "Lesson", "The whole lesson in chapters: model, MSE, step, mini-batches, A-D"),
        SceneEntry("visual_a", "visual_a", "VisualA", "Visual A: the data, the moving line, residuals, the mini-batch"),
        SceneEntry("visual_b", "visual_b", "VisualB", "Visual B: the full-data and mini-batch MSE against iteration"),
        SceneEntry("visual_c", "visual_c", "VisualC", "Visual C: W and b against iteration, converging to W* and b*"),
        SceneEntry("dashboard", "dashboard", "Dashboard", "Visuals A-D on one frame, driven by one step tracker"),
        SceneEntry(
            "learning_rates",
            "learning_rates",
            "LearningRates",
            "Experiment: learning rates as fractions of the critical rate 2 / lambda_max, one diverging",
        ),
        SceneEntry(
            "batch_sizes",
            "batch_sizes",
            "BatchSizes",
            "Experiment: SGD, a mini-batch and the full batch on an equal budget of examples seen",
        ),
        SceneEntry(
            "minibatch_noise",
            "minibatch_noise",
            "MiniBatchNoise",
            "Experiment: each batch's own loss rings and best fit, jumping from batch to batch",
        ),
        SceneEntry(
            "feature_scaling",
            "feature_scaling",
            "FeatureScaling",
            "Experiment: x far from 0 (a long thin valley) against standardised x (a round bowl)",
        ),
        SceneEntry(
            "bowl3d",
            "bowl3d",
            "Bowl3D",
            "The MSE as a 3-D bowl with the path on it, turning until it is the topographic map",
        ),
        SceneEntry(
            "race",
            "race",
            "Race",
            "Experiment: plain GD, momentum, Nesterov, RMSProp and Adam from one start on the same batches",
        ),
    )
}
