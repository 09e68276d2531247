"""Any input to the training and data functions gives a finite result or the package's own ValueError/TypeError.

Hypothesis draws shapes, dtypes and values (NaN, inf, huge, negative,
strings, wrong types) for every argument. An input is either handled,
with every number in the result finite, or refused by a ValueError or
TypeError raised by nnlesson itself: never a numpy broadcasting error, a
warning, or a NaN in the result.
"""

import pathlib
import re
import traceback

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlesson
from nnlesson.data import load_digits_split, make_customers, standardize, stratified_split
from nnlesson.train import gradient_descent, train

PACKAGE = pathlib.Path(nnlesson.__file__).resolve().parent

values = st.one_of(
    st.floats(-3, 3),
    st.sampled_from([0.0, -0.0, 1e-300, 1e300, -1e300, np.inf, -np.inf, np.nan]),
    st.floats(allow_nan=True, allow_infinity=True),
)
dtypes = st.sampled_from([np.float32, np.int64, np.int8, np.bool_, np.complex128, np.uint8])


def arrays(max_dims=3):
    """Arrays of any small shape and dtype with any values, and a few things that are not arrays."""
    shapes = hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0, max_side=5)
    float64 = hnp.arrays(np.float64, shapes, elements=values)
    other = dtypes.flatmap(lambda d: hnp.arrays(d, shapes, elements=hnp.from_dtype(np.dtype(d))))
    return st.one_of(float64, other, st.sampled_from([None, "X", [[1.0, 2.0], [3.0]], 3.0, [[]]]))


def mostly(valid, invalid):
    """``valid`` nine times in ten, ``invalid`` otherwise: most draws then reach the arithmetic."""
    return st.integers(0, 9).flatmap(lambda i: invalid if i == 3 else valid)  # not 0: hypothesis favours it


finite = st.one_of(st.floats(-1e3, 1e3), st.floats(allow_nan=False, allow_infinity=False))
seeds = mostly(
    st.one_of(st.integers(0, 2**40), st.none()), st.one_of(st.integers(-3, -1), st.sampled_from(["0", 1.5, True]))
)
sizes = st.lists(st.integers(-1, 4), min_size=0, max_size=4)
scalars = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5), st.sampled_from(["1", None]))


def finite_everywhere(result):
    """Every number in ``result`` (arrays, lists, tuples, a TrainingResult) is finite."""
    if isinstance(result, nnlesson.train.TrainingResult):
        parts = [result.history, *result.thetas, *result.initial_thetas]
        parts += [e for e in (result.train_errors, result.validation_errors) if e is not None]
        return all(np.isfinite(p).all() for p in parts)
    if isinstance(result, (list, tuple)):
        return all(finite_everywhere(r) for r in result)
    return bool(np.isfinite(np.asarray(result, dtype=np.float64)).all())


def finite_or_refused(call):
    """Run ``call``: a finite result, or a ValueError/TypeError raised inside nnlesson."""
    try:
        result = call()
    except (ValueError, TypeError) as err:
        origin = pathlib.Path(traceback.extract_tb(err.__traceback__)[-1].filename).resolve()
        assert PACKAGE in origin.parents, f"{type(err).__name__} from {origin.name}, not from nnlesson: {err}"
        assert str(err), "an error without a message"
        event(f"refused: {type(err).__name__}: {str(err)[:50]}")
        return None
    event("finite result")
    assert finite_everywhere(result), f"a non-finite result: {result!r}"
    return result


def rows(X):
    """How many labels fit ``X``: its number of rows, or 1."""
    return X.shape[0] if isinstance(X, np.ndarray) and X.ndim else 1


def matrix(m, n, elements=finite):
    """A float64 ``(m, n)`` array nine times in ten, any array otherwise."""
    return mostly(hnp.arrays(np.float64, (m, n), elements=elements), arrays())


def labels(m, K, integers=False):
    """Labels ``0..K-1`` (0/1 floats for one output unit) nine times in ten, any array otherwise."""
    good = hnp.arrays(np.int64, m, elements=st.integers(0, max(K - 1, 1)))
    return mostly(good.map(lambda y: y.astype(np.float64) if K == 1 and not integers else y), arrays(max_dims=2))


def network_options(draw):
    """Keyword arguments of train and gradient_descent, each valid nine times in ten."""
    return draw(
        st.fixed_dictionaries(
            {
                "lam": mostly(st.floats(0, 10), scalars),
                "rng": seeds,
                "activation": mostly(st.sampled_from(["sigmoid", "relu", "tanh"]), st.sampled_from(["step", None])),
                "output": mostly(st.sampled_from(["sigmoid", "softmax", "identity"]), st.sampled_from(["linear", 1])),
                "cost": mostly(
                    st.sampled_from(["cross_entropy", "half_squared_error"]), st.sampled_from(["mse", None])
                ),
                "epsilon_init": mostly(st.floats(0.01, 3), scalars),
            }
        )
    )


@settings(max_examples=100, deadline=None)
@given(data=st.data(), s=st.lists(st.integers(1, 4), min_size=2, max_size=3), m=st.integers(1, 6))
def test_train_gives_finite_results_or_a_clear_error(data, s, m):
    layer_sizes = data.draw(mostly(st.just(s), st.one_of(sizes, st.just("3-4-2"))))
    X, y = data.draw(matrix(m, s[0])), data.draw(labels(m, s[-1]))
    kwargs = network_options(data.draw)
    kwargs["method"] = data.draw(mostly(st.sampled_from(["L-BFGS-B", "CG"]), st.sampled_from(["adam", 3])))
    kwargs["maxiter"] = data.draw(mostly(st.integers(1, 3), st.one_of(st.integers(-1, 0), scalars)))
    kwargs["blas_threads"] = data.draw(mostly(st.sampled_from([None, 1, 2]), st.sampled_from([0, 2.0])))
    finite_or_refused(lambda: train(layer_sizes, X, y, **kwargs))


@settings(max_examples=80, deadline=None)
@given(data=st.data(), m=st.integers(1, 6))
def test_gradient_descent_gives_finite_results_or_a_clear_error(data, m):
    X, y = data.draw(matrix(m, 3)), data.draw(labels(m, 2))
    kwargs = network_options(data.draw)
    lam = kwargs.pop("lam")
    alpha = data.draw(mostly(st.one_of(st.floats(1e-3, 10), st.sampled_from([1e20, 1e100, 1e300])), scalars))
    num_iters = data.draw(mostly(st.integers(1, 5), st.one_of(st.integers(-1, 0), scalars)))
    kwargs["gtol"] = data.draw(mostly(st.floats(0, 1), scalars))
    finite_or_refused(lambda: gradient_descent([3, 4, 2], X, y, lam, alpha, num_iters, **kwargs))


def test_a_diverging_step_blames_alpha_at_every_size():
    X = np.random.default_rng(0).normal(size=(12, 3))
    y = np.arange(12) % 2
    for alpha in (1e20, 1e100, 1e300):
        with pytest.raises(
            ValueError, match=rf"diverged at iteration \d+ .*alpha = {re.escape(f'{alpha:g}')} is too large"
        ):
            gradient_descent([3, 4, 2], X, y, 1.0, alpha, 50)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), m=st.integers(1, 12), n=st.integers(1, 3), K=st.integers(1, 3))
def test_stratified_split_gives_finite_results_or_a_clear_error(data, m, n, K):
    X, y = data.draw(matrix(m, n)), data.draw(labels(m, K, integers=True))
    test_size = data.draw(mostly(st.floats(0.05, 0.95), scalars))
    finite_or_refused(lambda: stratified_split(X, y, test_size=test_size, rng=data.draw(seeds)))


@settings(max_examples=80, deadline=None)
@given(data=st.data(), n=st.integers(1, 3), sets=st.integers(0, 2))
def test_standardize_gives_finite_results_or_a_clear_error(data, n, sets):
    X_train, *others = [data.draw(matrix(data.draw(st.integers(1, 5)), n)) for _ in range(sets + 1)]
    finite_or_refused(lambda: standardize(X_train, *others))


@settings(max_examples=40, deadline=None)
@given(m=mostly(st.integers(7, 40), st.one_of(st.integers(-2, 6), scalars)), rng=seeds)
def test_make_customers_gives_finite_results_or_a_clear_error(m, rng):
    finite_or_refused(lambda: make_customers(m=m, rng=rng))


@settings(max_examples=20, deadline=None)
@given(test_size=mostly(st.floats(0.01, 0.99), scalars), rng=seeds)
def test_load_digits_split_gives_finite_results_or_a_clear_error(test_size, rng):
    finite_or_refused(lambda: load_digits_split(test_size=test_size, rng=rng))


@pytest.mark.parametrize(
    "call",
    [
        lambda rng: train(
            [3, 4, 2],
            np.zeros((4, 3)),
            [0, 1, 1, 0],
            maxiter=1,
            rng=rng,
            initial_thetas=[np.zeros((4, 4)), np.zeros((2, 5))],
        ),
        lambda rng: gradient_descent([3, 4, 2], np.zeros((4, 3)), [0, 1, 1, 0], 1.0, 1.0, 1, rng=rng),
        lambda rng: stratified_split(np.zeros((4, 1)), [0, 0, 1, 1], rng=rng),
        lambda rng: make_customers(rng=rng),
        lambda rng: load_digits_split(rng=rng),
    ],
)
def test_every_rng_argument_is_checked_alike(call):
    # Even where the weights are given and rng would draw nothing, a bad rng is named.
    with pytest.raises(ValueError, match=r"^rng as a seed must be >= 0, got -1$"):
        call(-1)
    with pytest.raises(TypeError, match=r"^rng must be a numpy Generator, an int seed >= 0 or None, got str '0'$"):
        call("0")
