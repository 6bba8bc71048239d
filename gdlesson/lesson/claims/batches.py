"""What the mini-batch honesty scene may say about each batch: another best and another direction only when the
batch's own least-squares fit and its step really differ from the batch before."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from gdlesson.lesson.claims import SETTLED_SHARE, batches_average_to_all, keeps_wiggling, reached_step

__all__ = [
    "average_sentence",
    "APART",
    "TURN_DEGREES",
    "batch_name",
    "batch_sentences",
    "bests_apart",
    "budget_cues",
    "conclusion_sentence",
    "excess_after",
    "turns",
]

APART = 0.01
"""Two best fits are told apart when they lie farther apart than this share of the start's distance to the optimum."""
TURN_DEGREES = 5.0
"""A step goes "another direction" when it turns by more than this from the step before."""


def bests_apart(before, after, reach: float) -> bool:
    """Whether two batches' best fits (W, b) are visibly different points: farther apart than APART x ``reach``."""
    return math.hypot(after[0] - before[0], after[1] - before[1]) > APART * reach


def turns(before, after) -> bool:
    """Whether step ``after`` ((W, b) start, end) turns by more than TURN_DEGREES from step ``before``."""
    u = np.subtract(before[1], before[0])
    v = np.subtract(after[1], after[0])
    norms = float(np.hypot(*u) * np.hypot(*v))
    if norms == 0.0:
        return False
    cosine = float(np.clip(np.dot(u, v) / norms, -1.0, 1.0))
    return math.degrees(math.acos(cosine)) > TURN_DEGREES


def batch_sentences(steps: Sequence, index: int, *, reach: float, batch: str, ring: str) -> tuple[str, str]:
    """What to say before and during the step of batch ``index`` (a :class:`~gdlesson.lesson.experiments.BatchStep`
    each): the first batch's own bowl and best, the ``ring`` (colour word) of the full-data step, then for later
    batches another best and another direction only when :func:`bests_apart` and :func:`turns` say so."""
    step = steps[index]
    if step.bowl.is_degenerate:
        return (
            f"Batch {index + 1}'s points share one x: its own best is a whole line of (W, b).",
            "The step goes downhill on the batch's bowl, not the data's.",
        )
    if index == 0:
        return (
            f"Batch 1 lights up; its own rings ({batch}) centre on its own best, \u00d7.",
            "The step goes downhill on the batch's bowl, not the data's.",
        )
    previous = steps[index - 1]
    moved = bests_apart(previous.bowl.optimum, step.bowl.optimum, reach) and not previous.bowl.is_degenerate
    turned = turns((previous.start, previous.end), (step.start, step.end))
    best = "another bowl, another best" if moved else "another bowl, with the same best as the last"
    if index == 1:
        direction = "another direction" if turned else "about the same direction"
        return f"The {ring} ring marks where a step on all the data would land.", f"Batch 2: downhill in {direction}."
    direction = "yet another direction" if turned else "about the same direction as before"
    return f"Batch {index + 1}: other points, {best}.", f"Downhill on this bowl: {direction}."


def conclusion_sentence(steps: Sequence, wiggles: bool, reach: float) -> str:
    """The last word on the run: the batches pull towards different bests (when at least two shown do), and the
    path wiggles (when :func:`~gdlesson.lesson.claims.wiggles` says it does)."""
    bests = [step.bowl.optimum for step in steps if not step.bowl.is_degenerate]
    differ = any(bests_apart(a, b, reach) for a, b in zip(bests, bests[1:], strict=False))
    pulls = "each step pulls towards a different best" if differ else "each step follows its own batch's bowl"
    return f"Batch after batch, {pulls}" + (": the path wiggles." if wiggles else ".")


# -- batch sizes on an equal budget of examples --------------------------------------------------------------


def average_sentence(run) -> str:
    """The last word on the batches: their average is the data's only when the batches are equal and count every
    point once a pass (:func:`batches_average_to_all`)."""
    if batches_average_to_all(run):
        return "Over a pass the batch losses average exactly to the loss of all the data."
    return "Together the batches count every point once per pass."


def batch_name(batch_size: int, n: int) -> str:
    """ "1 (SGD)", "10" or "100 (full)"."""
    return f"{batch_size} (SGD)" if batch_size == 1 else f"{batch_size} (full)" if batch_size == n else str(batch_size)


def excess_after(run, examples: int, min_loss: float) -> float:
    """The run's full-data loss above the minimum after its last step within ``examples`` examples seen."""
    step = int(np.searchsorted(run.examples_seen, examples, side="right")) - 1
    return float(run.loss[max(step, 0)]) - min_loss


def budget_cues(runs: Sequence, bowl) -> dict[int, str]:
    """Captions on the examples-seen clock of ``runs`` (SGD first, the full batch last) on ``bowl``, each when its
    event happens and worded so it stays true while later steps play: SGD's first step; the full batch's first,
    after a whole pass, with who was furthest down by then; SGD near the bottom, if it keeps wiggling there."""
    sgd, full = runs[0], runs[-1]
    n = full.n
    cues = {1: "SGD steps after every single example: each step follows one point."}
    first_full = int(full.examples_seen[1])
    ahead = min(runs, key=lambda run: excess_after(run, first_full, bowl.min_loss))
    name = "SGD was" if ahead.batch_size == 1 else "the full batch was" if ahead is full else "the mini-batches were"
    cues[first_full] = f"The full batch steps only after all {n} examples; by then {name} furthest down."
    near = reached_step(sgd, bowl, SETTLED_SHARE)
    if near is not None and keeps_wiggling(sgd, near) and sgd.examples_seen[near] > first_full:
        cues[int(sgd.examples_seen[near])] = "Near the bottom SGD never settles: it keeps wiggling around the minimum."
    return cues
