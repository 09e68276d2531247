"""The two costs, each beside its output delta ``δ^(L)``.

Derived in notebook 02 (the output deltas) and notebook 03 (the costs).
``COSTS`` maps a name to the pair ``(value, output_delta)``; the network
looks costs up there instead of branching on names. Both pairs assume a
sigmoid output layer, ``a^(L) = g(z^(L))``.

``value(z, a, Y)`` returns the *sum* over examples and output units; the
network divides by ``m`` once and adds the penalty. ``elementwise(z, Y)``
returns the terms of that sum, one per example and output unit, from ``z``
alone: gradient checking and the cost surface need them for many perturbed
``z`` at once.
"""

from typing import Callable, NamedTuple

import numpy as np

from .activations import _sigmoid, _sigmoid_gradient_from_output

__all__ = ["COSTS", "Cost", "cross_entropy", "half_squared_error"]


def _minus_logs(z):
    # -y log g(z) - (1-y) log(1-g(z)) needs the two logarithms
    #     -log g(z)      = log(1 + e^(-z)) = max(-z, 0) + log(1 + e^(-|z|))
    #     -log(1 - g(z)) = log(1 + e^z)    = max(z, 0)  + log(1 + e^(-|z|)).
    # e^(-|z|) <= 1 never overflows and log1p never sees 0, so both are
    # finite for every z. Entry for entry these are np.logaddexp(0, ∓z), bit
    # for bit, with the shared log1p term (the expensive part) computed once.
    shared = np.log1p(np.exp(-np.abs(z)))
    return np.maximum(-z, 0.0) + shared, np.maximum(z, 0.0) + shared


def _cross_entropy_value(z, a, Y):
    minus_log_a, minus_log_1_minus_a = _minus_logs(z)
    return float(np.sum(Y * minus_log_a) + np.sum((1.0 - Y) * minus_log_1_minus_a))


def _cross_entropy_elementwise(z, Y):
    minus_log_a, minus_log_1_minus_a = _minus_logs(z)
    return Y * minus_log_a + (1.0 - Y) * minus_log_1_minus_a


def _cross_entropy_delta(z, a, Y):
    return a - Y


def _half_squared_error_value(z, a, Y):
    r = a - Y
    return 0.5 * float(np.vdot(r, r))


def _half_squared_error_elementwise(z, Y):
    return 0.5 * (_sigmoid(z) - Y) ** 2


def _half_squared_error_delta(z, a, Y):
    return (a - Y) * _sigmoid_gradient_from_output(a)  # g'(z) = a (1 - a), a = g(z)


class Cost(NamedTuple):
    """A cost summed over examples, its output delta ``δ^(L) = ∂(m J)/∂z^(L)``, and its terms."""

    value: Callable
    output_delta: Callable
    elementwise: Callable


cross_entropy = Cost(_cross_entropy_value, _cross_entropy_delta, _cross_entropy_elementwise)
"""Ng, Enslin and Khanafer's cost.

Value: ``-Σ_i Σ_k [y_k log a_k + (1 - y_k) log(1 - a_k)]``, computed from
``z`` as ``Σ y·log(1+e^(-z)) + (1-y)·log(1+e^(z))``: the literal
``log(a3)`` is ``log(0) = -inf`` once ``z < -745`` (and ``log(1 - a3)`` once
``z > 37``), while this form stays finite and exact.

Output delta: ``δ^(L) = a^(L) - y`` (Enslin's ``s3 = a3 - yv``). The factor
``g'(z^(L))`` of the chain rule cancels against the cost's ``1/(a(1-a))``;
this holds for a sigmoid output with cross-entropy (and softmax with
multi-class cross-entropy), not for other pairs.
"""

half_squared_error = Cost(_half_squared_error_value, _half_squared_error_delta, _half_squared_error_elementwise)
"""UFLDL's cost ``½ ‖h(x) - y‖²`` per example.

Output delta: ``δ^(L) = -(y - a^(L)) ⊙ g'(z^(L))`` (UFLDL's residual). It keeps
the factor ``g'(z)``, so a saturated wrong output learns slowly; that is
the practical difference from the cross-entropy delta.
"""

COSTS = {
    "cross_entropy": cross_entropy,
    "half_squared_error": half_squared_error,
}
