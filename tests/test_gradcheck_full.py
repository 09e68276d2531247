"""The full check for every architecture, hidden activation and (cost, output) pair, against oracles.

The oracle is the plain two-sided difference of the cost, computed here
from scratch in extended precision (``np.longdouble``), so that its own
round-off (about ``1e-19 |J| / ε``) is far below the float64 check's.
"""

import warnings

import numpy as np
import pytest

from nnlesson import nn_cost_function, nn_cost_function_unrolled, roll, unroll
from nnlesson.activations import ACTIVATIONS
from nnlesson.gradcheck import (
    check_deltas,
    check_gradients,
    complex_step_gradient,
    epsilon_sweep,
    network_complex_cost,
    network_complex_step_gradient,
    network_cost_batch,
    network_numerical_gradient,
    numerical_gradient,
    relative_error,
)
from nnlesson.gradcheck.series import SLOPES

from conftest import random_network

PAIRS = [
    ("cross_entropy", "sigmoid"),
    ("cross_entropy", "softmax"),
    ("half_squared_error", "sigmoid"),
    ("half_squared_error", "softmax"),
    ("half_squared_error", "identity"),
]
ACTIVATION_NAMES = ["sigmoid", "tanh", "relu"]
ARCHITECTURES = [[3, 2], [4, 5, 3], [2, 4, 3, 2]]  # L = 2, 3, 4


def problem(rng, sizes, cost, m=7, scale=1.0):
    thetas, X, y = random_network(rng, sizes, m=m, scale=scale)
    if cost == "half_squared_error":
        y = rng.normal(size=(m, sizes[-1]))  # real targets, not labels
    return thetas, X, y


def precise_cost(thetas, X, y, lam, cost, activation, output):
    """J from scratch in np.longdouble: the layer step, g, the output and the cost, written out."""
    f = np.longdouble
    a = np.asarray(X, dtype=f)
    K = thetas[-1].shape[0]
    Y = np.asarray(y, dtype=f) if np.ndim(y) == 2 else (np.arange(K) == np.asarray(y)[:, None]).astype(f)
    if K == 1 and np.ndim(y) == 1:
        Y = np.asarray(y, dtype=f)[:, None]
    for l, t in enumerate(thetas):
        t = np.asarray(t, dtype=f)
        z = a @ t[:, 1:].T + t[:, 0]
        if l < len(thetas) - 1:
            a = {"sigmoid": lambda v: 1 / (1 + np.exp(-v)), "tanh": np.tanh, "relu": lambda v: np.maximum(v, f(0))}[
                activation
            ](z)
    if output == "softmax":
        shifted = z - z.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        terms = -Y * log_p if cost == "cross_entropy" else (np.exp(log_p) - Y) ** 2 / 2
    elif output == "sigmoid":
        softplus = lambda v: np.maximum(v, f(0)) + np.log1p(np.exp(-np.abs(v)))
        terms = (
            Y * softplus(-z) + (1 - Y) * softplus(z) if cost == "cross_entropy" else (1 / (1 + np.exp(-z)) - Y) ** 2 / 2
        )
    else:
        terms = (z - Y) ** 2 / 2
    m = X.shape[0]
    return terms.sum() / m + f(lam) / (2 * m) * sum((np.asarray(t, dtype=f)[:, 1:] ** 2).sum() for t in thetas)


def precise_differences(thetas, X, y, lam, cost, activation, output, epsilon):
    """(J(θ + εe_i) - J(θ - εe_i)) / 2ε for every weight, each J in extended precision."""
    sizes = [thetas[0].shape[1] - 1] + [t.shape[0] for t in thetas]
    theta = unroll(thetas)
    out = np.empty(theta.size)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon  # the same float64 steps as the check takes
        minus[i] -= epsilon
        Jp = precise_cost(roll(plus, sizes), X, y, lam, cost, activation, output)
        Jm = precise_cost(roll(minus, sizes), X, y, lam, cost, activation, output)
        out[i] = float((Jp - Jm) / (2 * np.longdouble(epsilon)))
    return out


@pytest.mark.parametrize("sizes", ARCHITECTURES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("cost, output", PAIRS)
def test_full_check_gives_the_naive_check_s_numbers(rng, sizes, activation, cost, output):
    if output == "softmax" and sizes[-1] < 2:
        pytest.skip("a softmax needs two output units")
    thetas, X, y = problem(rng, sizes, cost)
    kwargs = dict(lam=0.7, cost=cost, activation=activation, output=output)
    fast, _ = network_numerical_gradient(thetas, X, y, **kwargs)
    J = lambda v: nn_cost_function_unrolled(v, sizes, X, y, **kwargs)[0]
    naive = numerical_gradient(J, unroll(thetas))
    precise = precise_differences(thetas, X, y, 0.7, cost, activation, output, 1e-4)
    assert relative_error(unroll(fast), naive) < 1e-10
    assert relative_error(unroll(fast), precise) < 1e-11  # at least as close to the exact differences


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("cost, output", PAIRS)
def test_full_check_is_the_finite_difference_not_the_derivative(rng, activation, cost, output):
    # ε = 1e-3 makes the secant differ from the tangent by about ε² J'''/6; the check must keep that
    # difference (it computes differences of J), to the digits extended precision can confirm.
    thetas, X, y = problem(rng, [4, 5, 3], cost, m=9, scale=0.5)
    kwargs = dict(lam=0.4, cost=cost, activation=activation, output=output)
    fast, _ = network_numerical_gradient(thetas, X, y, epsilon=1e-3, **kwargs)
    precise = precise_differences(thetas, X, y, 0.4, cost, activation, output, 1e-3)
    analytic = unroll(nn_cost_function(thetas, X, y, **kwargs)[1])
    assert relative_error(unroll(fast), precise) < 1e-12
    assert relative_error(unroll(fast), analytic) > 1e-9


@pytest.mark.parametrize("cost, output", PAIRS)
def test_huge_weights_and_steps_still_give_the_differences(rng, cost, output):
    # Far outside where a short series is exact: the check must evaluate the costs instead.
    thetas, X, y = problem(rng, [3, 4, 3], cost, m=6, scale=4.0)
    kwargs = dict(lam=0.2, cost=cost, activation="sigmoid", output=output)
    fast, _ = network_numerical_gradient(thetas, X, y, epsilon=0.5, **kwargs)
    precise = precise_differences(thetas, X, y, 0.2, cost, "sigmoid", output, 0.5)
    assert relative_error(unroll(fast), precise) < 1e-12


def test_huge_inputs_with_tiny_weights_and_steps_stay_finite(rng):
    # x ~ 1e110 and ε = 1e-115: each u = h x is ordinary, but x^3 and h^3 alone overflow and underflow.
    thetas = [rng.normal(size=(4, 4)) * 1e-110, rng.normal(size=(2, 5))]
    X, y = rng.normal(size=(5, 3)) * 1e110, np.arange(5) % 2
    fast, _ = network_numerical_gradient(thetas, X, y, epsilon=1e-115)
    analytic = nn_cost_function(thetas, X, y)[1]
    assert np.isfinite(unroll(fast)).all()
    assert relative_error(unroll(fast)[:16], unroll(analytic)[:16]) < 1e-8


def test_a_softmax_output_weight_moves_the_cost_of_every_unit_of_its_row(rng):
    # Perturbing Θ^(2)[k, i] changes z_k only, yet with a softmax every a_j of the row moves:
    # counting only unit k's term would miss the rest.
    thetas, X, y = problem(rng, [3, 4], "cross_entropy")
    fast, _ = network_numerical_gradient(thetas, X, y, output="softmax")
    analytic = nn_cost_function(thetas, X, y, output="softmax")[1]
    assert relative_error(unroll(fast), unroll(analytic)) < 1e-8


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("cost, output", PAIRS)
def test_check_gradients_and_check_deltas_pass_for_every_pair(rng, activation, cost, output):
    thetas, X, y = problem(rng, [3, 4, 3], cost, m=6, scale=0.5)
    kwargs = dict(cost=cost, activation=activation, output=output)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # ε = 1e-5: tanh's slope 1 at 0 (the sigmoid's is 1/4) makes ε² J'''/6 reach 1e-9 at ε = 1e-4
        report = check_gradients(thetas, X, y, lam=0.5, epsilon=1e-5, **kwargs)
        deltas = check_deltas(thetas, X, y, epsilon=1e-5, **kwargs)
    assert bool(report.kinks) == bool(caught)  # a warning exactly when a ReLU kink is crossed
    if not report.kinks:  # across a kink a secant is no derivative: nothing to pass
        assert report.passed and all(d.passed for d in deltas)
    assert activation == "relu" or not report.kinks


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("cost, output", PAIRS)
def test_batch_cost_is_the_cost_for_every_pair(rng, cost, output, activation):
    thetas, X, y = problem(rng, [3, 4, 3], cost, m=6)
    kwargs = dict(lam=0.3, cost=cost, activation=activation, output=output)
    J = network_cost_batch(thetas, X, y, **kwargs)
    assert J(unroll(thetas)) == pytest.approx(nn_cost_function(thetas, X, y, **kwargs)[0], rel=1e-13)


@pytest.mark.parametrize("name", sorted(SLOPES))
def test_the_series_slopes_are_the_activations_own(name):
    a = np.linspace(-0.99, 0.99, 11) if name == "tanh" else np.linspace(0.01, 0.99, 11)
    np.testing.assert_allclose(SLOPES[name](a), ACTIVATIONS[name].gradient_from_output(a), rtol=1e-15)


# --- complex steps ----------------------------------------------------------------------------


def test_complex_step_of_a_smooth_function_is_exact(rng):
    theta = rng.normal(size=5)
    J = lambda v: np.sum(np.sin(v)) + 0.5 * np.sum(v) ** 2
    exact = np.cos(theta) + theta.sum()
    assert relative_error(complex_step_gradient(J, theta), exact) < 1e-15
    assert relative_error(complex_step_gradient(J, theta, h=1e-200), exact) < 1e-15


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("cost, output", PAIRS)
def test_network_complex_step_matches_backpropagation(rng, activation, cost, output):
    thetas, X, y = problem(rng, [3, 4, 3], cost, m=6)
    kwargs = dict(lam=0.6, cost=cost, activation=activation, output=output)
    copies = [t.copy() for t in thetas]
    steps = network_complex_step_gradient(thetas, X, y, **kwargs)
    analytic = nn_cost_function(thetas, X, y, **kwargs)[1]
    assert relative_error(unroll(steps), unroll(analytic)) < 1e-13
    for t, c in zip(thetas, copies):
        np.testing.assert_array_equal(t, c)


def test_complex_step_refuses_relu_and_says_why(rng):
    thetas, X, y = problem(rng, [3, 4, 2], "cross_entropy")
    with pytest.raises(ValueError, match=r"activation='relu' cannot be differentiated by complex steps.*kink"):
        network_complex_step_gradient(thetas, X, y, activation="relu")
    with pytest.raises(ValueError, match=r"not analytic"):
        network_complex_cost(thetas, X, y, activation="relu")


def test_complex_step_rejects_a_J_that_drops_the_imaginary_part():
    with pytest.raises(TypeError, match=r"J must return a complex number.*drops the imaginary part"):
        complex_step_gradient(lambda v: float(np.sum(np.real(v) ** 2)), np.ones(3))


def test_the_sweep_s_complex_step_stays_at_round_off_where_the_central_difference_fails(rng):
    thetas, X, y = problem(rng, [3, 4, 3], "cross_entropy")
    J = network_complex_cost(thetas, X, y, lam=0.5)
    analytic = unroll(nn_cost_function(thetas, X, y, lam=0.5)[1])
    sweep = epsilon_sweep(J, unroll(thetas), analytic, epsilons=[1e-2, 1e-12, 1e-100, 1e-200], complex_step=True)
    assert np.all(sweep.complex_step[1:] < 1e-14)  # nothing subtracted: no round-off arm
    assert 1e-8 < sweep.complex_step[0] < 1e-2  # h² J'''/6, like the central difference's right arm
    assert sweep.two_sided[1] > 1e-6  # the central difference's round-off: the V's left arm
    assert epsilon_sweep(J, unroll(thetas), analytic, epsilons=[1e-4]).complex_step is None
