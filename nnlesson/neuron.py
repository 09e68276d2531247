"""Wang's single ReLU neuron with the mean squared error.

Derived in notebook 01 (the neuron) and notebook 03 (its cost and
gradient). One fully connected unit with weights ``w``, bias ``b`` and a
ReLU: ``activation(x) = max(0, w·x + b)``.
"""

import numpy as np

from ._validate import as_float_array, as_scalar

__all__ = ["relu_neuron_mse"]


def relu_neuron_mse(w, b, X, y):
    """The neuron's cost ``C(w, b)`` and its gradient ``(∂C/∂w, ∂C/∂b)``.

    Parameters
    ----------
    w : array_like of shape (n,)
        The weights.
    b : float
        The bias.
    X : array_like of shape (N, n)
        One input ``x_i`` per row.
    y : array_like of shape (N,)
        The targets.

    Returns
    -------
    C : float
    dC_dw : ndarray of shape (n,)
    dC_db : float

    Notes
    -----
    With ``z_i = w·x_i + b``:

    .. math:: C(w, b) = \\frac{1}{N}\\sum_{i=1}^N \\big(y_i - \\max(0, z_i)\\big)^2

    .. math:: \\frac{\\partial C}{\\partial w} = \\frac{2}{N}\\sum_{i:\\,z_i>0} (z_i - y_i)\\, x_i,
              \\qquad \\frac{\\partial C}{\\partial b} = \\frac{2}{N}\\sum_{i:\\,z_i>0} (z_i - y_i)

    An example with ``z_i <= 0`` contributes nothing to the gradient: the
    ReLU is flat there (at ``z_i = 0`` exactly we take the derivative 0, see
    ``nnlesson.relu_gradient``).
    """
    w = as_float_array("w", w, ndim=1)
    b = as_scalar("b", b)
    X = as_float_array("X", X, ndim=2)
    y = as_float_array("y", y, ndim=1)
    if X.shape[1] != w.size:
        raise ValueError(f"X must have {w.size} columns, one per weight in w, got shape {X.shape}")
    if y.size != X.shape[0]:
        raise ValueError(f"y must have one target per row of X ({X.shape[0]}), got shape {y.shape}")
    N = X.shape[0]
    z = X @ w + b
    error = np.maximum(z, 0.0) - y  # o_i - y_i
    C = float(np.mean(error**2))
    active = z > 0
    scaled = (2.0 / N) * error * active  # 2/N (z_i - y_i) where the ReLU passes, else 0
    return C, X.T @ scaled, float(np.sum(scaled))
