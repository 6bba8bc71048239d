"""A framed 2-D plot area: the coordinate system every panel draws in."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, PI, RIGHT, Axes, Create, Rectangle, VGroup, VMobject

from gdcore import Window
from gdlesson.mobjects.layout import log_ticks, nice_ticks
from gdlesson.mobjects.theme import SansText, Theme
from gdlesson.render.animations import Appear
from gdlesson.text import power_of_ten, superscript, ticks_with_power

__all__ = ["PlotFrame"]


def _with_power(name: str, power: int) -> str:
    """The axis name with the power of ten its tick numbers share, e.g. "price  (\u00d710\u2075)"."""
    return f"{name}  (\u00d710{superscript(power)})" if power else name


TICK = 0.08


class PlotFrame(VGroup):
    """A rectangle with round ticks and numbers on its left and bottom edges.

    Parts: ``axes`` (an invisible manim ``Axes`` spanning the window, for
    ``axes.c2p``), ``box``, ``ticks``, ``numbers``, ``x_label``, ``y_label``.
    Everything in the panel is placed through :meth:`to_screen`, so the panel
    can be moved or scaled as one group.

    With ``log_y`` the window's b range is in log10 units and the numbers
    show the values themselves (0.1, 1, 10, ...). Numbers beyond everyday
    sizes share one power of ten, written once after the axis name
    (4.0, 4.5, 5.0 and "price  (\u00d710\u2075)").
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
        log_y: bool = False,
    ) -> None:
        super().__init__()
        self.window, self.log_y = window, log_y
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
        x_values, x_texts, x_power = self._readable_x_ticks(window, x_ticks, font_size, theme)
        y_values = (log_ticks if log_y else nice_ticks)(window.b_min, window.b_max, y_ticks)
        self.ticks = VMobject(stroke_color=theme.axis, stroke_width=1.5)
        self.x_numbers, self.y_numbers = VGroup(), VGroup()
        self.numbers = VGroup(self.x_numbers, self.y_numbers)
        y_texts, y_power = ([power_of_ten(value) for value in y_values], 0) if log_y else ticks_with_power(y_values)
        x_label, y_label = _with_power(x_label, x_power), _with_power(y_label, y_power)
        for value, text in zip(x_values, x_texts, strict=True):
            foot = self.axes.c2p(value, window.b_min)
            self.ticks.start_new_path(foot)
            self.ticks.add_line_to(foot + TICK * np.array([0, 1, 0]))
            label = self._label(text, font_size, theme)
            self.x_numbers.add(label.next_to(foot, DOWN, buff=0.1))
        for value, text in zip(y_values, y_texts, strict=True):
            foot = self.axes.c2p(window.w_min, value)
            self.ticks.start_new_path(foot)
            self.ticks.add_line_to(foot + TICK * np.array([1, 0, 0]))
            label = self._label(text, font_size, theme)
            self.y_numbers.add(label.next_to(foot, LEFT, buff=0.1))
        self.x_label = SansText(x_label, font_size=font_size + 2, color=theme.text).next_to(
            self.x_numbers, DOWN, buff=0.12
        )
        self.x_label.set_x(self.box.get_center()[0])
        self.y_label = SansText(y_label, font_size=font_size + 2, color=theme.text).rotate(PI / 2)
        if self.y_label.height > self.box.height:  # a long name with its power of ten stays beside its own box
            self.y_label.scale_to_fit_height(self.box.height)
        self.y_label.next_to(self.y_numbers, LEFT, buff=0.12).set_y(self.box.get_center()[1])
        self.add(self.axes, self.box, self.ticks, self.numbers, self.x_label, self.y_label)

    def _readable_x_ticks(self, window: Window, count: int, font_size: float, theme: Theme):
        """Ticks along x, their texts and shared power of ten: ``count`` of them or fewer, until neighbouring
        numbers stand apart (long numbers on a narrow range, 5.00002 and 5.00004, would run into each other)."""
        while True:
            values = nice_ticks(window.w_min, window.w_max, count)
            texts, power = ticks_with_power(values)
            widths = [self._label(text, font_size, theme).width for text in texts]
            xs = [self.axes.c2p(value, window.b_min)[0] for value in values]
            gaps = [b - a - 0.5 * (wa + wb) for a, b, wa, wb in zip(xs, xs[1:], widths, widths[1:], strict=False)]
            if count <= 2 or min(gaps, default=1.0) >= 0.1:
                return values, texts, power
            count -= 1

    def reveal(self) -> list:
        """Animations that draw the frame in: the box traced, ticks, numbers and labels faded in."""
        return [Create(self.box), *(Appear(part) for part in (self.ticks, self.numbers, self.x_label, self.y_label))]

    def fit_left(self, limit: float, *, least: float = 0.6) -> PlotFrame:
        """Keep the y label right of x = ``limit`` by narrowing the y numbers (to ``least`` of their width)."""
        overflow = limit - self.y_label.get_left()[0]
        widest = max((number.width for number in self.y_numbers), default=0.0)
        if overflow > 0 and widest > 0:
            factor = max((widest - overflow) / widest, least)
            for number in self.y_numbers:
                number.scale(factor, about_edge=RIGHT)
            self.y_label.next_to(self.y_numbers, LEFT, buff=0.12).set_y(self.box.get_center()[1])
        return self

    @staticmethod
    def _label(text: str, font_size: float, theme: Theme) -> SansText:
        return SansText(text, font_size=font_size, color=theme.muted)

    def to_screen(self, w, b) -> np.ndarray:
        """Scene points of data coordinates (w, b), vectorised: shape (n, 3) for arrays, (3,) for scalars.

        The map is affine, fixed by the corners of ``box`` (which spans the
        window exactly), so it follows the panel when it moves or scales; it
        equals ``axes.c2p`` to rounding.
        """
        _, top_left, bottom_left, bottom_right = self.box.get_vertices()
        window = self.window
        u = (np.asarray(w, dtype=float) - window.w_min) / (window.w_max - window.w_min)
        v = (np.asarray(b, dtype=float) - window.b_min) / (window.b_max - window.b_min)
        return bottom_left + u[..., None] * (bottom_right - bottom_left) + v[..., None] * (top_left - bottom_left)

    def from_screen(self, points: np.ndarray) -> np.ndarray:
        """Data coordinates (w, b) of scene points, shape (n, 2): the inverse of :meth:`to_screen`."""
        origin = self.axes.c2p(0.0, 0.0)
        basis = np.column_stack([self.axes.c2p(1.0, 0.0) - origin, self.axes.c2p(0.0, 1.0) - origin])[:2]
        return np.linalg.solve(basis, (np.asarray(points)[..., :2] - origin[:2]).T).T
