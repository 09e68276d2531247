"""Notebook 02 (backpropagation): exercises 2.1 ``sigmoid_gradient`` … 2.7 ``diagnose_layer_report``.

2.1–2.4 implement the pieces of backpropagation. 2.5 (``nb02_input``)
derives one more step of the chain rule for one example, the gradient of
its cost with respect to its inputs; 2.6 and 2.7 (``nb02_choices``) predict
and diagnose.
"""

import numpy as np

from ... import activations, costs, labels, network, problem
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, SIGMOID, z_cases
from .nb02_choices import DIAGNOSE_LAYER_REPORT, PREDICT_ZERO_THETA2
from .nb02_input import BACKPROPAGATION, INPUT_GRADIENT, gallery_description

_CROSS_ENTROPY = costs.LOSSES[("cross_entropy", "sigmoid")]


SIGMOID_GRADIENT = Exercise(
    id="2.1",
    name="sigmoid_gradient",
    kind="implement",
    notebook="02",
    points=1,
    title="the derivative of the sigmoid",
    task="""Write `sigmoid_gradient(z)`: $g'(z) = g(z)\\,(1 - g(z))$ element-wise, at the
pre-activation `z` (you may use `nl.sigmoid`)."""
    + CHECK_NOTE,
    solution='''def sigmoid_gradient(z):
    """g'(z) = g(z) (1 - g(z)), element-wise, at the pre-activation z."""
    ### BEGIN SOLUTION
    g = nl.sigmoid(z)
    return g * (1 - g)
    ### END SOLUTION''',
    hint="write g'(z) = g(z)(1 - g(z))",
    signature="(z)",
    formula="``g'(z) = g(z) (1 - g(z))`` element-wise, of the pre-activation ``z``.",
    reference=activations.sigmoid_gradient,
    cases=z_cases,
    outputs=(("g'(z)", "array"),),
    mistakes=lambda: (
        Mistake(
            "you computed z(1 − z): the formula a(1 − a) is written for a = g(z), so compute "
            "g(z) first: g'(z) = g(z)(1 − g(z)).",
            lambda z: np.asarray(z) * (1.0 - np.asarray(z)),
        ),
        Mistake(
            "you computed g(z)(1 − z): both factors are about a = g(z), so the second is 1 − g(z), not 1 − z.",
            lambda z: SIGMOID.function(np.asarray(z, dtype=float)) * (1.0 - np.asarray(z)),
        ),
        Mistake(
            gallery_description("gradient_of_activation"),
            lambda z: SIGMOID.gradient(SIGMOID.function(np.asarray(z, dtype=float))),
        ),
        Mistake(
            "you returned g(z)(1 + g(z)): the factor is 1 − g(z).",
            lambda z: (
                SIGMOID.function(np.asarray(z, dtype=float)) * (1.0 + SIGMOID.function(np.asarray(z, dtype=float)))
            ),
        ),
    ),
    forbidden=lambda: (
        activations.sigmoid_gradient,
        SIGMOID.gradient,
        SIGMOID.gradient_from_output,
        network.hidden_gradient,
    ),
    warning_hint="Compute g(z) with the package's nl.sigmoid, which never overflows.",
)


def _one_hot_cases(rng):
    y_all = rng.permutation(np.arange(8) % 4)
    y_missing = rng.integers(0, 3, size=6)  # labels 0..2 only, while num_labels = 5
    return [
        Case("m = 8 labels, num_labels = 4", (y_all, 4)),
        Case("m = 1 label (one example), num_labels = 3", (np.array([2]), 3)),
        Case("m = 6 labels, num_labels = 5, not every label occurs", (y_missing, 5)),
        Case("m = 3 labels, num_labels = 1 (one output unit)", (np.zeros(3, dtype=np.int64), 1)),
    ]


ONE_HOT = Exercise(
    id="2.2",
    name="one_hot",
    kind="implement",
    notebook="02",
    points=1,
    title="one-hot labels",
    task="""Write `one_hot(y, num_labels)`: for labels `y` of shape `(m,)` in `0..K-1` (with
`K = num_labels`), the matrix `Y` of shape `(m, K)` with `Y[i, k] = 1` where `y[i] == k`
and 0 elsewhere: the articles' `yv = [1:num_labels] == y`, with Python's 0-based
labels. `Y` has `K` columns even when some labels do not occur in `y`."""
    + CHECK_NOTE,
    solution='''def one_hot(y, num_labels):
    """Y of shape (m, K): Y[i, k] = 1 if y[i] == k else 0."""
    ### BEGIN SOLUTION
    return (np.arange(num_labels) == np.asarray(y)[:, None]).astype(float)
    ### END SOLUTION''',
    hint="write Y[i, k] = 1 where y[i] == k, shape (m, num_labels)",
    signature="(y, num_labels)",
    formula="``Y[i, k] = 1`` if ``y[i] == k`` else ``0``, shape ``(m, K)`` (labels ``0..K-1``).",
    reference=labels.one_hot,
    cases=_one_hot_cases,
    outputs=(("Y", "array"),),
    mistakes=lambda: (
        Mistake(
            "label k lights column k − 1: you compared with 1..K as MATLAB's "
            "[1:num_labels] == y does; Python labels run 0..K−1, so compare with np.arange(num_labels).",
            lambda y, K: (np.arange(1, K + 1) == np.asarray(y)[:, None]).astype(float),
        ),
        Mistake(
            "your matrix is transposed: one row per example, one column per label, shape (m, K).",
            lambda y, K: labels.one_hot(y, K).T,
        ),
        Mistake(
            "your matrix has one column per label that occurs in y; it needs num_labels columns "
            "even when some labels do not occur.",
            lambda y, K: labels.one_hot(y, int(np.max(y)) + 1),
        ),
    ),
    forbidden=lambda: (labels.one_hot, labels.as_targets, problem.prepare),
)


def output_delta(a_L, Y):
    """``δ^(L) = a^(L) - Y``, shape ``(m, K)``: ``nnlesson.costs.output_delta`` for cross-entropy and sigmoid."""
    return costs.output_delta(
        "cross_entropy", "sigmoid", None, np.asarray(a_L, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    )


def _output_delta_cases(rng):
    cases = []
    for m, K in [(6, 3), (1, 4), (5, 1), (7, 2)]:
        a = rng.uniform(0.01, 0.99, size=(m, K))
        Y = labels.one_hot(rng.integers(0, K, size=m), K) if K > 1 else rng.integers(0, 2, size=(m, 1)).astype(float)
        label = f"m = {m}, K = {K}" + (" (one example)" if m == 1 else "") + (" (one output unit)" if K == 1 else "")
        cases.append(Case(label, (a, Y)))
    return cases


OUTPUT_DELTA = Exercise(
    id="2.3",
    name="output_delta",
    kind="implement",
    notebook="02",
    points=1,
    title="the output delta",
    task="""Write `output_delta(a_L, Y)`: $\\delta^{(L)}$ of the cross-entropy cost with sigmoid
outputs, for the outputs `a_L` and the one-hot targets `Y` (both of shape `(m, K)`),
as Enslin's `s3 = a3 - yv`."""
    + CHECK_NOTE,
    solution='''def output_delta(a_L, Y):
    """δ^(L) = a^(L) - Y, shape (m, K)."""
    ### BEGIN SOLUTION
    return a_L - Y
    ### END SOLUTION''',
    hint="write δ^(L) for the cross-entropy cost",
    signature="(a_L, Y)",
    formula="``δ^(L) = a^(L) - Y`` for the cross-entropy cost with a sigmoid output (Enslin's ``s3 = a3 - yv``).",
    reference=output_delta,
    cases=_output_delta_cases,
    outputs=(("δ^(L)", "array"),),
    mistakes=lambda: (
        Mistake("your delta has the opposite sign: δ^(L) = a^(L) − y.", lambda a, Y: Y - a),
        Mistake(
            "you multiplied by g'(z^(L)) = a(1 − a): that is the squared-error delta; with the "
            "cross-entropy cost that factor cancels, and δ^(L) = a^(L) − y.",
            lambda a, Y: (a - Y) * a * (1.0 - a),
        ),
        Mistake(
            "you divided by m: δ^(L) is per example; the 1/m comes later, in the gradient.",
            lambda a, Y: (a - Y) / a.shape[0],
        ),
        Mistake("your delta is transposed: one row per example, shape (m, K).", lambda a, Y: (a - Y).T),
    ),
    forbidden=lambda: (costs.output_delta, _CROSS_ENTROPY.output_delta) + BACKPROPAGATION,
)


def hidden_delta(delta_next, theta, z):
    """``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))``, shape ``(m, s_l)``, the step of ``nnlesson.network.backward``."""
    return (np.asarray(delta_next) @ np.asarray(theta)[:, 1:]) * SIGMOID.gradient(np.asarray(z))


def _with_ones(z):
    return np.hstack([np.ones((z.shape[0], 1)), z])


def _hidden_delta_cases(rng):
    cases = []
    for m, s, s_next in [(6, 4, 3), (1, 5, 2), (5, 3, 1), (4, 1, 3), (7, 6, 4)]:
        args = (rng.normal(size=(m, s_next)), rng.normal(size=(s_next, s + 1)), rng.normal(scale=2.0, size=(m, s)))
        label = f"m = {m}, s_l = {s}, s_(l+1) = {s_next}"
        label += " (one example)" if m == 1 else ""
        label += " (one unit in the next layer)" if s_next == 1 else ""
        cases.append(Case(label, args))
    return cases


_g = SIGMOID.gradient
BIAS_DELTA_KEPT = (
    "Your δ^(l) of a hidden layer still holds the bias unit's column, so every row of "
    "Θ^(l-1)'s gradient belongs to the unit above it; drop column 0 of δ before using it."
)
"""Enslin's ``s2 = s2(:, 2:end)`` forgotten: numpy runs it (a column too many), MATLAB would not."""


HIDDEN_DELTA = Exercise(
    id="2.4",
    name="hidden_delta",
    kind="implement",
    notebook="02",
    points=2,
    title="a hidden delta",
    task="""Write `hidden_delta(delta_next, theta, z)`:
$\\delta^{(l)} = \\big(\\delta^{(l+1)}\\, \\Theta^{(l)}_{:,\\,1:}\\big) \\odot g'(z^{(l)})$
for `delta_next` $= \\delta^{(l+1)}$ of shape `(m, s_{l+1})`, `theta` $= \\Theta^{(l)}$ of shape
`(s_{l+1}, s_l + 1)` and `z` $= z^{(l)}$ of shape `(m, s_l)`. Return shape `(m, s_l)`:
the bias unit gets no delta."""
    + CHECK_NOTE,
    solution='''def hidden_delta(delta_next, theta, z):
    """δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l)), shape (m, s_l)."""
    ### BEGIN SOLUTION
    return (delta_next @ theta[:, 1:]) * sigmoid_gradient(z)
    ### END SOLUTION''',
    hint="write δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))",
    signature="(delta_next, theta, z)",
    formula="``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))``, shape ``(m, s_l)``: the bias column "
    "of ``Θ^(l)`` is dropped, and ``g'`` is taken at ``z``, not at ``a = g(z)``.",
    reference=hidden_delta,
    cases=_hidden_delta_cases,
    outputs=(("δ^(l)", "array"),),
    mistakes=lambda: (
        Mistake(BIAS_DELTA_KEPT, lambda d, theta, z: (d @ theta) * _g(_with_ones(z))),
        Mistake(
            BIAS_DELTA_KEPT,  # cut back to size from the wrong end
            lambda d, theta, z: ((d @ theta) * _g(_with_ones(z)))[:, : z.shape[1]],
        ),
        Mistake(BIAS_DELTA_KEPT, lambda d, theta, z: (d @ theta) * _with_ones(_g(z))),
        Mistake(
            gallery_description("gradient_of_activation"),
            lambda d, theta, z: (d @ theta[:, 1:]) * _g(SIGMOID.function(z)),
        ),
        Mistake(
            "you used z(1 − z) for g'(z): that formula is written for a = g(z); g'(z) = g(z)(1 − g(z)).",
            lambda d, theta, z: (d @ theta[:, 1:]) * z * (1.0 - z),
        ),
        Mistake(
            "you left out the factor g'(z^(l)): δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l)).",
            lambda d, theta, z: d @ theta[:, 1:],
        ),
        Mistake(
            "you dropped the last column of Θ; the bias column is the first, Θ[:, 0], so use Θ[:, 1:].",
            lambda d, theta, z: (d @ theta[:, :-1]) * _g(z),
        ),
    ),
    forbidden=lambda: (network.hidden_gradient,) + BACKPROPAGATION,
    use="""# Backpropagation assembled from your functions (or the package's, until yours pass).
demo_thetas = nl.rand_initialize_weights([3, 5, 4], rng=3)
demo_X = np.random.default_rng(4).normal(size=(6, 3))
demo_y = np.array([0, 1, 2, 3, 0, 1])
fp = nl.forward_propagate(demo_thetas, demo_X)
bp = nl.backpropagate(demo_thetas, demo_X, demo_y)
d3 = output_delta(fp.output, one_hot(demo_y, 4))
d2 = hidden_delta(d3, demo_thetas[1], fp.z(2))
print("δ^(3) as the package computes it:", np.allclose(d3, bp.delta(3)))
print("δ^(2) as the package computes it:", np.allclose(d2, bp.delta(2)))""",
)


RECORDS = (
    SIGMOID_GRADIENT,
    ONE_HOT,
    OUTPUT_DELTA,
    HIDDEN_DELTA,
    INPUT_GRADIENT,
    PREDICT_ZERO_THETA2,
    DIAGNOSE_LAYER_REPORT,
)
