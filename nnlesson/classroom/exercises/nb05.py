"""Notebook 05 (training): exercises 5.1 ``gradient_descent`` and 5.2 ``train_digits``.

Exercise 5.3 (a learning rate too large) is here as well; the learning
curves (5.4, 5.5) are in ``nb05_curves``, the choice of λ (5.6) in
``nb05_lambda``. ``RECORDS`` gathers all six in the order of the notebook.
"""

import numpy as np

from ... import network, train
from ...params import unroll
from ..compare import kind_of
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, CHOICE_NOTE, letter_answer
from .common import network as random_network
from .nb04 import NetworkCost, Quadratic
from .nb05_curves import LEARNING_CURVE, READ_LEARNING_CURVES, choice_list
from .nb05_lambda import CHOOSE_LAMBDA

DIGITS_ACCURACY = 0.90
"""The test accuracy on the digits that ``train_digits`` must reach.

A 64-25-10 network trained with λ = 1 reaches about 0.96 on the held-out
quarter of scikit-learn's digits; 0.90 leaves room for other reasonable
choices (a smaller hidden layer, gradient descent stopped early) while a
network that barely trained (about 0.1 is chance) stays far below.
"""


def gradient_descent(cost_grad, theta0, alpha, num_iters):
    """Batch gradient descent ``θ := θ - α ∇J(θ)`` on any ``cost_grad``; ``costs[i] = J`` before step ``i``.

    ``nnlesson.train.gradient_descent`` runs the same steps on a network's
    weights only; the exercise asks for them on any differentiable ``J``.
    """
    theta = np.array(theta0, dtype=np.float64)
    costs = np.empty(num_iters)
    for i in range(num_iters):
        costs[i], grad = cost_grad(theta)
        theta = theta - alpha * np.asarray(grad)
    return theta, costs


def _descent_variant(kind):
    def descend(cost_grad, theta0, alpha, num_iters):
        theta = np.array(theta0, dtype=np.float64)
        costs = []
        for _ in range(num_iters):
            J, grad = cost_grad(theta)
            if kind != "after":
                costs.append(J)
            step = grad if kind == "no_alpha" else alpha * np.asarray(grad)
            theta = theta + step if kind == "ascent" else theta - step
            if kind == "after":
                costs.append(cost_grad(theta)[0])
        if kind == "extra":
            costs.append(cost_grad(theta)[0])
        return theta, np.array(costs)

    return descend


def _descent_cases(rng):
    A = rng.normal(size=(3, 3))
    quadratic = Quadratic(A @ A.T / 3 + np.eye(3), rng.normal(size=3))
    one = Quadratic(np.array([[2.0]]), np.array([1.0]))
    thetas, X, y = random_network(rng, [3, 3, 2], 5, scale=0.5)
    net = NetworkCost([3, 3, 2], X, y, 1.0)
    return [
        Case(
            "a quadratic J of 3 parameters, α = 0.1, 20 iterations",
            (quadratic.cost_and_gradient, rng.normal(size=3), 0.1, 20),
        ),
        Case(
            "a quadratic J of 1 parameter, α = 0.25, 1 iteration", (one.cost_and_gradient, rng.normal(size=1), 0.25, 1)
        ),
        Case(
            "a network's cost and gradient, layer sizes [3, 3, 2], α = 0.5, 10 iterations",
            (net.cost_and_gradient, unroll(thetas), 0.5, 10),
        ),
        Case("0 iterations", (quadratic.cost_and_gradient, rng.normal(size=3), 0.1, 0)),
    ]


GRADIENT_DESCENT = Exercise(
    id="5.1",
    name="gradient_descent",
    kind="implement",
    notebook="05",
    points=2,
    title="batch gradient descent",
    task="""Write `gradient_descent(cost_grad, theta0, alpha, num_iters)`: starting from `theta0`
(shape `(n,)`), repeat `num_iters` times: `J, grad = cost_grad(theta)`, record `J`, and
step $\\theta := \\theta - \\alpha\\, \\nabla J(\\theta)$. Return `(theta, costs)`, where
`costs` has shape `(num_iters,)` and `costs[0]` is the cost at `theta0` (each cost is
recorded *before* its step). Leave the caller's `theta0` as it was."""
    + CHECK_NOTE,
    solution='''def gradient_descent(cost_grad, theta0, alpha, num_iters):
    """(theta, costs): num_iters steps θ := θ - α∇J(θ); costs[i] is J before step i."""
    ### BEGIN SOLUTION
    theta = np.array(theta0, dtype=float)  # a copy: theta0 stays as it was
    costs = np.zeros(num_iters)
    for i in range(num_iters):
        costs[i], grad = cost_grad(theta)
        theta = theta - alpha * grad
    return theta, costs
    ### END SOLUTION''',
    hint="repeat: record J(θ), then step θ := θ - α∇J(θ)",
    signature="(cost_grad, theta0, alpha, num_iters)",
    formula="Repeat ``num_iters`` times: ``J, grad = cost_grad(θ)``, record ``J``, ``θ := θ - α grad``. "
    "Returns ``(θ, costs)`` with ``costs`` of shape ``(num_iters,)``, ``costs[0] = J(θ_0)``.",
    reference=gradient_descent,
    cases=_descent_cases,
    outputs=(("theta", "array"), ("costs", "array")),
    mistakes=lambda: (
        Mistake("you step uphill: θ := θ − α ∇J(θ), with a minus.", _descent_variant("ascent")),
        Mistake(
            "your costs are recorded after each step; record J(θ) before each step, so that costs[0] = J(theta0).",
            _descent_variant("after"),
        ),
        Mistake(
            "costs has num_iters + 1 entries: record one J per iteration, before its step.", _descent_variant("extra")
        ),
        Mistake("you forgot the learning rate: θ := θ − α ∇J(θ).", _descent_variant("no_alpha")),
    ),
    forbidden=lambda: (train.gradient_descent, train.train),
    rtol=1e-8,
    atol=1e-10,
)


def train_digits(X, y):
    """A 64-25-10 network trained on the digits with λ = 1 by ``nnlesson.train.train`` (L-BFGS)."""
    return train.train([np.shape(X)[1], 25, 10], X, y, lam=1.0, maxiter=100, rng=0).thetas


def _judge_digits(case, got):
    X_train, y_train, X_test, y_test = case.args[0], case.args[1], case.extra[0], case.extra[1]
    if isinstance(got, np.ndarray) and got.ndim == 1:
        return [
            "you returned one vector; return the list [Θ^(1), Θ^(2), …] "
            "(nl.roll(vector, layer_sizes) cuts it back into matrices)."
        ]
    if not isinstance(got, (list, tuple)) or not got or not all(isinstance(t, np.ndarray) for t in got):
        return [f"expected a list of weight matrices [Θ^(1), …], got {kind_of(got)}"]
    if any(np.iscomplexobj(t) or not np.isfinite(t).all() for t in got if t.dtype.kind in "fc"):
        return ["your weights hold complex numbers, NaN or inf: training diverged (try a smaller step)."]
    n = X_train.shape[1]
    if got[0].ndim != 2 or got[0].shape[1] != n + 1 or got[-1].shape[0] != 10:
        shapes = ", ".join(str(t.shape) for t in got)
        return [f"wrong shapes {shapes}: Θ^(1) needs n + 1 = {n + 1} columns and the last Θ 10 rows (one per digit)"]
    try:
        test = float(np.mean(network.predict(got, X_test) == y_test))
        train_accuracy = float(np.mean(network.predict(got, X_train) == y_train))
    except (TypeError, ValueError) as err:
        return [f"your weights do not make a network: {err}"]
    if test >= DIGITS_ACCURACY:
        return []
    problems = [
        f"the test accuracy is {test:.3f}, below {DIGITS_ACCURACY:.2f} (training accuracy {train_accuracy:.3f})"
    ]
    if test < 0.2:
        problems.append("That is about chance (0.1): did the training run, and do you return the trained weights?")
    elif train_accuracy - test > 0.1:
        problems.append("The network fits the training set much better than the test set: try a larger λ.")
    else:
        problems.append("Train longer (more iterations), or with a better step size or optimizer.")
    return problems


def _digits_cases(rng):
    from ...data import load_digits_split

    X_train, X_test, y_train, y_test = load_digits_split(rng=int(rng.integers(2**31)))  # each seed its own split
    return [
        Case(
            f"the digits: {X_train.shape[0]} training and {X_test.shape[0]} test images",
            (X_train, y_train),
            (X_test, y_test),
        )
    ]


TRAIN_DIGITS = Exercise(
    id="5.2",
    name="train_digits",
    kind="implement",
    notebook="05",
    points=3,
    title="train a network on the digits",
    task="""Write `train_digits(X, y)`: given the training images `X` (shape `(m, 64)`, pixels in
`[0, 1]`) and their labels `y` (`0..9`), choose an architecture and $\\lambda$, train a
network (with your `gradient_descent`, or `scipy.optimize.minimize`) and return its
weights `[Θ^(1), …]`. The check measures the accuracy on test images your function never
sees; it passes at 0.90 and above."""
    + CHECK_NOTE,
    solution='''def train_digits(X, y):
    """Weights [Θ^(1), Θ^(2)] of a 64-25-10 network trained on (X, y)."""
    ### BEGIN SOLUTION
    sizes = [X.shape[1], 25, 10]
    theta0 = nl.unroll(nl.rand_initialize_weights(sizes, rng=0))
    cost_grad = lambda p: nl.nn_cost_function_unrolled(p, sizes, X, y, 1.0)
    theta, _ = gradient_descent(cost_grad, theta0, alpha=3.0, num_iters=250)
    return nl.roll(theta, sizes)
    ### END SOLUTION''',
    hint="choose layer sizes and λ, train, and return the weights",
    signature="(X, y)",
    formula=f"Returns trained ``[Θ^(1), …]`` whose test accuracy on the held-out digits is at "
    f"least {DIGITS_ACCURACY:.2f}.",
    reference=train_digits,
    cases=_digits_cases,
    outputs=(("thetas", "list"),),
    forbidden=lambda: (train.train, train.gradient_descent),
    custom_judge=_judge_digits,
    warnings_fail=False,
    time_limit=60.0,  # the solution trains in about 3 s on one thread of a loaded machine
)

# --- 5.3: predict what a learning rate too large does ------------------------------------------

ALPHA_CHOICES = {
    "a": "$J$ falls faster than with $\\alpha = 2$ and ends lower after 30 steps: a longer step goes further downhill.",
    "b": "$J$ goes *up* at the first step, to many times its starting value, and after 30 steps it is "
    "still above where it started.",
    "c": "$J$ falls exactly as with $\\alpha = 2$ and ends at the same value: the gradient is the same, "
    "only the steps are longer.",
    "d": "$J$ falls steadily, but more slowly than with $\\alpha = 2$.",
}


def alpha_too_large():
    """The letter of what 30 steps of gradient descent on the digits do with α = 30: J jumps up and stays up."""
    return "b"


ALPHA_TOO_LARGE = Exercise(
    id="5.3",
    name="alpha_too_large",
    kind="predict",
    notebook="05",
    points=1,
    title="predict: a learning rate too large",
    task="""Section 5 trained the digits by gradient descent with $\\alpha = 2$, and $J$ fell at every
step. The cell after the check runs 30 steps of your `gradient_descent` (exercise 5.1) on the
same network from the same start, once with $\\alpha = 2$ and once with $\\alpha = 30$, fifteen
times larger. **Before you run it**, predict what $J$ does with $\\alpha = 30$:

"""
    + choice_list(ALPHA_CHOICES)
    + """

Write `alpha_too_large()` so that it returns the letter of your prediction, e.g. `return "a"`.
Think of $J$ along the direction $-\\nabla J(\\theta)$: near $\\theta$ it goes down, but how far?"""
    + CHOICE_NOTE,
    solution='''def alpha_too_large():
    """The letter of your prediction for α = 30."""
    ### BEGIN SOLUTION
    return "b"
    ### END SOLUTION''',
    hint='return the letter of your prediction, e.g. return "a"',
    signature="()",
    formula="Returns the letter of the prediction (one of a, b, c, d).",
    reference=alpha_too_large,
    cases=lambda rng: [Case("your prediction", ())],
    outputs=(("your prediction", "choice"),),
    mistakes=lambda: (
        Mistake(
            "−∇J(θ) says which way is downhill *at θ* only. Along that direction J is a valley: a step "
            "longer than the valley is wide lands high on the opposite slope. A larger α is faster only "
            "up to a point.",
            letter_answer("a"),
        ),
        Mistake(
            "θ − α∇J(θ) is a different point for every α, with a different J there: only small steps "
            "follow the slope of J. Longer steps do not retrace the short ones' path.",
            letter_answer("c"),
        ),
        Mistake(
            "slow and steady is what a *smaller* α gives: many short steps that never overshoot. A step "
            "fifteen times longer jumps past the bottom of the valley.",
            letter_answer("d"),
        ),
    ),
    use="""# 30 steps of your gradient_descent (or the package's, until yours passes) with α = 2 and α = 30.
alpha_start = nl.unroll(nl.rand_initialize_weights(layer_sizes, rng=0))
digits_cost_grad = lambda p: nl.nn_cost_function_unrolled(p, layer_sizes, X_train, y_train, 1.0)
runs_by_alpha = {a: gradient_descent(digits_cost_grad, alpha_start, a, 30)[1] for a in (2.0, 30.0)}
shown_steps = [0, 1, 2, 3, 5, 10, 20, 29]
print(f"{'J before step':<14}" + "".join(f"{k:>8}" for k in shown_steps) + f"{'J went up at':>15}")
for a, costs in runs_by_alpha.items():
    label = f"α = {a:g}"
    went_up = np.sum(np.diff(costs) > 0)
    print(f"{label:<14}" + "".join(f"{costs[k]:>8.2f}" for k in shown_steps) + f"{went_up:>7} of 29 steps")

calm, wild = runs_by_alpha[2.0], runs_by_alpha[30.0]
assert np.all(np.diff(calm) < 0)
assert wild[1] > 10 * wild[0] and wild[-1] > wild[0]""",
)


RECORDS = (GRADIENT_DESCENT, TRAIN_DIGITS, ALPHA_TOO_LARGE, LEARNING_CURVE, READ_LEARNING_CURVES, CHOOSE_LAMBDA)
