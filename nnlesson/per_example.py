"""Khanafer's backpropagation algorithm, one training example at a time.

Derived in notebook 02, section "Example by example". This is the
pseudo-code of Khanafer's figure 3 (and UFLDL's), written as loops over
examples and layers with column vectors and an explicit bias unit. It
computes exactly what ``nnlesson.nn_cost_function`` computes, far more
slowly: it is here to be read beside the vectorized version, and to check
it.
"""

import numpy as np

from .activations import ACTIVATIONS
from .network import _prepare

__all__ = ["nn_cost_function_loop"]


def nn_cost_function_loop(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid"):
    """``nn_cost_function`` written as Khanafer's per-example algorithm.

    Parameters and returns are those of ``nnlesson.nn_cost_function``:
    ``(J, grads)`` with ``grads[l]`` the shape of ``thetas[l]``.

    Notes
    -----
    Set ``Δ^(l) = 0`` for every ``l``. For each example ``i = 1..m``:

    1. ``a^(1) = x^(i)``; forward-propagate to get ``a^(l)`` for ``l = 2..L``;
    2. ``δ^(L) = a^(L) - y^(i)`` (cross-entropy) or
       ``(a^(L) - y^(i)) ⊙ g'(z^(L))`` (half squared error);
    3. ``δ^(l) = (Θ^(l)ᵀ δ^(l+1))_{1:} ⊙ g'(z^(l))`` for ``l = L-1, …, 2``;
    4. ``Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ``, with ``a^(l)`` including the bias 1.

    Finally ``D^(l) = Δ^(l) / m + (λ/m) Θ^(l)`` with the bias column of the
    penalty set to 0.
    """
    thetas, X, Y, lam, cost_pair, g = _prepare(thetas, X, y, lam, cost, activation)
    m, L = X.shape[0], len(thetas) + 1
    sigmoid = ACTIVATIONS["sigmoid"]  # the output layer's g
    Deltas = [np.zeros_like(theta) for theta in thetas]
    J = 0.0
    for i in range(m):
        # 1. forward, keeping a^(l) with its bias unit as a column vector
        a = [np.concatenate(([1.0], X[i]))]  # a[0] is a^(1)
        z = [None]  # z[0] stands for the missing z^(1)
        for l, theta in enumerate(thetas):
            z_next = theta @ a[l]
            a_next = g.function(z_next) if l < L - 2 else sigmoid.function(z_next)
            z.append(z_next)
            a.append(np.concatenate(([1.0], a_next)) if l < L - 2 else a_next)
        J += cost_pair.value(z[-1], a[-1], Y[i])
        # 2. the output delta
        delta = [None] * L
        delta[L - 1] = cost_pair.output_delta(z[-1], a[-1], Y[i])
        # 3. hidden deltas, dropping the bias unit's entry
        for l in range(L - 2, 0, -1):
            delta[l] = (thetas[l].T @ delta[l + 1])[1:] * g.gradient(z[l])
        # 4. accumulate
        for l in range(L - 1):
            Deltas[l] += np.outer(delta[l + 1], a[l])
    J /= m
    grads = []
    for theta, Delta in zip(thetas, Deltas):
        penalty = (lam / m) * theta
        penalty[:, 0] = 0.0
        J += lam / (2 * m) * np.sum(theta[:, 1:] ** 2)
        grads.append(Delta / m + penalty)
    return float(J), grads
