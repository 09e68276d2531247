"""The results as a Markdown page: machine, versions, date, then one row per figure."""

import numpy as np

__all__ = ["markdown"]

_HEADER = """\
# Benchmark results

Written by `make bench` (`python -m benchmarks{flags}`); do not edit by hand.

Every figure is measured several times (*runs*). A ratio is always taken
within one run, its two sides called alternately, so that the load of other
processes on a shared machine mostly cancels; the table gives the median of
the runs' ratios and their spread (interquartile range, and min–max). The
redraw times are the only absolute figures.
"""


def _number(x, unit):
    if unit == "ms":
        return f"{x:.0f} ms"
    if x >= 100:
        return f"{x:.0f}×"
    if x >= 10:
        return f"{x:.1f}×"
    return f"{x:.2f}×"


def _target(figure):
    if figure.target is None:
        return "report"
    op, bound = figure.target
    return f"{'≤' if op == '<=' else '≥'} {_number(bound, figure.unit)}"


def _row(figure):
    if figure.values is None:
        return f"| {figure.name} | {_target(figure)} | — | — | {figure.unavailable} |"
    v = np.asarray(figure.values, dtype=float)
    q1, q3 = np.percentile(v, [25, 75])
    spread = (
        f"IQR {_number(q1, figure.unit)}–{_number(q3, figure.unit)}, "
        f"min–max {_number(v.min(), figure.unit)}–{_number(v.max(), figure.unit)}, "
        f"{v.size} run{'s' if v.size != 1 else ''}"
    )
    verdict = {True: "met", False: "**not met**", None: "reported"}[figure.met]
    median = _number(figure.median, figure.unit)
    return f"| {figure.name} | {_target(figure)} | **{median}** | {spread} | {verdict}; {figure.note} |"


def markdown(figures, machine, flags="", notes=()):
    """The whole page, as a string."""
    lines = [_HEADER.format(flags=flags), "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in machine.items()]
    lines += ["", "## Figures", "", "| figure | target | median | spread | result, notes |", "|---|---|---|---|---|"]
    lines += [_row(f) for f in figures]
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"
