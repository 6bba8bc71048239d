"""How frames are made, fast and exactly as manim would make them: the one door to manim's internals.

Every private attribute of manim read or written, and every override of a
Camera, Renderer, Scene or Animation method, lives in this package.
:mod:`.hooks` checks each against manim's own code when a scene is built
(and ``tests/gdlesson/render/test_hooks.py`` in CI), so a manim that changed
fails loudly instead of rendering wrong timing. The hooks, and why:

- ``RenderScene.play`` sets ``renderer._original_skipping_status`` for one play:
  a parallel shard skips the plays other processes draw (public ``skip_animations``
  is reset from it at every play).
- ``RenderScene.play`` rewrites ``renderer.time`` after a skipped play: a skipped
  play adds its run time, a drawn one whole frames; shards must keep the same clock.
- ``RenderScene._time_after_drawing`` repeats the renderer's frame count
  (``np.arange(0, run_time, 1 / fps)``, and ``is_current_animation_frozen_frame``)
  and its clock's additions (``time += num_frames * dt`` per ``add_frame``): a clock
  one rounding apart moves every later tracker a little, and the pixels with it.
- ``renderer.save_static_frame_data`` is replaced by ``RenderScene._save_static_frame``
  (reads and writes ``renderer.static_image``, ``camera.set_frame_to_background``):
  the last static frame is reused when only new leaves were added (a settling path).
- ``RenderScene.get_moving_and_static_mobjects`` and ``play_internal`` are overridden
  (reads ``Mobject.updating_suspended``): static parts of live components are drawn
  once per animation, and animated parts are lifted above the rest for one play.
- ``RenderScene.tear_down`` reads ``renderer.file_writer.movie_file_path`` and
  ``output_spec.is_video``: the chapters JSON goes beside the movie.
- ``LessonCamera`` overrides ``Camera.set_cairo_context_path``: a leaf whose points did not
  change replays the cairo path it made before, and straight paths are stroked with
  ``line_to``, three times faster than Bezier curves.
- ``LessonFileWriter`` overrides ``SceneFileWriter._create_segment_encoder`` with
  ``FrameOnceEncoder``, whose ``write_frame`` repeats manim's (``_validate_frame``, ``_next_pts``,
  ``_stream``, ``_container``) but wraps the frame's own array and converts a still once;
  ``RenderScene`` builds its ``CairoRenderer`` with it.
- ``Appear``/``Vanish`` override ``Animation.begin`` (no starting copy) and
  ``interpolate_mobject`` (so they apply ``rate_func`` themselves, as manim does there).
- ``SansText.generate_mobject`` (in :mod:`gdlesson.mobjects`, beside the text it makes) overrides
  ``SVGMobject.generate_mobject``: :mod:`gdlesson.mobjects.glyphs` makes each distinct glyph once with
  manim's ``modify_xml_tree``, svgelements and ``get_mobjects_from``, then clones it into place.
- :mod:`.caches` relies on manim's cache layout: a Text drawing is
  ``<text_dir>/<hash>.svg``, a MathTex ``<tex_dir>/<hash>.tex`` -> ``.dvi`` -> ``.svg``,
  each reused whenever a file of that name exists; so a cut-short one left by a
  killed render is deleted before the next render (``RenderScene.setup`` and the command).
- :mod:`.parallel` relies on uncached partial movies being named
  ``uncached_<play index>.mp4`` in ``partial_movie_files/<Scene>/`` (with
  ``--disable_caching``) and on ``--config_file`` replacing ``manim.cfg``.

Modules: :mod:`.scene` (RenderScene), :mod:`.parallel` (shards, no manim import),
:mod:`.pacing` (descent timing, no manim), :mod:`.animations` (fades), :mod:`.polyline` (Polyline),
:mod:`.camera` (LessonCamera), :mod:`.encoder` (LessonFileWriter),
:mod:`.outputs` (names of files beside a movie), :mod:`.caches` (repair after a kill),
:mod:`.children` (child processes that die with the command; SIGTERM/SIGHUP), :mod:`.hooks`.
"""
