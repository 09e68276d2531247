"""The landscape's numbers: surfaces in bounded memory, slices and their secants, sizes refused by name."""

import os
import subprocess
import sys
import textwrap
import tracemalloc

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import landscape

LAYERS = [3, 4, 2]
PARAMS = [(1, 0, 1), (2, 1, 3)]


@pytest.fixture
def net(rng):
    thetas = nl.rand_initialize_weights(LAYERS, epsilon_init=1.0, rng=rng)
    X = rng.normal(size=(12, LAYERS[0]))
    y = rng.integers(0, LAYERS[-1], size=12)
    return thetas, X, y


def unrolled_cost(X, y):
    return lambda v: nl.nn_cost_function_unrolled(v, LAYERS, X, y)[0]


# --- surfaces -------------------------------------------------------------------------------


def test_grid_memory_is_bounded_by_the_chunk_budget_not_the_grid(net, monkeypatch):
    """Peak traced memory: the (r, r) results plus a few arrays of CHUNK_ELEMENTS, never r² · m · units."""
    thetas, X, y = net
    r = 201
    monkeypatch.setattr(landscape, "CHUNK_ELEMENTS", 20_000)
    whole = landscape.cost_surface(thetas, X, y, PARAMS, resolution=r).data
    tracemalloc.start()
    try:
        chunked = landscape.cost_surface(thetas, X, y, PARAMS, resolution=r).data
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(chunked, whole)
    unchunked = r * r * X.shape[0] * max(LAYERS) * 8  # one intermediate array over the whole grid
    assert peak < 8 * r * r * 8 + 10 * 20_000 * 8 < unchunked / 2


def test_resolution_is_refused_above_the_maximum_before_any_work(net):
    thetas, X, y = net
    with pytest.raises(ValueError, match=rf"resolution must be at most {landscape.MAX_RESOLUTION}.*got 1000000"):
        landscape.cost_surface(thetas, X, y, PARAMS, resolution=10**6)
    with pytest.raises(ValueError, match="resolution must be >= 3"):
        landscape.cost_surface(thetas, X, y, PARAMS, resolution=2)


_AT_THE_LIMIT = textwrap.dedent("""
    import resource
    import numpy as np
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import nnlesson as nl
    from nnlesson import landscape, plots

    def address_space():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))

    limit = address_space() + 2**30  # what the imports took, plus 1 GiB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    rng = np.random.default_rng(0)
    thetas = nl.rand_initialize_weights([3, 4, 2], epsilon_init=1.0, rng=rng)
    X, y = rng.normal(size=(12, 3)), rng.integers(0, 2, size=12)
    try:
        plots.plot_cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=landscape.MAX_RESOLUTION + 1)
    except ValueError as error:
        print("refused:", error)
    ax = plots.plot_cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=landscape.MAX_RESOLUTION)
    ax.figure.canvas.draw()
    print("drawn at", landscape.MAX_RESOLUTION)
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status, Linux only")
def test_the_largest_accepted_resolution_draws_within_1_gib_more_address_space():
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-c", _AT_THE_LIMIT], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"resolution must be at most {landscape.MAX_RESOLUTION}" in done.stdout
    assert f"drawn at {landscape.MAX_RESOLUTION}" in done.stdout


# --- slices ---------------------------------------------------------------------------------


def test_slice_curve_is_J_along_the_coordinate_and_leaves_theta_alone(net):
    thetas, X, y = net
    J, theta = unrolled_cost(X, y), nl.unroll(thetas)
    before = theta.copy()
    piece = landscape.cost_slice(J, theta, 5, span=0.5, resolution=7)
    for offset, value in zip(piece.offsets, piece.curve):
        moved = theta.copy()
        moved[5] += offset
        assert value == J(moved)
    np.testing.assert_array_equal(theta, before)
    assert J(theta) == piece.J0 and not piece.analytic


def test_secant_table_holds_both_secants_and_their_errors(net):
    thetas, X, y = net
    J, theta = unrolled_cost(X, y), nl.unroll(thetas)
    _, grad = nl.nn_cost_function_unrolled(theta, LAYERS, X, y)
    piece = landscape.cost_slice(J, theta, 2, analytic=grad, resolution=5)
    table = landscape.secant_table(piece, [1e-1, 1e-4, 1e-8])
    for k, eps in enumerate([1e-1, 1e-4, 1e-8]):
        up, down = theta.copy(), theta.copy()
        up[2] += eps
        down[2] -= eps
        two, one = (J(up) - J(down)) / (2 * eps), (J(up) - J(theta)) / eps
        assert table.secants(k, piece.J0) == piece.secants(eps) == (eps, J(down), J(up), one, two)
        assert table.two_sided[k] == abs(two - grad[2]) / abs(two + grad[2])
        assert table.one_sided[k] == abs(one - grad[2]) / abs(one + grad[2])


def test_widen_keeps_a_slice_that_holds_epsilon_and_widens_one_that_does_not(net):
    thetas, X, y = net
    piece = landscape.cost_slice(unrolled_cost(X, y), nl.unroll(thetas), 0, span=1.0, resolution=5)
    assert landscape.widen(piece, 0.5) is piece
    wide = landscape.widen(piece, 2.0)
    assert wide.half_width == 3.0 and wide.offsets[0] == -3.0 and wide.curve.size == 5


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"J": 3.0}, TypeError, "J must be a function"),
        ({"index": -1}, ValueError, "index must be >= 0"),
        ({"analytic": "steep"}, TypeError, "analytic must be a real number"),
        ({"span": np.inf}, ValueError, "span must be finite"),
        ({"resolution": 5000}, ValueError, "resolution must be at most 501"),
    ],
)
def test_slice_rejects_bad_input_by_name(net, kwargs, error, message):
    thetas, X, y = net
    args = {"J": unrolled_cost(X, y), "theta": nl.unroll(thetas), "index": 0} | kwargs
    with pytest.raises(error, match=message):
        landscape.cost_slice(**args)


def test_slice_rejects_a_J_that_returns_nan():
    with pytest.raises(ValueError, match="J must return a finite cost"):
        landscape.cost_slice(lambda v: np.nan, np.ones(3), 0)
