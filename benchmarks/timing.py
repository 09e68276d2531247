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

__all__ = ["Figure", "interleaved_ratios", "repeated_times", "seconds", "human"]


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


def interleaved_ratios(numerator, denominator, runs, inner=3, warmup=1):
    """``runs`` ratios ``min t(numerator) / min t(denominator)``, the two called alternately.

    Returns
    -------
    ratios : ndarray of shape (runs,)
    numerator_times, denominator_times : ndarray of shape (runs,)
        The per-run minima, in seconds.
    """
    for _ in range(warmup):
        numerator()
        denominator()
    ratios, tops, bottoms = [], [], []
    for _ in range(runs):
        top, bottom = [], []
        for _ in range(inner):
            top.append(seconds(numerator))
            bottom.append(seconds(denominator))
        tops.append(min(top))
        bottoms.append(min(bottom))
        ratios.append(tops[-1] / bottoms[-1])
    return np.array(ratios), np.array(tops), np.array(bottoms)


def repeated_times(f, runs, warmup=1):
    """``runs`` timings of ``f()`` in seconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        f()
    return np.array([seconds(f) for _ in range(runs)])


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
