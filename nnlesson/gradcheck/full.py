"""The network's cost at many perturbed parameter vectors, fast, and the full gradient check built on it.

Notebook 04 uses ``network_cost_batch`` in section "2. Choosing ε: the V
curve" and the full check in "3. Checking a whole network"; section "6. Why
gradient checking is switched off during training" counts what the naive
check costs. A gradient check needs ``J(Θ ± εe_i)`` for every
parameter: ``2n`` costs, each a full forward pass. Two ways to need less
work, neither approximating anything:

* ``network_cost_batch`` evaluates the cost for a block of ``p`` parameter
  vectors in one vectorized pass (stacked matrix products), instead of
  ``p`` separate calls. That is the fast path of ``numerical_gradient``.
* ``network_numerical_gradient`` uses what one perturbed weight changes.
  Adding ``h`` to ``Θ^(l)[j, i]`` changes only column ``j`` of
  ``z^(l+1)``, by ``h a^(l)[:, i]`` (by ``h`` for the bias, ``i = 0``). The
  next layer's ``z`` changes by a rank-one term, and only the layers after
  it run again. For the last two layers the change of each example's cost
  is a power series in that one number (``nnlesson.gradcheck.series``), so
  the changes for every weight come out of a few matrix products.
"""

import numpy as np

from .._validate import as_count, as_float_array, as_order, describe
from ..network import forward, linear
from ..params import theta_shapes
from ..problem import prepare
from . import series
from .arguments import as_epsilon

__all__ = ["network_cost_batch", "network_numerical_gradient", "differences"]


def network_cost_batch(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid", order="C"):
    """The network's cost as a function of many unrolled parameter vectors at once.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``; only the shapes are
        used (the returned function takes the weights as its argument).
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    lam, cost, activation, output
        As for ``nn_cost_function``.
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
    for every row of ``P`` at once: ``z^(l+1) = [1 a^(l)] Θ^(l)ᵀ`` becomes a
    stack of ``p`` matrix products that numpy runs in one call. For Ng's
    3-5-3 check this is one call of ``J`` instead of ``2n = 76``.
    """
    thetas, problem = prepare(thetas, X, y, lam, cost, activation, output)
    order = as_order(order)
    shapes = theta_shapes(problem.layer_sizes)
    total = sum(r * c for r, c in shapes)

    def J(P):
        P = as_float_array("theta", P)
        if P.ndim not in (1, 2) or P.shape[-1] != total:
            raise ValueError(f"theta must have shape ({total},) or (p, {total}), got {describe(P)}")
        block = np.atleast_2d(P)
        weights = [_stacked(block, start, shape, order) for start, shape in zip(_starts(shapes), shapes)]
        fp = forward(weights, problem.X, problem.hidden, problem.out)
        penalty = sum(np.sum(W[:, :, 1:] ** 2, axis=(1, 2)) for W in weights)
        costs = np.sum(problem.loss.elementwise(fp.zs[-1], problem.Y), axis=(1, 2)) / problem.m
        costs += problem.lam / (2 * problem.m) * penalty
        return costs if P.ndim == 2 else float(costs[0])

    return J


def _starts(shapes):
    return np.cumsum([0] + [r * c for r, c in shapes[:-1]])


def _stacked(block, start, shape, order):
    """``Θ^(l)`` of every row of ``block``: shape ``(p, r, c)``."""
    r, c = shape
    flat = block[:, start : start + r * c]
    return flat.reshape(-1, r, c) if order == "C" else flat.reshape(-1, c, r).transpose(0, 2, 1)


def network_numerical_gradient(
    thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid", epsilon=1e-4, block_size=2**21
):
    """The two-sided finite-difference gradient of the network's cost, for every weight.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``; never modified.
    X, y, lam, cost, activation, output
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
        some example (always False for the sigmoid and tanh).

    Notes
    -----
    The numbers of ``numerical_gradient`` on the unrolled cost, without
    ``2n`` forward passes. With ``h = (θ + ε) - θ`` as float64 actually
    stores it, adding ``h`` to ``Θ^(l)[j, i]`` gives

    .. math:: z^{(l+1)}_{:,j} \\mathrel{+}= h\\, a^{(l)}_{:,i}, \\qquad
              z^{(l+2)} \\mathrel{+}= \\big(g(z^{(l+1)}_{:,j}) - a^{(l+1)}_{:,j}\\big)\\,
              \\Theta^{(l+1)}_{:,\\,j+1}{}^T

    then ordinary forward propagation for the later layers. The change in
    ``J`` is the sum of the changed per-example costs over ``m``, plus
    ``λ/(2m) ((θ+h)² - θ²)`` for a non-bias weight. For the last two layers
    the per-example changes are summed as power series (module docstring).
    """
    thetas, problem = prepare(thetas, X, y, lam, cost, activation, output)
    epsilon = as_epsilon(epsilon)
    if block_size is None or isinstance(block_size, float):
        raise TypeError(f"block_size must be an integer number of array entries, got {describe(block_size)}")
    return differences(thetas, problem, epsilon, as_count("block_size", block_size, minimum=1))


def differences(thetas, problem, epsilon, block_size=2**21):
    """``network_numerical_gradient`` on arguments already checked: ``thetas`` and a ``Problem``."""
    fp = forward(thetas, problem.X, problem.hidden, problem.out)
    last = len(thetas) - 1
    numeric, kinked = [], []
    for l, theta in enumerate(thetas):
        steps = np.stack([(theta + epsilon) - theta, (theta - epsilon) - theta])  # the steps float64 takes
        changes, kink = None, np.zeros(theta.shape, dtype=bool)
        if l >= last - 1 and series.supports(problem, hidden_layer=l < last):
            changes = _series_changes(thetas, problem, fp, l, steps)
        if changes is None:
            changes, kink = _direct_changes(thetas, problem, fp, l, steps, block_size)
        dJ = changes / problem.m
        dJ[:, :, 1:] += problem.lam / (2 * problem.m) * (2 * theta[:, 1:] + steps[:, :, 1:]) * steps[:, :, 1:]
        numeric.append((dJ[0] - dJ[1]) / (2 * epsilon))
        kinked.append(kink)
    return numeric, kinked


def _series_changes(thetas, problem, fp, l, steps):
    """The summed cost changes ``(2, r, c)`` of layer ``l`` (one of the last two) from power series."""
    aL = fp.activations[-1]
    if l == len(thetas) - 1:  # an output weight moves one z^(L)_k by u = h a_i
        K = thetas[l].shape[0]
        return series.cost_changes(
            lambda N: series.loss_series(problem, aL, np.eye(K), N), fp.activations[l], steps, np.ones(K)
        )
    W = thetas[l + 1][:, 1:]  # how hidden unit j reaches the outputs

    def gamma(N):
        hidden = series.activation_series(problem.activation, fp.activations[l + 1], N)
        return series.compose(series.loss_series(problem, aL, W, N), hidden)

    return series.cost_changes(gamma, fp.activations[l], steps, series.hidden_disc(problem.activation, W))


def _direct_changes(thetas, problem, fp, l, steps, block_size):
    """The summed cost changes ``(2, r, c)`` of layer ``l`` by running the perturbed rest of the network.

    Perturbations of one column ``i`` are handled together, in the rows
    ``R`` where ``a^(l)[:, i] != 0`` (elsewhere nothing changes).
    """
    theta = thetas[l]
    rows, cols = theta.shape
    loss = problem.loss
    base = loss.elementwise(fp.zs[-1], problem.Y).sum(axis=1)  # each example's cost
    width = max(t.shape[0] for t in thetas[l:])
    changes, kink = np.zeros(steps.shape), np.zeros(theta.shape, dtype=bool)
    for i in range(cols):
        x = np.ones(problem.m) if i == 0 else fp.activations[l][:, i - 1]
        R = np.flatnonzero(x)
        if R.size == 0:
            continue  # J does not depend on Θ[:, i]
        chunk = max(1, block_size // (2 * R.size * width))
        for start in range(0, rows, chunk):
            js = np.arange(start, min(start + chunk, rows))
            h = np.concatenate([steps[0, js, i], steps[1, js, i]])
            z, crossed = _perturbed_output(thetas, problem, fp, l, np.tile(js, 2), x[R], R, h)
            change = (loss.elementwise(z, problem.Y[R]).sum(axis=2) - base[R]).sum(axis=1)
            changes[0, js, i], changes[1, js, i] = change[: js.size], change[js.size :]
            kink[js, i] = crossed[: js.size] | crossed[js.size :]
    return changes, kink


def _perturbed_output(thetas, problem, fp, l, js, x, R, h):
    """``z^(L)`` in rows ``R`` when ``Θ^(l+1)[js[b], i] += h[b]`` (``x`` = what it multiplies): ``(B, |R|, K)``.

    Also which perturbations moved a hidden ``z`` across the ReLU's kink at 0.
    """
    relu = problem.activation == "relu"
    z = fp.zs[l][R][:, js].T + h[:, None] * x  # (B, |R|): the perturbed column js[b] of z^(l+1)
    if l == len(thetas) - 1:
        out = np.repeat(fp.zs[l][R][None], js.size, axis=0)
        out[np.arange(js.size), :, js] = z
        return out, np.zeros(js.size, dtype=bool)
    before = fp.zs[l][R][:, js].T
    crossed = np.any((z > 0) != (before > 0), axis=1) if relu else np.zeros(js.size, dtype=bool)
    da = problem.hidden.function(z) - fp.activations[l + 1][R][:, js].T
    z = fp.zs[l + 1][R] + da[:, :, None] * thetas[l + 1][:, js + 1].T[:, None, :]  # rank-one update
    for u in range(l + 2, len(thetas)):
        if relu:
            crossed |= np.any((z > 0) != (fp.zs[u - 1][R] > 0), axis=(1, 2))
        z = linear(problem.hidden.function(z), thetas[u])
    return z, crossed
