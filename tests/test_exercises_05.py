"""Exercises 5.3 to 5.6: the solutions pass, every planted mistake is named, a blank is not attempted."""

import time

import numpy as np
import pytest

from nnlesson.classroom import checks
from nnlesson.classroom.exercises.nb05_curves import CURVES, Ridge
from nnlesson.classroom.records import lookup

from _classroom import student

NEW = ["alpha_too_large", "learning_curve", "read_learning_curves", "choose_lambda"]


def solution(name):
    return student(lookup(name).solution, name)


@pytest.mark.parametrize("name", NEW)
@pytest.mark.parametrize("seed", [0, 1])
def test_solution_passes(name, seed):
    verdict = checks.evaluate(name, solution(name), seed=seed)
    assert verdict.passed, verdict


@pytest.mark.parametrize("name", NEW)
def test_each_case_runs_well_under_a_second(name):
    start = time.perf_counter()
    checks.evaluate(name, solution(name))
    assert time.perf_counter() - start < 1.0 * len(lookup(name).cases(np.random.default_rng(0)))


@pytest.mark.parametrize("name", NEW)
def test_a_blank_answer_is_not_attempted(name):
    signature = lookup(name).signature
    verdict = checks.evaluate(name, student(f"def {name}{signature}:\n    raise NotImplementedError('x')\n", name))
    assert verdict.status == checks.NOT_ATTEMPTED


# --- the choices -------------------------------------------------------------------------------

CHOICE_EXERCISES = {"alpha_too_large": "b", "read_learning_curves": "a"}
WRONG_LETTERS = [(name, letter) for name, right in CHOICE_EXERCISES.items() for letter in "abcd" if letter != right]


@pytest.mark.parametrize("name, letter", WRONG_LETTERS)
def test_every_wrong_letter_fails_and_says_why(name, letter):
    verdict = checks.evaluate(name, student(f"def {name}():\n    return {letter!r}\n", name))
    assert verdict.status == checks.FAILED
    (why,) = [m.description for m in lookup(name).mistakes() if m.function() == letter]
    assert verdict.diagnosis == why
    right = CHOICE_EXERCISES[name]
    assert f"'{right}'" not in str(verdict)  # the check never tells the right letter


@pytest.mark.parametrize("name", CHOICE_EXERCISES)
def test_the_right_letter_passes_in_any_case_and_spacing(name):
    letter = CHOICE_EXERCISES[name].upper()
    assert checks.evaluate(name, student(f"def {name}():\n    return ' {letter} '\n", name)).passed


@pytest.mark.parametrize("name", CHOICE_EXERCISES)
def test_a_choice_that_is_not_a_letter_is_told_so(name):
    verdict = checks.evaluate(name, student(f"def {name}():\n    return 2\n", name))
    assert verdict.status == checks.FAILED and "expected the letter of your choice" in " ".join(verdict.details)


# --- the planted mistakes, written as a student would ----------------------------------------

CURVE_MISTAKES = [
    """
def learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
    train_errors, val_errors = [], []
    for m in sizes:
        params = train_fn(X_train[:m], y_train[:m], lam)
        train_errors.append(cost_fn(params, X_train[:m], y_train[:m], lam))
        val_errors.append(cost_fn(params, X_val, y_val, lam))
    return np.array(train_errors), np.array(val_errors)""",
    """
def learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
    train_errors, val_errors = [], []
    for m in sizes:
        params = train_fn(X_train[:m], y_train[:m], lam)
        train_errors.append(cost_fn(params, X_train, y_train, 0))
        val_errors.append(cost_fn(params, X_val, y_val, 0))
    return np.array(train_errors), np.array(val_errors)""",
    """
def learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
    train_errors, val_errors = [], []
    for m in sizes:
        params = train_fn(X_train[:m], y_train[:m], lam)
        train_errors.append(cost_fn(params, X_train[:m], y_train[:m], 0))
        val_errors.append(cost_fn(params, X_val[:m], y_val[:m], 0))
    return np.array(train_errors), np.array(val_errors)""",
    """
def learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
    train_errors, val_errors = [], []
    for m in sizes:
        params = train_fn(X_train, y_train, lam)
        train_errors.append(cost_fn(params, X_train[:m], y_train[:m], 0))
        val_errors.append(cost_fn(params, X_val, y_val, 0))
    return np.array(train_errors), np.array(val_errors)""",
    """
def learning_curve(train_fn, cost_fn, X_train, y_train, X_val, y_val, lam, sizes):
    train_errors, val_errors = [], []
    for m in sizes:
        params = train_fn(X_train[:m], y_train[:m], lam)
        train_errors.append(cost_fn(params, X_train[:m], y_train[:m], 0))
        val_errors.append(cost_fn(params, X_val, y_val, 0))
    return val_errors, train_errors""",
]

LAMBDA_MISTAKES = [
    """
def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    models = [train_fn(X_train, y_train, lam) for lam in lambdas]
    errors = [cost_fn(p, X_train, y_train, 0) for p in models]
    best = int(np.argmin(errors))
    return lambdas[best], cost_fn(models[best], X_test, y_test, 0)""",
    """
def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    models = [train_fn(X_train, y_train, lam) for lam in lambdas]
    errors = [cost_fn(p, X_test, y_test, 0) for p in models]
    best = int(np.argmin(errors))
    return lambdas[best], errors[best]""",
    """
def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    best_lam, best_error, best_model = None, np.inf, None
    for lam in lambdas:
        params = train_fn(X_train, y_train, lam)
        error = cost_fn(params, X_val, y_val, lam)
        if error < best_error:
            best_lam, best_error, best_model = lam, error, params
    return best_lam, cost_fn(best_model, X_test, y_test, best_lam)""",
    """
def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    models = [train_fn(X_train, y_train, lam) for lam in lambdas]
    errors = [cost_fn(p, X_val, y_val, lam) for p, lam in zip(models, lambdas)]
    best = int(np.argmin(errors))
    return lambdas[best], cost_fn(models[best], X_test, y_test, 0.0)""",
    """
def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    models = [train_fn(X_train, y_train, lam) for lam in lambdas]
    errors = [cost_fn(p, X_val, y_val, 0) for p in models]
    best = int(np.argmin(errors))
    return lambdas[best], errors[best]""",
    """
def choose_lambda(train_fn, cost_fn, X_train, y_train, X_val, y_val, X_test, y_test, lambdas):
    models = [train_fn(X_train, y_train, lam) for lam in lambdas]
    errors = [cost_fn(p, X_val, y_val, 0) for p in models]
    best = int(np.argmin(errors))
    return best, cost_fn(models[best], X_test, y_test, 0)""",
]

PLANTED = [("learning_curve", i, code) for i, code in enumerate(CURVE_MISTAKES)] + [
    ("choose_lambda", i, code) for i, code in enumerate(LAMBDA_MISTAKES)
]


def test_every_catalogued_mistake_is_planted():
    assert len(CURVE_MISTAKES) == len(lookup("learning_curve").mistakes())
    assert len(LAMBDA_MISTAKES) == len(lookup("choose_lambda").mistakes())


@pytest.mark.parametrize("name, index, code", PLANTED, ids=[f"{n}-{i}" for n, i, _ in PLANTED])
@pytest.mark.parametrize("seed", [0, 1])
def test_a_planted_mistake_fails_with_its_diagnosis(name, index, code, seed):
    verdict = checks.evaluate(name, student(code, name), seed=seed)
    assert verdict.status == checks.FAILED
    assert verdict.diagnosis == lookup(name).mistakes()[index].description


# --- what the exercises rest on --------------------------------------------------------------


def test_ridge_is_trained_to_the_minimum_of_its_cost():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(9, 3)), rng.normal(size=9)
    theta = Ridge.train(X, y, 2.0)
    J = lambda t: Ridge.cost(t, X, y, 2.0)
    gradient = [(J(theta + 1e-6 * e) - J(theta - 1e-6 * e)) / 2e-6 for e in np.eye(4)]
    np.testing.assert_allclose(gradient, 0.0, atol=1e-8)


def test_the_diagnosis_table_shows_curves_of_the_shapes_its_answer_names():
    (a_train, a_val), (b_train, b_val), (c_train, c_val) = (np.array(CURVES[k]) for k in "ABC")
    assert a_val[-1] - a_train[-1] < 0.1 and a_train[-1] > 5 * c_train[-1]  # A: errors meet, high: bias
    assert b_train.max() < 0.01 and b_val[-1] > 2 * c_val[-1]  # B: a wide gap: variance
    assert np.all(np.diff(b_val) < 0)  # that more examples close


def test_the_task_of_the_diagnosis_prints_the_table():
    task = lookup("read_learning_curves").task
    for name, curve in CURVES.items():
        for which, errors in zip(("training", "validation"), curve):
            assert f"| {name}: {which} error | " + " | ".join(f"{e:.2f}" for e in errors) + " |" in task
