import numpy as np
import pytest

from nnlesson import relu_neuron_mse

from conftest import central_difference, rel_error


def test_hand_worked_neuron():
    # w = (1, -1), b = 0.5; x1 = (2, 1) → z = 1.5, x2 = (0, 3) → z = -2.5 (ReLU gives 0)
    # targets 1 and 1: C = ((1 - 1.5)² + (1 - 0)²) / 2 = (0.25 + 1) / 2 = 0.625
    # only x1 is active: dC/dw = 2/2 (1.5 - 1) x1 = (1, 0.5), dC/db = 0.5
    C, dw, db = relu_neuron_mse([1.0, -1.0], 0.5, [[2.0, 1.0], [0.0, 3.0]], [1.0, 1.0])
    assert C == 0.625
    np.testing.assert_array_equal(dw, [1.0, 0.5])
    assert db == 0.5


def test_neuron_gradient_matches_central_differences_away_from_the_kink(rng):
    X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    w, b = rng.normal(size=3), 0.1
    assert np.abs(X @ w + b).min() > 1e-3  # every z_i well away from 0
    _, dw, db = relu_neuron_mse(w, b, X, y)
    assert rel_error(dw, central_difference(lambda v: relu_neuron_mse(v, b, X, y)[0], w)) < 1e-9
    num_b = (relu_neuron_mse(w, b + 1e-6, X, y)[0] - relu_neuron_mse(w, b - 1e-6, X, y)[0]) / 2e-6
    assert db == pytest.approx(num_b, rel=1e-8)


def test_neuron_validates_shapes():
    with pytest.raises(ValueError, match="X must have 2 columns, one per weight in w"):
        relu_neuron_mse([1.0, 2.0], 0.0, np.zeros((3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"y must have one target per row of X \(3\)"):
        relu_neuron_mse([1.0, 2.0], 0.0, np.zeros((3, 2)), np.zeros(4))
    with pytest.raises(TypeError, match="b must be a real number"):
        relu_neuron_mse([1.0], "0", np.zeros((1, 1)), np.zeros(1))
