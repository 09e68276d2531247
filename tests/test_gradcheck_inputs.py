"""Bad input to the gradient-checking functions: a clear error naming the argument, the caller's arrays untouched."""

import traceback
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlesson import debug_initialize_weights, nn_cost_function
from nnlesson.gradcheck import (
    check_deltas,
    check_gradients,
    complex_step_gradient,
    epsilon_sweep,
    network_cost_batch,
    network_numerical_gradient,
    numerical_gradient,
    relative_error,
    relative_error_elementwise,
)


def debug_network():
    thetas = [debug_initialize_weights(5, 3), debug_initialize_weights(3, 5)]
    return thetas, debug_initialize_weights(5, 2), np.arange(1, 6) % 3


def smooth(v):
    return np.sin(v).sum(axis=-1) + 0.5 * v.sum(axis=-1) ** 2


@pytest.mark.parametrize(
    "batch_size, error, message",
    [
        (0, ValueError, r"batch_size must be >= 1, got 0"),
        (-1, ValueError, r"batch_size must be >= 1, got -1"),
        (2.5, TypeError, r"batch_size must be an integer"),
    ],
)
def test_numerical_gradient_batch_size_is_checked(batch_size, error, message):
    theta = np.array([0.1, 0.2, 0.3])
    before = theta.copy()
    with pytest.raises(error, match=message):
        numerical_gradient(smooth, theta, vectorized=True, batch_size=batch_size)
    np.testing.assert_array_equal(theta, before)


def test_numerical_gradient_batch_size_of_one_is_the_plain_answer():
    theta = np.array([0.1, 0.2, 0.3])
    np.testing.assert_allclose(
        numerical_gradient(smooth, theta, vectorized=True, batch_size=1), numerical_gradient(smooth, theta), rtol=1e-15
    )


def test_kinks_must_be_a_function():
    theta = np.array([0.1, 0.2])
    with pytest.raises(TypeError, match=r"kinks must be a function of theta.*got int 5"):
        numerical_gradient(smooth, theta, kinks=5)
    np.testing.assert_array_equal(theta, [0.1, 0.2])


@pytest.mark.parametrize(
    "block_size, error, message",
    [
        (None, TypeError, r"block_size must be an integer number of array entries, got NoneType None"),
        (0, ValueError, r"block_size must be >= 1, got 0"),
        (1e6, TypeError, r"block_size must be an integer"),
    ],
)
def test_network_numerical_gradient_block_size_is_checked(block_size, error, message):
    thetas, X, y = debug_network()
    copies = [t.copy() for t in thetas]
    with pytest.raises(error, match=message):
        network_numerical_gradient(thetas, X, y, block_size=block_size)
    for t, c in zip(thetas, copies):
        np.testing.assert_array_equal(t, c)


def test_a_block_of_one_entry_gives_the_same_gradient():
    thetas, X, y = debug_network()
    small, _ = network_numerical_gradient(thetas, X, y, activation="relu", block_size=1)
    large, _ = network_numerical_gradient(thetas, X, y, activation="relu")
    for s, l in zip(small, large):
        np.testing.assert_array_equal(s, l)


@pytest.mark.parametrize("scale", [2.0**512, 2.0**700, 2.0**1000, 2.0**-1000])  # 1e154 .. 1e301, 1e-301
def test_relative_error_of_huge_or_tiny_vectors_is_the_scaled_answer(scale):
    # scaling by a power of 2 is exact, so the answer must be that of the unscaled vectors
    a, b = np.array([1.0, -2.0, 3.0]), np.array([1.0, -2.0, 3.0 + 1e-6])
    expected = relative_error(a, b)
    got = relative_error(a * scale, b * scale)
    assert np.isfinite(got) and got == expected
    each = relative_error_elementwise(a * scale, b * scale)
    np.testing.assert_array_equal(each, relative_error_elementwise(a, b))


def test_relative_error_keeps_its_conventions():
    assert relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert relative_error([1e300, -1e300], [-1e300, 1e300]) == np.inf
    np.testing.assert_array_equal(relative_error_elementwise([1e300, 0.0], [-1e300, 0.0]), [np.inf, 0.0])


def test_vectorized_epsilon_sweep_never_hands_J_the_caller_s_theta():
    theta = np.array([0.3, -0.1, 0.2])
    before = theta.copy()

    def J(P):
        assert not np.shares_memory(P, theta)
        costs = smooth(P)
        P[...] = 7.0  # a J that scribbles on its argument must not reach the caller's array
        return costs

    epsilon_sweep(J, theta, np.cos(theta) + theta.sum(), epsilons=[1e-3], vectorized=True)
    np.testing.assert_array_equal(theta, before)


def test_check_gradients_hands_a_cost_function_copies_only():
    thetas, X, y = debug_network()
    copies = [t.copy() for t in thetas]

    def careless(ts, X_, y_, **kwargs):
        assert not any(np.shares_memory(t, mine) for t in ts for mine in thetas)
        J, grads = nn_cost_function(ts, X_, y_, **kwargs)
        for t in ts:
            t[...] = 0.0  # writes to what it was given
        return J, grads

    check_gradients(thetas, X, y, lam=1.0, cost_function=careless)
    for t, c in zip(thetas, copies):
        np.testing.assert_array_equal(t, c)


@pytest.mark.parametrize(
    "returned, error, message",
    [
        ((1.0, None), TypeError, r"grads a list of one gradient per Θ \(2\), got grads = NoneType None"),
        (1.0, ValueError, r"cost_function must return \(J, grads\)"),
        ((None, [np.zeros((5, 4)), np.zeros((3, 6))]), TypeError, r"cost_function must return a real number"),
    ],
)
def test_a_cost_function_returning_the_wrong_things_is_named(returned, error, message):
    thetas, X, y = debug_network()
    with pytest.raises(error, match=message):
        check_gradients(thetas, X, y, cost_function=lambda *args, **kwargs: returned)


def test_complex_step_checks_its_step_and_indices():
    with pytest.raises(ValueError, match=r"h must be > 0"):
        complex_step_gradient(lambda v: np.sum(v**2), np.ones(2), h=0.0)
    with pytest.raises(ValueError, match=r"indices must lie in 0..1"):
        complex_step_gradient(lambda v: np.sum(v**2), np.ones(2), indices=[2])


# --- anything at all: finite results or the package's own ValueError/TypeError -------------------

ARRAYS = st.one_of(
    hnp.arrays(
        st.sampled_from([np.float64, np.float32, np.int64, np.complex128, np.bool_]),
        hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
    ),  # NaN, inf, huge included
    st.lists(st.floats(-1e300, 1e300), max_size=4),
    st.sampled_from([None, "abc", 3, 2.5, [[1.0, 2.0], [3.0]]]),
)
SCALARS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-2, 5),
    st.sampled_from([None, "x", True, np.float64(1e-4)]),
)


def _from_the_package(err):
    frames = traceback.extract_tb(err.__traceback__)
    return any("nnlesson" in f.filename and "site-packages" not in f.filename for f in frames[-1:])


def _call_safely(f, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a KinkWarning is a fine answer
        try:
            out = f(*args, **kwargs)
        except (ValueError, TypeError) as err:
            assert _from_the_package(err), f"{type(err).__name__} from outside the package: {err}"
            return None
    return out


def _all_finite(out):
    if isinstance(out, (list, tuple)):
        return all(_all_finite(o) for o in out)
    if hasattr(out, "relative_error"):
        return np.isfinite(out.relative_error) or out.relative_error == np.inf
    arr = np.asarray(out, dtype=float)
    return bool(np.all(np.isfinite(arr)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(theta=ARRAYS, epsilon=SCALARS, batch_size=SCALARS, vectorized=st.booleans())
def test_numerical_gradient_of_anything(theta, epsilon, batch_size, vectorized):
    before = theta.copy() if isinstance(theta, np.ndarray) else None
    out = _call_safely(numerical_gradient, smooth, theta, epsilon, vectorized, batch_size=batch_size)
    if out is not None:
        assert _all_finite(out)
    if before is not None:
        np.testing.assert_array_equal(theta, before)  # NaN where NaN was


@settings(max_examples=150, deadline=None)
@given(a=ARRAYS, b=ARRAYS)
def test_relative_errors_of_anything(a, b):
    for f in (relative_error, relative_error_elementwise):
        out = _call_safely(f, a, b)
        if out is not None:
            assert not np.any(np.isnan(out)) and np.all(np.asarray(out) >= 0)


@settings(max_examples=60, deadline=None)
@given(theta=ARRAYS, analytic=ARRAYS, epsilons=ARRAYS)
def test_epsilon_sweep_of_anything(theta, analytic, epsilons):
    out = _call_safely(epsilon_sweep, smooth, theta, analytic, epsilons)
    if out is not None:
        assert not np.any(np.isnan(out.two_sided))


@settings(max_examples=60, deadline=None)
@given(theta=ARRAYS, h=SCALARS)
def test_complex_step_of_anything(theta, h):
    out = _call_safely(complex_step_gradient, lambda v: np.sum(np.sin(v)), theta, h)
    if out is not None:
        assert _all_finite(out)


NETWORK_FUNCTIONS = [check_gradients, check_deltas, network_numerical_gradient, network_cost_batch]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(NETWORK_FUNCTIONS),
    sizes=st.lists(st.integers(1, 3), min_size=2, max_size=4),
    m=st.integers(1, 4),
    values=st.floats(-30, 30),
    X_kind=st.sampled_from(["good", "bad"]),
    y=ARRAYS,
    output=st.sampled_from(["sigmoid", "softmax", "identity", "tanh"]),
    cost=st.sampled_from(["cross_entropy", "half_squared_error"]),
    activation=st.sampled_from(["sigmoid", "relu", "tanh"]),
    epsilon=SCALARS,
)
def test_network_functions_on_anything(which, sizes, m, values, X_kind, y, output, cost, activation, epsilon):
    thetas = [
        np.full((b, a + 1), values) + np.arange(b * (a + 1)).reshape(b, a + 1) / 7
        for a, b in zip(sizes[:-1], sizes[1:])
    ]
    X = np.linspace(-1, 1, m * sizes[0]).reshape(m, sizes[0]) if X_kind == "good" else y
    labels = np.arange(m) % sizes[-1]
    copies = [t.copy() for t in thetas]
    kwargs = dict(cost=cost, activation=activation, output=output)
    if which is not network_cost_batch:
        kwargs["epsilon"] = epsilon
    out = _call_safely(which, thetas, X, labels if X_kind == "good" else y, **kwargs)
    if out is not None:
        assert _all_finite(
            out(np.concatenate([t.ravel() for t in thetas]))
            if callable(out)
            else [d.numeric for d in out]
            if which is check_deltas
            else out
        )
    for t, c in zip(thetas, copies):
        np.testing.assert_array_equal(t, c)
