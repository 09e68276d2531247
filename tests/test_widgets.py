"""The explorers redraw when their slider moves, without a browser, and show the right numbers."""

import matplotlib

matplotlib.use("Agg")

import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import nnlesson as nl
from nnlesson import landscape
from nnlesson import widgets as nw

LAYERS = [3, 4, 2]
PARAMS = [(1, 0, 1), (2, 1, 3)]


@pytest.fixture
def net(rng):
    thetas = nl.rand_initialize_weights(LAYERS, epsilon_init=1.0, rng=rng)
    X = rng.normal(size=(12, LAYERS[0]))
    y = rng.integers(0, LAYERS[-1], size=12)
    return thetas, X, y


@pytest.fixture
def slope_problem(net):
    """``J`` of the unrolled parameters, the parameters and the exact gradient."""
    thetas, X, y = net
    theta = nl.unroll(thetas)
    _, grad = nl.nn_cost_function_unrolled(theta, LAYERS, X, y)
    return (lambda v: nl.nn_cost_function_unrolled(v, LAYERS, X, y)[0]), theta, grad


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png))).astype(int)


def same_picture(a, b):
    """Two PNGs that differ in at most 0.1% of pixels, and there only by anti-aliasing."""
    difference = np.abs(pixels(a) - pixels(b))
    return (difference > 40).mean() < 1e-3


# --- λ ------------------------------------------------------------------------------


def test_lambda_explorer_has_a_slider_from_0_to_at_least_10(net):
    w = nw.lambda_explorer(*net, PARAMS)
    assert isinstance(w.slider, widgets.FloatSlider) and w.slider.min == 0 and w.slider.max >= 10
    assert isinstance(w.image, widgets.Image) and isinstance(w.readout, widgets.HTML)
    assert w.children == (w.slider, w.readout, w.image)


def test_lambda_explorer_redraws_when_the_slider_moves(net):
    w = nw.lambda_explorer(*net, PARAMS)
    image, readout = w.image.value, w.readout.value
    w.slider.value = 7.5
    assert w.image.value != image and w.readout.value != readout
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_lambda_readout_shows_the_cost_and_gradient_norm_at_that_lambda(net):
    w = nw.lambda_explorer(*net, PARAMS)
    w.slider.value = 4.0
    J, grads = nl.nn_cost_function(*net, lam=4.0)
    assert f"{J:.6f}" in w.readout.value
    assert f"{np.linalg.norm(nl.unroll(grads)):.6f}" in w.readout.value


def test_lambda_redraw_is_the_picture_of_an_explorer_started_there(net):
    moved = nw.lambda_explorer(*net, PARAMS)
    moved.slider.value = 10.0
    assert same_picture(moved.image.value, nw.lambda_explorer(*net, PARAMS, lam=10.0).image.value)


def test_lambda_explorer_leaves_no_pyplot_figures(net):
    before = plt.get_fignums()
    w = nw.lambda_explorer(*net, PARAMS)
    w.slider.value = 1.0
    assert plt.get_fignums() == before


def test_lambda_explorer_rejects_a_negative_lambda(net):
    with pytest.raises(ValueError, match="lam must be >= 0"):
        nw.lambda_explorer(*net, PARAMS, lam=-0.5)


def test_lambda_explorer_rejects_a_weight_that_does_not_exist(net):
    with pytest.raises(ValueError, match=r"params\[0\] index \(4, 1\) is out of range"):
        nw.lambda_explorer(*net, [(1, 4, 1), (2, 1, 3)])


def test_lambda_static_has_one_panel_and_one_colour_bar_per_lambda(net):
    fig = nw.lambda_explorer_static(*net, PARAMS, lams=(0, 1, 10), resolution=9)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(fig.axes) == 6 and len(panels) == 3
    costs = [f"J(Θ) = {nl.nn_cost_function(*net, lam=lam)[0]:.4f}" for lam in (0, 1, 10)]
    assert [ax.texts[-1].get_text() for ax in panels] == costs


def test_lambda_static_rejects_a_negative_lambda(net):
    with pytest.raises(ValueError, match=r"lams\[1\] must be >= 0"):
        nw.lambda_explorer_static(*net, PARAMS, lams=(0, -1))


# --- ε ------------------------------------------------------------------------------


def test_epsilon_explorer_has_a_log_slider_from_1e_12_to_1(slope_problem):
    w = nw.epsilon_explorer(*slope_problem[:2], 3, analytic=slope_problem[2])
    assert isinstance(w.slider, widgets.FloatLogSlider)
    assert (w.slider.base, w.slider.min, w.slider.max) == (10, -12, 0)


def test_epsilon_explorer_redraws_when_the_slider_moves(slope_problem):
    J, theta, grad = slope_problem
    w = nw.epsilon_explorer(J, theta, 3, analytic=grad)
    image, readout = w.image.value, w.readout.value
    w.slider.value = 1e-2
    assert w.image.value != image and w.readout.value != readout


def test_epsilon_readout_shows_analytic_and_numeric_slopes_and_their_error(slope_problem):
    J, theta, grad = slope_problem
    w = nw.epsilon_explorer(J, theta, 3, analytic=grad)
    w.slider.value = 1e-2
    up, down = theta.copy(), theta.copy()
    up[3] += 1e-2
    down[3] -= 1e-2
    numeric = (J(up) - J(down)) / 2e-2
    assert f"{grad[3]:+.12e}" in w.readout.value and f"{numeric:+.12e}" in w.readout.value
    assert f"{abs(numeric - grad[3]) / abs(numeric + grad[3]):.3e}" in w.readout.value


@pytest.mark.parametrize("epsilon", [1e-6, 0.9])
def test_epsilon_redraw_is_the_picture_of_an_explorer_started_there(slope_problem, epsilon):
    J, theta, grad = slope_problem
    moved = nw.epsilon_explorer(J, theta, 3, analytic=grad)
    moved.slider.value = epsilon  # 0.9 needs a wider window than the first draw had
    fresh = nw.epsilon_explorer(J, theta, 3, analytic=grad, epsilon=moved.slider.value)
    assert same_picture(moved.image.value, fresh.image.value)


@pytest.mark.parametrize(
    "epsilon, message",
    [(0.0, "epsilon must be > 0"), (np.nan, "epsilon must be finite"), (10.0, r"epsilon must lie in \[1e-12, 1\]")],
)
def test_epsilon_explorer_rejects_a_bad_epsilon(slope_problem, epsilon, message):
    J, theta, grad = slope_problem
    with pytest.raises(ValueError, match=message):
        nw.epsilon_explorer(J, theta, 3, analytic=grad, epsilon=epsilon)


def test_epsilon_explorer_rejects_an_index_out_of_range(slope_problem):
    J, theta, grad = slope_problem
    with pytest.raises(ValueError, match="index must be a coordinate of theta"):
        nw.epsilon_explorer(J, theta, theta.size, analytic=grad)


def test_epsilon_static_has_a_panel_per_epsilon_and_the_error_curve(slope_problem):
    J, theta, grad = slope_problem
    before = plt.get_fignums()
    fig = nw.epsilon_explorer_static(J, theta, 3, analytic=grad, epsilons=(1e-1, 1e-4, 1e-9))
    assert len(fig.axes) == 4 and fig.axes[-1].get_xscale() == "log"
    assert plt.get_fignums() == before


def test_epsilon_static_rejects_a_zero_epsilon(slope_problem):
    J, theta, grad = slope_problem
    with pytest.raises(ValueError, match=r"epsilons\[0\] must be > 0"):
        nw.epsilon_explorer_static(J, theta, 3, analytic=grad, epsilons=(0.0,))


# --- what the redesign added ------------------------------------------------------------------


def test_epsilon_explorer_calls_J_only_when_built_for_slider_positions(slope_problem):
    J, theta, grad = slope_problem
    calls = []

    def counted(v):
        calls.append(1)
        return J(v)

    w = nw.epsilon_explorer(counted, theta, 3, analytic=grad)
    built = len(calls)
    for exponent in (-12, -9.5, -6, -3.25, 0, -4):
        w.slider.value = 10.0**exponent
    assert len(calls) == built
    w.slider.value = 3.3e-5  # off the slider's grid, as a caller may set it: two new calls
    assert len(calls) == built + 2


def test_epsilon_readout_shows_the_one_sided_slope_too(slope_problem):
    J, theta, grad = slope_problem
    w = nw.epsilon_explorer(J, theta, 3, analytic=grad)
    w.slider.value = 1e-3
    up = theta.copy()
    up[3] += 1e-3
    one_sided = (J(up) - J(theta)) / 1e-3
    assert f"{one_sided:+.12e}" in w.readout.value
    assert f"{abs(one_sided - grad[3]) / abs(one_sided + grad[3]):.3e}" in w.readout.value


def test_explorer_image_is_a_png_of_the_figure_size(net):
    w = nw.lambda_explorer(*net, PARAMS, figsize=(5.0, 4.0), dpi=50)
    assert pixels(w.image.value).shape == (200, 250, 3)  # opaque: RGB


@pytest.mark.parametrize(
    "activation, output, cost", [("tanh", "softmax", "cross_entropy"), ("relu", "identity", "half_squared_error")]
)
def test_lambda_explorer_follows_the_chosen_layers(net, activation, output, cost):
    w = nw.lambda_explorer(*net, PARAMS, activation=activation, output=output, cost=cost)
    w.slider.value = 2.0
    J, _ = nl.nn_cost_function(*net, lam=2.0, cost=cost, activation=activation, output=output)
    assert f"{J:.6f}" in w.readout.value
    grid = landscape.cost_surface(*net, PARAMS, cost, activation, output).cost_grid(2.0)
    assert f"{grid.min():.4g} … {grid.max():.4g}" in w.readout.value


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"dpi": 0}, "dpi must be > 0"),
        ({"dpi": 1e5}, "dpi must be at most 600"),
        ({"figsize": (0, 3)}, r"figsize\[0\] must be > 0"),
        ({"figsize": 5}, r"figsize must be \(width, height\)"),
        ({"resolution": 10**6}, "resolution must be at most 501"),
        ({"lam_max": 5}, "lam_max must be >= 10"),
    ],
)
def test_lambda_explorer_rejects_bad_options_by_name(net, kwargs, message):
    with pytest.raises(ValueError, match=message):
        nw.lambda_explorer(*net, PARAMS, **kwargs)


def test_epsilon_explorer_rejects_a_zero_dpi(slope_problem):
    J, theta, grad = slope_problem
    with pytest.raises(ValueError, match="dpi must be > 0"):
        nw.epsilon_explorer(J, theta, 3, analytic=grad, dpi=0)
