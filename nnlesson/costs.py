"""The costs, each paired with an output layer, beside its output delta ``δ^(L)``.

Derived in notebook 02 (the output deltas) and notebook 03 (the costs).
A cost only makes sense with an output layer, so ``LOSSES`` is keyed by the
pair ``(cost, output)`` and ``loss(cost, output)`` looks a pair up:

=======================  ==========  ===========================================
cost                     output      terms of the sum over examples ``i`` and units ``k``
=======================  ==========  ===========================================
``cross_entropy``        sigmoid     ``-y log a - (1 - y) log(1 - a)`` (one yes/no per unit)
``cross_entropy``        softmax     ``-y log a`` (one class per example)
``half_squared_error``   any         ``½ (a - y)²``
=======================  ==========  ===========================================

The rule for ``δ^(L) = ∂(m J)/∂z^(L)`` is written once, in
``output_delta``: for the *matching* pairs (sigmoid or softmax with
cross-entropy, identity with squared error) the chain rule collapses to
``δ^(L) = a - y``; for any other pair it is the general
``δ^(L) = (∂J/∂a) ⊙ g'(z)``, or the softmax's Jacobian applied to ``∂J/∂a``.

Each ``Loss`` returns the cost's terms from ``z^(L)`` alone
(``elementwise``), so that gradient checking and the cost surfaces can
evaluate many perturbed ``z`` at once, and the sum from ``z`` and ``a``
(``value``); the network divides by ``m`` and adds the penalty.
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ._validate import choose
from .activations import OUTPUTS

__all__ = ["LOSSES", "MATCHING", "COSTS", "Loss", "Cost", "loss", "output_delta", "cross_entropy", "half_squared_error"]


def log1p_exp_minus_abs(z):
    """``log(1 + e^(-|z|))`` for real ``z``: the part that ``-log g(z)`` and ``-log(1 - g(z))`` share.

    ``t = e^(-|z|)`` lies in ``(0, 1]``, so nothing overflows. ``log(1 + t)``
    alone loses the digits of a tiny ``t`` when ``1 + t`` is rounded; the
    correction ``- ((u - 1) - t) / u`` with ``u = 1 + t`` puts them back
    (the rounding error of ``u``, divided by ``u``), to within an ulp or two
    of ``log1p(t)``.
    """
    t = np.abs(z)
    np.negative(t, out=t)
    np.exp(t, out=t)
    u = t + 1.0
    r = np.log(u)
    u_minus_1 = u - 1.0
    u_minus_1 -= t
    u_minus_1 /= u
    r -= u_minus_1
    return r


def _binary_cross_entropy_terms(z, Y):
    # -y log g(z) - (1 - y) log(1 - g(z)) with -log g(z) = log(1 + e^(-z))
    # and -log(1 - g(z)) = log(1 + e^z), from z: finite where the literal
    # log(a3) is log(0) = -inf (z < -745). As max(∓z, 0) + log(1 + e^(-|z|)),
    # the two terms add up to ([z > 0] - y) z + log(1 + e^(-|z|)): two
    # non-negative parts, so no digits cancel.
    if np.iscomplexobj(z):
        return Y * np.log1p(np.exp(-z)) + (1.0 - Y) * np.log1p(np.exp(z))
    terms = (z > 0) - Y
    terms *= z
    terms += log1p_exp_minus_abs(z)
    return terms


def _log_softmax(z):
    shifted = z - np.max(np.real(z), axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _categorical_cross_entropy_terms(z, Y):
    return -Y * _log_softmax(z)


def _half_squared_error_terms(output):
    g = OUTPUTS[output].function

    def terms(z, Y):
        r = g(z) - Y
        return 0.5 * r * r

    return terms


class Loss(NamedTuple):
    """A cost paired with an output layer.

    Attributes
    ----------
    cost, output : str
        The names: ``cost`` in ``{'cross_entropy', 'half_squared_error'}``,
        ``output`` in ``nnlesson.activations.OUTPUTS``.
    value : callable
        ``value(z, a, Y)``, the cost summed over examples and output units.
    output_delta : callable
        ``output_delta(z, a, Y)``, ``δ^(L)``, shape of ``z``.
    elementwise : callable
        ``elementwise(z, Y)``, the terms of that sum, from ``z`` alone; any
        leading axes of ``z`` (a batch of perturbed networks) are kept.
    """

    cost: str
    output: str
    value: Callable
    output_delta: Callable
    elementwise: Callable


Cost = Loss  # the name of the record before costs were paired with outputs

MATCHING = {("cross_entropy", "sigmoid"), ("cross_entropy", "softmax"), ("half_squared_error", "identity")}
"""The pairs whose output delta is ``a - y``: the output's ``g'`` cancels against the cost's derivative."""


def output_delta(cost, output, z, a, Y):
    """``δ^(L) = ∂(m J)/∂z^(L)`` for the pair ``(cost, output)``, one row per example.

    For a matching pair (``MATCHING``) the chain rule collapses to
    ``δ^(L) = a - y``. For sigmoid with cross-entropy, ``∂J/∂a = (a - y) /
    (a (1 - a))`` and ``g'(z) = a (1 - a)``; for softmax with cross-entropy
    the Jacobian turns ``∂J/∂a_k = -y_k/a_k`` into ``a_j Σ_k y_k - y_j``,
    which is ``a - y`` because each target row sums to 1; for the identity,
    ``g' = 1``.

    Otherwise only the squared error can be paired (cross-entropy with the
    identity has no meaning: ``log`` of an unbounded output), and
    ``∂J/∂a = a - y`` goes through the output's own chain rule: ``⊙ a (1 -
    a)`` for the sigmoid (UFLDL's ``-(y - a) ⊙ f'(z)``), the Jacobian for the
    softmax.
    """
    if (cost, output) in MATCHING:
        return a - Y
    return OUTPUTS[output].backward(a, a - Y)


def _pair(cost, output, terms):
    def value(z, a, Y):
        if np.iscomplexobj(z):
            return np.sum(terms(z, Y))
        if cost == "half_squared_error":
            r = a - Y
            return 0.5 * float(np.vdot(r, r))
        return float(np.sum(terms(z, Y)))

    def delta(z, a, Y):
        return output_delta(cost, output, z, a, Y)

    return Loss(cost, output, value, delta, terms)


LOSSES = {
    ("cross_entropy", "sigmoid"): _pair("cross_entropy", "sigmoid", _binary_cross_entropy_terms),
    ("cross_entropy", "softmax"): _pair("cross_entropy", "softmax", _categorical_cross_entropy_terms),
    **{
        ("half_squared_error", out): _pair("half_squared_error", out, _half_squared_error_terms(out)) for out in OUTPUTS
    },
}
"""``(cost, output)`` -> ``Loss``; every supported pair is one row."""

COSTS = {cost: LOSSES[(cost, "sigmoid")] for cost in ("cross_entropy", "half_squared_error")}
"""cost name -> its ``Loss`` with the articles' sigmoid output layer."""

cross_entropy = COSTS["cross_entropy"]
"""Ng, Enslin and Khanafer's cost with a sigmoid output.

Value: ``-Σ_i Σ_k [y_k log a_k + (1 - y_k) log(1 - a_k)]``, computed from
``z`` as ``Σ y·log(1+e^(-z)) + (1-y)·log(1+e^(z))``: the literal
``log(a3)`` is ``log(0) = -inf`` once ``z < -745`` (and ``log(1 - a3)`` once
``z > 37``), while this form stays finite and exact.

Output delta: ``δ^(L) = a^(L) - y`` (Enslin's ``s3 = a3 - yv``).
"""

half_squared_error = COSTS["half_squared_error"]
"""UFLDL's cost ``½ ‖h(x) - y‖²`` per example, with a sigmoid output.

Output delta: ``δ^(L) = -(y - a^(L)) ⊙ g'(z^(L))`` (UFLDL's residual). It keeps
the factor ``g'(z)``, so a saturated wrong output learns slowly; that is
the practical difference from the cross-entropy delta.
"""


def loss(cost, output="sigmoid"):
    """The ``Loss`` of the pair ``(cost, output)``; a ``ValueError`` names the argument that does not fit."""
    choose("cost", cost, COSTS)
    choose("output", output, OUTPUTS)
    if (cost, output) not in LOSSES:
        pairs = sorted(out for c, out in LOSSES if c == cost)
        raise ValueError(
            f"output must be one of {pairs} with cost={cost!r}, got {output!r}: the cross-entropy "
            "needs outputs in (0, 1) to take their logarithm; use cost='half_squared_error' for an "
            "identity output"
        )
    return LOSSES[(cost, output)]
