"""Every public function of landscape, plots and widgets: random junk in one argument is refused by name, or works.

One argument at a time gets a random value (None, bools, numbers of every
size, NaN and inf, strings, lists, numpy arrays of random shape and dtype),
the others stay valid. The call must either succeed or raise a ValueError
or TypeError whose message names that argument: never a KeyError, an
IndexError, a matplotlib error, a warning or a hang.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnlesson as nl
from nnlesson import landscape, plots, widgets
from nnlesson.gradcheck import epsilon_sweep

LAYERS = [3, 4, 2]
_rng = np.random.default_rng(7)
THETAS = nl.rand_initialize_weights(LAYERS, epsilon_init=1.0, rng=_rng)
X = _rng.normal(size=(6, LAYERS[0]))
Y = _rng.integers(0, LAYERS[-1], size=6)
THETA = nl.unroll(THETAS)
GRAD = nl.nn_cost_function_unrolled(THETA, LAYERS, X, Y)[1]


def J(v):
    return nl.nn_cost_function_unrolled(v, LAYERS, X, Y)[0]


SWEEP = epsilon_sweep(J, THETA, GRAD, epsilons=np.logspace(-8, 0, 5))
SURFACE = landscape.cost_surface(THETAS, X, Y, [(1, 0, 1), (2, 1, 3)], resolution=5)
SLICE = landscape.cost_slice(J, THETA, 0, resolution=5)
PARAMS = [(1, 0, 1), (2, 1, 3)]
NET = {"thetas": THETAS, "X": X, "y": Y, "params": PARAMS}
SLOPE = {"J": J, "theta": THETA, "index": 0, "analytic": GRAD}

# (function, valid keyword arguments, the arguments to fuzz, examples per argument)
CASES = [
    (
        landscape.cost_surface,
        NET | {"resolution": 5},
        ["thetas", "X", "y", "params", "cost", "activation", "output", "span", "resolution"],
        25,
    ),
    (landscape.descent_arrow, {"surface": SURFACE, "lam": 1.0}, ["lam"], 25),
    (landscape.cost_slice, SLOPE | {"resolution": 5}, ["J", "theta", "index", "analytic", "span", "resolution"], 25),
    (landscape.widen, {"piece": SLICE, "epsilon": 2.0}, ["epsilon"], 25),
    (landscape.secant_table, {"piece": SLICE, "epsilons": [1e-3, 1e-1]}, ["epsilons"], 25),
    (
        plots.plot_cost_surface,
        NET | {"resolution": 5},
        [
            "thetas",
            "X",
            "y",
            "params",
            "lam",
            "cost",
            "span",
            "resolution",
            "ax",
            "three_d",
            "activation",
            "colorbar",
            "output",
        ],
        15,
    ),
    (
        plots.plot_tangent_secant,
        SLOPE | {"epsilon": 1e-3, "resolution": 5},
        ["J", "theta", "index", "epsilon", "analytic", "ax", "span", "resolution", "inset"],
        15,
    ),
    (plots.plot_epsilon_sweep, {"sweep": SWEEP, "mark": 1e-4}, ["sweep", "mark", "ax"], 25),
    (
        plots.plot_network,
        {"thetas": THETAS, "x": X[0], "y": Y[0], "show_deltas": True},
        ["thetas", "x", "y", "show_deltas", "ax", "activation", "output", "cost"],
        15,
    ),
    (plots.plot_learning_curves, {"history": {"cost": [2.0, 1.0]}}, ["history", "ax"], 25),
    (plots.lambda_explorer_static, NET | {"lams": (0, 1), "resolution": 5}, ["lams"], 10),
    (plots.epsilon_explorer_static, SLOPE | {"epsilons": (1e-1, 1e-4), "resolution": 5}, ["epsilons"], 5),
    (widgets.lambda_explorer, NET | {"resolution": 5}, ["lam", "lam_max", "figsize", "dpi", "resolution", "output"], 5),
    (widgets.epsilon_explorer, SLOPE | {"resolution": 5}, ["epsilon", "figsize", "dpi", "index"], 3),
]

_SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5)
_float_arrays = st.one_of(
    hnp.arrays(
        dtype=st.sampled_from([np.float64, np.float32, np.complex128]),
        shape=_SHAPES,
        elements=st.one_of(st.integers(-3, 3), st.floats(-1e3, 1e3, width=32), st.sampled_from([np.nan, np.inf])),
    ),
    hnp.arrays(dtype=st.sampled_from([np.int64, np.uint8]), shape=_SHAPES, elements=st.integers(0, 3)),
    hnp.arrays(dtype=np.bool_, shape=_SHAPES),
)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.lists(st.one_of(st.floats(-5, 5), st.integers(-3, 3)), max_size=4),
    st.tuples(st.integers(-2, 4), st.integers(-2, 4), st.integers(-2, 4)),
    _float_arrays,
    st.builds(dict, a=st.floats(-1, 1)),
    st.just(object()),
)


@pytest.mark.parametrize(
    "function, valid, name, examples",
    [(f, valid, name, n) for f, valid, names, n in CASES for name in names],
    ids=lambda v: v.__name__ if callable(v) and hasattr(v, "__name__") else None,
)
def test_junk_in_one_argument_is_refused_by_name_or_works(function, valid, name, examples):
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(JUNK)
    def check(value):
        try:
            function(**(valid | {name: value}))
        except (ValueError, TypeError) as error:
            assert name in str(error) or (name == "y" and "label" in str(error)), (
                f"{function.__name__}({name}={value!r}) raised {type(error).__name__} that does not name "
                f"{name!r}: {error}"
            )
        finally:
            plt.close("all")

    check()
