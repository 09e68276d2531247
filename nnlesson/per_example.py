"""Khanafer's backpropagation algorithm, one training example at a time.

Derived in notebook 02, section "Example by example". This is the
pseudo-code of Khanafer's figure 3 (and UFLDL's), written as loops over
examples and layers with column vectors and an explicit bias unit. It
computes exactly what ``nnlesson.nn_cost_function`` computes, far more
slowly: it is here to be read beside the vectorized version, and to check
it.
"""

import numpy as np

from .costs import MATCHING
from .problem import prepare

__all__ = ["nn_cost_function_loop"]


def _output_jacobian(output, a):
    """``∂a_k/∂z_j`` of the output layer for one example, as a ``K × K`` matrix."""
    if output == "softmax":
        return np.diag(a) - np.outer(a, a)
    if output == "sigmoid":
        return np.diag(a * (1.0 - a))
    return np.eye(a.size)  # identity


def nn_cost_function_loop(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid"):
    """``nn_cost_function`` written as Khanafer's per-example algorithm.

    Parameters and returns are those of ``nnlesson.nn_cost_function``:
    ``(J, grads)`` with ``grads[l]`` the shape of ``thetas[l]``.

    Notes
    -----
    Set ``Δ^(l) = 0`` for every ``l``. For each example ``i = 1..m``:

    1. ``a^(1) = x^(i)``; forward-propagate to get ``a^(l)`` for ``l = 2..L``;
    2. ``δ^(L) = a^(L) - y^(i)`` for the matching pairs (sigmoid or softmax
       with cross-entropy, identity with the squared error); otherwise the
       chain rule with the output's Jacobian matrix,
       ``δ^(L) = (∂a/∂z)ᵀ (a^(L) - y^(i))``;
    3. ``δ^(l) = (Θ^(l)ᵀ δ^(l+1))_{1:} ⊙ g'(z^(l))`` for ``l = L-1, …, 2``;
    4. ``Δ^(l) := Δ^(l) + δ^(l+1) (a^(l))ᵀ``, with ``a^(l)`` including the bias 1.

    Finally ``D^(l) = Δ^(l) / m + (λ/m) Θ^(l)`` with the bias column of the
    penalty set to 0.
    """
    thetas, p = prepare(thetas, X, y, lam, cost, activation, output)
    X, Y, lam, g, out = p.X, p.Y, p.lam, p.hidden, p.out
    m, L = X.shape[0], len(thetas) + 1
    Deltas = [np.zeros_like(theta) for theta in thetas]
    J = 0.0
    for i in range(m):
        # 1. forward, keeping a^(l) with its bias unit as a column vector
        a = [np.concatenate(([1.0], X[i]))]  # a[0] is a^(1)
        z = [None]  # z[0] stands for the missing z^(1)
        for l, theta in enumerate(thetas):
            z_next = theta @ a[l]
            if l < L - 2:
                z.append(z_next)
                a.append(np.concatenate(([1.0], g.function(z_next))))
            else:
                z.append(z_next)
                a.append(out.function(z_next))
        J += p.loss.value(z[-1], a[-1], Y[i])
        # 2. the output delta
        delta = [None] * L
        if (cost, output) in MATCHING:
            delta[L - 1] = a[-1] - Y[i]
        else:
            delta[L - 1] = _output_jacobian(output, a[-1]).T @ (a[-1] - Y[i])
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
