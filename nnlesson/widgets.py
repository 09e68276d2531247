"""Two sliders wired to the landscape and the plots: λ on the cost surface, ε on the tangent and secants.

Used in notebook 03 (``lambda_explorer``, section 9) and notebook 04
(``epsilon_explorer``, section 2). Each explorer is an ``ipywidgets.VBox``
holding a slider, a readout and an image. The numbers come from
``nnlesson.landscape``, computed once when the explorer is built (the
λ-free cost over the whole grid; the cost along the chosen parameter and
both secants at every position of the ε slider); the pictures are the
panels of ``nnlesson.plots``, drawn once and moved when the slider moves.
The image is a PNG drawn with matplotlib's Agg renderer, so nothing beyond
ipywidgets is needed in the browser, and setting ``.slider.value`` from
Python redraws at once (which is how the tests drive them).

The static twins ``lambda_explorer_static`` and ``epsilon_explorer_static``
live in ``nnlesson.plots`` and are importable from here too.
"""

import struct
import zlib
from html import escape

import ipywidgets as widgets
import numpy as np

from ._validate import as_lam, as_scalar
from .gradcheck import relative_error
from .landscape import cost_slice, cost_surface, secant_table, widen
from .plots import epsilon_explorer_static, lambda_explorer_static
from .plotting import as_dpi, as_figsize, new_figure
from .slope_plots import SweepPanel, TangentSecantPanel
from .surface_plots import SurfacePanel, arrow_legend_handlers

__all__ = [
    "Explorer",
    "lambda_explorer",
    "lambda_explorer_static",
    "epsilon_explorer",
    "epsilon_explorer_static",
]


def _png(pixels):
    """PNG bytes of the RGB channels of an (h, w, 4) RGBA buffer: rows unfiltered, zlib at level 1.

    A complete PNG (signature, IHDR, one IDAT, IEND) that any reader decodes
    to the same pixels; the figure is opaque, so alpha is left out (see
    benchmarks/README.md, "The explorers").
    """
    pixels = np.asarray(pixels)
    h, w, _ = pixels.shape
    rows = np.zeros((h, 3 * w + 1), dtype=np.uint8)  # each row starts with its filter type, 0 (none)
    rows[:, 1:].reshape(h, w, 3)[...] = pixels[..., :3]

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8 bits per channel, RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b"")


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
    ``draw(value)`` moves the figure's artists to the slider's value and
    returns the readout and the artists it changed, followed by the few
    fixed ones they must not cover. The rest of the figure is rendered once
    and kept as pixels; a redraw restores those pixels and renders only the
    listed artists, which gives the picture a full render would give.
    """

    def __init__(self, slider, figure, draw):
        self.slider = slider
        self.image = widgets.Image(format="png")
        self.readout = widgets.HTML()
        self._figure = figure
        self._draw = draw
        self._background = None
        super().__init__([slider, self.readout, self.image])
        slider.observe(self._on_value, names="value")
        self.redraw()

    def _on_value(self, change):
        self.redraw()

    def redraw(self):
        """Draw the figure for the slider's current value into ``image`` and ``readout``."""
        readout, moving = self._draw(self.slider.value)
        canvas = self._figure.canvas
        if self._background is None:
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


def lambda_explorer(
    thetas,
    X,
    y,
    params,
    lam=0.0,
    cost="cross_entropy",
    span=1.0,
    resolution=41,
    activation="sigmoid",
    lam_max=10.0,
    figsize=(6.4, 5.0),
    dpi=80,
    output="sigmoid",
):
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
    cost, span, resolution, activation, output
        As for ``plot_cost_surface``.
    lam_max : float
        The right end of the slider, at least 10 (and at least ``lam``).
    figsize : (float, float)
        Inches.
    dpi : float
        Pixels per inch of the PNG, ``0 < dpi <= 600``.

    Returns
    -------
    Explorer
        ``.slider`` (``FloatSlider`` over ``[0, lam_max]``), ``.image``,
        ``.readout`` (``J(Θ)``, ``‖∇J(Θ)‖`` over all weights, and the
        two partial derivatives on the axes).

    Notes
    -----
    ``J(Θ; λ) = J(Θ; 0) + λ/(2m) Σ_l Σ_{j, i≥1} (Θ^(l)_{ji})²`` and
    ``∇J(Θ; λ) = ∇J(Θ; 0) + (λ/m) [0  Θ^(l)_{:,1:}]``. The contours are
    of ``J`` rescaled to ``[0, 1]``; the numbers beside the colour bar give
    ``J`` itself.
    """
    lam = as_lam(lam)
    lam_max = max(as_lam(as_scalar("lam_max", lam_max, minimum=10), "lam_max"), lam)
    figsize, dpi = as_figsize(figsize), as_dpi(dpi)
    surface = cost_surface(thetas, X, y, params, cost, activation, output, span, resolution)
    (l1, r1, c1), (l2, r2, c2) = surface.params
    i1, i2 = surface.where

    fig = new_figure(figsize, dpi)
    ax = fig.add_subplot()
    panel = SurfacePanel(ax, surface, lam, label=False, in_place=True)
    # The colour bar is drawn once, for the cost rescaled to [0, 1] at every
    # λ; the readout gives the lowest and highest J those ends stand for.
    colorbar = fig.colorbar(panel.image, ax=ax, ticks=[0, 1])
    colorbar.ax.set_yticklabels(["lowest", "highest"])
    colorbar.ax.set_title(r"$J(\Theta)$", fontsize="medium")
    # The legend goes under the axes, where nothing moves.
    fig.subplots_adjust(bottom=0.2, top=0.93, right=0.85)
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        ncols=3,
        fontsize="small",
        frameon=False,
        handler_map=arrow_legend_handlers(),
    )
    fixed = [panel.point, *ax.spines.values()]

    def draw(value):
        moving = panel.update(value)
        J = surface.cost_grid(value)
        grad = surface.full_gradient(value)
        return _readout(
            [
                ("λ", f"{value:.3g}"),
                ("J(Θ)", f"{surface.cost(value):.6f}"),
                ("‖∇J(Θ)‖ (all weights)", f"{np.linalg.norm(grad):.6f}"),
                (f"∂J/∂Θ{_superscript(l1)}[{r1}, {c1}]", f"{grad[i1]:+.6f}"),
                (f"∂J/∂Θ{_superscript(l2)}[{r2}, {c2}]", f"{grad[i2]:+.6f}"),
                ("J on the grid: lowest … highest", f"{J.min():.4g} … {J.max():.4g}"),
            ]
        ), [a for a in moving if a.get_visible()] + fixed

    slider = widgets.FloatSlider(
        value=lam, min=0.0, max=lam_max, step=0.1, description="λ", continuous_update=True, readout_format=".1f"
    )
    return Explorer(slider, fig, draw)


# --- ε ------------------------------------------------------------------------

_EXPONENTS = (-12, 0, 0.25)  # the ε slider: 10^-12 … 10^0 in steps of 10^0.25


def epsilon_explorer(
    J, theta, index, analytic=None, epsilon=1e-4, span=1.0, resolution=101, figsize=(11.0, 4.6), dpi=72
):
    """A log slider for ε: the secants through ``θ ± ε`` against the tangent, and where ε sits on the error curve.

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
        As for ``nnlesson.plots.plot_tangent_secant``; the window is
        widened to ``θ_i ± 1.5`` when ``span`` is below 1.25, so that the
        secants of every slider position fit in it.
    figsize : (float, float)
        Inches.
    dpi : float
        Pixels per inch of the PNG, ``0 < dpi <= 600``.

    Returns
    -------
    Explorer
        ``.slider`` (``FloatLogSlider``, ``10^-12 … 1``), ``.image`` (tangent
        and secants on the left, error against ε on the right, the current
        ε marked), ``.readout`` (analytic slope, numeric slope, their
        relative error).

    Notes
    -----
    Numeric slope: ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε``; relative error
    ``|n - a| / |n + a|`` (``nnlesson.gradcheck.relative_error``). The
    secants of all 49 slider positions, and with them the error curve, are
    computed when the explorer is built (98 calls of ``J``).
    """
    epsilon = as_scalar("epsilon", epsilon, positive=True)
    if not 1e-12 <= epsilon <= 1:
        raise ValueError(f"epsilon must lie in [1e-12, 1], the slider's range, got {epsilon}")
    figsize, dpi = as_figsize(figsize), as_dpi(dpi)
    low, high, step = _EXPONENTS
    piece = widen(cost_slice(J, theta, index, analytic, span, resolution), 10.0**high)
    table = secant_table(piece, np.logspace(low, high, round((high - low) / step) + 1))
    known = {float(e): k for k, e in enumerate(table.epsilons)}
    computed = {}  # ε off the slider's grid (typed by a caller) -> its secants

    def secants(value):
        if value in known:
            return table.secants(known[value], piece.J0)
        if value not in computed:
            computed[value] = piece.secants(value)
        return computed[value]

    fig = new_figure(figsize, dpi)
    left, right = fig.subplots(1, 2)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.26, top=0.92, wspace=0.28)
    panel = TangentSecantPanel(left, piece, secants(epsilon), text=False)
    sweep = SweepPanel(right, table.epsilons, table.one_sided, table.two_sided, marks=[epsilon])
    # Legends under the axes, where nothing moves.
    for ax in (left, right):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize="small", frameon=False)
    # The inset's limits follow ε: its pieces are drawn one by one on each
    # redraw (``panel.update`` lists them), never as part of the kept pixels.
    panel.inset.set_visible(False)
    fixed = [panel.point, *left.spines.values(), *right.spines.values()]
    kind = "analytic" if piece.analytic else "numeric, ε = 1e-5"

    def draw(value):
        here = secants(value)
        moving = panel.update(here) + sweep.update([value])
        numeric, one = here.two_sided, here.one_sided
        return _readout(
            [
                ("ε", f"{value:.3e}"),
                (f"slope ∂J/∂θ_{piece.index} ({kind})", f"{piece.slope:+.12e}"),
                ("numeric slope (two-sided)", f"{numeric:+.12e}"),
                ("relative error", f"{relative_error(np.array([numeric]), np.array([piece.slope])):.3e}"),
                ("numeric slope (one-sided)", f"{one:+.12e}"),
                ("relative error (one-sided)", f"{relative_error(np.array([one]), np.array([piece.slope])):.3e}"),
            ]
        ), moving + fixed

    slider = widgets.FloatLogSlider(
        value=epsilon,
        base=10,
        min=low,
        max=high,
        step=step,
        description="ε",
        continuous_update=True,
        readout_format=".1e",
    )
    return Explorer(slider, fig, draw)
