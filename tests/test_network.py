import numpy as np
import pytest

from nnlesson import (
    backpropagate,
    forward_propagate,
    nn_cost_function,
    nn_cost_function_loop,
    nn_cost_function_unrolled,
    one_hot,
    predict,
    roll,
    unroll,
)
from nnlesson.activations import ACTIVATIONS, Activation
from nnlesson.costs import COSTS
from nnlesson.network import backward, forward

from conftest import central_difference, random_network, rel_error

LN2, LN3 = np.log(2.0), np.log(3.0)

# A 2-2-1 network worked by hand, one example x = (1, 1), target y = 1.
#
#   Θ1 = [[0,   1, -1],      z2 = Θ1 [1, 1, 1]ᵀ = [0 + 1 - 1, ln3] = [0, ln3]
#         [ln3, 0,  0]]      a2 = g(z2) = [1/2, 1/(1 + 1/3)] = [1/2, 3/4]
#   Θ2 = [[0, 2 ln2, 0]]     z3 = 0 + 2 ln2 · 1/2 + 0 · 3/4 = ln2
#                            a3 = g(ln2) = 1/(1 + 1/2) = 2/3
#
# Cost, λ = 0:  J = -log(2/3) = log(3/2).
# Deltas:       δ3 = a3 - y = -1/3
#               δ2 = (δ3 Θ2[:, 1:]) ⊙ g'(z2) = (-1/3)[2 ln2, 0] ⊙ [1/4, 3/16] = [-ln2/6, 0]
# Gradients (m = 1):
#               ∂J/∂Θ2 = δ3 [1, a2] = -1/3 [1, 1/2, 3/4] = [-1/3, -1/6, -1/4]
#               ∂J/∂Θ1 = δ2ᵀ [1, x] = [[-ln2/6] * 3, [0, 0, 0]]
# With λ = 1 the penalty skips column 0:
#               J += 1/2 (1² + (-1)² + (2 ln2)²) = 1 + 2 ln²2
#               ∂J/∂Θ1 += [[0, 1, -1], [0, 0, 0]],  ∂J/∂Θ2 += [0, 2 ln2, 0]
HAND_THETAS = [np.array([[0.0, 1.0, -1.0], [LN3, 0.0, 0.0]]), np.array([[0.0, 2 * LN2, 0.0]])]
HAND_X = np.array([[1.0, 1.0]])
HAND_Y = np.array([[1.0]])


def test_hand_worked_forward_pass():
    fp = forward_propagate(HAND_THETAS, HAND_X)
    np.testing.assert_allclose(fp.z(2), [[0.0, LN3]], atol=1e-15)
    np.testing.assert_allclose(fp.a(2), [[0.5, 0.75]], rtol=1e-15)
    np.testing.assert_allclose(fp.z(3), [[LN2]], rtol=1e-15)
    np.testing.assert_allclose(fp.output, [[2 / 3]], rtol=1e-15)
    np.testing.assert_array_equal(fp.a(1, bias=True), [[1.0, 1.0, 1.0]])


def test_hand_worked_deltas():
    bp = backpropagate(HAND_THETAS, HAND_X, HAND_Y)
    np.testing.assert_allclose(bp.delta(3), [[-1 / 3]], rtol=1e-15)
    np.testing.assert_allclose(bp.delta(2), [[-LN2 / 6, 0.0]], rtol=1e-14, atol=1e-17)


def test_hand_worked_cost_and_gradient_without_regularization():
    J, (g1, g2) = nn_cost_function(HAND_THETAS, HAND_X, HAND_Y)
    assert pytest.approx(np.log(1.5), rel=1e-15) == J
    np.testing.assert_allclose(g2, [[-1 / 3, -1 / 6, -1 / 4]], rtol=1e-15)
    np.testing.assert_allclose(g1, [[-LN2 / 6] * 3, [0, 0, 0]], rtol=1e-14, atol=1e-17)


def test_hand_worked_cost_and_gradient_with_regularization():
    J, (g1, g2) = nn_cost_function(HAND_THETAS, HAND_X, HAND_Y, lam=1.0)
    assert pytest.approx(np.log(1.5) + 1 + 2 * LN2**2, rel=1e-15) == J
    np.testing.assert_allclose(g1, [[-LN2 / 6, 1 - LN2 / 6, -1 - LN2 / 6], [0, 0, 0]], rtol=1e-14, atol=1e-17)
    np.testing.assert_allclose(g2, [[-1 / 3, -1 / 6 + 2 * LN2, -1 / 4]], rtol=1e-14)


ARCHITECTURES = [[3, 2], [4, 5, 3], [2, 4, 3, 2], [3, 4, 2, 3, 4]]  # L = 2 … 5


@pytest.mark.parametrize("layer_sizes", ARCHITECTURES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
@pytest.mark.parametrize("lam", [0.0, 1.3])
def test_analytic_gradient_matches_central_differences(rng, layer_sizes, cost, lam):
    thetas, X, y = random_network(rng, layer_sizes, m=7)
    _, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost)
    f = lambda v: nn_cost_function_unrolled(v, layer_sizes, X, y, lam=lam, cost=cost)[0]
    numeric = central_difference(f, unroll(thetas), eps=1e-5)
    assert rel_error(unroll(grads), numeric) < 1e-9


@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
def test_relu_hidden_layers_have_the_right_gradient_away_from_kinks(rng, cost):
    thetas, X, y = random_network(rng, [3, 6, 4, 2], m=5)
    fp = forward_propagate(thetas, X, activation="relu")
    assert min(np.abs(z).min() for z in fp.zs) > 1e-3  # no z within reach of the kink
    f = lambda v: nn_cost_function_unrolled(v, [3, 6, 4, 2], X, y, cost=cost, activation="relu")[0]
    _, grads = nn_cost_function(thetas, X, y, cost=cost, activation="relu")
    assert rel_error(unroll(grads), central_difference(f, unroll(thetas), eps=1e-6)) < 1e-8


@pytest.mark.parametrize("layer_sizes", ARCHITECTURES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
@pytest.mark.parametrize("lam", [0.0, 2.0])
def test_per_example_loop_equals_the_vectorized_version(rng, layer_sizes, cost, lam):
    thetas, X, y = random_network(rng, layer_sizes, m=9)
    J, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost)
    J_loop, grads_loop = nn_cost_function_loop(thetas, X, y, lam=lam, cost=cost)
    assert J_loop == pytest.approx(J, rel=1e-12, abs=1e-12)
    for g, g_loop in zip(grads, grads_loop):
        np.testing.assert_allclose(g_loop, g, rtol=1e-12, atol=1e-12)


def test_each_delta_is_m_times_the_derivative_of_J_with_respect_to_z(rng):
    # δ^(l) = m ∂J/∂z^(l): perturb z^(2) of one example and one unit, re-run the rest.
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    bp = backpropagate(thetas, X, y)
    Y = one_hot(y, 2)
    z2 = bp.forward.z(2)

    def J_of_z2(z):
        a2 = 1 / (1 + np.exp(-z))
        a3 = 1 / (1 + np.exp(-(a2 @ thetas[1][:, 1:].T + thetas[1][:, 0])))
        return -np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)) / 5

    numeric = central_difference(J_of_z2, z2, eps=1e-5)
    np.testing.assert_allclose(bp.delta(2), 5 * numeric, rtol=1e-7, atol=1e-9)


def test_gradient_shapes_equal_theta_shapes(rng):
    thetas, X, y = random_network(rng, [5, 3, 4, 2], m=4)
    _, grads = nn_cost_function(thetas, X, y)
    assert [g.shape for g in grads] == [t.shape for t in thetas]


def test_labels_and_one_hot_targets_give_the_same_result(rng):
    thetas, X, y = random_network(rng, [3, 4, 3], m=6)
    J1, g1 = nn_cost_function(thetas, X, y, lam=0.5)
    J2, g2 = nn_cost_function(thetas, X, one_hot(y, 3), lam=0.5)
    assert J1 == J2
    for a, b in zip(g1, g2):
        np.testing.assert_array_equal(a, b)


def test_one_output_is_logistic_regression(rng):
    # L = 2, K = 1: J is the logistic-regression cost of Khanafer's equation 2.
    theta = rng.normal(size=(1, 4))
    X = rng.normal(size=(8, 3))
    y = (rng.random(8) > 0.5).astype(float)
    h = 1 / (1 + np.exp(-(theta[0, 0] + X @ theta[0, 1:])))
    lam = 0.3
    expected = -np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)) + lam / 16 * np.sum(theta[0, 1:] ** 2)
    J, (grad,) = nn_cost_function([theta], X, y, lam=lam)
    assert pytest.approx(expected, rel=1e-13) == J
    np.testing.assert_allclose(grad[0, 1:], X.T @ (h - y) / 8 + lam / 8 * theta[0, 1:], rtol=1e-12)


@pytest.mark.parametrize("z", [1e3, 1e4])
@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
def test_huge_z_gives_a_finite_exact_cost_and_gradient(z, cost):
    # One input x = ±1 and weight z: example 1 has z^(2) = +z with target 0,
    # example 2 has z^(2) = -z with target 1. Both are wrong by the whole margin.
    thetas = [np.array([[0.0, z]])]
    X = np.array([[1.0], [-1.0]])
    y = np.array([0.0, 1.0])
    J, (grad,) = nn_cost_function(thetas, X, y, cost=cost)
    if cost == "cross_entropy":
        assert z == J  # -log(1 - g(z)) = log(1 + e^z) = z to double precision
        np.testing.assert_array_equal(grad, [[0.0, 1.0]])  # (a - y) = ±1, times x = ±1
    else:
        assert J == 0.5  # ½(1² + 1²) / 2
        np.testing.assert_array_equal(grad, [[0.0, 0.0]])  # g'(±z) underflows to 0


def test_literal_log_formula_would_give_inf_where_ours_is_finite():
    a3 = 1 / (1 + np.exp(-np.float64(40.0)))
    with np.errstate(divide="ignore"):
        assert np.isinf(np.log(1 - a3))  # what the articles' line computes at z = 40
    J, _ = nn_cost_function([np.array([[40.0, 0.0]])], np.array([[0.0]]), np.array([0.0]))
    assert pytest.approx(40.0 + np.log1p(np.exp(-40.0)), rel=1e-15) == J


def test_inputs_are_never_modified(rng):
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    copies = [t.copy() for t in thetas], X.copy(), y.copy()
    nn_cost_function(thetas, X, y, lam=1.0)
    nn_cost_function_loop(thetas, X, y, lam=1.0)
    backpropagate(thetas, X, y)
    for t, c in zip(thetas, copies[0]):
        np.testing.assert_array_equal(t, c)
    np.testing.assert_array_equal(X, copies[1])
    np.testing.assert_array_equal(y, copies[2])


def test_unrolled_cost_function_in_matlab_order(rng):
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    J, grads = nn_cost_function(thetas, X, y, lam=0.4)
    J_f, grad_f = nn_cost_function_unrolled(unroll(thetas, order="F"), [3, 4, 2], X, y, lam=0.4, order="F")
    assert J_f == J
    for g, g_f in zip(grads, roll(grad_f, [3, 4, 2], order="F")):
        np.testing.assert_array_equal(g, g_f)


def test_predict_returns_the_most_active_output(rng):
    thetas, X, _ = random_network(rng, [3, 5, 4], m=10)
    fp = forward_propagate(thetas, X)
    np.testing.assert_array_equal(predict(thetas, X), np.argmax(fp.output, axis=1))
    assert predict(thetas, X).dtype.kind == "i"


def test_predict_with_one_output_thresholds_at_one_half():
    np.testing.assert_array_equal(predict([np.array([[0.0, 1.0]])], np.array([[-2.0], [0.0], [3.0]])), [0, 1, 1])


def test_forward_pass_numbering_follows_the_notebooks(rng):
    thetas, X, _ = random_network(rng, [3, 4, 2], m=5)
    fp = forward_propagate(thetas, X)
    assert fp.L == 3
    np.testing.assert_array_equal(fp.a(1), X)
    with pytest.raises(ValueError, match=r"layer number 2..3"):
        fp.z(1)
    with pytest.raises(ValueError, match=r"layer number 1..3"):
        fp.a(4)
    assert repr(fp) == "ForwardPass(L=3: a1 (5, 3), z2 (5, 4), a2 (5, 4), z3 (5, 2), a3 (5, 2))"


def test_an_activation_without_a_gradient_from_output_uses_its_own_derivative(rng):
    # The network takes g'(z) from a = g(z) only when the activation says
    # how; any other (g, g') pair, such as a planted bug, must be used as given.
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    Y = np.eye(2)[y]
    sigmoid = ACTIVATIONS["sigmoid"]
    doubled = Activation(sigmoid.function, lambda z: 2 * sigmoid.gradient(z))
    plain = backward(thetas, forward(thetas, X, sigmoid), Y, COSTS["cross_entropy"], sigmoid)
    twice = backward(thetas, forward(thetas, X, doubled), Y, COSTS["cross_entropy"], doubled)
    np.testing.assert_allclose(twice.delta(2), 2 * plain.delta(2), rtol=1e-15)
