"""The second half of the lesson as story parts: the topographic map ring by ring, the path downhill,
a preview of the experiments and the summary."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    LaggedStart,
    SurroundingRectangle,
    ValueTracker,
    VGroup,
    VMobject,
    config,
)

from gdcore import Bowl, Trajectory, Window, contour_levels, view_window
from gdlesson.lesson.claims import (
    PREVIEW_PHRASES,
    best_fit_sentence,
    preview_motion,
    scaling_sentences,
)
from gdlesson.lesson.run import LessonRun
from gdlesson.lesson.settings import PRESETS
from gdlesson.mobjects.contour_map import ContourMap, LossLegend
from gdlesson.mobjects.descent_path import DescentPath
from gdlesson.mobjects.glyph_number import GlyphNumber
from gdlesson.mobjects.theme import Z_LIVE, Z_TOP, SansText, Theme
from gdlesson.render.animations import Appear, Vanish
from gdlesson.story.map_stage import MapStage, walk_downhill
from gdlesson.story.playback import play_descent
from gdlesson.story.scene import LessonScene
from gdlesson.story.verbs import free_line, heading, live_number, say
from gdlesson.text import point
from gdlesson.voice.spoken import about, scaling_words, symbol_words

__all__ = [
    "the_map",
    "experiments",
    "summary",
    "EXPERIMENTS",
    "Experiment",
    "RingProbe",
    "WalkableArc",
    "walkable_arc",
]

MAP_SIZE_SMALL = (4.0, 1.75)
EXPERIMENT_ZOOM_OUT = 1.3
"""The experiment maps show the lesson's own view, this much wider: big overshoots leave the map."""


class Experiment(NamedTuple):
    """One of the seed's experiments: a preset of ``gdlesson.lesson.settings.PRESETS``, what it changes in a
    title and in a caption; what the path then does is judged from the run (:meth:`words`)."""

    preset: str
    setting: str
    spoken: str

    def words(self, run: Trajectory, bowl: Bowl) -> tuple[str, str]:
        """The map's title and the caption, e.g. "full batch: smooth", for the preset's ``run`` on ``bowl``."""
        motion = preview_motion(run, bowl)
        return f"{self.setting}: {motion}", f"{self.spoken}: {PREVIEW_PHRASES[motion]}"


EXPERIMENTS = (
    Experiment("sgd", "batch size 1 (SGD)", "SGD takes one point per step"),
    Experiment("full-batch", "full batch", "The full batch uses all the data"),
    Experiment("high-lr", "large learning rate", "A large learning rate"),
    Experiment("low-lr", "small learning rate", "A small learning rate"),
)
"""The seed's four experiments, in the order the preview shows them."""


class WalkableArc(NamedTuple):
    """A piece of the ring {MSE = level}: points (W, b) of shape (m, 2), and its length in window units."""

    level: float
    points: np.ndarray
    length: float


def walkable_arc(bowl: Bowl, levels: np.ndarray, window: Window, start: tuple[float, float]) -> WalkableArc | None:
    """The longest piece of a ring inside ``window`` among the ``levels`` below the start's loss.

    Length is measured in window units (each axis scaled to 1), so it is the
    walk that looks longest on the map. The arc's points run from the end
    nearest ``start``. None when no such ring shows.
    """
    best: WalkableArc | None = None
    scale = np.array([window.w_max - window.w_min, window.b_max - window.b_min])
    for level in levels[levels < bowl.loss(*start)]:
        for points in bowl.level_set(level).arcs_in(window, count=256):
            length = float(np.sum(np.hypot(*(np.diff(points, axis=0) / scale).T)))
            if best is None or length > best.length:
                best = WalkableArc(float(level), points, length)
    if best is None:
        return None
    ends = np.hypot(*((best.points[[0, -1]] - np.asarray(start)) / scale).T)
    return best if ends[0] <= ends[1] else WalkableArc(best.level, best.points[::-1], best.length)


class RingProbe:
    """A point of (W, b) that walks from the start onto a ring, then along it.

    :meth:`at` maps a fraction of the walk (0 at the start, ``approach`` at
    the arc's first point, 1 at its last) to (W, b); the walk along the arc
    is even in (W, b) distance. With no arc it stays at the start.
    """

    def __init__(self, start: tuple[float, float], arc: WalkableArc | None, *, approach: float = 0.15) -> None:
        self.start, self.arc, self.approach = np.asarray(start, dtype=float), arc, approach
        if arc is not None:
            steps = np.hypot(*np.diff(arc.points, axis=0).T)
            self.distance = np.concatenate([[0.0], np.cumsum(steps)]) / max(steps.sum(), 1e-300)

    def at(self, fraction: float) -> tuple[float, float]:
        """(W, b) at ``fraction`` of the walk."""
        if self.arc is None:
            return float(self.start[0]), float(self.start[1])
        points = self.arc.points
        if fraction < self.approach:
            w, b = self.start + (fraction / self.approach) * (points[0] - self.start)
        else:
            along = min((fraction - self.approach) / (1.0 - self.approach), 1.0)
            w, b = (np.interp(along, self.distance, points[:, k]) for k in (0, 1))
        return float(w), float(b)


def the_map(scene: LessonScene) -> None:
    """The loss surface as a topographic map, ring by ring, then the descent walking downhill on it."""
    scene.next_section("The topographic map, ring by ring")
    lesson, theme = scene.lesson, scene.theme
    bowl, run = lesson.bowl, lesson.trajectory
    stage = MapStage(scene, ValueTracker(0.0))
    contour, panel = stage.map, stage.panel
    walk = ValueTracker(0.0)
    arc = walkable_arc(bowl, contour.levels, contour.window, run.init)
    probe = RingProbe(run.init, arc)
    line = free_line(panel, lambda: probe.at(walk.get_value()), color=theme.path)
    walker = contour.start[0].copy().set_z_index(Z_TOP)
    walker.add_updater(lambda mob: mob.move_to(contour.to_screen(*probe.at(walk.get_value()))))
    mse = live_number(lambda: float(bowl.loss(*probe.at(walk.get_value()))), font_size=30, color=theme.text)
    label = SansText("MSE of this line", font_size=24, color=theme.muted)
    mse_row = VGroup(label, mse).arrange(RIGHT, buff=0.3)
    mse_row.next_to(panel.frame.x_label, DOWN, buff=0.5).align_to(panel.frame.box, LEFT)
    walked = np.geomspace(max(arc.level if arc else run.loss[0], 1e-300), max(run.loss[0], 1e-300), 16)
    widest = max(GlyphNumber(value, digits=3, font_size=30).width for value in walked)
    if mse.get_left()[0] + widest > config.frame_width / 2 - 0.1:  # a long number goes under its label
        mse.next_to(label, DOWN, buff=0.15, aligned_edge=LEFT)
    mse_row.set_z_index(Z_LIVE, family=False)
    legend = LossLegend(theme, font_size=18).next_to(mse_row, DOWN, buff=0.45).align_to(mse_row, LEFT)
    first = _ring_of(contour, arc)
    frame = contour.frame
    say(
        scene,
        "Now the star of the show: a map of every possible line.",
        FadeIn(contour.backdrop),
        *frame.reveal(),
        run_time=1.5,
    )
    if lesson.scaled:  # said once, with the numbers: every (W, b) on this map is on x'
        sentences = scaling_sentences(lesson.scaling, lesson.x_name)
        said = scaling_words(lesson.scaling.shift, lesson.scaling.scale, lesson.x_name)
        for sentence, spoken in zip(sentences, said, strict=True):
            say(scene, sentence, spoken=spoken)
    w_said, b_said = map(symbol_words, lesson.parameter_names)
    say(
        scene,
        f"Each point is one choice of ({', '.join(lesson.parameter_names)}). This one is our first guess, "
        f"{point(*run.init)}.",
        FadeIn(contour.start, scale=1.5),
        Appear(panel.frame),
        Appear(panel.dots),
        Create(line),
        Appear(mse_row),
        spoken=f"Each point is one choice of {w_said} and {b_said}. This one is our first guess: {w_said} "
        f"{about(run.init[0], 2)}, {b_said} {about(run.init[1], 2)}.",
        run_time=1.5,
    )
    say(scene, "A ring joins all the lines that have the same error, the same MSE.", Create(first), run_time=1.5)
    if arc is not None:
        scene.add(walker)
        say(
            scene,
            "Walk along the ring: the line changes, but its MSE stays the same.",
            walk.animate.set_value(1.0),
            run_time=7.0,
            hold=0.3,
        )
        say(
            scene,
            "Like the contour lines of a hiking map, with error in place of height.",
            walk.animate.set_value(0.0),
            run_time=2.5,
        )
    others = [ring for ring in contour.rings if ring is not first]
    scene.play(
        LaggedStart(*(Create(ring) for ring in others), lag_ratio=0.4),
        Appear(contour.stretch_note),  # unequal scales are said where the rings' shape is seen
        *scene.captions.say("Ring by ring we go down: every inner ring has a lower error than the one around it."),
        run_time=5.0,
    )
    say(scene, "Outer rings: higher error. Inner rings: lower error.", Appear(contour.ring_labels), Appear(legend))
    say(
        scene,
        best_fit_sentence(bowl, contour.window),
        FadeIn(contour.optimum, scale=1.5),
        Create(panel.best_line),
        run_time=1.5,
    )
    scene.next_section("Walking downhill on the map")
    scene.remove(walker, line)
    scene.add(panel.line)
    walk_downhill(scene, stage, Vanish(VGroup(mse_row, legend)))


def _ring_of(contour: ContourMap, arc: WalkableArc | None) -> VMobject:
    """The drawn ring of ``arc``'s level, or the middle ring when there is no arc to walk."""
    if arc is None:
        return contour.rings[len(contour.rings) // 2]
    return min(contour.rings, key=lambda ring: abs(ring.level - arc.level))


def experiments(scene: LessonScene) -> None:
    """A preview of the seed's experiments: four small maps, each playing its whole run in the same time."""
    scene.next_section("Experiments to try")
    lesson, theme = scene.lesson, scene.theme
    variants = [lesson.replace(**PRESETS[experiment.preset].overrides) for experiment in EXPERIMENTS]
    bowl = lesson.bowl
    own = view_window(bowl, lesson.trajectory, aspect=MAP_SIZE_SMALL[0] / MAP_SIZE_SMALL[1])
    window = own.zoom(((own.w_min + own.w_max) / 2, (own.b_min + own.b_max) / 2), 1 / EXPERIMENT_ZOOM_OUT)
    levels = contour_levels(bowl, window, 8)
    title = heading(scene, "Experiments to try")
    progress = ValueTracker(0.0).set_z_index(Z_LIVE)  # percent of every run, so all finish together
    cells = VGroup(
        *(
            _experiment_cell(experiment, variant, window, levels, theme, progress)
            for experiment, variant in zip(EXPERIMENTS, variants, strict=True)
        )
    )
    cells.arrange_in_grid(rows=2, cols=2, buff=(1.0, 0.25)).next_to(title, DOWN, buff=0.2).set_x(0)
    say(
        scene,
        "Now try it yourself: change one setting and watch the path change.",
        Appear(title),
        *(Appear(cell) for cell in cells),
        run_time=1.5,
    )
    play_descent(
        scene,
        progress,
        np.linspace(0.0, 8.0, 101),
        [cell.path for cell in cells],
        captions=scene.captions,
        cues={0: "Each map plays its whole run in the same time."},
    )
    highlight = SurroundingRectangle(cells[0].map.frame.box, color=theme.batch, buff=0.06)
    say(scene, cells[0].spoken, Create(highlight))
    for cell in cells[1:]:
        target = SurroundingRectangle(cell.map.frame.box, color=theme.batch, buff=0.06)
        say(scene, cell.spoken, highlight.animate.become(target))


def _experiment_cell(
    experiment: Experiment, variant: LessonRun, window: Window, levels: np.ndarray, theme: Theme, progress: ValueTracker
) -> VGroup:
    """A small map with the variant's path, drawn up to ``progress`` percent of its run (``map``, ``path``,
    and the caption about it, ``spoken``)."""
    run = variant.trajectory
    title, spoken = experiment.words(run, variant.bowl)
    cell = VGroup()
    cell.spoken = spoken
    cell.map = ContourMap(  # the star alone: four labels would crowd the small maps
        variant.bowl,
        window,
        levels,
        theme=theme,
        size=MAP_SIZE_SMALL,
        ring_label_count=0,
        marker_labels=False,
        font_size=18,
    )
    cell.path = DescentPath(
        run, cell.map, progress, theme=theme, width=2.5, dot_radius=0.06, clock=np.linspace(0.0, 100.0, run.steps + 1)
    )
    label = SansText(title, font_size=22, color=theme.text).next_to(cell.map.frame.box, UP, buff=0.12)
    cell.add(cell.map, cell.path, label.align_to(cell.map.frame.box, LEFT))
    return cell.set_z_index(Z_LIVE, family=False)


def summary(scene: LessonScene) -> None:
    """The lesson in four lines, one caption each."""
    scene.next_section("Summary")
    theme = scene.theme
    points = (
        ("A line y = W x + b; its error is the MSE.", "The model is a line, and the MSE measures how wrong it is."),
        ("One step: predict, gradients, update.", "Each step predicts, computes the gradients, and updates W and b."),
        ("Mini-batches: shuffle, split, step.", "Mini-batches: shuffle, split, and step on each batch, every epoch."),
        ("On the map: downhill across the rings.", "On the loss map, gradient descent walks downhill to the best fit."),
    )
    title = heading(scene, "Summary", font_size=40)
    lines = VGroup(*(SansText(text, font_size=32, color=theme.text) for text, _ in points))
    lines.arrange(DOWN, buff=0.5, aligned_edge=LEFT).next_to(title, DOWN, buff=0.7)
    scene.play(Appear(title), run_time=0.6)
    for line, (_, spoken) in zip(lines, points, strict=True):
        say(scene, spoken, Appear(line), run_time=0.8)
    say(scene, "If you can explain the map to someone else, you understand gradient descent.")
    scene.play(*scene.captions.clear(), run_time=0.6)
    scene.pause(1.0)
