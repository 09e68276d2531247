"""A gallery of classic backpropagation bugs, each caught by the gradient check.

Notebook 04, section "4. A gallery of backpropagation bugs". Each entry of
``BUGS`` is a cost function with ``nn_cost_function``'s signature,
``(thetas, X, y, lam=0.0, cost=..., activation=..., output=...) -> (J,
grads)``, in which one line of the correct computation has been replaced
by a mistake learners really make, one that runs without an error in numpy
as in MATLAB. ``nnlesson.gradcheck.check_gradients(...,
cost_function=bug.cost_function)`` fails on every one of them, given
``λ > 0`` and ``m > 1`` (two bugs are about ``λ``, two about ``m``), at
least one hidden layer and sigmoid (or tanh) hidden units: for the ReLU,
``g'(a) = g'(z)`` (``a > 0`` exactly when ``z > 0``), so
"gradient_of_activation" happens to do no harm there.

The computation is written here in four replaceable pieces, the way
Enslin's MATLAB has it: the output delta, the hidden delta, the gradient of
one ``Θ``, and the penalty in ``J``. ``correct`` uses the right piece
everywhere and equals ``nnlesson.nn_cost_function``; each bug swaps one.
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..network import forward, hidden_gradient, penalty
from ..params import roll, unroll
from ..problem import prepare

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


def _output_delta(problem, fp):
    """``δ^(L)``: ``a^(L) - y`` for the matching pairs (``nnlesson.costs.output_delta``)."""
    return problem.loss.output_delta(fp.zs[-1], fp.output, problem.Y)


def _hidden_delta(delta_next, theta, fp, l, hidden):
    """``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))``."""
    return (delta_next @ theta[:, 1:]) * hidden_gradient(hidden, fp, l)


def _gradient(theta, delta_next, a, lam, m):
    """``∂J/∂Θ^(l) = δ^(l+1)ᵀ [1 a^(l)] / m + (λ/m) [0 Θ^(l)[:, 1:]]``."""
    return delta_next.T @ _with_ones(a) / m + (lam / m) * _bias_zeroed(theta)


def _network(output_delta=_output_delta, hidden_delta=_hidden_delta, gradient=_gradient, cost_penalty=penalty):
    """A cost function ``(thetas, X, y, lam, cost, activation, output) -> (J, grads)`` built from the pieces."""

    def cost_function(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid"):
        thetas, problem = prepare(thetas, X, y, lam, cost, activation, output)
        m, lam = problem.m, problem.lam
        fp = forward(thetas, problem.X, problem.hidden, problem.out)
        J = problem.loss.value(fp.zs[-1], fp.output, problem.Y) / m + cost_penalty(thetas, lam, m)
        delta = output_delta(problem, fp)  # δ^(L)
        grads = [None] * len(thetas)
        for l in range(len(thetas) - 1, -1, -1):  # Θ^(l+1) = thetas[l], from the last one back
            grads[l] = gradient(thetas[l], delta, fp.activations[l], lam, m)
            if l > 0:
                delta = hidden_delta(delta, thetas[l], fp, l + 1, problem.hidden)  # δ^(l+1)
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


def _flipped_output_delta(problem, fp):
    # s3 = yv - a3;   <- the residual written the way round it reads, y minus the prediction
    return -_output_delta(problem, fp)


def _hidden_delta_from_activation(delta_next, theta, fp, l, hidden):
    # s2 = (s3*Theta2(:,2:end)).*sigmoidGradient(a2);   <- g'(a) instead of g'(z)
    return (delta_next @ theta[:, 1:]) * hidden.gradient(fp.a(l))


def _ufldl_penalty(thetas, lam, m):
    # J = J + lambda/2 * sum(W(:).^2);   <- UFLDL's weight decay, in Ng's cost (λ/(2m))
    return m * penalty(thetas, lam, m)


def _transposed_unroll(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid"):
    # grad = [Theta1_grad(:); Theta2_grad(:)] (MATLAB, column by column), read
    # back with numpy's row-by-row reshape, as the parameters were unrolled.
    J, grads = correct(thetas, X, y, lam=lam, cost=cost, activation=activation, output=output)
    sizes = [grads[0].shape[1] - 1] + [g.shape[0] for g in grads]
    return J, roll(unroll(grads, order="F"), sizes, order="C")


BUGS = {
    bug.name: bug
    for bug in [
        Bug(
            "regularized_bias",
            "Your gradient regularizes the bias column: (λ/m) Θ^(l)[:, 0] must not be added, "
            "because the cost does not penalize bias weights.",
            _network(gradient=_gradient_regularizing_the_bias),
        ),
        Bug(
            "missing_1_over_m",
            "Your gradient forgot to divide the accumulated δᵀa by m, so it is the gradient of a "
            "sum over examples while the cost is their mean.",
            _network(gradient=_gradient_without_1_over_m),
        ),
        Bug(
            "flipped_output_delta",
            "Your output delta has its sign flipped, y - a^(L) where the derivative of the cost is "
            "a^(L) - y, so every gradient points uphill and gradient descent climbs the cost.",
            _network(output_delta=_flipped_output_delta),
        ),
        Bug(
            "gradient_of_activation",
            "Your hidden deltas use g'(a), the derivative at the activation, where the chain rule "
            "needs g'(z), the derivative at the unit's input.",
            _network(hidden_delta=_hidden_delta_from_activation),
        ),
        Bug(
            "ufldl_lambda",
            "Your cost penalizes the weights with UFLDL's λ/2 Σ Θ² while your gradient uses Ng's "
            "(λ/m) Θ, which belongs to the penalty λ/(2m) Σ Θ².",
            _network(cost_penalty=_ufldl_penalty),
        ),
        Bug(
            "transposed_unroll",
            "You unrolled your gradient column by column (MATLAB's Theta_grad(:)) but your "
            "parameters row by row (numpy's ravel), so each value lands on another weight's entry.",
            _transposed_unroll,
        ),
    ]
}
"""name -> ``Bug(name, description, cost_function)``, for notebook 04's gallery."""
