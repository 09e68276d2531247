"""The exercise checks: solutions pass, mistakes are named, the fallback and nbgrader modes."""

import linecache

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import checks
from nnlesson.bugs import BUGS, correct
from nnlesson.classroom.exercises.nb02 import BIAS_DELTA_KEPT
from nnlesson.classroom.records import by_notebook

EXERCISES = by_notebook()
SOLUTIONS = [(number, record.name) for number, records in EXERCISES.items() for record in records]


def solved(number):
    """The notebook's solution cells run in one namespace, as the notebook runs them."""
    namespace = {"np": np, "nl": nl}
    for record in EXERCISES[number]:
        exec(record.solution, namespace)
    return namespace


DATA_TERM = """
def data_term(thetas, X, y):
    a = X
    for t in thetas:
        a = nl.sigmoid(np.hstack([np.ones((len(a), 1)), a]) @ t.T)
    Y = nl.one_hot(y, a.shape[1])
    return -np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / len(X)
"""


def student(code, name):
    """The function ``name`` defined by a student's ``code``, its source known as a cell's is.

    The namespace holds the student's own helpers: ``data_term`` (the cost
    without penalty, written out) and ``correct`` (a hand-assembled
    backpropagation, the bug gallery's bug-free one).
    """
    filename = f"<cell defining {name} {len(linecache.cache)}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    namespace = {"np": np, "nl": nl, "correct": correct}
    exec(DATA_TERM, namespace)
    exec(compile(code, filename, "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize("number, name", SOLUTIONS)
@pytest.mark.parametrize("seed", [0, 1])
def test_solution_passes_its_check(number, name, seed):
    assert checks.evaluate(name, solved(number)[name], seed=seed).passed


def test_every_exercise_of_the_notebooks_has_a_check():
    assert {name for _, name in SOLUTIONS} == set(checks.EXERCISES)


MISTAKES = [
    ("sigmoid", "def sigmoid(z): return np.exp(z) / (1 + np.exp(z))", "inf/inf is NaN"),
    ("sigmoid", "def sigmoid(z): return 1 / (1 + np.exp(z))", "wrong sign"),
    (
        "forward_output",
        """
def forward_output(thetas, X):
    a = X
    for t in thetas:
        a = nl.sigmoid(a @ t[:, 1:].T)
    return a""",
        "left out the bias",
    ),
    (
        "forward_output",
        """
def forward_output(thetas, X):
    a = X
    for t in thetas:
        a = nl.sigmoid(np.c_[np.ones(len(a)), a] @ t.T)
    return a.T""",
        "transposed",
    ),
    ("sigmoid_gradient", "def sigmoid_gradient(z): return z * (1 - z)", "compute g(z) first"),
    (
        "one_hot",
        "def one_hot(y, num_labels):\n"
        "    return np.array([[int(k == label) for k in range(1, num_labels + 1)] for label in y])",
        "MATLAB",
    ),
    ("one_hot", "def one_hot(y, num_labels): return np.eye(y.max() + 1)[y]", "num_labels columns"),
    ("output_delta", "def output_delta(a_L, Y): return (a_L - Y) * a_L * (1 - a_L)", "squared-error delta"),
    ("output_delta", "def output_delta(a_L, Y): return Y - a_L", "opposite sign"),
    ("hidden_delta", "def hidden_delta(delta_next, theta, z): return delta_next @ theta[:, 1:]", "left out the factor"),
    (
        "regularized_cost",
        """
def regularized_cost(thetas, X, y, lam):
    J = data_term(thetas, X, y)
    return J + lam / (2 * len(X)) * sum(np.sum(t ** 2) for t in thetas)""",
        "bias column",
    ),
    (
        "regularized_cost",
        """
def regularized_cost(thetas, X, y, lam):
    J = data_term(thetas, X, y)
    return J * len(X) + lam / (2 * len(X)) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)""",
        "missing the 1/m",
    ),
    (
        "regularized_cost",
        """
def regularized_cost(thetas, X, y, lam):
    J = data_term(thetas, X, y)
    return J + lam / 2 * sum(np.sum(t[:, 1:] ** 2) for t in thetas)""",
        "UFLDL",
    ),
    (
        "cost_and_gradient",
        """
def cost_and_gradient(nn_params, layer_sizes, X, y, lam):
    J, grads = correct(nl.roll(nn_params, layer_sizes, order="F"), X, y, lam)
    return J, nl.unroll(grads, order="F")""",
        "column by column (MATLAB's reshape)",
    ),
    (
        "numerical_gradient",
        """
def numerical_gradient(J, theta, epsilon):
    return np.array([(J(theta + epsilon * e) - J(theta)) / epsilon for e in np.eye(len(theta))])""",
        "one-sided",
    ),
    (
        "numerical_gradient",
        """
def numerical_gradient(J, theta, epsilon):
    return np.array([(J(theta + epsilon * e) - J(theta - epsilon * e)) / epsilon for e in np.eye(len(theta))])""",
        "instead of 2ε",
    ),
    ("relative_error", "def relative_error(a, b): return np.linalg.norm(a - b) / np.linalg.norm(a)", "divide by ‖a‖;"),
    (
        "gradient_descent",
        """
def gradient_descent(cost_grad, theta0, alpha, num_iters):
    theta, costs = np.array(theta0), []
    for _ in range(num_iters):
        J, grad = cost_grad(theta)
        costs.append(J)
        theta = theta + alpha * grad
    return theta, np.array(costs)""",
        "uphill",
    ),
    (
        "gradient_descent",
        """
def gradient_descent(cost_grad, theta0, alpha, num_iters):
    theta, costs = np.array(theta0), []
    for _ in range(num_iters):
        theta = theta - alpha * cost_grad(theta)[1]
        costs.append(cost_grad(theta)[0])
    return theta, np.array(costs)""",
        "before each step",
    ),
]


@pytest.mark.parametrize("name, code, phrase", MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_mistake_is_named(name, code, phrase):
    verdict = checks.evaluate(name, student(code, name))
    assert verdict.status == "failed" and phrase in verdict.diagnosis


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_gallery_bug_in_cost_and_gradient_is_diagnosed_by_its_description(bug):
    cost_function = BUGS[bug].cost_function

    def cost_and_gradient(nn_params, layer_sizes, X, y, lam):
        J, grads = cost_function(nl.roll(nn_params, layer_sizes), X, y, lam)
        return J, nl.unroll(grads)

    assert checks.evaluate("cost_and_gradient", cost_and_gradient).diagnosis == BUGS[bug].description


def test_a_hidden_delta_that_keeps_the_bias_column_is_diagnosed():
    code = """
def hidden_delta(delta_next, theta, z):
    s2 = (delta_next @ theta) * nl.sigmoid_gradient(np.hstack([np.ones((len(z), 1)), z]))
    return s2"""
    assert checks.evaluate("hidden_delta", student(code, "hidden_delta")).diagnosis == BIAS_DELTA_KEPT


HIDDEN_DELTA_BUGS = [
    (
        "gradient_of_activation",
        """
def hidden_delta(delta_next, theta, z):
    a = nl.sigmoid(z)
    return (delta_next @ theta[:, 1:]) * nl.sigmoid_gradient(a)""",
    ),
]


@pytest.mark.parametrize("bug, code", HIDDEN_DELTA_BUGS, ids=[b for b, _ in HIDDEN_DELTA_BUGS])
def test_gallery_bug_in_hidden_delta_is_diagnosed_by_its_description(bug, code):
    assert checks.evaluate("hidden_delta", student(code, "hidden_delta")).diagnosis == BUGS[bug].description


def test_gallery_bug_in_sigmoid_gradient_is_diagnosed_by_its_description():
    code = "def sigmoid_gradient(z):\n    a = nl.sigmoid(z)\n    g = nl.sigmoid(a)\n    return g * (1 - g)"
    verdict = checks.evaluate("sigmoid_gradient", student(code, "sigmoid_gradient"))
    assert verdict.diagnosis == BUGS["gradient_of_activation"].description


def test_stub_is_not_attempted_yet():
    code = "def one_hot(y, num_labels):\n    raise NotImplementedError('write it')"
    assert checks.evaluate("one_hot", student(code, "one_hot")).status == "not attempted"


def test_unwritten_helper_is_a_failure_that_names_the_error():
    code = """
def layer(a, theta):
    raise NotImplementedError
def forward_output(thetas, X):
    return layer(X, thetas[0])"""
    verdict = checks.evaluate("forward_output", student(code, "forward_output"))
    assert verdict.status == "failed" and "a function it calls is not written yet" in verdict.details[1]


def test_exception_is_reported_with_type_message_and_line():
    code = "def output_delta(a_L, Y):\n    return a_L - Y.T"
    verdict = checks.evaluate("output_delta", student(code, "output_delta"))
    assert "raised ValueError: operands could not be broadcast" in verdict.details[1]
    assert "line 2 of output_delta: return a_L - Y.T" in verdict.details[1]


def test_wrong_shape_is_reported_as_a_shape():
    code = "def output_delta(a_L, Y):\n    return (a_L - Y)[:, :1]"
    verdict = checks.evaluate("output_delta", student(code, "output_delta"))
    assert "wrong shape: expected (6, 3), got (6, 1)" in verdict.details[1]


def test_missing_return_is_named():
    verdict = checks.evaluate("sigmoid", student("def sigmoid(z):\n    1 / (1 + np.exp(-z))", "sigmoid"))
    assert "returned None" in verdict.details[1]


def test_overflow_warning_fails_with_a_hint_and_does_not_escape():
    verdict = checks.evaluate("sigmoid", student("def sigmoid(z): return 1 / (1 + np.exp(-z))", "sigmoid"))
    assert "overflow encountered in exp" in verdict.details[1] and "np.exp(-np.abs(z))" in verdict.details[2]


def test_changing_an_argument_in_place_fails():
    code = """
def gradient_descent(cost_grad, theta0, alpha, num_iters):
    costs = []
    for _ in range(num_iters):
        J, grad = cost_grad(theta0)
        costs.append(J)
        theta0 -= alpha * grad
    return theta0, np.array(costs)"""
    verdict = checks.evaluate("gradient_descent", student(code, "gradient_descent"))
    assert "changed its argument theta0 in place" in verdict.details[1]


def test_relative_error_without_a_floor_fails_on_two_zero_vectors():
    code = "def relative_error(a, b): return np.linalg.norm(a - b) / np.linalg.norm(a + b)"
    verdict = checks.evaluate("relative_error", student(code, "relative_error"))
    assert "two zero vectors" in verdict.details[0] and "0/0 is NaN" in verdict.details[2]


def test_digits_weights_returned_as_one_vector_are_named():
    code = "def train_digits(X, y): return np.zeros(64 * 26 + 10 * 26)"
    verdict = checks.evaluate("train_digits", student(code, "train_digits"))
    assert "nl.roll" in verdict.details[1]


def test_untrained_digits_network_is_at_chance():
    code = "def train_digits(X, y): return nl.rand_initialize_weights([64, 25, 10], rng=0)"
    verdict = checks.evaluate("train_digits", student(code, "train_digits"))
    assert verdict.status == "failed" and "chance" in verdict.details[2]


def test_verdict_shows_at_most_one_reference_value():
    code = "def output_delta(a_L, Y): return a_L + Y"
    record = checks.EXERCISES["output_delta"]
    case = record.cases(np.random.default_rng([0, record.number]))[0]
    expected = record.reference(*case.args)
    text = str(checks.evaluate("output_delta", student(code, "output_delta")))
    assert sum(f"{v:.6g}" in text for v in expected.ravel()) <= 1


def test_passing_check_returns_the_students_function(capsys):
    fn = solved("02")["one_hot"]
    assert checks.check_one_hot(fn) is fn
    assert capsys.readouterr().out == "✔ one_hot: passed all 4 checks.\n"


def test_failing_check_falls_back_to_the_reference_with_a_note(capsys, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    fallback = checks.check_one_hot(student("def one_hot(y, num_labels):\n    raise NotImplementedError", "one_hot"))
    assert fallback.__wrapped__ is nl.one_hot
    assert np.array_equal(fallback(np.array([2, 0]), 3), nl.one_hot(np.array([2, 0]), 3))
    assert "uses nnlesson's reference one_hot" in capsys.readouterr().out


def test_running_a_check_again_on_its_own_fallback_says_to_redefine_the_function(capsys, monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    fallback = checks.check_one_hot(student("def one_hot(y, num_labels):\n    raise NotImplementedError", "one_hot"))
    checks.check_one_hot(fallback)
    assert "run the cell that defines your one_hot again" in capsys.readouterr().out


@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_check_raises_while_nbgrader_executes(monkeypatch, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", mode)
    with pytest.raises(AssertionError, match="one_hot: not attempted"):
        checks.check_one_hot(student("def one_hot(y, num_labels):\n    raise NotImplementedError", "one_hot"))


def test_strict_check_raises_on_a_wrong_answer(capsys):
    with pytest.raises(AssertionError, match="output_delta: failed"):
        checks.check_output_delta(student("def output_delta(a_L, Y): return Y - a_L", "output_delta"), strict=True)


def test_check_of_a_value_instead_of_a_function_says_how_to_call_it():
    with pytest.raises(TypeError, match=r"check_sigmoid\(sigmoid\)"):
        checks.check_sigmoid(0.5)
