"""The change of the network's cost under one perturbed weight of its last two layers, as a power series.

Used by ``network_numerical_gradient`` (``nnlesson.gradcheck.full``) for
the weights feeding the last hidden layer and the output layer. Adding
``h`` to ``Θ[j, i]`` adds ``u = h x_i`` to one ``z`` per example, and
example ``e``'s cost changes by ``G_e(u)``, a smooth function of the one
number ``u``. Written as its Taylor series, ``G_e(u) = Σ_n γ_{e,n} u^n``,
the change of the summed cost is

.. math:: \\Delta C(h) = \\sum_n h^n \\sum_e \\gamma_{e,n}\\, x_{e,i}^n,

a matrix product per power ``n`` for every ``(i, j)`` at once. ``γ_{e,1}``
is backpropagation's ``δ`` times ``g'``; the higher terms are what makes a
finite difference differ from the derivative. The series is cut after the
power ``N`` where a bound on the rest (Cauchy's estimate, below) is
beneath float64's resolution of the cost, so the two-sided differences are
those of the cost itself, not an approximation of them. When no ``N <=
N_MAX`` is small enough (huge weights or steps), ``None`` tells the caller
to evaluate the perturbed costs directly.

Cauchy's estimate: if ``|G_e| <= M_e`` on the disc ``|u| <= ρ`` of the
complex plane, the terms beyond ``u^N`` add up to at most
``M_e q^(N+1) / (1 - q)`` for ``|u| <= q ρ``. The bounds used, for ``|τ| <= 1``
added to one ``z`` (so ``|Im τ| <= 1 < π/2`` and ``Re e^τ >= cos(1)/e``):
``|log(1 - a + a e^τ)| <= 3.2`` (the binary cross-entropy, and the
softmax's ``log Σ_k p_k e^(τ_k)``), ``|σ(z + τ)| <= 1``; and
``|σ'(w)| <= 1`` for ``|Im w| <= π/2``, ``|tanh'(w)| <= 4`` for
``|Im w| <= π/4``. So ``M_e`` is ``Σ_k (3.2 + |y_k|)`` for the binary
cross-entropy, ``4.2 Σ_k y_k`` for the softmax's, ``Σ_k (1 + |y_k|)²`` for
the squared error of a sigmoid and ``Σ_k |a_k - y_k| + K/2`` of the
identity. The series of the squared error of a softmax is not written;
that pair is evaluated directly.
"""

from math import factorial, pi

import numpy as np
from numpy.polynomial import Polynomial

__all__ = ["SLOPES", "N_MAX", "supports", "compose", "activation_series", "loss_series", "hidden_disc", "cost_changes"]

N_MAX = 12
RESOLUTION = 2.0**-63
"""The rest of a cut series must be below this fraction of ``M``, the bound on one example's cost change.

``M`` (module docstring) is a few units per example, about the size of an
example's cost or larger, so the rest is about a thousandth of float64's
resolution ``2^-52`` of such a cost."""

SLOPES = {"sigmoid": Polynomial([0.0, 1.0, -1.0]), "tanh": Polynomial([1.0, 0.0, -1.0])}
"""``g'`` written as a polynomial of ``a = g(z)``: ``a - a²`` and ``1 - a²`` (``Activation.gradient_from_output``)."""

_DISC = {"sigmoid": (1.0, pi / 2), "tanh": (4.0, pi / 4)}  # (bound on |g'|, half-width of the strip)
_SERIES_LOSSES = {
    ("cross_entropy", "sigmoid"),
    ("cross_entropy", "softmax"),
    ("half_squared_error", "sigmoid"),
    ("half_squared_error", "identity"),
}


def supports(problem, hidden_layer):
    """Can the series give this problem's cost changes (of the last hidden layer's weights if ``hidden_layer``)?"""
    pair = (problem.cost, problem.output)
    return pair in _SERIES_LOSSES and (not hidden_layer or problem.activation in SLOPES)


# --- truncated power series: arrays c of shape (N+1, ...), c[n] the coefficient of t^n -----------


def _mul(a, b):
    out = np.zeros(np.broadcast_shapes(a.shape, b.shape))
    for n in range(out.shape[0]):
        for k in range(n + 1):
            out[n] += a[k] * b[n - k]
    return out


def _log1p(g):
    """``log(1 + g(t))`` for ``g(0) = 0``, from ``(1 + g) L' = g'``."""
    out = np.zeros_like(g)
    for n in range(1, g.shape[0]):
        out[n] = g[n] - sum((n - k) * g[k] * out[n - k] for k in range(1, n)) / n
    return out


def compose(c, d):
    """``c(d(u))`` for ``d(0) = 0`` (Horner's rule on series)."""
    out = np.zeros(np.broadcast_shapes(c.shape, d.shape))
    out[0] = c[-1]
    for n in range(c.shape[0] - 2, -1, -1):
        out = _mul(out, d)
        out[0] += c[n]
    return out


def activation_series(name, a, N):
    """``g(z + u) - g(z) = Σ_n g^(n)(z)/n! u^n`` from ``a = g(z)``: ``g^(n)`` is a polynomial of ``a``."""
    out = np.zeros((N + 1, *a.shape))
    derivative = Polynomial([0.0, 1.0])  # g itself, as a polynomial of a
    for n in range(1, N + 1):
        derivative = derivative.deriv() * SLOPES[name]  # d/dz P(a) = P'(a) g'
        out[n] = derivative(a) / factorial(n)
    return out


# --- the cost of one example along a direction -----------------------------------------------------


def loss_series(problem, a, W, N):
    """Coefficients of ``C_e(z_e + t W[:, d]) - C_e(z_e)`` in ``t``: shape ``(N+1, m, D)``.

    ``a`` is the output ``a^(L)`` (m, K), ``W`` the directions (K, D).
    """
    Y = problem.Y
    powers = [W**n for n in range(N + 1)]
    if problem.output == "softmax":  # cross-entropy: (Σ_k y_k) log Σ_k p_k e^(t w_k) - t y·w
        moments = np.stack(
            [np.zeros((a.shape[0], W.shape[1]))] + [a @ powers[n] / factorial(n) for n in range(1, N + 1)]
        )
        out = _log1p(moments) * Y.sum(axis=1)[:, None]
        out[1] -= Y @ W
        return out
    terms = np.zeros((N + 1, *a.shape))  # the series of one output unit's term in τ = t w_k
    if problem.output == "identity":  # ½ (z + τ - y)²
        terms[1], terms[2] = a - Y, 0.5
    elif problem.cost == "cross_entropy":  # log(1 + e^z) - y z: its derivatives are σ's
        step = activation_series("sigmoid", a, N - 1)  # σ(z + τ) - σ(z)
        terms[1] = a - Y
        for n in range(2, N + 1):
            terms[n] = step[n - 1] / n  # ∫ of σ's series
    else:  # ½ (σ(z + τ) - y)²
        step = activation_series("sigmoid", a, N)
        terms = (a - Y) * step + 0.5 * _mul(step, step)
    return np.stack([np.zeros((a.shape[0], W.shape[1]))] + [terms[n] @ powers[n] for n in range(1, N + 1)])


def hidden_disc(name, W):
    """Per hidden unit ``j``: the radius ``ρ_j`` in ``u`` within which every ``|τ_k| = |Δa_j w_kj| <= 1``."""
    slope, strip = _DISC[name]
    largest = np.max(np.abs(W), axis=0)
    with np.errstate(divide="ignore"):
        return np.minimum(strip, 1.0 / (slope * largest))


def _order(q):
    """The smallest ``N`` whose remainder ``M q^(N+1)/(1-q)`` is below ``RESOLUTION·M``, or ``None``."""
    if q == 0.0:
        return 2
    if q >= 0.5:
        return None
    for N in range(2, N_MAX + 1):
        if q ** (N + 1) / (1.0 - q) <= RESOLUTION:
            return N
    return None


def cost_changes(gamma_of, inputs, steps, radius):
    """``ΔC`` for every weight of one layer and both steps, or ``None`` when no short series is exact.

    Parameters
    ----------
    gamma_of : callable
        ``gamma_of(N)`` -> ``(N+1, m, D)``, each example's series in ``u``.
    inputs : ndarray (m, s)
        What the layer's weights multiply (without the bias unit's ones).
    steps : ndarray (2, D, s+1)
        ``h`` for ``θ + ε`` and ``θ - ε`` as float64 takes them.
    radius : ndarray (D,)
        Per unit ``j``, the radius in ``u`` of the disc where every ``|τ_k| <= 1``.

    Returns
    -------
    ndarray (2, D, s+1)
    """
    scale = np.abs(inputs).max(axis=0)
    scale[scale == 0.0] = 1.0
    inputs = inputs / scale  # in [-1, 1], and the steps grow to match: no power of either can overflow
    steps = steps * np.concatenate([[1.0], scale])
    reach = np.abs(steps).max(axis=0) * np.concatenate([[1.0], np.abs(inputs).max(axis=0)])  # max |u|
    with np.errstate(divide="ignore", invalid="ignore"):
        q = float(np.nanmax(np.where(reach == 0.0, 0.0, reach / radius[:, None])))
    N = _order(q)
    if N is None:
        return None
    gamma = gamma_of(N)
    out = np.zeros(steps.shape)
    power = np.ones_like(inputs)
    for n in range(1, N + 1):
        power = power * inputs
        S = np.concatenate([gamma[n].sum(axis=0)[:, None], gamma[n].T @ power], axis=1)  # (D, s+1)
        out += steps**n * S
    return out
