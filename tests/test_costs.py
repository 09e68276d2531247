import numpy as np
import pytest

from nnlesson.activations import ACTIVATIONS, GRADIENTS_FROM_OUTPUT
from nnlesson.costs import COSTS


def test_cross_entropy_equals_the_logaddexp_formula_to_a_few_ulps(rng):
    z = np.concatenate(
        [
            rng.normal(scale=20.0, size=200),
            rng.normal(scale=1e-9, size=20),
            [0.0, -0.0, 745.0, -745.0, 1e4, -1e4, 40.0, -40.0],
        ]
    ).reshape(-1, 2)
    Y = np.concatenate([rng.random(z.size - 40), rng.integers(0, 2, size=20), 1 - rng.random(20) * 1e-7])
    Y = Y.reshape(z.shape)
    literal_terms = Y * np.logaddexp(0.0, -z) + (1.0 - Y) * np.logaddexp(0.0, z)
    np.testing.assert_allclose(COSTS["cross_entropy"].elementwise(z, Y), literal_terms, rtol=4e-15, atol=0)
    value = COSTS["cross_entropy"].value(z, ACTIVATIONS["sigmoid"].function(z), Y)
    assert value == pytest.approx(float(np.sum(literal_terms)), rel=1e-15)


def test_half_squared_error_delta_equals_the_formula_in_z_bit_for_bit(rng):
    z = rng.normal(scale=5.0, size=(50, 3))
    a, Y = ACTIVATIONS["sigmoid"].function(z), rng.random((50, 3))
    expected = (a - Y) * ACTIVATIONS["sigmoid"].gradient(z)
    np.testing.assert_array_equal(COSTS["half_squared_error"].output_delta(z, a, Y), expected)


def test_the_sigmoid_derivative_from_its_output_is_a_times_one_minus_a():
    a = np.array([0.0, 0.25, 0.5, 1.0])
    np.testing.assert_array_equal(GRADIENTS_FROM_OUTPUT["sigmoid"](a), [0.0, 0.1875, 0.25, 0.0])


@pytest.mark.parametrize("name", sorted(COSTS))
def test_elementwise_terms_sum_to_the_value(name):
    rng = np.random.default_rng(7)
    z = rng.normal(scale=20, size=(6, 3))
    Y = rng.random((6, 3))
    terms = COSTS[name].elementwise(z, Y)
    assert terms.shape == z.shape and np.all(terms >= 0)
    assert terms.sum() == pytest.approx(COSTS[name].value(z, ACTIVATIONS["sigmoid"].function(z), Y), rel=1e-14)


def test_cross_entropy_terms_keep_a_confident_right_answer_tiny_not_zero():
    # y = 1 at z = 40: the cost is log(1 + e^-40) ≈ 4.2e-18, which log(1 + e^z) - y z rounds to 0
    assert COSTS["cross_entropy"].elementwise(np.array([40.0]), np.array([1.0]))[0] == pytest.approx(
        np.exp(-40.0), rel=1e-12
    )
