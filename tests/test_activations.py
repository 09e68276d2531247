import warnings

import numpy as np
import pytest

from nnlesson import relu, relu_gradient, sigmoid, sigmoid_gradient
from nnlesson.activations import ACTIVATIONS, GRADIENTS_FROM_OUTPUT


def test_sigmoid_of_zero_is_one_half():
    assert sigmoid(0.0) == 0.5
    assert sigmoid_gradient(0.0) == 0.25


def test_sigmoid_matches_the_literal_formula_where_that_is_safe():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15)


def test_sigmoid_gradient_is_g_times_one_minus_g():
    z = np.linspace(-10, 10, 41)
    g = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(sigmoid_gradient(z), g * (1 - g), rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_gradient_is_the_derivative_of_its_function(name):
    g, g_prime, _ = ACTIVATIONS[name]
    z = np.array([-3.1, -0.7, 0.4, 2.5])  # away from relu's kink at 0
    numeric = (g(z + 1e-6) - g(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(g_prime(z), numeric, rtol=1e-8, atol=1e-12)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_gradient_from_output_gives_exactly_the_gradient_of_z(name):
    g, g_prime, _ = ACTIVATIONS[name]
    z = np.array([-800.0, -40.0, -3.1, -1e-9, 0.0, 1e-9, 0.4, 37.0, 800.0])
    np.testing.assert_array_equal(GRADIENTS_FROM_OUTPUT[name](g(z)), g_prime(z))


def test_gradient_from_output_covers_every_activation():
    assert GRADIENTS_FROM_OUTPUT.keys() == ACTIVATIONS.keys()


@pytest.mark.parametrize("z", [1e4, -1e4, 745.0, -745.0, 1e300, -1e300, np.inf, -np.inf])
def test_sigmoid_never_overflows(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, ds = sigmoid(z), sigmoid_gradient(z)
    assert 0.0 <= s <= 1.0 and 0.0 <= ds <= 0.25
    assert s == (1.0 if z > 0 else 0.0)


def test_sigmoid_keeps_relative_precision_far_in_the_left_tail():
    # g(-700) = e^-700 / (1 + e^-700) ≈ e^-700 to far better than float64's precision
    assert sigmoid(-700.0) == pytest.approx(np.exp(-700.0), rel=1e-14)


def test_relu_and_its_gradient_with_the_kink_choice_at_zero():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(relu_gradient(z), [0.0, 0.0, 1.0])


def test_activations_keep_the_input_shape_and_do_not_modify_it():
    z = np.arange(6.0).reshape(2, 3) - 2
    before = z.copy()
    for f in (sigmoid, sigmoid_gradient, relu, relu_gradient):
        assert f(z).shape == (2, 3)
    np.testing.assert_array_equal(z, before)


@pytest.mark.parametrize("f", [sigmoid, sigmoid_gradient, relu, relu_gradient])
def test_activations_reject_nan_and_non_numbers(f):
    with pytest.raises(ValueError, match="z contains NaN"):
        f(np.array([0.0, np.nan]))
    with pytest.raises(TypeError, match="z must"):
        f("1.0")
