"""Two sliders over the plots: λ on the cost surface, ε on the tangent and secant.

Used in notebook 03 (``lambda_explorer``) and notebook 04
(``epsilon_explorer``). Each explorer is an ``ipywidgets.VBox`` holding a
slider, a readout and an image; moving the slider redraws the picture with
the functions of ``nnlesson.plots``. The figure is drawn with matplotlib's
Agg renderer into PNG bytes shown by an ``ipywidgets.Image``, so nothing
beyond ipywidgets is needed in the browser, and setting ``.slider.value``
from Python redraws at once (which is how the tests drive them).

What does not depend on the slider is computed once, when the explorer is
built: the λ-free cost over the whole grid, the cost along the chosen
parameter, the error-vs-ε sweep. A redraw only adds the penalty or draws
two lines, then renders.

Each explorer has a static twin (``lambda_explorer_static``,
``epsilon_explorer_static``) that draws a few slider positions side by
side in one matplotlib Figure, for a notebook read without a kernel.
"""

import io
from html import escape

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import offset_copy

from ._validate import describe, as_scalar
from .plots import (
    _arrow_legend_handlers,
    _as_sweep,
    _cost_surface_data,
    _cost_surface_frame,
    _cost_surface_layers,
    _draw_cost_surface,
    _draw_tangent_secant,
    _secant_layers,
    _slice,
    _sweep_frame,
    _sweep_marks,
    _tangent_frame,
    _widen,
    plot_epsilon_sweep,
)

__all__ = [
    "Explorer",
    "lambda_explorer",
    "lambda_explorer_static",
    "epsilon_explorer",
    "epsilon_explorer_static",
]


def _new_figure(figsize, dpi=100, layout=None):
    """A Figure outside pyplot: nothing to close, nothing shown twice in a notebook."""
    fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def _png(pixels):
    """PNG bytes of an (h, w, 4) RGBA buffer, lightly compressed (encoding time beats size here)."""
    from PIL import Image  # matplotlib's own dependency for writing PNG

    buffer = io.BytesIO()
    Image.fromarray(np.asarray(pixels)).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class Explorer(widgets.VBox):
    """A slider, a readout and a picture that follows the slider.

    Attributes
    ----------
    slider : ipywidgets slider
        The control. Setting ``slider.value`` redraws before returning.
    image : ipywidgets.Image
        ``image.value`` holds the PNG bytes of the current figure.
    readout : ipywidgets.HTML
        The numbers behind the current figure.

    Notes
    -----
    Redraws are blitted. ``draw(figure, value)`` returns the readout, the
    artists to draw on top (those that depend on the value, then the few
    fixed ones they must not cover, such as the current point and the
    spines) and whether anything else changed. The rest of the figure is
    rendered once, without those artists, and kept as pixels; a redraw
    restores those pixels and renders only the listed artists. The picture
    is the one a full render would give, at a fraction of the cost: tick
    labels and other text are most of a full render, so legends sit outside
    the axes, where nothing moves, and the λ explorer's colour bar is drawn
    once for the rescaled cost with only the numbers beside it redrawn.
    """

    def __init__(self, slider, draw, figsize, dpi):
        self.slider = slider
        self.image = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self._draw = draw
        self._figure = _new_figure(figsize, dpi)
        self._background = None
        super().__init__([slider, self.readout, self.image])
        slider.observe(self._on_value, names="value")
        self.redraw()

    def _on_value(self, change):
        self.redraw()

    def redraw(self):
        """Draw the figure for the slider's current value into ``image`` and ``readout``."""
        readout, moving, changed = self._draw(self._figure, self.slider.value)
        canvas = self._figure.canvas
        if changed or self._background is None:
            shown = [artist for artist in moving if artist.get_visible()]
            for artist in shown:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self._figure.bbox)
            for artist in shown:
                artist.set_visible(True)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in moving:
            artist.draw(renderer)
        self.readout.value = readout
        self.image.value = _png(canvas.buffer_rgba())


_SUPERSCRIPTS = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def _superscript(layer):
    """``⁽²⁾`` for layer 2: the readout is plain text, where ``^(2)`` would show its caret."""
    return f"({layer})".translate(_SUPERSCRIPTS)


def _readout(rows):
    cells = "".join(
        f"<tr><td style='padding-right:1em'>{escape(name)}</td>"
        f"<td style='font-family:monospace;text-align:right'>{escape(value)}</td></tr>"
        for name, value in rows
    )
    return f"<table>{cells}</table>"


# --- λ ------------------------------------------------------------------------


def lambda_explorer(thetas, X, y, params, lam=0.0, cost="cross_entropy", span=1.0, resolution=41,
                    activation="sigmoid", lam_max=10.0, figsize=(6.4, 5.0), dpi=80):
    """A λ slider over the cost surface of two weights: watch the regularization bowl move the minimum.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``, the current ``Θ``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    params : pair of (layer, row, col)
        The two weights on the axes (layer from 1, row and col from 0), as
        for ``nnlesson.plots.plot_cost_surface``.
    lam : float
        The slider's starting ``λ >= 0``.
    cost, span, resolution, activation
        As for ``plot_cost_surface``.
    lam_max : float
        The right end of the slider, at least 10 (and at least ``lam``).
    figsize : (float, float)
        Inches.
    dpi : int
        Pixels per inch of the PNG.

    Returns
    -------
    Explorer
        ``.slider`` (``FloatSlider`` over ``[0, lam_max]``), ``.image``,
        ``.readout`` (``J(Θ)``, ``‖∇J(Θ)‖`` over all weights, and the
        two partial derivatives on the axes).

    Notes
    -----
    ``J(Θ; λ) = J(Θ; 0) + λ/(2m) Σ_l Σ_{j, i≥1} (Θ^(l)_{ji})²`` and
    ``∇J(Θ; λ) = ∇J(Θ; 0) + (λ/m) [0  Θ^(l)_{:,1:}]``: the λ-free surface
    and gradient are computed once and each λ only adds the penalty.
    """
    lam = as_scalar("lam", lam, minimum=0)
    lam_max = max(as_scalar("lam_max", lam_max, minimum=10), lam)
    surface = _cost_surface_data(thetas, X, y, params, cost, activation, span, resolution)
    (l1, r1, c1), (l2, r2, c2) = surface.params
    i1, i2 = surface.where

    drawn = {}  # what the last redraw made
    fractions = np.linspace(0, 1, 5)

    def draw(fig, value):
        changed = not drawn
        if changed:
            ax = fig.add_subplot()
            point = _cost_surface_frame(ax, surface)
            filled, made = _cost_surface_layers(ax, surface, value, rescale=True, math=False)
            # The colour bar is drawn once, for the rescaled cost in [0, 1];
            # only the numbers beside its ticks change with λ. (Redrawing a
            # colour bar with new ticks costs more than the rest together.)
            colorbar = fig.colorbar(filled, ax=ax, ticks=fractions)
            colorbar.ax.set_yticklabels([])
            colorbar.ax.set_title(r"$J(\Theta)$", fontsize="medium")
            # The legend goes under the axes, where nothing moves, so that
            # it stays in the kept pixels instead of being redrawn each time.
            fig.subplots_adjust(bottom=0.2, top=0.93)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=3, fontsize="small", frameon=False,
                      handler_map=_arrow_legend_handlers())
            drawn.update(ax=ax, colorbar=colorbar, overlays=[point, *ax.spines.values()], layers=made)
        for artist in drawn["layers"]:
            artist.remove()
        _, layers = _cost_surface_layers(drawn["ax"], surface, value, rescale=True, math=False)
        J = surface.cost_grid(value)
        beside = offset_copy(drawn["colorbar"].ax.transAxes, fig=fig, x=6, units="points")
        layers += [drawn["colorbar"].ax.text(1.0, f, f"{J.min() + f * (J.max() - J.min()):.4g}", transform=beside,
                                             ha="left", va="center", fontsize="small") for f in fractions]
        drawn["layers"] = layers
        grad = surface.full_gradient(value)
        return _readout([
            ("λ", f"{value:.3g}"),
            ("J(Θ)", f"{surface.cost(value):.6f}"),
            ("‖∇J(Θ)‖ (all weights)", f"{np.linalg.norm(grad):.6f}"),
            (f"∂J/∂Θ{_superscript(l1)}[{r1}, {c1}]", f"{grad[i1]:+.6f}"),
            (f"∂J/∂Θ{_superscript(l2)}[{r2}, {c2}]", f"{grad[i2]:+.6f}"),
        ]), drawn["layers"] + drawn["overlays"], changed

    slider = widgets.FloatSlider(value=lam, min=0.0, max=lam_max, step=0.1, description="λ",
                                 continuous_update=True, readout_format=".1f")
    return Explorer(slider, draw, figsize, dpi)


def _as_values(name, values, minimum=None, positive=False):
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) == 0:
        raise ValueError(f"{name} must be a non-empty sequence of numbers, got {describe(values)}")
    return [as_scalar(f"{name}[{k}]", v, minimum=minimum, positive=positive) for k, v in enumerate(values)]


def lambda_explorer_static(thetas, X, y, params, lams=(0, 1, 10), cost="cross_entropy", span=1.0,
                           resolution=41, activation="sigmoid"):
    """The λ explorer for a few values of λ side by side, as one matplotlib Figure.

    Parameters
    ----------
    thetas, X, y, params, cost, span, resolution, activation
        As for ``lambda_explorer``.
    lams : sequence of float
        The values of ``λ >= 0``, one panel each.

    Returns
    -------
    matplotlib.figure.Figure
        One cost-surface Axes per λ, each with its colour-bar Axes
        (``2 * len(lams)`` Axes in all). Not registered with pyplot:
        display it, or ``fig.savefig(...)``; there is nothing to close.

    Notes
    -----
    The same surface as ``lambda_explorer``, ``J(Θ; λ) = J(Θ; 0) +
    λ/(2m) Σ (Θ^(l)_{ji})²`` over the two weights, computed once and drawn
    for each λ with its own colour scale; the lowest point on the grid
    moves toward the origin as λ grows. Notebook 03 shows it for readers
    without a running kernel.
    """
    lams = _as_values("lams", lams, minimum=0)
    surface = _cost_surface_data(thetas, X, y, params, cost, activation, span, resolution)
    fig = _new_figure((5.0 * len(lams), 4.2), layout="constrained")
    for k, (lam, ax) in enumerate(zip(lams, fig.subplots(1, len(lams), squeeze=False)[0])):
        _draw_cost_surface(ax, surface, lam, legend="best" if k == 0 else None)
        ax.text(0.02, 0.02, f"J(Θ) = {surface.cost(lam):.4f}", transform=ax.transAxes, fontsize="small",
                bbox=dict(boxstyle="round", facecolor="white", alpha=0.85, edgecolor="0.7"))
    return fig


# --- ε ------------------------------------------------------------------------


def _slice_sweep(piece):
    """The error-vs-ε sweep of the one coordinate ``piece.index``, against the tangent's slope."""
    from .gradcheck import epsilon_sweep

    def along(t):
        return piece.at(float(t[0]) - piece.theta[piece.index])

    return epsilon_sweep(along, np.array([piece.theta[piece.index]]), np.array([piece.slope]))


def epsilon_explorer(J, theta, index, analytic=None, epsilon=1e-4, span=1.0, resolution=101,
                     figsize=(11.0, 4.6), dpi=72):
    """A log slider for ε: the secant through ``θ ± ε`` against the tangent, and where ε sits on the error curve.

    Parameters
    ----------
    J : callable
        Maps a parameter vector (n,) to the float ``J(θ)``.
    theta : array_like of shape (n,)
    index : int
        The coordinate ``i`` that moves, ``0..n-1``.
    analytic : float or array_like of shape (n,), optional
        The exact ``∂J/∂θ_i`` or the whole gradient (backpropagation's).
        Without it a central difference at ``ε = 10^-5`` stands in, and the
        "relative error" is against that estimate.
    epsilon : float
        The slider's starting ``ε``, in ``[10^-12, 1]``.
    span, resolution
        As for ``nnlesson.plots.plot_tangent_secant``.
    figsize : (float, float)
        Inches.
    dpi : int
        Pixels per inch of the PNG.

    Returns
    -------
    Explorer
        ``.slider`` (``FloatLogSlider``, ``10^-12 … 1``), ``.image`` (tangent
        and secant on the left, error against ε on the right, the current
        ε marked), ``.readout`` (analytic slope, numeric slope, their
        relative error).

    Notes
    -----
    Numeric slope: ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε``; relative error
    ``|n - a| / |n + a|`` (``nnlesson.gradcheck.relative_error``). The
    error curve is ``nnlesson.gradcheck.epsilon_sweep`` along coordinate
    ``i`` alone, computed once.
    """
    from .gradcheck import relative_error

    epsilon = as_scalar("epsilon", epsilon, positive=True)
    if not 1e-12 <= epsilon <= 1:
        raise ValueError(f"epsilon must lie in [1e-12, 1], the slider's range, got {epsilon}")
    piece = _slice(J, theta, index, analytic, span, resolution)
    sweep = _slice_sweep(piece)
    curves = _as_sweep(sweep)
    wide = {}  # ε -> J along θ_i over a window holding θ ± ε (the same object while ε fits the span)
    secants = {}  # ε -> (J(θ - ε), J(θ + ε), secant slope)
    drawn = {}  # what the last redraw made

    def draw(fig, value):
        if value not in wide:
            wide[value] = _widen(piece, value)
        here = wide[value]
        changed = drawn.get("piece") is not here
        if not drawn:
            drawn["left"], right = fig.subplots(1, 2)
            fig.subplots_adjust(left=0.07, right=0.98, bottom=0.26, top=0.92, wspace=0.28)
            drawn["curves"] = _sweep_frame(right, *curves, marks=1)
            # Legends under the axes, where nothing moves: they stay in the
            # kept pixels instead of being redrawn each time.
            right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize="small", frameon=False)
            drawn["overlays"] = [*right.spines.values()]
            drawn["right"] = right
        else:
            for artist in drawn["moving"]:
                artist.remove()
        left = drawn["left"]
        if value not in secants:  # J(θ ± ε) for a slider position visited before is not recomputed
            secants[value] = here.secant(value)
        secant = secants[value]
        if changed:  # a new window along θ_i: redraw the curve and the tangent too
            left.cla()
            point = _tangent_frame(left, here)
            moving = _secant_layers(left, here, value, secant, math=False)
            left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize="small", frameon=False)
            drawn["left_overlays"] = [point, *left.spines.values()]
            drawn["piece"] = here
        else:
            moving = _secant_layers(left, here, value, secant, math=False)
        moving += _sweep_marks(drawn["right"], drawn["curves"], [value])
        drawn["moving"] = moving
        numeric = secant[2]
        kind = "analytic" if piece.analytic else "numeric, ε = 1e-5"
        return _readout([
            ("ε", f"{value:.3e}"),
            (f"slope ∂J/∂θ_{piece.index} ({kind})", f"{piece.slope:+.12e}"),
            ("numeric slope (two-sided)", f"{numeric:+.12e}"),
            ("relative error", f"{relative_error(np.array([numeric]), np.array([piece.slope])):.3e}"),
        ]), moving + drawn["left_overlays"] + drawn["overlays"], changed

    slider = widgets.FloatLogSlider(value=epsilon, base=10, min=-12, max=0, step=0.25, description="ε",
                                    continuous_update=True, readout_format=".1e")
    return Explorer(slider, draw, figsize, dpi)


def epsilon_explorer_static(J, theta, index, analytic=None, epsilons=(1e-1, 1e-4, 1e-9), span=1.0,
                            resolution=101):
    """The ε explorer for a few values of ε side by side, as one matplotlib Figure.

    Parameters
    ----------
    J, theta, index, analytic, span, resolution
        As for ``epsilon_explorer``.
    epsilons : sequence of float
        The values of ``ε > 0``, one tangent-and-secant panel each.

    Returns
    -------
    matplotlib.figure.Figure
        A top row of ``len(epsilons)`` tangent-and-secant Axes and, below,
        one error-against-ε Axes marking every ε (``len(epsilons) + 1``
        Axes in all). Not registered with pyplot; nothing to close.

    Notes
    -----
    The panels of ``epsilon_explorer`` for a few fixed ε: the secant
    through ``θ ± ε`` has slope ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε``, far
    from the tangent's at ``ε = 10^-1``, on it at ``10^-4``, and off again
    at ``10^-9`` by round-off, as the error curve below shows. Notebook 04
    shows it for readers without a running kernel.
    """
    epsilons = _as_values("epsilons", epsilons, positive=True)
    piece = _slice(J, theta, index, analytic, span, resolution)
    sweep = _slice_sweep(piece)
    fig = _new_figure((4.6 * max(len(epsilons), 2), 8.4), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=(1, 1))
    for eps, ax in zip(epsilons, top.subplots(1, len(epsilons), squeeze=False)[0]):
        _draw_tangent_secant(ax, _widen(piece, eps), eps)
    plot_epsilon_sweep(sweep, mark=epsilons, ax=bottom.subplots())
    return fig
