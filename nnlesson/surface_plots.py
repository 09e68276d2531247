"""Pictures of the cost over two weights: contours or a surface, the current point, and where ``-∇J`` points.

Drawn from a ``nnlesson.landscape.CostSurface``; re-exported by
``nnlesson.plots``. Derived in notebook 03, section 9 "How λ reshapes the
cost".
"""

import numpy as np

from ._validate import as_lam
from .landscape import cost_surface, descent_arrow
from .plotting import as_flag, as_values, axes, math_number, new_figure, param_label

__all__ = ["SurfacePanel", "arrow_legend_handlers", "draw_cost_surface", "plot_cost_surface", "lambda_explorer_static"]

_LEVELS = np.linspace(0, 1, 17)


def _arrow_key(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
    """The legend's picture of the ``-∇J`` arrow: a small arrow, not a filled box."""
    from matplotlib.patches import FancyArrow

    return FancyArrow(
        -xdescent,
        height / 2 - ydescent,
        width,
        0,
        width=0.12 * height,
        head_width=0.7 * height,
        head_length=0.35 * width,
        length_includes_head=True,
    )


def arrow_legend_handlers():
    """A ``handler_map`` for ``ax.legend`` that draws the ``-∇J`` arrow as an arrow."""
    from matplotlib.legend_handler import HandlerPatch
    from matplotlib.patches import FancyArrowPatch

    return {FancyArrowPatch: HandlerPatch(patch_func=_arrow_key)}


def _frame(ax, surface):
    """The λ-free parts: labels and title; in 2-D also the current point (returned) and the limits."""
    (l1, r1, c1), (l2, r2, c2) = surface.params
    ax.set_xlabel(param_label(l1, r1, c1))
    ax.set_ylabel(param_label(l2, r2, c2))
    ax.set_title(r"$J(\Theta)$ over two weights", loc="left")
    if ax.name == "3d":
        return None
    (point,) = ax.plot(*surface.centre, "o", color="red", markeredgecolor="k", label=r"current $\Theta$", zorder=5)
    ax.set_xlim(surface.axes[0][0], surface.axes[0][-1])
    ax.set_ylim(surface.axes[1][0], surface.axes[1][-1])
    ax.set_aspect("equal", adjustable="box")
    return point


class SurfacePanel:
    """The 2-D cost surface at one ``λ``; ``update(lam)`` redraws only what ``λ`` changes.

    With ``rescale`` the colours are of ``(J - min J) / (max J - min J)`` on
    the fixed levels ``0, 1/16, …, 1``, so one colour bar stays right for
    every ``λ``. ``label=False`` leaves out the value of ``λ`` above the
    Axes (the explorer shows it beside the picture). ``in_place`` (implies
    ``rescale``) draws the filled levels as one ``PathCollection`` and the
    level lines as one ``LineCollection`` whose paths ``update`` replaces,
    instead of new contour sets: the same picture, for a slider;
    ``panel.image`` is then what a colour bar is made from.
    """

    def __init__(self, ax, surface, lam, rescale=False, label=True, in_place=False):
        from matplotlib.patches import FancyArrowPatch

        self.ax, self.surface, self.rescale = ax, surface, rescale or in_place
        self.point = _frame(ax, surface)
        self.contours, self.image = [], None
        if in_place:
            self._in_place(surface)
        (self.lowest,) = ax.plot(
            [], [], "X", color="white", markeredgecolor="k", markersize=10, label="lowest $J$ on the grid", zorder=3
        )
        self.arrow = FancyArrowPatch(
            (0, 0),
            (1, 1),
            arrowstyle="-|>",
            mutation_scale=18,
            color="red",
            linewidth=2,
            label=r"$-\nabla J$",
            zorder=4,
        )
        self.arrow.set_gid("negative_gradient")
        ax.add_patch(self.arrow)
        self.label = ax.text(1.0, 1.01, "", transform=ax.transAxes, ha="right", va="bottom") if label else None
        self.update(lam)

    def _in_place(self, surface):
        from matplotlib import colormaps
        from matplotlib.cm import ScalarMappable
        from matplotlib.collections import LineCollection, PathCollection
        from matplotlib.colors import BoundaryNorm, ListedColormap

        self.band_colors = colormaps["viridis"]((_LEVELS[:-1] + _LEVELS[1:]) / 2)  # as contourf colours its bands
        self.bands = PathCollection([], edgecolors="none", linewidths=0, antialiaseds=False, zorder=0)
        self.ax.add_collection(self.bands, autolim=False)
        self.lines = LineCollection([], colors="k", linewidths=0.4, alpha=0.4, zorder=0.5)
        self.ax.add_collection(self.lines, autolim=False)
        # For a colour bar: the same 16 colours on the same levels.
        self.image = ScalarMappable(BoundaryNorm(_LEVELS, len(_LEVELS) - 1), ListedColormap(self.band_colors))

    def _draw_in_place(self, Z):
        """The filled bands and the level lines of ``Z`` (values in [0, 1]), as new paths of the same artists."""
        import contourpy
        from matplotlib.path import Path

        x, y = self.surface.axes
        contours = contourpy.contour_generator(x, y, Z, fill_type="ChunkCombinedCode", line_type="Separate")
        paths, colors = [], []
        bounds = _LEVELS.copy()
        bounds[0], bounds[-1] = -1.0, 2.0  # the lowest and highest values belong to the end bands
        for k in range(len(_LEVELS) - 1):
            (points,), (codes,) = contours.filled(bounds[k], bounds[k + 1])  # one path per band
            if points is not None:
                paths.append(Path(points, codes))
                colors.append(self.band_colors[k])
        self.bands.set_paths(paths)
        self.bands.set_facecolor(colors)
        self.lines.set_segments([line for level in _LEVELS[1:-1] for line in contours.lines(level)])

    def update(self, lam):
        """Draw the surface for ``λ``; returns the artists that changed (the filled levels first)."""
        surface, ax = self.surface, self.ax
        J = surface.cost_grid(lam)
        x, y = surface.axes
        Z = J
        if self.rescale:
            low, high = J.min(), J.max()
            Z = (J - low) / ((high - low) or 1.0)
        if self.image is not None:
            self._draw_in_place(Z)
            changed = [self.bands, self.lines]
        else:
            for contour in self.contours:
                contour.remove()
            filled = ax.contourf(x, y, Z, levels=_LEVELS if self.rescale else 16, cmap="viridis", zorder=0)
            lines = ax.contour(x, y, Z, levels=filled.levels, colors="k", linewidths=0.4, alpha=0.4, zorder=0.5)
            self.contours = changed = [filled, lines]
        i, j = np.unravel_index(np.argmin(J), J.shape)
        self.lowest.set_data([x[j]], [y[i]])
        ends = descent_arrow(surface, lam)
        self.arrow.set_visible(ends is not None)
        if ends is not None:
            self.arrow.set_positions(*ends)
        changed = changed + [self.lowest, self.arrow]
        if self.label is not None:
            self.label.set_text(rf"$\lambda = {math_number(lam)}$")
            changed.append(self.label)
        return changed


def draw_cost_surface(ax, surface, lam, three_d=False, colorbar=True, legend="upper right"):
    """Draw ``surface`` at ``λ`` on ``ax`` (a 3-D Axes when ``three_d``); returns ``ax``."""
    if three_d:
        _frame(ax, surface)
        x, y = np.meshgrid(*surface.axes)
        J0 = surface.cost(lam)
        w1, w2 = surface.centre
        # Draw in zorder rather than by depth, so that the surface never hides the point and the arrow.
        ax.computed_zorder = False
        mappable = ax.plot_surface(
            x, y, surface.cost_grid(lam), cmap="viridis", linewidth=0, antialiased=False, alpha=0.85, zorder=1
        )
        ax.plot([w1], [w2], [J0], "o", color="red", markeredgecolor="k", label=r"current $\Theta$", zorder=5)
        ends = descent_arrow(surface, lam)
        if ends is not None:
            (_, _), (x1, y1) = ends
            ax.quiver(w1, w2, J0, x1 - w1, y1 - w2, 0.0, color="red", linewidth=2, label=r"$-\nabla J$", zorder=6)
        ax.set_zlabel(r"$J(\Theta)$")
        ax.set_title(rf"$\lambda = {math_number(lam)}$", loc="right")
    else:
        panel = SurfacePanel(ax, surface, lam)
        mappable = panel.contours[0]
        if not panel.arrow.get_visible():
            panel.arrow.remove()
    if colorbar:
        ax.figure.colorbar(mappable, ax=ax, label=r"$J(\Theta)$", shrink=0.8 if three_d else 1.0)
    if legend:
        ax.legend(loc=legend, fontsize="small", framealpha=0.8, handler_map=arrow_legend_handlers())
    return ax


def plot_cost_surface(
    thetas,
    X,
    y,
    params,
    lam=0.0,
    cost="cross_entropy",
    span=1.0,
    resolution=41,
    ax=None,
    three_d=False,
    activation="sigmoid",
    colorbar=True,
    output="sigmoid",
):
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
        Grid points per axis, 3 to ``nnlesson.landscape.MAX_RESOLUTION``
        (501); ``resolution²`` costs in all.
    ax : matplotlib Axes, optional
        A 3-D Axes when ``three_d`` is True.
    three_d : bool
        Draw a surface instead of filled contours.
    activation : {'sigmoid', 'relu', 'tanh'}
        ``g`` of the hidden layers.
    colorbar : bool
        Add a colour bar for ``J`` beside ``ax``.
    output : {'sigmoid', 'softmax', 'identity'}
        The output layer.

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

    with every other weight held at its current value
    (``nnlesson.landscape.cost_surface``). ``λ`` only adds the quadratic
    penalty, so the regularization "bowl" is added on top of the same data
    term; a bias weight (column 0) is not penalized and its direction is
    left unchanged by ``λ``.
    """
    lam = as_lam(lam)
    three_d = as_flag("three_d", three_d)
    colorbar = as_flag("colorbar", colorbar)
    ax = axes(ax, three_d)
    surface = cost_surface(thetas, X, y, params, cost, activation, output, span, resolution)
    return draw_cost_surface(ax, surface, lam, three_d=three_d, colorbar=colorbar)


def lambda_explorer_static(
    thetas,
    X,
    y,
    params,
    lams=(0, 1, 10),
    cost="cross_entropy",
    span=1.0,
    resolution=41,
    activation="sigmoid",
    output="sigmoid",
):
    """The λ explorer for a few values of λ side by side, as one matplotlib Figure.

    Parameters
    ----------
    thetas, X, y, params, cost, span, resolution, activation, output
        As for ``plot_cost_surface``.
    lams : sequence of float
        The values of ``λ >= 0``, one panel each (at most 12).

    Returns
    -------
    matplotlib.figure.Figure
        One cost-surface Axes per λ, each with its colour-bar Axes
        (``2 * len(lams)`` Axes in all). Not registered with pyplot:
        display it, or ``fig.savefig(...)``; there is nothing to close.

    Notes
    -----
    The surface of ``nnlesson.widgets.lambda_explorer``, ``J(Θ; λ) = J(Θ; 0)
    + λ/(2m) Σ (Θ^(l)_{ji})²`` over the two weights, computed once and
    drawn for each λ with its own colour scale; the lowest point on the
    grid moves toward the origin as λ grows. Notebook 03 shows it for
    readers without a running kernel.
    """
    lams = [as_lam(lam, f"lams[{k}]") for k, lam in enumerate(as_values("lams", lams, minimum=0))]
    surface = cost_surface(thetas, X, y, params, cost, activation, output, span, resolution)
    fig = new_figure((5.0 * len(lams), 4.2), layout="constrained")
    for k, (lam, ax) in enumerate(zip(lams, fig.subplots(1, len(lams), squeeze=False)[0])):
        draw_cost_surface(ax, surface, lam, legend="best" if k == 0 else None)
        ax.text(
            0.02,
            0.02,
            f"J(Θ) = {surface.cost(lam):.4f}",
            transform=ax.transAxes,
            fontsize="small",
            bbox=dict(boxstyle="round", facecolor="white", alpha=0.85, edgecolor="0.7"),
        )
    return fig
