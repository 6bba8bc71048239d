"""What is said while the recorded descent walks downhill on the map: its first words, its cues and its ending."""

from __future__ import annotations

from gdcore import Bowl, Dataset, Trajectory, Window
from gdlesson.lesson.claims import closeness, descent_cues, is_minibatch, outcome_sentence, reached_minimum, rises
from gdlesson.lesson.claims.advice import advise

__all__ = ["walk_intro", "walk_cues", "walk_ending"]


def walk_intro(run: Trajectory) -> str:
    """The words the walk starts with: what one step uses."""
    uses = "a mini-batch" if is_minibatch(run) else "all the data"
    return f"Each step computes the gradient on {uses} and moves downhill."


def walk_cues(run: Trajectory, bowl: Bowl, data: Dataset, window: Window) -> dict[int, str]:
    """The descent's own cues (:func:`descent_cues`), after a first one on the direction of a step."""
    cues = descent_cues(run, bowl, data, window)
    if not rises(run) and min(cues, default=2) > 1:
        cues[1] = "Each step goes roughly across the rings: the steepest way down."
    return cues


def walk_ending(run: Trajectory, bowl: Bowl, data: Dataset) -> str:
    """Where the walk ended, in words chosen from the run."""
    if rises(run):
        return "It flies off the map: every step overshoots further than the last."
    if not reached_minimum(run, bowl):  # how far, why and what to try
        return outcome_sentence(run, bowl, data)
    where = closeness(run, bowl)
    if where == "still on its way to":
        advice = advise(run, bowl, data)
        return "It is still on its way to the centre" + (f": {advice.words}" if advice else ".")
    return f"It ends {where} the centre: the best line, found one step at a time."
