"""Notebook 06's exercises: solutions pass, every catalogued mistake is named, blanks are not attempted,
and the staged build (6.6) is graded with the student's own helpers."""

import dataclasses

import nbformat
import numpy as np
import pytest

from nnlesson import checks
from nnlesson.classroom.exercises.nb06_bug import BUGGY
from nnlesson.classroom.guard import guarded_call
from nnlesson.classroom.records import EXERCISES, by_notebook
from nnlesson.classroom.release import release_notebook

from _classroom import NOTEBOOKS, execute, stdout_of, student

RECORDS = {record.name: record for record in by_notebook()["06"]}


def test_notebook_06_has_six_exercises_of_five_kinds_ending_with_the_staged_build():
    records = by_notebook()["06"]
    assert [r.id for r in records] == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6"]
    assert {r.kind for r in records} == {"implement", "derive", "predict", "diagnose", "find-the-bug"}
    assert list(EXERCISES)[-1] == "my_cost_and_gradient"
    assert not EXERCISES["my_cost_and_gradient"].graded_alone


@pytest.mark.parametrize("name", list(RECORDS))
@pytest.mark.parametrize("seed", [0, 1])
def test_solution_passes(name, seed):
    assert checks.evaluate(name, student(RECORDS[name].solution, name), seed=seed).passed


@pytest.mark.parametrize("name", list(RECORDS))
def test_blank_is_not_attempted(name):
    record = RECORDS[name]
    code = f"def {name}{record.signature}:\n    raise NotImplementedError({record.hint!r})"
    assert checks.evaluate(name, student(code, name)).status == "not attempted"


def _description(name, start):
    (match,) = [m.description for m in RECORDS[name].mistakes() if m.description.startswith(start)]
    return match


def _assert_named(name, code, start):
    verdict = checks.evaluate(name, student(code, name))
    assert verdict.status == "failed"
    assert verdict.diagnosis == _description(name, start)


# --- 6.1 relu_gradient ------------------------------------------------------------------

RELU_MISTAKES = [
    ("def relu_gradient(z):\n    return (np.asarray(z) >= 0).astype(float)", "you took g'(0) = 1"),
    ("def relu_gradient(z):\n    return np.heaviside(z, 0.5)", "you took g'(0) = ½"),
    ("def relu_gradient(z):\n    return np.maximum(0, z)", "you returned the ReLU itself"),
    ("def relu_gradient(z):\n    return np.sign(z)", "you returned sign(z)"),
]


@pytest.mark.parametrize("code, start", RELU_MISTAKES, ids=[s for _, s in RELU_MISTAKES])
def test_relu_gradient_mistake_is_named(code, start):
    _assert_named("relu_gradient", code, start)


def test_relu_gradient_every_mistake_is_planted():
    assert len(RELU_MISTAKES) == len(RECORDS["relu_gradient"].mistakes())


def test_relu_gradient_may_not_call_the_package():
    verdict = checks.evaluate(
        "relu_gradient", student("def relu_gradient(z):\n    return nl.relu_gradient(z)", "relu_gradient")
    )
    assert verdict.status == "failed" and "nnlesson's own relu_gradient" in verdict.details[1]


# --- 6.2 softmax_squared_error_delta ----------------------------------------------------

_DELTA_HEAD = """def softmax_squared_error_delta(z, y):
    a = nl.softmax(z)
    r = a - nl.one_hot(y, z.shape[1])
"""
DELTA_MISTAKES = [
    ("    return r", "you returned a − y"),
    ("    return r * a * (1 - a)", "you kept only the diagonal"),
    ("    return a * (r - (a * r).sum())", "your sum Σ_k a_k (a_k − y_k) runs over the whole batch"),
    ("    return -a * (r - np.sum(a * r, axis=1, keepdims=True))", "your delta has the opposite sign"),
    ("    return a * (r - np.sum(a * r, axis=1, keepdims=True)) / len(z)", "you divided by m"),
]


@pytest.mark.parametrize("line, start", DELTA_MISTAKES, ids=[s for _, s in DELTA_MISTAKES])
def test_softmax_delta_mistake_is_named(line, start):
    _assert_named("softmax_squared_error_delta", _DELTA_HEAD + line, start)


def test_softmax_delta_every_mistake_is_planted():
    assert len(DELTA_MISTAKES) == len(RECORDS["softmax_squared_error_delta"].mistakes())


def test_softmax_delta_written_with_an_overflowing_softmax_fails_with_the_hint():
    code = """def softmax_squared_error_delta(z, y):
    a = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    r = a - nl.one_hot(y, z.shape[1])
    return a * (r - np.sum(a * r, axis=1, keepdims=True))"""
    verdict = checks.evaluate("softmax_squared_error_delta", student(code, "softmax_squared_error_delta"))
    assert verdict.status == "failed" and "nl.softmax" in " ".join(verdict.details)


# --- 6.3 and 6.4: choices ---------------------------------------------------------------

CHOICES = [("predict_dead_units", "b"), ("diagnose_gradient_check", "c")]


@pytest.mark.parametrize("name, right", CHOICES)
def test_every_wrong_letter_fails_and_says_why(name, right):
    record = RECORDS[name]
    wrong = {m.function(): m.description for m in record.mistakes()}
    assert set(wrong) == set("abcd") - {right}
    for letter, description in wrong.items():
        verdict = checks.evaluate(name, student(f"def {name}():\n    return {letter.upper()!r}", name))
        assert verdict.status == "failed" and verdict.diagnosis == description
        assert repr(right) not in str(verdict)


@pytest.mark.parametrize("name, right", CHOICES)
def test_right_letter_passes_with_spaces_and_capitals(name, right):
    assert checks.evaluate(name, student(f"def {name}():\n    return ' {right.upper()} '", name)).passed


# --- 6.5 softmax, find the bug ---------------------------------------------------------

SOFTMAX_MISTAKES = [
    ("e / np.sum(e, axis=1, keepdims=True)", "e / np.sum(e, axis=0)", "you sum over axis 0"),
    (
        "np.exp(z - np.max(z, axis=1, keepdims=True))",
        "np.exp(z - np.max(z))",
        "you subtract the largest z of the whole",
    ),
    ("np.exp(z - np.max(z, axis=1, keepdims=True))", "np.exp(z)", "you no longer subtract"),
]


def test_the_unfixed_copy_fails_naming_its_bug():
    verdict = checks.evaluate("softmax", student(BUGGY, "softmax"))
    assert verdict.status == "failed" and verdict.diagnosis == _description("softmax", "you sum over axis 0")


@pytest.mark.parametrize("right, wrong, start", SOFTMAX_MISTAKES, ids=[s for _, _, s in SOFTMAX_MISTAKES])
def test_softmax_mistake_is_named(right, wrong, start):
    code = RECORDS["softmax"].solution.replace(right, wrong)
    assert code != RECORDS["softmax"].solution
    _assert_named("softmax", code, start)


def test_softmax_every_mistake_is_planted():
    assert len(SOFTMAX_MISTAKES) == len(RECORDS["softmax"].mistakes())


def test_softmax_without_keepdims_gets_the_hint():
    code = RECORDS["softmax"].solution.replace("np.sum(e, axis=1, keepdims=True)", "np.sum(e, axis=1)")
    verdict = checks.evaluate("softmax", student(code, "softmax"))
    assert verdict.status == "failed" and "keepdims=True" in verdict.diagnosis


# --- 6.6 the staged build ---------------------------------------------------------------

OWN_HELPERS = """
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def one_hot(y, num_labels):
    return (np.arange(num_labels) == np.asarray(y)[:, None]).astype(float)


def output_delta(a_L, Y):
    return a_L - Y


def hidden_delta(delta_next, theta, z):
    g = sigmoid(z)
    return (delta_next @ theta[:, 1:]) * g * (1 - g)


def my_cost_and_gradient(theta_vec, layer_sizes, X, y, lam):
    thetas, start = [], 0
    for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:]):
        thetas.append(theta_vec[start:start + s_next * (s + 1)].reshape(s_next, s + 1))
        start += s_next * (s + 1)
    m = len(X)
    with_bias, zs = [np.hstack([np.ones((m, 1)), X])], []
    for theta in thetas:
        zs.append(with_bias[-1] @ theta.T)
        with_bias.append(np.hstack([np.ones((m, 1)), sigmoid(zs[-1])]))
    a_L, Y = with_bias[-1][:, 1:], one_hot(y, layer_sizes[-1])
    J = -np.sum(Y * np.log(a_L) + (1 - Y) * np.log(1 - a_L)) / m
    J += lam / (2 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)
    delta, grads = output_delta(a_L, Y), [None] * len(thetas)
    for l in range(len(thetas) - 1, -1, -1):
        grads[l] = delta.T @ with_bias[l] / m
        grads[l][:, 1:] += lam / m * thetas[l][:, 1:]
        if l > 0:
            delta = hidden_delta(delta, thetas[l], zs[l - 1])
    return J, np.concatenate([g.ravel() for g in grads])
"""


def _build(*replacements):
    code = OWN_HELPERS
    for old, new in replacements:
        assert code.count(old) == 1, old
        code = code.replace(old, new)
    return student(code, "my_cost_and_gradient")


def test_staged_build_with_own_helpers_passes():
    for seed in (0, 1):
        assert checks.evaluate("my_cost_and_gradient", _build(), seed=seed).passed


_PENALTY_J = "J += lam / (2 * m) * sum(np.sum(t[:, 1:] ** 2) for t in thetas)"
_PENALTY_GRAD = "grads[l][:, 1:] += lam / m * thetas[l][:, 1:]"

BUILD_MISTAKES = [
    ("regularized_bias", [(_PENALTY_GRAD, "grads[l] += lam / m * thetas[l]")]),
    ("missing_1_over_m", [("grads[l] = delta.T @ with_bias[l] / m", "grads[l] = delta.T @ with_bias[l]")]),
    ("flipped_output_delta", [("return a_L - Y", "return Y - a_L")]),
    ("gradient_of_activation", [("    g = sigmoid(z)\n", "    g = sigmoid(sigmoid(z))\n")]),
    ("ufldl_lambda", [(_PENALTY_J, "J += lam / 2 * sum(np.sum(t[:, 1:] ** 2) for t in thetas)")]),
    ("transposed_unroll", [("g.ravel()", "g.ravel(order='F')")]),
    (
        "your penalty includes the bias column",
        [
            (_PENALTY_J, "J += lam / (2 * m) * sum(np.sum(t ** 2) for t in thetas)"),
            (_PENALTY_GRAD, "grads[l] += lam / m * thetas[l]"),
        ],
    ),
    (
        "you cut theta_vec into matrices column by column",
        [("reshape(s_next, s + 1)", "reshape(s_next, s + 1, order='F')"), ("g.ravel()", "g.ravel(order='F')")],
    ),
    ("your gradient leaves out the penalty", [(_PENALTY_GRAD, "pass")]),
    ("your cost leaves out the penalty", [(_PENALTY_J, "pass")]),
]


def _build_description(key):
    from nnlesson.bugs import BUGS

    return BUGS[key].description if key in BUGS else _description("my_cost_and_gradient", key)


@pytest.mark.parametrize("key, replacements", BUILD_MISTAKES, ids=[k for k, _ in BUILD_MISTAKES])
def test_staged_build_mistake_is_named(key, replacements):
    verdict = checks.evaluate("my_cost_and_gradient", _build(*replacements))
    assert verdict.status == "failed"
    assert verdict.diagnosis == _build_description(key)


def test_staged_build_every_mistake_is_planted():
    planted = {_build_description(key) for key, _ in BUILD_MISTAKES}
    assert planted == {m.description for m in RECORDS["my_cost_and_gradient"].mistakes()}


WRONG_HELPERS = [
    ("def sigmoid(z):\n    e = np.exp(-np.abs(z))\n", "def sigmoid(z):\n    e = np.exp(-np.abs(z))\n    z = -z\n"),
    ("(np.arange(num_labels) == np.asarray(y)", "(np.arange(1, num_labels + 1) == np.asarray(y)"),
    ("    g = sigmoid(z)\n", "    g = sigmoid(sigmoid(z))\n"),
]


@pytest.mark.parametrize("old, new", WRONG_HELPERS, ids=["sigmoid", "one_hot", "hidden_delta"])
def test_staged_build_fails_when_one_of_the_students_own_helpers_is_wrong(old, new):
    assert checks.evaluate("my_cost_and_gradient", _build((old, new))).status == "failed"


def test_staged_build_keeps_the_students_helpers_where_other_exercises_swap_them():
    record = EXERCISES["my_cost_and_gradient"]
    build = _build()
    args = record.cases(np.random.default_rng(0))[0].args
    assert guarded_call(record, build, args, EXERCISES).replaced == ()
    alone = guarded_call(dataclasses.replace(record, graded_alone=True), build, args, EXERCISES)
    assert {"sigmoid", "one_hot", "output_delta", "hidden_delta"} <= set(alone.replaced)


def test_staged_build_may_not_call_the_packages_cost():
    code = """
def my_cost_and_gradient(theta_vec, layer_sizes, X, y, lam):
    return nl.nn_cost_function_unrolled(theta_vec, layer_sizes, X, y, lam)"""
    verdict = checks.evaluate("my_cost_and_gradient", student(code, "my_cost_and_gradient"))
    assert verdict.status == "failed" and "nnlesson's own nn_cost_function_unrolled" in verdict.details[1]


def test_staged_build_may_not_use_the_packages_sigmoid_inside_a_helper():
    build = _build(
        (
            "    e = np.exp(-np.abs(z))\n    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))",
            "    return nl.sigmoid(z)",
        )
    )
    verdict = checks.evaluate("my_cost_and_gradient", build)
    assert verdict.status == "failed" and "without nnlesson's own sigmoid" in verdict.details[1]


def test_student_copy_of_notebook_06_runs_top_to_bottom_with_every_check_not_attempted(tmp_path):
    path = tmp_path / "06_softmax_and_relu.ipynb"
    nbformat.write(release_notebook(nbformat.read(NOTEBOOKS / path.name, as_version=4)), path)
    done = execute(path)  # raises if any cell raises
    checked = [stdout_of(c) for c in done.cells if c.get("id", "").startswith("exercise-check_")]
    assert len(checked) == 6 and all("not attempted yet" in text for text in checked)
    last = stdout_of(done.cells[[c.get("id") for c in done.cells].index("exercise-my_cost_and_gradient_use")])
    assert "relative error 1e-10, below 1e-9: True" in last and "test accuracy" in last
