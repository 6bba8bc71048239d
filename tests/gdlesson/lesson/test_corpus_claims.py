"""Every claim the captions make, on every corpus shape under every preset, against an independent truth (issue 17).

For each data shape of ``tests/corpus.py`` and each configuration (the defaults, every preset, and the
defaults with ``scale = "none"`` so raw long valleys appear too), the lesson's run is built and every sentence
the claims module gives a scene for it is collected the way the scenes ask for it (``claim_sentences``). Each
sentence is then checked here from the raw data: the least-squares fit by ``np.linalg.lstsq``, the Hessian
and its eigenvectors from the data's moments, the loss from the samples, longer or changed runs trained
with :func:`gdcore.train`, never through gdlesson.lesson.claims. Checks are grouped by phenomenon (numbers,
divergence, motion words, progress words, advice) so that a known defect fails one group only.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from claim_checks import CHECKS, check_divergence, check_motion, check_numbers, check_progress, facts_of
from corpus import corpus_names, shape, shapes
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lessons import make_lesson

from gdcore import DataError, view_window
from gdlesson.lesson import claims
from gdlesson.lesson.settings import PRESETS

CONFIGS: dict[str, dict] = {"default": {}} | {name: dict(p.overrides) for name, p in PRESETS.items()}
CONFIGS["unscaled"] = {"scale": "none"}
"""Settings laid over the defaults: each preset, and the defaults on the raw x (long valleys stay long)."""

SKIPPED = {("n = 100000", "sgd")}
"""2,000,000 SGD steps: 3 s to train alone; the 20,000-sample shape runs SGD instead."""

REFUSED = ("constant x", "two identical rows")
"""Shapes whose x never changes: every slope fits as well, so a lesson refuses them (issue 17 item 4)."""

CASES = [
    (name, config)
    for name in corpus_names()
    if name not in REFUSED
    for config in CONFIGS
    if (name, config) not in SKIPPED
]


@cache
def base_lesson(config: str):
    return make_lesson(**CONFIGS[config])


@cache
def lesson_of(name: str, config: str):
    return base_lesson(config).replace(data=shape(name).data)


# -- the sentences, asked for the way the scenes ask for them --------------------------------------------


def claim_sentences(lesson) -> list[tuple[str, str]]:
    """(where, sentence) for every claim a scene would show on ``lesson``: descent and map (shape, noise,
    outcome, zoom, cues), Visual A (line, closeness), B (loss, batch loss) and C (parameters), the scaling note.
    Which of them a scene shows is decided as the scenes decide it (reached_minimum, the settled zoom)."""
    run, bowl, data = lesson.trajectory, lesson.bowl, lesson.descent_data
    said = [
        ("shape", claims.shape_sentence(bowl, run)),
        ("noise", claims.noise_sentence(run, bowl, data)),
        ("line", claims.line_sentence(run, bowl)),
        ("parameters", claims.parameters_sentence(run, bowl)),
        ("loss trend", claims.loss_trend_sentence(run)),
        ("batch loss", claims.batch_loss_sentence(run)),
        ("closeness", claims.stopped_sentence(run, bowl)),
        ("parameters end", claims.stopped_sentence(run, bowl, parameters=True)),
        ("preview", claims.PREVIEW_PHRASES[claims.preview_motion(run, bowl)]),
    ]
    if not claims.reached_minimum(run, bowl):
        said.append(("outcome", claims.outcome_sentence(run, bowl, data)))
    elif run.lr <= bowl.critical_lr:
        said.append(("zoom", claims.zoom_sentence(run, bowl)))
    window = view_window(bowl, run, aspect=7.6 / 5.7)
    said += [(f"cue at step {step}", text) for step, text in claims.descent_cues(run, bowl, data, window).items()]
    if lesson.scaled:
        said += [("scaling", text) for text in claims.scaling_sentences(lesson.scaling, lesson.x_name)]
    return said


KNOWN: dict[str, str] = {}
"""Test ids ("check-shape-config") that fail today because of a defect, and which: xfail(strict=True), so a fix
shows up as an unexpected pass to flip."""

KNOWN_GENERATED: dict[str, str] = {}
"""The generated shapes (25 each, the same every run) with a known defect, by check."""


def _params():
    for check in CHECKS:
        for name, config in CASES:
            key = f"{check}-{name}-{config}"
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[key])] if key in KNOWN else []
            yield pytest.param(check, name, config, marks=marks, id=key)


@cache
def _sentences(name: str, config: str):
    lesson = lesson_of(name, config)
    return lesson, facts_of(lesson), claim_sentences(lesson)


@pytest.mark.parametrize(("check", "name", "config"), list(_params()))
def test_claims_hold_on_the_corpus(check, name, config):
    lesson, facts, sentences = _sentences(name, config)
    CHECKS[check](lesson, facts, sentences)


@pytest.mark.parametrize("name", REFUSED)
def test_an_x_that_never_changes_is_refused(name):
    data = shape(name).data
    assert np.ptp(data.x) == 0
    with pytest.raises(DataError, match="in every row"):
        base_lesson("default").replace(data=data)


def test_the_corpus_is_large_and_its_shapes_differ():
    names = corpus_names()
    assert len(names) >= 30
    fingerprints = {(shape(n).data.n, float(np.sum(shape(n).data.x)), float(np.sum(shape(n).data.y))) for n in names}
    assert len(fingerprints) == len(names)


def test_the_checks_catch_a_false_claim():
    # The checker itself must be able to fail: feed it claims that are false of the built-in run.
    lesson = lesson_of("built-in", "default")
    facts = facts_of(lesson)
    for check, sentence in [
        (check_motion, "Full batch: every step sees all the data, so the path is smooth."),
        (check_motion, "The bowl is nearly round, so downhill points almost straight at the centre."),
        (check_divergence, "the run diverged at step 3."),
        (check_numbers, "Only 3% of the extra error gone, not yet at the bottom."),
        (check_progress, "It rises: every step overshoots further."),
    ]:
        with pytest.raises(AssertionError):
            check(lesson, facts, [("test", sentence)])


@pytest.mark.parametrize(
    "check",
    [
        pytest.param(check, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_GENERATED[check])])
        if check in KNOWN_GENERATED
        else check
        for check in CHECKS
    ],
)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],  # no shrinking: a known defect fails fast, the same way on every run
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=shapes(), config=st.sampled_from(sorted(CONFIGS)))
def test_claims_hold_on_generated_shapes(check, data, config):
    if np.ptp(data.x) == 0:  # refused (test_an_x_that_never_changes_is_refused)
        return
    lesson = base_lesson(config).replace(data=data)
    CHECKS[check](lesson, facts_of(lesson), claim_sentences(lesson))
