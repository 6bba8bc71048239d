"""Independent checks of what a caption claims about a lesson's run (issue 17), shared by the corpus tests.

Each check takes a lesson, its :class:`Facts` (the data and the run recomputed here from the raw arrays: the
least-squares fit by ``np.linalg.lstsq``, the Hessian and its eigenvectors from the data's moments, the loss
from the samples, longer or changed runs trained with :func:`gdcore.train`, never through
gdlesson.lesson.claims) and (where, sentence) pairs, and fails on a sentence that is false of the run. Checks
are grouped by phenomenon (numbers, divergence, motion words, progress words, advice, timing) so that a known
defect fails one group only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pytest

from gdcore import Dataset, Hyperparameters, train

__all__ = ["CHECKS", "Facts", "facts_of", "check_divergence", "check_motion", "check_numbers", "check_progress"]

# -- the independent truth ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Facts:
    """What the data and the run are, computed here from the raw arrays (never through gdlesson.lesson.claims)."""

    x: np.ndarray
    y: np.ndarray
    w_star: float
    b_star: float
    min_loss: float
    degenerate: bool
    eigenvalues: np.ndarray  # ascending
    eigenvectors: np.ndarray  # columns
    loss: np.ndarray  # the run's loss after each step, shape (T+1,)

    @property
    def condition(self) -> float:
        return math.inf if self.degenerate else float(self.eigenvalues[1] / self.eigenvalues[0])

    @property
    def critical(self) -> float:
        return 2.0 / float(self.eigenvalues[1])

    @property
    def excess(self) -> np.ndarray:
        return self.loss - self.min_loss

    def offsets(self, run, axis: int) -> np.ndarray:
        """Offset of each step from the optimum along the flat (0) or steep (1) eigenvector."""
        return np.column_stack([run.w - self.w_star, run.b - self.b_star]) @ self.eigenvectors[:, axis]

    def distance(self, run, step: int) -> float:
        return math.hypot(run.w[step] - self.w_star, run.b[step] - self.b_star)

    def mse(self, w: float, b: float) -> float:
        with np.errstate(all="ignore"):
            return float(np.mean((self.y - (w * self.x + b)) ** 2))


def facts_of(lesson) -> Facts:
    x, y = np.asarray(lesson.descent_data.x), np.asarray(lesson.descent_data.y)
    run = lesson.trajectory
    degenerate = bool(np.ptp(x) == 0)
    if degenerate:
        w_star, b_star = lesson.bowl.optimum  # any line through mean y is a best fit: judge against its own
        min_loss = float(np.mean((y - y.mean()) ** 2))
    else:
        # Centred, so that x far from zero loses no digits; lstsq is the truth the claims are judged by.
        mx, my = x.mean(), y.mean()
        (w_star, c), *_ = np.linalg.lstsq(np.column_stack([x - mx, np.ones_like(x)]), y - my, rcond=None)
        b_star = c + my - w_star * mx
        min_loss = float(np.mean((y - (w_star * x + b_star)) ** 2))
    hessian = 2.0 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    values, vectors = np.linalg.eigh(hessian)
    loss = np.asarray(run.loss, dtype=float)
    facts = Facts(x, y, float(w_star), float(b_star), min_loss, degenerate, values, vectors, loss)
    # The run's own loss record is used below: check it against the samples at a few steps first.
    for step in sorted({0, len(loss) // 2, len(loss) - 1}):
        direct = facts.mse(run.w[step], run.b[step])
        assert loss[step] == pytest.approx(direct, rel=1e-6, abs=1e-9 * max(facts.mse(0.0, 0.0), 1e-300))
    return facts


def sign_flips(offsets: np.ndarray) -> int:
    """Sign changes of ``offsets``, ignoring values at rounding noise (a millionth of the largest)."""
    visible = offsets[np.abs(offsets) > 1e-6 * np.max(np.abs(offsets), initial=0.0)]
    signs = np.sign(visible)
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


# -- numbers as shown ------------------------------------------------------------------------------------

_SUPERSCRIPT = str.maketrans("\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "-0123456789")
NUMBER = r"[\u2212-]?\d+(?:\.\d+)?(?:\u00d710[\u207b\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+|e[+-]?\d+)?"


def shown(text: str) -> tuple[float, float]:
    """A number as written on screen (1.23, -0.5 with a true minus, 4.5×10⁻⁶, 1.2e+03) and half a unit of its
    last digit: the largest error that rounding to what is shown can explain."""
    text = text.replace("\u2212", "-")
    mantissa, exponent = text, 0
    if "\u00d710" in text:
        mantissa, power = text.split("\u00d710")
        exponent = int(power.translate(_SUPERSCRIPT))
    elif "e" in text:
        mantissa, power = text.split("e")
        exponent = int(power)
    # Digits after the point set the last place; an integer's trailing zeros may be rounding (50300 is 50287 to
    # three significant digits), so its last place is its last non-zero digit.
    places = len(mantissa.split(".")[1]) if "." in mantissa else -(len(mantissa) - len(mantissa.rstrip("0")))
    return float(mantissa) * 10.0**exponent, 0.5 * 10.0 ** (exponent - places)


def assert_shows(text: str, truth: float, sentence: str) -> None:
    value, half_unit = shown(text)
    assert abs(value - truth) <= half_unit * (1 + 1e-9) + 1e-12 * abs(truth), (text, truth, sentence)


# -- the checks, one group per phenomenon -------------------------------------------------------------


def check_numbers(lesson, facts: Facts, sentences) -> None:
    """Every number in a sentence is the run's, at the precision shown."""
    run = lesson.trajectory
    for _, text in sentences:
        if match := re.search(rf"lr ({NUMBER}) is above the critical ({NUMBER})", text):
            assert_shows(match[1], run.lr, text)
            assert_shows(match[2], facts.critical, text)
        for match in re.finditer(rf"({NUMBER})\u00d7 (?:the )?critical", text):
            assert_shows(match[1], run.lr / facts.critical, text)
        if match := re.search(r"Only (\d+)% of the extra error gone", text):
            removed = max(1.0 - facts.excess[-1] / facts.excess[0], 0.0)
            assert abs(int(match[1]) - 100 * removed) <= 0.5 + 1e-9, (removed, text)
        if match := re.search(rf"valley ({NUMBER}) times flatter", text):
            assert_shows(match[1], facts.condition, text)
        if match := re.search(rf"x\u2032 = \(.* \u2212 ({NUMBER})\) / ({NUMBER})", text):
            raw = np.asarray(lesson.data.x)
            assert_shows(match[1], float(raw.mean()), text)
            assert_shows(match[2], float(raw.std()), text)
        if match := re.search(r"After (\d+) epochs", text):
            assert int(match[1]) == lesson.hyper.epochs, text
            full = lesson.hyper.epochs * -(-run.n // run.batch_size)
            assert len(run.w) - 1 == full, f"the run stopped at step {len(run.w) - 1} of {full}: {text}"


def check_divergence(lesson, facts: Facts, sentences) -> None:
    """ "diverged at step k": the loss on all the data really blew up (a million times the start's or the zero
    line's, or past float64) at step k and not before; "above the critical": lr > 2 / lambda_max."""
    run = lesson.trajectory
    said = " ".join(text for _, text in sentences)
    for match in re.finditer(r"[Dd]iverged at step (\d+)", said):
        k = int(match[1])
        limit = 1e6 * max(facts.mse(*run.init), facts.mse(0.0, 0.0))
        assert 0 < k <= len(run.w), match[0]
        assert np.all(facts.loss[:k] <= limit), match[0]
        blown = facts.mse(run.w[k], run.b[k]) if k < len(run.w) else math.inf
        assert not blown <= limit, (match[0], blown, limit)
    if "above the critical" in said or "jumps" in said and "higher up" in said:
        assert run.lr > facts.critical, said
    if "higher up the other side" in said:
        assert facts.loss[1] > facts.loss[0] and sign_flips(facts.offsets(run, 1)[:3]) >= 1, said
    if "Try --lr 0.5x" in said and run.diverged:
        half = _rerun(lesson, lr=0.5 * facts.critical)
        assert not half.diverged, ("the advised rate diverges too", said)


def check_motion(lesson, facts: Facts, sentences) -> None:
    """Words for how the path moves: smooth, zig-zag, wiggles and noise, valley, round, curves, crawls."""
    run = lesson.trajectory
    full = run.batch_size >= run.n
    steep = facts.offsets(run, 1)
    for _, text in sentences:
        if re.search(r"smooth", text):
            assert full, text
            assert sign_flips(steep) == 0, ("smooth, yet the steps flip across the steep axis", text)
            assert np.all(np.diff(facts.loss) <= 1e-9 * facts.loss[0]), ("smooth, yet the loss goes up", text)
        if re.search(r"zig-zag|past the centre|across the valley|flipping from side|swings past|overshoots:", text):
            assert sign_flips(steep[:11]) >= 2 or run.diverged, ("no zig-zag in the first 10 steps", text)
        if "still hop" in text:
            assert sign_flips(steep[-11:]) >= 2, ("no hops in the last 10 steps", text)
        if re.search(r"wiggle|noise|noisy|jitter|pulls the line its own way|pulls a little", text):
            assert not full, text
        if re.search(r"wiggle|jitter|pulls a little", text):
            # Mini-batches disagree at the optimum only if some residual there is not zero: on data exactly on
            # a line every batch's gradient vanishes at the best fit and the path settles without a wiggle.
            residual = facts.y - (facts.w_star * facts.x + facts.b_star)
            assert np.max(np.abs(residual)) > 1e-6 * (np.std(facts.y) + 1e-300), ("nothing to wiggle", text)
        if re.search(r"valley", text) and "flat floor" not in text:
            assert facts.condition >= 2.0, (facts.condition, text)
        if "flat floor" in text or "x never changes" in text:
            assert facts.degenerate, text
        if "nearly round" in text:
            assert facts.condition < 2.0, (facts.condition, text)
        if "path curves" in text:
            assert facts.condition >= 2.0 and _bend(run) >= 0.05, (facts.condition, _bend(run), text)
        if re.search(r"crawl|barely move along", text):
            flat = facts.offsets(run, 0)
            assert facts.condition >= 2.0 and abs(flat[-1]) >= 0.3 * abs(flat[0]), text


def check_progress(lesson, facts: Facts, sentences) -> None:
    """Words for how far the run got: almost on / close to / on its way, falls and levels off, converges,
    near the bottom, the downhill way points at the centre."""
    run = lesson.trajectory
    loss, excess = facts.loss, facts.excess
    rose = run.diverged or loss[-1] > loss[0]
    for _, text in sentences:
        if re.search(r"almost on|close to|on its way to", text):
            assert not rose, ("a run that rises is not near or on its way to the best fit", text)
            if not facts.degenerate:
                left = facts.distance(run, -1) / facts.distance(run, 0)
                bound = 0.1 if "almost on" in text else 0.35 if "close to" in text else 1.0
                assert left < bound, (left, text)
        if "falls fast at first, then levels off" in text:
            tenth = max(1, len(loss) // 10)
            assert loss[-1] < loss[0] and loss[0] - loss[tenth] >= loss[-1 - tenth] - loss[-1], text
        if text.startswith("It rises") or "ever wider" in text or "swing away" in text:
            assert rose, text
        if "converge" in text:
            assert not rose and facts.distance(run, -1) < facts.distance(run, 0), text
        if "Near the bottom" in text or "settle" in text:
            assert excess[-1] <= 0.1 * excess[0], text


def check_wandering(lesson, facts: Facts, sentences) -> None:
    """ "points almost straight at the centre" and "pulls a little differently" describe a run that goes
    downhill: never on a run whose loss climbs above where it started (issue 17 item 4)."""
    for _, text in sentences:
        if "almost straight at the centre" in text or "a little differently" in text:
            assert facts.loss.max() <= facts.loss[0], (
                f"the loss climbs to {facts.loss.max() / facts.loss[0]:.3g}x the start's",
                text,
            )


def check_advice(lesson, facts: Facts, sentences) -> None:
    """Advice follows from the run: what it advises, run here, ends lower (issue 17 item 3)."""
    run = lesson.trajectory
    for _, text in sentences:
        if "Try more epochs" in text:
            longer = _rerun(lesson, epochs=3 * lesson.hyper.epochs)
            last = -(-run.n // run.batch_size)  # the steps of an epoch
            now = float(np.mean(facts.excess[-last:]))
            then = float(np.mean(np.asarray(longer.loss[-last:]) - facts.min_loss))
            assert then < 0.8 * now, (f"3x the epochs leaves {then:.3g} above the minimum, against {now:.3g}", text)
        if match := re.search(r"Try --lr ([\d.]+)x", text):
            if not run.diverged:  # a smaller or bigger rate, as a multiple of the critical one
                other = _rerun(lesson, lr=float(match[1]) * facts.critical)
                assert not other.diverged and _last_epoch(other, facts) < _last_epoch(run, facts), text
        if match := re.search(r"Try --batch-size (\d+|full)", text):
            size = run.n if match[1] == "full" else int(match[1])
            assert size > run.batch_size, text
            other = _rerun(lesson, batch_size=size)
            assert _last_epoch(other, facts) < _last_epoch(run, facts), text
        if 'Try scale = "standardize"' in text and not run.diverged:
            raw = np.asarray(lesson.data.x)
            mean, std = raw.mean(), raw.std()
            scaled = Dataset((raw - mean) / std, lesson.data.y)
            x2 = np.mean(scaled.x**2)
            factor = run.lr / facts.critical
            w0, b0 = run.init  # on the raw x: unscaled runs only advise scaling
            hyper = Hyperparameters(
                lr=factor * 2.0 / max(np.linalg.eigvalsh(2 * np.array([[x2, 0.0], [0.0, 1.0]]))),
                batch_size=run.batch_size,
                epochs=lesson.hyper.epochs,
                init=(w0 * std, b0 + w0 * mean),
                seed=lesson.hyper.seed,
            )
            other = train(scaled, hyper)
            removed = 1 - (other.loss[-1] - facts.min_loss) / (other.loss[0] - facts.min_loss)
            assert removed > 1 - facts.excess[-1] / facts.excess[0], text


def check_timing(lesson, facts: Facts, sentences) -> None:
    """A cue shows during the descent, and what it says about the bottom holds by the step it is said at."""
    run = lesson.trajectory
    excess = facts.excess
    for where, text in sentences:
        if not where.startswith("cue at step "):
            continue
        step = int(where.removeprefix("cue at step "))
        assert 0 < step <= run.steps, (step, text)
        if re.search(r"Near the bottom|settle|path is smooth|Full batch at", text):
            assert excess[step] <= 0.1 * excess[0], ("said before the run is near the bottom", step, text)
        if re.search(r"path curves|nearly round", text):
            assert excess[step] <= 0.5 * excess[0], ("said before the run is half-way down", step, text)


def _last_epoch(run, facts: Facts) -> float:
    """The mean loss above the minimum over the run's last epoch of steps (mini-batch noise averaged)."""
    last = -(-run.n // run.batch_size)
    return float(np.mean(np.asarray(run.loss[-last:]) - facts.min_loss))


def _rerun(lesson, **changes):
    """The lesson's run with some hyperparameters changed (same data, start, batches and seed)."""
    hyper = lesson.hyper
    fields = {"lr": hyper.lr, "batch_size": hyper.batch_size, "epochs": hyper.epochs, "init": hyper.init}
    return train(lesson.descent_data, Hyperparameters(**(fields | changes), seed=hyper.seed))


def _bend(run) -> float:
    """Largest distance of the path from its chord start-to-end over the chord's length, in (W, b)."""
    points = np.column_stack([run.w, run.b])
    chord = points[-1] - points[0]
    length = math.hypot(*chord)
    if length == 0:
        return 0.0
    relative = points - points[0]
    return float(np.max(np.abs(relative[:, 0] * chord[1] - relative[:, 1] * chord[0])) / length**2)


CHECKS = {
    "numbers": check_numbers,
    "divergence": check_divergence,
    "motion": check_motion,
    "progress": check_progress,
    "wandering": check_wandering,
    "advice": check_advice,
    "timing": check_timing,
}
