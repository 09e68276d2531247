import warnings

import numpy as np
import pytest

from nnlesson import (
    debug_initialize_weights,
    forward_propagate,
    nn_cost_function,
    nn_cost_function_unrolled,
    roll,
    unroll,
)
from nnlesson.gradcheck import (
    EpsilonSweep,
    KinkWarning,
    check_deltas,
    check_gradients,
    epsilon_sweep,
    network_cost_batch,
    network_numerical_gradient,
    numerical_gradient,
    relative_error,
    relative_error_elementwise,
)

from conftest import central_difference, random_network


def smooth(v):
    """J(θ) = Σ sin θ_i + ½ (Σ θ_i)², with gradient cos θ + Σ θ; works on (n,) and (p, n)."""
    return np.sin(v).sum(axis=-1) + 0.5 * v.sum(axis=-1) ** 2


def smooth_gradient(v):
    return np.cos(v) + v.sum()


def debug_network():
    """Ng's checkNNGradients set-up: 3-5-3, m = 5, weights and inputs from sin."""
    thetas = [debug_initialize_weights(5, 3), debug_initialize_weights(3, 5)]
    X = debug_initialize_weights(5, 2)
    y = np.arange(1, 6) % 3
    return thetas, X, y


def debug_J(lam=0.0):
    thetas, X, y = debug_network()
    J = lambda v: nn_cost_function_unrolled(v, [3, 5, 3], X, y, lam=lam)[0]
    return J, unroll(thetas), unroll(nn_cost_function(thetas, X, y, lam=lam)[1])


# --- numerical_gradient ---------------------------------------------------------------


def test_numerical_gradient_of_a_smooth_function_is_its_gradient(rng):
    theta = rng.normal(size=6)
    assert relative_error(numerical_gradient(smooth, theta), smooth_gradient(theta)) < 1e-8


def test_vectorized_path_gives_the_plain_paths_numbers(rng):
    theta = rng.normal(size=7)
    np.testing.assert_allclose(
        numerical_gradient(smooth, theta, vectorized=True), numerical_gradient(smooth, theta), rtol=1e-10, atol=1e-12
    )


def test_vectorized_path_in_small_batches_gives_the_same_numbers(rng):
    theta = rng.normal(size=7)
    np.testing.assert_array_equal(
        numerical_gradient(smooth, theta, vectorized=True, batch_size=2),
        numerical_gradient(smooth, theta, vectorized=True),
    )


def test_numerical_gradient_agrees_with_the_plain_loop_oracle():
    J, theta, _ = debug_J(lam=1.0)
    np.testing.assert_allclose(
        numerical_gradient(J, theta, epsilon=1e-5), central_difference(J, theta, eps=1e-5), rtol=1e-12, atol=1e-14
    )


def test_numerical_gradient_matches_backpropagation_to_ng_s_threshold():
    J, theta, analytic = debug_J(lam=3.0)
    assert relative_error(numerical_gradient(J, theta), analytic) < 1e-9


def test_numerical_gradient_never_modifies_theta(rng):
    theta = rng.normal(size=5)
    copy = theta.copy()
    numerical_gradient(smooth, theta)
    numerical_gradient(smooth, theta, vectorized=True)
    np.testing.assert_array_equal(theta, copy)


def test_indices_select_coordinates(rng):
    theta = rng.normal(size=6)
    np.testing.assert_array_equal(
        numerical_gradient(smooth, theta, indices=[4, 1]), numerical_gradient(smooth, theta)[[4, 1]]
    )


# --- relative errors ---------------------------------------------------------------


def test_relative_error_is_ng_s_formula():
    a, b = np.array([3.0, 4.0]), np.array([3.0, 0.0])
    assert relative_error(a, b) == pytest.approx(4.0 / np.hypot(6.0, 4.0), rel=1e-15)


def test_relative_error_of_two_zero_vectors_is_zero():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_relative_error_of_opposite_vectors_is_infinite():
    assert relative_error([1.0, -2.0], [-1.0, 2.0]) == np.inf


def test_relative_error_elementwise_per_entry():
    np.testing.assert_allclose(relative_error_elementwise([1.0, 0.0, 2.0], [3.0, 0.0, 2.0]), [0.5, 0.0, 0.0])


def test_relative_error_shapes_must_agree():
    with pytest.raises(ValueError, match=r"a and b must have the same shape"):
        relative_error(np.zeros(3), np.zeros(4))


# --- epsilon_sweep ---------------------------------------------------------------------


def test_epsilon_sweep_returns_the_named_tuple_over_the_default_range(rng):
    theta = rng.normal(size=3)
    sweep = epsilon_sweep(smooth, theta, smooth_gradient(theta))
    assert isinstance(sweep, EpsilonSweep)
    np.testing.assert_array_equal(sweep.epsilons, np.logspace(-12, 0, 49))
    assert sweep.one_sided.shape == sweep.two_sided.shape == (49,)


def test_two_sided_error_has_its_minimum_between_1e_7_and_1e_3():
    J, theta, analytic = debug_J(lam=1.0)
    sweep = epsilon_sweep(J, theta, analytic)
    assert 1e-7 <= sweep.epsilons[np.argmin(sweep.two_sided)] <= 1e-3


def test_two_sided_beats_one_sided_at_ng_s_epsilon():
    J, theta, analytic = debug_J()
    sweep = epsilon_sweep(J, theta, analytic, epsilons=[1e-4])
    assert sweep.two_sided[0] < 1e-3 * sweep.one_sided[0]


def test_epsilon_sweep_vectorized_gives_the_same_errors(rng):
    theta = rng.normal(size=4)
    plain = epsilon_sweep(smooth, theta, smooth_gradient(theta), epsilons=[1e-3, 1e-6])
    fast = epsilon_sweep(smooth, theta, smooth_gradient(theta), epsilons=[1e-3, 1e-6], vectorized=True)
    np.testing.assert_allclose(fast.two_sided, plain.two_sided, rtol=1e-6)
    np.testing.assert_allclose(fast.one_sided, plain.one_sided, rtol=1e-6)


# --- kinks -------------------------------------------------------------------------------


def relu_neuron(X, y):
    """J(w, b) of one ReLU neuron with the mean squared error, and its kink pattern."""
    J = lambda v: np.mean((np.maximum(X @ v[:-1] + v[-1], 0.0) - y) ** 2)
    kinks = lambda v: X @ v[:-1] + v[-1] > 0
    return J, kinks


def test_kink_warning_fires_when_a_relu_switches_within_epsilon():
    X, y = np.array([[1.0], [2.0]]), np.array([1.0, 0.5])
    J, kinks = relu_neuron(X, y)
    with pytest.warns(KinkWarning, match=r"crosses a kink"):
        numerical_gradient(J, np.array([1.0, -1.0 + 1e-6]), kinks=kinks)  # z_1 = 1e-6


def test_no_kink_warning_away_from_the_kink():
    X, y = np.array([[1.0], [2.0]]), np.array([1.0, 0.5])
    J, kinks = relu_neuron(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", KinkWarning)
        numerical_gradient(J, np.array([1.0, -0.5]), kinks=kinks)  # z = 0.5 and 1.5


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("epsilon", [0.0, -1e-4, np.inf, np.nan])
def test_epsilon_must_be_positive_and_finite(epsilon):
    with pytest.raises(ValueError, match=r"epsilon must be"):
        numerical_gradient(smooth, np.zeros(3), epsilon=epsilon)


def test_index_out_of_range_is_named():
    with pytest.raises(ValueError, match=r"indices must lie in 0..2 \(theta has 3 entries\), got 3"):
        numerical_gradient(smooth, np.zeros(3), indices=[0, 3])


def test_theta_must_be_a_vector():
    with pytest.raises(ValueError, match=r"theta must be 1-D"):
        numerical_gradient(smooth, np.zeros((2, 3)))


def test_J_returning_a_vector_is_named():
    with pytest.raises(ValueError, match=r"J must return a scalar cost.*shape \(3,\)"):
        numerical_gradient(lambda v: v * 2, np.zeros(3))


def test_vectorized_J_returning_the_wrong_shape_is_named():
    with pytest.raises(ValueError, match=r"J \(vectorized=True\) must return one cost per row"):
        numerical_gradient(lambda P: P.sum(), np.zeros(3), vectorized=True)


def test_epsilon_sweep_analytic_of_the_wrong_length():
    with pytest.raises(ValueError, match=r"analytic must have the shape of theta \(3,\), got \(2,\)"):
        epsilon_sweep(smooth, np.zeros(3), np.zeros(2))


# --- the network's cost in batches, and the rank-1 full check ------------------------------

ARCHITECTURES = [[3, 2], [4, 5, 3], [2, 4, 3, 2]]  # L = 2, 3, 4


def naive_numerical_gradient(thetas, X, y, sizes, epsilon, **kwargs):
    J = lambda v: nn_cost_function_unrolled(v, sizes, X, y, **kwargs)[0]
    return numerical_gradient(J, unroll(thetas), epsilon=epsilon)


def test_network_cost_batch_gives_nn_cost_function_s_cost_for_each_row(rng):
    thetas, X, y = random_network(rng, [3, 4, 2], m=6)
    P = np.stack([unroll(thetas), 2 * unroll(thetas)])
    J = network_cost_batch(thetas, X, y, lam=0.5)
    expected = [nn_cost_function(roll(v, [3, 4, 2]), X, y, lam=0.5)[0] for v in P]
    np.testing.assert_allclose(J(P), expected, rtol=1e-13)


def test_network_cost_batch_in_matlab_order(rng):
    thetas, X, y = random_network(rng, [3, 4, 2], m=6)
    J = network_cost_batch(thetas, X, y, cost="half_squared_error", order="F")
    assert J(unroll(thetas, order="F")) == pytest.approx(
        nn_cost_function(thetas, X, y, cost="half_squared_error")[0], rel=1e-13
    )


@pytest.mark.parametrize("layer_sizes", ARCHITECTURES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_vectorized_network_gradient_equals_the_naive_one(rng, layer_sizes, cost, activation):
    thetas, X, y = random_network(rng, layer_sizes, m=5)
    kwargs = dict(lam=0.7, cost=cost, activation=activation)
    fast = numerical_gradient(network_cost_batch(thetas, X, y, **kwargs), unroll(thetas), 1e-2, vectorized=True)
    np.testing.assert_allclose(
        fast, naive_numerical_gradient(thetas, X, y, layer_sizes, 1e-2, **kwargs), rtol=0, atol=1e-12
    )


@pytest.mark.parametrize("layer_sizes", ARCHITECTURES, ids=lambda s: "-".join(map(str, s)))
@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
@pytest.mark.parametrize("epsilon", [1e-2, 1e-4])
def test_rank1_network_gradient_equals_the_naive_one(rng, layer_sizes, cost, epsilon):
    thetas, X, y = random_network(rng, layer_sizes, m=5)
    X[1, 0] = X[3, 0] = 0.0  # rows the rank-1 update skips
    numeric, _ = network_numerical_gradient(thetas, X, y, lam=0.7, cost=cost, epsilon=epsilon)
    naive = naive_numerical_gradient(thetas, X, y, layer_sizes, epsilon, lam=0.7, cost=cost)
    np.testing.assert_allclose(unroll(numeric), naive, rtol=0, atol=1e-14 / epsilon)


def test_rank1_network_gradient_with_relu_hidden_layers(rng):
    thetas, X, y = random_network(rng, [3, 4, 3, 2], m=5)
    numeric, kinked = network_numerical_gradient(thetas, X, y, lam=0.3, activation="relu")
    naive = naive_numerical_gradient(thetas, X, y, [3, 4, 3, 2], 1e-4, lam=0.3, activation="relu")
    np.testing.assert_allclose(unroll(numeric), naive, rtol=0, atol=1e-10)
    assert not any(k.any() for k in kinked)


def test_rank1_check_flags_weights_whose_step_switches_a_relu(rng):
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    z = forward_propagate(thetas, X, activation="relu").z(2)
    thetas[0][2, 0] -= z[1, 2] - 1e-6  # example 1 puts unit 2 of layer 2 right beside its kink
    _, kinked = network_numerical_gradient(thetas, X, y, activation="relu")
    assert kinked[0][2, 0] and not kinked[0][1, 0]


def test_an_input_that_is_always_zero_gets_only_the_penalty_slope(rng):
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    X[:, 1] = 0.0
    numeric, _ = network_numerical_gradient(thetas, X, y, lam=2.0)
    np.testing.assert_allclose(numeric[0][:, 2], 2.0 / 5 * thetas[0][:, 2], rtol=1e-9)


# --- check_gradients and its report ----------------------------------------------------------


def planted(row, col, layer, size=1e-3):
    """nn_cost_function with one gradient entry of Θ^(layer) off by ``size``."""

    def cost_function(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid"):
        J, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost, activation=activation)
        grads[layer - 1][row, col] += size
        return J, grads

    return cost_function


@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
def test_correct_gradient_passes_ng_s_check(cost):
    thetas, X, y = debug_network()
    report = check_gradients(thetas, X, y, lam=3.0, cost=cost)
    assert report.passed and report.relative_error < 1e-9


def test_report_names_a_planted_error_by_layer_row_and_column():
    thetas, X, y = debug_network()
    report = check_gradients(thetas, X, y, lam=1.0, cost_function=planted(3, 2, layer=1))
    assert not report.passed
    assert (report.worst[0].layer, report.worst[0].row, report.worst[0].col) == (1, 3, 2)
    assert report.worst[0].name == "Θ^(1)[3, 2]" and not report.worst[0].is_bias


def test_report_calls_out_the_bias_column():
    thetas, X, y = debug_network()
    report = check_gradients(thetas, X, y, cost_function=planted(2, 0, layer=2))
    assert report.worst[0].name == "Θ^(2)[2, 0]" and report.worst[0].is_bias
    assert "Θ^(2)[2, 0] bias" in str(report)
    assert "bias column" in report._repr_html_()


def test_report_prints_analytic_beside_numeric():
    thetas, X, y = debug_network()
    report = check_gradients(thetas, X, y, cost_function=planted(0, 1, layer=2))
    line = next(l for l in str(report).splitlines() if "Θ^(2)[0, 1]" in l)
    e = report.worst[0]
    assert f"{e.analytic:.9e}" in line and f"{e.numeric:.9e}" in line
    assert e.analytic - e.numeric == pytest.approx(1e-3, rel=1e-6)


def test_report_says_failed_in_text_and_html():
    thetas, X, y = debug_network()
    report = check_gradients(thetas, X, y, cost_function=planted(0, 1, layer=2))
    assert str(report).startswith("Gradient check FAILED")
    assert "<table>" in report._repr_html_() and "FAILED" in report._repr_html_()


def test_check_uses_the_given_functions_own_cost(rng):
    # A cost function whose J is doubled along with its gradient is consistent: it passes.
    def doubled(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid"):
        J, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost, activation=activation)
        return 2 * J, [2 * g for g in grads]

    thetas, X, y = debug_network()
    assert check_gradients(thetas, X, y, lam=1.0, cost_function=doubled).passed


def test_check_gradients_never_modifies_thetas():
    thetas, X, y = debug_network()
    copies = [t.copy() for t in thetas]
    check_gradients(thetas, X, y, lam=1.0)
    check_gradients(thetas, X, y, lam=1.0, cost_function=nn_cost_function)
    for t, c in zip(thetas, copies):
        np.testing.assert_array_equal(t, c)


def relu_network_near_a_kink(rng, distance):
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    z = forward_propagate(thetas, X, activation="relu").z(2)
    thetas[0][1, 0] -= z[0, 1] - distance  # example 0 puts unit 1 at z = distance
    return thetas, X, y


def test_check_gradients_warns_when_a_relu_switches_within_epsilon(rng):
    thetas, X, y = relu_network_near_a_kink(rng, 1e-6)
    with pytest.warns(KinkWarning, match=r"Θ\^\(1\)\[1, 0\]"):
        report = check_gradients(thetas, X, y, activation="relu")
    assert "Θ^(1)[1, 0]" in report.kinks


def test_check_gradients_does_not_warn_away_from_kinks(rng):
    thetas, X, y = relu_network_near_a_kink(rng, 0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("error", KinkWarning)
        assert check_gradients(thetas, X, y, activation="relu").passed


# --- check_deltas ---------------------------------------------------------------------------


@pytest.mark.parametrize("cost", ["cross_entropy", "half_squared_error"])
def test_every_delta_matches_finite_differences_in_z(rng, cost):
    thetas, X, y = random_network(rng, [3, 4, 3, 2], m=6)
    checks = check_deltas(thetas, X, y, cost=cost)
    assert [c.layer for c in checks] == [2, 3, 4]
    assert all(c.passed and c.relative_error < 1e-8 for c in checks)


def test_delta_is_m_times_the_derivative_of_the_mean_cost(rng):
    thetas, X, y = random_network(rng, [3, 4, 2], m=6)
    output = check_deltas(thetas, X, y)[-1]
    J_of_z = lambda z: np.mean(np.sum(np.logaddexp(0, z) - np.eye(2)[y] * z, axis=1))
    z = forward_propagate(thetas, X).z(3)
    dJ = central_difference(lambda v: J_of_z(v.reshape(z.shape)), z.ravel()).reshape(z.shape)
    np.testing.assert_allclose(output.numeric, 6 * dJ, rtol=1e-7)


# --- bad input to the network checks -----------------------------------------------------------


def test_negative_lambda_is_named():
    thetas, X, y = debug_network()
    with pytest.raises(ValueError, match=r"lam must be >= 0"):
        check_gradients(thetas, X, y, lam=-1.0)


@pytest.mark.parametrize("epsilon", [0.0, -1.0, np.inf])
def test_check_gradients_epsilon_must_be_positive_and_finite(epsilon):
    thetas, X, y = debug_network()
    with pytest.raises(ValueError, match=r"epsilon must be"):
        check_gradients(thetas, X, y, epsilon=epsilon)


def test_theta_of_the_wrong_length_for_the_batch_cost():
    thetas, X, y = debug_network()
    with pytest.raises(ValueError, match=r"theta must have shape \(38,\) or \(p, 38\), got .*\(37,\)"):
        network_cost_batch(thetas, X, y)(np.zeros(37))


def test_cost_function_returning_a_vector_cost_is_named():
    thetas, X, y = debug_network()
    vector_cost = lambda *args, **kwargs: (np.ones(3), nn_cost_function(*args, **kwargs)[1])
    with pytest.raises(ValueError, match=r"cost_function must return a scalar cost"):
        check_gradients(thetas, X, y, cost_function=vector_cost)


def test_cost_function_gradients_of_the_wrong_shape_are_named():
    thetas, X, y = debug_network()
    transposed = lambda *args, **kwargs: (1.0, [g.T for g in nn_cost_function(*args, **kwargs)[1]])
    with pytest.raises(ValueError, match=r"grads\[0\] must have the shape of thetas\[0\] \(5, 4\)"):
        check_gradients(thetas, X, y, cost_function=transposed)
