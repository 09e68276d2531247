"""Notebook 01 (forward propagation): exercises 1.1 ``sigmoid`` … 1.5 ``enslin_forward``.

1.1 and 1.2 implement the sigmoid and the forward pass; 1.3 derives the
number of parameters of a network, 1.4 predicts what a network with equal
weights outputs, and 1.5 finds the bug in Enslin's five lines.
"""

import numpy as np

from ... import activations, params
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, CHOICE_NOTE, LINEAR, SIGMOID, output_of, sizes_label, z_cases
from .common import network as random_network
from .nb01_bugs import ENSLIN_FORWARD, TRANSPOSE_HINT, forward_passes

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
        Mistake("you multiplied by Θ^(l), not its transpose. " + TRANSPOSE_HINT, _untransposed),
    ),
    forbidden=forward_passes,
    exception_hints=(("ValueError", "matmul", TRANSPOSE_HINT),),
    warning_hint="Use your sigmoid from exercise 1.1 (or nl.sigmoid), which never overflows.",
    use="""# Uses your forward_output (or the package's, until yours passes).
demo_thetas = nl.rand_initialize_weights([4, 5, 3], rng=1)
demo_X = np.random.default_rng(2).normal(size=(2, 4))
print(np.round(forward_output(demo_thetas, demo_X), 4))""",
)


def parameter_count(layer_sizes):
    """``Σ_l s_{l+1} (s_l + 1)``: the number of weights of a network, bias weights included."""
    return sum(rows * columns for rows, columns in params.theta_shapes(layer_sizes))


def _count_cases(rng):
    deep = [int(s) for s in rng.integers(1, 12, size=int(rng.integers(4, 7)))]
    return [
        Case(f"layer sizes {sizes}" + (" (one output unit)" if sizes[-1] == 1 else ""), (sizes,))
        for sizes in (
            [int(rng.integers(2, 9)), int(rng.integers(2, 9)), int(rng.integers(2, 9))],
            [int(rng.integers(2, 9)), 1],
            deep,
            [int(rng.integers(300, 500)), int(rng.integers(10, 40)), 10],
            [1, 1, 1],
        )
    ]


def _count(layer_sizes, bias_rows=0, bias_columns=1, per_layer=0):
    sizes = list(layer_sizes)
    return sum((b + bias_rows) * (a + bias_columns) + per_layer for a, b in zip(sizes[:-1], sizes[1:]))


PARAMETER_COUNT = Exercise(
    id="1.3",
    name="parameter_count",
    kind="derive",
    notebook="01",
    points=1,
    title="how many weights a network has",
    task=r"""Write `parameter_count(layer_sizes)`: the number of weights (bias weights included) of a
network with `layer_sizes` $= [s_1, s_2, \dots, s_L]$, as one number. No formula is given:
work it out from what section 1 says about the matrices $\Theta^{(l)}$, then write it for
any number of layers. Enslin's network of this notebook, `[3, 4, 7]`, is a good test by
hand; Ng's digit network `[400, 25, 10]` is another (notebook 04 checks the gradient of
every one of its weights at once)."""
    + CHECK_NOTE,
    solution='''def parameter_count(layer_sizes):
    """The number of weights, bias weights included, of a network with these layer sizes."""
    ### BEGIN SOLUTION
    # Θ^(l) has one row per unit of layer l + 1 and one column per unit of layer l plus the bias
    return sum(s_next * (s + 1) for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:]))
    ### END SOLUTION''',
    hint="return the number of weights of the network, bias weights included",
    signature="(layer_sizes)",
    formula="``Σ_{l=1}^{L-1} s_{l+1} (s_l + 1)``: the entries of every ``Θ^(l)``, of shape ``(s_{l+1}, s_l + 1)``.",
    reference=parameter_count,
    cases=_count_cases,
    outputs=(("the number of weights", "scalar"),),
    mistakes=lambda: (
        Mistake(
            "you left out the bias weights: Θ^(l) has s_l + 1 columns, one for each unit of layer l "
            "and one (column 0) for its bias unit, so it holds s_(l+1)(s_l + 1) weights.",
            lambda sizes: _count(sizes, bias_columns=0),
        ),
        Mistake(
            "you counted one bias weight per layer; every unit of layer l + 1 has its own bias "
            "weight (its row's column 0), s_(l+1) of them per matrix.",
            lambda sizes: _count(sizes, bias_columns=0, per_layer=1),
        ),
        Mistake(
            "you gave the next layer the bias unit: the bias is added to the layer a matrix reads "
            "from (its columns, s_l + 1), not to the layer it feeds (its rows, s_(l+1)), because "
            "no weight leads into a constant.",
            lambda sizes: _count(sizes, bias_rows=1, bias_columns=0),
        ),
        Mistake(
            "you gave both layers a bias unit: Θ^(l) has s_(l+1) rows, one per unit it feeds, "
            "and the bias unit of layer l + 1 gets no row.",
            lambda sizes: _count(sizes, bias_rows=1),
        ),
        Mistake(
            "you counted the units, not the weights: every unit of layer l + 1 has one weight "
            "for each unit of layer l, plus its bias weight.",
            lambda sizes: sum(sizes),
        ),
    ),
    forbidden=lambda: (
        params.theta_shapes,
        params.rand_initialize_weights,
        params.debug_initialize_weights,
        params.roll,
    ),
    use="""# Uses your parameter_count (or the package's, until yours passes), against the matrices themselves.
for demo_sizes in ([3, 4, 7], [400, 25, 10]):
    demo_count = parameter_count(demo_sizes)
    demo_size = nl.unroll(nl.rand_initialize_weights(demo_sizes, rng=0)).size
    print(f"layer sizes {demo_sizes}: {demo_count} weights; the unrolled matrices hold {demo_size}")""",
)


_EQUAL_WEIGHTS_DEMO = """# The experiment of exercise 1.4: a 3-5-3 network whose every weight is 0.1.
demo_thetas = [np.full(shape, 0.1) for shape in nl.theta_shapes([3, 5, 3])]
demo_X = np.random.default_rng(3).normal(size=(4, 3))  # four examples
demo_a3 = nl.forward_propagate(demo_thetas, demo_X).output
print("a^(3) =")
print(np.round(demo_a3, 4))
print("the three outputs of each example are equal:", bool(np.all(np.ptp(demo_a3, axis=1) < 1e-12)))
print("the four examples give different outputs:", bool(np.ptp(demo_a3[:, 0]) > 1e-3))"""


def predict_equal_weights():
    """The right choice of exercise 1.4: the output units are copies of one another, the examples are not."""
    return "b"


PREDICT_EQUAL_WEIGHTS = Exercise(
    id="1.4",
    name="predict_equal_weights",
    kind="predict",
    notebook="01",
    points=1,
    title="predict: a network whose weights are all equal",
    task=r"""The cell after the check builds a network with $s = (3, 5, 3)$ in which **every** weight is
0.1, bias weights included, and runs four examples with random features through it. Before
you run it, predict what its output $a^{(3)}$ (shape $4 \times 3$, one row per example) looks
like:

- **a.** every one of the 12 entries is exactly 0.5;
- **b.** in each row the three entries are equal, but the rows differ from one another;
- **c.** all 12 entries are one and the same number, not 0.5;
- **d.** the entries differ from one another, as for random weights.

Write `predict_equal_weights()` so that it returns the letter of your prediction, e.g.
`return "a"`. Reason it out with $z^{(l+1)} = [1 \;\; a^{(l)}]\,{\Theta^{(l)}}^T$: what does
each unit of layer 2 receive when every row of $\Theta^{(1)}$ is the same? Then run the check,
and the experiment after it."""
    + CHOICE_NOTE,
    solution='''def predict_equal_weights():
    """The letter of your prediction: "a", "b", "c" or "d"."""
    ### BEGIN SOLUTION
    # every hidden unit gets z = 0.1 (1 + x_1 + x_2 + x_3): the same number for one example,
    # another number for another example; so every output unit gets the same input too
    return "b"
    ### END SOLUTION''',
    hint='return the letter of your prediction, e.g. "a"',
    signature="()",
    formula="The letter of the right prediction.",
    reference=predict_equal_weights,
    cases=lambda rng: [Case("your prediction", ())],
    outputs=(("your prediction", "choice"),),
    mistakes=lambda: (
        Mistake(
            "0.5 = g(0) is what every unit outputs when every weight is 0. Here the weights are "
            "0.1, so a hidden unit receives z = 0.1 (1 + x_1 + x_2 + x_3), which is not 0.",
            lambda: "a",
        ),
        Mistake(
            "equal weights make the units of a layer equal, not the examples: each example has its "
            "own features x, so its hidden units receive their own z = 0.1 (1 + x_1 + x_2 + x_3).",
            lambda: "c",
        ),
        Mistake(
            "every row of Θ^(1) is the same, so every hidden unit computes the same sum "
            "0.1 (1 + x_1 + x_2 + x_3); the five hidden units are copies, and the same argument "
            "makes the three output units copies (section 6 watched it happen in training).",
            lambda: "d",
        ),
    ),
    forbidden=lambda: (),
    use=_EQUAL_WEIGHTS_DEMO,
)


RECORDS = (SIGMOID_EXERCISE, FORWARD_OUTPUT, PARAMETER_COUNT, PREDICT_EQUAL_WEIGHTS, ENSLIN_FORWARD)
