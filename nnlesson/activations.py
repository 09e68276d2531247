"""Activation functions, each beside its derivative.

Derived in notebook 01 (forward propagation) and used for ``g'`` in
notebook 02 (backpropagation). ``ACTIVATIONS`` maps a name to the pair
``(g, g')``, and ``GRADIENTS_FROM_OUTPUT`` maps the same names to ``g'``
written in terms of ``a = g(z)``; the network looks activations up there
instead of branching on names.
"""

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import expit

from ._validate import as_float_array

__all__ = [
    "sigmoid",
    "sigmoid_gradient",
    "relu",
    "relu_gradient",
    "ACTIVATIONS",
    "GRADIENTS_FROM_OUTPUT",
    "Activation",
]


def _sigmoid(z):
    return expit(z)


def _sigmoid_gradient(z):
    g = expit(z)
    return g * (1.0 - g)


def _sigmoid_gradient_from_output(a):
    # g'(z) = g(z) (1 - g(z)) written with a = g(z), which the forward pass
    # already holds: the same numbers as _sigmoid_gradient(z), without the
    # two calls of expit (an exponential per entry) that recomputing g(z) costs.
    return a * (1.0 - a)


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_gradient(z):
    return (z > 0).astype(np.float64)


def _relu_gradient_from_output(a):
    return (a > 0).astype(np.float64)  # a = max(z, 0) > 0 exactly where z > 0


class Activation(NamedTuple):
    """An activation ``g`` and its derivative ``g'``, both element-wise on ``z``."""

    function: Callable
    gradient: Callable


ACTIVATIONS = {
    "sigmoid": Activation(_sigmoid, _sigmoid_gradient),
    "relu": Activation(_relu, _relu_gradient),
}

GRADIENTS_FROM_OUTPUT = {
    "sigmoid": _sigmoid_gradient_from_output,
    "relu": _relu_gradient_from_output,
}
"""``g'(z)`` written in terms of the output ``a = g(z)``, by the names of ``ACTIVATIONS``.

The sigmoid's ``g'(z) = a (1 - a)``, ReLU's ``g'(z) = [a > 0]``: the same
numbers as ``ACTIVATIONS[name].gradient(z)``. Backpropagation uses this form
because the forward pass has already stored ``a^(l)``; for the sigmoid that
saves computing ``g(z)`` again, which costs more than all the matrix products
of the backward pass together. (scikit-learn's ``DERIVATIVES`` registry
works the same way.) It is not ``g'(a)``, the derivative evaluated at the
output: ``sigmoid_gradient(a)`` is a classic backpropagation bug.
"""


def sigmoid(z):
    """The logistic function ``g(z) = 1 / (1 + e^(-z))``, element-wise.

    Parameters
    ----------
    z : array_like of any shape
        Real numbers; ``±inf`` is allowed, NaN is not.

    Returns
    -------
    ndarray of the shape of ``z`` (float64), values in ``[0, 1]``.

    Notes
    -----
    Written literally, ``1 / (1 + np.exp(-z))`` overflows (with a
    RuntimeWarning) once ``-z > 709``, where ``e^(-z)`` exceeds the largest
    float64. ``scipy.special.expit`` computes the same function without
    forming that huge number, so every finite ``z`` is fine.

    Enslin's MATLAB: ``g = 1.0 ./ (1.0 + exp(-z));``
    """
    return _sigmoid(as_float_array("z", z, allow_inf=True))


def sigmoid_gradient(z):
    """The derivative of the sigmoid, ``g'(z) = g(z) (1 - g(z))``, element-wise.

    Parameters
    ----------
    z : array_like of any shape
        The *pre-activation* ``z``, not the activation ``a = g(z)``:
        ``sigmoid_gradient(a)`` is a classic backpropagation bug.

    Returns
    -------
    ndarray of the shape of ``z``, values in ``[0, 0.25]`` (0.25 at ``z = 0``).

    Notes
    -----
    Enslin 103: ``g = sigmoid(z).*(1-sigmoid(z));``
    """
    return _sigmoid_gradient(as_float_array("z", z, allow_inf=True))


def relu(z):
    """The rectified linear unit ``max(0, z)``, element-wise (Wang's neuron).

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z``.
    """
    return _relu(as_float_array("z", z, allow_inf=True))


def relu_gradient(z):
    """The derivative of ReLU: 1 where ``z > 0``, 0 where ``z <= 0``.

    Parameters
    ----------
    z : array_like of any shape

    Returns
    -------
    ndarray of the shape of ``z`` holding 0.0 and 1.0.

    Notes
    -----
    ReLU has a kink at ``z = 0``, where no derivative exists; any value in
    ``[0, 1]`` is a valid subgradient. We choose 0 there, as most libraries
    do. A finite-difference check that straddles the kink disagrees with any
    choice, which is why gradient checks must stay away from ``z = 0``.
    """
    return _relu_gradient(as_float_array("z", z, allow_inf=True))
