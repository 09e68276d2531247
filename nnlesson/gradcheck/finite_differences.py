"""Finite differences: the slope of any ``J``, and how far to trust it.

Derived in notebook 04 (gradient checking), after Khanafer's article. The
idea fits in one line: the slope of ``J`` along coordinate ``i`` is close to
the slope of the secant through ``θ - εe_i`` and ``θ + εe_i``,

.. math:: \\frac{\\partial J}{\\partial\\theta_i} \\approx
          \\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}{2\\varepsilon},

and the analytic gradient must agree with it to many digits. This costs
``2n`` evaluations of ``J`` for ``n`` parameters, which is why the check is
run once on a small network and then switched off for training.

The functions here never modify the caller's ``theta``: every perturbed
vector is a new array. ``nnlesson.gradcheck`` applies them to the network.
"""

import warnings
from typing import NamedTuple

import numpy as np

from .._validate import as_float_array
from .arguments import as_batch_size, as_callable, as_cost, as_costs, as_epsilon, as_indices
from .complex_step import complex_step_gradient

__all__ = [
    "numerical_gradient",
    "relative_error",
    "relative_error_elementwise",
    "epsilon_sweep",
    "EpsilonSweep",
    "KinkWarning",
    "complex_step_gradient",
]


class KinkWarning(UserWarning):
    """A finite difference straddled a kink of a piecewise function (a ReLU at ``z = 0``).

    There the secant's slope is not close to any derivative, so a large
    error says nothing about the gradient code.
    """


class EpsilonSweep(NamedTuple):
    """The error of finite differences as ``ε`` varies (``epsilon_sweep``).

    Attributes
    ----------
    epsilons : ndarray of shape (k,)
    one_sided : ndarray of shape (k,)
        ``relative_error`` of ``(J(θ + εe_i) - J(θ)) / ε`` against the analytic gradient.
    two_sided : ndarray of shape (k,)
        ``relative_error`` of ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε`` against it.
    complex_step : ndarray of shape (k,) or None
        ``relative_error`` of the complex step ``Im J(θ + iεe_i) / ε``
        against it, when asked for (``epsilon_sweep(..., complex_step=True)``).
    """

    epsilons: np.ndarray
    one_sided: np.ndarray
    two_sided: np.ndarray
    complex_step: np.ndarray | None = None


# --- the perturbed costs -----------------------------------------------------------


def _shifted_costs(J, theta, epsilon, indices, vectorized, batch_size):
    """``J(θ + εe_i)`` and ``J(θ - εe_i)`` for each ``i`` in ``indices``: two arrays (k,)."""
    if not vectorized:
        plus, minus = np.empty(indices.size), np.empty(indices.size)
        for k, i in enumerate(indices):
            step = np.zeros_like(theta)
            step[i] = epsilon
            plus[k] = as_cost(J(theta + step), f"J(theta + ε e_{i})")
            minus[k] = as_cost(J(theta - step), f"J(theta - ε e_{i})")
        return plus, minus
    # One call of J on a (2b, n) block: b vectors θ + εe_i, then b vectors θ - εe_i.
    if batch_size is None:
        batch_size = max(1, 2**18 // theta.size)  # blocks of about 4 MB
    plus, minus = [], []
    for start in range(0, indices.size, batch_size):
        chunk = indices[start : start + batch_size]
        b = chunk.size
        block = np.tile(theta, (2 * b, 1))
        block[np.arange(b), chunk] += epsilon
        block[np.arange(b, 2 * b), chunk] -= epsilon
        costs = as_costs(J(block), 2 * b)
        plus.append(costs[:b])
        minus.append(costs[b:])
    return np.concatenate(plus), np.concatenate(minus)


def _cost_at(J, theta, vectorized):
    if vectorized:
        return as_costs(J(theta[None, :].copy()), 1)[0]  # a new block: J may write to its argument
    return as_cost(J(theta.copy()))


def _warn_kinks(kinks, theta, epsilon, indices):
    """Warn if the kink pattern ``kinks(θ ± εe_i)`` differs from ``kinks(θ)``."""
    centre = np.asarray(kinks(theta.copy()))
    crossed = []
    for i in indices:
        step = np.zeros_like(theta)
        step[i] = epsilon
        if not (np.array_equal(kinks(theta + step), centre) and np.array_equal(kinks(theta - step), centre)):
            crossed.append(int(i))
    if crossed:
        shown = ", ".join(map(str, crossed[:10])) + (", …" if len(crossed) > 10 else "")
        warnings.warn(
            f"θ ± ε crosses a kink for {len(crossed)} coordinate(s) of theta ({shown}) at ε = {epsilon:g}; "
            "the finite differences there are not derivatives, so do not read their errors as bugs "
            "(move θ away from the kink or use a smaller ε)",
            KinkWarning,
            stacklevel=3,
        )


# --- the public functions ------------------------------------------------------------


def numerical_gradient(J, theta, epsilon=1e-4, vectorized=False, *, indices=None, kinks=None, batch_size=None):
    """The two-sided finite-difference gradient of ``J`` at ``theta``.

    Parameters
    ----------
    J : callable
        ``J(theta) -> float`` for a 1-D ``theta`` of shape ``(n,)``. With
        ``vectorized=True``, ``J(P) -> ndarray (p,)`` for a block ``P`` of
        shape ``(p, n)`` holding ``p`` parameter vectors, one per row (see
        ``network_cost_batch`` for the network's cost in that form).
    theta : array_like of shape (n,)
        Where to take the derivative. Never modified.
    epsilon : float
        The step ``ε > 0``. Ng's exercise uses ``1e-4``.
    vectorized : bool
        Evaluate many perturbed vectors per call of ``J`` (fast when ``J``
        is vectorized, as the network's cost can be).
    indices : array_like of int, optional
        Compute only these coordinates (default: all ``n``).
    kinks : callable, optional
        ``kinks(theta) -> array`` telling which side of every kink ``theta``
        is on, e.g. ``lambda v: X @ v[:-1] + v[-1] > 0`` for one ReLU
        neuron. If ``θ + εe_i`` or ``θ - εe_i`` lands on another side than
        ``θ``, a ``KinkWarning`` is issued (see Notes). Always called with a
        1-D ``theta``.
    batch_size : int, optional
        With ``vectorized=True``, how many coordinates share one call of
        ``J`` (``2 * batch_size`` rows); the default keeps a block near 4 MB.

    Returns
    -------
    ndarray of shape (n,), or (k,) for ``k`` given ``indices``
        ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε``.

    Notes
    -----
    .. math:: \\frac{\\partial J}{\\partial\\theta_i} \\approx
              \\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}{2\\varepsilon}

    Taylor's theorem puts the error at ``ε² J'''/6`` for a smooth ``J``
    (the one-sided ``(J(θ+εe_i) - J(θ))/ε`` is off by ``ε J''/2``); round-off
    adds about ``10^-16 |J| / ε``. Notebook 04 derives both (section "1. The
    secant and the tangent", "Why two-sided?") and shows them with
    ``epsilon_sweep`` (section "2. Choosing ε: the V curve").

    Kinks (notebook 04, section "5. Kinks: where the check must look away").
    Near a kink (a ReLU at ``z = 0``) the secant is not close to any
    tangent. Whether ``θ ± ε`` straddles a kink cannot be told from values
    of ``J`` alone (``|x|`` and ``x²/ε`` agree at ``-ε, 0, ε``), so the
    caller describes the kinks: ``kinks`` returns, for a ``theta``, which
    side of each kink it is on (for ReLUs, the signs of every ``z``). When
    a perturbed vector sees a different pattern than ``theta``, a kink lies
    between them. This is the test of cs231n's notes ("keep track of the
    winners of every max"): it never fires on a smooth stretch and always
    fires when a ReLU switches.
    """
    theta = as_float_array("theta", theta, ndim=1)
    epsilon = as_epsilon(epsilon)
    indices = as_indices(indices, theta.size)
    as_callable("J", J, "a function of theta")
    batch_size = as_batch_size(batch_size)
    if kinks is not None:
        as_callable("kinks", kinks, "a function of theta returning which side of each kink it is on, or None")
        _warn_kinks(kinks, theta, epsilon, indices)
    plus, minus = _shifted_costs(J, theta, epsilon, indices, bool(vectorized), batch_size)
    return (plus - minus) / (2 * epsilon)


def relative_error(a, b):
    """``‖a - b‖ / ‖a + b‖``, the number Ng's gradient check prints.

    Parameters
    ----------
    a, b : array_like of the same shape
        Typically the analytic and the numerical gradient.

    Returns
    -------
    float
        ``0.0`` when ``a`` and ``b`` are equal (two zero vectors included);
        below ``1e-9`` for a correct gradient checked with ``ε = 1e-4``.

    Notes
    -----
    .. math:: \\frac{\\lVert a - b\\rVert}{\\lVert a + b\\rVert}

    Relative, so that it does not depend on the scale of ``J``. ``0/0``
    (two zero vectors) counts as agreement; when ``a = -b ≠ 0`` the result
    is ``inf``, the largest possible disagreement. Both vectors are first
    divided by one power of two near their largest entry: that changes no
    digit of the result, and keeps the squares inside the norms of entries
    like ``1e200`` from overflowing.
    """
    a, b = _pair(a, b)
    largest = max(np.max(np.abs(a)), np.max(np.abs(b)))
    if largest == 0.0:
        return 0.0
    scale = np.ldexp(1.0, np.frexp(largest)[1])  # a power of 2 just above the largest entry: exact division
    a, b = a / scale, b / scale  # entries in (-1, 1): the squares inside the norms cannot overflow
    num, den = np.linalg.norm(a - b), np.linalg.norm(a + b)
    if num == 0.0:
        return 0.0
    if den == 0.0:
        return np.inf
    with np.errstate(over="ignore"):
        return float(num / den)


def relative_error_elementwise(a, b):
    """``|a_i - b_i| / |a_i + b_i|`` for every entry, with the same conventions as ``relative_error``.

    Parameters
    ----------
    a, b : array_like of the same shape

    Returns
    -------
    ndarray of that shape
        0 where the entries are equal.
    """
    a, b = _pair(a, b)
    scale = np.ldexp(1.0, np.frexp(np.maximum(np.abs(a), np.abs(b)))[1])  # per entry, a power of 2
    a, b = a / scale, b / scale  # so that a - b and a + b cannot overflow
    num, den = np.abs(a - b), np.abs(a + b)
    with np.errstate(over="ignore"):
        return np.where(num == 0.0, 0.0, np.where(den == 0.0, np.inf, num / np.where(den == 0.0, 1.0, den)))


def _pair(a, b):
    a = as_float_array("a", a)
    b = as_float_array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    return a, b


def epsilon_sweep(J, theta, analytic, epsilons=None, vectorized=False, complex_step=False):
    """How the error of one- and two-sided differences (and complex steps) depends on ``ε``.

    Parameters
    ----------
    J : callable
        As for ``numerical_gradient`` (``J(theta) -> float``, or with
        ``vectorized=True`` ``J(P) -> (p,)``).
    theta : array_like of shape (n,)
    analytic : array_like of shape (n,)
        The exact gradient at ``theta`` (from backpropagation).
    epsilons : array_like of shape (k,), optional
        Positive steps; default ``np.logspace(-12, 0, 49)``.
    vectorized : bool
    complex_step : bool
        Also measure the complex step ``Im J(θ + iεe_i) / ε``
        (``complex_step_gradient``); ``J`` must then accept complex ``θ``.

    Returns
    -------
    EpsilonSweep
        ``(epsilons, one_sided, two_sided, complex_step)``: for each ``ε``
        the ``relative_error`` of the one-sided ``(J(θ+εe_i) - J(θ)) / ε``,
        of the two-sided difference and (when asked for, else ``None``) of
        the complex step against ``analytic``.

    Notes
    -----
    Plotted on log-log axes each curve is a V (notebook 04, section "2.
    Choosing ε: the V curve"): on the right
    the truncation error, ``∝ ε`` one-sided and ``∝ ε²`` two-sided; on the
    left round-off, ``∝ 10^-16 / ε``. In float64 the two-sided floor lies
    near ``ε ≈ 1e-5``, the one-sided one near ``1e-8``. The complex step
    subtracts nothing, so it has no left arm: its error stays near ``1e-16``
    down to ``ε = 1e-200``.
    """
    theta = as_float_array("theta", theta, ndim=1)
    analytic = as_float_array("analytic", analytic, ndim=1)
    if analytic.shape != theta.shape:
        raise ValueError(f"analytic must have the shape of theta {theta.shape}, got {analytic.shape}")
    if epsilons is None:
        epsilons = np.logspace(-12, 0, 49)
    epsilons = as_float_array("epsilons", epsilons, ndim=1)
    if (epsilons <= 0).any():
        raise ValueError(f"epsilons must all be > 0, got {epsilons[epsilons <= 0][0]}")
    as_callable("J", J, "a function of theta")
    indices = np.arange(theta.size)
    centre = _cost_at(J, theta, bool(vectorized))
    one_sided, two_sided = np.empty(epsilons.size), np.empty(epsilons.size)
    for k, eps in enumerate(epsilons):
        plus, minus = _shifted_costs(J, theta, eps, indices, bool(vectorized), None)
        one_sided[k] = relative_error((plus - centre) / eps, analytic)
        two_sided[k] = relative_error((plus - minus) / (2 * eps), analytic)
    if not complex_step:
        return EpsilonSweep(epsilons, one_sided, two_sided)
    steps = np.array(
        [
            relative_error(complex_step_gradient(J, theta, eps, vectorized=bool(vectorized)), analytic)
            for eps in epsilons
        ]
    )
    return EpsilonSweep(epsilons, one_sided, two_sided, steps)
