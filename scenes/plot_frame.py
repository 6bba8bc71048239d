"""A framed 2-D plot area: the coordinate system every panel draws in."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, PI, Axes, Rectangle, VGroup, VMobject

from gdcore import Window

from .layout import decimals_for, nice_ticks
from .theme import SansText, Theme

__all__ = ["PlotFrame"]

TICK = 0.08


class PlotFrame(VGroup):
    """A rectangle with round ticks and numbers on its left and bottom edges.

    Parts: ``axes`` (an invisible manim ``Axes`` spanning the window, for
    ``axes.c2p``), ``box``, ``ticks``, ``numbers``, ``x_label``, ``y_label``.
    Everything in the panel is placed through :meth:`to_screen`, so the panel
    can be moved or scaled as one group.
    """

    def __init__(
        self,
        window: Window,
        *,
        size: tuple[float, float],
        theme: Theme,
        x_label: str,
        y_label: str,
        font_size: float = 20,
        x_ticks: int = 6,
        y_ticks: int = 5,
    ) -> None:
        super().__init__()
        self.window = window
        self.axes = Axes(
            x_range=[window.w_min, window.w_max, window.w_max - window.w_min],
            y_range=[window.b_min, window.b_max, window.b_max - window.b_min],
            x_length=size[0],
            y_length=size[1],
            tips=False,
            axis_config={"include_ticks": False, "stroke_opacity": 0.0, "stroke_width": 0.0},
        )
        self.box = Rectangle(width=size[0], height=size[1], color=theme.axis, stroke_width=1.5).move_to(
            self.axes.c2p(0.5 * (window.w_min + window.w_max), 0.5 * (window.b_min + window.b_max))
        )
        x_values = nice_ticks(window.w_min, window.w_max, x_ticks)
        y_values = nice_ticks(window.b_min, window.b_max, y_ticks)
        self.ticks = VMobject(stroke_color=theme.axis, stroke_width=1.5)
        self.numbers = VGroup()
        x_places, y_places = decimals_for(x_values), decimals_for(y_values)
        for value in x_values:
            foot = self.axes.c2p(value, window.b_min)
            self.ticks.start_new_path(foot)
            self.ticks.add_line_to(foot + TICK * np.array([0, 1, 0]))
            self.numbers.add(self._number(value, x_places, font_size, theme).next_to(foot, DOWN, buff=0.1))
        for value in y_values:
            foot = self.axes.c2p(window.w_min, value)
            self.ticks.start_new_path(foot)
            self.ticks.add_line_to(foot + TICK * np.array([1, 0, 0]))
            self.numbers.add(self._number(value, y_places, font_size, theme).next_to(foot, LEFT, buff=0.1))
        self.x_label = SansText(x_label, font_size=font_size + 2, color=theme.text).next_to(
            self.numbers, DOWN, buff=0.12
        )
        self.x_label.set_x(self.box.get_center()[0])
        self.y_label = SansText(y_label, font_size=font_size + 2, color=theme.text).rotate(PI / 2)
        self.y_label.next_to(self.numbers, LEFT, buff=0.12).set_y(self.box.get_center()[1])
        self.add(self.axes, self.box, self.ticks, self.numbers, self.x_label, self.y_label)

    @staticmethod
    def _number(value: float, places: int, font_size: float, theme: Theme) -> SansText:
        text = f"{value + 0.0:.{places}f}".replace("-", "\u2212")  # + 0.0 turns -0.0 into 0.0
        return SansText(text, font_size=font_size, color=theme.muted)

    def to_screen(self, w, b) -> np.ndarray:
        """Scene points of data coordinates (w, b), vectorised: shape (n, 3) for arrays, (3,) for scalars.

        ``axes.c2p`` is affine for linear axes, so three calls fix the map.
        """
        origin = self.axes.c2p(0.0, 0.0)
        unit_w = self.axes.c2p(1.0, 0.0) - origin
        unit_b = self.axes.c2p(0.0, 1.0) - origin
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        return origin + w[..., None] * unit_w + b[..., None] * unit_b

    def from_screen(self, points: np.ndarray) -> np.ndarray:
        """Data coordinates (w, b) of scene points, shape (n, 2): the inverse of :meth:`to_screen`."""
        origin = self.axes.c2p(0.0, 0.0)
        basis = np.column_stack([self.axes.c2p(1.0, 0.0) - origin, self.axes.c2p(0.0, 1.0) - origin])[:2]
        return np.linalg.solve(basis, (np.asarray(points)[..., :2] - origin[:2]).T).T
