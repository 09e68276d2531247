"""Pictures of the lesson, drawing only: cost surfaces, tangents and secants, error vs ε, the network, learning curves.

Every function here takes an ``ax`` (a new figure is made with
``matplotlib.pyplot`` when ``ax`` is None), draws on it, and returns it. No
rcParams are changed and nothing is remembered between calls. The numbers
come from ``nnlesson.landscape`` (surfaces and slices) and
``nnlesson.network``; the sliders of ``nnlesson.widgets`` redraw these same
pictures. The static explorers draw a few slider positions side by side in
one Figure, for a notebook read without a kernel.

==============================  ==================================================================
function                        derived in
==============================  ==================================================================
``plot_network``                notebook 01, section 7 "The network, drawn"; notebook 02, section 7
``plot_cost_surface``           notebook 03, section 9 "How λ reshapes the cost"
``lambda_explorer_static``      notebook 03, section 9
``plot_tangent_secant``         notebook 04, section 1 "The secant and the tangent"
``plot_epsilon_sweep``          notebook 04, section 2 "Choosing ε: the V curve"
``epsilon_explorer_static``     notebook 04, section 2 ("Try it: the ε explorer")
``plot_learning_curves``        notebook 05, sections 4 and 5
==============================  ==================================================================

Numbering: parameters are named as the package names them, ``(layer, row,
col)`` with ``layer`` counted from 1 as in the notebooks (``Θ^(1)`` is
``thetas[0]``) and ``row``, ``col`` counted from 0 as numpy does; column 0
multiplies the bias unit. The axis label ``Θ^(1)_{2,0}`` is
``thetas[0][2, 0]``.
"""

from collections.abc import Mapping

import numpy as np

from ._validate import as_float_array, describe
from .network import backward, forward, forward_propagate
from .plotting import as_flag, axes
from .problem import prepare
from .slope_plots import epsilon_explorer_static, plot_epsilon_sweep, plot_tangent_secant
from .surface_plots import lambda_explorer_static, plot_cost_surface

__all__ = [
    "plot_cost_surface",
    "plot_tangent_secant",
    "plot_epsilon_sweep",
    "plot_network",
    "plot_learning_curves",
    "lambda_explorer_static",
    "epsilon_explorer_static",
]

# --- the network ---------------------------------------------------------------

# Above this many units in a layer the numbers are no longer written on them.
_MAX_LABELLED_UNITS = 12


def plot_network(
    thetas, x, y=None, show_deltas=False, ax=None, activation="sigmoid", output="sigmoid", cost="cross_entropy"
):
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
    activation : {'sigmoid', 'relu', 'tanh'}
        ``g`` of the hidden layers.
    output : {'sigmoid', 'softmax', 'identity'}
        The output layer.
    cost : {'cross_entropy', 'half_squared_error'}
        The cost whose deltas are written (with ``y``).

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
    ``a^(1) = x``, ``a^(l+1) = g([1  a^(l)] Θ^(l)ᵀ)`` (``forward_propagate``;
    the output layer's own function for the last layer); ``δ^(L) = a^(L) -
    y`` for the cross-entropy with a sigmoid or softmax output, and
    ``δ^(l) = (δ^(l+1) Θ^(l)_{:,1:}) ⊙ g'(z^(l))`` (``backpropagate``), for
    this one example (``m = 1``).
    """
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Circle, Rectangle

    x = as_float_array("x", x, ndim=1)
    show_deltas = as_flag("show_deltas", show_deltas)
    if show_deltas and y is None:
        raise ValueError("y must be given (the label or target of x) when show_deltas=True")
    if y is None:
        fp = forward_propagate(thetas, x[None, :], activation=activation, output=output)
        thetas = [np.asarray(t, dtype=np.float64) for t in thetas]
        deltas = None
    else:
        target = np.asarray(y)
        target = target[None] if target.ndim == 0 else target[None, :]
        thetas, problem = prepare(thetas, x[None, :], target, 0.0, cost, activation, output)
        fp = forward(thetas, problem.X, problem.hidden, problem.out)
        bp = backward(thetas, fp, problem.Y, problem.loss, problem.hidden)
        deltas = [None] + [bp.delta(l)[0] for l in range(2, fp.L + 1)]
    ax = axes(ax, figsize=(7.5, 5.5))
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
    edges = LineCollection(
        segments,
        linewidths=0.5 + 4.0 * np.abs(weights) / biggest,
        colors=edge_map(Normalize(-biggest, biggest)(weights)),
        alpha=0.75,
        zorder=1,
    )
    edges.set_gid("weights")
    ax.add_collection(edges)
    shade = colormaps["YlOrBr"]
    radius = 0.32
    for l in range(L):
        a = fp.activations[l][0]
        labelled = sizes[l] <= _MAX_LABELLED_UNITS
        if l < L - 1:
            yb = unit_y(l, 0)
            ax.add_patch(
                Rectangle(
                    (gap * l - radius, yb - radius), 2 * radius, 2 * radius, facecolor="0.9", edgecolor="k", zorder=2
                )
            )
            ax.text(gap * l, yb, "+1", ha="center", va="center", fontsize="small", zorder=3)
        for j in range(1, sizes[l] + 1):
            yu = unit_y(l, j)
            value = a[j - 1]
            face = "0.97" if l == 0 else shade(0.6 * float(np.clip(value, 0, 1)))
            ax.add_patch(Circle((gap * l, yu), radius, facecolor=face, edgecolor="k", zorder=2))
            if labelled:
                ax.text(gap * l, yu, f"{value:.2f}", ha="center", va="center", fontsize="small", zorder=3)
                if show_deltas and l > 0:
                    ax.text(
                        gap * l + radius + 0.05,
                        yu,
                        rf"$\delta$ = {deltas[l][j - 1]:+.3f}",
                        ha="left",
                        va="center",
                        fontsize="x-small",
                        color="darkred",
                        zorder=4,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9),
                    )
        role = "input" if l == 0 else ("output" if l == L - 1 else "hidden")
        ax.text(
            gap * l,
            tallest - 0.3,
            f"layer {l + 1} ({role})\n$a^{{({l + 1})}}$",
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.set_xlim(-0.8, gap * (L - 1) + 0.8 + (1.2 if show_deltas else 0))
    ax.set_ylim(-0.8, tallest + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    title = "Forward pass of one example"
    if deltas is not None and show_deltas:
        title += r", with the deltas $\delta^{(l)}$"
    ax.set_title(
        title + "\nedges: weights $\\Theta^{(l)}_{ji}$, red $> 0$, blue $< 0$, width $\\propto |\\Theta|$",
        fontsize="medium",
    )
    return ax


# --- learning curves -----------------------------------------------------------


def _as_history(history, inner=False):
    """``history`` as ``{name: (iterations,) array}``."""
    if isinstance(history, Mapping):
        items = list(history.items())
    elif hasattr(history, "history") and not inner:  # a TrainingResult
        return _as_history(history.history, inner=True)
    elif isinstance(history, (list, tuple)) and history and isinstance(history[0], Mapping):
        keys = list(history[0])
        for i, record in enumerate(history):
            if not isinstance(record, Mapping) or set(record) != set(keys):
                got = sorted(map(str, record)) if isinstance(record, Mapping) else describe(record)
                raise ValueError(
                    f"history must be records with the same keys as history[0], {sorted(map(str, keys))}; "
                    f"history[{i}] has {got}"
                )
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
    ax = axes(ax)
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
            right.plot(
                np.arange(values.size), 100 * values, "--", linewidth=1.5, color=f"C{len(costs) + k}", label=name
            )
        right.set_ylabel("accuracy (%)")
        right.set_ylim(0, 101)
        more_h, more_l = right.get_legend_handles_labels()
        handles, labels = handles + more_h, labels + more_l
    if handles:
        ax.legend(handles, labels, loc="center right", fontsize="small")
    return ax
