"""Activation functions of the hidden layers and the output layer, each beside its derivative.

Derived in notebook 01 (forward propagation) and used for ``g'`` in
notebook 02 (backpropagation). ``ACTIVATIONS`` maps the name of a hidden
activation to its ``Activation``: the function ``g``, its derivative
``g'(z)``, and the same derivative written with the output ``a = g(z)``.
``OUTPUTS`` maps the name of an output layer to its ``Output``: the function
from ``z^(L)`` to ``a^(L)`` and the chain rule through it. The network looks
both up by name instead of branching on names.
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validate import as_float_array

__all__ = [
    "sigmoid",
    "sigmoid_gradient",
    "relu",
    "relu_gradient",
    "tanh",
    "tanh_gradient",
    "softmax",
    "ACTIVATIONS",
    "GRADIENTS_FROM_OUTPUT",
    "OUTPUTS",
    "Activation",
    "Output",
]


# --- the functions on arrays already checked ----------------------------------------
# Complex arguments are accepted by the smooth ones (sigmoid, tanh, softmax),
# which stay analytic there: complex-step differentiation relies on it.


def logistic(z):
    """``1 / (1 + e^(-z))`` for an array ``z``, real or complex; a new array.

    For ``z < -709`` the exponential is ``inf`` (no warning) and the result
    the exact limit 0.
    """
    if np.iscomplexobj(z):
        return 1.0 / (1.0 + np.exp(-z))
    a = np.negative(z, out=np.empty(np.shape(z)))
    with np.errstate(over="ignore"):
        np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)
    return a


def _logistic_gradient(z):
    g = logistic(z)
    return g * (1.0 - g)


def _logistic_gradient_from_output(a):
    g = 1.0 - a  # g'(z) = g(z) (1 - g(z)), with a = g(z) already computed
    g *= a
    return g


def _relu(z):
    if np.iscomplexobj(z):
        return np.where(z.real > 0, z, 0.0)
    return np.maximum(z, 0.0)


def _relu_gradient(z):
    return (np.real(z) > 0).astype(np.float64)


def _relu_gradient_from_output(a):
    return (np.real(a) > 0).astype(np.float64)  # a = max(z, 0) > 0 exactly where z > 0


def _tanh_gradient(z):
    t = np.tanh(z)
    return 1.0 - t * t


def _tanh_gradient_from_output(a):
    return 1.0 - a * a


class Activation(NamedTuple):
    """A hidden activation: ``g``, its derivative ``g'(z)``, and ``g'(z)`` written with ``a = g(z)``.

    ``gradient_from_output(a)`` gives the same numbers as ``gradient(z)``
    from the activation the forward pass has already stored (the sigmoid's
    ``a (1 - a)``). It is *not* ``g'(a)``, the derivative evaluated at the
    output: ``sigmoid_gradient(a)`` is a classic backpropagation bug. When it
    is ``None``, backpropagation evaluates ``gradient(z)``.
    """

    function: Callable
    gradient: Callable
    gradient_from_output: Callable | None = None


ACTIVATIONS = {
    "sigmoid": Activation(logistic, _logistic_gradient, _logistic_gradient_from_output),
    "relu": Activation(_relu, _relu_gradient, _relu_gradient_from_output),
    "tanh": Activation(np.tanh, _tanh_gradient, _tanh_gradient_from_output),
}
"""name -> ``Activation(function, gradient, gradient_from_output)`` for the hidden layers."""

GRADIENTS_FROM_OUTPUT = {name: g.gradient_from_output for name, g in ACTIVATIONS.items()}
"""name -> ``g'(z)`` written with ``a = g(z)``: the sigmoid's ``a (1 - a)``, ReLU's ``[a > 0]``, tanh's ``1 - a²``."""


# --- the output layer ------------------------------------------------------------------


def _softmax(z):
    shifted = z - np.max(np.real(z), axis=-1, keepdims=True)  # e^(z - max) <= 1: no overflow
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def _identity(z):
    return z


class Output(NamedTuple):
    """An output layer: ``a^(L) = function(z^(L))``, and the chain rule through it.

    ``backward(a, dJ_da)`` returns ``∂J/∂z^(L)`` from ``∂J/∂a^(L)``, row by
    row: ``dJ_da ⊙ g'(z)`` for an element-wise ``g``; for the softmax, whose
    output ``k`` depends on every ``z_j`` of its row, the Jacobian
    ``∂a_k/∂z_j = a_k ([j = k] - a_j)`` gives
    ``∂J/∂z_j = a_j (∂J/∂a_j - Σ_k a_k ∂J/∂a_k)``.
    """

    function: Callable
    backward: Callable


def _sigmoid_backward(a, dJ_da):
    return dJ_da * _logistic_gradient_from_output(a)


def _softmax_backward(a, dJ_da):
    return a * (dJ_da - np.sum(a * dJ_da, axis=-1, keepdims=True))


def _identity_backward(a, dJ_da):
    return dJ_da


OUTPUTS = {
    "sigmoid": Output(logistic, _sigmoid_backward),
    "softmax": Output(_softmax, _softmax_backward),
    "identity": Output(_identity, _identity_backward),
}
"""name -> ``Output(function, backward)`` for the output layer."""


# --- the public, checked functions -------------------------------------------------


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
    float64. The overflow is harmless: ``1 / (1 + inf)`` is exactly 0, the
    limit. So the formula is used as it is, with that one warning silenced
    (``scipy.special.expit`` gives the same numbers).

    Enslin's MATLAB: ``g = 1.0 ./ (1.0 + exp(-z));``
    """
    a = logistic(as_float_array("z", z, allow_inf=True))
    return a if a.ndim else a[()]


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
    return _logistic_gradient(as_float_array("z", z, allow_inf=True))


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


def tanh(z):
    """The hyperbolic tangent ``(e^z - e^(-z)) / (e^z + e^(-z))``, element-wise, values in ``[-1, 1]``.

    Notes
    -----
    ``tanh(z) = 2 g(2z) - 1`` for the sigmoid ``g``: the same S shape,
    centred on 0, with slope 1 at ``z = 0`` instead of 1/4.
    """
    return np.tanh(as_float_array("z", z, allow_inf=True))


def tanh_gradient(z):
    """The derivative of tanh, ``1 - tanh(z)²``, element-wise, values in ``[0, 1]``."""
    return _tanh_gradient(as_float_array("z", z, allow_inf=True))


def softmax(z):
    """The softmax of each row: ``a_k = e^(z_k) / Σ_j e^(z_j)``.

    Parameters
    ----------
    z : array_like of shape (m, K) (or (K,) for one example)

    Returns
    -------
    ndarray of the shape of ``z``; each row is positive and sums to 1.

    Notes
    -----
    Subtracting the row's maximum first changes nothing (the factor
    ``e^(-max)`` cancels) and keeps every exponential at most 1.
    """
    return _softmax(as_float_array("z", z))
