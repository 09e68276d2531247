"""The gradient check of a network: backpropagation's gradient beside finite differences, entry by entry.

Derived in notebook 04, section "3. Checking a whole network" (Ng's
``checkNNGradients``). The report it returns (``GradientCheckReport``)
names the entries that disagree most.
"""

import warnings

import numpy as np

from .._validate import as_count, as_float_array, as_scalar, describe
from ..network import cost_and_gradients
from ..params import roll, unroll
from ..problem import prepare
from .arguments import as_cost, as_epsilon
from .finite_differences import KinkWarning, numerical_gradient, relative_error
from .full import differences
from .report import Entry, GradientCheckReport, worst_entries

__all__ = ["check_gradients"]


def _choices(cost, activation, output):
    """The keywords a user's cost function gets: ``output`` only when it is not the default sigmoid,
    so that a function written before output layers could be chosen still works."""
    return {"cost": cost, "activation": activation} | ({} if output == "sigmoid" else {"output": output})


def _analytic_gradients(cost_function, thetas, X, y, lam, choices):
    out = cost_function([t.copy() for t in thetas], X, y, lam=lam, **choices)
    if not (isinstance(out, tuple) and len(out) == 2):
        raise ValueError(
            f"cost_function must return (J, grads) with one gradient per Θ ({len(thetas)}), got {describe(out)}"
        )
    grads = out[1]
    if isinstance(grads, (str, bytes, np.ndarray)) or not hasattr(grads, "__len__") or len(grads) != len(thetas):
        raise TypeError(
            f"cost_function must return (J, grads) with grads a list of one gradient per Θ "
            f"({len(thetas)}), got grads = {describe(grads)}"
        )
    as_cost(out[0], "cost_function(thetas, X, y, ...)", name="cost_function")
    grads = [as_float_array(f"cost_function's grads[{l}]", g) for l, g in enumerate(grads)]
    for l, (g, t) in enumerate(zip(grads, thetas)):
        if g.shape != t.shape:
            raise ValueError(f"cost_function's grads[{l}] must have the shape of thetas[{l}] {t.shape}, got {g.shape}")
    return grads


def check_gradients(
    thetas,
    X,
    y,
    lam=0.0,
    cost="cross_entropy",
    activation="sigmoid",
    output="sigmoid",
    epsilon=1e-4,
    tolerance=1e-9,
    cost_function=None,
    *,
    worst=5,
):
    """Check a network's analytic gradient against two-sided finite differences.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``; never modified.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    lam, cost, activation, output
        As for ``nn_cost_function``.
    epsilon : float
        The step ``ε > 0`` (Ng: ``1e-4``).
    tolerance : float
        The check passes when the relative error is below it (Ng: ``1e-9``).
    cost_function : callable, optional
        ``cost_function(thetas, X, y, lam=..., cost=..., activation=...,
        output=...) -> (J, grads)``; default ``nnlesson.nn_cost_function``.
        ``output=`` is passed only when it is not ``'sigmoid'``.
        Pass your own (or one of ``nnlesson.bugs.BUGS``) to check it: its
        ``grads`` are compared with the finite differences of its own ``J``.
        It is handed copies of ``thetas``, never your arrays.
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
    finite differences come from ``network_numerical_gradient``: the same
    numbers, for far less than ``2n`` forward passes. A ``cost_function`` of
    yours is called ``2n + 1`` times.
    """
    thetas, problem = prepare(thetas, X, y, lam, cost, activation, output)
    epsilon = as_epsilon(epsilon)
    tolerance = as_scalar("tolerance", tolerance, positive=True)
    worst = as_count("worst", worst, minimum=0)
    kinked = []
    if cost_function is None:
        analytic = cost_and_gradients(thetas, problem)[1]
        numeric, kinked = differences(thetas, problem, epsilon)
    else:
        if not callable(cost_function):
            raise TypeError(f"cost_function must be a function like nn_cost_function, got {describe(cost_function)}")
        choices = _choices(cost, activation, output)
        analytic = _analytic_gradients(cost_function, thetas, X, y, problem.lam, choices)
        sizes = list(problem.layer_sizes)

        def J(v):  # v is a new vector each time: the caller's thetas never reach cost_function
            out = cost_function(roll(v, sizes), X, y, lam=problem.lam, **choices)
            if not (isinstance(out, tuple) and len(out) == 2):
                raise ValueError(f"cost_function must return (J, grads), got {describe(out)}")
            return as_cost(out[0], "cost_function(thetas, X, y, ...)", name="cost_function")

        numeric = roll(numerical_gradient(J, unroll(thetas), epsilon), sizes)
        if activation == "relu":  # where the kinks are depends on the network, not on the cost function
            kinked = differences(thetas, problem, epsilon)[1]
    kinks = tuple(Entry(l, r, c, 0.0, 0.0).name for l, k in enumerate(kinked, 1) for r, c in np.argwhere(k))
    if kinks:
        warnings.warn(
            f"Θ ± ε switches a ReLU on or off for {len(kinks)} entries (e.g. {kinks[0]}); "
            "their finite differences are not derivatives",
            KinkWarning,
            stacklevel=2,
        )
    error = relative_error(unroll(analytic), unroll(numeric))
    return GradientCheckReport(
        error, error < tolerance, tolerance, epsilon, worst_entries(analytic, numeric, worst), analytic, numeric, kinks
    )
