import warnings

import numpy as np
import pytest

from conftest import central_difference
from nnlesson import debug_initialize_weights, nn_cost_function, nn_cost_function_unrolled, unroll
from nnlesson.gradcheck import (
    EpsilonSweep,
    KinkWarning,
    epsilon_sweep,
    numerical_gradient,
    relative_error,
    relative_error_elementwise,
)


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
    np.testing.assert_allclose(numerical_gradient(smooth, theta, vectorized=True),
                               numerical_gradient(smooth, theta), rtol=1e-10, atol=1e-12)


def test_vectorized_path_in_small_batches_gives_the_same_numbers(rng):
    theta = rng.normal(size=7)
    np.testing.assert_array_equal(numerical_gradient(smooth, theta, vectorized=True, batch_size=2),
                                  numerical_gradient(smooth, theta, vectorized=True))


def test_numerical_gradient_agrees_with_the_plain_loop_oracle():
    J, theta, _ = debug_J(lam=1.0)
    np.testing.assert_allclose(numerical_gradient(J, theta, epsilon=1e-5), central_difference(J, theta, eps=1e-5),
                               rtol=1e-12, atol=1e-14)


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
    np.testing.assert_array_equal(numerical_gradient(smooth, theta, indices=[4, 1]),
                                  numerical_gradient(smooth, theta)[[4, 1]])


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
