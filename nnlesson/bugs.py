"""A gallery of classic backpropagation bugs, each caught by the gradient check.

Notebook 04, section "Bugs the check catches". Each entry of ``BUGS`` is a
cost function with ``nn_cost_function``'s signature, ``(thetas, X, y,
lam=0.0, cost=..., activation=...) -> (J, grads)``, in which one line of
the correct computation has been replaced by a mistake learners really
make. ``nnlesson.gradcheck.check_gradients(..., cost_function=bug.cost_function)``
fails on every one of them, given ``λ > 0`` and ``m > 1`` (two bugs are
about ``λ``, two about ``m``), at least one hidden layer and sigmoid hidden
units: for the ReLU, ``g'(a) = g'(z)`` (``a > 0`` exactly when ``z > 0``),
so "gradient_of_activation" happens to do no harm there.

The computation is written here in three replaceable pieces, the way
Enslin's MATLAB has it: the hidden delta, the gradient of one ``Θ``, and
the penalty in ``J``. ``correct`` uses the right piece everywhere and
equals ``nnlesson.nn_cost_function``; each bug swaps one piece.
"""

from typing import Callable, NamedTuple

import numpy as np

from .network import _forward, _prepare
from .params import roll, unroll

__all__ = ["Bug", "BUGS", "correct"]


class Bug(NamedTuple):
    """One classic mistake: its name, what it does (said to the student), and the buggy function."""

    name: str
    description: str
    cost_function: Callable


def _with_ones(a):
    """``[1 a]``: the activations with the bias unit's column of ones, ``(m, s_l + 1)``."""
    return np.hstack([np.ones((a.shape[0], 1)), a])


def _bias_zeroed(theta):
    """``[0 Θ[:, 1:]]``: Enslin's ``[zeros(size(Theta1,1),1) Theta1(:,2:end)]``."""
    out = theta.copy()
    out[:, 0] = 0.0
    return out


# --- the right pieces -----------------------------------------------------------


def _hidden_delta(delta_next, theta, z, a, g):
    """``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))``."""
    return (delta_next @ theta[:, 1:]) * g.gradient(z)


def _gradient(theta, delta_next, a, lam, m):
    """``∂J/∂Θ^(l) = δ^(l+1)ᵀ [1 a^(l)] / m + (λ/m) [0 Θ^(l)[:, 1:]]``."""
    return delta_next.T @ _with_ones(a) / m + (lam / m) * _bias_zeroed(theta)


def _penalty(thetas, lam, m):
    """``λ/(2m) Σ_l Σ_{j, i>=1} (Θ^(l)_{ji})²``."""
    return lam / (2 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)


def _network(hidden_delta=_hidden_delta, gradient=_gradient, penalty=_penalty):
    """A cost function ``(thetas, X, y, lam, cost, activation) -> (J, grads)`` built from the pieces."""

    def cost_function(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid"):
        thetas, X, Y, lam, cost_pair, g = _prepare(thetas, X, y, lam, cost, activation)
        m = X.shape[0]
        fp = _forward(thetas, X, g)
        J = cost_pair.value(fp.zs[-1], fp.output, Y) / m + penalty(thetas, lam, m)
        delta = cost_pair.output_delta(fp.zs[-1], fp.output, Y)  # δ^(L)
        grads = [None] * len(thetas)
        for l in range(len(thetas) - 1, -1, -1):  # Θ^(l+1) = thetas[l], from the last one back
            grads[l] = gradient(thetas[l], delta, fp.activations[l], lam, m)
            if l > 0:
                delta = hidden_delta(delta, thetas[l], fp.zs[l - 1], fp.activations[l], g)
        return float(J), grads

    return cost_function


correct = _network()
"""The bug-free assembly of the pieces: the same ``(J, grads)`` as ``nn_cost_function``."""


# --- the wrong pieces ----------------------------------------------------------------


def _gradient_regularizing_the_bias(theta, delta_next, a, lam, m):
    # Theta1_grad = delta_1./m + (lambda/m)*Theta1;   <- the bias column is penalized too
    return delta_next.T @ _with_ones(a) / m + (lam / m) * theta


def _gradient_without_1_over_m(theta, delta_next, a, lam, m):
    # Theta1_grad = delta_1 + p1;   <- Δ is a sum over the m examples; J is their mean
    return delta_next.T @ _with_ones(a) + (lam / m) * _bias_zeroed(theta)


def _hidden_delta_keeping_the_bias(delta_next, theta, z, a, g):
    # s2 = (s3*Theta2).*sigmoidGradient([ones(m,1) z2]);   <- s2 = s2(:, 2:end) forgotten
    full = (delta_next @ theta) * g.gradient(_with_ones(z))  # (m, s_l + 1), bias unit first
    # Θ^(l-1)'s gradient now has one row too many; cutting it back to size by
    # dropping the *last* row keeps the bias unit and shifts every unit by one.
    return full[:, :z.shape[1]]


def _hidden_delta_from_activation(delta_next, theta, z, a, g):
    # s2 = (s3*Theta2(:,2:end)).*sigmoidGradient(a2);   <- g'(a) instead of g'(z)
    return (delta_next @ theta[:, 1:]) * g.gradient(a)


def _ufldl_penalty(thetas, lam, m):
    # J = J + lambda/2 * sum(W(:).^2);   <- UFLDL's weight decay, in Ng's cost (λ/(2m))
    return lam / 2 * sum(np.sum(t[:, 1:] ** 2) for t in thetas)


def _transposed_unroll(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid"):
    # grad = [Theta1_grad(:); Theta2_grad(:)] (MATLAB, column by column), read
    # back with numpy's row-by-row reshape, as the parameters were unrolled.
    J, grads = correct(thetas, X, y, lam=lam, cost=cost, activation=activation)
    sizes = [grads[0].shape[1] - 1] + [g.shape[0] for g in grads]
    return J, roll(unroll(grads, order="F"), sizes, order="C")


BUGS = {
    bug.name: bug
    for bug in [
        Bug("regularized_bias",
            "Your gradient regularizes the bias column: (λ/m) Θ^(l)[:, 0] must not be added, "
            "because the cost does not penalize bias weights.",
            _network(gradient=_gradient_regularizing_the_bias)),
        Bug("missing_1_over_m",
            "Your gradient forgot to divide the accumulated δᵀa by m, so it is the gradient of a "
            "sum over examples while the cost is their mean.",
            _network(gradient=_gradient_without_1_over_m)),
        Bug("bias_delta_kept",
            "Your δ^(l) of a hidden layer still holds the bias unit's column, so every row of "
            "Θ^(l-1)'s gradient belongs to the unit above it; drop column 0 of δ before using it.",
            _network(hidden_delta=_hidden_delta_keeping_the_bias)),
        Bug("gradient_of_activation",
            "Your hidden deltas use g'(a), the derivative at the activation, where the chain rule "
            "needs g'(z), the derivative at the unit's input.",
            _network(hidden_delta=_hidden_delta_from_activation)),
        Bug("ufldl_lambda",
            "Your cost penalizes the weights with UFLDL's λ/2 Σ Θ² while your gradient uses Ng's "
            "(λ/m) Θ, which belongs to the penalty λ/(2m) Σ Θ².",
            _network(penalty=_ufldl_penalty)),
        Bug("transposed_unroll",
            "You unrolled your gradient column by column (MATLAB's Theta_grad(:)) but your "
            "parameters row by row (numpy's ravel), so each value lands on another weight's entry.",
            _transposed_unroll),
    ]
}
"""name -> ``Bug(name, description, cost_function)``, for notebook 04's gallery."""
