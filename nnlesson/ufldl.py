"""UFLDL's notation: weights ``W^(l)``, separate biases ``b^(l)``, examples as columns.

Derived in notebook 01 (the forward pass in both notations) and notebook 03
(UFLDL's cost and how its λ relates to Ng's). This module computes the cost
and gradient *in UFLDL's own convention*, independently of
``nnlesson.network``, so that each checks the other.

The two conventions hold the same numbers:

* ``Θ^(l) = [b^(l)  W^(l)]``: the bias is column 0 of ``Θ``;
* ``X_ufldl = Xᵀ``: UFLDL's examples are the columns.

The two costs are equal when ``λ_UFLDL = λ / m``: UFLDL writes its weight
decay as ``λ/2 ΣW²`` while Ng writes ``λ/(2m) ΣΘ²``; the data terms are both
``(1/m) Σ ½‖h - y‖²`` (``cost="half_squared_error"``). So
``ufldl_cost(Ws, bs, X.T, Y.T, lam / m)[0] ==
nn_cost_function(thetas, X, Y, lam, cost="half_squared_error")[0]``.
"""

import numpy as np

from ._validate import as_float_array, as_scalar, as_thetas, describe
from .activations import logistic

__all__ = ["ufldl_cost", "theta_from_wb", "wb_from_theta"]


def _as_wb(Ws, bs):
    for name, seq in (("Ws", Ws), ("bs", bs)):
        if isinstance(seq, (np.ndarray, str, bytes)) or not hasattr(seq, "__len__"):
            raise TypeError(f"{name} must be a list with one array per layer, got {describe(seq)}")
    if len(Ws) != len(bs):
        raise ValueError(f"Ws and bs must have one entry per layer each, got {len(Ws)} and {len(bs)}")
    if len(Ws) == 0:
        raise ValueError("Ws must hold at least one weight matrix, got none")
    Ws = [as_float_array(f"Ws[{l}]", W, ndim=2) for l, W in enumerate(Ws)]
    out_bs = []
    for l, (W, b) in enumerate(zip(Ws, bs)):
        b = as_float_array(f"bs[{l}]", b)
        if b.ndim == 2 and b.shape[1] == 1:
            b = b[:, 0]
        if b.shape != (W.shape[0],):
            raise ValueError(
                f"bs[{l}] must have shape ({W.shape[0]},), one bias per row of Ws[{l}], got shape {b.shape}"
            )
        if l > 0 and W.shape[1] != Ws[l - 1].shape[0]:
            raise ValueError(
                f"Ws[{l}] must have {Ws[l - 1].shape[0]} columns (Ws[{l - 1}] has "
                f"{Ws[l - 1].shape[0]} rows), got shape {W.shape}"
            )
        out_bs.append(b)
    return Ws, out_bs


def theta_from_wb(Ws, bs):
    """Join UFLDL's ``W^(l)`` and ``b^(l)`` into ``Θ^(l) = [b^(l)  W^(l)]``.

    Parameters
    ----------
    Ws : list of ndarray
        ``Ws[l]`` of shape ``(s[l+1], s[l])``.
    bs : list of ndarray
        ``bs[l]`` of shape ``(s[l+1],)`` (a column ``(s[l+1], 1)`` is accepted).

    Returns
    -------
    list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    """
    Ws, bs = _as_wb(Ws, bs)
    return [np.column_stack([b, W]) for W, b in zip(Ws, bs)]


def wb_from_theta(thetas):
    """Split each ``Θ^(l)`` into UFLDL's ``W^(l) = Θ^(l)[:, 1:]`` and ``b^(l) = Θ^(l)[:, 0]``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.

    Returns
    -------
    Ws : list of ndarray, ``Ws[l]`` of shape ``(s[l+1], s[l])``
    bs : list of ndarray, ``bs[l]`` of shape ``(s[l+1],)``
        New arrays, not views of ``thetas``.
    """
    thetas = as_thetas(thetas)
    return [t[:, 1:].copy() for t in thetas], [t[:, 0].copy() for t in thetas]


def ufldl_cost(Ws, bs, X, Y, lam):
    """UFLDL's cost ``J(W, b)`` and its gradients, examples as columns.

    Parameters
    ----------
    Ws : list of ndarray
        ``Ws[l]`` of shape ``(s[l+1], s[l])``.
    bs : list of ndarray
        ``bs[l]`` of shape ``(s[l+1],)``.
    X : array_like of shape (n, m)
        One example per *column*.
    Y : array_like of shape (K, m)
        Targets, one example per column.
    lam : float
        UFLDL's weight decay ``λ >= 0`` (equal to Ng's ``λ / m``).

    Returns
    -------
    J : float
    dWs : list of ndarray, the shapes of ``Ws``
    dbs : list of ndarray, the shapes of ``bs``

    Notes
    -----
    .. math:: J(W,b) = \\frac{1}{m}\\sum_{i=1}^m \\frac12\\big\\|h_{W,b}(x^{(i)}) - y^{(i)}\\big\\|^2
              + \\frac{\\lambda}{2}\\sum_l \\sum_{i,j} \\big(W^{(l)}_{ji}\\big)^2

    Forward: ``z^(l+1) = W^(l) a^(l) + b^(l)``, ``a^(l+1) = f(z^(l+1))``, ``f``
    the sigmoid. Residuals: ``δ^(n_l) = -(y - a^(n_l)) ⊙ f'(z^(n_l))``,
    ``δ^(l) = (W^(l)ᵀ δ^(l+1)) ⊙ f'(z^(l))``. Gradients:
    ``∇_W^(l) J = (1/m) δ^(l+1) a^(l)ᵀ + λ W^(l)`` and
    ``∇_b^(l) J = (1/m) Σ_i δ^(l+1)``: no weight decay on ``b``.
    """
    Ws, bs = _as_wb(Ws, bs)
    X = as_float_array("X", X, ndim=2)
    if X.shape[0] != Ws[0].shape[1]:
        raise ValueError(
            f"X must have {Ws[0].shape[1]} rows (UFLDL puts examples in columns; one row per "
            f"input unit of Ws[0]), got shape {X.shape}"
        )
    m = X.shape[1]
    Y = as_float_array("Y", Y, ndim=2)
    if Y.shape != (Ws[-1].shape[0], m):
        raise ValueError(f"Y must have shape {(Ws[-1].shape[0], m)} (K outputs × m examples), got {Y.shape}")
    lam = as_scalar("lam", lam, minimum=0)

    a, zs = [X], []
    for W, b in zip(Ws, bs):
        zs.append(W @ a[-1] + b[:, None])
        a.append(logistic(zs[-1]))
    residual = a[-1] - Y
    J = 0.5 * float(np.sum(residual**2)) / m + lam / 2 * sum(float(np.sum(W**2)) for W in Ws)

    f_prime = [s * (1.0 - s) for s in a[1:]]  # f'(z) = f(z)(1 - f(z)), one per z
    delta = residual * f_prime[-1]
    dWs, dbs = [None] * len(Ws), [None] * len(Ws)
    for l in range(len(Ws) - 1, -1, -1):
        dWs[l] = delta @ a[l].T / m + lam * Ws[l]
        dbs[l] = delta.sum(axis=1) / m
        if l > 0:
            delta = (Ws[l].T @ delta) * f_prime[l - 1]
    return J, dWs, dbs
