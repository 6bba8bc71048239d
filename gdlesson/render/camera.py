"""LessonCamera: manim's cairo camera, drawing exactly the same pixels with less Python per frame.

Most of a frame's time in manim's camera is Python turning each leaf's
points into a cairo path (``set_cairo_context_path``): finding its subpaths,
then one call per curve. Between frames most leaves keep their points (a
caption fading in, the rings, the labels) and only their colours change, so
the path a leaf's points make is built once and replayed (``append_path``)
while the points stay the same: the same path, hence the same pixels.
Straight-segment paths (:class:`~gdlesson.render.polyline.Polyline`) are
stroked with ``line_to``, about three times faster than cairo's curves.
"""

from __future__ import annotations

import numpy as np
from manim import VMobject
from manim.camera.camera import Camera

from gdlesson.render.polyline import Polyline

__all__ = ["LessonCamera"]

PATHS_KEPT = 8192
"""Paths the camera remembers; the oldest is forgotten first (a glyph's is a few kilobytes)."""


class LessonCamera(Camera):
    """The cairo camera, with paths replayed while a leaf's points are unchanged, and lines for polylines."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._paths: dict[tuple, object] = {}

    def set_cairo_context_path(self, ctx, vmobject: VMobject):
        points = vmobject.points
        if isinstance(vmobject, Polyline):
            return self._set_polyline_path(ctx, vmobject)
        if len(points) == 0:
            return super().set_cairo_context_path(ctx, vmobject)
        # Everything the path depends on: the points, when two anchors count as one, the user space.
        key = (points.tobytes(), points.shape, vmobject.tolerance_for_point_equality, tuple(ctx.get_matrix()))
        path = self._paths.get(key)
        if path is None:
            super().set_cairo_context_path(ctx, vmobject)
        # Kept and replayed in device space, cairo's own fixed-point numbers: exactly the same path.
        user_space = ctx.get_matrix()
        ctx.identity_matrix()
        if path is None:
            self._paths[key] = ctx.copy_path()
            if len(self._paths) > PATHS_KEPT:
                del self._paths[next(iter(self._paths))]
        else:
            ctx.new_path()
            ctx.append_path(path)
        ctx.set_matrix(user_space)
        return self

    def _set_polyline_path(self, ctx, vmobject: Polyline):
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        ctx.new_path()
        if len(points) < 4:
            return self
        starts, ends = points[0::4, :2], points[3::4, :2]
        # A new subpath begins wherever a segment does not start at the previous one's end.
        breaks = np.flatnonzero(np.any(starts[1:] != ends[:-1], axis=1)) + 1
        line_to = ctx.line_to
        for first, last in zip(np.concatenate([[0], breaks]), np.concatenate([breaks, [len(starts)]]), strict=True):
            ctx.move_to(*starts[first])
            for x, y in ends[first:last].tolist():
                line_to(x, y)
        return self
