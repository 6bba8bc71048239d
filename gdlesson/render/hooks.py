"""What gdlesson.render relies on inside manim, checked: a changed manim fails loudly, not as wrong timing.

Each :class:`Hook` names the behaviour relied on, where we rely on it and a
check against manim's own code. :func:`require_hooks` runs every check once
per process (RenderScene calls it) and raises one error naming what changed.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import manim
from manim import Animation, Mobject, Scene, SVGMobject, Text, config
from manim.camera.camera import Camera
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene import scene_file_writer as sfw
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder
from manim.utils import tex_file_writing

__all__ = ["HOOKS", "Hook", "ManimChanged", "broken_hooks", "require_hooks"]


class ManimChanged(RuntimeError):
    """The installed manim no longer does what gdlesson.render relies on."""


@dataclass(frozen=True)
class Hook:
    """One thing manim must keep doing: what, where we use it, and a check of manim's code."""

    name: str
    used_by: str
    check: Callable[[], bool]


def _source(function) -> str:
    return inspect.getsource(function)


HOOKS = (
    Hook(
        "CairoRenderer.play resets skip_animations from _original_skipping_status at every play",
        "RenderScene.play (a shard skips the plays another process draws)",
        lambda: "self.skip_animations = self._original_skipping_status" in _source(CairoRenderer.play),
    ),
    Hook(
        "a skipped play advances renderer.time by scene.duration",
        "RenderScene.play (rewrites renderer.time to the frames a drawn play would add)",
        lambda: "self.time += scene.duration" in _source(CairoRenderer.play),
    ),
    Hook(
        "uncached partial movies are named uncached_<play index, 5 digits>",
        "parallel.render_sharded and parallel._join (pieces joined by index)",
        lambda: 'f"uncached_{self.num_plays:05}"' in _source(CairoRenderer.play),
    ),
    Hook(
        "partial movies live in {video_dir}/partial_movie_files/{scene_name}",
        "parallel._join and the command's publishing (which skips them)",
        lambda: config.partial_movie_dir == "{video_dir}/partial_movie_files/{scene_name}",
    ),
    Hook(
        "CairoRenderer.play calls self.save_static_frame_data(scene, scene.static_mobjects) once per play",
        "RenderScene._save_static_frame (replaces it on the renderer to reuse the last static frame)",
        lambda: (
            "self.save_static_frame_data(scene, scene.static_mobjects)" in _source(CairoRenderer.play)
            and "self.static_image = self.get_frame()" in _source(CairoRenderer.save_static_frame_data)
        ),
    ),
    Hook(
        "Scene splits drawn mobjects with self.get_moving_and_static_mobjects(animations)",
        "RenderScene.get_moving_and_static_mobjects (leaf by leaf, lifting animated parts)",
        lambda: (
            "self.get_moving_and_static_mobjects(" in _source(Scene)
            and list(inspect.signature(Scene.get_moving_and_static_mobjects).parameters) == ["self", "animations"]
        ),
    ),
    Hook(
        "a play draws the frames at np.arange(0, run_time, 1 / frame_rate)",
        "RenderScene._time_after_drawing (a skipped play keeps the same clock)",
        lambda: "np.arange(0, run_time, step)" in _source(Scene.get_time_progression),
    ),
    Hook(
        "the renderer's clock adds num_frames / frame_rate at each add_frame",
        "RenderScene._time_after_drawing (the same additions, so shards agree to the last bit)",
        lambda: "self.time += num_frames * dt" in _source(CairoRenderer.add_frame),
    ),
    Hook(
        "Mobject.suspend_updating sets updating_suspended",
        "RenderScene.get_moving_and_static_mobjects (suspended parts are static)",
        lambda: Mobject().suspend_updating().updating_suspended is True,
    ),
    Hook(
        "Camera strokes and fills through self.set_cairo_context_path(ctx, vmobject)",
        "LessonCamera (replays unchanged paths, strokes Polyline segments as lines)",
        lambda: (
            "self.set_cairo_context_path(ctx, vmobject)" in _source(Camera)
            and list(inspect.signature(Camera.set_cairo_context_path).parameters) == ["self", "ctx", "vmobject"]
        ),
    ),
    Hook(
        "Animation applies rate_func inside interpolate_mobject (through get_sub_alpha)",
        "Appear/Vanish (override interpolate_mobject, so they apply rate_func themselves)",
        lambda: (
            "self.get_sub_alpha(" in _source(Animation.interpolate_mobject)
            and "self.rate_func(" in _source(Animation.get_sub_alpha)
        ),
    ),
    Hook(
        "play(**kwargs) sets every keyword (rate_func, run_time) as an attribute of each animation",
        "captions.CaptionBar (its fades read their own timing, so a caller's rate_func cannot overlap captions)",
        lambda: "setattr(animation, k, v)" in _source(Scene.compile_animations),
    ),
    Hook(
        "Scene.wait plays one Wait animation",
        "RenderScene.play (logs waits as the scene's still stretches, checked by the timeline tests)",
        lambda: "self.play(" in _source(Scene.wait) and "Wait(" in _source(Scene.wait),
    ),
    Hook(
        "Text caches its drawing as <text_dir>/<hash>.svg and reuses any file of that name",
        "caches.repair_caches (deletes a cut-short SVG there before a render)",
        lambda: (
            'file_name = dir_name / (hash_name + ".svg")' in _source(Text._text2svg)
            and "if file_name.exists():" in _source(Text._text2svg)
        ),
    ),
    Hook(
        "MathTex caches <tex_dir>/<hash>.tex -> .dvi -> .svg, each reused when its name exists",
        "caches.repair_caches (deletes a cut-short SVG or DVI there before a render)",
        lambda: (
            'svg_file = tex_file.with_suffix(".svg")' in _source(tex_file_writing.tex_to_svg_file)
            and "if not result.exists():" in _source(tex_file_writing.compile_tex)
            and 'result = dvi_file.with_suffix(".svg")' in _source(tex_file_writing.convert_to_svg)
        ),
    ),
    Hook(
        "SceneFileWriter makes each segment's encoder with _create_segment_encoder(target), and "
        "VideoSegmentEncoder.write_frame encodes from_ndarray(pixels) at _next_pts into _stream and _container",
        "encoder.LessonFileWriter and FrameOnceEncoder (the same frames, without a copy and once per still)",
        lambda: (
            "self._create_segment_encoder(file_path)" in _source(SceneFileWriter.open_partial_movie_stream)
            and list(inspect.signature(VideoSegmentEncoder.write_frame).parameters) == ["self", "pixels", "repeat"]
            and all(
                part in _source(VideoSegmentEncoder.write_frame)
                for part in (
                    "self._validate_frame(pixels, repeat)",
                    'av.VideoFrame.from_ndarray(pixels, format="rgba")',
                    "frame.pts = self._next_pts",
                    "self._stream.encode(frame)",
                    "self._container.mux(packet)",
                )
            )
            and "file_writer_class" in inspect.signature(CairoRenderer).parameters
        ),
    ),
    Hook(
        "SceneFileWriter.write_frame hands each frame to _current_encode_job.put(repeat, pixels), the job's "
        "encoder is job.encoder, and a failed job is sealed there",
        "encoder.LessonFileWriter.write_frame (converts the frame first, in the drawing thread)",
        lambda: (
            all(
                part in _source(SceneFileWriter.write_frame)
                for part in ("job = self._current_encode_job", "if job.failed:", "job.put(repeat, pixels)")
            )
            and "self.encoder = encoder" in _source(sfw._PartialMovieEncodeJob.__init__)
        ),
    ),
    Hook(
        "SVGMobject.generate_mobject parses the file wrapped by modify_xml_tree, adds get_mobjects_from's shapes "
        "and flips y; each path's shape is styled and made from path_string_config",
        "mobjects.glyphs.placed_glyphs and SansText.generate_mobject (glyphs made once, cloned into place)",
        lambda: (
            all(
                part in _source(SVGMobject.generate_mobject)
                for part in (
                    "self.modify_xml_tree(element_tree)",
                    "mobjects, mobject_dict = self.get_mobjects_from(svg)",
                    "self.add(*mobjects)",
                    "self.flip(RIGHT)",
                )
            )
            and "self.generate_mobject()" in _source(SVGMobject.init_svg_mobject)
            and "self.apply_style_to_mobject(mob, shape)" in _source(SVGMobject.get_mob_from_shape_element)
            and "VMobjectFromSVGPath(path, **self.path_string_config)" in _source(SVGMobject.path_to_mobject)
        ),
    ),
    Hook(
        "SceneFileWriter.movie_file_path is the final movie's path",
        "RenderScene.tear_down (writes <Scene>.chapters.json beside it)",
        lambda: isinstance(inspect.getattr_static(SceneFileWriter, "movie_file_path"), property),
    ),
)
"""Everything gdlesson.render relies on inside manim (see the package docstring)."""


def broken_hooks() -> list[Hook]:
    """The hooks whose check fails with the installed manim (an exception counts as a failure)."""
    broken = []
    for hook in HOOKS:
        try:
            ok = hook.check()
        except Exception:  # a renamed function or attribute is exactly what this looks for
            ok = False
        if not ok:
            broken.append(hook)
    return broken


@cache
def require_hooks() -> None:
    """Raise :class:`ManimChanged` naming every broken hook; checked once per process."""
    broken = broken_hooks()
    if broken:
        names = "; ".join(f"{hook.name} (used by {hook.used_by})" for hook in broken)
        raise ManimChanged(
            f"manim {manim.__version__} no longer does what gdlesson.render relies on: {names}; "
            "install the manim version pyproject.toml pins"
        )
