"""What a gradient check found, readable in a terminal and in Jupyter.

Used by ``nnlesson.gradcheck.check_gradients`` (notebook 04). A report
names entries the way the notebooks do: ``Θ^(2)[3, 0]`` is row 3, column 0
of ``Θ^(2)`` (``thetas[1]`` in Python; rows and columns count from 0, the
layer from 1), and column 0 is the bias column.
"""

import html
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

__all__ = ["Entry", "GradientCheckReport", "worst_entries"]


class Entry(NamedTuple):
    """One gradient entry ``∂J/∂Θ^(layer)[row, col]``, analytic beside numeric."""

    layer: int  # 1-based, as in Θ^(layer)
    row: int
    col: int
    analytic: float
    numeric: float

    @property
    def name(self):
        """``'Θ^(2)[3, 0]'``."""
        return f"Θ^({self.layer})[{self.row}, {self.col}]"

    @property
    def is_bias(self):
        """Column 0 multiplies the bias unit."""
        return self.col == 0

    @property
    def difference(self):
        return abs(self.analytic - self.numeric)


def worst_entries(analytic, numeric, count):
    """The ``count`` entries with the largest ``|analytic - numeric|``, largest first.

    Ranking by the absolute difference ranks by each entry's share of
    ``‖analytic - numeric‖``, the numerator of the overall relative error.
    """
    found = []
    for l, (a, n) in enumerate(zip(analytic, numeric), start=1):
        for row, col in np.ndindex(a.shape):
            found.append(Entry(l, row, col, float(a[row, col]), float(n[row, col])))
    found.sort(key=lambda e: e.difference, reverse=True)
    return tuple(found[:count])


@dataclass(frozen=True, repr=False)
class GradientCheckReport:
    """The result of ``check_gradients``.

    Attributes
    ----------
    relative_error : float
        ``‖analytic - numeric‖ / ‖analytic + numeric‖`` over all parameters.
    passed : bool
        ``relative_error < tolerance``.
    tolerance : float
    epsilon : float
        The step of the finite differences.
    worst : tuple of Entry
        The entries that disagree most, largest ``|analytic - numeric|``
        first; each has ``layer`` (1-based), ``row``, ``col``, ``analytic``,
        ``numeric``, ``name`` (``'Θ^(2)[3, 0]'``) and ``is_bias``.
    analytic, numeric : list of ndarray
        The two gradients, shaped like ``thetas``.
    kinks : tuple of str
        Names of the entries whose ``Θ ± ε`` switches a ReLU (their
        numeric value is not a derivative).
    """

    relative_error: float
    passed: bool
    tolerance: float
    epsilon: float
    worst: tuple
    analytic: list
    numeric: list
    kinks: tuple = ()

    @property
    def n(self):
        """The number of parameters checked."""
        return sum(a.size for a in self.analytic)

    def _headline(self):
        verdict = "PASSED" if self.passed else "FAILED"
        relation = "<" if self.passed else ">="
        return (
            f"Gradient check {verdict}: relative error {self.relative_error:.2e} {relation} "
            f"tolerance {self.tolerance:.0e} ({self.n} parameters, ε = {self.epsilon:.0e})"
        )

    def __str__(self):
        lines = [
            self._headline(),
            "Entries that disagree most:",
            f"  {'entry':<18}{'analytic':>17}{'numeric':>17}{'|difference|':>14}",
        ]
        for e in self.worst:
            name = e.name + (" bias" if e.is_bias else "")
            lines.append(f"  {name:<18}{e.analytic:>17.9e}{e.numeric:>17.9e}{e.difference:>14.2e}")
        if self.kinks:
            lines.append(f"θ ± ε crosses a ReLU kink at {len(self.kinks)} entries, e.g. {self.kinks[0]}")
        return "\n".join(lines)

    def __repr__(self):
        return (
            f"GradientCheckReport(passed={self.passed}, relative_error={self.relative_error:.2e}, "
            f"tolerance={self.tolerance:.0e})"
        )

    def _repr_html_(self):
        colour = "#1a7f37" if self.passed else "#cf222e"
        rows = "".join(
            f"<tr><td>{html.escape(e.name)}</td><td>{'bias column' if e.is_bias else ''}</td>"
            f"<td>{e.analytic:.9e}</td><td>{e.numeric:.9e}</td><td>{e.difference:.2e}</td></tr>"
            for e in self.worst
        )
        kinks = (
            f"<p>θ ± ε crosses a ReLU kink at {len(self.kinks)} entries, e.g. {html.escape(self.kinks[0])}.</p>"
            if self.kinks
            else ""
        )
        return (
            f'<p style="color:{colour}"><b>{html.escape(self._headline())}</b></p>'
            "<table><thead><tr><th>entry</th><th></th><th>analytic</th><th>numeric</th>"
            f"<th>|difference|</th></tr></thead><tbody>{rows}</tbody></table>{kinks}"
        )
