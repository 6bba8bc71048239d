"""RenderScene: chapters, and faster rendering that draws exactly what manim would (see the package docstring)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable

import numpy as np
from manim import Animation, Mobject, Scene, Wait, config
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer
from manim.utils.family import extract_mobject_family_members
from manim.utils.iterables import list_update

from gdlesson.lesson.handoff import shard_from_environment
from gdlesson.render.caches import repair_caches
from gdlesson.render.camera import LessonCamera
from gdlesson.render.encoder import LessonFileWriter
from gdlesson.render.hooks import require_hooks
from gdlesson.render.outputs import chapters_path

__all__ = ["RenderScene"]

LIFT = 100
"""Added to the layer of what an animation animates, for its length (see get_moving_and_static_mobjects)."""


class RenderScene(Scene):
    """A Scene that records its chapters, draws static things once and can render as one shard of several.

    Every ``next_section`` is a chapter: its name and start time go to
    ``<Scene>.chapters.json`` beside the movie, with the total duration, in
    video time (frames rendered, not requested run times). ``stills`` lists
    the (start, end) video times of every wait, so tests can measure how long
    the picture stands still.
    """

    incremental_static = True
    """Keep the last static frame when only new leaves were added (tests compare with False)."""

    def __init__(self, camera_class=LessonCamera, renderer=None, skip_animations: bool = False, **kwargs) -> None:
        require_hooks()  # a manim that changed what this class relies on stops here, loudly
        if renderer is None and config.renderer == RendererType.CAIRO:
            renderer = CairoRenderer(
                file_writer_class=LessonFileWriter, camera_class=camera_class, skip_animations=skip_animations
            )
        super().__init__(renderer=renderer, camera_class=camera_class, skip_animations=skip_animations, **kwargs)

    def setup(self) -> None:
        # Plain `manim` runs too: a cache entry a killed render left cut short would break this one.
        repair_caches([config.get_dir("tex_dir"), config.get_dir("text_dir")])
        self.chapters: list[tuple[str, float]] = []
        self.stills: list[tuple[float, float]] = []
        self._lifted: list[tuple[Mobject, float]] = []
        self._shard = shard_from_environment()
        self._static: tuple[list[int], np.ndarray] | None = None
        self._playing = False
        self.renderer.save_static_frame_data = self._save_static_frame
        self._draw_frame = self.renderer.update_frame
        self.renderer.update_frame = self._update_frame

    def next_section(self, name: str = "unnamed", *args, **kwargs) -> None:
        super().next_section(name, *args, **kwargs)
        self.chapters.append((name, self.time))

    def movie_path(self) -> str | None:
        """The movie this render writes, or None when it writes none (a still, a dry run)."""
        writer = self.renderer.file_writer
        return writer.movie_file_path if writer.output_spec.is_video and not config.dry_run else None

    def tear_down(self) -> None:
        movie = self.movie_path()
        if movie is not None:
            record = {
                "scene": type(self).__name__,
                "duration": self.time,
                "frame_rate": config.frame_rate,
                "sections": [{"name": name, "start": start} for name, start in self.chapters],
            }
            path = chapters_path(movie)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(record, handle, indent=2)

    def freeze(self) -> None:
        """Stop every updater on screen: what they show is final, so from now on it is drawn once
        per animation instead of every frame (see :meth:`get_moving_and_static_mobjects`)."""
        for mobject in self.mobjects:
            mobject.suspend_updating()

    # Rendering --------------------------------------------------------------

    def play(self, *args, **kwargs) -> None:
        """Play, or in a parallel render skip what another process draws, keeping video time exact."""
        renderer = self.renderer
        start, index = renderer.time, renderer.num_plays
        skip_this = self._shard is not None and index % self._shard[1] != self._shard[0]
        usual = renderer._original_skipping_status
        renderer._original_skipping_status = usual or skip_this
        self._playing = True
        try:
            super().play(*args, **kwargs)
        finally:
            renderer._original_skipping_status = usual
            self._playing = False
        if renderer.skip_animations:
            # A skipped play advances time by its run time; a drawn one by whole frames.
            renderer.time = self._time_after_drawing(start)
        if args and all(isinstance(animation, Wait) for animation in args):
            self.stills.append((start, renderer.time))

    def _time_after_drawing(self, start: float) -> float:
        """The renderer's clock after drawing the last play from ``start``, to the last bit: it adds
        one frame's time per frame drawn (a still, all its frames at once), and so does this."""
        step = 1 / self.camera.frame_rate
        if self.is_current_animation_frozen_frame():
            return start + int(self.duration / step) * step
        time = start
        for _ in np.arange(0, self.duration, 1 / config.frame_rate):
            time += step
        return time

    def _update_frame(self, *args, **kwargs) -> None:
        """The renderer's ``update_frame``, except during a skipped play: manim draws a skipped play's frame (once for
        an animation, once for a wait) and then writes none of it, so a shard drew half the video's plays for nothing.
        Every drawn play starts again from a clean or saved background, so nothing later depends on those pixels."""
        if self._playing and self.renderer.skip_animations:
            return
        self._draw_frame(*args, **kwargs)

    def get_moving_and_static_mobjects(self, animations: Iterable[Animation]) -> tuple[list[Mobject], list[Mobject]]:
        """Split the drawn mobjects into a static prefix and a moving rest, leaf by leaf (nothing to split in a
        skipped play: it draws nothing).

        Manim treats a whole group as moving when any member has an updater,
        so the static parts of a live component (its frame, its labels) would
        be redrawn every frame. Here only leaves that can change count: those
        in an animation, those with a running (not suspended) updater on
        themselves or an ancestor, and foreground ones. Drawing order is kept:
        everything from the first moving leaf on (in z order) is redrawn each
        frame. For the length of one animation, what it animates is lifted
        above everything else (keeping its own order), so a fading caption
        does not drag the map and the paths under it into the per-frame redraw.
        """
        self._lower()
        if self.renderer.skip_animations:
            return [], []
        lifted = {id(member): member for animation in animations for member in _animated_family(animation)}
        for member in lifted.values():
            self._lifted.append((member, member.z_index))
            member.z_index += LIFT
        leaves = extract_mobject_family_members(
            list_update(self.mobjects, self.foreground_mobjects),
            use_z_index=self.renderer.camera.use_z_index,
            only_those_with_points=True,
        )
        changing = set(lifted)
        for top in [*self.mobjects, *self.foreground_mobjects]:
            for member in top.get_family():
                if (member.updaters and not member.updating_suspended) or member in self.foreground_mobjects:
                    changing.update(id(m) for m in member.get_family())
        first = next((i for i, leaf in enumerate(leaves) if id(leaf) in changing), len(leaves))
        return leaves[first:], leaves[:first]

    def _save_static_frame(self, scene: Scene, static_mobjects: list[Mobject]) -> np.ndarray | None:
        """The renderer's static frame, redrawn only from the first leaf that changed.

        When the static leaves of this animation begin with exactly the leaves
        (same points, colours, widths, layer) of the last static frame, that
        frame is kept and only the new leaves are drawn on it: a settling
        descent path adds a piece per animation instead of redrawing the map,
        the texts and the whole path. A skipped animation draws no frames and
        needs none.
        """
        renderer = self.renderer
        renderer.static_image = None
        if not static_mobjects or renderer.skip_animations:
            return None
        prints = [_fingerprint(leaf) for leaf in static_mobjects]
        prints.insert(0, hash((str(self.camera.background_color), self.camera.pixel_array.shape)))
        previous = self._static if self.incremental_static else None
        if previous is not None and prints[: len(previous[0])] == previous[0]:
            kept = len(previous[0]) - 1
            renderer.camera.set_frame_to_background(previous[1])
            if static_mobjects[kept:]:
                renderer.camera.capture_mobjects(static_mobjects[kept:])
        else:
            renderer.update_frame(scene, mobjects=static_mobjects)
        renderer.static_image = renderer.get_frame()
        self._static = (prints, renderer.static_image)
        return renderer.static_image

    def play_internal(self, skip_rendering: bool = False) -> None:
        super().play_internal(skip_rendering)
        self._lower()

    def _lower(self) -> None:
        """Put lifted mobjects back on their own layer."""
        for member, z_index in reversed(self._lifted):
            member.z_index = z_index
        self._lifted.clear()


def _fingerprint(leaf: Mobject) -> int:
    """A hash of everything about a leaf that decides its pixels."""
    colours = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas", "pixel_array")
    arrays = [leaf.points] + [getattr(leaf, name, None) for name in colours]
    widths = (getattr(leaf, "stroke_width", None), getattr(leaf, "background_stroke_width", None))
    data = tuple(array.tobytes() for array in arrays if isinstance(array, np.ndarray))
    return hash((id(leaf), type(leaf), leaf.z_index, widths, data))


def _animated_family(animation: Animation) -> list[Mobject]:
    members = list(animation.mobject.get_family())
    for inner in getattr(animation, "animations", ()):
        members += _animated_family(inner)
    return members
