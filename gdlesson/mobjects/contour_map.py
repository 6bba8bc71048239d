"""Visual D's map: exact MSE contour rings in (W, b) space, with the optimum and the start marked."""

from __future__ import annotations

import numpy as np
from manim import DL, DOWN, LEFT, RIGHT, UP, UR, Dot, Rectangle, Star, VGroup, VMobject

from gdcore import Bowl, Trajectory, Window, clip_polyline, contour_levels, view_window
from gdlesson.lesson.names import names
from gdlesson.mobjects.layout import Box, box_of, densify, overlaps, place_label
from gdlesson.mobjects.plot_frame import PlotFrame
from gdlesson.mobjects.theme import Z_TOP, SansText, Theme
from gdlesson.text import number, point, significant

__all__ = ["ContourMap", "LossLegend", "distinct_labels", "ring_curve"]


READABLE_DIGITS = 4
"""Ring labels that need more significant digits than this to differ are written as the excess over the minimum."""


def distinct_labels(values, minimum: float | None = None) -> list[str]:
    """:func:`gdlesson.text.significant` of each value, with the fewest digits (3 or more) that tell them apart;
    when that takes more than :data:`READABLE_DIGITS` (rings close to the bottom of a deep bowl: 22300.01 and
    22300.02) and the bowl's ``minimum`` is given, "best + 0.01", "best + 0.02"."""
    values = list(values)
    for digits in range(3, READABLE_DIGITS + 1):
        labels = [significant(value, digits) for value in values]
        if len(set(labels)) == len(values):
            return labels
    if minimum is not None:
        return ["best + " + label for label in distinct_labels([value - minimum for value in values])]
    for digits in range(READABLE_DIGITS + 1, 10):
        labels = [significant(value, digits) for value in values]
        if len(set(labels)) == len(values):
            return labels
    return labels


class ContourMap(VGroup):
    """The loss surface as a topographic map.

    Parts: ``frame`` (a :class:`PlotFrame`; ``axes`` is its coordinate
    system), ``backdrop`` (an opaque panel behind the plot area), ``rings``
    (one VMobject per level, the exact ellipse as cubic Bezier arcs clipped
    to the window, with a ``level`` attribute), ``ring_labels``, ``optimum``
    (marker and label) and ``start`` (marker and label, when given).

    Parameters
    ----------
    bowl, window, levels : the surface, the part of (W, b) shown, the ring losses (ascending).
    start : (W0, b0) to mark, or None.
    avoid : (w, b) arrays of points labels must not cover, e.g. the descent path.
    ring_label_count : how many rings get a loss label.
    marker_labels : whether the optimum and the start are labelled with their (W, b).
    """

    def __init__(
        self,
        bowl: Bowl,
        window: Window,
        levels: np.ndarray,
        *,
        theme: Theme,
        size: tuple[float, float] = (7.6, 5.7),
        start: tuple[float, float] | None = None,
        avoid: tuple[np.ndarray, np.ndarray] | None = None,
        ring_label_count: int = 3,
        marker_labels: bool = True,
        font_size: float = 20,
        primed: int | bool = False,
    ) -> None:
        super().__init__()
        self.bowl, self.window, self.levels, self.theme = bowl, window, np.asarray(levels), theme
        labels = names(primed).axis_labels  # primed: the map is on a scaled x' (2: on an x'')
        self.frame = PlotFrame(window, size=size, theme=theme, x_label=labels[0], y_label=labels[1])
        self.axes = self.frame.axes
        self.backdrop = Rectangle(width=size[0], height=size[1], stroke_width=0, fill_color=theme.background)
        self.backdrop.set_fill(opacity=1.0).move_to(self.frame.box)
        self.rings = VGroup(*self._rings())
        avoid_points = self._path_points(avoid)
        self.marker_labels = marker_labels
        self.stretch = (size[0] / (window.w_max - window.w_min)) / (size[1] / (window.b_max - window.b_min))
        self.stretch_note = VGroup()
        if not 0.95 < self.stretch < 1.05:  # unequal scales: say so, the rings are not the bowl's true shape
            axis, factor = ("W", self.stretch) if self.stretch > 1 else ("b", 1 / self.stretch)
            note = SansText(f"{axis} stretched \u00d7{number(factor, 2)}", font_size=font_size - 4, color=theme.muted)
            note.add_background_rectangle(color=theme.background, opacity=0.8, buff=0.04)
            self.stretch_note.add(note.next_to(self.frame.box.get_corner(UP + RIGHT), DOWN + LEFT, buff=0.1))
        taken = [box_of(note, 0.05) for note in self.stretch_note]
        self.optimum = self._marker(
            bowl.optimum,
            Star(n=5, outer_radius=0.14, density=2, color=theme.optimum, fill_opacity=1.0),
            "best fit " + point(*bowl.optimum),  # point() writes "(W, b)"
            theme.optimum,
            avoid_points,
            font_size,
            taken,
        )
        taken += [box_of(part, 0.05) for part in self.optimum]
        self.start = VGroup()
        if start is not None:
            ring = Dot(radius=0.09, fill_opacity=0.0, stroke_width=3, stroke_color=theme.start)
            label = "start " + point(*start)
            self.start = self._marker(start, ring, label, theme.start, avoid_points, font_size, taken)
            taken += [box_of(part, 0.05) for part in self.start]
        self.ring_labels = VGroup(*self._ring_labels(ring_label_count, avoid_points, taken, font_size - 2))
        self.add(self.backdrop, self.frame, self.rings, self.ring_labels, self.optimum, self.start, self.stretch_note)

    @classmethod
    def for_run(
        cls, bowl: Bowl, run: Trajectory, *, size: tuple[float, float], rings: int = 10, **kwargs
    ) -> ContourMap:
        """The map a run is shown on: its view window at the map's proportions, ``rings`` levels, the
        run's start marked and its path kept clear of labels (``kwargs`` go to the constructor)."""
        window = view_window(bowl, run, aspect=size[0] / size[1])
        kwargs = {"start": run.init, "avoid": (run.w, run.b)} | kwargs
        levels = contour_levels(bowl, window, rings, start_loss=float(run.loss[0]))
        return cls(bowl, window, levels, size=size, **kwargs)

    def to_screen(self, w, b) -> np.ndarray:
        return self.frame.to_screen(w, b)

    def _path_points(self, avoid) -> np.ndarray:
        """Scene points along the segments of the path ``avoid`` = (w, b) inside the map, at most 0.05 apart:
        labels keep off its segments, not only its vertices (what they still cross is cut out of the path)."""
        if avoid is None:
            return np.zeros((0, 3))
        points = np.column_stack([np.asarray(avoid[0], dtype=float), np.asarray(avoid[1], dtype=float)])
        points = points[np.all(np.isfinite(points), axis=1)]
        runs = [densify(self.to_screen(run[:, 0], run[:, 1]), 0.05) for run in clip_polyline(points, self.window)]
        inside = points[self.window.contains(points[:, 0], points[:, 1])]
        return np.vstack([*runs, self.to_screen(inside[:, 0], inside[:, 1]).reshape(-1, 3)])

    def label_boxes(self) -> list[Box]:
        """The boxes of the labels on the map (optimum, start, rings) in data units (W, b), padded a little.

        In data units they stay right when the map moves or scales, so a path
        cut around them once keeps clear of them (see ``layout.cut_out``).
        """
        labels = [*self.optimum[1:], *self.start[1:], *self.ring_labels]
        boxes = []
        for label in labels:
            x0, y0, x1, y1 = box_of(label, 0.04)
            (w0, b0), (w1, b1) = self.to_data(x0, y0), self.to_data(x1, y1)
            boxes.append((min(w0, w1), min(b0, b1), max(w0, w1), max(b0, b1)))
        return boxes

    def to_data(self, x: float, y: float) -> tuple[float, float]:
        """(W, b) at the scene point (x, y): the inverse of :meth:`to_screen`."""
        (x0, y0, _), (x1, y1, _) = self.frame.box.get_corner(DL), self.frame.box.get_corner(UR)
        window = self.window
        return (
            window.w_min + (x - x0) / (x1 - x0) * (window.w_max - window.w_min),
            window.b_min + (y - y0) / (y1 - y0) * (window.b_max - window.b_min),
        )

    @property
    def plot_box(self) -> Box:
        return box_of(self.frame.box)

    def _rings(self) -> list[VMobject]:
        count = len(self.levels)
        rings = (  # highest loss first: drawn outside-in
            ring_curve(
                self.bowl,
                level,
                self.window,
                self.to_screen,
                stroke_width=2.5,
                stroke_color=self.theme.ring_color(rank / max(count - 1, 1)),
            )
            for rank, level in enumerate(self.levels[::-1])
        )
        return [ring for ring in rings if ring is not None]

    def _marker(self, where, marker, text, color, avoid_points, font_size, taken=()) -> VGroup:
        marker.move_to(self.to_screen(*where))
        anchor, suffix = marker.get_center(), ""
        if not self.window.contains(*where):  # off the map (a valley window): named at the edge nearest to it
            marker.set_opacity(0.0)
            x0, y0, x1, y1 = self.plot_box
            anchor, suffix = np.clip(anchor, [x0, y0, 0.0], [x1, y1, 0.0]), " off the map"
        if not self.marker_labels:
            return VGroup(marker)
        # The name and (W, b) where they fit clear of the path; else the name alone, on the fewest path points.
        for words in (text + suffix, text.split(" (")[0] + suffix):
            label = SansText(words, font_size=font_size, color=color)
            label.add_background_rectangle(color=self.theme.background, opacity=0.8, buff=0.05)
            if place_label(label, anchor, bounds=self.plot_box, obstacles=taken, points=avoid_points):
                break
        label.set_z_index(Z_TOP)  # above the path when it had to cover some of it: the words stay legible
        return VGroup(marker, label)

    def _ring_labels(self, count: int, avoid_points: np.ndarray, taken: list[Box], font_size: float) -> list:
        """Loss values written on a few rings, where they cover no path point and no other label."""
        if count <= 0 or not len(self.rings):
            return []
        labels = []
        ranks = np.unique(np.linspace(0, len(self.rings) - 1, count + 2).round().astype(int)[1:-1])
        bounds = self.plot_box
        inset = (bounds[0] + 0.1, bounds[1] + 0.1, bounds[2] - 0.1, bounds[3] - 0.1)
        texts = distinct_labels([self.rings[rank].level for rank in ranks], self.bowl.min_loss)
        for rank, text in zip(ranks, texts, strict=True):
            ring = self.rings[rank]
            label = SansText(text, font_size=font_size, color=self.theme.text)
            label.add_background_rectangle(color=self.theme.background, opacity=0.9, buff=0.04)
            best, best_score = None, -np.inf
            for anchor in ring.get_anchors()[::3]:
                label.move_to(anchor)
                box = box_of(label, 0.04)
                if not (inset[0] <= box[0] and box[2] <= inset[2] and inset[1] <= box[1] and box[3] <= inset[3]):
                    continue
                if any(overlaps(box, other) for other in taken):
                    continue
                score = _clearance(anchor, avoid_points)
                if score > best_score:
                    best, best_score = anchor, score
            if best is None or best_score < 0.25:
                continue
            label.move_to(best)
            taken.append(box_of(label, 0.05))
            labels.append(label)
        return labels


def _clearance(point: np.ndarray, others: np.ndarray) -> float:
    if not len(others):
        return np.inf
    return float(np.min(np.hypot(others[:, 0] - point[0], others[:, 1] - point[1])))


def ring_curve(bowl: Bowl, level: float, window: Window, to_screen, **style) -> VMobject | None:
    """The level set {MSE = level} inside ``window`` as one VMobject of exact Bezier arcs, with a
    ``level`` attribute (None when the ring misses the window); ``to_screen`` maps (W, b) to the scene."""
    arcs = bowl.level_set(level).cubic_arcs_in(window)
    if not arcs:
        return None
    control = np.concatenate([arc.reshape(-1, 2) for arc in arcs])
    ring = VMobject(**style).set_points(to_screen(control[:, 0], control[:, 1]))
    ring.level = float(level)
    return ring


class LossLegend(VGroup):
    """A horizontal colour bar of the ring colours: "high error" under its left end, "low error" under its right."""

    def __init__(self, theme: Theme, *, width: float = 2.6, height: float = 0.16, steps: int = 32, font_size=18):
        super().__init__()
        cell = width / steps
        self.bar = VGroup(
            *(
                Rectangle(width=cell, height=height, stroke_width=0, fill_color=theme.ring_color(i / (steps - 1)))
                .set_fill(opacity=1.0)
                .shift(RIGHT * i * cell)
                for i in range(steps)
            )
        )
        self.high = SansText("high error", font_size=font_size, color=theme.muted)
        self.high.next_to(self.bar, DOWN, buff=0.08).align_to(self.bar, LEFT)
        self.low = SansText("low error", font_size=font_size, color=theme.muted)
        self.low.next_to(self.bar, DOWN, buff=0.08).align_to(self.bar, RIGHT)
        self.add(self.bar, self.high, self.low)
