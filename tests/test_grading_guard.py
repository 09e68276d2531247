"""Grading that cannot be fooled or hung: sealed checks, tripwires, time limits, honest verdicts."""

import linecache

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import checks
from nnlesson.classroom import sealed
from nnlesson.classroom.records import EXERCISES, by_notebook


def student(code, name):
    """The function ``name`` defined by a student's ``code`` in a notebook-like namespace."""
    filename = f"<cell defining {name} {len(linecache.cache)}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    namespace = {"np": np, "nl": nl, "checks": checks}
    exec(compile(code, filename, "exec"), namespace)
    return namespace[name]


def solution(name):
    namespace = {"np": np, "nl": nl}
    for record in by_notebook()[EXERCISES[name].notebook]:
        exec(record.solution, namespace)
    return namespace[name]


# --- (a) the checks cannot be replaced from a solution cell ----------------------------


def test_sealed_copy_grades_a_right_answer():
    assert sealed().evaluate("sigmoid", solution("sigmoid")).passed


@pytest.mark.parametrize(
    "patch",
    [
        "checks.evaluate = lambda name, fn, seed=0: checks.Verdict(name, 'passed', 1)",
        "checks.check_sigmoid = lambda fn, seed=0, strict=None: fn",
        "import nnlesson.classroom.checks as c; c.evaluate = lambda name, fn, seed=0: c.Verdict(name, 'passed', 1)",
        "nl.sigmoid = lambda z: 0.5",
    ],
)
def test_patched_checks_do_not_pass_a_wrong_answer_and_are_named(patch, monkeypatch, capsys):
    import nnlesson.classroom.checks as classroom_checks

    for module, attr in [
        (checks, "evaluate"),
        (checks, "check_sigmoid"),
        (classroom_checks, "evaluate"),
        (nl, "sigmoid"),
    ]:
        monkeypatch.setattr(module, attr, getattr(module, attr))  # undone after the test
    wrong = student(f"{patch}\ndef sigmoid(z):\n    return 0.5 + 0 * np.asarray(z, dtype=float)", "sigmoid")
    with pytest.raises(AssertionError, match="the checks were modified in this kernel"):
        sealed().check_sigmoid(wrong, strict=True)
    assert "✘ sigmoid: failed" in capsys.readouterr().out


# --- (b) the package's own implementation is not an answer ------------------------------

WRAPPERS = [
    ("sigmoid", "sigmoid = nl.sigmoid"),
    ("sigmoid", "def sigmoid(z):\n    return nl.sigmoid(z)"),
    ("sigmoid", "from nnlesson.activations import ACTIVATIONS\nsigmoid = ACTIVATIONS['sigmoid'].function"),
    ("sigmoid", "sigmoid = checks.EXERCISES['sigmoid'].reference"),
    ("forward_output", "def forward_output(thetas, X):\n    return nl.forward_propagate(thetas, X).output"),
    (
        "forward_output",
        "def forward_output(thetas, X):\n    return checks.EXERCISES['forward_output'].reference(thetas, X)",
    ),
    ("sigmoid_gradient", "def sigmoid_gradient(z):\n    return nl.sigmoid_gradient(z)"),
    ("one_hot", "one_hot = nl.one_hot"),
    ("one_hot", "def one_hot(y, num_labels):\n    return nl.one_hot(y, num_labels)"),
    (
        "output_delta",
        "import nnlesson.costs\ndef output_delta(a_L, Y):\n"
        "    return nnlesson.costs.output_delta('cross_entropy', 'sigmoid', None, a_L, Y)",
    ),
    ("hidden_delta", "import nnlesson.bugs\nhidden_delta = checks.EXERCISES['hidden_delta'].reference"),
    (
        "regularized_cost",
        "def regularized_cost(thetas, X, y, lam):\n    return nl.nn_cost_function(thetas, X, y, lam)[0]",
    ),
    ("cost_and_gradient", "cost_and_gradient = nl.nn_cost_function_unrolled"),
    (
        "cost_and_gradient",
        "def cost_and_gradient(p, s, X, y, lam):\n    return nl.nn_cost_function_unrolled(p, s, X, y, lam)",
    ),
    (
        "numerical_gradient",
        "import nnlesson.gradcheck\ndef numerical_gradient(J, theta, epsilon):\n"
        "    return nnlesson.gradcheck.numerical_gradient(J, theta, epsilon)",
    ),
    ("relative_error", "import nnlesson.gradcheck\nrelative_error = nnlesson.gradcheck.relative_error"),
    ("gradient_descent", "gradient_descent = checks.EXERCISES['gradient_descent'].reference"),
    (
        "train_digits",
        "import nnlesson.train\ndef train_digits(X, y):\n"
        "    return nnlesson.train.train([64, 25, 10], X, y, maxiter=100).thetas",
    ),
]


@pytest.mark.parametrize("name, code", WRAPPERS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(WRAPPERS)])
def test_an_answer_using_the_packages_own_implementation_fails(name, code):
    verdict = checks.evaluate(name, student(code, name))
    assert verdict.status == "failed"
    assert "nnlesson's own" in verdict.details[1]


def test_the_package_itself_is_told_it_is_the_package():
    verdict = checks.evaluate("sigmoid", nl.sigmoid)
    assert "this is nnlesson's own sigmoid, not yours" in verdict.details[1]
    assert "earlier run" not in str(verdict)


def test_a_wrapper_is_told_which_function_it_may_not_use():
    verdict = checks.evaluate("one_hot", student("def one_hot(y, k):\n    return nl.one_hot(y, k)", "one_hot"))
    assert "must be solved without nnlesson's own one_hot" in verdict.details[1]


def test_swallowing_the_tripwire_does_not_help():
    code = """
def one_hot(y, num_labels):
    try:
        return nl.one_hot(y, num_labels)
    except BaseException:
        return nl.one_hot(y, num_labels)"""
    assert checks.evaluate("one_hot", student(code, "one_hot")).status == "failed"


def test_allowed_package_functions_still_work():
    code = "def sigmoid_gradient(z):\n    g = nl.sigmoid(z)\n    return g * (1 - g)"
    assert checks.evaluate("sigmoid_gradient", student(code, "sigmoid_gradient")).passed


# --- (c) a function that never returns is stopped ----------------------------------------

HANGS = [
    "def sigmoid(z):\n    while True:\n        pass",
    "import time\ndef sigmoid(z):\n    time.sleep(1e9)",
    "def sigmoid(z):\n    while True:\n        try:\n            while True:\n                pass\n"
    "        except Exception:\n            pass",
]


@pytest.mark.parametrize("code", HANGS, ids=["loop", "sleep", "swallowing-loop"])
def test_a_function_that_never_returns_is_stopped(code):
    verdict = checks.evaluate("sigmoid", student(code, "sigmoid"), time_limit=0.3)
    assert verdict.status == "failed"
    assert "your function did not return within 0.3 s" in verdict.details[1]


def test_after_a_stopped_function_the_next_exercise_is_graded():
    checks.evaluate("sigmoid", student(HANGS[0], "sigmoid"), time_limit=0.2)
    assert checks.evaluate("one_hot", solution("one_hot")).passed


def test_time_limit_is_checked():
    with pytest.raises(ValueError, match="time_limit must be > 0"):
        checks.evaluate("sigmoid", solution("sigmoid"), time_limit=0)


# --- (d) results that are not answers ------------------------------------------------------

NOT_ANSWERS = [
    (
        "sigmoid",
        "def sigmoid(z):\n    e = np.exp(-np.abs(np.asarray(z, float)))\n"
        "    return np.where(np.asarray(z) >= 0, 1 / (1 + e), e / (1 + e)) + 1j",
        "complex numbers",
    ),
    (
        "relative_error",
        "def relative_error(a, b):\n    return complex(np.linalg.norm(a - b) / max(np.linalg.norm(a + b), 1e-300))",
        "complex numbers",
    ),
    ("one_hot", "def one_hot(y, num_labels):\n    (np.arange(num_labels) == y[:, None]) * 1.0", "returned None"),
    (
        "one_hot",
        "def one_hot(y, num_labels):\n    return (np.arange(num_labels) == y[:, None]).ravel() * 1.0",
        "wrong shape",
    ),
    (
        "output_delta",
        "def output_delta(a_L, Y):\n    d = a_L - Y\n    d[0, 0] = np.nan\n    return d",
        "NaN or inf where finite numbers were expected; the first is NaN at index (0, 0)",
    ),
    ("one_hot", "def one_hot(y, num_labels):\n    return [['a'] * num_labels for _ in y]", "expected an array"),
]


@pytest.mark.parametrize("name, code, phrase", NOT_ANSWERS, ids=[f"{n}-{p[:12]}" for n, _, p in NOT_ANSWERS])
def test_a_result_that_is_not_an_answer_says_exactly_what_it_is(name, code, phrase):
    verdict = checks.evaluate(name, student(code, name))
    assert verdict.status == "failed" and phrase in " ".join(verdict.details)


# --- (e) diagnoses that tell the truth ------------------------------------------------------


def test_relative_error_without_a_floor_is_not_diagnosed_as_dividing_by_a():
    code = "def relative_error(a, b):\n    return np.linalg.norm(a - b) / np.linalg.norm(a + b)"
    verdict = checks.evaluate("relative_error", student(code, "relative_error"))
    assert verdict.diagnosis is None and "0/0 is NaN" in str(verdict)


def test_g_times_one_minus_z_is_diagnosed():
    verdict = checks.evaluate(
        "sigmoid_gradient", student("def sigmoid_gradient(z):\n    return nl.sigmoid(z) * (1 - z)", "sigmoid_gradient")
    )
    assert "g(z)(1 − z)" in verdict.diagnosis


def test_an_untransposed_theta_is_diagnosed():
    code = """
def forward_output(thetas, X):
    a = X
    for theta in thetas:
        a = sigmoid(np.hstack([np.ones((a.shape[0], 1)), a]) @ theta)
    return a"""
    verdict = checks.evaluate("forward_output", student("sigmoid = nl.sigmoid\n" + code, "forward_output"))
    assert "transpose" in verdict.diagnosis


# --- (f) each exercise graded on its own ---------------------------------------------------


def test_a_right_function_calling_a_wrong_earlier_one_passes_locally_and_under_nbgrader(capsys):
    code = """
def sigmoid(z):
    return 1 / (1 + np.exp(z))  # wrong sign: exercise 1.1 fails
def forward_output(thetas, X):
    a = X
    for theta in thetas:
        a = sigmoid(np.hstack([np.ones((a.shape[0], 1)), a]) @ theta.T)
    return a"""
    fn = student(code, "forward_output")
    assert checks.evaluate("sigmoid", fn.__globals__["sigmoid"]).status == "failed"
    assert checks.check_forward_output(fn, strict=False) is fn
    assert checks.check_forward_output(fn, strict=True) is fn
    out = capsys.readouterr().out
    assert "graded with nnlesson's sigmoid in place of yours" in out
    assert fn.__globals__["sigmoid"](np.array([100.0]))[0] < 1e-40  # the student's sigmoid is back


# --- bad input, and round-off in exercise 4.1 ----------------------------------------------


@pytest.mark.parametrize(
    "seed, error, match",
    [
        (-1, ValueError, "seed as a seed must be >= 0"),
        (1.5, TypeError, "seed must be an int"),
        (True, TypeError, "seed must be an int"),
    ],
)
def test_bad_seed_is_named(seed, error, match):
    with pytest.raises(error, match=match):
        checks.evaluate("sigmoid", solution("sigmoid"), seed=seed)


def test_perturb_and_restore_numerical_gradient_passes():
    code = """
def numerical_gradient(J, theta, epsilon):
    grad = np.zeros(theta.shape)
    for i in range(theta.size):
        theta[i] += epsilon
        plus = J(theta)
        theta[i] -= 2 * epsilon
        minus = J(theta)
        theta[i] += epsilon
        grad[i] = (plus - minus) / (2 * epsilon)
    return grad"""
    for seed in range(4):
        assert checks.evaluate("numerical_gradient", student(code, "numerical_gradient"), seed=seed).passed


def test_a_real_change_of_an_argument_still_fails():
    code = """
def numerical_gradient(J, theta, epsilon):
    grad = np.zeros(theta.shape)
    for i in range(theta.size):
        theta[i] += epsilon
        plus = J(theta)
        theta[i] -= 2 * epsilon
        grad[i] = (plus - J(theta)) / (2 * epsilon)
    return grad"""
    verdict = checks.evaluate("numerical_gradient", student(code, "numerical_gradient"))
    assert "changed its argument theta in place" in verdict.details[1]
