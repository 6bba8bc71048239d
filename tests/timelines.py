"""Checks of a scene's timeline, shared by the scene tests: captions at a readable pace, one at a time, no long
still picture, and every claim the captions make checked against the run independently of gdlesson.lesson.claims."""

from __future__ import annotations

import re

import numpy as np
import pytest
from claim_checks import NUMBER, shown

from gdlesson.lesson.experiments import honesty_plan
from gdlesson.mobjects.captions import CEILING_CPS, MIN_SECONDS
from gdlesson.mobjects.theme import OKABE_ITO, get_theme

STILL_LIMIT = 6.0
"""Longest the picture may stand still without a caption change, seconds."""


def still_stretches(stills: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Consecutive waits joined into one stretch of still picture."""
    joined: list[list[float]] = []
    for start, end in stills:
        if joined and abs(joined[-1][1] - start) < 1e-6:
            joined[-1][1] = end
        else:
            joined.append([start, end])
    return [(start, end) for start, end in joined]


# -- the claims, checked independently of gdlesson.lesson.claims ------------------------------------------

_COLOUR_WORDS = ("white", "black", "grey", "orange", "green", "blue", "yellow", "pink", "purple", "red")


def theme_colour_words(theme) -> set[str]:
    """Every colour word that may truthfully describe a colour the theme draws with (judged by RGB here)."""
    words = set()
    for value in (theme.text, theme.muted, theme.path, theme.batch, theme.optimum, theme.accent, theme.start):
        red, green, blue = (int(value[i : i + 2], 16) for i in (1, 3, 5))
        if max(red, green, blue) - min(red, green, blue) < 30:
            words |= {"white"} if red > 200 else {"black"} if red < 40 else {"grey"}
            if 80 < red < 200:
                words.add("grey")
        named = {v.upper(): k for k, v in OKABE_ITO.items()}.get(value.upper(), "")
        words |= {w for w in ("orange", "green", "blue", "yellow", "red") if w in named.replace("vermillion", "red")}
        if named == "reddish_purple":
            words |= {"pink", "purple"}
    return words


def condition_number(lesson) -> float:
    """lambda_max / lambda_min of the Hessian of the descent's loss, from the descent data's moments."""
    x = lesson.descent_data.x
    values = np.linalg.eigvalsh(2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]]))
    return float(values[1] / values[0])


_NUMBER = rf"({NUMBER})"
_STATED_X = re.compile(rf"x\u2033 = \(?\S+ \u2212 {_NUMBER}\)?(?: / {_NUMBER})?: a bowl {_NUMBER}\u00d7 steeper")


def shown_condition_number(texts: list[str], lesson) -> float:
    """The condition number of the bowl a scene draws: the lesson's, or, when a caption says the experiment runs
    on x'' = (x - shift) / scale, that x's, recomputed from the data (and checked against the caption's figure)."""
    for text in texts:
        found = _STATED_X.search(text)
        if found:
            shift, scale, stated = (shown(v)[0] if v else 1.0 for v in found.groups())
            x = (lesson.data.x - shift) / scale
            values = np.linalg.eigvalsh(2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]]))
            assert values[1] / values[0] == pytest.approx(stated, rel=0.06), text
            return float(values[1] / values[0])
    return condition_number(lesson)


def top_sign_flips(lesson) -> float:
    """Share of full-batch steps that cross the valley floor (sign flips of the offset along the steepest axis)."""
    run, bowl = lesson.trajectory, lesson.bowl
    hessian = 2 * np.array([[np.mean(lesson.data.x**2), np.mean(lesson.data.x)], [np.mean(lesson.data.x), 1.0]])
    values, vectors = np.linalg.eigh(hessian)
    offset = np.column_stack([run.w - bowl.optimum[0], run.b - bowl.optimum[1]]) @ vectors[:, 1]
    signs = np.sign(offset[:20])
    return float(np.mean(signs[1:] != signs[:-1]))


def assert_readable_timeline(scene, lesson, scene_name: str) -> None:
    """Every caption of the constructed ``scene`` (on ``lesson``) stays at least 1.2 s at most 20 characters a
    second, none overlaps the next, the picture never stands still longer than ``STILL_LIMIT`` without a caption
    change, and the claims hold (:func:`check_claims`)."""
    cues = scene.captions.timeline
    assert len(cues) >= 3, "a scene says something"
    for cue in cues:
        assert cue.seconds >= MIN_SECONDS - 1e-9, cue
        assert cue.cps <= CEILING_CPS + 1e-9, cue
    for before, after in zip(cues, cues[1:], strict=False):
        assert before.end <= after.start + 1e-9, (before, after)
    assert cues[-1].end <= scene.time + 1e-9
    for start, end in still_stretches(scene.stills):
        assert end - start <= STILL_LIMIT + 1e-6, (start, end, [c.text for c in cues if c.start <= end])
    check_claims([cue.text for cue in cues], lesson, get_theme(lesson.settings.theme), scene_name)


def check_claims(texts: list[str], lesson, theme, scene_name: str) -> None:
    run = lesson.trajectory
    allowed = theme_colour_words(theme)
    for text in texts:
        for word in _COLOUR_WORDS:
            if re.search(rf"\b{word}\b", text, flags=re.IGNORECASE):
                assert word in allowed, (word, theme.name, text)
        if "batch" in text and "average" in text:
            assert "exactly" in text and scene_name == "minibatch_noise", text
            assert_pass_average_is_the_loss(honesty_plan(lesson).run, lesson)
        if "diverged at step" in text:
            assert f"diverged at step {run.diverged_at}" in text, text
        if "valley" in text and scene_name != "feature_scaling":  # which draws a valley of its own making
            assert shown_condition_number(texts, lesson) >= 2.0, text
    if run.batch_size >= run.n and top_sign_flips(lesson) > 0.5:
        said = " ".join(texts)
        for smooth in ("path is smooth", "settle smoothly", "moves smoothly", "converge smoothly"):
            assert smooth not in said, smooth


def assert_pass_average_is_the_loss(run, lesson) -> None:
    """The mean of the first pass's batch losses equals the loss on all the data, at a few (W, b)."""
    x, y = lesson.data.x, lesson.data.y
    batches = [np.asarray(run.batch_indices[i]) for i in range(run.steps_per_epoch)]
    for w, b in ((0.0, 0.0), (3.0, -2.0), (-1.5, 4.0)):
        batch_losses = [np.mean((y[i] - (w * x[i] + b)) ** 2) for i in batches]
        assert np.mean(batch_losses) == pytest.approx(np.mean((y - (w * x + b)) ** 2), rel=1e-12)
