"""Every public function answers bad input with a clear ValueError or TypeError.

The message names the argument, what was expected and what came; never a
numpy broadcasting error, an IndexError from inside, or a NaN.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlesson import (
    backpropagate,
    forward_propagate,
    nn_cost_function,
    nn_cost_function_loop,
    nn_cost_function_unrolled,
    predict,
    roll,
)

GOOD_THETAS = [np.full((4, 3), 0.1), np.full((2, 5), -0.1)]
GOOD_X = np.ones((3, 2))
GOOD_Y = np.array([0, 1, 1])

COST_FUNCTIONS = [nn_cost_function, nn_cost_function_loop]


@pytest.mark.parametrize("f", COST_FUNCTIONS)
@pytest.mark.parametrize(
    "thetas, X, y, kwargs, error, message",
    [
        (
            [np.zeros((4, 3)), np.zeros((2, 4))],
            GOOD_X,
            GOOD_Y,
            {},
            ValueError,
            r"thetas\[1\] must have 5 columns \(thetas\[0\] has 4 rows, plus 1 for the bias\), got shape \(2, 4\)",
        ),
        (GOOD_THETAS, np.ones((3, 3)), GOOD_Y, {}, ValueError, r"X must have 2 columns.*got shape \(3, 3\)"),
        (GOOD_THETAS, np.ones(3), GOOD_Y, {}, ValueError, r"X must be 2-D"),
        (GOOD_THETAS, GOOD_X, np.array([0, 1, 2]), {}, ValueError, r"labels in 0..1, got 2 at index 2"),
        (GOOD_THETAS, GOOD_X, np.array([0.0, 1.0, 1.0]), {}, TypeError, r"integer labels.*astype\(int\)"),
        (GOOD_THETAS, GOOD_X, np.array([0, 1]), {}, ValueError, r"y must have one row per example of X \(m = 3\)"),
        (GOOD_THETAS, GOOD_X, np.ones((3, 3)), {}, ValueError, r"K = 2 columns"),
        (GOOD_THETAS, GOOD_X, np.full((3, 2), 2.0), {}, ValueError, r"targets must lie in \[0, 1\]"),
        (GOOD_THETAS, np.array([[1.0, np.nan]] * 3), GOOD_Y, {}, ValueError, r"X contains NaN at index \(0, 1\)"),
        (GOOD_THETAS, np.array([[1.0, np.inf]] * 3), GOOD_Y, {}, ValueError, r"X contains inf"),
        ([np.full((4, 3), np.nan), GOOD_THETAS[1]], GOOD_X, GOOD_Y, {}, ValueError, r"thetas\[0\] contains NaN"),
        (GOOD_THETAS, GOOD_X, GOOD_Y, {"lam": -1.0}, ValueError, r"lam must be >= 0, got -1.0"),
        (GOOD_THETAS, GOOD_X, GOOD_Y, {"lam": np.nan}, ValueError, r"lam must be finite"),
        (GOOD_THETAS, GOOD_X, GOOD_Y, {"lam": "1"}, TypeError, r"lam must be a real number"),
        (
            GOOD_THETAS,
            GOOD_X,
            GOOD_Y,
            {"cost": "mse"},
            ValueError,
            r"cost must be one of \['cross_entropy', 'half_squared_error'\], got 'mse'",
        ),
        (GOOD_THETAS, GOOD_X, GOOD_Y, {"activation": "softsign"}, ValueError, r"activation must be one of"),
        (GOOD_THETAS[0], GOOD_X, GOOD_Y, {}, TypeError, r"got a single array of shape \(4, 3\)"),
        ([], GOOD_X, GOOD_Y, {}, ValueError, r"at least one weight matrix"),
        ([np.zeros((4, 1))], GOOD_X, GOOD_Y, {}, ValueError, r"must have a bias column"),
        (GOOD_THETAS, [["a", "b"]] * 3, GOOD_Y, {}, TypeError, r"X must hold real numbers"),
        (GOOD_THETAS, [[1.0, 2.0], [3.0]], GOOD_Y, {}, ValueError, r"X must be a rectangular array"),
        (GOOD_THETAS, np.ones((0, 2)), np.array([], dtype=int), {}, ValueError, r"X must not be empty"),
    ],
)
def test_cost_functions_name_the_bad_argument(f, thetas, X, y, kwargs, error, message):
    with pytest.raises(error, match=message):
        f(thetas, X, y, **kwargs)


def test_forward_backward_and_predict_check_their_arguments_too():
    with pytest.raises(ValueError, match="X must have 2 columns"):
        forward_propagate(GOOD_THETAS, np.ones((3, 5)))
    with pytest.raises(ValueError, match=r"labels in 0\.\.1"):
        backpropagate(GOOD_THETAS, GOOD_X, np.array([0, 5, 1]))
    with pytest.raises(TypeError, match="thetas must be a list"):
        predict("weights", GOOD_X)
    with pytest.raises(ValueError, match="vector must have 22 entries"):
        nn_cost_function_unrolled(np.zeros(21), [2, 4, 2], GOOD_X, GOOD_Y)


finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(
    s=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    m=st.integers(1, 5),
    wrong_cols=st.integers(1, 6),
    data=st.data(),
)
def test_any_mismatched_width_of_X_is_reported_not_broadcast(s, m, wrong_cols, data):
    thetas = [np.zeros((b, a + 1)) for a, b in zip(s[:-1], s[1:])]
    if wrong_cols == s[0]:
        wrong_cols += 1
    X = np.zeros((m, wrong_cols))
    y = np.zeros(m, dtype=int) if s[-1] > 1 else np.zeros(m)
    with pytest.raises(ValueError, match=rf"X must have {s[0]} columns"):
        nn_cost_function(thetas, X, y)


@settings(max_examples=80, deadline=None)
@given(s=st.lists(st.integers(1, 4), min_size=3, max_size=4), extra=st.integers(-2, 2).filter(bool))
def test_any_mismatched_theta_chain_is_reported(s, extra):
    thetas = [np.zeros((b, a + 1)) for a, b in zip(s[:-1], s[1:])]
    bad = thetas[1].shape[1] + extra
    if bad < 2:
        bad = thetas[1].shape[1] + 1
    thetas[1] = np.zeros((thetas[1].shape[0], bad))
    with pytest.raises(ValueError, match=r"thetas\[1\] must have \d+ columns"):
        nn_cost_function(thetas, np.zeros((2, s[0])), np.zeros((2, s[-1])))


@settings(max_examples=60, deadline=None)
@given(
    s=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    m=st.integers(1, 6),
    seed=st.integers(0, 10_000),
    scale=st.sampled_from([1e-3, 1.0, 30.0, 1e3]),
    lam=st.floats(0, 10),
    cost=st.sampled_from(["cross_entropy", "half_squared_error"]),
)
def test_valid_input_of_any_shape_and_size_gives_finite_results(s, m, seed, scale, lam, cost):
    rng = np.random.default_rng(seed)
    thetas = [rng.normal(scale=scale, size=(b, a + 1)) for a, b in zip(s[:-1], s[1:])]
    X = rng.normal(size=(m, s[0]))
    y = rng.integers(0, s[-1], size=m) if s[-1] > 1 else rng.integers(0, 2, size=m).astype(float)
    J, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost)
    assert np.isfinite(J) and J >= 0
    assert all(np.isfinite(g).all() for g in grads)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 40), s=st.lists(st.integers(1, 4), min_size=2, max_size=4))
def test_roll_reports_any_wrong_length(n, s):
    expected = sum(b * (a + 1) for a, b in zip(s[:-1], s[1:]))
    if n == expected:
        n += 1
    if n == 0:
        with pytest.raises(ValueError, match="vector must not be empty"):
            roll(np.zeros(0), s)
    else:
        with pytest.raises(ValueError, match=rf"vector must have {expected} entries"):
            roll(np.zeros(n), s)


def test_opposite_infinities_in_one_row_of_X_are_still_reported():
    # The finiteness check sums each row first; inf + (-inf) must not slip through.
    X = np.array([[np.inf, -np.inf], [1.0, 1.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match=r"X contains inf at index \(0, 0\)"):
        nn_cost_function(GOOD_THETAS, X, GOOD_Y)


def test_huge_but_finite_X_whose_sum_overflows_is_accepted():
    X = np.full((3, 2), 1e308)
    with np.errstate(over="ignore", invalid="ignore"):  # the network itself may overflow
        forward_propagate(GOOD_THETAS, X)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["sigmoid", "relu", "tanh"]),
    st.sampled_from(
        [
            ("cross_entropy", "sigmoid"),
            ("cross_entropy", "softmax"),
            ("half_squared_error", "identity"),
            ("half_squared_error", "sigmoid"),
            ("half_squared_error", "softmax"),
        ]
    ),
    st.sampled_from(["X", "y"]),
    st.sampled_from([np.nan, np.inf, -np.inf]),
    st.integers(0, 10**6),
)
def test_a_nan_or_inf_anywhere_in_X_or_y_is_named_whatever_the_network(activation, pair, where, bad, seed):
    # nn_cost_function scans X and y only when J or a gradient is not finite:
    # every NaN or inf must get there, for every activation and output.
    cost, output = pair
    rng = np.random.default_rng(seed)
    thetas = [rng.normal(size=(3, 4)), rng.normal(size=(2, 4))]
    X = rng.normal(size=(5, 3))
    Y = np.eye(2)[rng.integers(0, 2, size=5)] if cost == "cross_entropy" else rng.normal(size=(5, 2))
    if where == "X":
        X[rng.integers(5), rng.integers(3)] = bad
        message = r"X contains (NaN|inf)"
    else:
        Y[rng.integers(5), rng.integers(2)] = bad
        message = r"y contains (NaN|inf)|y as targets must lie in \[0, 1\]"
    for f in (nn_cost_function, nn_cost_function_loop):
        with pytest.raises(ValueError, match=message):
            f(thetas, X, Y, lam=0.5, cost=cost, activation=activation, output=output)


def test_finite_inputs_that_overflow_are_told_so():
    thetas = [np.array([[0.0, 1e200, 1e200]])]
    X = np.array([[1e200, 1e200]])
    with pytest.raises(ValueError, match="z = \\[1 a\\] Θᵀ overflowed"):
        nn_cost_function(thetas, X, np.array([1.0]))
