"""Small verbs every story part uses: say a caption, show a heading, play the descent, clear the stage."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from manim import UP, Animation, ValueTracker, config

from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.fit_panel import FitPanel
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.theme import Z_LIVE, SansText
from gdlesson.render.animations import Vanish
from gdlesson.render.pacing import step_times
from gdlesson.render.polyline import Polyline
from gdlesson.story.playback import play_descent
from gdlesson.story.scene import LessonScene

__all__ = ["say", "heading", "descend", "clear_stage", "free_line", "live_number"]


def say(
    scene: LessonScene,
    text: str,
    *animations: Animation,
    run_time: float = 1.0,
    hold: float | None = None,
    spoken: str | None = None,
):
    """Show caption ``text`` while playing ``animations``, then hold still until it has been read.

    ``spoken`` is what the voice says for it (see :meth:`CaptionBar.say`), composed from the same numbers.
    ``hold`` overrides the pause after the animations (seconds; 0 for none):
    the caption bar still lets the caption be read before the next one.
    """
    scene.play(*animations, *scene.captions.say(text, spoken=spoken), run_time=run_time)
    rest = max(scene.captions.time_left(), 0.5) if hold is None else hold
    if rest > 0:
        scene.pause(rest)


def heading(scene: LessonScene, text: str, *, font_size: float = 30) -> SansText:
    """A title at the top of the frame, in the theme's text colour (not yet added)."""
    title = SansText(text, font_size=font_size, color=scene.theme.text)
    title.scale_to_fit_width(min(title.width, config.frame_width - 1.0))
    return title.to_edge(UP, buff=0.3)


def descend(
    scene: LessonScene,
    tracker: ValueTracker,
    paths: Iterable[DescentPath] = (),
    *,
    cues: Mapping[float, str] | None = None,
    pacing: float | None = None,
) -> None:
    """Play the lesson's run from step 0 to the end on ``tracker``, in the lesson's pacing.

    ``cues`` maps a step of the run to a caption shown when the descent gets
    there; the descent slows down where a caption needs more time.
    """
    run = scene.lesson.trajectory
    times = step_times(run.steps, pacing or scene.lesson.settings.pacing)
    play_descent(scene, tracker, times, list(paths), captions=scene.captions, cues=cues)


def clear_stage(scene: LessonScene) -> None:
    """Fade out everything on screen except the caption."""
    kept = {id(scene.captions.current)} if scene.captions.current else set()
    leaving = [mob for mob in scene.mobjects if id(mob) not in kept and mob.family_members_with_points()]
    for mob in leaving:
        mob.clear_updaters()  # live parts would otherwise reset their opacity while fading
    if leaving:
        scene.clears.append(scene.time)
        scene.play(*(Vanish(mob) for mob in leaving), run_time=0.8)
    scene.remove(*[mob for mob in scene.mobjects if id(mob) not in kept])


def free_line(panel: FitPanel, params: Callable[[], tuple[float, float]], *, color: str) -> Polyline:
    """The line y = W x + b of ``params()`` on a data panel, redrawn every frame (not yet added)."""
    line = Polyline(stroke_color=color, stroke_width=4).set_z_index(Z_LIVE)
    line.add_updater(lambda mob: mob.set_points(panel.line_points(*params())))
    return line.update()


def live_number(value: Callable[[], float], *, font_size: float, color: str, digits: int = 3) -> GlyphNumber:
    """A number showing ``value()``, updated every frame (not yet added).

    Written by :func:`gdlesson.text.number`: ``digits`` significant digits, a power of ten beyond everyday
    sizes, never wider than its slot of :data:`gdlesson.text.WIDEST` characters, whatever the float.
    """
    number = GlyphNumber(value(), digits=digits, font_size=font_size, color=color)
    number.add_updater(lambda mob: mob.set_value(value()))
    return number.set_z_index(Z_LIVE)
