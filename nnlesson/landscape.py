"""The numbers behind the pictures: the cost over a grid of two weights, and the cost along one parameter.

Nothing here draws: ``nnlesson.plots`` draws these numbers, ``nnlesson.widgets`` wires sliders to them.

* ``cost_surface`` (notebook 03, section 9 "How λ reshapes the cost"):
  ``J(Θ)`` over a grid of two weights, every other weight held at its
  current value. It is kept as the λ-free data term and the penalty, so
  that ``J(λ) = data + λ/(2m) · penalty`` for any ``λ``.
* ``cost_slice`` (notebook 04, section 1 "The secant and the tangent"):
  ``J`` along one coordinate ``θ_i`` of a parameter vector, the tangent's
  slope there, and the secants through ``θ ± ε`` (``Slice.secants``,
  ``secant_table``).

Numbering: parameters are ``(layer, row, col)``, ``layer`` from 1 as in the notebooks (``Θ^(1)`` is
``thetas[0]``), ``row`` and ``col`` from 0 as numpy counts; column 0 multiplies the bias unit.
"""

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from ._validate import (
    MAX_RESOLUTION,
    as_count,
    as_float_array,
    as_lam,
    as_resolution,
    as_scalar,
    as_span,
    checked_cost,
    describe,
    length_of,
)
from .gradcheck import relative_error_elementwise
from .network import cost_and_gradients, linear
from .problem import prepare

__all__ = [
    "MAX_RESOLUTION",
    "CHUNK_ELEMENTS",
    "CostSurface",
    "cost_surface",
    "descent_arrow",
    "Slice",
    "Secants",
    "SecantTable",
    "cost_slice",
    "widen",
    "secant_table",
]

CHUNK_ELEMENTS = 2_000_000
"""The most float64 numbers in one intermediate array of the grid's evaluation."""


# --- the cost over two weights ---------------------------------------------------------


def as_params(params, thetas):
    """Two distinct ``(layer, row, col)`` triples that exist in ``thetas``."""
    if length_of(params) != 2:
        raise ValueError(
            f"params must be two (layer, row, col) triples, e.g. [(1, 0, 1), (2, 1, 2)], got {describe(params)}"
        )
    out = []
    for k, triple in enumerate(params):
        name = f"params[{k}]"
        if length_of(triple) != 3:
            raise ValueError(f"{name} must be a (layer, row, col) triple, got {describe(triple)}")
        layer = as_count(f"{name} layer", triple[0], minimum=1)
        if layer > len(thetas):
            raise ValueError(f"{name} layer must be 1..{len(thetas)} (Θ^(1) … Θ^({len(thetas)})), got {layer}")
        shape = thetas[layer - 1].shape
        row = as_count(f"{name} row", triple[1], minimum=0)
        col = as_count(f"{name} col", triple[2], minimum=0)
        if row >= shape[0] or col >= shape[1]:
            raise ValueError(
                f"{name} index ({row}, {col}) is out of range for Θ^({layer}) of shape {shape} "
                f"(rows 0..{shape[0] - 1}, columns 0..{shape[1] - 1})"
            )
        out.append((layer, row, col))
    if out[0] == out[1]:
        raise ValueError(f"params must name two different weights, got {out[0]} twice")
    return tuple(out)


def data_cost_grid(thetas, problem, params, offsets):
    """The (r, r) λ = 0 costs ``data[i, j]``, ``params[0]`` moved by ``offsets[j]``, ``params[1]`` by ``offsets[i]``.

    ``thetas`` and ``problem`` are trusted (from ``prepare``). The layers before the first moved weight
    are computed once; after it every grid point has its own activations,
    stacked along a leading axis, and a moved weight ``Θ[row, col] + d``
    only adds ``d · a_col`` to column ``row`` of ``z``. Grid points go
    through in chunks of at most ``CHUNK_ELEMENTS`` numbers per array.
    """
    moved = {}
    for k, (layer, row, col) in enumerate(params):
        moved.setdefault(layer - 1, []).append((row, col, k))
    first, last = min(moved), len(thetas) - 1
    a, Y, m = problem.X, problem.Y, problem.m
    for l in range(first):
        a = problem.hidden.function(linear(a, thetas[l]))
    r, points = offsets.size, offsets.size**2
    widest = max(t.shape[0] for t in thetas[first:]) + max(t.shape[1] for t in thetas[first:])
    chunk = max(1, CHUNK_ELEMENTS // (m * widest))
    sums = np.empty(points)
    for start in range(0, points, chunk):
        stop = min(start + chunk, points)
        index = np.arange(start, stop)
        d = (offsets[index % r], offsets[index // r])  # x varies fastest: row i of the grid is y = offsets[i]
        b = a
        for l in range(first, len(thetas)):
            if b.ndim == 2:  # still the same for every grid point
                z = np.repeat(linear(b, thetas[l])[None], stop - start, axis=0)
            else:  # one product for the whole chunk
                q, _, s = b.shape
                z = linear(b.reshape(q * m, s), thetas[l]).reshape(q, m, -1)
            for row, col, k in moved.get(l, ()):
                unit = 1.0 if col == 0 else b[..., col - 1]
                z[:, :, row] += d[k][:, None] * unit
            b = problem.out.function(z) if l == last else problem.hidden.function(z)
        sums[start:stop] = np.sum(problem.loss.elementwise(z, Y), axis=(1, 2))
    return (sums / m).reshape(r, r)


@dataclass(frozen=True)
class CostSurface:
    """``J`` over a grid of two weights, split into what ``λ`` multiplies and what it does not.

    ``J(λ) = data + λ/(2m) · penalty`` on the grid and at the current
    point, and ``∇J(λ) = gradient + (λ/m) · weights``: a new ``λ`` costs two
    array operations, not a new pass over the data.

    Attributes
    ----------
    params : the two ``(layer, row, col)`` on the x- and y-axis; ``centre``: their current values.
    axes : ``(x, y)``, the (r,) values along each axis.
    data : (r, r), the λ = 0 cost; ``data[i, j]`` is at ``(x[j], y[i])``.
    penalty : (r, r), ``Σ_l Σ_{j, i≥1} (Θ^(l)_{ji})²`` on the grid.
    data0, penalty0 : the same at the current ``Θ``.
    gradient : (N,), the unrolled λ = 0 gradient at the current ``Θ`` (every weight).
    weights : (N,), the unrolled ``Θ`` with the bias columns set to 0.
    where : the positions of the two weights in ``gradient`` and ``weights``.
    m : the number of examples.
    """

    params: tuple
    centre: tuple
    axes: tuple
    data: np.ndarray
    penalty: np.ndarray
    data0: float
    penalty0: float
    gradient: np.ndarray
    weights: np.ndarray
    where: tuple
    m: int

    def cost_grid(self, lam):
        """``J`` on the grid for this ``λ``, (r, r)."""
        return self.data + (lam / (2 * self.m)) * self.penalty

    def cost(self, lam):
        """``J`` at the current ``Θ`` for this ``λ``."""
        return self.data0 + (lam / (2 * self.m)) * self.penalty0

    def full_gradient(self, lam):
        """The unrolled ``∇J`` at the current ``Θ`` for this ``λ``, every weight."""
        return self.gradient + (lam / self.m) * self.weights


def cost_surface(
    thetas, X, y, params, cost="cross_entropy", activation="sigmoid", output="sigmoid", span=1.0, resolution=41
):
    """``J(Θ)`` over a grid of two weights around the current ``Θ``, as a ``CostSurface``.

    Parameters
    ----------
    thetas, X, y, cost, activation, output
        The current ``Θ`` and the problem, as for ``nn_cost_function``.
    params : pair of (layer, row, col)
        The two weights to vary, ``(1, 0, 2)`` being ``thetas[0][0, 2]``.
    span : float
        Each weight varies over ``[Θ - span, Θ + span]``.
    resolution : int
        Grid points per axis, ``3..MAX_RESOLUTION`` (``resolution²`` costs).

    Notes
    -----
    ``J(Θ) = J_data(Θ) + λ/(2m) Σ_l Σ_{j, i≥1} (Θ^(l)_{ji})²``: a bias weight
    (column 0) is not in the penalty, so ``λ`` does not bend the surface
    along it (notebook 03, section 4).
    """
    thetas, problem = prepare(thetas, X, y, 0.0, cost, activation, output)
    params = as_params(params, thetas)
    span = as_span(span)
    resolution = as_resolution(resolution)
    offsets = np.linspace(-span, span, resolution)
    centre = tuple(float(thetas[l - 1][r, c]) for l, r, c in params)
    data = data_cost_grid(thetas, problem, params, offsets)
    x, y_axis = centre[0] + offsets, centre[1] + offsets
    rest = sum(float(np.vdot(t[:, 1:], t[:, 1:])) for t in thetas)
    penalty = np.zeros((resolution, resolution))
    for k, (_, _, col) in enumerate(params):
        if col != 0:
            rest -= centre[k] ** 2
            penalty += (x[None, :] if k == 0 else y_axis[:, None]) ** 2
    penalty += rest
    penalty0 = rest + sum(centre[k] ** 2 for k, (_, _, col) in enumerate(params) if col != 0)
    data0, grads = cost_and_gradients(thetas, problem)
    masked = [np.hstack([np.zeros((t.shape[0], 1)), t[:, 1:]]) for t in thetas]
    starts = np.cumsum([0] + [t.size for t in thetas])
    where = tuple(int(starts[l - 1] + r * thetas[l - 1].shape[1] + c) for l, r, c in params)
    return CostSurface(
        params,
        centre,
        (x, y_axis),
        data,
        penalty,
        float(data0),
        float(penalty0),
        np.concatenate([g.ravel() for g in grads]),
        np.concatenate([w.ravel() for w in masked]),
        where,
        problem.m,
    )


def descent_arrow(surface, lam):
    """Start and end of the ``-∇J`` arrow (two weights' ``∇J``) at the current point, or None where ``∇J ≈ 0``.

    The arrow's length grows with
    ``r = |∇J| / max |∇J|``, the maximum taken over the grid (by
    differences of the grid's costs): ``(0.15 + 0.25 r) · span``, so a
    gentle slope still shows its direction and the steepest gets 40% of the
    span. Where ``r < 10^-3`` the point is at the bottom of the bowl as far
    as the picture can tell: no arrow.
    """
    lam = as_lam(lam)
    grad = surface.full_gradient(lam)[list(surface.where)]
    norm = float(np.hypot(*grad))
    x, y = surface.axes
    dJ_dy, dJ_dx = np.gradient(surface.cost_grid(lam), y, x)
    steepest = max(float(np.hypot(dJ_dx, dJ_dy).max()), norm)
    ratio = norm / steepest if steepest > 0 else 0.0
    if ratio < 1e-3:
        return None
    length = (0.15 + 0.25 * ratio) * (x[-1] - x[0]) / 2
    w1, w2 = surface.centre
    dx, dy = -length * grad / norm
    return (w1, w2), (w1 + dx, w2 + dy)


# --- the cost along one parameter --------------------------------------------------------


class Secants(NamedTuple):
    """``J(θ ∓ ε)``, the slopes ``(J(θ+ε) - J(θ)) / ε`` (one-sided) and ``(J(θ+ε) - J(θ-ε)) / 2ε`` (two-sided)."""

    epsilon: float
    minus: float
    plus: float
    one_sided: float
    two_sided: float


@dataclass(frozen=True)
class Slice:
    """``J`` along coordinate ``index`` of ``theta``: the curve and the tangent's slope.

    Attributes
    ----------
    J : the caller's cost ``J(θ) -> float``, given copies only; ``theta`` (n,), ``index``.
    J0 : ``J(θ)``; ``slope``: the tangent's ``∂J/∂θ_i``.
    analytic : whether ``slope`` came from the caller (else a central difference at ``ε = 10^-5``).
    half_width : the curve covers ``θ_i ± half_width``.
    offsets, curve : (r,), the moves of ``θ_i`` and ``J`` there.
    """

    J: object
    theta: np.ndarray
    index: int
    J0: float
    slope: float
    analytic: bool
    half_width: float
    offsets: np.ndarray
    curve: np.ndarray

    def at(self, offset):  # J with θ_index moved by offset
        moved = self.theta.copy()
        moved[self.index] += offset
        return checked_cost(self.J(moved), "J(theta + offset)")

    def secants(self, epsilon):
        """The one- and two-sided secants at ``ε``: two new calls of ``J``."""
        minus, plus = self.at(-epsilon), self.at(epsilon)
        return Secants(epsilon, minus, plus, (plus - self.J0) / epsilon, (plus - minus) / (2 * epsilon))


def as_index(index, n):
    index = as_count("index", index, minimum=0)  # a coordinate of a parameter vector
    if index >= n:
        raise ValueError(f"index must be a coordinate of theta, 0..{n - 1}, got {index}")
    return index


def as_analytic(analytic, n, index):
    """The tangent's slope from ``analytic``: a float, or entry ``index`` of the gradient (n,)."""
    if analytic is None:
        return None
    if np.ndim(analytic) == 0:
        return as_scalar("analytic", analytic)
    arr = as_float_array("analytic", analytic, ndim=1)
    if arr.size != n:
        raise ValueError(f"analytic must be the gradient of J at theta, of length {n} like theta, got {describe(arr)}")
    return float(arr[index])


def cost_slice(J, theta, index, analytic=None, span=1.0, resolution=101):
    """``J`` along coordinate ``index`` of ``theta``, over ``θ_i ± span``, as a ``Slice``.

    ``J`` maps a parameter vector (n,) to the float ``J(θ)``; ``index`` is
    the coordinate ``i`` that moves, ``0..n-1``; ``analytic``, the exact
    ``∂J/∂θ_i`` or the whole gradient (without it a central difference at
    ``ε = 10^-5`` stands in); ``resolution``, the points on the curve,
    ``3..MAX_RESOLUTION``, one call of ``J`` each.
    """
    if not callable(J):
        raise TypeError(f"J must be a function mapping theta (n,) to a float, got {describe(J)}")
    theta = as_float_array("theta", theta, ndim=1).copy()
    index = as_index(index, theta.size)
    slope = as_analytic(analytic, theta.size, index)
    span = as_span(span)
    resolution = as_resolution(resolution)
    try:
        J0 = J(theta.copy())
    except (ValueError, IndexError) as err:
        raise ValueError(f"J failed on theta of shape {theta.shape}; is theta the right length? ({err})") from err
    piece = Slice(
        J,
        theta,
        index,
        checked_cost(J0),
        0.0,
        slope is not None,
        span,
        np.linspace(-span, span, resolution),
        np.empty(0),
    )
    if slope is None:
        slope = piece.secants(1e-5).two_sided
    return replace(piece, slope=slope, curve=np.array([piece.at(o) for o in piece.offsets]))


def widen(piece, epsilon):
    """``piece``, or the same slice over ``θ_i ± 1.5 ε`` when ``θ ± ε`` would not fit inside it."""
    epsilon = as_scalar("epsilon", epsilon, positive=True)
    if 1.25 * epsilon <= piece.half_width:
        return piece
    width = 1.5 * epsilon
    offsets = np.linspace(-width, width, piece.offsets.size)
    return replace(piece, half_width=width, offsets=offsets, curve=np.array([piece.at(o) for o in offsets]))


class SecantTable(NamedTuple):
    """The secants of a slice for many ``ε``: ``(epsilons, one_sided, two_sided)`` is an ``EpsilonSweep``.

    Errors are ``|n - a| / |n + a|``, secant's slope ``n``, tangent's ``a``; ``minus``, ``plus``: ``J(θ ∓ εe_i)``.
    """

    epsilons: np.ndarray
    one_sided: np.ndarray
    two_sided: np.ndarray
    minus: np.ndarray
    plus: np.ndarray

    def secants(self, k, J0):
        """``Secants`` of row ``k`` (``J0 = J(θ)``)."""
        eps, minus, plus = float(self.epsilons[k]), float(self.minus[k]), float(self.plus[k])
        return Secants(eps, minus, plus, (plus - J0) / eps, (plus - minus) / (2 * eps))


def secant_table(piece, epsilons):
    """``J(θ ± ε e_i)`` and the secants' errors for each of ``epsilons`` (two calls of ``J`` each)."""
    epsilons = as_float_array("epsilons", epsilons, ndim=1)
    if (epsilons <= 0).any():
        raise ValueError(f"epsilons must all be > 0, got {epsilons[epsilons <= 0][0]}")
    minus, plus = (np.array([piece.at(sign * e) for e in epsilons]) for sign in (-1, 1))
    slope = np.full(epsilons.size, piece.slope)
    one = relative_error_elementwise((plus - piece.J0) / epsilons, slope)
    two = relative_error_elementwise((plus - minus) / (2 * epsilons), slope)
    return SecantTable(epsilons, one, two, minus, plus)
