"""Residuals: the vertical gaps between the samples and a line, the errors the MSE squares."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.theme import Z_LIVE
from gdlesson.render.polyline import Polyline, segment_points

__all__ = ["Residuals"]


class Residuals(Polyline):
    """One VMobject of vertical segments from samples (x_i, y_i) of a :class:`FitPanel` to a line of its.

    ``params`` returns the (W, b) to draw against, in the run's coordinates
    (on a scaled x', the panel converts it to the data's units exactly as it
    converts its own line, so each segment ends on the drawn line), and ``members`` the sample
    indices to draw (default: every sample); both are called again on every
    frame, so the segments follow whatever drives them (a step tracker, a
    slider). Line ends outside the panel are cut at its edge.

    Parameters
    ----------
    panel : the panel the samples are plotted in (its window is in data units).
    params : () -> (W, b) on the run's x.
    members : () -> integer array of sample indices, or None for all samples.
    """

    def __init__(
        self,
        panel: FitPanel,
        params: Callable[[], tuple[float, float]],
        members: Callable[[], np.ndarray] | None = None,
        *,
        color: str,
        width: float = 2.0,
        opacity: float = 0.9,
    ) -> None:
        super().__init__(stroke_color=color, stroke_width=width, stroke_opacity=opacity)
        self.panel, self.frame, self.data = panel, panel.frame, panel.data
        self.params, self.members = params, members
        self.set_z_index(Z_LIVE)
        self.redraw()
        self.add_updater(lambda residuals: residuals.redraw())

    def endpoints(self) -> tuple[np.ndarray, np.ndarray]:
        """(samples, line points) of the drawn segments in data units, each of shape (m, 2)."""
        chosen = np.arange(self.data.n) if self.members is None else np.asarray(self.members(), dtype=int)
        w, b = self.panel.user_line(*self.params())
        x, y = self.data.x[chosen], self.data.y[chosen]
        window = self.frame.window
        fit = np.clip(w * x + b, window.b_min, window.b_max)
        return np.column_stack([x, y]), np.column_stack([x, fit])

    def redraw(self) -> None:
        """Draw the segments for the current ``params`` and ``members``."""
        samples, fitted = self.endpoints()
        starts = self.frame.to_screen(samples[:, 0], samples[:, 1])
        ends = self.frame.to_screen(fitted[:, 0], fitted[:, 1])
        self.set_points(segment_points(starts, ends))
