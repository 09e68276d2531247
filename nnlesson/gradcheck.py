"""Gradient checking: is the gradient from backpropagation right?

Derived in notebook 04 (gradient checking), after Khanafer's article. The
slope of ``J`` along parameter ``i`` is close to the slope of the secant
through ``θ - εe_i`` and ``θ + εe_i``,

.. math:: \\frac{\\partial J}{\\partial\\theta_i} \\approx
          \\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}{2\\varepsilon},

and the gradient from backpropagation must agree with it to many digits.
This module is the one place to import from; it gathers

* ``numerical_gradient``, ``relative_error``, ``epsilon_sweep``,
  ``KinkWarning`` (any ``J``; written in ``nnlesson.finite_differences``),
* ``network_cost_batch`` and ``network_numerical_gradient`` (the network's
  cost, fast; ``nnlesson.perturbed``),
* ``check_gradients`` and ``check_deltas`` (below), whose report is
  ``nnlesson.gradcheck_report.GradientCheckReport``.

The naive check costs ``2n`` evaluations of ``J`` for ``n`` parameters,
which is why it is run once on a small network and then switched off for
training.
"""

import warnings
from typing import NamedTuple

import numpy as np

from ._validate import describe, as_count, as_float_array, as_scalar, layer_sizes_of
from .costs import COSTS
from .finite_differences import (
    EpsilonSweep,
    KinkWarning,
    _as_cost,
    _as_epsilon,
    epsilon_sweep,
    numerical_gradient,
    relative_error,
    relative_error_elementwise,
)
from .gradcheck_report import Entry, GradientCheckReport, worst_entries
from .network import _cost_and_gradients, _prepare, backpropagate
from .params import roll, unroll
from .perturbed import network_cost_batch, network_numerical_gradient

__all__ = [
    "numerical_gradient",
    "network_cost_batch",
    "network_numerical_gradient",
    "relative_error",
    "relative_error_elementwise",
    "epsilon_sweep",
    "EpsilonSweep",
    "KinkWarning",
    "check_gradients",
    "GradientCheckReport",
    "check_deltas",
    "DeltaCheck",
]


# --- checking the network ------------------------------------------------------------


def _analytic_gradients(cost_function, thetas, X, y, lam, cost, activation):
    out = cost_function(thetas, X, y, lam=lam, cost=cost, activation=activation)
    if not (isinstance(out, tuple) and len(out) == 2 and len(out[1]) == len(thetas)):
        raise ValueError(f"cost_function must return (J, grads) with one gradient per Θ "
                         f"({len(thetas)}), got {describe(out)}")
    _as_cost(out[0], "cost_function(thetas, X, y, ...)", name="cost_function")
    grads = [as_float_array(f"cost_function's grads[{l}]", g) for l, g in enumerate(out[1])]
    for l, (g, t) in enumerate(zip(grads, thetas)):
        if g.shape != t.shape:
            raise ValueError(f"cost_function's grads[{l}] must have the shape of thetas[{l}] {t.shape}, "
                             f"got {g.shape}")
    return grads


def check_gradients(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", epsilon=1e-4,
                    tolerance=1e-9, cost_function=None, *, worst=5):
    """Check a network's analytic gradient against two-sided finite differences.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``; never modified.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    lam, cost, activation
        As for ``nn_cost_function``.
    epsilon : float
        The step ``ε > 0`` (Ng: ``1e-4``).
    tolerance : float
        The check passes when the relative error is below it (Ng: ``1e-9``).
    cost_function : callable, optional
        ``cost_function(thetas, X, y, lam=..., cost=..., activation=...)
        -> (J, grads)``; default ``nnlesson.nn_cost_function``. Pass your
        own (or one of ``nnlesson.bugs.BUGS``) to check it: its ``grads``
        are compared with the finite differences of its own ``J``.
    worst : int
        How many of the most different entries the report lists.

    Returns
    -------
    GradientCheckReport
        ``.relative_error``, ``.passed``, ``.worst`` (entries named like
        ``Θ^(2)[3, 0]``, analytic beside numeric); prints as a table, and
        renders as one in Jupyter.

    Warns
    -----
    KinkWarning
        With ``activation='relu'``, when ``Θ ± ε`` switches a hidden unit
        on or off in some example.

    Notes
    -----
    .. math:: \\text{relative error} = \\frac{\\lVert D - D_{num}\\rVert}{\\lVert D + D_{num}\\rVert},
              \\qquad D_{num,i} = \\frac{J(\\Theta + \\varepsilon e_i) - J(\\Theta - \\varepsilon e_i)}{2\\varepsilon}

    Ng's ``checkNNGradients`` (notebook 04). For the package's own cost the
    finite differences come from ``network_numerical_gradient``: exact, and
    far cheaper than ``2n`` forward passes. A ``cost_function`` of yours is
    called ``2n + 1`` times.
    """
    thetas, X, Y, lam, cost_pair, g = _prepare(thetas, X, y, lam, cost, activation)
    epsilon = _as_epsilon(epsilon)
    tolerance = as_scalar("tolerance", tolerance, positive=True)
    worst = as_count("worst", worst, minimum=0)
    kinked = []
    if cost_function is None:
        analytic = _cost_and_gradients(thetas, X, Y, lam, cost_pair, g)[1]
        numeric, kinked = network_numerical_gradient(thetas, X, Y, lam, cost, activation, epsilon)
    else:
        if not callable(cost_function):
            raise TypeError(f"cost_function must be a function like nn_cost_function, got {describe(cost_function)}")
        analytic = _analytic_gradients(cost_function, thetas, X, y, lam, cost, activation)
        sizes = layer_sizes_of(thetas)
        J = lambda v: cost_function(roll(v, sizes), X, y, lam=lam, cost=cost, activation=activation)[0]
        numeric = roll(numerical_gradient(J, unroll(thetas), epsilon), sizes)
        if activation == "relu":  # where the kinks are depends on the network, not on the cost function
            kinked = network_numerical_gradient(thetas, X, Y, lam, cost, activation, epsilon)[1]
    kinks = tuple(Entry(l, r, c, 0.0, 0.0).name for l, k in enumerate(kinked, 1) for r, c in np.argwhere(k))
    if kinks:
        warnings.warn(f"Θ ± ε switches a ReLU on or off for {len(kinks)} entries (e.g. {kinks[0]}); "
                      "their finite differences are not derivatives", KinkWarning, stacklevel=2)
    error = relative_error(unroll(analytic), unroll(numeric))
    return GradientCheckReport(error, error < tolerance, tolerance, epsilon,
                               worst_entries(analytic, numeric, worst), analytic, numeric, kinks)


class DeltaCheck(NamedTuple):
    """``δ^(layer)`` from backpropagation beside its finite-difference value (``check_deltas``)."""

    layer: int  # 2..L
    analytic: np.ndarray  # (m, s_layer)
    numeric: np.ndarray  # (m, s_layer)
    relative_error: float
    passed: bool


def check_deltas(thetas, X, y, cost="cross_entropy", activation="sigmoid", epsilon=1e-4, tolerance=1e-7):
    """Check every ``δ^(l)`` against finite differences of the cost with respect to ``z^(l)``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    cost, activation
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
    the rest of the forward pass gives all ``m`` of these in one go.
    Notebook 02 introduces ``δ``; notebook 04 checks it this way.
    """
    thetas, X, Y, _, _, g = _prepare(thetas, X, y, 0.0, cost, activation)
    epsilon = _as_epsilon(epsilon)
    tolerance = as_scalar("tolerance", tolerance, positive=True)
    bp = backpropagate(thetas, X, Y, cost=cost, activation=activation)
    element_cost = COSTS[cost].elementwise

    def example_costs(z, l):  # J_i for every example, z = z^(l) (0-based index l-2 in zs)
        for theta in thetas[l - 1:]:
            z = g.function(z) @ theta[:, 1:].T + theta[:, 0]
        return element_cost(z, Y).sum(axis=1)

    checks = []
    for l in range(2, len(thetas) + 2):
        z = bp.forward.z(l)
        numeric = np.empty_like(z)
        for j in range(z.shape[1]):
            plus, minus = z.copy(), z.copy()
            plus[:, j] += epsilon
            minus[:, j] -= epsilon
            numeric[:, j] = (example_costs(plus, l) - example_costs(minus, l)) / (2 * epsilon)
        error = relative_error(bp.delta(l), numeric)
        checks.append(DeltaCheck(l, bp.delta(l), numeric, error, error < tolerance))
    return checks
