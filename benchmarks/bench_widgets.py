"""How long the explorers take to redraw after a slider move: the median, the 95th percentile and the spread.

A move is ``explorer.slider.value = v``, which redraws synchronously (the
widgets' contract), so timing the assignment times the whole redraw: the
numbers behind the figure, drawing it, and encoding the PNG. Each row
times ``runs × moves`` moves; the table shows their median against the
target (40 ms) and their spread, and the note gives the 95th percentile
against its own target (100 ms). Needs ``nnlesson.widgets``; without it the
rows say not available.
"""

import numpy as np

import nnlesson as nl

from .bench_gradcheck import debug_problem
from .timing import Figure, seconds

MEDIAN_TARGET_MS = 40.0
P95_TARGET_MS = 100.0

__all__ = ["lambda_explorer_redraw", "epsilon_explorer_redraw"]


def _widgets():
    try:
        from nnlesson import widgets
    except ImportError as err:
        return None, f"not available: nnlesson.widgets cannot be imported ({err})"
    return widgets, ""


def _positions(slider, moves):
    """``moves`` slider settings, each different from the one before, spread over its range.

    Returns ``(attribute, values)``: selection sliders are moved by ``index``,
    numeric ones by ``value`` (a log slider's ``min``/``max`` are exponents).
    """
    if hasattr(slider, "index") and hasattr(slider, "options"):
        count = len(slider.options)
        spots = np.unique(np.linspace(0, count - 1, 5).round().astype(int))
        attribute = "index"
    else:
        spots = np.linspace(slider.min, slider.max, 5)
        if "Log" in type(slider).__name__:
            spots = slider.base**spots
        if "Int" in type(slider).__name__:
            spots = np.unique(spots.round().astype(int))
        attribute = "value"
    current = getattr(slider, attribute)
    spots = [s for s in spots.tolist() if s != current] or [current]
    sequence = [spots[i % len(spots)] for i in range(moves)]
    return attribute, sequence


def _redraw_times(explorer, moves, runs):
    """``runs * moves`` redraw times in ms, after one untimed warm-up move per run."""
    attribute, sequence = _positions(explorer.slider, moves + 1)
    times = []
    for _ in range(runs):
        setattr(explorer.slider, attribute, sequence[0])  # warm-up move, not timed
        times += [seconds(lambda v=v: setattr(explorer.slider, attribute, v)) for v in sequence[1:]]
    return np.array(times) * 1e3


def _figure(name, times, moves, runs):
    p95 = float(np.percentile(times, 95))
    verdict = "met" if p95 <= P95_TARGET_MS else "**not met**"
    note = f"p95 **{p95:.0f} ms** (target ≤ {P95_TARGET_MS:.0f} ms: {verdict}); {runs} runs of {moves} moves"
    return Figure(name, target=("<=", MEDIAN_TARGET_MS), unit="ms", values=times, note=note, details={"p95": p95})


def lambda_explorer_redraw(moves, runs=5):
    name = "`lambda_explorer` redraw after a slider move, default resolution, 3-5-3 debug net"
    widgets, why = _widgets()
    if widgets is None or not hasattr(widgets, "lambda_explorer"):
        return Figure(
            name, target=("<=", MEDIAN_TARGET_MS), unit="ms", unavailable=why or "not available: no lambda_explorer"
        )
    thetas, X, y = debug_problem()
    explorer = widgets.lambda_explorer(thetas, X, y, params=((1, 0, 1), (2, 0, 1)))
    return _figure(name, _redraw_times(explorer, moves, runs), moves, runs)


def epsilon_explorer_redraw(moves, runs=5):
    name = "`epsilon_explorer` redraw after a slider move, 3-5-3 debug net"
    widgets, why = _widgets()
    if widgets is None or not hasattr(widgets, "epsilon_explorer"):
        return Figure(
            name, target=("<=", MEDIAN_TARGET_MS), unit="ms", unavailable=why or "not available: no epsilon_explorer"
        )
    thetas, X, y = debug_problem()
    sizes = [3, 5, 3]
    theta = nl.unroll(thetas)

    def J(v):
        return nl.nn_cost_function_unrolled(v, sizes, X, y, lam=3.0)[0]

    analytic = nl.nn_cost_function_unrolled(theta, sizes, X, y, lam=3.0)[1]
    explorer = widgets.epsilon_explorer(J, theta, index=0, analytic=analytic)
    return _figure(name, _redraw_times(explorer, moves, runs), moves, runs)
