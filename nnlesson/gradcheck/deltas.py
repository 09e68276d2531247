"""The deltas of backpropagation, each checked against finite differences of the cost in ``z``.

Derived in notebook 04, section "3. Checking a whole network" (notebook 02
introduces ``δ``).
"""

from typing import NamedTuple

import numpy as np

from .._validate import as_scalar
from ..network import backward, forward, linear
from ..problem import prepare
from .arguments import as_epsilon
from .finite_differences import relative_error

__all__ = ["check_deltas", "DeltaCheck"]


class DeltaCheck(NamedTuple):
    """``δ^(layer)`` from backpropagation beside its finite-difference value (``check_deltas``)."""

    layer: int  # 2..L
    analytic: np.ndarray  # (m, s_layer)
    numeric: np.ndarray  # (m, s_layer)
    relative_error: float
    passed: bool


def check_deltas(
    thetas, X, y, cost="cross_entropy", activation="sigmoid", output="sigmoid", epsilon=1e-4, tolerance=1e-7
):
    """Check every ``δ^(l)`` against finite differences of the cost with respect to ``z^(l)``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    cost, activation, output
        As for ``nn_cost_function`` (``λ`` does not matter: the penalty does
        not depend on ``z``).
    epsilon : float
    tolerance : float

    Returns
    -------
    list of DeltaCheck
        One per layer ``l = 2..L``: ``analytic`` (``δ^(l)`` from
        ``backpropagate``) and ``numeric``, both ``(m, s_l)``, their
        ``relative_error`` and ``passed``.

    Notes
    -----
    ``J = (1/m) Σ_i J_i`` where ``J_i`` is the cost of example ``i``, and
    ``z^(l)[i]`` reaches only ``J_i``. The delta is the derivative of that
    example's cost, which is ``m`` times the derivative of ``J``:

    .. math:: \\delta^{(l)}_{ij} = \\frac{\\partial J_i}{\\partial z^{(l)}_{ij}}
              = m\\,\\frac{\\partial J}{\\partial z^{(l)}_{ij}}
              \\approx \\frac{J_i(z^{(l)}_{ij} + \\varepsilon) - J_i(z^{(l)}_{ij} - \\varepsilon)}{2\\varepsilon}

    Shifting column ``j`` of ``z^(l)`` in every example at once and running
    the rest of the forward pass gives all ``m`` of these in one go. With a
    softmax output, shifting one ``z^(L)_j`` changes every output of its
    row, and ``J_i`` counts them all.
    """
    thetas, problem = prepare(thetas, X, y, 0.0, cost, activation, output)
    epsilon = as_epsilon(epsilon)
    tolerance = as_scalar("tolerance", tolerance, positive=True)
    fp = forward(thetas, problem.X, problem.hidden, problem.out)
    bp = backward(thetas, fp, problem.Y, problem.loss, problem.hidden)

    def example_costs(z, l):  # J_i for every example, from z = z^(l)
        for theta in thetas[l - 1 :]:
            z = linear(problem.hidden.function(z), theta)
        return problem.loss.elementwise(z, problem.Y).sum(axis=1)

    checks = []
    for l in range(2, len(thetas) + 2):
        z = fp.z(l)
        numeric = np.empty_like(z)
        for j in range(z.shape[1]):
            plus, minus = z.copy(), z.copy()
            plus[:, j] += epsilon
            minus[:, j] -= epsilon
            numeric[:, j] = (example_costs(plus, l) - example_costs(minus, l)) / (2 * epsilon)
        error = relative_error(bp.delta(l), numeric)
        checks.append(DeltaCheck(l, bp.delta(l), numeric, error, error < tolerance))
    return checks
