"""What the bowl chapter says about the run, checked against the MSE of its recorded lines recomputed from the data
and the least-squares fit from NumPy."""

from __future__ import annotations

import numpy as np
import pytest
from lessons import make_lesson

from gdlesson.lesson.surface import walk_sentence

LESSONS = {
    "built-in": {},
    "too fast": {"lr": "1.5x"},
    "too slow": {"lr": "0.002x", "epochs": 3},
}


@pytest.fixture(scope="module", params=list(LESSONS))
def case(request):
    return request.param, make_lesson(**LESSONS[request.param])


def data_mse(lesson, w, b) -> np.ndarray:
    x, y = lesson.descent_data.x, lesson.descent_data.y
    return np.mean((np.asarray(w)[:, None] * x + np.asarray(b)[:, None] - y) ** 2, axis=1)


def test_the_walk_sentence_says_what_the_loss_on_the_data_did(case):
    name, lesson = case
    run = lesson.trajectory
    said = walk_sentence(run, lesson.bowl)
    mse = data_mse(lesson, run.w, run.b)
    x, y = lesson.descent_data.x, lesson.descent_data.y
    best = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    floor = data_mse(lesson, [best[0]], [best[1]])[0]
    if "climbs" in said:
        assert not mse[-1] <= mse[0] or run.diverged
    else:
        assert mse[-1] < mse[0]
    if "to its bottom" in said:  # 95% of the excess gone
        assert mse[-1] - floor <= 0.05 * (mse[0] - floor)
    expected = {"built-in": "to its bottom", "too fast": "climbs", "too slow": "short of the bottom"}[name]
    assert expected in said
