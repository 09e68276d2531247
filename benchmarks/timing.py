"""Timing helpers: every figure is a ratio of two things timed in the same run.

The machine running the benchmarks may be shared, so absolute times wander
by factors of several. A ratio of two timings taken moments apart cancels
most of that: within one *run* (one repetition) the two functions are
called alternately, ``inner`` times each, and the run's ratio is the ratio
of the two minima (the minimum is the timing least disturbed by other
processes). The reported figure is the median of the runs' ratios, with
their spread.
"""

import time
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Figure", "interleaved_ratios", "seconds", "human"]


def seconds(f):
    """Wall-clock seconds of one call ``f()``."""
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def human(t):
    """A duration in seconds as a short string in s, ms or µs."""
    if t >= 1:
        return f"{t:.2f} s"
    if t >= 1e-3:
        return f"{t * 1e3:.1f} ms"
    return f"{t * 1e6:.0f} µs"


def interleaved_ratios(numerator, denominator, runs, inner=3, warmup=1, budget=None, min_runs=3):
    """``runs`` ratios ``min t(numerator) / min t(denominator)``, the two called alternately.

    With ``budget`` (seconds), stops early once the runs so far took longer
    than that and at least ``min_runs`` runs are done (a loaded machine then gets fewer
    runs rather than a benchmark that never ends). ``inner`` may be a pair
    ``(numerator calls, denominator calls)`` per run, for a slow numerator.

    Returns
    -------
    ratios : ndarray of shape (r,), r <= runs
    numerator_times, denominator_times : ndarray of shape (r,)
        The per-run minima, in seconds.
    """
    for _ in range(warmup):
        numerator()
        denominator()
    n_top, n_bottom = (inner, inner) if isinstance(inner, int) else inner
    ratios, tops, bottoms = [], [], []
    start = time.perf_counter()
    for _ in range(runs):
        if budget is not None and len(ratios) >= min_runs and time.perf_counter() - start > budget:
            break
        top, bottom = [], []
        for i in range(max(n_top, n_bottom)):
            if i < n_top:
                top.append(seconds(numerator))
            if i < n_bottom:
                bottom.append(seconds(denominator))
        tops.append(min(top))
        bottoms.append(min(bottom))
        ratios.append(tops[-1] / bottoms[-1])
    return np.array(ratios), np.array(tops), np.array(bottoms)


@dataclass
class Figure:
    """One row of the results table.

    ``values`` are the per-run measurements (ratios, or milliseconds when
    ``unit == "ms"``). ``target`` is ``None`` for a figure that is only
    reported, else ``("<=", x)`` or ``(">=", x)`` on the median.
    """

    name: str
    target: tuple | None = None
    unit: str = "×"
    values: np.ndarray | None = None
    note: str = ""
    unavailable: str = ""  # why the figure could not be measured, if it could not
    details: dict = field(default_factory=dict)

    @property
    def median(self):
        return float(np.median(self.values))

    @property
    def met(self):
        """True or False against the target, None when there is none (or no data)."""
        if self.target is None or self.values is None:
            return None
        op, bound = self.target
        return self.median <= bound if op == "<=" else self.median >= bound
