"""Notebook 06, the series' last exercise: 6.6 ``my_cost_and_gradient``, the staged build.

The student assembles the pieces written in notebooks 01, 02 and 04 (their
sigmoid, forward pass, one-hot labels, output and hidden deltas, and the
numerical gradient that then checks the result) into the unrolled cost and
gradient of a sigmoid network. The record is graded with the student's own
functions (``graded_alone=False``): a wrong helper makes the build fail.
"""

import numpy as np

from ... import activations, costs, labels, network, per_example, problem, ufldl
from ...bugs import BUGS
from ..records import Exercise, Mistake
from .common import CHECK_NOTE, SIGMOID, unrolled, unrolled_cases


def my_cost_and_gradient(theta_vec, layer_sizes, X, y, lam):
    """``(J, grad)`` of the regularized cross-entropy of a sigmoid network: ``nnlesson.nn_cost_function_unrolled``."""
    return network.nn_cost_function_unrolled(theta_vec, layer_sizes, X, y, lam)


def _bias_penalized(thetas, X, y, lam):
    J, grads = network.nn_cost_function(thetas, X, y, lam)
    m = np.shape(X)[0]
    J += lam / (2 * m) * sum(float(np.sum(t[:, 0] ** 2)) for t in thetas)
    grads = [g + np.column_stack([lam / m * t[:, 0], np.zeros_like(t[:, 1:])]) for g, t in zip(grads, thetas)]
    return J, grads


def _gradient_unpenalized(thetas, X, y, lam):
    J, _ = network.nn_cost_function(thetas, X, y, lam)
    return J, network.nn_cost_function(thetas, X, y, 0.0)[1]


def _cost_unpenalized(thetas, X, y, lam):
    return network.nn_cost_function(thetas, X, y, 0.0)[0], network.nn_cost_function(thetas, X, y, lam)[1]


def _mistakes():
    gallery = [Mistake(bug.description, unrolled(bug.cost_function)) for bug in BUGS.values()]
    return tuple(
        gallery
        + [
            Mistake(
                "your penalty includes the bias column, in the cost and in the gradient: sum the squares "
                "of Θ^(l)[:, 1:] only (Enslin's Theta1(:, 2:end)), and add (λ/m)Θ to columns 1: only.",
                unrolled(_bias_penalized),
            ),
            Mistake(
                "you cut theta_vec into matrices column by column and unrolled the gradient the same way "
                "(MATLAB's reshape and Theta_grad(:)); numpy's order is row by row: "
                "theta_vec[start:stop].reshape(rows, cols), and np.concatenate([g.ravel() for g in grads]).",
                unrolled(network.nn_cost_function, order="F"),
            ),
            Mistake(
                "your gradient leaves out the penalty's share, (λ/m) [0  Θ^(l)[:, 1:]]; the cost has it, so "
                "its gradient must too.",
                unrolled(_gradient_unpenalized),
            ),
            Mistake(
                "your cost leaves out the penalty (λ/(2m)) Σ Θ^(l)[:, 1:]², while your gradient has it.",
                unrolled(_cost_unpenalized),
            ),
        ]
    )


_SETS = [([3, 4, 2], 6, 1.5), ([2, 3, 3, 2], 5, 0.5), ([4, 5, 3], 1, 2.0), ([3, 4, 4], 7, 0.0), ([5, 6, 3], 8, 1.0)]


def _forbidden():
    loss_functions = [f for loss in costs.LOSSES.values() for f in (loss.value, loss.output_delta)]
    return tuple(
        [
            activations.sigmoid,
            activations.logistic,
            SIGMOID.function,
            activations.sigmoid_gradient,
            SIGMOID.gradient,
            SIGMOID.gradient_from_output,
            labels.one_hot,
            labels.as_targets,
            problem.prepare,
            network.linear,
            network.forward,
            network.forward_propagate,
            network.hidden_gradient,
            network.backward,
            network.backpropagate,
            network.penalty,
            network.cost,
            network.cost_and_gradients,
            network.unrolled_cost,
            network.nn_cost_function,
            network.nn_cost_function_unrolled,
            network.predict,
            per_example.nn_cost_function_loop,
            costs.output_delta,
            ufldl.ufldl_cost,
        ]
        + loss_functions
    )


TASK = """**The staged build.** Assemble your own pieces into the cost function that notebook 05
handed to the optimizer, then let your own gradient check verify it and train it on the
digits (the cell after the check does both).

Write `my_cost_and_gradient(theta_vec, layer_sizes, X, y, lam)` for a network of sigmoid
units (hidden and output) with `layer_sizes` $= [s_1, \\dots, s_L]$, examples `X` of shape
`(m, s_1)` and labels `y` in `0..K-1` ($K = s_L \\ge 2$). Return `(J, grad)`:

- `J`, the regularized cross-entropy of notebook 03,
  $J = -\\frac{1}{m}\\sum_i\\sum_k \\big[y_k \\log a_k + (1 - y_k)\\log(1 - a_k)\\big]
  + \\frac{\\lambda}{2m}\\sum_l \\sum_j \\sum_{i \\ge 1} \\big(\\Theta^{(l)}_{ji}\\big)^2$;
- `grad`, every $\\partial J / \\partial \\Theta^{(l)} = \\frac{1}{m}\\,{\\delta^{(l+1)}}^T [1 \\;\\; a^{(l)}]
  + \\frac{\\lambda}{m}\\,[0 \\;\\; \\Theta^{(l)}_{:,\\,1:}]$, unrolled into one vector the shape of
  `theta_vec`.

`theta_vec` holds $\\Theta^{(1)}, \\Theta^{(2)}, \\dots$ one after the other, each of shape
`(s_{l+1}, s_l + 1)` and unrolled **row by row** (numpy's order); unroll `grad` the same way.

Build it from **your own** functions, pasted into the cell below (above
`my_cost_and_gradient`) from your notebooks 01, 02 and 04, or written again:
`sigmoid` (1.1), the forward pass of `forward_output` (1.2, changed to keep every layer's
$z$ and $[1 \\;\\; a]$), `sigmoid_gradient` (2.1, calling *your* `sigmoid` where it called
`nl.sigmoid`), `one_hot` (2.2), `output_delta` (2.3), `hidden_delta` (2.4), and
`numerical_gradient` (4.1), which the cell after the check uses. The check grades
`my_cost_and_gradient` **with your helpers**, not the package's: a mistake in one of them
shows here. The package's sigmoid, sigmoid gradient,
one-hot, forward, backward and cost functions may not be called."""


SOLUTION = '''# Paste your own functions into this cell, above my_cost_and_gradient (or inside it): sigmoid (1.1),
# forward_output (1.2), sigmoid_gradient (2.1, with your sigmoid), one_hot (2.2), output_delta (2.3),
# hidden_delta (2.4), numerical_gradient (4.1).


def my_cost_and_gradient(theta_vec, layer_sizes, X, y, lam):
    """(J, grad) of the regularized cross-entropy of a sigmoid network, unrolled row by row."""
    ### BEGIN SOLUTION
    def sigmoid(z):  # 1.1
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))

    def one_hot(y, num_labels):  # 2.2
        return (np.arange(num_labels) == np.asarray(y)[:, None]).astype(float)

    def output_delta(a_L, Y):  # 2.3
        return a_L - Y

    def hidden_delta(delta_next, theta, z):  # 2.4, with g'(z) = g(z)(1 - g(z)) from sigmoid
        g = sigmoid(z)
        return (delta_next @ theta[:, 1:]) * g * (1 - g)

    # Cut theta_vec into the matrices Θ^(l), row by row.
    thetas, start = [], 0
    for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:]):
        stop = start + s_next * (s + 1)
        thetas.append(theta_vec[start:stop].reshape(s_next, s + 1))
        start = stop
    # The forward pass of 1.2, keeping every z and [1 a].
    m = X.shape[0]
    with_bias, zs = [np.hstack([np.ones((m, 1)), X])], []
    for theta in thetas:
        zs.append(with_bias[-1] @ theta.T)
        with_bias.append(np.hstack([np.ones((m, 1)), sigmoid(zs[-1])]))
    a_L, Y = with_bias[-1][:, 1:], one_hot(y, layer_sizes[-1])
    J = -np.sum(Y * np.log(a_L) + (1 - Y) * np.log(1 - a_L)) / m
    J += lam / (2 * m) * sum(np.sum(theta[:, 1:] ** 2) for theta in thetas)
    # Backpropagation: the deltas from the output down, each Θ's gradient on the way.
    delta, grads = output_delta(a_L, Y), [None] * len(thetas)
    for l in range(len(thetas) - 1, -1, -1):
        grads[l] = delta.T @ with_bias[l] / m
        grads[l][:, 1:] += lam / m * thetas[l][:, 1:]
        if l > 0:
            delta = hidden_delta(delta, thetas[l], zs[l - 1])
    return J, np.concatenate([g.ravel() for g in grads])
    ### END SOLUTION'''


USE = """# Your staged build (or the package's, until yours passes), first checked by numerical_gradient:
# yours if you pasted it into the cell above, otherwise the one imported at the top.
from scipy.optimize import minimize

build_sizes = [3, 5, 3]
build_params = nl.unroll(nl.rand_initialize_weights(build_sizes, rng=7))
build_X = np.random.default_rng(8).normal(size=(6, 3))
build_y = np.arange(6) % 3
build_analytic = my_cost_and_gradient(build_params, build_sizes, build_X, build_y, 1.0)[1]
build_numeric = numerical_gradient(
    lambda p: my_cost_and_gradient(p, build_sizes, build_X, build_y, 1.0)[0], build_params, 1e-4)
build_error = relative_error(build_numeric, build_analytic)
print(f"gradient check of my_cost_and_gradient: relative error {build_error:.0e}, below 1e-9: {build_error < 1e-9}")

# Then trained on the digits of notebook 05: 64-25-10, λ = 1, 100 iterations of L-BFGS-B.
digits_sizes = [64, 25, 10]
digits_train_X, digits_test_X, digits_train_y, digits_test_y = load_digits_split(test_size=0.25, rng=0)
result = minimize(my_cost_and_gradient, nl.unroll(nl.rand_initialize_weights(digits_sizes, rng=0)),
                  args=(digits_sizes, digits_train_X, digits_train_y, 1.0), jac=True, method="L-BFGS-B",
                  options={"maxiter": 100})
digits_accuracy = np.mean(nl.predict(nl.roll(result.x, digits_sizes), digits_test_X) == digits_test_y)
print(f"test accuracy of the network your functions trained: {100 * digits_accuracy:.0f} %")"""


CAPSTONE = Exercise(
    id="6.6",
    name="my_cost_and_gradient",
    kind="implement",
    notebook="06",
    points=3,
    title="the staged build: your own cost function, checked and trained",
    task=TASK + CHECK_NOTE,
    solution=SOLUTION,
    hint="assemble your own sigmoid, forward pass, one_hot and deltas into (J, unrolled gradient)",
    signature="(theta_vec, layer_sizes, X, y, lam)",
    formula="The regularized cross-entropy ``J`` of a sigmoid network and its gradient "
    "``(1/m) δ^(l+1)ᵀ [1  a^(l)] + (λ/m) [0  Θ^(l)[:, 1:]]``, unrolled row by row; assembled from "
    "the student's own functions (graded with them).",
    reference=my_cost_and_gradient,
    cases=lambda rng: unrolled_cases(rng, _SETS),
    outputs=(("J", "scalar"), ("grad", "array")),
    mistakes=_mistakes,
    forbidden=_forbidden,
    use=USE,
    graded_alone=False,
)
