"""Notebook 05 (training): exercise 5.6 ``choose_lambda``, λ chosen on a validation set."""

import numpy as np

from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE
from .nb05_curves import Ridge, SmallNetwork


def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    """The λ whose model has the least validation error (cost with λ = 0), and that model's test error."""
    trained = [(lam, train_fn(X_train, y_train, lam)) for lam in lambdas]
    scored = [(cost_fn(params, X_val, y_val, 0.0), k) for k, (_, params) in enumerate(trained)]
    best_lam, best_params = trained[min(scored)[1]]  # the first of equal errors, as argmin takes
    return best_lam, cost_fn(best_params, X_test, y_test, 0.0)


def _choice_variant(kind):
    def choose(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
        models = [train_fn(X_train, y_train, lam) for lam in lambdas]
        by = {"train": (X_train, y_train), "test": (X_test, y_test)}.get(kind, (X_val, y_val))
        penalties = lambdas if kind in ("penalty", "penalty_choice") else [0.0] * len(lambdas)
        errors = [cost_fn(params, *by, lam) for params, lam in zip(models, penalties)]
        best = int(np.argmin(errors))
        if kind == "penalty_choice":  # the penalty in the choice only, the test error without it
            return lambdas[best], cost_fn(models[best], X_test, y_test, 0.0)
        if kind == "index":
            return best, cost_fn(models[best], X_test, y_test, 0.0)
        if kind == "val_error":
            return lambdas[best], errors[best]
        return lambdas[best], cost_fn(models[best], X_test, y_test, penalties[best])

    return choose


KINDS = ("train", "test", "penalty", "penalty_choice", "val_error", "index")
CHOOSE_OTHER_LAMBDA = ("train", "test", "penalty", "penalty_choice")  # mistakes that choose another λ


def _polynomial(x, degree=8):
    return np.column_stack([x**p for p in range(1, degree + 1)])


def _telling_case(rng, lambdas):
    """Polynomial regression data on which the right answer and every catalogued mistake differ.

    Ng's exercise 5 fits a polynomial of degree 8 to few points: λ = 0
    overfits, a large λ underfits. Data are drawn again until every mistake
    gives its own answer, so that the check can name it.
    """
    for _ in range(200):
        x = rng.uniform(-1, 1, size=40)
        y = np.sin(np.pi * x) + rng.normal(scale=0.3, size=40)
        X = _polynomial(x)
        args = (Ridge.train, Ridge.cost, X[:12], y[:12], X[12:26], y[12:26], X[26:], y[26:], lambdas)
        right = choose_lambda(*args)
        wrong = {kind: _choice_variant(kind)(*args) for kind in KINDS}
        answers = [right, *wrong.values()]
        rounded = {(float(lam), round(float(error), 9)) for lam, error in answers}
        if len(rounded) == len(answers) and all(wrong[kind][0] != right[0] for kind in CHOOSE_OTHER_LAMBDA):
            return args
    raise RuntimeError("no telling case found")


def _lambda_cases(rng):
    Xn, yn = rng.normal(size=(45, 3)), rng.integers(0, 3, size=45)
    net = SmallNetwork([3, 5, 3])
    return [
        Case(
            "polynomial regression of degree 8 (not a network), 12 training, 14 validation and 14 test "
            "examples, λ in [0, 0.001, 0.01, 0.1, 1, 10]",
            _telling_case(rng, [0.0, 0.001, 0.01, 0.1, 1.0, 10.0]),
        ),
        Case(
            "polynomial regression of degree 8, λ in [3, 0.3, 0.03, 0.003, 0] (largest first)",
            _telling_case(rng, [3.0, 0.3, 0.03, 0.003, 0.0]),
        ),
        Case(
            "a network, layer sizes [3, 5, 3], trained by L-BFGS-B, 15 examples in each set, λ in [0, 1, 10]",
            (net.train, net.cost, Xn[:15], yn[:15], Xn[15:30], yn[15:30], Xn[30:], yn[30:], [0.0, 1.0, 10.0]),
        ),
    ]


CHOOSE_LAMBDA = Exercise(
    id="5.6",
    name="choose_lambda",
    kind="implement",
    notebook="05",
    points=2,
    title="choose λ on a validation set",
    task="""Section 6 only *looked* at what $\\lambda$ does; section 7 chose the number of hidden units on
a validation set. Choose $\\lambda$ the same way: train one model on the training set for every
$\\lambda$ in `lambdas`, measure each on the **validation** set with the cost *without* the penalty
($\\lambda = 0$), and keep the $\\lambda$ whose validation error is least. (Ng's `validationCurve`
computes these validation errors for a list of $\\lambda$ and leaves the choice to the reader of
its plot; here the function makes it.)
Then measure that one model, once, on the **test** set (again without the penalty): that is the
honest estimate of how it does on new data, because the test set played no part in the choice.

Write `choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas)`,
where `train_fn(X, y, lam)` returns a trained model's parameters and `cost_fn(params, X, y, lam)`
its cost with the penalty $\\lambda$ (as in exercise 5.4). Return `(lam, test_error)`: the chosen
value from `lambdas` (not its position) and the chosen model's test error."""
    + CHECK_NOTE,
    solution='''def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    """(λ with the least validation error, its model's test error); errors are costs with λ = 0."""
    ### BEGIN SOLUTION
    models = [train_fn(X_train, y_train, lam) for lam in lambdas]
    val_errors = [cost_fn(params, X_val, y_val, 0.0) for params in models]
    best = int(np.argmin(val_errors))
    return lambdas[best], cost_fn(models[best], X_test, y_test, 0.0)
    ### END SOLUTION''',
    hint="train one model per λ, keep the one with the least validation error, measure it on the test set",
    signature="(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas)",
    formula="``models = [train_fn(X_train, y_train, λ) for λ in lambdas]``; the ``λ`` whose "
    "``cost_fn(model, X_val, y_val, 0)`` is least, and ``cost_fn(model, X_test, y_test, 0)`` of its model.",
    reference=choose_lambda,
    cases=_lambda_cases,
    outputs=(("the chosen λ", "scalar"), ("its test error", "scalar")),
    mistakes=lambda: (
        Mistake(
            "you chose λ by the training error. Without a penalty a model fits its own examples best, so "
            "the training error favours the smallest λ whatever happens on new data: choose by the "
            "validation error.",
            _choice_variant("train"),
        ),
        Mistake(
            "you chose λ by the test error. Then the test set took part in the choice, and its error no "
            "longer measures data the model was not fitted to: choose on the validation set, and measure "
            "the chosen model once on the test set.",
            _choice_variant("test"),
        ),
        Mistake(
            "your errors include the penalty λ/(2m)Σθ², which is larger for larger λ and so favours small "
            "ones: compare the costs with λ = 0, cost_fn(params, X, y, 0).",
            _choice_variant("penalty"),
        ),
        Mistake(
            "you chose λ by validation errors that include the penalty λ/(2m)Σθ², which is larger for "
            "larger λ and so favours small ones: compare the validation costs with λ = 0, "
            "cost_fn(params, X_val, y_val, 0).",
            _choice_variant("penalty_choice"),
        ),
        Mistake(
            "you returned the chosen model's validation error; return its test error. The validation set "
            "took part in the choice, so its error is optimistic.",
            _choice_variant("val_error"),
        ),
        Mistake(
            "you returned the position of the best λ in lambdas; return its value, lambdas[i].",
            _choice_variant("index"),
        ),
    ),
    rtol=1e-7,
    atol=1e-10,
    use="""# λ for the digit network chosen on the validation set by your choose_lambda (or the package's).
lambda_grid = [0.0, 0.3, 1.0, 3.0, 10.0, 30.0]
fit_digits = lambda X, y, lam: train(layer_sizes, X, y, lam=lam, maxiter=100, rng=0).thetas
digits_cost = lambda thetas, X, y, lam: nl.nn_cost_function(thetas, X, y, lam)[0]
chosen_lam, chosen_test_cost = choose_lambda(fit_digits, digits_cost, X_fit, y_fit, X_val, y_val,
                                             X_test, y_test, lambda_grid)
chosen_fit = train(layer_sizes, X_fit, y_fit, lam=chosen_lam, maxiter=100, rng=0)
print(f"chosen on the validation set: λ = {chosen_lam:g}")
print(f"its test set, measured once: cost {chosen_test_cost:.3f} (λ = 0), "
      f"accuracy {chosen_fit.accuracy(X_test, y_test):.1%}")
assert chosen_lam in lambda_grid""",
)
