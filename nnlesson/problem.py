"""The problem a network's cost is measured on, checked once: data, targets, λ, cost and layers.

Every public function of the network (``nn_cost_function``, ``train``,
``check_gradients``, …) starts by calling ``prepare``, which checks what
the caller gave and returns a ``Problem``: a small frozen record of float64
arrays and looked-up functions. The numeric core (``nnlesson.network``)
takes a ``Problem`` and trusts it, so an optimizer that calls the cost a
thousand times checks the data once.
"""

from dataclasses import dataclass, field

import numpy as np

from ._validate import as_inputs, as_scalar, as_thetas, choose, layer_sizes_of
from .activations import ACTIVATIONS, OUTPUTS, Activation, Output
from .costs import Loss, loss
from .labels import as_targets

__all__ = ["Problem", "prepare"]


@dataclass(frozen=True, eq=False)
class Problem:
    """A checked training problem.

    Attributes
    ----------
    X : ndarray of shape (m, n)
        The inputs, one example per row, float64.
    Y : ndarray of shape (m, K)
        The targets: one-hot rows for labels.
    lam : float
        ``λ >= 0``.
    layer_sizes : tuple of int
        ``(s_1, …, s_L)``.
    cost, activation, output : str
        The names the caller chose.
    hidden : Activation
        ``g`` of the hidden layers and its derivative.
    out : Output
        The output layer.
    loss : Loss
        The cost paired with the output layer: its value and ``δ^(L)``.
    """

    X: np.ndarray
    Y: np.ndarray
    lam: float
    layer_sizes: tuple
    cost: str = "cross_entropy"
    activation: str = "sigmoid"
    output: str = "sigmoid"
    hidden: Activation = field(init=False, repr=False)
    out: Output = field(init=False, repr=False)
    loss: Loss = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "hidden", ACTIVATIONS[self.activation])
        object.__setattr__(self, "out", OUTPUTS[self.output])
        object.__setattr__(self, "loss", loss(self.cost, self.output))

    @property
    def m(self):
        """The number of examples."""
        return self.X.shape[0]

    def with_lam(self, lam):
        """The same problem with another ``λ >= 0``."""
        return Problem(
            self.X, self.Y, as_scalar("lam", lam, minimum=0), self.layer_sizes, self.cost, self.activation, self.output
        )

    def __repr__(self):
        sizes = "-".join(map(str, self.layer_sizes))
        return (
            f"Problem({sizes}, m={self.m}, lam={self.lam}, cost={self.cost!r}, "
            f"activation={self.activation!r}, output={self.output!r})"
        )


def _check_targets(Y, cost, output):
    if output == "softmax" and Y.shape[1] < 2:
        raise ValueError(
            "output='softmax' needs at least 2 output units (a softmax of one unit is always 1); "
            "use output='sigmoid' for one yes/no output"
        )
    if cost != "cross_entropy":
        return
    if ((Y < 0) | (Y > 1)).any():
        raise ValueError("y as targets must lie in [0, 1] for the cross-entropy cost")
    if output == "softmax":
        sums = Y.sum(axis=1)
        bad = np.abs(sums - 1.0) > 1e-9
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(
                f"y as targets must have rows that sum to 1 for the softmax cross-entropy "
                f"(one distribution over the K classes per example), row {i} sums to {sums[i]}"
            )


def prepare(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid", *, scan=True):
    """Check a network's arguments once: ``(thetas, Problem)``.

    Parameters
    ----------
    thetas : list of array_like
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``, bias weights in column 0.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
        Integer labels ``0..K-1`` (one-hot encoded here), or targets.
    lam : float
        ``λ >= 0``.
    cost : {'cross_entropy', 'half_squared_error'}
    activation : {'sigmoid', 'relu', 'tanh'}
        ``g`` of the hidden layers.
    output : {'sigmoid', 'softmax', 'identity'}
        The output layer. Cross-entropy goes with sigmoid (one yes/no per
        unit) or softmax (one class per example); the squared error with any.
    scan : bool
        Look for NaN and inf in the arrays now. ``False`` leaves that to a
        caller that checks its result instead (``network.checked``): a NaN
        or inf anywhere in the inputs always reaches the cost or the gradient.

    Returns
    -------
    thetas : list of ndarray
        float64, shapes checked (the caller's arrays, not copies, when they
        already are float64: nothing here writes to them).
    problem : Problem

    Raises
    ------
    TypeError, ValueError
        Naming the argument, what it should be and what came.
    """
    thetas = as_thetas(thetas, scan=scan)
    X = as_inputs(X, thetas, scan=scan)
    choose("activation", activation, ACTIVATIONS)
    loss(cost, output)  # the cost, the output and whether they go together
    Y = as_targets(y, thetas[-1].shape[0], X.shape[0], scan=scan)
    with np.errstate(invalid="ignore"):  # NaN targets are reported by the scan, now or after the call
        _check_targets(Y, cost, output)
    lam = as_scalar("lam", lam, minimum=0)
    return thetas, Problem(X, Y, lam, tuple(layer_sizes_of(thetas)), cost, activation, output)
