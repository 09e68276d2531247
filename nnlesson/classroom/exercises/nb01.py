"""Notebook 01 (forward propagation): exercises 1.1 ``sigmoid`` and 1.2 ``forward_output``."""

import numpy as np

from ... import activations, network, per_example, ufldl
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, LINEAR, SIGMOID, output_of, sizes_label, z_cases
from .common import network as random_network

_STABLE_HINT = (
    "For z = −1000, e^(−z) = e^1000 overflows. A stable sigmoid never forms it: "
    "with e = np.exp(-np.abs(z)), np.where(z >= 0, 1/(1+e), e/(1+e)) "
    "(np.where evaluates both branches, so the branches themselves must not overflow)."
)

SIGMOID_EXERCISE = Exercise(
    id="1.1",
    name="sigmoid",
    kind="implement",
    notebook="01",
    points=2,
    title="a sigmoid that never overflows",
    task="""Write `sigmoid(z)`: $g(z) = \\dfrac{1}{1 + e^{-z}}$ element-wise, for an array `z` of any
shape (or a single number). It must work for *every* finite `z`: written literally,
`np.exp(-z)` overflows for $z = -1000$ and numpy warns. Rewrite it so that no huge
exponential is ever formed."""
    + CHECK_NOTE,
    solution='''def sigmoid(z):
    """g(z) = 1 / (1 + e^(-z)), element-wise; no overflow for any finite z."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # e^(-|z|) <= 1: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    ### END SOLUTION''',
    hint="write sigmoid(z) = 1 / (1 + e^(-z)) so that it never overflows",
    signature="(z)",
    formula="``g(z) = 1 / (1 + e^(-z))`` element-wise, without overflow for any finite ``z``.",
    reference=activations.sigmoid,
    cases=z_cases,
    outputs=(("g(z)", "array"),),
    mistakes=lambda: (
        Mistake("the exponent has the wrong sign: g(z) = 1 / (1 + e^(−z)).", lambda z: 1.0 / (1.0 + np.exp(z))),
        Mistake(
            "e^z / (1 + e^z) is the sigmoid in exact arithmetic, but for large z e^z overflows "
            "to inf and inf/inf is NaN.",
            lambda z: np.exp(z) / (1.0 + np.exp(z)),
        ),
        Mistake("you returned 1 + e^(−z), not its reciprocal.", lambda z: 1.0 + np.exp(-z)),
    ),
    forbidden=lambda: (activations.sigmoid, activations.logistic, SIGMOID.function),
    warning_hint=_STABLE_HINT,
)


def forward_output(thetas, X):
    """``a^(L) = h_Θ(X)``, shape ``(m, K)``: ``nnlesson.network.forward``'s output."""
    return output_of(thetas, X)


def _untransposed(thetas, X):
    a = np.asarray(X, dtype=np.float64)
    for theta in thetas:
        a = SIGMOID.function(np.hstack([np.ones((a.shape[0], 1)), a]) @ theta)
    return a


def _forward_cases(rng):
    cases = []
    for sizes, m in [([3, 4, 2], 6), ([2, 1], 5), ([4, 5, 3, 3], 1), ([3, 6, 1], 4), ([5, 3, 4], 7)]:
        thetas, X, _ = random_network(rng, sizes, m)
        cases.append(Case(sizes_label(sizes, m), (thetas, X)))
    return cases


_TRANSPOSE_HINT = (
    "Θ^(l) has shape (s_(l+1), s_l + 1), one row per unit of the next layer: multiply "
    "[1 a^(l)] by its transpose, z = [1 a^(l)] Θ^(l)ᵀ (theta.T)."
)

FORWARD_OUTPUT = Exercise(
    id="1.2",
    name="forward_output",
    kind="implement",
    notebook="01",
    points=3,
    title="the forward pass",
    task="""Write `forward_output(thetas, X)`: the output $a^{(L)} = h_\\Theta(X)$ of the network with
weights `thetas` $= [\\Theta^{(1)}, \\dots, \\Theta^{(L-1)}]$ for the examples `X`
(shape `(m, n)`, one per row). Start from $a^{(1)} = X$ and for each layer compute
$a^{(l+1)} = g\\big([1 \\;\\; a^{(l)}]\\, {\\Theta^{(l)}}^T\\big)$, with your `sigmoid`.
Return an array of shape `(m, K)`. Any number of layers, any `m` (also 1), any `K`
(also 1)."""
    + CHECK_NOTE,
    solution='''def forward_output(thetas, X):
    """a^(L) = h_Θ(X), shape (m, K): the forward pass through every Θ^(l)."""
    ### BEGIN SOLUTION
    a = X
    for theta in thetas:
        a_with_bias = np.hstack([np.ones((a.shape[0], 1)), a])  # [1  a^(l)]
        a = sigmoid(a_with_bias @ theta.T)  # a^(l+1) = g(z^(l+1))
    return a
    ### END SOLUTION''',
    hint="write the forward pass a^(l+1) = g([1 a^(l)] Θ^(l)ᵀ) and return a^(L)",
    signature="(thetas, X)",
    formula="``a^(1) = X``; ``a^(l+1) = g([1  a^(l)] Θ^(l)ᵀ)``; returns ``a^(L)``, shape ``(m, K)``.",
    reference=forward_output,
    cases=_forward_cases,
    outputs=(("a^(L)", "array"),),
    mistakes=lambda: (
        Mistake(
            "you left out the bias: each layer computes [1 a] Θᵀ, so Θ[:, 0] must be added "
            "(put a column of ones in front of a).",
            lambda thetas, X: output_of(thetas, X, bias="none"),
        ),
        Mistake(
            "you put the column of ones last; column 0 of Θ multiplies the bias unit, so the ones go first: [1 a].",
            lambda thetas, X: output_of(thetas, X, bias="last"),
        ),
        Mistake(
            "your output is z^(L): apply the sigmoid to the output layer too.",
            lambda thetas, X: output_of(thetas, X, out=activations.OUTPUTS["identity"]),
        ),
        Mistake(
            "your hidden layers are linear: apply g to every z^(l), not only the last one.",
            lambda thetas, X: output_of(thetas, X, hidden=LINEAR),
        ),
        Mistake(
            "your output is transposed: a^(L) has one row per example, shape (m, K).",
            lambda thetas, X: output_of(thetas, X).T,
        ),
        Mistake(
            "your output keeps a column of ones in front: a^(L) has only the K output units.",
            lambda thetas, X: np.hstack([np.ones((np.shape(X)[0], 1)), output_of(thetas, X)]),
        ),
        Mistake("you multiplied by Θ^(l), not its transpose. " + _TRANSPOSE_HINT, _untransposed),
    ),
    forbidden=lambda: (
        network.linear,
        network.forward,
        network.forward_propagate,
        network.predict,
        network.backpropagate,
        network.nn_cost_function,
        network.nn_cost_function_unrolled,
        network.cost,
        network.cost_and_gradients,
        per_example.nn_cost_function_loop,
        ufldl.ufldl_cost,
    ),
    exception_hints=(("ValueError", "matmul", _TRANSPOSE_HINT),),
    warning_hint="Use your sigmoid from exercise 1.1 (or nl.sigmoid), which never overflows.",
    use="""# Uses your forward_output (or the package's, until yours passes).
demo_thetas = nl.rand_initialize_weights([4, 5, 3], rng=1)
demo_X = np.random.default_rng(2).normal(size=(2, 4))
print(np.round(forward_output(demo_thetas, demo_X), 4))""",
)

RECORDS = (SIGMOID_EXERCISE, FORWARD_OUTPUT)
