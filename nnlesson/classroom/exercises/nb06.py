"""Notebook 06 (softmax and ReLU): exercises 6.1 ``relu_gradient`` … 6.6 ``my_cost_and_gradient``.

6.5, a softmax with a bug, lives in ``nb06_bug``; 6.6, the series' last exercise, the staged
build, in ``nb06_capstone``.
"""

import numpy as np

from ... import activations, costs, labels, network
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, CHOICE_NOTE
from .nb06_bug import SOFTMAX_BUG
from .nb06_capstone import CAPSTONE

_RELU = activations.ACTIVATIONS["relu"]


def _relu_cases(rng):
    with_zeros = rng.normal(scale=2.0, size=(3, 4))
    with_zeros[rng.random(size=(3, 4)) < 0.3] = 0.0
    with_zeros[0, 0] = 0.0
    return [
        Case("z of shape (7,), with z = 0 among them", (np.array([-3.0, -0.5, -1e-12, 0.0, 1e-12, 0.5, 3.0]),)),
        Case("z of shape (3, 4), some entries exactly 0", (with_zeros,)),
        Case("z a single negative number", (-float(abs(rng.normal())) - 0.1,)),
        Case("z of shape (1, 1), exactly 0", (np.zeros((1, 1)),)),
        Case("z of shape (4,), entries as large as ±1e300", (np.array([-1e300, -1e5, 1e5, 1e300]),)),
    ]


RELU_GRADIENT = Exercise(
    id="6.1",
    name="relu_gradient",
    kind="implement",
    notebook="06",
    points=1,
    title="the derivative of ReLU, kink included",
    task="""Write `relu_gradient(z)`: the derivative of $g(z) = \\max(0, z)$, element-wise, for an
array `z` of any shape (or a single number). At $z = 0$ the graph has a kink and no
derivative; like the package (section 4), take $g'(0) = 0$ there. Return floats (0.0 and
1.0)."""
    + CHECK_NOTE,
    solution='''def relu_gradient(z):
    """g'(z) = 1 where z > 0, 0 where z <= 0 (0 at the kink), element-wise."""
    ### BEGIN SOLUTION
    return (np.asarray(z) > 0).astype(float)
    ### END SOLUTION''',
    hint="write g'(z) = [z > 0], with 0 at the kink z = 0",
    signature="(z)",
    formula="``g'(z) = 1`` where ``z > 0`` and ``0`` where ``z <= 0`` (the kink at 0 taken as 0).",
    reference=activations.relu_gradient,
    cases=_relu_cases,
    outputs=(("g'(z)", "array"),),
    mistakes=lambda: (
        Mistake(
            "you took g'(0) = 1 (z >= 0): at the kink there is no derivative, and this series, like most "
            "libraries, takes 0 there: compare z > 0, strictly.",
            lambda z: (np.asarray(z) >= 0).astype(float),
        ),
        Mistake(
            "you took g'(0) = ½ (np.heaviside(z, 0.5)): any value in [0, 1] is a slope of a line that "
            "touches the kink, but this series takes 0 there.",
            lambda z: np.heaviside(np.asarray(z, dtype=float), 0.5),
        ),
        Mistake(
            "you returned the ReLU itself, max(0, z); its derivative is 1 where z > 0 and 0 elsewhere.",
            lambda z: np.maximum(0.0, np.asarray(z, dtype=float)),
        ),
        Mistake(
            "you returned sign(z): left of 0 the ReLU is flat, so its slope there is 0, not −1.",
            lambda z: np.sign(np.asarray(z, dtype=float)),
        ),
    ),
    forbidden=lambda: (
        activations.relu_gradient,
        _RELU.gradient,
        _RELU.gradient_from_output,
        network.hidden_gradient,
    ),
    use="""# Your relu_gradient beside the two-sided differences of notebook 04, close to the kink.
from nnlesson import finite_differences

kink_z = np.array([-1.0, -0.005, 0.0, 0.005, 1.0])
kink_slopes = finite_differences.numerical_gradient(lambda v: np.sum(nl.relu(v)), kink_z, epsilon=0.01)
print("z:                         ", kink_z)
print("your relu_gradient(z):     ", relu_gradient(kink_z))
print("two-sided, ε = 0.01:       ", kink_slopes.round(3))
print("(z ± ε crosses the kink for the middle three: the secant mixes the slopes 0 and 1)")""",
)


def softmax_squared_error_delta(z, y):
    """``∂(½‖a - y‖²)/∂z`` row by row for ``a = softmax(z)``: the softmax's Jacobian times ``a - y``."""
    a = activations.softmax(np.asarray(z, dtype=np.float64))
    Y = labels.one_hot(y, a.shape[1])
    K = a.shape[1]
    jacobian = a[:, :, None] * (np.eye(K) - a[:, None, :])  # [i, k, j] = ∂a_k/∂z_j = a_k([j = k] - a_j)
    return np.einsum("ikj,ik->ij", jacobian, a - Y)


def _softmax_delta_cases(rng):
    cases = []
    for m, K, scale in [(5, 3, 2.0), (1, 4, 1.0), (6, 2, 3.0), (4, 10, 5.0)]:
        z = rng.normal(scale=scale, size=(m, K))
        label = f"m = {m}, K = {K}" + (" (one example)" if m == 1 else "")
        cases.append(Case(label, (z, rng.integers(0, K, size=m))))
    big = rng.normal(size=(3, 3)) + np.array([[1000.0], [-1000.0], [800.0]])
    cases.append(Case("m = 3, K = 3, logits near ±1000", (big, rng.integers(0, 3, size=3))))
    return cases


def _delta_variant(kind):
    def delta(z, y):
        a = activations.softmax(np.asarray(z, dtype=np.float64))
        r = a - labels.one_hot(y, a.shape[1])
        if kind == "cross_entropy":
            return r
        if kind == "diagonal":
            return r * a * (1 - a)
        if kind == "batch":
            return a * (r - np.sum(a * r))
        right = a * (r - np.sum(a * r, axis=1, keepdims=True))
        return -right if kind == "sign" else right / a.shape[0]

    return delta


SOFTMAX_SQUARED_ERROR_DELTA = Exercise(
    id="6.2",
    name="softmax_squared_error_delta",
    kind="derive",
    notebook="06",
    points=2,
    title="the output delta of a softmax with the squared error",
    task="""Section 3 paired the softmax with its cross-entropy, and $-y/a$ cancelled against the
Jacobian. Pair it instead with UFLDL's half squared error: for one example with logits
$z = z^{(L)}$ (a row of `z`), outputs $a = \\operatorname{softmax}(z)$ and one-hot target $y$,

$$E = \\tfrac12 \\sum_{k=1}^{K} (a_k - y_k)^2 .$$

Derive $\\delta^{(L)} = \\partial E / \\partial z$ by the chain rule through the softmax's
Jacobian of section 3 (no cancellation helps this time), and write
`softmax_squared_error_delta(z, y)`: for logits `z` of shape `(m, K)` and labels `y` of shape
`(m,)` in `0..K-1`, the matrix of shape `(m, K)` whose row $i$ is $\\delta^{(L)}$ of example
$i$ (per example: no $1/m$). You may use `nl.softmax` and `nl.one_hot`."""
    + CHECK_NOTE,
    solution='''def softmax_squared_error_delta(z, y):
    """δ^(L) = ∂(½‖a - y‖²)/∂z for a = softmax(z), one row per example."""
    ### BEGIN SOLUTION
    a = nl.softmax(z)
    r = a - nl.one_hot(y, z.shape[1])  # ∂E/∂a
    # (diag(a) - a aᵀ) r, row by row: a ⊙ r - a (aᵀ r)
    return a * (r - np.sum(a * r, axis=1, keepdims=True))
    ### END SOLUTION''',
    hint="multiply ∂E/∂a = a - y by the softmax's Jacobian diag(a) - a aᵀ, one example at a time",
    signature="(z, y)",
    formula="``δ = (diag(a) - a aᵀ)(a - y) = a ⊙ ((a - y) - Σ_k a_k (a_k - y_k))`` for each example, "
    "``a = softmax(z)``.",
    reference=softmax_squared_error_delta,
    cases=_softmax_delta_cases,
    outputs=(("δ^(L)", "array"),),
    mistakes=lambda: (
        Mistake(
            "you returned a − y, the cross-entropy's delta: there ∂J/∂a = −y/a cancels the Jacobian; "
            "here ∂E/∂a = a − y does not, so multiply it by diag(a) − a aᵀ.",
            _delta_variant("cross_entropy"),
        ),
        Mistake(
            "you kept only the diagonal of the Jacobian, a_k(1 − a_k), as for a sigmoid output: every "
            "a_k of the softmax depends on every z_j, and the terms −a_k a_j (j ≠ k) count too.",
            _delta_variant("diagonal"),
        ),
        Mistake(
            "your sum Σ_k a_k (a_k − y_k) runs over the whole batch; it belongs to one example: sum "
            "along each row (axis=1, keepdims=True).",
            _delta_variant("batch"),
        ),
        Mistake("your delta has the opposite sign: ∂E/∂a = a − y, not y − a.", _delta_variant("sign")),
        Mistake(
            "you divided by m: δ^(L) is per example; the 1/m comes later, in the gradient.", _delta_variant("mean")
        ),
    ),
    forbidden=lambda: (
        costs.output_delta,
        activations.OUTPUTS["softmax"].backward,
        costs.LOSSES[("half_squared_error", "softmax")].output_delta,
        network.backward,
        network.backpropagate,
        network.nn_cost_function,
    ),
    warning_hint="Compute a with nl.softmax, which subtracts each row's largest z before e^z: e^1000 overflows.",
    use="""# Your delta against the finite differences of E, then both deltas for one confidently wrong example.
from nnlesson import finite_differences

se_z = np.random.default_rng(9).normal(size=(4, 3))
se_y = np.array([0, 2, 1, 2])


def se_cost(z_flat):
    return 0.5 * np.sum((nl.softmax(z_flat.reshape(4, 3)) - nl.one_hot(se_y, 3)) ** 2)


se_numeric = finite_differences.numerical_gradient(se_cost, se_z.ravel(), epsilon=1e-5).reshape(4, 3)
se_error = finite_differences.relative_error(softmax_squared_error_delta(se_z, se_y), se_numeric)
print("your δ agrees with the finite differences (relative error below 1e-8):", se_error < 1e-8)
wrong_z, wrong_y = np.array([[8.0, 0.0, 0.0]]), np.array([2])  # sure of class 0, the answer is 2
print("squared error's δ:", softmax_squared_error_delta(wrong_z, wrong_y).round(4))
print("cross-entropy's δ:", (nl.softmax(wrong_z) - nl.one_hot(wrong_y, 3)).round(4))
print("(sure and wrong: the squared error's δ nearly vanishes, so such an example hardly teaches anything)")""",
)


DEAD_UNITS = Exercise(
    id="6.3",
    name="predict_dead_units",
    kind="predict",
    notebook="06",
    points=1,
    title="ReLU units that start with a large negative bias",
    task="""A 4-8-3 network with ReLU hidden units and a softmax output starts from He's weights,
except that every hidden unit's **bias is −10** (column 0 of $\\Theta^{(1)}$). The inputs
are 50 examples drawn from a standard normal, so each hidden $z = \\Theta^{(1)}_{j,\\,1:}\\, x - 10$
has a standard deviation of about 1.4 around −10. With $\\lambda = 0$, what will the cell
after the check print for the largest entry of $|\\partial J / \\partial \\Theta^{(1)}|$?

- **a.** about as large as with biases 0: backpropagation does not care about the biases' values
- **b.** exactly 0
- **c.** very large: the deltas grow on their way down
- **d.** NaN: the hidden units divide 0 by 0

Write `predict_dead_units()` that returns the letter of your answer (e.g. `"a"`), before
you run the cell after the check."""
    + CHOICE_NOTE,
    solution='''def predict_dead_units():
    """The letter of the prediction: what is the largest |∂J/∂Θ^(1)|?"""
    ### BEGIN SOLUTION
    return "b"
    ### END SOLUTION''',
    hint='return the letter of your prediction, e.g. "a"',
    signature="()",
    formula="The letter of the right prediction.",
    reference=lambda: "b",
    cases=lambda rng: [Case("your prediction", ())],
    outputs=(("your prediction", "choice"),),
    mistakes=lambda: (
        Mistake(
            "with z about −10 ± 1.4, no hidden unit is active for any example, so g'(z) = 0 everywhere "
            "and δ^(2) = (δ^(3) Θ^(2)[:, 1:]) ⊙ g'(z^(2)) is 0: nothing reaches Θ^(1). The values of "
            "the biases decide which units pass a delta on.",
            lambda: "a",
        ),
        Mistake(
            "nothing grows here: a ReLU's slope is 0 or 1, never more, and these units' slopes are all 0.",
            lambda: "c",
        ),
        Mistake(
            "nothing divides by 0: max(0, z) = 0 is an ordinary number, the softmax of the output's "
            "z (its biases alone) is finite, and the gradient is an exact 0, not NaN.",
            lambda: "d",
        ),
    ),
    use="""# The experiment: 4-8-3, ReLU + softmax, every hidden bias -10, λ = 0.
dead_rng = np.random.default_rng(11)
dead_thetas = [np.column_stack([np.full(8, -10.0), dead_rng.normal(0, np.sqrt(2 / 4), size=(8, 4))]),
               np.column_stack([np.zeros(3), dead_rng.normal(0, np.sqrt(2 / 8), size=(3, 8))])]
dead_X, dead_y = dead_rng.normal(size=(50, 4)), dead_rng.integers(0, 3, size=50)
dead_z = nl.forward_propagate(dead_thetas, dead_X, activation="relu", output="softmax").z(2)
_, dead_grads = nl.nn_cost_function(dead_thetas, dead_X, dead_y, lam=0.0, activation="relu", output="softmax")
print("largest hidden z:", dead_z.max().round(1), "; hidden units active for some example:",
      int((dead_z > 0).any(axis=0).sum()), "of 8")
print("largest |∂J/∂Θ^(1)|:", np.abs(dead_grads[0]).max())
dead_net = train([4, 8, 3], dead_X, dead_y, lam=0.0, maxiter=50, activation="relu", output="softmax",
                 initial_thetas=dead_thetas)
print("Θ^(1) after 50 iterations of L-BFGS-B is the initial Θ^(1):",
      np.array_equal(dead_net.thetas[0], dead_thetas[0]))""",
)


DIAGNOSE_KINK = Exercise(
    id="6.4",
    name="diagnose_gradient_check",
    kind="diagnose",
    notebook="06",
    points=1,
    title="a gradient check that fails for one entry",
    task="""A gradient check of a 4-5-3 network with ReLU hidden units and a softmax output
($\\lambda = 1$, $\\varepsilon = 10^{-4}$, the two-sided differences of notebook 04) reports:

| | |
|---|---|
| relative error of the whole gradient | $1.2 \\times 10^{-2}$ |
| entries that agree to better than $10^{-7}$ | 42 of 43 |
| the one that does not | `Theta1[2, 0]`, the bias of hidden unit 3 (numpy's row 2): off by 22 % |
| $z^{(2)}$ of hidden unit 3 for example 2 (`z2[1, 2]`, numpy counting from 0) | $3 \\times 10^{-5}$ |
| the same code on section 4's network (every hidden $\\lvert z \\rvert > 10^{-3}$) | relative error below $10^{-9}$ |

What is the cause?

- **a.** The hidden delta of unit 3 is computed wrongly: backpropagation has a bug.
- **b.** The penalty regularizes the bias column.
- **c.** Moving that bias by $\\pm\\varepsilon$ moves a hidden $z$ across the kink of the ReLU, so
  the two-sided difference mixes the slopes 0 and 1: not a bug.
- **d.** Round-off: $\\varepsilon = 10^{-4}$ is too small for float64.

Write `diagnose_gradient_check()` that returns the letter of your answer."""
    + CHOICE_NOTE,
    solution='''def diagnose_gradient_check():
    """The letter of the cause of the failing entry."""
    ### BEGIN SOLUTION
    return "c"
    ### END SOLUTION''',
    hint='return the letter of the cause, e.g. "a"',
    signature="()",
    formula="The letter of the right diagnosis.",
    reference=lambda: "c",
    cases=lambda rng: [Case("your diagnosis", ())],
    outputs=(("your diagnosis", "choice"),),
    mistakes=lambda: (
        Mistake(
            "a wrong hidden delta would spoil every weight into that unit, and the same code would fail "
            "on section 4's network too; here one entry fails, the one whose ±ε moves a z = 3e-5 across 0.",
            lambda: "a",
        ),
        Mistake(
            "a penalized bias column would put (λ/m) Θ_{j,0} into every bias entry of every Θ, and the "
            "check of section 4 (λ = 1 too) would fail; here a single bias entry fails.",
            lambda: "b",
        ),
        Mistake(
            "round-off at ε = 1e-4 is about 1e-16/1e-4 = 1e-12 relative, spread thinly over every entry "
            "(notebook 04's V); it cannot put 22 % on one entry while 42 agree to 1e-7.",
            lambda: "d",
        ),
    ),
    use="""# The same check, reproduced: section 4's network with the bias of hidden unit 3 moved so that
# its z for example 2 is 3e-5; then with ε = 1e-6, whose ±ε no longer reaches the kink.
from nnlesson import finite_differences

kink_thetas = [nl.debug_initialize_weights(5, 4), nl.debug_initialize_weights(3, 5)]
kink_X, kink_y = nl.debug_initialize_weights(6, 3), np.arange(6) % 3
kink_thetas[0][2, 0] -= nl.forward_propagate(kink_thetas, kink_X, activation="relu").z(2)[1, 2] - 3e-5


def kink_cost(p):
    return nl.nn_cost_function_unrolled(p, [4, 5, 3], kink_X, kink_y, 1.0, activation="relu", output="softmax")


kink_params = nl.unroll(kink_thetas)
kink_analytic = kink_cost(kink_params)[1]
for kink_eps in (1e-4, 1e-6):
    kink_numeric = finite_differences.numerical_gradient(lambda p: kink_cost(p)[0], kink_params, epsilon=kink_eps)
    kink_entries = finite_differences.relative_error_elementwise(kink_numeric, kink_analytic)
    print(f"ε = {kink_eps:g}: entries off by more than 1e-6: {int(np.sum(kink_entries > 1e-6))} of 43;",
          f"the bias of hidden unit 3 is off by {kink_entries[10]:.0%}")""",
)


RECORDS = (RELU_GRADIENT, SOFTMAX_SQUARED_ERROR_DELTA, DEAD_UNITS, DIAGNOSE_KINK, SOFTMAX_BUG, CAPSTONE)
