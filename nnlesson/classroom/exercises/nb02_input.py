"""Notebook 02's exercise 2.5 ``input_gradient``, and what the exercises of notebook 02 share."""

import numpy as np

from ... import costs, gradcheck, labels, network, per_example
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, SIGMOID

BACKPROPAGATION = (
    network.backward,
    network.backpropagate,
    network.cost_and_gradients,
    network.nn_cost_function,
    network.nn_cost_function_unrolled,
    network.unrolled_cost,
    per_example.nn_cost_function_loop,
)
"""The package's backpropagation, which no exercise on a delta may call."""

_CROSS_ENTROPY = costs.LOSSES[("cross_entropy", "sigmoid")]


def gallery_description(name):
    """The description of notebook 04's bug ``name``, the words a diagnosis uses."""
    from ...bugs import BUGS

    return BUGS[name].description


def _one_example(Theta1, Theta2, x, y, variant=""):
    """``∂J/∂x`` of one example's cross-entropy, or one of its classic wrong variants."""
    Theta1, Theta2 = np.asarray(Theta1, dtype=np.float64), np.asarray(Theta2, dtype=np.float64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    z2 = Theta1 @ np.concatenate(([1.0], x))
    a2 = SIGMOID.function(z2)
    a3 = SIGMOID.function(Theta2 @ np.concatenate(([1.0], a2)))
    d3 = {"flipped": y - a3, "squared_error": (a3 - y) * a3 * (1.0 - a3)}.get(variant, a3 - y)
    g2 = {"no_g": 1.0, "g_of_a": SIGMOID.gradient(a2)}.get(variant, SIGMOID.gradient(z2))
    d2 = (Theta2[:, 1:].T @ d3) * g2
    if variant == "delta_2":
        return d2
    if variant == "bias_kept":
        return Theta1.T @ d2
    if variant == "last_column":
        return Theta1[:, :-1].T @ d2
    d1 = Theta1[:, 1:].T @ d2
    return d1 * SIGMOID.gradient(x) if variant == "g_of_x" else d1


def input_gradient(Theta1, Theta2, x, y):
    """``∂J/∂x = Θ^(1)[:, 1:]ᵀ δ^(2)``, shape ``(n,)``: how one example's cost changes with its features.

    ``δ^(2)`` is ``nnlesson.network.backward``'s, for the one example as a batch of ``m = 1``.
    """
    thetas = [np.asarray(t, dtype=np.float64) for t in (Theta1, Theta2)]
    fp = network.forward(thetas, np.asarray(x, dtype=np.float64)[None, :])
    bp = network.backward(thetas, fp, np.asarray(y, dtype=np.float64)[None, :], _CROSS_ENTROPY)
    return thetas[0][:, 1:].T @ bp.delta(2)[0]


def _input_gradient_cases(rng):
    cases = []
    for n, s2, K in [(3, 5, 3), (1, 4, 2), (4, 3, 1), (2, 1, 3), (6, 7, 4)]:
        Theta1, Theta2 = rng.normal(size=(s2, n + 1)), rng.normal(size=(K, s2 + 1))
        y = labels.one_hot(rng.integers(0, K, size=1), K)[0] if K > 1 else rng.integers(0, 2, size=1).astype(float)
        label = f"n = {n}, s_2 = {s2}, K = {K}"
        label += " (one input)" if n == 1 else ""
        label += " (one hidden unit)" if s2 == 1 else ""
        label += " (one output unit)" if K == 1 else ""
        cases.append(Case(label, (Theta1, Theta2, rng.normal(size=n), y)))
    return cases


INPUT_GRADIENT = Exercise(
    id="2.5",
    name="input_gradient",
    kind="derive",
    notebook="02",
    points=2,
    title="one example: how its cost changes with its inputs",
    task="""Backpropagation stops at $\\delta^{(2)}$: the inputs are data, not weights, so Khanafer's
algorithm never asks for a "$\\delta^{(1)}$". Ask for it anyway. For **one** example $x$ of a
network with three layers and its cost
$J = \\sum_k \\big[-y_k \\log a^{(3)}_k - (1 - y_k) \\log(1 - a^{(3)}_k)\\big]$, derive by the chain
rule how $J$ changes with each input feature, $\\partial J / \\partial x_i$ for $i = 1, \\dots, n$
(section 7's tape reaches these numbers by walking the graph, but no cell writes the formula:
follow the paths from $x_i$ to $J$ as section 4 did for a hidden unit, and ask which factors
of the hidden delta an input has and which it has not).

Write `input_gradient(Theta1, Theta2, x, y)` for `Theta1` $= \\Theta^{(1)}$ of shape
`(s_2, n + 1)`, `Theta2` $= \\Theta^{(2)}$ of shape `(K, s_2 + 1)`, the features `x` of shape
`(n,)` and the one-hot target `y` of shape `(K,)`; return $\\partial J / \\partial x$, shape
`(n,)`. Work with one example, as section 6's loop does (1-D arrays). Use `nl.sigmoid` and
`nl.sigmoid_gradient`: in this notebook `sigmoid` is section 7's tape operation."""
    + CHECK_NOTE,
    solution='''def input_gradient(Theta1, Theta2, x, y):
    """∂J/∂x of one example's cost, shape (n,)."""
    ### BEGIN SOLUTION
    z2 = Theta1 @ np.concatenate(([1.0], x))  # forward, one example: (s_2,)
    a2 = np.concatenate(([1.0], nl.sigmoid(z2)))  # (s_2 + 1,)
    a3 = nl.sigmoid(Theta2 @ a2)  # (K,)
    d3 = a3 - y  # δ^(3)
    d2 = (Theta2[:, 1:].T @ d3) * nl.sigmoid_gradient(z2)  # δ^(2)
    # x_i reaches J through every z^(2)_j, with ∂z^(2)_j/∂x_i = Θ^(1)_ji; a^(1) = x has no g
    return Theta1[:, 1:].T @ d2
    ### END SOLUTION''',
    hint="return ∂J/∂x of one example, shape (n,)",
    signature="(Theta1, Theta2, x, y)",
    formula="``∂J/∂x = Θ^(1)[:, 1:]ᵀ δ^(2)`` for one example, with ``δ^(2) = (Θ^(2)[:, 1:]ᵀ δ^(3)) ⊙ g'(z^(2))`` "
    "and ``δ^(3) = a^(3) - y``: no factor ``g'`` at the input, whose ``a^(1) = x``.",
    reference=input_gradient,
    cases=_input_gradient_cases,
    outputs=(("∂J/∂x", "array"),),
    mistakes=lambda: (
        Mistake(
            "you multiplied by g'(x), as a hidden unit's delta does; but the inputs are not the "
            "output of a sigmoid: a^(1) = x itself, so ∂J/∂x = Θ^(1)[:, 1:]ᵀ δ^(2), with no g'.",
            lambda t1, t2, x, y: _one_example(t1, t2, x, y, "g_of_x"),
        ),
        Mistake(
            "your result has n + 1 entries: the bias unit is the constant 1, not a feature of x; "
            "drop column 0 of Θ^(1): Θ^(1)[:, 1:]ᵀ δ^(2).",
            lambda t1, t2, x, y: _one_example(t1, t2, x, y, "bias_kept"),
        ),
        Mistake(
            "you dropped the last column of Θ^(1); the bias column is the first, Θ^(1)[:, 0], so use Θ^(1)[:, 1:].",
            lambda t1, t2, x, y: _one_example(t1, t2, x, y, "last_column"),
        ),
        Mistake(
            "you returned δ^(2), the derivative with respect to z^(2); one more step of the chain "
            "rule reaches x: ∂z^(2)_j/∂x_i = Θ^(1)_ji, so ∂J/∂x = Θ^(1)[:, 1:]ᵀ δ^(2).",
            lambda t1, t2, x, y: _one_example(t1, t2, x, y, "delta_2"),
        ),
        Mistake(
            "your δ^(2) lacks its factor g'(z^(2)): the path from x to J passes through the "
            "hidden sigmoid, so δ^(2) = (Θ^(2)[:, 1:]ᵀ δ^(3)) ⊙ g'(z^(2)).",
            lambda t1, t2, x, y: _one_example(t1, t2, x, y, "no_g"),
        ),
        Mistake(
            gallery_description("gradient_of_activation"), lambda t1, t2, x, y: _one_example(t1, t2, x, y, "g_of_a")
        ),
        Mistake(
            "you used the squared-error output delta (a − y) g'(z^(3)); with the cross-entropy "
            "the factor a(1 − a) cancels and δ^(3) = a^(3) − y.",
            lambda t1, t2, x, y: _one_example(t1, t2, x, y, "squared_error"),
        ),
        Mistake(
            "your δ^(3) has the opposite sign: δ^(3) = a^(3) − y.",
            lambda t1, t2, x, y: _one_example(t1, t2, x, y, "flipped"),
        ),
    ),
    forbidden=lambda: (
        (
            network.hidden_gradient,
            gradcheck.numerical_gradient,
            gradcheck.complex_step_gradient,
        )
        + BACKPROPAGATION
    ),
    use="""# Your input_gradient (or the package's, until yours passes) against finite differences, for one
# example of a 3-5-3 network with weights of size about 1 (this notebook's debug weights are small,
# and so is their ∂J/∂x: too small for the differences to show more than a few digits).
demo_T1, demo_T2 = nl.rand_initialize_weights([3, 5, 3], epsilon_init=2.0, rng=5)
demo_x, demo_y = np.array([0.5, -1.0, 2.0]), np.array([0.0, 1.0, 0.0])


def demo_cost_of_x(v):  # the cost of this example as a function of its features
    demo_a3 = nl.sigmoid(demo_T2 @ np.concatenate(([1.0], nl.sigmoid(demo_T1 @ np.concatenate(([1.0], v))))))
    return np.sum(-demo_y * np.log(demo_a3) - (1 - demo_y) * np.log(1 - demo_a3))


demo_numeric = gradcheck.numerical_gradient(demo_cost_of_x, demo_x)
demo_error = gradcheck.relative_error(input_gradient(demo_T1, demo_T2, demo_x, demo_y), demo_numeric)
print("∂J/∂x by finite differences:", np.round(demo_numeric, 6))
print(f"relative error of input_gradient against them, rounded to 9 decimals: {demo_error:.9f}")""",
)
