"""Pictures of the lesson: cost surfaces, tangents and secants, error vs ε, the network.

Every function here is pure: it takes an ``ax`` (a new figure is made with
``matplotlib.pyplot`` when ``ax`` is None), draws on it, and returns it. No
rcParams are changed and nothing is remembered between calls, so the same
call gives the same picture in a notebook, in a test and in the widgets of
``nnlesson.widgets``, which only wire sliders to these functions.

=========================  ====================================================
function                   derived in
=========================  ====================================================
``plot_network``           notebooks 01 and 02 (Enslin's figure 1)
``plot_cost_surface``      notebook 03, section "Regularization"
``plot_tangent_secant``    notebook 04 (Khanafer's figures 5-7)
``plot_epsilon_sweep``     notebook 04, section "Choosing ε"
``plot_learning_curves``   notebook 05
=========================  ====================================================

Numbering: parameters are named as the package names them, ``(layer, row,
col)`` with ``layer`` counted from 1 as in the notebooks (``Θ^(1)`` is
``thetas[0]``) and ``row``, ``col`` counted from 0 as numpy does; column 0
multiplies the bias unit. The axis label ``Θ^(1)_{2,0}`` is
``thetas[0][2, 0]``.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ._validate import describe, as_count, as_float_array, as_scalar
from .activations import logistic as _sigmoid
from .costs import COSTS
from .finite_differences import _as_cost
from .network import _cost_and_gradients, _prepare

__all__ = [
    "plot_cost_surface",
    "plot_tangent_secant",
    "plot_epsilon_sweep",
    "plot_network",
    "plot_learning_curves",
]

# At most this many float64 numbers per intermediate array when the cost is
# evaluated over a grid of parameters (16 MB): larger grids go in chunks.
_CHUNK_ELEMENTS = 2_000_000

_TANGENT_COLOR = "tab:orange"
_SECANT_COLOR = "tab:green"
_CURVE_COLOR = "tab:blue"


# --- shared helpers ------------------------------------------------------------


def _axes(ax, three_d=False, figsize=(6.4, 4.8)):
    """``ax``, or the axes of a new pyplot figure (shown inline in a notebook)."""
    if ax is not None:
        if not hasattr(ax, "plot"):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {describe(ax)}")
        if three_d and getattr(ax, "name", "") != "3d":
            raise ValueError("ax must be a 3-D Axes (projection='3d') when three_d=True, got a 2-D Axes")
        return ax
    import matplotlib.pyplot as plt  # here, not at import: importing nnlesson picks no backend

    fig = plt.figure(figsize=figsize)
    return fig.add_subplot(projection="3d" if three_d else None)


def _math_number(x):
    """``x`` in mathtext: ``10^{-4}``, ``2.5\\times10^{-3}``, ``0.5``."""
    if x == 0:
        return "0"
    if 1e-2 <= abs(x) < 1e3:
        return f"{x:g}"
    mantissa, exponent = f"{x:.1e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = rf"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa}\times{power}"


def _param_label(layer, row, col):
    bias = r"\ \mathrm{(bias)}" if col == 0 else ""
    return rf"$\Theta^{{({layer})}}_{{{row},{col}}}{bias}$"


# --- the cost surface ----------------------------------------------------------


def _as_params(params, thetas):
    """Two distinct ``(layer, row, col)`` triples that exist in ``thetas``."""
    if isinstance(params, (str, bytes)) or not hasattr(params, "__len__") or len(params) != 2:
        raise ValueError(
            f"params must be two (layer, row, col) triples, e.g. [(1, 0, 1), (2, 1, 2)], got {describe(params)}"
        )
    out = []
    for k, triple in enumerate(params):
        name = f"params[{k}]"
        if isinstance(triple, (str, bytes)) or not hasattr(triple, "__len__") or len(triple) != 3:
            raise ValueError(f"{name} must be a (layer, row, col) triple, got {describe(triple)}")
        layer = as_count(f"{name} layer", triple[0], minimum=1)
        if layer > len(thetas):
            raise ValueError(
                f"{name} layer must be 1..{len(thetas)} (Θ^(1) … Θ^({len(thetas)}), counted from 1), got {layer}"
            )
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
    return out


def _data_cost_grid(thetas, X, Y, cost, g, params, offsets):
    """The unregularized cost for every pair of offsets of the two ``params``, in one pass.

    ``offsets`` is a pair of (p,) arrays. Layers before the first perturbed
    weight are computed once; from there on the activations carry a leading
    axis of length p, one slice per perturbed parameter vector, and a
    perturbed weight ``Θ[r, c] + d`` only adds ``d · a_c`` to column ``r`` of
    ``z``. Returns the (p,) costs ``J`` with ``λ = 0``.
    """
    perturbed = {}
    for (layer, row, col), d in zip(params, offsets):
        perturbed.setdefault(layer - 1, []).append((row, col, d))
    first, last = min(perturbed), len(thetas) - 1
    a = X
    for l in range(first):
        a = g.function(a @ thetas[l][:, 1:].T + thetas[l][:, 0])
    m = X.shape[0]
    p = offsets[0].size
    widest = max(t.shape[0] for t in thetas[first:])
    chunk = max(1, _CHUNK_ELEMENTS // (m * widest))
    sums = np.empty(p)
    for start in range(0, p, chunk):
        part = slice(start, min(start + chunk, p))
        b = a
        for l in range(first, len(thetas)):
            theta = thetas[l]
            if b.ndim == 2:  # still shared by every parameter vector
                z = np.repeat((b @ theta[:, 1:].T + theta[:, 0])[None], part.stop - part.start, axis=0)
            else:  # one big product instead of p small ones
                q, _, s = b.shape
                z = (b.reshape(q * m, s) @ theta[:, 1:].T).reshape(q, m, -1)
                z += theta[:, 0]
            for row, col, d in perturbed.get(l, ()):
                unit = 1.0 if col == 0 else b[..., col - 1]
                z[:, :, row] += d[part, None] * unit
            b = _sigmoid(z) if l == last else g.function(z)
        sums[part] = np.sum(COSTS[cost].elementwise(z, Y), axis=(1, 2))
    return sums / m


@dataclass(frozen=True)
class _CostSurface:
    """Everything about the cost surface that does not depend on ``λ``.

    ``J(λ) = data + λ/(2m) · penalty`` on the grid and at the current point,
    and ``∇J(λ) = gradient + λ/m · weights`` (bias column zero in
    ``weights``): so a new ``λ`` costs two array operations, not a new pass.
    """

    params: tuple
    centre: tuple  # the current values of the two parameters
    axes: tuple  # (res,) parameter values along x and y
    data: np.ndarray  # (res, res), λ = 0 cost; data[i, j] at (axes[0][j], axes[1][i])
    penalty: np.ndarray  # (res, res), Σ of squared non-bias weights
    data0: float  # λ = 0 cost at the current Θ
    penalty0: float
    gradient: np.ndarray  # unrolled λ = 0 gradient (all parameters)
    weights: np.ndarray  # unrolled Θ with the bias columns set to 0
    where: tuple  # positions of the two params in the unrolled vectors
    m: int

    def cost_grid(self, lam):
        return self.data + (lam / (2 * self.m)) * self.penalty

    def cost(self, lam):
        return self.data0 + (lam / (2 * self.m)) * self.penalty0

    def full_gradient(self, lam):
        return self.gradient + (lam / self.m) * self.weights


def _cost_surface_data(thetas, X, y, params, cost="cross_entropy", activation="sigmoid",
                       span=1.0, resolution=41):
    thetas, X, Y, _, cost_pair, g = _prepare(thetas, X, y, 0.0, cost, activation)
    params = tuple(_as_params(params, thetas))
    span = as_scalar("span", span, positive=True)
    resolution = as_count("resolution", resolution, minimum=3)
    offsets = np.linspace(-span, span, resolution)
    d1 = np.tile(offsets, resolution)  # x varies fastest: row i of the grid is y = offsets[i]
    d2 = np.repeat(offsets, resolution)
    centre = tuple(float(thetas[l - 1][r, c]) for l, r, c in params)
    data = _data_cost_grid(thetas, X, Y, cost, g, params, (d1, d2)).reshape(resolution, resolution)
    grid = np.meshgrid(centre[0] + offsets, centre[1] + offsets)
    penalty_rest = sum(float(np.vdot(t[:, 1:], t[:, 1:])) for t in thetas)
    penalty = np.full((resolution, resolution), 0.0)
    for k, (_, _, col) in enumerate(params):
        if col != 0:
            penalty_rest -= centre[k] ** 2
            penalty += grid[k] ** 2
    penalty += penalty_rest
    penalty0 = penalty_rest + sum(centre[k] ** 2 for k, (_, _, col) in enumerate(params) if col != 0)
    data0, grads = _cost_and_gradients(thetas, X, Y, 0.0, cost_pair, g)
    masked = [np.hstack([np.zeros((t.shape[0], 1)), t[:, 1:]]) for t in thetas]
    starts = np.cumsum([0] + [t.size for t in thetas])
    where = tuple(int(starts[l - 1] + r * thetas[l - 1].shape[1] + c) for l, r, c in params)
    return _CostSurface(
        params=params,
        centre=centre,
        axes=(centre[0] + offsets, centre[1] + offsets),
        data=data,
        penalty=penalty,
        data0=float(data0),
        penalty0=float(penalty0),
        gradient=np.concatenate([gr.ravel() for gr in grads]),
        weights=np.concatenate([w.ravel() for w in masked]),
        where=where,
        m=X.shape[0],
    )


def _surface_arrow(surface, lam):
    """Start and end of the ``-∇J`` arrow at the current point, or None where ``∇J ≈ 0``.

    The arrow's length grows with ``r = |∇J| / max |∇J|``, the maximum
    taken over the grid (by differences of the grid's costs): ``(0.15 +
    0.25 r) · span``, so a gentle slope still shows its direction and the
    steepest one gets 40% of the span. Where ``r < 10^-3`` the point is at
    the bottom of the bowl as far as the picture can tell: no arrow.
    """
    grad = surface.full_gradient(lam)[list(surface.where)]
    norm = float(np.hypot(*grad))
    x, y = surface.axes
    dJ_dy, dJ_dx = np.gradient(surface.cost_grid(lam), y, x)
    steepest = max(float(np.hypot(dJ_dx, dJ_dy).max()), norm)
    size = (x[-1] - x[0]) / 2
    ratio = norm / steepest if steepest > 0 else 0.0
    if ratio < 1e-3:
        return None
    length = (0.15 + 0.25 * ratio) * size
    w1, w2 = surface.centre
    dx, dy = -length * grad / norm
    return (w1, w2), (w1 + dx, w2 + dy)


def _cost_surface_layers(ax, surface, lam, rescale=False, math=True):
    """The λ-dependent artists of the 2-D cost surface.

    Returns the filled contour set and a list of every artist made (to be
    removed when ``λ`` changes). With ``rescale``, the contours are of
    ``(J - min J) / (max J - min J)`` on fixed levels ``0, 1/16, …, 1``, so
    a colour bar made once stays right for every ``λ`` (only the numbers
    beside it change). ``math=False`` writes ``λ = …`` as plain text: a
    new mathtext string costs more to parse than the rest of a redraw.
    """
    from matplotlib.patches import FancyArrowPatch

    J = surface.cost_grid(lam)
    x, y = surface.axes
    if rescale:
        Z = (J - J.min()) / ((J.max() - J.min()) or 1.0)
        filled = ax.contourf(x, y, Z, levels=np.linspace(0, 1, 17), cmap="viridis", zorder=0)
    else:
        Z = J
        filled = ax.contourf(x, y, Z, levels=16, cmap="viridis", zorder=0)
    lines = ax.contour(x, y, Z, levels=filled.levels, colors="k", linewidths=0.4, alpha=0.4, zorder=0.5)
    i, j = np.unravel_index(np.argmin(J), J.shape)
    (lowest,) = ax.plot([x[j]], [y[i]], "X", color="white", markeredgecolor="k", markersize=10,
                        label="lowest $J$ on the grid", zorder=3)
    made = [filled, lines, lowest]
    ends = _surface_arrow(surface, lam)
    if ends is not None:
        arrow = FancyArrowPatch(*ends, arrowstyle="-|>", mutation_scale=18, color="red", linewidth=2,
                                label=r"$-\nabla J$", zorder=4)
        arrow.set_gid("negative_gradient")
        ax.add_patch(arrow)
        made.append(arrow)
    label = rf"$\lambda = {_math_number(lam)}$" if math else f"λ = {lam:.3g}"
    made.append(ax.text(1.0, 1.01, label, transform=ax.transAxes, ha="right", va="bottom"))
    return filled, made


def _arrow_key(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
    """The legend's picture of the ``-∇J`` arrow: a small arrow, not a filled box."""
    from matplotlib.patches import FancyArrow

    return FancyArrow(-xdescent, height / 2 - ydescent, width, 0, width=0.12 * height, head_width=0.7 * height,
                      head_length=0.35 * width, length_includes_head=True)


def _arrow_legend_handlers():
    from matplotlib.legend_handler import HandlerPatch
    from matplotlib.patches import FancyArrowPatch

    return {FancyArrowPatch: HandlerPatch(patch_func=_arrow_key)}


def _cost_surface_frame(ax, surface):
    """The λ-free parts: labels, title and (in 2-D) the current point, which is returned."""
    (l1, r1, c1), (l2, r2, c2) = surface.params
    ax.set_xlabel(_param_label(l1, r1, c1))
    ax.set_ylabel(_param_label(l2, r2, c2))
    ax.set_title(r"$J(\Theta)$ over two weights", loc="left")
    if ax.name == "3d":
        return None
    (point,) = ax.plot(*surface.centre, "o", color="red", markeredgecolor="k", label=r"current $\Theta$",
                       zorder=5)
    ax.set_xlim(surface.axes[0][0], surface.axes[0][-1])
    ax.set_ylim(surface.axes[1][0], surface.axes[1][-1])
    ax.set_aspect("equal", adjustable="box")
    return point


def _draw_cost_surface(ax, surface, lam, three_d=False, colorbar=True, legend="upper right"):
    _cost_surface_frame(ax, surface)
    if three_d:
        x, y = np.meshgrid(*surface.axes)
        J0 = surface.cost(lam)
        w1, w2 = surface.centre
        # Draw in zorder rather than by depth, so that the surface never hides the point and the arrow.
        ax.computed_zorder = False
        mappable = ax.plot_surface(x, y, surface.cost_grid(lam), cmap="viridis", linewidth=0,
                                   antialiased=False, alpha=0.85, zorder=1)
        ax.plot([w1], [w2], [J0], "o", color="red", markeredgecolor="k", label=r"current $\Theta$", zorder=5)
        ends = _surface_arrow(surface, lam)
        if ends is not None:
            (_, _), (x1, y1) = ends
            ax.quiver(w1, w2, J0, x1 - w1, y1 - w2, 0.0, color="red", linewidth=2, label=r"$-\nabla J$", zorder=6)
        ax.set_zlabel(r"$J(\Theta)$")
        ax.set_title(rf"$\lambda = {_math_number(lam)}$", loc="right")
    else:
        mappable, _ = _cost_surface_layers(ax, surface, lam)
    if colorbar:
        ax.figure.colorbar(mappable, ax=ax, label=r"$J(\Theta)$", shrink=0.8 if three_d else 1.0)
    if legend:
        ax.legend(loc=legend, fontsize="small", framealpha=0.8, handler_map=_arrow_legend_handlers())
    return ax


def plot_cost_surface(thetas, X, y, params, lam=0.0, cost="cross_entropy", span=1.0, resolution=41,
                      ax=None, three_d=False, activation="sigmoid", colorbar=True):
    """The cost ``J(Θ)`` over two weights around the current ``Θ``, and where ``-∇J`` points.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``, the current ``Θ``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
        Labels ``0..K-1`` or targets, as for ``nn_cost_function``.
    params : pair of (layer, row, col)
        The two weights to vary: ``(1, 0, 2)`` is ``Θ^(1)[0, 2]`` =
        ``thetas[0][0, 2]``; layer counted from 1, row and col from 0.
    lam : float
        ``λ >= 0``.
    cost : {'cross_entropy', 'half_squared_error'}
    span : float
        Each weight varies over ``[Θ - span, Θ + span]``.
    resolution : int
        Grid points per axis (``resolution²`` costs in all).
    ax : matplotlib Axes, optional
        A 3-D Axes when ``three_d`` is True.
    three_d : bool
        Draw a surface instead of filled contours.
    activation : {'sigmoid', 'relu'}
        ``g`` of the hidden layers.
    colorbar : bool
        Add a colour bar for ``J`` beside ``ax``.

    Returns
    -------
    ax : the Axes drawn on. It holds the contours (or surface), the
        current point, the grid's lowest point (2-D only) and, unless
        ``∇J ≈ 0``, an arrow along ``-∇J`` restricted to the two weights
        (a ``FancyArrowPatch`` with gid ``"negative_gradient"``; in 3-D a
        quiver). Its length grows with ``|∇J|``, from 15% of ``span`` to
        40% for the steepest slope on the grid; at the bottom of a bowl
        (``|∇J|`` below 0.1% of the steepest) there is no arrow.

    Notes
    -----
    The surface is

    .. math:: J(\\Theta) = J_{\\text{data}}(\\Theta) + \\frac{\\lambda}{2m}
              \\sum_l \\sum_{j,\\,i \\ge 1} \\big(\\Theta^{(l)}_{ji}\\big)^2

    with every other weight held at its current value. The ``resolution²``
    costs are computed in one vectorized pass: the layers before the first
    varied weight once, the rest for all grid points at once along a
    leading axis (in chunks of bounded memory). ``λ`` only adds the
    quadratic penalty, so the regularization "bowl" is added on top of the
    same data term; a bias weight (column 0) is not penalized and its
    direction is left unchanged by ``λ``.
    """
    lam = as_scalar("lam", lam, minimum=0)
    surface = _cost_surface_data(thetas, X, y, params, cost, activation, span, resolution)
    return _draw_cost_surface(_axes(ax, three_d), surface, lam, three_d=bool(three_d), colorbar=colorbar)


# --- tangent and secant --------------------------------------------------------


@dataclass(frozen=True)
class _Slice:
    """``J`` along coordinate ``index`` of ``theta``: what does not depend on ``ε``."""

    J: object
    theta: np.ndarray
    index: int
    J0: float
    slope: float  # the tangent's slope
    analytic: bool  # whether slope came from the caller's gradient
    half_width: float
    offsets: np.ndarray
    curve: np.ndarray

    def at(self, offset):
        """``J`` with ``θ_index`` moved by ``offset``."""
        moved = self.theta.copy()
        moved[self.index] += offset
        return _as_cost(self.J(moved), "J(theta + offset)")

    def secant(self, epsilon):
        """``J(θ-ε)``, ``J(θ+ε)`` and the secant's slope ``(J(θ+ε) - J(θ-ε)) / 2ε``."""
        minus, plus = self.at(-epsilon), self.at(epsilon)
        return minus, plus, (plus - minus) / (2 * epsilon)


def _as_J(J):
    if not callable(J):
        raise TypeError(f"J must be a function mapping theta (n,) to a float, got {describe(J)}")
    return J


def _as_index(index, n):
    index = as_count("index", index, minimum=0)
    if index >= n:
        raise ValueError(f"index must be a coordinate of theta, 0..{n - 1}, got {index}")
    return index


def _as_analytic(analytic, n, index):
    """The tangent's slope from ``analytic``: a float, or the gradient (n,)."""
    if analytic is None:
        return None
    arr = np.asarray(analytic)
    if arr.ndim == 0:
        return as_scalar("analytic", analytic)
    arr = as_float_array("analytic", arr, ndim=1)
    if arr.size != n:
        raise ValueError(
            f"analytic must be the gradient of J at theta, of length {n} like theta, got {describe(arr)}"
        )
    return float(arr[index])


def _slice(J, theta, index, analytic, span, resolution):
    J = _as_J(J)
    theta = as_float_array("theta", theta, ndim=1).copy()
    index = _as_index(index, theta.size)
    slope = _as_analytic(analytic, theta.size, index)
    span = as_scalar("span", span, positive=True)
    resolution = as_count("resolution", resolution, minimum=3)
    try:
        J0 = J(theta.copy())
    except (ValueError, IndexError) as err:
        raise ValueError(f"J failed on theta of shape {theta.shape}; is theta the right length? ({err})") from err
    J0 = _as_cost(J0)
    base = _Slice(J, theta, index, J0, 0.0, False, span, np.empty(0), np.empty(0))
    is_analytic = slope is not None
    if slope is None:  # no gradient given: a central difference at a safe ε stands in
        slope = base.secant(1e-5)[2]
    offsets = np.linspace(-span, span, resolution)
    curve = np.array([base.at(o) for o in offsets])
    return _Slice(J, theta, index, J0, slope, is_analytic, span, offsets, curve)


def _widen(piece, epsilon):
    """``piece``, re-sampled over a wider window if ``θ ± ε`` falls outside it."""
    if 1.25 * epsilon <= piece.half_width:
        return piece
    width = 1.5 * epsilon
    offsets = np.linspace(-width, width, piece.offsets.size)
    curve = np.array([piece.at(o) for o in offsets])
    return _Slice(piece.J, piece.theta, piece.index, piece.J0, piece.slope, piece.analytic,
                  width, offsets, curve)


def _tangent_frame(ax, piece):
    """The ε-free parts of the tangent picture: the curve, the tangent, labels and limits."""
    t0 = piece.theta[piece.index]
    t = t0 + piece.offsets
    i = piece.index
    ax.plot(t, piece.curve, color=_CURVE_COLOR, linewidth=2, label=rf"$J$ along $\theta_{{{i}}}$")
    ax.plot(t, piece.J0 + piece.slope * piece.offsets, color=_TANGENT_COLOR, linewidth=1.5,
            label="tangent at $\\theta$" + ("" if piece.analytic else " (numeric)"))
    (point,) = ax.plot([t0], [piece.J0], "o", color=_TANGENT_COLOR, markeredgecolor="k", zorder=4)
    low, high = piece.curve.min(), piece.curve.max()
    pad = 0.15 * (high - low) if high > low else 0.1 * max(abs(high), 1.0)
    ax.set_ylim(low - pad, high + 2.5 * pad)  # room for the slopes at the top
    ax.set_xlim(t[0], t[-1])
    ax.set_xlabel(rf"$\theta_{{{i}}}$")
    ax.set_ylabel(r"$J(\theta)$")
    ax.set_title("Tangent and secant", loc="left")
    return point


def _secant_layers(ax, piece, epsilon, secant, math=True):
    """The ε-dependent artists: the secant, its two points, the slopes and the value of ε.

    ``math=False`` writes ``ε = …`` as plain text, for the explorer's redraws.
    """
    minus, plus, slope_sec = secant
    t0 = piece.theta[piece.index]
    mid = (plus + minus) / 2
    (line,) = ax.plot(t0 + piece.offsets, mid + slope_sec * piece.offsets, "--", color=_SECANT_COLOR,
                      linewidth=1.5, label=r"secant through $\theta\pm\varepsilon$", zorder=3)
    (points,) = ax.plot([t0 - epsilon, t0 + epsilon], [minus, plus], "o", color=_SECANT_COLOR,
                        markeredgecolor="k", zorder=4)
    word = "analytic" if piece.analytic else "numeric, ε = 1e-5"
    # Plain text, not mathtext: these numbers change with every ε, and
    # parsing a new mathtext string costs more than the rest of the redraw.
    slopes = ax.text(0.02, 0.97,
                     f"tangent slope ({word}):  {piece.slope:.10g}\n"
                     f"secant slope [J(θ+ε) − J(θ−ε)] / 2ε:  {slope_sec:.10g}",
                     transform=ax.transAxes, va="top", ha="left", fontsize="small", zorder=6,
                     bbox=dict(boxstyle="round", facecolor="white", alpha=0.85, edgecolor="0.7"))
    label = rf"$\varepsilon = {_math_number(epsilon)}$" if math else f"ε = {epsilon:.2g}"
    value = ax.text(1.0, 1.01, label, transform=ax.transAxes, ha="right", va="bottom")
    return [line, points, slopes, value]


def _draw_tangent_secant(ax, piece, epsilon, secant=None):
    piece = _widen(piece, epsilon)
    _tangent_frame(ax, piece)
    _secant_layers(ax, piece, epsilon, piece.secant(epsilon) if secant is None else secant)
    ax.legend(loc="lower right", fontsize="small", framealpha=0.85)
    return ax


def plot_tangent_secant(J, theta, index, epsilon, analytic=None, ax=None, span=1.0, resolution=101):
    """``J`` along one parameter, its tangent, and the secant through ``θ ± ε`` (Khanafer's figures 5-7).

    Parameters
    ----------
    J : callable
        Maps a parameter vector of shape (n,) to the float ``J(θ)``; never
        given the caller's ``theta`` itself, only copies.
    theta : array_like of shape (n,)
        The point ``θ`` where the derivative is taken.
    index : int
        The coordinate ``i`` that moves, ``0..n-1``.
    epsilon : float
        ``ε > 0``, the half-width of the secant.
    analytic : float or array_like of shape (n,), optional
        The exact ``∂J/∂θ_i`` or the whole gradient at ``θ`` (backpropagation's
        answer). Without it the tangent's slope is a central difference at
        ``ε = 10^-5`` and is labelled numeric.
    ax : matplotlib Axes, optional
    span : float
        ``θ_i`` varies over ``[θ_i - span, θ_i + span]``, widened to
        ``± 1.5 ε`` when ``ε`` is larger.
    resolution : int
        Points on the curve (one call of ``J`` each).

    Returns
    -------
    ax : the Axes, holding three lines (the curve ``J``, the tangent, the
        secant), the marked points and a text box with both slopes.

    Notes
    -----
    The secant's slope is Khanafer's two-sided difference

    .. math:: \\frac{\\partial J}{\\partial\\theta_i} \\approx
              \\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}{2\\varepsilon}

    and the tangent's slope is ``∂J/∂θ_i``. As ``ε`` shrinks the secant
    turns into the tangent; much below ``ε ≈ 10^-5`` round-off in ``J``
    spoils the difference again (``plot_epsilon_sweep``).
    """
    epsilon = as_scalar("epsilon", epsilon, positive=True)
    piece = _slice(J, theta, index, analytic, span, resolution)
    return _draw_tangent_secant(_axes(ax), piece, epsilon)


# --- error against ε ------------------------------------------------------------


def _as_sweep(sweep):
    names = ("epsilons", "one_sided", "two_sided")
    if not all(hasattr(sweep, f) for f in names):
        raise TypeError(
            f"sweep must be an EpsilonSweep (epsilons, one_sided, two_sided) from "
            f"nnlesson.gradcheck.epsilon_sweep, got {describe(sweep)}"
        )
    arrays = [as_float_array(f"sweep.{f}", getattr(sweep, f), ndim=1, allow_inf=True) for f in names]
    if not np.isfinite(arrays[0]).all():
        raise ValueError("sweep.epsilons must be finite")
    if len({a.size for a in arrays}) != 1:
        raise ValueError(f"sweep.epsilons, sweep.one_sided and sweep.two_sided must have one length, "
                         f"got {[a.size for a in arrays]}")
    if (arrays[0] <= 0).any():
        raise ValueError("sweep.epsilons must all be > 0 (they go on a log axis)")
    if (arrays[1] < 0).any() or (arrays[2] < 0).any():
        raise ValueError("sweep.one_sided and sweep.two_sided must be relative errors, >= 0")
    return arrays


# A relative error of exactly 0 (J quadratic, say) cannot go on a log axis;
# it is drawn at this floor instead, below float64's 2.2e-16. An infinite
# one (numeric = -analytic) is drawn at the ceiling.
_ERROR_FLOOR, _ERROR_CEILING = 1e-18, 1e6


def _as_marks(mark):
    if mark is None:
        return []
    if np.ndim(mark) == 0:
        return [as_scalar("mark", mark, positive=True)]
    return [as_scalar(f"mark[{k}]", v, positive=True) for k, v in enumerate(mark)]


def plot_epsilon_sweep(sweep, mark=None, ax=None):
    """Relative error of the one- and two-sided differences against ``ε``, log-log.

    Parameters
    ----------
    sweep : EpsilonSweep
        ``(epsilons, one_sided, two_sided)``, three arrays of shape (q,), as
        returned by ``nnlesson.gradcheck.epsilon_sweep``.
    mark : float or sequence of float, optional
        ``ε`` values to mark with a vertical line and a dot on each curve
        (read off the curves by interpolation in log-log).
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes, holding the two curves, the lowest two-sided error
        (a marker and its text) and the marks.

    Notes
    -----
    One-sided: ``(J(θ+εe_i) - J(θ))/ε``, truncation error ``O(ε)``.
    Two-sided: ``(J(θ+εe_i) - J(θ-εe_i))/2ε``, truncation error ``O(ε²)``.
    Both suffer round-off of about ``10^-16 |J| / ε``, so each curve is a V
    over ``log ε``; the two-sided one bottoms out near ``ε ≈ 10^-5`` in
    float64. An error of exactly 0 is drawn at ``1e-18``.
    """
    eps, one, two = _as_sweep(sweep)
    marks = _as_marks(mark)
    ax = _axes(ax)
    curves = _sweep_frame(ax, eps, one, two, len(marks))
    _sweep_marks(ax, curves, marks)
    ax.legend(loc="upper center", fontsize="small", framealpha=0.85)
    return ax


def _sweep_frame(ax, eps, one, two, marks=0):
    """The curves, the lowest point and the labels; returns the curves, sorted and floored."""
    order = np.argsort(eps)
    eps, one, two = eps[order], *(np.clip(e[order], _ERROR_FLOOR, _ERROR_CEILING) for e in (one, two))
    ax.loglog(eps, one, "o-", markersize=3, color="tab:purple",
              label=r"one-sided $[J(\theta+\varepsilon)-J(\theta)]\,/\,\varepsilon$")
    ax.loglog(eps, two, "o-", markersize=3, color=_SECANT_COLOR,
              label=r"two-sided $[J(\theta+\varepsilon)-J(\theta-\varepsilon)]\,/\,2\varepsilon$")
    best = int(np.argmin(two))
    ax.plot([eps[best]], [two[best]], "v", color="k", markersize=8)
    ax.annotate(rf"lowest: ${_math_number(two[best])}$ at $\varepsilon = {_math_number(eps[best])}$",
                (eps[best], two[best]), xytext=(0, -16), textcoords="offset points", ha="center",
                va="top", fontsize="small")
    if marks:
        ax.plot([], [], ":", color="0.3", label=r"current $\varepsilon$" if marks == 1 else r"marked $\varepsilon$")
    ax.set_xlabel(r"$\varepsilon$")
    ax.set_ylabel(r"relative error $|n-a|\,/\,|n+a|$")
    ax.set_title(r"Error of the numeric slope $n$ against the analytic $a$")
    ax.grid(True, which="major", alpha=0.3)
    ax.set_ylim(min(one.min(), two.min()) / 30, max(one.max(), two.max()) * 30)
    return eps, one, two


def _sweep_marks(ax, curves, marks):
    """A dotted line at each marked ε and a dot on each curve there; returns the artists."""
    eps, one, two = curves
    log_eps = np.log10(eps)
    made = []
    for e in marks:
        made.append(ax.axvline(e, color="0.3", linestyle=":", linewidth=1.5))
        for errors, color in ((one, "tab:purple"), (two, _SECANT_COLOR)):
            made += ax.plot([e], [10 ** np.interp(np.log10(e), log_eps, np.log10(errors))], "o", color=color,
                            markeredgecolor="k", markersize=8, zorder=4)
    return made


# --- the network ---------------------------------------------------------------

# Above this many units in a layer the numbers are no longer written on them.
_MAX_LABELLED_UNITS = 12


def plot_network(thetas, x, y=None, show_deltas=False, ax=None, activation="sigmoid"):
    """The network of Enslin's figure 1 for one example: units, bias units, weights, activations.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    x : array_like of shape (n,)
        One example.
    y : int or array_like of shape (K,), optional
        Its label ``0..K-1`` or target vector; needed for the deltas.
    show_deltas : bool
        Also write ``δ^(l)_j`` (from ``backpropagate``) under each unit of
        layers ``2..L``.
    ax : matplotlib Axes, optional
    activation : {'sigmoid', 'relu'}
        ``g`` of the hidden layers.

    Returns
    -------
    ax : the Axes. Layer ``l`` is a column of units; each unit is a
        circle with ``a^(l)_j`` written in it, shaded by its value; the bias
        unit ``+1`` is a square on top of layers ``1..L-1``. Every weight
        ``Θ^(l)_{ji}`` is one segment of a LineCollection, red for
        positive, blue for negative, wider for larger ``|Θ|``. Values are
        written only on layers of at most 12 units.

    Notes
    -----
    ``a^(1) = x``, ``a^(l+1) = g([1  a^(l)] Θ^(l)ᵀ)`` (``forward_propagate``);
    ``δ^(L) = a^(L) - y`` and ``δ^(l) = (δ^(l+1) Θ^(l)_{:,1:}) ⊙ g'(z^(l))``
    (``backpropagate``), for this one example (``m = 1``).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Circle, Rectangle

    from .network import backpropagate, forward_propagate

    x = as_float_array("x", x, ndim=1)
    if show_deltas and y is None:
        raise ValueError("y must be given (the label or target of x) when show_deltas=True")
    fp = forward_propagate(thetas, x[None, :], activation=activation)
    thetas = [np.asarray(t, dtype=np.float64) for t in thetas]
    deltas = None
    if y is not None:
        target = np.asarray(y)
        target = target[None] if target.ndim == 0 else target[None, :]
        bp = backpropagate(thetas, x[None, :], target, activation=activation)
        deltas = [None] + [bp.delta(l)[0] for l in range(2, fp.L + 1)]
    ax = _axes(ax, figsize=(7.5, 5.5))
    sizes = [a.shape[1] for a in fp.activations]
    L = len(sizes)
    tallest = max(s + (1 if l < L - 1 else 0) for l, s in enumerate(sizes))

    gap = 2.6  # horizontal distance between layers, in unit heights

    def unit_y(l, j):  # j = 0 is the bias unit, 1..s_l the units
        count = sizes[l] + (1 if l < L - 1 else 0)
        k = j if l < L - 1 else j - 1
        return (tallest - 1) / 2 + (count - 1) / 2 - k

    segments, weights = [], []
    for l, theta in enumerate(thetas):
        for j in range(theta.shape[0]):
            for i in range(theta.shape[1]):
                segments.append([(gap * l, unit_y(l, i)), (gap * (l + 1), unit_y(l + 1, j + 1))])
                weights.append(theta[j, i])
    weights = np.array(weights)
    biggest = np.abs(weights).max() or 1.0
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    edge_map = colormaps["RdBu_r"]
    edges = LineCollection(segments, linewidths=0.5 + 4.0 * np.abs(weights) / biggest,
                           colors=edge_map(Normalize(-biggest, biggest)(weights)), alpha=0.75, zorder=1)
    edges.set_gid("weights")
    ax.add_collection(edges)
    shade = colormaps["YlOrBr"]
    radius = 0.32
    for l in range(L):
        a = fp.activations[l][0]
        labelled = sizes[l] <= _MAX_LABELLED_UNITS
        if l < L - 1:
            yb = unit_y(l, 0)
            ax.add_patch(Rectangle((gap * l - radius, yb - radius), 2 * radius, 2 * radius, facecolor="0.9",
                                   edgecolor="k", zorder=2))
            ax.text(gap * l, yb, "+1", ha="center", va="center", fontsize="small", zorder=3)
        for j in range(1, sizes[l] + 1):
            yu = unit_y(l, j)
            value = a[j - 1]
            face = "0.97" if l == 0 else shade(0.6 * float(np.clip(value, 0, 1)))
            ax.add_patch(Circle((gap * l, yu), radius, facecolor=face, edgecolor="k", zorder=2))
            if labelled:
                ax.text(gap * l, yu, f"{value:.2f}", ha="center", va="center", fontsize="small", zorder=3)
                if show_deltas and l > 0:
                    ax.text(gap * l + radius + 0.05, yu, rf"$\delta$ = {deltas[l][j - 1]:+.3f}", ha="left",
                            va="center", fontsize="x-small", color="darkred", zorder=4,
                            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9))
        role = "input" if l == 0 else ("output" if l == L - 1 else "hidden")
        ax.text(gap * l, tallest - 0.3, f"layer {l + 1} ({role})\n$a^{{({l + 1})}}$", ha="center", va="bottom",
                fontsize="small")
    ax.set_xlim(-0.8, gap * (L - 1) + 0.8 + (1.2 if show_deltas else 0))
    ax.set_ylim(-0.8, tallest + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    title = "Forward pass of one example"
    if deltas is not None and show_deltas:
        title += r", with the deltas $\delta^{(l)}$"
    ax.set_title(title + "\nedges: weights $\\Theta^{(l)}_{ji}$, red $> 0$, blue $< 0$, width $\\propto |\\Theta|$",
                 fontsize="medium")
    return ax


# --- learning curves -----------------------------------------------------------


def _as_history(history):
    """``history`` as ``{name: (iterations,) array}``."""
    if isinstance(history, Mapping):
        items = list(history.items())
    elif hasattr(history, "history"):  # a TrainingResult
        return _as_history(history.history)
    elif isinstance(history, (list, tuple)) and history and isinstance(history[0], Mapping):
        keys = list(history[0])
        items = [(k, [record[k] for record in history]) for k in keys]
    else:
        items = [("cost", history)]
    if not items:
        raise ValueError("history must hold at least one series, got none")
    out = {}
    for name, values in items:
        arr = as_float_array(f"history[{name!r}]", values, ndim=1, allow_inf=False)
        out[str(name)] = arr
    return out


def plot_learning_curves(history, ax=None):
    """The cost (and any accuracies) per iteration of training.

    Parameters
    ----------
    history : mapping, sequence of mappings, sequence of float, or TrainingResult
        ``{"cost": [...], "train accuracy": [...], ...}``, one value per
        iteration; a list of per-iteration records ``[{"cost": ..}, ..]``; a
        plain sequence of costs; or anything with a ``.history`` attribute
        holding one of these. Series whose name contains ``"acc"`` are
        accuracies in ``[0, 1]`` and go on a second y-axis on the right.
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes of the costs, one line per cost series. Accuracies, if
        any, are drawn in percent on a twin Axes (``ax.twinx()``) sharing
        the x-axis; one legend on ``ax`` names every line.

    Notes
    -----
    The cost is ``J(Θ)`` of ``nn_cost_function`` (with its ``λ``) at each
    iteration; a cost that rises, or accuracies that separate between
    training and test data, are what notebook 05 teaches to look for.
    """
    series = _as_history(history)
    ax = _axes(ax)
    costs = {k: v for k, v in series.items() if "acc" not in k.lower()}
    accuracies = {k: v for k, v in series.items() if "acc" in k.lower()}
    for name, values in costs.items():
        ax.plot(np.arange(values.size), values, linewidth=2, label=name)
    ax.set_xlabel("iteration")
    ax.set_ylabel(r"cost $J(\Theta)$")
    ax.set_title("Learning curves")
    ax.grid(True, alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if accuracies:
        right = ax.twinx()
        for k, (name, values) in enumerate(accuracies.items()):
            right.plot(np.arange(values.size), 100 * values, "--", linewidth=1.5, color=f"C{len(costs) + k}",
                       label=name)
        right.set_ylabel("accuracy (%)")
        right.set_ylim(0, 101)
        more_h, more_l = right.get_legend_handles_labels()
        handles, labels = handles + more_h, labels + more_l
    if handles:
        ax.legend(handles, labels, loc="center right", fontsize="small")
    return ax
