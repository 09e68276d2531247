"""Notebook 05 (training): exercises 5.4 ``learning_curve`` and 5.5 ``read_learning_curves``.

The models the learning-curve and λ exercises are checked on live here too:
``Ridge`` (Ng's regularized linear regression, solved exactly) and
``SmallNetwork`` (a few L-BFGS-B iterations on a tiny network), each a
``train`` and a ``cost`` function that the student's code receives as
arguments.
"""

import numpy as np

from ... import network, train
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, CHOICE_NOTE, letter_answer


class Ridge:
    """Ng's regularized linear regression: ``train(X, y, lam)`` solves it exactly, ``cost`` is its J.

    ``J(θ) = (1/2m) Σ (θ_0 + x θ_{1:} - y)² + (λ/2m) Σ θ_{1:}²``, the bias ``θ_0`` not penalized.
    """

    @staticmethod
    def train(X, y, lam):
        A = np.column_stack([np.ones(len(X)), X])
        penalty = lam * np.eye(A.shape[1])
        penalty[0, 0] = 0.0
        return np.linalg.solve(A.T @ A + penalty, A.T @ y)

    @staticmethod
    def cost(theta, X, y, lam):
        m = len(X)
        residual = theta[0] + X @ theta[1:] - y
        return float(residual @ residual / (2 * m) + lam / (2 * m) * theta[1:] @ theta[1:])


class SmallNetwork:
    """A network of ``sizes``, ``maxiter`` iterations of L-BFGS-B from the same start: ``train`` and ``cost``."""

    def __init__(self, sizes, maxiter=40):
        self.sizes, self.maxiter = list(sizes), maxiter

    def train(self, X, y, lam):
        return train.train(self.sizes, X, y, lam=lam, maxiter=self.maxiter, rng=0).thetas

    def cost(self, thetas, X, y, lam):
        return float(network.nn_cost_function(thetas, X, y, lam)[0])


def choice_list(choices):
    """The choices ``{letter: text}`` as a markdown list, each letter in bold."""
    return "\n".join(f"- **{letter}** {text}" for letter, text in choices.items())


# --- 5.4: the learning curve ---------------------------------------------------------------------


def learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
    """Ng's ``learningCurve``: for each m, train on the first m examples with λ, then the costs with λ = 0.

    Returns ``(train_errors, val_errors)``, each of shape ``(len(sizes),)``:
    the model trained on ``X_train[:m]`` measured on those m examples and on
    the whole validation set.
    """

    def errors(m):
        params = train_fn(X_train[:m], y_train[:m], lam)
        return cost_fn(params, X_train[:m], y_train[:m], 0.0), cost_fn(params, X_val, y_val, 0.0)

    pairs = np.array([errors(m) for m in sizes], dtype=np.float64).reshape(len(sizes), 2)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def _curve_variant(kind):
    def curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
        train_errors, val_errors = [], []
        penalty = lam if kind == "penalty" else 0.0
        for m in sizes:
            n_fit = len(X_train) if kind == "whole_fit" else m
            params = train_fn(X_train[:n_fit], y_train[:n_fit], lam)
            n_seen = len(X_train) if kind == "whole_train" else m
            train_errors.append(cost_fn(params, X_train[:n_seen], y_train[:n_seen], penalty))
            n_val = m if kind == "first_val" else len(X_val)
            val_errors.append(cost_fn(params, X_val[:n_val], y_val[:n_val], penalty))
        if kind == "swapped":
            return np.array(val_errors), np.array(train_errors)
        return np.array(train_errors), np.array(val_errors)

    return curve


def _regression_data(rng, m, n):
    w = rng.normal(size=n)
    X = rng.normal(size=(m, n))
    return X, X @ w + 0.5 + rng.normal(scale=0.5, size=m)


def _curve_cases(rng):
    X, y = _regression_data(rng, 50, 3)
    X1, y1 = _regression_data(rng, 30, 1)
    Xn, yn = rng.normal(size=(40, 3)), rng.integers(0, 2, size=40)
    net = SmallNetwork([3, 4, 2])
    return [
        Case(
            "regularized linear regression (not a network), n = 3, 20 training and 30 validation "
            "examples, λ = 1, sizes [2, 5, 10, 20]",
            (Ridge.train, Ridge.cost, X[:20], y[:20], X[20:], y[20:], 1.0, [2, 5, 10, 20]),
        ),
        Case(
            "regularized linear regression, n = 1, 12 training and 18 validation examples, λ = 0.5, sizes 1 to 12",
            (Ridge.train, Ridge.cost, X1[:12], y1[:12], X1[12:], y1[12:], 0.5, list(range(1, 13))),
        ),
        Case(
            "a network, layer sizes [3, 4, 2], trained by L-BFGS-B, 24 training and 16 validation "
            "examples, λ = 1, sizes [4, 8, 16, 24]",
            (net.train, net.cost, Xn[:24], yn[:24], Xn[24:], yn[24:], 1.0, [4, 8, 16, 24]),
        ),
    ]


LEARNING_CURVE = Exercise(
    id="5.4",
    name="learning_curve",
    kind="implement",
    notebook="05",
    points=2,
    title="the learning curve",
    task="""The curves of section 4 plot the cost against the *iteration*. Ng's course draws another
learning curve: the errors against the number $m$ of training examples. For each $m$, train a
model on the first $m$ training examples only, then measure

- its **training error** on those same $m$ examples, and
- its **validation error** on the *whole* validation set,

both as the cost **without** the penalty ($\\lambda = 0$): the model is trained with $\\lambda$,
but the errors measure how well it fits, not how large its weights are. (In Ng's exercise 5,
`learningCurve` trains with `trainLinearReg(X(1:i, :), y(1:i), lambda)` and measures with
`linearRegCostFunction(..., 0)` on `X(1:i, :), y(1:i)` and on the whole `Xval, yval`.)

Write `learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes)`, where
`train_fn(X, y, lam)` returns a trained model's parameters and `cost_fn(params, X, y, lam)` returns
its cost $J$ on `(X, y)` with the penalty $\\lambda$. Return `(train_errors, val_errors)`, two
arrays of shape `(len(sizes),)`, entry `i` for `m = sizes[i]`. The check uses networks and
also a model that is not one (regularized linear regression): use only `train_fn` and `cost_fn`."""
    + CHECK_NOTE,
    solution='''def learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
    """(train_errors, val_errors): the model trained on the first m examples, costs without penalty."""
    ### BEGIN SOLUTION
    train_errors, val_errors = [], []
    for m in sizes:
        params = train_fn(X_train[:m], y_train[:m], lam)
        train_errors.append(cost_fn(params, X_train[:m], y_train[:m], 0.0))
        val_errors.append(cost_fn(params, X_val, y_val, 0.0))
    return np.array(train_errors), np.array(val_errors)
    ### END SOLUTION''',
    hint="for each m: train on the first m examples with λ, then the costs with λ = 0",
    signature="(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes)",
    formula="For each ``m`` in ``sizes``: ``params = train_fn(X_train[:m], y_train[:m], lam)``, the training "
    "error ``cost_fn(params, X_train[:m], y_train[:m], 0)`` and the validation error "
    "``cost_fn(params, X_val, y_val, 0)``.",
    reference=learning_curve,
    cases=_curve_cases,
    outputs=(("training errors", "array"), ("validation errors", "array")),
    mistakes=lambda: (
        Mistake(
            "your errors include the penalty: measure them with λ = 0, cost_fn(params, X, y, 0). The model "
            "is trained with λ, but an error measures the fit, not the size of the weights.",
            _curve_variant("penalty"),
        ),
        Mistake(
            "your training error is measured on the whole training set; measure the model of size m on the "
            "m examples it was trained on, X_train[:m].",
            _curve_variant("whole_train"),
        ),
        Mistake(
            "your validation error uses only the first m validation examples; measure every model on the "
            "whole validation set.",
            _curve_variant("first_val"),
        ),
        Mistake(
            "every model is trained on the whole training set; train the model of size m on the first m "
            "examples only, train_fn(X_train[:m], y_train[:m], lam).",
            _curve_variant("whole_fit"),
        ),
        Mistake(
            "you returned (validation errors, training errors); return the training errors first.",
            _curve_variant("swapped"),
        ),
    ),
    rtol=1e-7,
    atol=1e-10,
)


# --- 5.5: read learning curves -----------------------------------------------------------------

CURVE_SIZES = (20, 50, 100, 200, 500, 1010)
CURVE_NETWORKS = {"A": (2, 1.0), "B": (25, 0.0), "C": (25, 1.0)}
"""Curve name -> (hidden units, λ) of the digit networks behind the table of exercise 5.5."""

CURVES = {
    "A": ((2.867, 2.521, 2.354, 2.153, 2.001, 2.023), (4.011, 2.990, 2.745, 2.343, 2.125, 2.049)),
    "B": ((0.000, 0.000, 0.000, 0.000, 0.000, 0.000), (51.322, 7.578, 6.141, 4.563, 2.871, 0.779)),
    "C": ((2.559, 1.416, 0.804, 0.529, 0.339, 0.239), (3.563, 2.242, 1.620, 1.032, 0.514, 0.324)),
}
"""Curve name -> (training errors, validation errors) at ``CURVE_SIZES``, as the use cell measures them."""


def _curve_table():
    rows = ["| $m$ | " + " | ".join(str(m) for m in CURVE_SIZES) + " |", "|---" * (len(CURVE_SIZES) + 1) + "|"]
    for name, (train_errors, val_errors) in CURVES.items():
        rows.append(f"| {name}: training error | " + " | ".join(f"{e:.2f}" for e in train_errors) + " |")
        rows.append(f"| {name}: validation error | " + " | ".join(f"{e:.2f}" for e in val_errors) + " |")
    return "\n".join(rows)


CURVE_CHOICES = {
    "a": "A has **high bias** (more examples will not help; more hidden units or a smaller $\\lambda$ "
    "will), B has **high variance** (more examples, or a larger $\\lambda$, will help).",
    "b": "A has high variance, B has high bias.",
    "c": "Both have high variance: in both the validation error is above the training error, and more "
    "examples will help both.",
    "d": "Both have high bias: both end with a validation error far above C's, and more examples will help neither.",
}


def read_learning_curves():
    """The letter of the diagnosis of curves A and B: A high bias, B high variance."""
    return "a"


READ_LEARNING_CURVES = Exercise(
    id="5.5",
    name="read_learning_curves",
    kind="diagnose",
    notebook="05",
    points=1,
    title="read two learning curves",
    task="""Three digit networks, A, B and C, were trained on the first $m$ images of the fitting set
`X_fit` of section 7 (100 iterations of L-BFGS-B each) and measured, without the penalty, on those
$m$ images and on the validation set `X_val` (337 images): learning curves as in exercise 5.4.
They differ in their number of hidden units and their $\\lambda$; C is a network that fits well.
(In Ng's textbook picture the training error of a high-bias model *rises* with $m$ to meet the
validation error; a model may also start high and fall a little, as long as both curves stay high
and close together.)

"""
    + _curve_table()
    + """

What do the curves of A and B say? Write `read_learning_curves()` so that it returns the letter
of your diagnosis:

"""
    + choice_list(CURVE_CHOICES)
    + """

The cell after the check draws the curves (with your `learning_curve`) and says which network is
which."""
    + CHOICE_NOTE,
    solution='''def read_learning_curves():
    """The letter of your diagnosis of A and B."""
    ### BEGIN SOLUTION
    return "a"
    ### END SOLUTION''',
    hint='return the letter of your diagnosis, e.g. return "a"',
    signature="()",
    formula="Returns the letter of the diagnosis (one of a, b, c, d).",
    reference=read_learning_curves,
    cases=lambda rng: [Case("your diagnosis", ())],
    outputs=(("your diagnosis", "choice"),),
    mistakes=lambda: (
        Mistake(
            "the two are the other way round. High variance is a wide gap: a training error far below a "
            "validation error that is still falling as m grows. High bias is two errors that meet and "
            "level off, both high. Look again at which curve has which shape.",
            letter_answer("b"),
        ),
        Mistake(
            "a validation error above the training error is normal, for C too; high variance is a *wide* "
            "gap that more examples close. A's two errors end almost equal (2.02 and 2.05), with no gap "
            "left for more examples to close, and far above C's.",
            letter_answer("c"),
        ),
        Mistake(
            "B's training error is 0.00: B fits its examples perfectly, so it does not lack capacity. Its "
            "validation error is still falling steeply at m = 1010, and more examples would carry it further.",
            letter_answer("d"),
        ),
    ),
    use=f"""# The three networks behind the table, their learning curves by your learning_curve (or the package's).
curve_sizes = {list(CURVE_SIZES)}
curve_networks = {CURVE_NETWORKS!r}   # name: (hidden units, λ)
curves = {{}}
for name, (hidden, curve_lam) in curve_networks.items():
    sizes_of = [n, hidden, K]
    fit_digits = lambda X, y, lam, sizes_of=sizes_of: train(sizes_of, X, y, lam=lam, maxiter=100, rng=0).thetas
    digits_cost = lambda thetas, X, y, lam: nl.nn_cost_function(thetas, X, y, lam)[0]
    curves[name] = learning_curve(fit_digits, digits_cost, X_fit, y_fit, X_val, y_val, curve_lam, curve_sizes)
    print(f"{{name}}: s = {{tuple(sizes_of)}}, λ = {{curve_lam:g}}; at m = {{curve_sizes[-1]}} training error "
          f"{{curves[name][0][-1]:.2f}}, validation error {{curves[name][1][-1]:.2f}}")

fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), sharey=True)
for ax, (name, (train_errors_m, val_errors_m)) in zip(axes, curves.items()):
    hidden, curve_lam = curve_networks[name]
    ax.plot(curve_sizes, train_errors_m, "o-", label="training error")
    ax.plot(curve_sizes, val_errors_m, "s-", label="validation error")
    ax.set(xscale="log", yscale="symlog", xlabel="m, training examples",
           title=rf"{{name}}: $s = (64, {{hidden}}, 10)$, $\\lambda = {{curve_lam:g}}$")
    ax.set_yticks([0, 0.5, 1, 2, 5, 10, 50], ["0", "0.5", "1", "2", "5", "10", "50"])
    ax.minorticks_off()
    ax.grid(alpha=0.3)
axes[0].set_ylabel(r"cost, $\\lambda = 0$")
axes[0].legend()
fig.suptitle("Learning curves: the errors against the number of training examples", y=1.02)
plt.show()

table = {CURVES!r}
for name, (train_errors_m, val_errors_m) in curves.items():   # the task's table, to its last printed digit or 1 %
    assert np.allclose(train_errors_m, table[name][0], rtol=0.01, atol=0.01)
    assert np.allclose(val_errors_m, table[name][1], rtol=0.01, atol=0.01)""",
)
