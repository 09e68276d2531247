"""Exercises 3.3 to 3.5 and 4.3 to 4.5: solutions pass, each planted mistake is named, blanks are not attempted."""

import numpy as np
import pytest

import nnlesson as nl
from nnlesson.classroom import checks  # loads the records first
from nnlesson.classroom.exercises.nb03_more import BUGGY_REGULARIZED_GRADIENT
from nnlesson.classroom.exercises.nb04_more import BUGGY_BACKPROPAGATION
from nnlesson.classroom.records import lookup

from _classroom import student

NEW = [
    "matlab_to_numpy",
    "gradient_at_zero",
    "regularized_gradient",
    "fixed_cost_and_gradient",
    "diagnose_report",
    "predict_float32_floor",
]


def solution(name):
    return student(lookup(name).solution, name)


def descriptions(name):
    return [mistake.description for mistake in lookup(name).mistakes()]


def assert_named(name, code, index):
    verdict = checks.evaluate(name, student(code, name))
    assert verdict.status == "failed"
    assert verdict.diagnosis == descriptions(name)[index]


@pytest.mark.parametrize("name", NEW)
@pytest.mark.parametrize("seed", [0, 1])
def test_solution_passes(name, seed):
    assert checks.evaluate(name, solution(name), seed=seed).passed


@pytest.mark.parametrize("name", NEW)
def test_blank_is_not_attempted(name):
    record = lookup(name)
    code = f"def {name}{record.signature}:\n    raise NotImplementedError('write it')"
    assert checks.evaluate(name, student(code, name)).status == "not attempted"


def test_the_ids_kinds_and_points():
    got = [(lookup(n).id, lookup(n).kind, lookup(n).points) for n in NEW]
    assert got == [
        ("3.3", "implement", 2),
        ("3.4", "derive", 2),
        ("3.5", "find-the-bug", 1),
        ("4.3", "find-the-bug", 2),
        ("4.4", "diagnose", 1),
        ("4.5", "predict", 1),
    ]


# --- 3.3 MATLAB's order into numpy's -----------------------------------------------------------

MATLAB_TEMPLATE = """
def matlab_to_numpy(matlab_params, layer_sizes):
    pieces, start = [], 0
    for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:]):
        rows, cols = s_next, s + 1
        theta = matlab_params[start : start + rows * cols].reshape({shape}, order="{cut}")
        pieces.append(theta.ravel(order="{read}"))
        start += rows * cols
    return np.concatenate(pieces)
"""


@pytest.mark.parametrize(
    "shape, cut, read, index",
    [
        ("(rows, cols)", "C", "C", 0),  # numpy's row order used to cut: nothing changes
        ("(rows, cols)", "F", "F", 0),  # MATLAB's order both ways: nothing changes
        ("(cols, rows)", "C", "C", 0),
        ("(rows, cols)", "C", "F", 1),  # the conversion the wrong way round
        ("(cols, rows)", "F", "C", 1),  # the wrong reshape: rows and columns exchanged
    ],
)
def test_matlab_to_numpy_mistakes_are_named(shape, cut, read, index):
    assert_named("matlab_to_numpy", MATLAB_TEMPLATE.format(shape=shape, cut=cut, read=read), index)


def test_matlab_to_numpy_accepts_the_transposed_reshape():
    code = MATLAB_TEMPLATE.format(shape="(cols, rows)", cut="C", read="C").replace(".ravel(", ".T.ravel(")
    assert checks.evaluate("matlab_to_numpy", student(code, "matlab_to_numpy")).passed


def test_matlab_to_numpy_may_not_call_roll():
    code = "def matlab_to_numpy(v, layer_sizes):\n    return nl.unroll(nl.roll(v, layer_sizes, order='F'))"
    verdict = checks.evaluate("matlab_to_numpy", student(code, "matlab_to_numpy"))
    assert verdict.status == "failed" and "without nnlesson's own" in verdict.details[1]


# --- 3.4 the gradient at Θ = 0 -----------------------------------------------------------------

ZERO_TEMPLATE = """
def gradient_at_zero(layer_sizes, y, lam):
    K, m = layer_sizes[-1], len(y)
    share = np.bincount(y, minlength=K) / m
    last = np.outer({delta}, np.r_[{bias}, np.full(layer_sizes[-2], {a})])
    earlier = [np.zeros((b, a + 1)) for a, b in zip(layer_sizes[:-2], layer_sizes[1:-1])]
    return np.concatenate([g.ravel() for g in earlier] + [last.ravel()])
"""


@pytest.mark.parametrize(
    "delta, bias, a, index",
    [
        ("share - 0.5", "1.0", "0.5", 0),
        ("-share", "1.0", "0.0", 1),
        ("0.5 - share", "0.5", "0.5", 2),
        ("m * (0.5 - share)", "1.0", "0.5", 3),
    ],
)
def test_gradient_at_zero_mistakes_are_named(delta, bias, a, index):
    assert_named("gradient_at_zero", ZERO_TEMPLATE.format(delta=delta, bias=bias, a=a), index)


def test_gradient_at_zero_may_not_run_the_network():
    code = """
def gradient_at_zero(layer_sizes, y, lam):
    thetas = [np.zeros((b, a + 1)) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
    return nl.unroll(nl.nn_cost_function(thetas, np.zeros((len(y), layer_sizes[0])), y, lam)[1])"""
    assert checks.evaluate("gradient_at_zero", student(code, "gradient_at_zero")).status == "failed"


# --- 3.5 find the bug: the regularized gradient --------------------------------------------------

BUGGY_LINE = "grads.append(Delta / m + lam / m * theta)"


@pytest.mark.parametrize(
    "fix, index",
    [
        (BUGGY_LINE, 0),  # the bug left in place
        ("grads.append(Delta / m)", 1),
        (
            "grads.append(Delta / m + lam / (2 * m) * np.hstack([np.zeros((len(theta), 1)), theta[:, 1:]]))",
            2,
        ),
        ("grads.append(Delta / m + lam / m * theta); grads[-1][:, 0] = 0", 3),
    ],
)
def test_regularized_gradient_mistakes_are_named(fix, index):
    assert_named("regularized_gradient", BUGGY_REGULARIZED_GRADIENT.replace(BUGGY_LINE, fix), index)


def test_regularized_gradient_fixed_in_place_is_told_to_work_on_a_copy():
    code = BUGGY_REGULARIZED_GRADIENT.replace(BUGGY_LINE, "theta[:, 0] = 0; " + BUGGY_LINE)
    verdict = checks.evaluate("regularized_gradient", student(code, "regularized_gradient"))
    assert verdict.status == "failed" and "changed its argument thetas in place" in verdict.details[1]


# --- 4.3 find the bug with a gradient check --------------------------------------------------------

ACTIVATION_BUG = "nl.sigmoid_gradient(a[l])"
FIXED = BUGGY_BACKPROPAGATION.replace(ACTIVATION_BUG, "a[l] * (1 - a[l])")
GALLERY = [
    ("gradient_of_activation", BUGGY_BACKPROPAGATION),
    ("regularized_bias", FIXED.replace("grad[:, 1:] += lam / m * thetas[l][:, 1:]", "grad += lam / m * thetas[l]")),
    ("missing_1_over_m", FIXED.replace("a[l]]) / m", "a[l]])")),
    ("flipped_output_delta", FIXED.replace("delta = a[-1] - Y", "delta = Y - a[-1]")),
    ("ufldl_lambda", FIXED.replace("J += lam / (2 * m) *", "J += lam / 2 *")),
    ("transposed_unroll", FIXED.replace("nl.unroll(grads)", "np.concatenate([g.ravel(order='F') for g in grads])")),
]


@pytest.mark.parametrize("bug, code", GALLERY, ids=[bug for bug, _ in GALLERY])
def test_fixed_cost_and_gradient_names_each_gallery_bug(bug, code):
    assert code != FIXED
    verdict = checks.evaluate("fixed_cost_and_gradient", student(code, "fixed_cost_and_gradient"))
    assert verdict.status == "failed"
    assert verdict.diagnosis == nl.bugs.BUGS[bug].description


def test_the_planted_bug_is_the_first_mistake_and_the_one_line_fix_passes():
    assert descriptions("fixed_cost_and_gradient")[0] == nl.bugs.BUGS["gradient_of_activation"].description
    fixed = student(FIXED, "fixed_cost_and_gradient")
    assert all(checks.evaluate("fixed_cost_and_gradient", fixed, seed=seed).passed for seed in (0, 1))


def test_the_planted_bug_is_caught_by_a_gradient_check_in_the_suspicious_band():
    buggy = student(BUGGY_BACKPROPAGATION, "fixed_cost_and_gradient")
    sizes, X, y = [3, 4, 3], np.random.default_rng(0).normal(size=(6, 3)), np.arange(6) % 3
    theta = nl.unroll(nl.rand_initialize_weights(sizes, rng=1))
    numeric = nl.gradcheck.numerical_gradient(lambda p: buggy(p, sizes, X, y, 1.0)[0], theta)
    analytic = buggy(theta, sizes, X, y, 1.0)[1]
    assert nl.gradcheck.relative_error(numeric, analytic) > 1e-6
    last = slice(4 * 4, None)  # Θ^(2), computed before any hidden delta, is right
    assert nl.gradcheck.relative_error(numeric[last], analytic[last]) < 1e-9


# --- 4.4 and 4.5: the choices ----------------------------------------------------------------------

CHOICES = [("diagnose_report", "abcde", "c"), ("predict_float32_floor", "abcd", "b")]


@pytest.mark.parametrize("name, letters, right", CHOICES)
def test_every_wrong_letter_fails_and_says_why(name, letters, right):
    wrong = [letter for letter in letters if letter != right]
    assert len(wrong) == len(descriptions(name))
    for letter, description in zip(wrong, descriptions(name)):
        verdict = checks.evaluate(name, student(f"def {name}():\n    return {letter.upper()!r}", name))
        assert verdict.status == "failed"
        assert verdict.diagnosis == description and description.startswith(f"{letter}:")
        assert f"'{right}'" not in " ".join(verdict.details)


@pytest.mark.parametrize("name, letters, right", CHOICES)
def test_the_right_letter_passes_whatever_its_case_and_spaces(name, letters, right):
    fn = student(f"def {name}():\n    return ' {right.upper()} '", name)
    assert checks.evaluate(name, fn).passed


def test_the_float32_floor_is_where_the_prediction_says():
    sizes, X, y = [3, 5, 3], nl.debug_initialize_weights(5, 2), np.arange(1, 6) % 3
    theta = nl.unroll([nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)])
    J = lambda v: float(np.float32(nl.nn_cost_function_unrolled(v, sizes, X, y, lam=3.0)[0]))
    grad = nl.nn_cost_function_unrolled(theta, sizes, X, y, lam=3.0)[1]
    sweep = nl.gradcheck.epsilon_sweep(J, theta, grad)
    assert 1e-3 <= sweep.epsilons[np.argmin(sweep.two_sided)] <= 1e-1


def test_the_diagnosed_report_is_what_the_gallery_bug_gives():
    thetas = [nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)]
    X, y = nl.debug_initialize_weights(5, 2), np.arange(1, 6) % 3
    bug = nl.bugs.BUGS["regularized_bias"].cost_function
    errors = {lam: nl.gradcheck.check_gradients(thetas, X, y, lam=lam, cost_function=bug) for lam in (0.0, 3.0, 100.0)}
    assert errors[0.0].relative_error < 1e-9
    assert np.isclose(errors[3.0].relative_error, 1e-1, rtol=0.5)
    assert np.isclose(errors[100.0].relative_error, 3e-1, rtol=0.5)
    assert all(e.is_bias for lam in (3.0, 100.0) for e in errors[lam].worst)


# --- the complex step in notebook 04's ε sweep -------------------------------------------------


def test_the_epsilon_sweep_draws_the_complex_step_when_the_sweep_has_it():
    import matplotlib

    matplotlib.use("Agg")
    from nnlesson import plots

    thetas = [nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)]
    X, y = nl.debug_initialize_weights(5, 2), np.arange(1, 6) % 3
    J = nl.gradcheck.network_complex_cost(thetas, X, y, lam=3.0)
    theta = nl.unroll(thetas)
    grad = nl.nn_cost_function_unrolled(theta, [3, 5, 3], X, y, lam=3.0)[1]
    sweep = nl.gradcheck.epsilon_sweep(J, theta, grad, epsilons=np.logspace(-14, 0, 8), complex_step=True)
    labels = [line.get_label() for line in plots.plot_epsilon_sweep(sweep).lines]
    assert sum(label.startswith("complex step") for label in labels) == 1
    assert np.all(sweep.complex_step[:4] < 1e-14) and sweep.two_sided[0] > 1e-4
    without = plots.plot_epsilon_sweep(sweep._replace(complex_step=None))
    assert not any(line.get_label().startswith("complex step") for line in without.lines)
    broken = sweep._replace(complex_step=sweep.complex_step[:-1])
    with pytest.raises(ValueError, match="must have one length"):
        plots.plot_epsilon_sweep(broken)
