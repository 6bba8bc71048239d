"""What the 3-D bowl says about the run (no manim): its captions, each chosen by a predicate on the run.

The bowl's heights are the full-data MSE, so what the path does on it is what its loss does:
:func:`walk_sentence` says it climbs (or flies off the part shown) when the loss ends above its start
(:func:`rises`), that it reaches the
bottom when :func:`reached_minimum` holds, and otherwise that it goes down without getting there.
"""

from __future__ import annotations

from gdcore import Bowl, Trajectory
from gdlesson.lesson.claims import reached_minimum, rises

__all__ = ["CLIMBS", "SURFACE_SENTENCES", "walk_sentence"]

SURFACE_SENTENCES = (
    "Give every line (W, b) a height: its MSE.",
    "The errors of all the lines form a bowl.",
    "Each ring is one height: every line on it has the same MSE.",
    "Now the camera turns to look straight down.",
    "From above, each ring of equal height is a ring of the map.",
    "A ring is a level set: all the lines with one MSE.",
)
"""What the bowl shows whatever the run: the bowl, its rings as heights, the turn, and the map it becomes."""


def walk_sentence(run: Trajectory, bowl: Bowl, *, leaves: bool = False) -> str:
    """What the path does on the bowl: flies off it (it rises and ``leaves`` the part shown), climbs its wall,
    reaches the bottom, or goes down short of it."""
    if rises(run):
        return "The path flies off the bowl: every step overshoots further." if leaves else CLIMBS
    if reached_minimum(run, bowl):
        return "Gradient descent walks down the bowl to its bottom."
    return "Gradient descent walks down the bowl, short of the bottom."


CLIMBS = "The path climbs the bowl's wall: its MSE grows."
