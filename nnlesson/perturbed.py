"""The network's cost at many perturbed parameter vectors, fast and exactly.

Derived in notebook 04, section "Checking a big network". A gradient check
needs ``J(Θ ± εe_i)`` for every parameter: ``2n`` costs, each a full
forward pass. Two things make that cheaper without approximating anything:

* ``network_cost_batch`` evaluates the cost for a block of ``p`` parameter
  vectors in one vectorized pass (stacked matrix products), instead of
  ``p`` separate calls. That is the fast path of ``numerical_gradient``.
* ``network_numerical_gradient`` uses what one perturbed weight changes.
  Adding ``h`` to ``Θ^(l)[j, i]`` changes only column ``j`` of
  ``z^(l+1)``, by ``h a^(l)[:, i]`` (by ``h`` for the bias, ``i = 0``), and
  only in the rows (examples) where ``a^(l)[:, i] != 0``. From the cached
  forward pass, the rest of the network is recomputed for those rows, with
  a rank-1 update of ``z^(l+2)``; the cost is compared entry by entry with
  the cached cost. Same numbers as ``2n`` full evaluations, up to
  round-off, for a fraction of the work.
"""

import numpy as np

from ._validate import as_float_array, as_order, as_scalar, describe
from .costs import COSTS
from .network import _forward, _prepare

__all__ = ["network_cost_batch", "network_numerical_gradient"]


def network_cost_batch(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", order="C"):
    """The network's cost as a function of many unrolled parameter vectors at once.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``; only the shapes are
        used (the returned function takes the weights as its argument).
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    lam : float
        ``λ >= 0``.
    cost : {'cross_entropy', 'half_squared_error'}
    activation : {'sigmoid', 'relu'}
    order : {'C', 'F'}
        How the vectors are unrolled (``nnlesson.unroll``).

    Returns
    -------
    callable
        ``J(P)``: for ``P`` of shape ``(p, N)``, ``N = Σ_l s_{l+1}(s_l + 1)``,
        the ``(p,)`` costs ``J(Θ)`` of its rows; for a 1-D ``P`` of shape
        ``(N,)``, one float. Use it with ``numerical_gradient(...,
        vectorized=True)``.

    Notes
    -----
    The same cost as ``nn_cost_function`` (Khanafer's equation 1), computed
    for every row of ``P`` at once: ``z^(l+1) = a^(l) W^T + b`` becomes a
    stack of ``p`` matrix products, ``(p, m, s_l) @ (p, s_l, s_{l+1})``,
    that numpy runs in one call. For Ng's 3-5-3 check this is one call of
    ``J`` instead of ``2n = 76``.
    """
    thetas, X, Y, lam, _, g = _prepare(thetas, X, y, lam, cost, activation)
    order = as_order(order)
    element_cost = COSTS[cost].elementwise
    shapes = [t.shape for t in thetas]
    total = sum(r * c for r, c in shapes)
    m = X.shape[0]

    def J(P):
        P = as_float_array("theta", P)
        if P.ndim not in (1, 2) or P.shape[-1] != total:
            raise ValueError(f"theta must have shape ({total},) or (p, {total}), got {describe(P)}")
        block = np.atleast_2d(P)
        a, start, penalty = X, 0, 0.0
        for l, (r, c) in enumerate(shapes):
            flat = block[:, start:start + r * c]
            start += r * c
            W = flat.reshape(-1, r, c) if order == "C" else flat.reshape(-1, c, r).transpose(0, 2, 1)
            z = a @ W[:, :, 1:].transpose(0, 2, 1) + W[:, None, :, 0]  # (p, m, s_{l+1})
            a = g.function(z)
            penalty = penalty + np.sum(W[:, :, 1:] ** 2, axis=(1, 2))
        costs = np.sum(element_cost(z, Y), axis=(1, 2)) / m + lam / (2 * m) * penalty
        return costs if P.ndim == 2 else float(costs[0])

    return J


def network_numerical_gradient(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid",
                               epsilon=1e-4, block_size=2**21):
    """The two-sided finite-difference gradient of the network's cost, for every weight.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    X, y, lam, cost, activation
        As for ``nn_cost_function``.
    epsilon : float
        The step ``ε > 0``.
    block_size : int
        Work in blocks of about this many array entries (memory vs. speed).

    Returns
    -------
    numeric : list of ndarray
        ``numeric[l][j, i] = (J(Θ^(l+1)[j, i] + ε) - J(Θ^(l+1)[j, i] - ε)) / 2ε``,
        the shape of ``thetas[l]``.
    kinked : list of ndarray of bool
        The same shapes: True where ``Θ ± ε`` switches a ReLU on or off in
        some example (always False for the sigmoid).

    Notes
    -----
    Exactly the numbers of ``numerical_gradient`` on the unrolled cost, up
    to round-off, without ``2n`` full forward passes (module docstring).
    With ``h = (θ + ε) - θ`` as float64 actually stores it, adding ``h`` to
    ``Θ^(l)[j, i]`` gives, in the rows ``R`` where ``a^(l)[:, i] != 0``:

    .. math:: z^{(l+1)}_{R,j} \\mathrel{+}= h\\, a^{(l)}_{R,i}, \\qquad
              z^{(l+2)}_{R} \\mathrel{+}= \\big(g(z^{(l+1)}_{R,j}) - a^{(l+1)}_{R,j}\\big)\\,
              \\Theta^{(l+1)}_{:,\\,j+1}{}^T

    then ordinary forward propagation for the later layers, all for the
    ``s_{l+1}`` weights of one column ``i`` (and both signs) at once. The
    change in ``J`` is the sum of the changed per-example costs, plus
    ``λ/(2m) ((θ+h)² - θ²)`` for a non-bias weight. For Ng's 400-25-10
    network a perturbed ``Θ^(1)`` weight touches ``m × 10`` output costs
    instead of running ``m × (400 × 25 + 25 × 10)`` multiply-adds again.
    """
    thetas, X, Y, lam, _, g = _prepare(thetas, X, y, lam, cost, activation)
    epsilon = as_scalar("epsilon", epsilon, positive=True)
    element_cost = COSTS[cost].elementwise
    m = X.shape[0]
    fp = _forward(thetas, X, g)
    base = element_cost(fp.zs[-1], Y)  # (m, K): each example's cost per output unit
    numeric, kinked = [], []
    for l, theta in enumerate(thetas):
        grad, kink = np.empty_like(theta), np.zeros(theta.shape, dtype=bool)
        a = fp.activations[l]
        rows_of_j = theta.shape[0]
        width = max(t.shape[0] for t in thetas[l:])  # the widest layer a perturbation reaches
        for i in range(theta.shape[1]):
            x = np.ones(m) if i == 0 else a[:, i - 1]  # what Θ[j, i] multiplies
            R = np.flatnonzero(x)
            if R.size == 0:  # an input that is 0 in every example: J does not depend on Θ[:, i]
                grad[:, i] = _penalty_slope(theta[:, i], epsilon, lam, m)  # i > 0: the bias input is 1
                continue
            chunk = max(1, block_size // (2 * R.size * width))
            for start in range(0, rows_of_j, chunk):
                js = np.arange(start, min(start + chunk, rows_of_j))
                w = theta[js, i]
                h = np.concatenate([(w + epsilon) - w, (w - epsilon) - w])  # the steps float64 takes
                dC, crossed = _cost_changes(thetas, fp, Y, base, element_cost, g, l, np.tile(js, 2), x, R, h,
                                            relu=activation == "relu")
                dJ = dC / m
                if i > 0:
                    dJ += lam / (2 * m) * (2 * np.tile(w, 2) + h) * h  # (θ+h)² - θ²
                b = js.size
                grad[js, i] = (dJ[:b] - dJ[b:]) / (2 * epsilon)
                kink[js, i] = crossed[:b] | crossed[b:]
        numeric.append(grad)
        kinked.append(kink)
    return numeric, kinked


def _penalty_slope(w, epsilon, lam, m):
    plus, minus = (w + epsilon) - w, (w - epsilon) - w
    return lam / (2 * m) * ((2 * w + plus) * plus - (2 * w + minus) * minus) / (2 * epsilon)


def _cost_changes(thetas, fp, Y, base, element_cost, g, l, js, x, R, h, relu):
    """Change of the summed cost when ``Θ^(l+1)[js[k], i] += h[k]``; rows ``R`` only.

    Returns the ``(B,)`` changes and a ``(B,)`` flag: did a hidden ReLU
    switch (some hidden ``z`` change sign)? Always False unless ``relu``.
    """
    last = len(thetas) - 1
    z = fp.zs[l][R][:, js].T + h[:, None] * x[R]  # (B, |R|): column j of z^(l+2), perturbed
    if l == last:  # an output unit: only its own cost column changes
        change = element_cost(z, Y[R][:, js].T) - base[R][:, js].T
        return change.sum(axis=1), np.zeros(js.size, dtype=bool)
    crossed = _switched(relu, z, fp.zs[l][R][:, js].T, axis=1)
    da = g.function(z) - fp.activations[l + 1][R][:, js].T  # (B, |R|)
    z = fp.zs[l + 1][R] + da[:, :, None] * thetas[l + 1][:, js + 1].T[:, None, :]  # rank-1 update
    for u in range(l + 2, len(thetas)):
        crossed |= _switched(relu, z, fp.zs[u - 1][R], axis=(1, 2))
        z = g.function(z) @ thetas[u][:, 1:].T + thetas[u][:, 0]
    return (element_cost(z, Y[R]) - base[R]).sum(axis=(1, 2)), crossed


def _switched(relu, z, z_before, axis):
    """Which perturbed vectors moved a hidden ``z`` across the ReLU's kink at 0."""
    if not relu:
        return np.zeros(z.shape[0], dtype=bool)
    return np.any((z > 0) != (z_before > 0), axis=axis)
