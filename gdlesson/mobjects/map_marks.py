"""Marks drawn on a contour map: the valley floor, a badge placed clear of the map's labels, and where a run
leaves the map."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DL, DR, UL, UR, DashedVMobject, Dot, VGroup, VMobject

from gdcore import clip_polyline
from gdlesson.mobjects.contour_map import ContourMap
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.experiment_kit import Badge, keep_inside
from gdlesson.mobjects.layout import box_of, overlaps, place_label
from gdlesson.mobjects.theme import Z_TOP, SansText, Theme
from gdlesson.render.polyline import polyline_points

__all__ = ["exit_mark", "exit_point", "map_labels", "place_badge", "valley_floor"]


def map_labels(contour_map: ContourMap) -> list:
    """The boxes of the map's own labels (best fit, start, rings), which marks must keep off."""
    parts = (*contour_map.optimum, *contour_map.start, *contour_map.ring_labels)
    return [box_of(part, 0.05) for part in parts]


def valley_floor(contour_map: ContourMap, theme: Theme) -> VGroup:
    """The line through the optimum along the Hessian's flattest eigenvector, dashed, clipped to the map, and
    named "valley floor" beside it, clear of the map's labels. Parts: ``[0]`` the line, ``[1]`` its name."""
    window, bowl = contour_map.window, contour_map.bowl
    reach = np.hypot(window.w_max - window.w_min, window.b_max - window.b_min)
    centre, direction = np.array(bowl.optimum), bowl.eigenvectors[:, 0]
    runs = clip_polyline(np.array([centre - reach * direction, centre + reach * direction]), window)
    line = VMobject(stroke_color=theme.text, stroke_width=2.5)
    line.set_points(polyline_points([contour_map.to_screen(run[:, 0], run[:, 1]) for run in runs]))
    floor = DashedVMobject(line, num_dashes=30)
    name = SansText("valley floor", font_size=20, color=theme.text)
    name.add_background_rectangle(color=theme.background, opacity=0.85, buff=0.05)
    place_label(
        name, floor[len(floor) // 4].get_center(), bounds=contour_map.plot_box, obstacles=map_labels(contour_map)
    )
    return VGroup(floor, name)


def place_badge(badge, anchor: np.ndarray, contour_map: ContourMap, avoid: np.ndarray) -> None:
    """Put ``badge`` beside ``anchor``, clear of the map's labels (and if possible of the points ``avoid``);
    else in a free corner of the map."""
    bounds, taken = contour_map.plot_box, map_labels(contour_map)
    for points in (avoid, None):
        if place_label(badge, anchor, bounds=bounds, obstacles=taken, points=points, buff=0.15):
            return
    inset = (bounds[0] + 0.1, bounds[1] + 0.1, bounds[2] - 0.1, bounds[3] - 0.1)
    for corner in (UL, UR, DL, DR):
        keep_inside(badge.move_to(contour_map.frame.box.get_corner(corner)), inset)
        if not any(overlaps(box_of(badge), other) for other in taken):
            return


def exit_point(path: DescentPath, contour_map: ContourMap) -> np.ndarray:
    """Where ``path`` leaves the map: the end of what it draws (its start if it draws nothing)."""
    pieces = clip_polyline(path.data_points, contour_map.window)
    return contour_map.to_screen(*(pieces[-1][-1] if pieces else path.data_points[0]))


def exit_mark(
    path: DescentPath, others: Sequence[DescentPath], contour_map: ContourMap, text: str, *, color: str, theme: Theme
) -> VGroup:
    """A dot where ``path`` leaves the map and a badge saying ``text`` beside it, in ``color``, the badge clear of
    the map's labels and, if it can be, of the ``others`` paths. Parts: ``[0]`` the dot, ``[1]`` the badge."""
    point = exit_point(path, contour_map)
    marker = Dot(point, radius=0.09, color=color, stroke_width=2, stroke_color=theme.background)
    badge = Badge(text, color=color, theme=theme)
    avoid = [contour_map.to_screen(other.data_points[:, 0], other.data_points[:, 1]) for other in others]
    place_badge(badge, point, contour_map, np.concatenate(avoid) if avoid else None)
    return VGroup(marker, badge).set_z_index(Z_TOP)
