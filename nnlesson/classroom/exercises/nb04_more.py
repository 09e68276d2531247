"""Notebook 04, continued: 4.3 ``fixed_cost_and_gradient``, 4.4 ``diagnose_report``, 4.5 ``predict_float32_floor``."""

from ... import network, per_example
from ...bugs import BUGS
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, CHOICE_NOTE, letter_answer, unrolled, unrolled_cases

_BACKPROPAGATION = (
    network.nn_cost_function,
    network.nn_cost_function_unrolled,
    network.cost_and_gradients,
    network.unrolled_cost,
    network.backward,
    network.backpropagate,
    network.hidden_gradient,
    per_example.nn_cost_function_loop,
)


def fixed_cost_and_gradient(nn_params, layer_sizes, X, y, lam):
    """``(J, grad)`` on the unrolled parameters, row by row: ``nnlesson.nn_cost_function_unrolled``."""
    return network.nn_cost_function_unrolled(nn_params, layer_sizes, X, y, lam)


BUGGY_BACKPROPAGATION = '''def fixed_cost_and_gradient(nn_params, layer_sizes, X, y, lam):
    """(J, grad) of the regularized cross-entropy, grad unrolled row by row like nn_params."""
    thetas = nl.roll(nn_params, layer_sizes)
    m = X.shape[0]
    a = [X]                                                  # a[l] is a^(l+1), without its bias unit
    for theta in thetas:
        a.append(nl.sigmoid(np.hstack([np.ones((m, 1)), a[-1]]) @ theta.T))
    Y = nl.one_hot(y, layer_sizes[-1])
    J = -np.sum(Y * np.log(a[-1]) + (1 - Y) * np.log(1 - a[-1])) / m
    J += lam / (2 * m) * sum(np.sum(theta[:, 1:] ** 2) for theta in thetas)
    delta = a[-1] - Y                                        # δ^(L)
    grads = []
    for l in range(len(thetas) - 1, -1, -1):
        grad = delta.T @ np.hstack([np.ones((m, 1)), a[l]]) / m
        grad[:, 1:] += lam / m * thetas[l][:, 1:]
        grads.insert(0, grad)
        delta = (delta @ thetas[l][:, 1:]) * nl.sigmoid_gradient(a[l])   # the δ of the layer below
    return J, nl.unroll(grads)'''


_FIXED_SETS = [([3, 4, 3], 6, 0.0), ([3, 4, 3], 6, 1.0), ([4, 5, 3, 2], 5, 0.7), ([2, 3, 2], 1, 2.0)]


def _fixed_mistakes():
    first = BUGS["gradient_of_activation"]
    others = [bug for name, bug in BUGS.items() if name != first.name]
    return tuple(Mistake(bug.description, unrolled(bug.cost_function)) for bug in [first] + others)


FIXED_COST_AND_GRADIENT = Exercise(
    id="4.3",
    name="fixed_cost_and_gradient",
    kind="find-the-bug",
    notebook="04",
    points=2,
    title="find the bug with a gradient check",
    task=f"""A classmate's cost function for an optimizer, for any number of sigmoid layers. It runs,
its cost $J$ is right, and a network trained with it even learns something (section 8 says
why that proves nothing). But its gradient holds **one** bug, a line learners really write.

```python
{BUGGY_BACKPROPAGATION}
```

Find the bug the way you would in your own code: copy the function into the cell below, run a
gradient check on it in a cell of your own (your `numerical_gradient` and `relative_error` of
exercises 4.1 and 4.2 on a small network, e.g. layer sizes `[3, 4, 3]`), and read the result.
How large is the relative error (section 6's table)? Which matrix holds the entries that
disagree — and which is right? Then read the lines that compute that matrix, fix the bug
(change as little as you can) and check again."""
    + CHECK_NOTE,
    solution=f'''def fixed_cost_and_gradient(nn_params, layer_sizes, X, y, lam):
    """(J, grad) of the regularized cross-entropy, grad unrolled row by row like nn_params."""
    ### BEGIN SOLUTION
{
        BUGGY_BACKPROPAGATION.split(chr(10), 2)[2].replace(
            "nl.sigmoid_gradient(a[l])   # the δ of the layer below",
            "a[l] * (1 - a[l])   # g'(z) = g(z)(1 - g(z)) = a(1 - a), not g'(a)",
        )
    }
    ### END SOLUTION''',
    hint="check the gradient, find the wrong line, fix it",
    signature="(nn_params, layer_sizes, X, y, lam)",
    formula="``(J, grad)`` with ``∂J/∂Θ^(l) = (1/m) δ^(l+1)ᵀ [1  a^(l)] + (λ/m) [0  Θ^(l)[:, 1:]]`` and "
    "``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))``, ``g'(z^(l)) = a^(l) (1 - a^(l))``.",
    reference=fixed_cost_and_gradient,
    cases=lambda rng: unrolled_cases(rng, _FIXED_SETS),
    outputs=(("J", "scalar"), ("grad", "array")),
    mistakes=_fixed_mistakes,
    forbidden=lambda: _BACKPROPAGATION,
    use="""# The fixed function under the gradient check of this notebook (or the package's, until yours passes).
demo_sizes = [3, 4, 3]
demo_params = nl.unroll(nl.rand_initialize_weights(demo_sizes, rng=11))
demo_X = np.random.default_rng(12).normal(size=(6, 3))
demo_y = np.arange(6) % 3
cost = lambda p: fixed_cost_and_gradient(p, demo_sizes, demo_X, demo_y, 1.0)[0]
check = gradcheck.relative_error(gradcheck.numerical_gradient(cost, demo_params),
                                 fixed_cost_and_gradient(demo_params, demo_sizes, demo_X, demo_y, 1.0)[1])
print("the gradient check passes (relative error < 1e-9):", check < 1e-9)""",
)


def diagnose_report():
    """The letter of the cause of the report in exercise 4.4's task."""
    return "c"


DIAGNOSE_REPORT = Exercise(
    id="4.4",
    name="diagnose_report",
    kind="diagnose",
    notebook="04",
    points=1,
    title="read a gradient-check report",
    task="""A student checks the backpropagation of her sigmoid network (layer sizes `[3, 5, 3]`,
`m = 5`, two-sided differences, $\\varepsilon = 10^{-4}$, float64) three times and writes down:

| check | relative error | entries that disagree most |
|---|---|---|
| $\\lambda = 0$ | $2 \\times 10^{-11}$ | none stands out |
| $\\lambda = 3$ | $1 \\times 10^{-1}$ | `Θ^(1)[4, 0]`, `Θ^(2)[1, 0]`, `Θ^(1)[1, 0]`, … |
| $\\lambda = 100$ | $3 \\times 10^{-1}$ | `Θ^(1)[4, 0]`, `Θ^(2)[1, 0]`, `Θ^(1)[1, 0]`, … |

What is the most likely cause?

- **a** — $\\varepsilon = 10^{-4}$ is too large: a smaller $\\varepsilon$ will make
  the errors at $\\lambda > 0$ go away.
- **b** — the data part of the gradient is wrong (a bug in the deltas).
- **c** — the penalty's gradient also covers the bias column $\\Theta^{(l)}_{:,0}$.
- **d** — a kink between $\\theta - \\varepsilon$ and $\\theta + \\varepsilon$: the gradient is right.
- **e** — round-off: all three errors are small enough, the gradient is right.

Write `diagnose_report()` so that it returns the letter of your answer, e.g. `return "a"`."""
    + CHOICE_NOTE,
    solution='''def diagnose_report():
    """The letter of the most likely cause."""
    ### BEGIN SOLUTION
    return "c"  # right at λ = 0, wrong at every λ > 0, and only column 0: the bias is regularized
    ### END SOLUTION''',
    hint="return the letter of the most likely cause",
    signature="()",
    formula="Return the letter of the cause the report points to.",
    reference=diagnose_report,
    cases=lambda rng: [Case("your answer", ())],
    outputs=(("your answer", "choice"),),
    mistakes=lambda: (
        Mistake(
            "a: the truncation error of the two-sided difference at ε = 1e-4 is about 1e-11 (the "
            "check at λ = 0 shows it), and the penalty is a quadratic, for which the two-sided "
            "difference is exact; an ε problem would not grow with λ nor pick out column 0.",
            letter_answer("a"),
        ),
        Mistake(
            "b: a data-part bug shows at λ = 0, where the penalty is switched off, and fades as λ "
            "grows (section 7); here λ = 0 is the one check that passes.",
            letter_answer("b"),
        ),
        Mistake(
            "d: a sigmoid network has no kink, and a kink would not care about λ nor pick out the bias column.",
            letter_answer("d"),
        ),
        Mistake(
            "e: round-off gives about 1e-10 (the λ = 0 check); 1e-2 and 1e-1 are the band of real bugs (section 6).",
            letter_answer("e"),
        ),
    ),
)


def predict_float32_floor():
    """The letter of where the two-sided V bottoms out when ``J`` keeps only float32's 7 digits."""
    return "b"


PREDICT_FLOAT32_FLOOR = Exercise(
    id="4.5",
    name="predict_float32_floor",
    kind="predict",
    notebook="04",
    points=1,
    title="predict: the V in single precision",
    task="""In section 2 the two-sided difference's error bottomed out near $\\varepsilon \\approx 10^{-5}$ to
$10^{-4}$:
its truncation error falls like $\\varepsilon^2$, its round-off error rises like
$u/\\varepsilon$, where $u \\approx 10^{-16}$ is float64's relative precision. Many GPUs train in
float32, which keeps about 7 digits ($u \\approx 6 \\times 10^{-8}$). The cell after the check
repeats the sweep of section 2 on the same network with $J$ rounded to float32
(`np.float32(J(v))`). **Before you run it**, predict: where will the two-sided V now bottom out?

- **a** — near $\\varepsilon = 10^{-5}$ to $10^{-4}$ again: the precision of $J$ does not move the bottom.
- **b** — between $\\varepsilon = 10^{-3}$ and $10^{-1}$.
- **c** — near $\\varepsilon = 10^{-8}$.
- **d** — at the smallest $\\varepsilon$ of the sweep, $10^{-12}$.

(Hint: the bottom is where the two errors are about equal, $\\varepsilon^2 \\approx u / \\varepsilon$, so it
moves with $u^{1/3}$: by how many times does it move when $u$ grows from $10^{-16}$ to
$6 \\times 10^{-8}$?)
Write `predict_float32_floor()` so that it returns the letter of your prediction."""
    + CHOICE_NOTE,
    solution='''def predict_float32_floor():
    """The letter of the predicted bottom of the V in float32."""
    ### BEGIN SOLUTION
    return "b"  # ε³ ∝ u: the bottom moves by (6e-8 / 1e-16)^(1/3) ≈ 800 times, from about 1e-4 to about 1e-1
    ### END SOLUTION''',
    hint="return the letter of your prediction",
    signature="()",
    formula="Return the letter of the predicted bottom of the V.",
    reference=predict_float32_floor,
    cases=lambda rng: [Case("your prediction", ())],
    outputs=(("your prediction", "choice"),),
    mistakes=lambda: (
        Mistake(
            "a: the bottom sits where truncation (∝ ε²) meets round-off (∝ u/ε), at ε ≈ u^(1/3); a "
            "larger u (fewer digits) moves it to a larger ε.",
            letter_answer("a"),
        ),
        Mistake(
            "c: round-off grows as ε shrinks, and with only 7 digits it grows sooner: the bottom "
            "moves to a larger ε, not a smaller one (ε ≈ 1e-8 is roughly where the one-sided V of "
            "float64 bottoms out, at ε ≈ √u).",
            letter_answer("c"),
        ),
        Mistake(
            "d: at ε = 1e-12 the float32 costs J(θ ± ε) are the same number, their difference is 0, "
            "and the relative error is 1: a smaller ε is not always better.",
            letter_answer("d"),
        ),
    ),
    use="""# The experiment: section 2's sweep on Ng's 3-5-3 check network, J rounded to float32's 7 digits.
ng_sizes, ng_X, ng_y = [3, 5, 3], nl.debug_initialize_weights(5, 2), np.arange(1, 6) % 3
ng_theta = nl.unroll([nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)])
J64 = lambda v: nl.nn_cost_function_unrolled(v, ng_sizes, ng_X, ng_y, lam=3.0)[0]
J32 = lambda v: float(np.float32(J64(v)))
ng_grad = nl.nn_cost_function_unrolled(ng_theta, ng_sizes, ng_X, ng_y, lam=3.0)[1]
for name, cost_of in [("float64", J64), ("float32", J32)]:
    swept = gradcheck.epsilon_sweep(cost_of, ng_theta, ng_grad)
    bottom = swept.epsilons[np.argmin(swept.two_sided)]
    print(f"{name}: the two-sided V bottoms out at ε ≈ {decade(bottom)}, "
          f"with a relative error of about {decade(swept.two_sided.min())}")
assert 1e-3 <= bottom <= 1e-1""",
)

RECORDS = (FIXED_COST_AND_GRADIENT, DIAGNOSE_REPORT, PREDICT_FLOAT32_FLOOR)
