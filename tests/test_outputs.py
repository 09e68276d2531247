"""Every hidden activation with every output layer and cost: against autodiff, finite differences and the loop."""

import itertools

import _autodiff as ad
import numpy as np
import pytest

import nnlesson as nl
from nnlesson import network
from nnlesson.costs import LOSSES, MATCHING, output_delta

from conftest import central_difference, rel_error

PAIRS = sorted(LOSSES)  # (cost, output)
ACTIVATIONS = ["sigmoid", "relu", "tanh"]
ARCHITECTURES = [([3, 2], 1), ([4, 5, 3], 7), ([2, 4, 3, 2], 2), ([3, 3, 4, 2, 3], 5), ([5, 6, 1], 4)]
CASES = [
    (sizes, m, act, pair, lam)
    for (sizes, m), act, pair, lam in itertools.product(ARCHITECTURES, ACTIVATIONS, PAIRS, [0.0, 0.7])
    if not (pair[1] == "softmax" and sizes[-1] == 1)
]


def problem(seed, sizes, m, cost, output):
    rng = np.random.default_rng([20261202, seed])
    thetas = [rng.normal(scale=0.8, size=(s_next, s + 1)) for s, s_next in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(m, sizes[0]))
    K = sizes[-1]
    if output == "identity":
        Y = rng.normal(size=(m, K))
    elif output == "softmax":
        Y = np.eye(K)[rng.integers(0, K, size=m)]
    else:
        Y = rng.random((m, K))  # soft targets in [0, 1]: one yes/no per unit
    return thetas, X, Y


def autodiff(thetas, X, Y, lam, cost, activation, output):
    variables = [ad.Var(t) for t in thetas]
    J, zs = ad.network_cost(variables, X, Y, lam, cost, activation, output)
    grads = ad.grad(J, variables + zs)
    return float(J.value), grads[: len(thetas)], grads[len(thetas) :]


def case_id(case):
    sizes, m, act, (cost, out), lam = case
    return f"{'-'.join(map(str, sizes))}-m{m}-{act}-{cost}-{out}-lam{lam}"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_cost_and_gradients_agree_with_autodiff_and_finite_differences(case):
    sizes, m, act, (cost, out), lam = case
    thetas, X, Y = problem(CASES.index(case), sizes, m, cost, out)
    J, grads = nl.nn_cost_function(thetas, X, Y, lam=lam, cost=cost, activation=act, output=out)
    J_ad, grads_ad, dz_ad = autodiff(thetas, X, Y, lam, cost, act, out)
    # the literal log(1 - a) of the autodiff loses digits where a is near 1 (1 - a cancels)
    assert pytest.approx(J_ad, rel=1e-10) == J
    assert rel_error(nl.unroll(grads), nl.unroll(grads_ad)) < 1e-9

    def J_of(v):
        return nl.nn_cost_function(nl.roll(v, sizes), X, Y, lam=lam, cost=cost, activation=act, output=out)[0]

    numeric = central_difference(J_of, nl.unroll(thetas))
    assert rel_error(nl.unroll(grads), numeric) < 1e-9

    # δ^(l) = m ∂J/∂z^(l), every layer
    bp = nl.backpropagate(thetas, X, Y, cost=cost, activation=act, output=out)
    for l, dz in zip(range(2, len(sizes) + 1), dz_ad):
        np.testing.assert_allclose(bp.delta(l), m * dz, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_per_example_loop_agrees_with_the_vectorized_network(case):
    sizes, m, act, (cost, out), lam = case
    thetas, X, Y = problem(CASES.index(case), sizes, m, cost, out)
    J, grads = nl.nn_cost_function(thetas, X, Y, lam=lam, cost=cost, activation=act, output=out)
    J_loop, grads_loop = nl.nn_cost_function_loop(thetas, X, Y, lam=lam, cost=cost, activation=act, output=out)
    assert J_loop == pytest.approx(J, rel=1e-12)
    for g, g_loop in zip(grads, grads_loop):
        np.testing.assert_allclose(g_loop, g, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("pair", PAIRS)
def test_complex_step_gives_the_gradient_to_round_off(activation, pair):
    # Im J(Θ + ih e_k) / h has no subtraction, so it matches backprop to ~1e-15,
    # which needs every function of the cost to be analytic (the core's
    # complex path: sigmoid, tanh, softmax, softplus, the penalty's squares).
    cost, out = pair
    sizes = [3, 4, 3]
    thetas, X, Y = problem(99, sizes, 5, cost, out)
    thetas_, p = nl.prepare(thetas, X, Y, 0.3, cost, activation, out)
    _, grads = network.cost_and_gradients(thetas_, p)
    theta = nl.unroll(thetas)
    h = 1e-30
    numeric = np.empty_like(theta)
    for k in range(theta.size):
        shifted = theta.astype(complex)
        shifted[k] += 1j * h
        numeric[k] = np.imag(network.cost(_complex_roll(shifted, sizes), p)) / h
    assert rel_error(nl.unroll(grads), numeric) < 1e-13


def _complex_roll(v, sizes):
    out, start = [], 0
    for s, s_next in zip(sizes[:-1], sizes[1:]):
        out.append(v[start : start + s_next * (s + 1)].reshape(s_next, s + 1))
        start += s_next * (s + 1)
    return out


def test_the_matching_pairs_give_a_minus_y_and_the_others_the_chain_rule():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(4, 3))
    Y = np.eye(3)[[0, 2, 1, 1]]
    for cost, out in PAIRS:
        a = nl.activations.OUTPUTS[out].function(z)
        delta = output_delta(cost, out, z, a, Y)
        if (cost, out) in MATCHING:
            np.testing.assert_array_equal(delta, a - Y)
        elif out == "sigmoid":
            np.testing.assert_allclose(delta, (a - Y) * a * (1 - a), rtol=1e-15)
        else:  # softmax with the squared error: the full Jacobian, example by example
            for i in range(4):
                jacobian = np.diag(a[i]) - np.outer(a[i], a[i])
                np.testing.assert_allclose(delta[i], jacobian.T @ (a[i] - Y[i]), rtol=1e-13, atol=1e-16)


def test_softmax_rows_sum_to_one_and_survive_huge_inputs():
    z = np.array([[1e4, 0.0, -1e4], [3.0, 3.0, 3.0]])
    a = nl.softmax(z)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(a[1], 1 / 3, rtol=1e-15)
    thetas = [np.array([[0.0, 1e4], [0.0, -1e4]])]
    J, grads = nl.nn_cost_function(thetas, np.array([[1.0]]), np.array([1]), output="softmax")
    assert pytest.approx(2e4, rel=1e-12) == J  # -log softmax = 2e4, finite
    assert all(np.isfinite(g).all() for g in grads)


def test_predict_returns_labels_for_classifiers_and_values_for_identity():
    rng = np.random.default_rng(5)
    thetas = [rng.normal(size=(4, 3)), rng.normal(size=(3, 5))]
    X = rng.normal(size=(6, 2))
    fp = nl.forward_propagate(thetas, X, output="softmax")
    np.testing.assert_array_equal(nl.predict(thetas, X, output="softmax"), fp.output.argmax(axis=1))
    np.testing.assert_array_equal(nl.predict(thetas, X), nl.forward_propagate(thetas, X).output.argmax(axis=1))
    values = nl.predict(thetas, X, activation="tanh", output="identity")
    np.testing.assert_array_equal(values, nl.forward_propagate(thetas, X, activation="tanh", output="identity").output)
    assert values.dtype == np.float64 and values.shape == (6, 3)


def test_default_output_gives_the_articles_numbers():
    rng = np.random.default_rng(7)
    thetas, X = [rng.normal(size=(5, 4)), rng.normal(size=(3, 6))], rng.normal(size=(8, 3))
    y = rng.integers(0, 3, size=8)
    J, grads = nl.nn_cost_function(thetas, X, y, lam=1.0)
    J2, grads2 = nl.nn_cost_function(thetas, X, y, lam=1.0, output="sigmoid")
    assert J == J2 and all(np.array_equal(a, b) for a, b in zip(grads, grads2))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"cost": "cross_entropy", "output": "identity"},
            ValueError,
            r"output must be one of \['sigmoid', 'softmax'\]",
        ),
        ({"output": "relu"}, ValueError, r"output must be one of"),
        ({"output": 3}, TypeError, r"output must be a string"),
        ({"activation": "softmax"}, ValueError, r"activation must be one of"),
    ],
)
def test_bad_output_choices_are_named(kwargs, error, message):
    thetas, X = [np.zeros((3, 3))], np.zeros((2, 2))
    for f in (nl.nn_cost_function, nl.nn_cost_function_loop):
        with pytest.raises(error, match=message):
            f(thetas, X, np.array([0, 1]), **kwargs)


def test_softmax_needs_two_outputs_and_distributions_as_targets():
    X = np.zeros((2, 2))
    with pytest.raises(ValueError, match="output='softmax' needs at least 2 output units"):
        nl.nn_cost_function([np.zeros((1, 3))], X, np.array([0.0, 1.0]), output="softmax")
    with pytest.raises(ValueError, match="output='softmax' needs at least 2 output units"):
        nl.forward_propagate([np.zeros((1, 3))], X, output="softmax")
    with pytest.raises(ValueError, match=r"row 1 sums to 0\.5"):
        nl.nn_cost_function([np.zeros((2, 3))], X, np.array([[0.0, 1.0], [0.5, 0.0]]), output="softmax")
    # the squared error takes any targets, even with a softmax output
    J, _ = nl.nn_cost_function(
        [np.zeros((2, 3))], X, np.array([[0.0, 3.0], [0.5, 0.0]]), cost="half_squared_error", output="softmax"
    )
    assert pytest.approx((0.25 + 6.25 + 0 + 0.25) / 4) == J


def test_unrolled_cost_checks_only_the_vector_and_explains_a_divergence():
    rng = np.random.default_rng(11)
    thetas = nl.rand_initialize_weights([3, 4, 2], rng=rng)
    X, y = rng.normal(size=(5, 3)), rng.integers(0, 2, size=5)
    _, p = nl.prepare(thetas, X, y, lam=0.5)
    J = network.unrolled_cost(p, order="F")
    value, grad = J(nl.unroll(thetas, order="F"))
    expected, grads = nl.nn_cost_function(thetas, X, y, lam=0.5)
    assert value == expected
    np.testing.assert_array_equal(grad, nl.unroll(grads, order="F"))
    with pytest.raises(ValueError, match=r"theta must have shape \(26,\)"):
        J(np.zeros(25))
    bad = nl.unroll(thetas)
    bad[3] = np.nan
    with pytest.raises(ValueError, match="theta contains NaN at index 3"):
        J(bad)
    with pytest.raises(ValueError, match="the cost is not finite"):
        network.unrolled_cost(p.with_lam(1.0))(np.full(26, 1e200))
