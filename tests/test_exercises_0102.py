"""The exercises of notebooks 01 and 02 beyond "implement": derive, predict, diagnose, find the bug.

Each wrong answer is planted as a student would write it (source code run
in a notebook-like namespace), and its verdict must name exactly the
catalogued mistake.
"""

import re

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import checks, gradcheck
from nnlesson.bugs import BUGS
from nnlesson.classroom.exercises.nb02_choices import REPORT
from nnlesson.classroom.records import by_notebook, lookup

from _classroom import student as run_cell

NEW = ["parameter_count", "predict_equal_weights", "enslin_forward", "input_gradient"]
CHOICES = {"predict_equal_weights": "abcd", "predict_zero_theta2": "abcd", "diagnose_layer_report": "abcd"}


def namespace():
    """A notebook's namespace: numpy, nnlesson, and the student's own sigmoid of exercise 1.1."""
    names = {"np": np, "nl": nl}
    exec(lookup("sigmoid").solution, names)
    return names


def student(code, name):
    """The function ``name`` defined by ``code`` in a notebook-like namespace."""
    return run_cell(code, name, namespace())


def description(name, words):
    """The one catalogued mistake of exercise ``name`` whose description contains ``words``."""
    found = [m.description for m in lookup(name).mistakes() if words in m.description]
    assert len(found) == 1, (name, words, found)
    return found[0]


@pytest.mark.parametrize("name", NEW + list(CHOICES))
@pytest.mark.parametrize("seed", [0, 1])
def test_the_solution_passes(name, seed):
    names = namespace()
    for record in by_notebook()[lookup(name).notebook]:
        exec(record.solution, names)
    assert checks.evaluate(name, names[name], seed=seed).passed


@pytest.mark.parametrize("name", NEW + list(CHOICES))
def test_a_blank_answer_is_not_attempted(name):
    record = lookup(name)
    code = f"def {name}{record.signature}:\n    raise NotImplementedError({record.hint!r})\n"
    assert checks.evaluate(name, student(code, name)).status == checks.NOT_ATTEMPTED


def test_notebooks_01_and_02_hold_every_kind_and_five_exercises_each():
    kinds = {record.kind for number in ("01", "02") for record in by_notebook()[number]}
    assert kinds == {"implement", "derive", "predict", "diagnose", "find-the-bug"}
    assert len(by_notebook()["01"]) >= 5 and len(by_notebook()["02"]) >= 5


# --- planted mistakes, as students write them -----------------------------------------------------

COUNTS = [
    ("sum(b * a for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))", "left out the bias weights"),
    ("sum(b * a + 1 for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))", "one bias weight per layer"),
    ("sum((b + 1) * a for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))", "gave the next layer"),
    ("sum((b + 1) * (a + 1) for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))", "gave both layers"),
    ("sum(layer_sizes)", "counted the units"),
]


@pytest.mark.parametrize("expression, words", COUNTS)
def test_a_wrong_parameter_count_is_named(expression, words):
    fn = student(f"def parameter_count(layer_sizes):\n    return {expression}\n", "parameter_count")
    verdict = checks.evaluate("parameter_count", fn)
    assert verdict.status == checks.FAILED and verdict.diagnosis == description("parameter_count", words)


def test_a_parameter_count_by_the_package_is_refused():
    code = "def parameter_count(layer_sizes):\n    return nl.unroll(nl.rand_initialize_weights(layer_sizes)).size\n"
    verdict = checks.evaluate("parameter_count", student(code, "parameter_count"))
    assert verdict.status == checks.FAILED and "without nnlesson's own" in " ".join(verdict.details)


def test_the_bug_as_the_task_shows_it_is_named():
    shown = re.search(r"```python\n(.*?)```", lookup("enslin_forward").task, re.S).group(1)
    verdict = checks.evaluate("enslin_forward", student(shown, "enslin_forward"))
    assert verdict.status == checks.FAILED
    assert verdict.diagnosis == description("enslin_forward", "went through the sigmoid")


ENSLIN_FIXES = [
    (
        """
def enslin_forward(Theta1, Theta2, X):
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    a2 = sigmoid(a1 @ Theta1.T)
    a3 = sigmoid(a2 @ Theta2[:, 1:].T)
    return a2, a3
""",
        "has no bias unit",
    ),
    (
        """
def enslin_forward(Theta1, Theta2, X):
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])
    a2 = np.hstack([sigmoid(a1 @ Theta1.T), np.ones((m, 1))])
    return a2, sigmoid(a2 @ Theta2.T)
""",
        "column of ones last",
    ),
]


@pytest.mark.parametrize("code, words", ENSLIN_FIXES)
def test_a_wrong_fix_of_the_forward_pass_is_named(code, words):
    verdict = checks.evaluate("enslin_forward", student(code, "enslin_forward"))
    assert verdict.status == checks.FAILED and verdict.diagnosis == description("enslin_forward", words)


def input_gradient_code(d3="a3 - y", g2="nl.sigmoid_gradient(z2)", last="Theta1[:, 1:].T @ d2"):
    return f"""
def input_gradient(Theta1, Theta2, x, y):
    z2 = Theta1 @ np.concatenate(([1.0], x))
    a2 = np.concatenate(([1.0], nl.sigmoid(z2)))
    a3 = nl.sigmoid(Theta2 @ a2)
    d3 = {d3}
    d2 = (Theta2[:, 1:].T @ d3) * {g2}
    return {last}
"""


INPUT_GRADIENTS = [
    (dict(last="(Theta1[:, 1:].T @ d2) * nl.sigmoid_gradient(x)"), "multiplied by g'(x)"),
    (dict(last="Theta1.T @ d2"), "n + 1 entries"),
    (dict(last="Theta1[:, :-1].T @ d2"), "dropped the last column"),
    (dict(last="d2"), "you returned δ^(2)"),
    (dict(g2="1.0"), "lacks its factor g'(z^(2))"),
    (dict(g2="nl.sigmoid_gradient(a2[1:])"), "g'(a)"),
    (dict(d3="(a3 - y) * a3 * (1 - a3)"), "squared-error output delta"),
    (dict(d3="y - a3"), "opposite sign"),
]


@pytest.mark.parametrize("parts, words", INPUT_GRADIENTS)
def test_a_wrong_input_gradient_is_named(parts, words):
    verdict = checks.evaluate("input_gradient", student(input_gradient_code(**parts), "input_gradient"))
    assert verdict.status == checks.FAILED and verdict.diagnosis == description("input_gradient", words)


def test_every_mistake_of_the_new_exercises_is_planted_above():
    planted = {
        "parameter_count": len(COUNTS),
        "enslin_forward": 1 + len(ENSLIN_FIXES),
        "input_gradient": len(INPUT_GRADIENTS),
    }
    assert {name: len(lookup(name).mistakes()) for name in planted} == planted


def test_an_input_gradient_from_finite_differences_is_refused():
    code = """
from nnlesson import gradcheck

def input_gradient(Theta1, Theta2, x, y):
    def J(v):
        a3 = nl.sigmoid(Theta2 @ np.concatenate(([1.0], nl.sigmoid(Theta1 @ np.concatenate(([1.0], v))))))
        return np.sum(-y * np.log(a3) - (1 - y) * np.log(1 - a3))
    return gradcheck.numerical_gradient(J, x)
"""
    verdict = checks.evaluate("input_gradient", student(code, "input_gradient"))
    assert verdict.status == checks.FAILED and "without nnlesson's own" in " ".join(verdict.details)


# --- choices ------------------------------------------------------------------------------------


def wrong_letters():
    for name, letters in CHOICES.items():
        right = lookup(name).reference()
        for letter in letters:
            if letter != right:
                yield name, letter


@pytest.mark.parametrize("name, letter", list(wrong_letters()))
def test_every_wrong_letter_fails_and_says_why(name, letter):
    verdict = checks.evaluate(name, student(f"def {name}():\n    return {letter!r}\n", name))
    assert verdict.status == checks.FAILED
    assert verdict.diagnosis == next(m.description for m in lookup(name).mistakes() if m.function() == letter)
    shown = str(verdict)
    assert f"'{letter}' is not the right choice" in shown and "Likely mistake" in shown


@pytest.mark.parametrize("name", list(CHOICES))
def test_the_right_letter_passes_in_any_case_and_spacing(name):
    right = lookup(name).reference()
    verdict = checks.evaluate(name, student(f"def {name}():\n    return ' {right.upper()} '\n", name))
    assert verdict.passed


@pytest.mark.parametrize("name", list(CHOICES))
def test_a_choice_task_offers_every_letter_once(name):
    task = lookup(name).task
    assert [task.count(f"- **{letter}.**") for letter in CHOICES[name]] == [1] * len(CHOICES[name])


def test_a_choice_given_as_a_number_is_told_to_be_a_letter():
    verdict = checks.evaluate(
        "diagnose_layer_report", student("def diagnose_layer_report():\n    return 2\n", "diagnose_layer_report")
    )
    assert verdict.status == checks.FAILED and 'e.g. "b"' in " ".join(verdict.details)


# --- what the tasks claim ----------------------------------------------------------------------


def debug_network():
    thetas = [nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)]
    X = nl.debug_initialize_weights(5, 2)
    y = np.arange(1, 6) % 3
    return thetas, X, y


def test_the_report_of_exercise_2_7_is_what_the_bug_gives():
    thetas, X, y = debug_network()
    numeric = gradcheck.numerical_gradient(
        lambda v: nl.nn_cost_function_unrolled(v, [3, 5, 3], X, y)[0], nl.unroll(thetas), 1e-4
    )
    errors = [
        gradcheck.relative_error(g, n)
        for g, n in zip(BUGS["gradient_of_activation"].cost_function(thetas, X, y)[1], nl.roll(numeric, [3, 5, 3]))
    ]
    assert f"{errors[0]:.1e}" == f"{REPORT[1]:.1e}"
    assert errors[1] < 1e-10 and REPORT[2] < 1e-10


def test_the_prediction_of_exercise_2_6_is_what_backpropagation_gives():
    (Theta1, Theta2), X, y = debug_network()
    _, (grad1, grad2) = nl.nn_cost_function([Theta1, np.zeros_like(Theta2)], X, y)
    assert np.all(grad1 == 0) and np.abs(grad2).max() > 0.1


def test_the_prediction_of_exercise_1_4_is_what_the_forward_pass_gives():
    thetas = [np.full(shape, 0.1) for shape in nl.theta_shapes([3, 5, 3])]
    a3 = nl.forward_propagate(thetas, np.random.default_rng(0).normal(size=(4, 3))).output
    assert np.ptp(a3, axis=1).max() < 1e-12 and np.ptp(a3[:, 0]) > 1e-3 and not np.allclose(a3, 0.5)


def test_the_bug_of_exercise_1_5_puts_g_of_1_where_the_bias_unit_belongs():
    (Theta1, Theta2), X, _ = debug_network()
    shown = re.search(r"```python\n(.*?)```", lookup("enslin_forward").task, re.S).group(1)
    a2, _ = student(shown, "enslin_forward")(Theta1, Theta2, X)
    assert np.allclose(a2[:, 0], nl.sigmoid(1.0))
