import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlesson import debug_initialize_weights, rand_initialize_weights, roll, theta_shapes, unroll

layer_sizes_strategy = st.lists(st.integers(1, 6), min_size=2, max_size=5)


@settings(max_examples=60, deadline=None)
@given(layer_sizes=layer_sizes_strategy, order=st.sampled_from(["C", "F"]), seed=st.integers(0, 2**32 - 1))
def test_roll_undoes_unroll(layer_sizes, order, seed):
    thetas = rand_initialize_weights(layer_sizes, rng=seed)
    back = roll(unroll(thetas, order=order), layer_sizes, order=order)
    assert [b.shape for b in back] == theta_shapes(layer_sizes)
    for t, b in zip(thetas, back):
        np.testing.assert_array_equal(t, b)


@settings(max_examples=30, deadline=None)
@given(layer_sizes=layer_sizes_strategy, order=st.sampled_from(["C", "F"]))
def test_unroll_undoes_roll(layer_sizes, order):
    n = sum(r * c for r, c in theta_shapes(layer_sizes))
    v = np.arange(n, dtype=float)
    np.testing.assert_array_equal(unroll(roll(v, layer_sizes, order=order), order=order), v)


def test_fortran_order_matches_a_hand_built_matlab_vector():
    Theta1 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # 2 × 3
    Theta2 = np.array([[7.0, 8.0, 9.0]])  # 1 × 3
    # MATLAB: [Theta1(:); Theta2(:)] walks down each column: 1 4 2 5 3 6, then 7 8 9
    np.testing.assert_array_equal(unroll([Theta1, Theta2], order="F"), [1, 4, 2, 5, 3, 6, 7, 8, 9])
    np.testing.assert_array_equal(unroll([Theta1, Theta2]), [1, 2, 3, 4, 5, 6, 7, 8, 9])


def test_roll_returns_copies_not_views():
    v = np.arange(9.0)
    thetas = roll(v, [2, 2, 1])
    thetas[0][0, 0] = 100.0
    assert v[0] == 0.0


def test_roll_names_the_expected_length():
    with pytest.raises(
        ValueError, match=r"vector must have 9 entries for layer_sizes \[2, 2, 1\] \(2×3 \+ 1×3\), got 8"
    ):
        roll(np.zeros(8), [2, 2, 1])


def test_unroll_and_roll_reject_an_unknown_order():
    with pytest.raises(ValueError, match="order must be 'C'"):
        unroll([np.zeros((1, 2))], order="K")
    with pytest.raises(ValueError, match="order must be 'C'"):
        roll(np.zeros(2), [1, 1], order="c")


def test_rand_initialize_weights_shapes_range_and_seed():
    thetas = rand_initialize_weights([400, 25, 10], epsilon_init=0.12, rng=0)
    assert [t.shape for t in thetas] == [(25, 401), (10, 26)]
    assert all(np.abs(t).max() <= 0.12 for t in thetas)
    assert thetas[0].std() == pytest.approx(0.12 / np.sqrt(3), rel=0.02)  # uniform on [-ε, ε]
    again = rand_initialize_weights([400, 25, 10], rng=0)
    np.testing.assert_array_equal(thetas[0], again[0])


def test_rand_initialize_weights_validates():
    with pytest.raises(ValueError, match="epsilon_init must be > 0"):
        rand_initialize_weights([2, 2], epsilon_init=0)
    with pytest.raises(TypeError, match="rng must be"):
        rand_initialize_weights([2, 2], rng="seed")
    with pytest.raises(ValueError, match="at least 2 layers"):
        rand_initialize_weights([3])
    with pytest.raises(ValueError, match=r"layer_sizes\[1\] must be >= 1"):
        rand_initialize_weights([3, 0])


def test_debug_weights_are_ngs_sin_values_in_column_order():
    W = debug_initialize_weights(3, 2)
    assert W.shape == (3, 3)
    # MATLAB fills reshape(sin(1:9), 3, 3) column by column: W(2,1) = sin(2), W(1,2) = sin(4)
    assert W[1, 0] == np.sin(2) / 10
    assert W[0, 1] == np.sin(4) / 10
    assert W[2, 2] == np.sin(9) / 10
