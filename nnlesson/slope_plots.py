"""Pictures of a derivative: the tangent, the secants, and the error of each slope (complex step too) against ε.

Drawn from the numbers of ``nnlesson.landscape`` (``cost_slice``,
``secant_table``); re-exported by ``nnlesson.plots``. Derived in notebook
04, sections 1 "The secant and the tangent" and 2 "Choosing ε: the V curve".
"""

import numpy as np

from ._validate import as_scalar, describe
from .landscape import cost_slice, secant_table, widen
from .plotting import (
    COMPLEX_STEP_COLOR,
    CURVE_COLOR,
    ONE_SIDED_COLOR,
    SECANT_COLOR,
    TANGENT_COLOR,
    as_marks,
    as_sweep,
    as_values,
    axes,
    math_number,
    new_figure,
)

__all__ = ["TangentSecantPanel", "plot_tangent_secant", "SweepPanel", "plot_epsilon_sweep", "epsilon_explorer_static"]

# A relative error of exactly 0 (J quadratic, say) cannot go on a log axis;
# it is drawn at this floor instead, below float64's 2.2e-16. An infinite
# one (numeric = -analytic) is drawn at the ceiling.
ERROR_FLOOR, ERROR_CEILING = 1e-18, 1e6


class TangentSecantPanel:
    """``J`` along ``θ_i`` with its tangent, and the secants at one ``ε``, which ``update`` moves.

    The curve, the tangent and the limits are drawn once. The secants, their
    points, the inset and (with ``text``) the slopes' text and the value of
    ``ε`` are changed in place by ``update(secants)``, which returns those
    artists. ``text=False`` leaves the numbers out of the picture (the
    explorer shows them beside it).

    The inset ("gap from the tangent") shows ``θ_i ± ε`` only, with the
    tangent subtracted and the vertical scale fitted to what is left: the
    two secants' distance from the tangent, magnified until it is visible
    however small ``ε`` is. The one-sided secant leaves the tangent at an
    angle ``∝ ε``; the two-sided one runs almost parallel to it (its slope
    is off by ``∝ ε²``).
    """

    def __init__(self, ax, piece, secants, inset=True, text=True):
        self.ax, self.piece, self.text = ax, piece, text
        t0, i = piece.theta[piece.index], piece.index
        t = t0 + piece.offsets
        ax.plot(t, piece.curve, color=CURVE_COLOR, linewidth=2, label=rf"$J$ along $\theta_{{{i}}}$")
        ax.plot(
            t,
            piece.J0 + piece.slope * piece.offsets,
            color=TANGENT_COLOR,
            linewidth=1.5,
            label="tangent at $\\theta$" + ("" if piece.analytic else " (numeric)"),
        )
        (self.point,) = ax.plot([t0], [piece.J0], "o", color=TANGENT_COLOR, markeredgecolor="k", zorder=4)
        low, high = piece.curve.min(), piece.curve.max()
        pad = 0.15 * (high - low) if high > low else 0.1 * max(abs(high), 1.0)
        ax.set_ylim(low - pad, high + 2.5 * pad)  # room for the slopes at the top
        ax.set_xlim(t[0], t[-1])
        ax.set_xlabel(rf"$\theta_{{{i}}}$")
        ax.set_ylabel(r"$J(\theta)$")
        ax.set_title("Tangent and secants", loc="left")
        (self.two,) = ax.plot(
            [],
            [],
            "--",
            color=SECANT_COLOR,
            linewidth=1.5,
            zorder=3,
            label=r"two-sided secant through $\theta\pm\varepsilon$",
        )
        (self.one,) = ax.plot(
            [],
            [],
            ":",
            color=ONE_SIDED_COLOR,
            linewidth=1.8,
            zorder=3,
            label=r"one-sided secant through $\theta$, $\theta+\varepsilon$",
        )
        (self.points,) = ax.plot([], [], "o", color=SECANT_COLOR, markeredgecolor="k", zorder=4)
        if text:
            self.slopes = ax.text(
                0.02,
                0.97,
                "",
                transform=ax.transAxes,
                va="top",
                ha="left",
                fontsize="x-small",
                zorder=6,
                bbox=dict(boxstyle="round", facecolor="white", alpha=0.85, edgecolor="0.7"),
            )
            self.value = ax.text(1.0, 1.01, "", transform=ax.transAxes, ha="right", va="bottom")
        self.inset = None
        if inset:
            self.inset = ax.inset_axes([0.6, 0.05, 0.38, 0.3], zorder=7)
            self.inset.set_xticks([])
            self.inset.set_yticks([])
            self.inset.axhline(0.0, color=TANGENT_COLOR, linewidth=1.5)
            (self.inset_two,) = self.inset.plot([], [], "--", color=SECANT_COLOR, linewidth=1.5)
            (self.inset_one,) = self.inset.plot([], [], ":", color=ONE_SIDED_COLOR, linewidth=1.8)
            (self.inset_points,) = self.inset.plot([], [], "o", color=CURVE_COLOR, markeredgecolor="k", markersize=5)
            # A text of the outer Axes, not the inset's title: it does not change, so it is not redrawn.
            ax.text(
                0.79,
                0.36,
                "gap from the tangent, magnified",
                transform=ax.transAxes,
                ha="center",
                va="bottom",
                fontsize="x-small",
                zorder=7,
            )
            if text:
                self.inset_label = self.inset.text(
                    0.03, 0.95, "", transform=self.inset.transAxes, va="top", ha="left", fontsize="x-small"
                )
        self.update(secants)

    def update(self, secants):
        """Draw the secants of ``secants`` (a ``landscape.Secants``); returns the artists that changed."""
        piece, eps = self.piece, secants.epsilon
        t0, offsets = piece.theta[piece.index], piece.offsets
        mid = (secants.plus + secants.minus) / 2
        self.two.set_data(t0 + offsets, mid + secants.two_sided * offsets)
        self.one.set_data(t0 + offsets, piece.J0 + secants.one_sided * offsets)
        self.points.set_data([t0 - eps, t0 + eps], [secants.minus, secants.plus])
        changed = [self.two, self.one, self.points]
        if self.text:
            word = "analytic" if piece.analytic else "numeric, ε = 1e-5"
            self.slopes.set_text(
                f"tangent slope ({word}):  {piece.slope:.10g}\n"
                f"two-sided [J(θ+ε) − J(θ−ε)] / 2ε:  {secants.two_sided:.10g}"
                f"   (off by {abs(secants.two_sided - piece.slope):.2g})\n"
                f"one-sided [J(θ+ε) − J(θ)] / ε:  {secants.one_sided:.10g}"
                f"   (off by {abs(secants.one_sided - piece.slope):.2g})"
            )
            self.value.set_text(rf"$\varepsilon = {math_number(eps)}$")
            changed += [self.slopes, self.value]
        if self.inset is not None:
            self._update_inset(secants)
            changed += [self.inset.patch, *self.inset.lines, *self.inset.spines.values()]
        return changed

    def _update_inset(self, secants):
        piece, eps = self.piece, secants.epsilon
        u = np.array([-eps, eps])
        gap_two = (secants.plus + secants.minus) / 2 - piece.J0 + (secants.two_sided - piece.slope) * u
        gap_one = (secants.one_sided - piece.slope) * u
        dots = np.array(
            [secants.minus - piece.J0 + piece.slope * eps, 0.0, secants.plus - piece.J0 - piece.slope * eps]
        )
        self.inset_two.set_data(u, gap_two)
        self.inset_one.set_data(u, gap_one)
        self.inset_points.set_data([-eps, 0.0, eps], dots)
        values = np.concatenate([gap_two, gap_one, dots])
        low, high = float(values.min()), float(values.max())
        size = high - low or max(abs(piece.J0), 1.0) * 1e-15
        self.inset.set_xlim(-1.1 * eps, 1.1 * eps)
        self.inset.set_ylim(low - 0.6 * size, high + 0.9 * size)
        if self.text:
            self.inset_label.set_text(f"over θ ± ε; height {size:.1e}")


def plot_tangent_secant(J, theta, index, epsilon, analytic=None, ax=None, span=1.0, resolution=101, inset=True):
    """``J`` along one parameter, its tangent, and the one- and two-sided secants at ``ε`` (Khanafer's figures 5-7).

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
        ``ε > 0``, the step of the secants.
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
    inset : bool
        Add the inset "gap from the tangent".

    Returns
    -------
    ax : the Axes, holding four lines (the curve ``J``, the tangent, the
        two-sided secant, the one-sided secant), the marked points, a text
        box with the three slopes and how far each secant's is from the
        tangent's, and (with ``inset``) an inset Axes: over ``θ_i ± ε``
        only, each line minus the tangent, magnified to fill the inset.

    Notes
    -----
    Two-sided (Khanafer's): ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε``; one-sided:
    ``(J(θ + εe_i) - J(θ)) / ε``. At ``ε = 10^-4`` both lines lie on the
    tangent as far as the eye can tell; the inset and the text show that the
    one-sided slope is off by about ``ε |J''| / 2`` and the two-sided one by
    about ``ε² |J'''| / 6``. Much below ``ε ≈ 10^-5`` round-off in ``J``
    spoils both again (``plot_epsilon_sweep``).
    """
    epsilon = as_scalar("epsilon", epsilon, positive=True)
    if not isinstance(inset, (bool, np.bool_)):
        raise TypeError(f"inset must be True or False, got {describe(inset)}")
    piece = widen(cost_slice(J, theta, index, analytic, span, resolution), epsilon)
    ax = axes(ax)
    TangentSecantPanel(ax, piece, piece.secants(epsilon), inset=bool(inset))
    _legend_below(ax)
    return ax


def _legend_below(ax):
    """The four lines' legend under the Axes, where it covers neither the curve nor the slopes."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, fontsize="x-small", frameon=False)


# --- error against ε ------------------------------------------------------------


class SweepPanel:
    """The error-vs-ε curves, drawn once, and marks at given ``ε`` that ``update`` moves."""

    def __init__(self, ax, eps, one, two, marks=(), steps=None):
        self.ax = ax
        order = np.argsort(eps)
        eps, one, two = eps[order], *(np.clip(e[order], ERROR_FLOOR, ERROR_CEILING) for e in (one, two))
        self.curves = eps, one, two
        drawn = [one, two]
        ax.loglog(
            eps,
            one,
            "o-",
            markersize=3,
            color=ONE_SIDED_COLOR,
            label=r"one-sided $[J(\theta+\varepsilon)-J(\theta)]\,/\,\varepsilon$",
        )
        ax.loglog(
            eps,
            two,
            "o-",
            markersize=3,
            color=SECANT_COLOR,
            label=r"two-sided $[J(\theta+\varepsilon)-J(\theta-\varepsilon)]\,/\,2\varepsilon$",
        )
        if steps is not None:  # Im J(θ + iεe_i) / ε: no subtraction, so no round-off arm; under the others
            drawn.append(np.clip(steps[order], ERROR_FLOOR, ERROR_CEILING))
            label = r"complex step $\mathrm{Im}\,J(\theta+i\varepsilon)\,/\,\varepsilon$"
            ax.loglog(eps, drawn[-1], "s-", markersize=3, color=COMPLEX_STEP_COLOR, label=label, zorder=1.9)
        best = int(np.argmin(two))
        ax.plot([eps[best]], [two[best]], "v", color="k", markersize=8)
        ax.annotate(
            rf"lowest: ${math_number(two[best])}$ at $\varepsilon = {math_number(eps[best])}$",
            (eps[best], two[best]),
            xytext=(0, -16),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize="small",
        )
        if len(marks):
            ax.plot(
                [], [], ":", color="0.3", label=r"current $\varepsilon$" if len(marks) == 1 else r"marked $\varepsilon$"
            )
        ax.set_xlabel(r"$\varepsilon$")
        ax.set_ylabel(r"relative error $|n-a|\,/\,|n+a|$")
        ax.set_title(r"Error of the numeric slope $n$ against the analytic $a$")
        ax.grid(True, which="major", alpha=0.3)
        ax.set_ylim(min(e.min() for e in drawn) / 30, max(e.max() for e in drawn) * 30)
        self.marks = []
        for _ in marks:
            line = ax.axvline(1.0, color="0.3", linestyle=":", linewidth=1.5)
            dots = [
                ax.plot([], [], "o", color=color, markeredgecolor="k", markersize=8, zorder=4)[0]
                for color in (ONE_SIDED_COLOR, SECANT_COLOR)
            ]
            self.marks.append((line, dots))
        self.update(marks)

    def update(self, marks):
        """Move the marks to the values ``marks`` (as many as at the start); returns the artists moved."""
        eps, one, two = self.curves
        log_eps = np.log10(eps)
        changed = []
        for e, (line, dots) in zip(marks, self.marks):
            line.set_xdata([e, e])
            for dot, errors in zip(dots, (one, two)):
                dot.set_data([e], [10 ** np.interp(np.log10(e), log_eps, np.log10(errors))])
            changed += [line, *dots]
        return changed


def plot_epsilon_sweep(sweep, mark=None, ax=None):
    """Relative error of the one- and two-sided differences (and the complex step) against ``ε``, log-log.

    Parameters
    ----------
    sweep : EpsilonSweep
        ``(epsilons, one_sided, two_sided[, complex_step])``, arrays of shape
        (q,), as returned by ``nnlesson.gradcheck.epsilon_sweep``; the
        complex-step curve is drawn when the sweep has one.
    mark : float or sequence of float, optional
        ``ε`` values to mark with a vertical line and a dot on each curve
        (read off the curves by interpolation in log-log).
    ax : matplotlib Axes, optional

    Returns
    -------
    ax : the Axes, holding the curves, the lowest two-sided error
        (a marker and its text) and the marks.

    Notes
    -----
    One-sided: ``(J(θ+εe_i) - J(θ))/ε``, truncation error ``O(ε)``.
    Two-sided: ``(J(θ+εe_i) - J(θ-εe_i))/2ε``, truncation error ``O(ε²)``.
    Both suffer round-off of about ``10^-16 |J| / ε``, so each curve is a V
    over ``log ε``; the two-sided one bottoms out near ``ε ≈ 10^-5`` in
    float64 (notebook 04, section 2 "Choosing ε: the V curve"). The complex
    step ``Im J(θ + iεe_i)/ε`` subtracts nothing: no round-off arm, only the
    ``O(ε²)`` one on the right. An error of exactly 0 is drawn at ``1e-18``.
    """
    eps, one, two, steps = as_sweep(sweep)
    marks = as_marks(mark)
    ax = axes(ax)
    SweepPanel(ax, eps, one, two, marks, steps)
    ax.legend(loc="upper center", fontsize="small", framealpha=0.85)
    return ax


def epsilon_explorer_static(J, theta, index, analytic=None, epsilons=(1e-1, 1e-4, 1e-9), span=1.0, resolution=101):
    """The ε explorer for a few values of ε side by side, as one matplotlib Figure.

    Parameters
    ----------
    J, theta, index, analytic, span, resolution
        As for ``plot_tangent_secant``.
    epsilons : sequence of float
        The values of ``ε > 0``, one tangent-and-secant panel each (at most 12).

    Returns
    -------
    matplotlib.figure.Figure
        A top row of ``len(epsilons)`` tangent-and-secant Axes (each with
        its inset) and, below, one error-against-ε Axes marking every ε.
        Not registered with pyplot; nothing to close.

    Notes
    -----
    The panels of ``nnlesson.widgets.epsilon_explorer`` for a few fixed ε:
    the secants are far from the tangent at ``ε = 10^-1``, on it at
    ``10^-4``, and off again at ``10^-9`` by round-off, as the error curve
    below shows. Notebook 04 shows it for readers without a running kernel.
    """
    epsilons = as_values("epsilons", epsilons, positive=True)
    piece = cost_slice(J, theta, index, analytic, span, resolution)
    sweep = secant_table(piece, np.logspace(-12, 0, 49))
    fig = new_figure((4.6 * max(len(epsilons), 2), 8.4), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=(1, 1))
    for eps, ax in zip(epsilons, top.subplots(1, len(epsilons), squeeze=False)[0]):
        here = widen(piece, eps)
        TangentSecantPanel(ax, here, here.secants(eps))
        _legend_below(ax)
    plot_epsilon_sweep(sweep, mark=epsilons, ax=bottom.subplots())
    return fig
