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


@pytest.mark.parametrize("leaves", [False, True])
def test_the_walk_sentence_says_what_the_loss_on_the_data_did(case, leaves):
    name, lesson = case
    run = lesson.trajectory
    said = walk_sentence(run, lesson.bowl, leaves=leaves)
    mse = data_mse(lesson, run.w, run.b)
    x, y = lesson.descent_data.x, lesson.descent_data.y
    best = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)[0]
    floor = data_mse(lesson, [best[0]], [best[1]])[0]
    rose = not mse[-1] <= mse[0]  # NaN or inf: it rose
    assert ("climbs" in said or "flies off" in said) == rose
    assert ("flies off" in said) == (rose and leaves)
    if "to its bottom" in said:  # 95% of the excess gone
        assert mse[-1] - floor <= 0.05 * (mse[0] - floor)
    expected = {"built-in": "to its bottom", "too fast": "flies off" if leaves else "climbs"}
    assert expected.get(name, "short of the bottom") in said
