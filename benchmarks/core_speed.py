"""gdcore speed against the seed's naive way, side by side in one run.

    .venv/bin/python benchmarks/core_speed.py [--full]

1. Loss grid 200 x 200 at n = 100,000: Bowl (sufficient statistics) vs a
   per-point mean over the data (the seed's Step B done literally).
2. Recording n = 1,000,000, batch 32, one epoch (31,250 steps) with the
   full-data loss of every step: train() vs a plain per-step NumPy loop
   (batch gathered, seed step, O(1) loss) vs the seed loop that recomputes the
   full loss over the data each step. The seed loop costs the same for every
   step, so by default it runs the first 2,000 steps and is extrapolated
   (labelled as such); --full runs all 31,250 (about two minutes).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from gdcore import Bowl, gd_step, loss_grid, make_linear_data, mse, train


def best_of(repeats: int, function) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def row(name: str, seconds: float, baseline: float, note: str = "") -> None:
    print(f"  {name:<44} {seconds * 1e3:>11.2f} ms   {baseline / seconds:>9.1f}x {note}")


def bench_grid() -> None:
    data = make_linear_data(100_000, seed=0)
    bowl = Bowl.from_data(data)
    w_vals, b_vals = np.linspace(-1, 5, 200), np.linspace(-6, 4, 200)

    def naive():
        return np.array([[mse(w, b, data.x, data.y) for w in w_vals] for b in b_vals])

    start = time.perf_counter()
    expected = naive()
    naive_time = time.perf_counter() - start
    fast_time = best_of(20, lambda: loss_grid(bowl, w_vals, b_vals))
    with_stats = best_of(5, lambda: loss_grid(Bowl.from_data(data), w_vals, b_vals))
    _, _, fast = loss_grid(bowl, w_vals, b_vals)
    error = np.max(np.abs(fast - expected) / expected)
    print("Loss grid 200x200, n = 100,000 (speed-up vs per-point mean; target >= 1000x)")
    row("per-point mean over the data (seed, naive)", naive_time, naive_time)
    row("Bowl.loss on the grid", fast_time, naive_time)
    row("Bowl.from_data + Bowl.loss on the grid", with_stats, naive_time)
    print(f"  max relative difference: {error:.1e}\n")


def plain_numpy_loop(data, lr, batch_size, seed):
    """Per step: gather the batch, the seed's step, O(1) full loss from the bowl."""
    bowl = Bowl.from_data(data)
    rng = np.random.default_rng(seed)
    order = rng.permutation(data.n)
    w = b = 0.0
    ws, losses = [w], [float(bowl.loss(w, b))]
    for start in range(0, data.n, batch_size):
        batch = order[start : start + batch_size]
        w, b, _ = gd_step(w, b, data.x[batch], data.y[batch], lr)
        ws.append(w)
        losses.append(float(bowl.loss(w, b)))
    return np.array(ws), np.array(losses)


def seed_loop(data, lr, batch_size, seed, max_steps):
    """The seed's loop with the full-data MSE recomputed after every step."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(data.n)
    w = b = 0.0
    ws, losses = [w], [mse(w, b, data.x, data.y)]
    for start in range(0, min(data.n, max_steps * batch_size), batch_size):
        batch = order[start : start + batch_size]
        w, b, _ = gd_step(w, b, data.x[batch], data.y[batch], lr)
        ws.append(w)
        losses.append(mse(w, b, data.x, data.y))
    return np.array(ws), np.array(losses)


def bench_recording(full: bool) -> None:
    data = make_linear_data(1_000_000, seed=0)
    lr, batch_size, seed = 0.05, 32, 0
    steps = -(-data.n // batch_size)
    fast_time = best_of(5, lambda: train(data, lr=lr, batch_size=batch_size, epochs=1, seed=seed))
    run = train(data, lr=lr, batch_size=batch_size, epochs=1, seed=seed)
    start = time.perf_counter()
    plain_w, plain_loss = plain_numpy_loop(data, lr, batch_size, seed)
    plain_time = time.perf_counter() - start
    measured = steps if full else 2_000
    start = time.perf_counter()
    seed_w, seed_loss = seed_loop(data, lr, batch_size, seed, measured)
    seed_time = (time.perf_counter() - start) * steps / measured
    note = "" if full else f"(extrapolated from {measured:,} steps)"
    print(f"Recording n = 1,000,000, batch 32, 1 epoch = {steps:,} steps, full-data loss every step")
    print("  (speed-up vs the seed loop; targets: train() < 250 ms and >= 100x)")
    row("seed loop, full MSE over the data each step", seed_time, seed_time, note)
    row("plain per-step NumPy loop, O(1) loss", plain_time, seed_time)
    row("gdcore.train (batch sums at once + recurrence)", fast_time, seed_time)
    print(f"  train() vs plain loop: {plain_time / fast_time:.1f}x faster")
    agree_w = np.max(np.abs(run.w - plain_w) / np.maximum(np.abs(plain_w), 1e-300))
    agree_loss = np.max(np.abs(run.loss[: measured + 1] - seed_loss) / seed_loss)
    print(f"  agreement: W vs plain loop {agree_w:.1e}, loss vs seed loop {agree_loss:.1e} (relative)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="run all 31,250 steps of the seed loop")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}\n")
    bench_grid()
    bench_recording(args.full)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
