"""The plots draw what they say, from numbers that agree with the network's own functions."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.contour import ContourSet
from matplotlib.patches import Circle, FancyArrowPatch, Rectangle

import nnlesson as nl
from nnlesson import landscape, plots
from nnlesson.activations import ACTIVATIONS
from nnlesson.costs import LOSSES
from nnlesson.gradcheck import epsilon_sweep

from conftest import central_difference, rel_error

LAYERS = [3, 4, 2]
# (cost, activation, output): every valid pair of cost and output layer, with every hidden activation.
PAIRS = [(cost, activation, output) for cost, output in sorted(LOSSES) for activation in sorted(ACTIVATIONS)]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def net(rng):
    thetas = nl.rand_initialize_weights(LAYERS, epsilon_init=1.0, rng=rng)
    X = rng.normal(size=(12, LAYERS[0]))
    y = rng.integers(0, LAYERS[-1], size=12)
    return thetas, X, y


def unrolled_cost(X, y, lam=0.0):
    return lambda v: nl.nn_cost_function_unrolled(v, LAYERS, X, y, lam=lam)[0]


def with_weights(thetas, params, values):
    changed = [t.copy() for t in thetas]
    for (layer, row, col), value in zip(params, values):
        changed[layer - 1][row, col] = value
    return changed


# --- cost surface ---------------------------------------------------------------


@pytest.mark.parametrize("params", [[(1, 0, 1), (2, 1, 3)], [(1, 2, 0), (1, 0, 3)], [(2, 0, 0), (2, 1, 2)]])
@pytest.mark.parametrize("cost, activation, output", PAIRS)
def test_cost_grid_equals_the_cost_function_with_the_two_weights_set(net, params, cost, activation, output):
    thetas, X, y = net
    surface = landscape.cost_surface(thetas, X, y, params, cost, activation, output, span=0.7, resolution=9)
    grid = surface.cost_grid(2.5)
    for i, j in [(0, 0), (3, 7), (8, 8), (4, 4)]:
        changed = with_weights(thetas, params, (surface.axes[0][j], surface.axes[1][i]))
        expected, _ = nl.nn_cost_function(changed, X, y, lam=2.5, cost=cost, activation=activation, output=output)
        assert grid[i, j] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("cost, activation, output", PAIRS)
def test_surface_gradient_passes_the_gradient_check_for_every_output(net, cost, activation, output):
    thetas, X, y = net
    surface = landscape.cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], cost, activation, output, resolution=3)
    theta = nl.unroll(thetas)

    def J(v):
        return nl.nn_cost_function_unrolled(v, LAYERS, X, y, lam=1.5, cost=cost, activation=activation, output=output)[
            0
        ]

    assert rel_error(surface.full_gradient(1.5), central_difference(J, theta)) < 1e-8
    assert surface.cost(1.5) == pytest.approx(J(theta), rel=1e-12)


def test_cost_grid_is_the_same_in_small_chunks(net, monkeypatch):
    thetas, X, y = net
    whole = landscape.cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=7).data
    monkeypatch.setattr(landscape, "CHUNK_ELEMENTS", 50)
    chunked = landscape.cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=7).data
    np.testing.assert_allclose(chunked, whole, rtol=1e-14)


def test_surface_gradient_is_the_cost_functions_gradient(net):
    thetas, X, y = net
    surface = landscape.cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=5)
    J, grads = nl.nn_cost_function(thetas, X, y, lam=3.0)
    assert surface.cost(3.0) == pytest.approx(J, rel=1e-12)
    np.testing.assert_allclose(surface.full_gradient(3.0), nl.unroll(grads), rtol=1e-12, atol=1e-15)


def test_cost_surface_draws_contours_current_point_arrow_and_labels(net):
    thetas, X, y = net
    ax = plots.plot_cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], lam=1.0, resolution=11)
    assert any(isinstance(c, ContourSet) for c in ax.collections)
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert [a.get_gid() for a in arrows] == ["negative_gradient"]
    assert r"\Theta^{(1)}_{0,1}" in ax.get_xlabel() and r"\Theta^{(2)}_{1,3}" in ax.get_ylabel()
    assert "J(\\Theta)" in ax.get_title(loc="left")
    assert r"$\lambda = 1$" in [t.get_text() for t in ax.texts]
    assert {"current $\\Theta$", "lowest $J$ on the grid"} <= {line.get_label() for line in ax.lines}


def test_arrow_points_down_the_gradient_of_the_two_weights(net):
    thetas, X, y = net
    params = [(1, 0, 1), (2, 1, 3)]
    surface = landscape.cost_surface(thetas, X, y, params, resolution=5)
    _, grads = nl.nn_cost_function(thetas, X, y, lam=2.0)
    g = np.array([grads[l - 1][r, c] for l, r, c in params])
    start, end = landscape.descent_arrow(surface, 2.0)
    step = np.subtract(end, start)
    assert start == surface.centre
    np.testing.assert_allclose(step / np.linalg.norm(step), -g / np.linalg.norm(g), rtol=1e-12)


def test_no_arrow_at_the_bottom_of_the_bowl(net):
    thetas, X, y = net
    thetas = with_weights(thetas, [(1, 0, 1), (2, 1, 3)], (0.0, 0.0))
    surface = landscape.cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=9)
    assert landscape.descent_arrow(surface, 1e9) is None  # the penalty's minimum at (0, 0) dominates


def test_large_lambda_moves_the_lowest_point_to_the_origin(net):
    thetas, X, y = net
    thetas = with_weights(thetas, [(1, 0, 1), (2, 1, 3)], (0.3, -0.4))
    surface = landscape.cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], span=1.0, resolution=21)
    grid = surface.cost_grid(1e5)
    i, j = np.unravel_index(np.argmin(grid), grid.shape)
    step = 2 * 1.0 / 20
    assert abs(surface.axes[0][j]) <= step and abs(surface.axes[1][i]) <= step


def test_cost_surface_in_3d_draws_a_surface_and_a_quiver(net):
    thetas, X, y = net
    ax = plots.plot_cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=9, three_d=True)
    kinds = {type(c).__name__ for c in ax.collections}
    assert ax.name == "3d" and {"Poly3DCollection", "Line3DCollection"} <= kinds


def test_cost_surface_draws_on_the_axes_it_is_given(net):
    thetas, X, y = net
    fig, (left, right) = plt.subplots(1, 2)
    out = plots.plot_cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=5, ax=right, colorbar=False)
    assert out is right and not left.collections and len(fig.axes) == 2


@pytest.mark.parametrize(
    "params, kwargs, message",
    [
        ([(3, 0, 0), (1, 0, 1)], {}, r"params\[0\] layer must be 1..2"),
        ([(1, 0, 1), (2, 2, 0)], {}, r"params\[1\] index \(2, 0\) is out of range for Θ\^\(2\) of shape \(2, 5\)"),
        ([(1, 0, 1), (1, 0, 4)], {}, r"params\[1\] index \(0, 4\) is out of range"),
        ([(1, 0, 1), (1, 0, 1)], {}, r"params must name two different weights"),
        ([(1, 0, 1)], {}, r"params must be two \(layer, row, col\) triples"),
        ([(1, 0, 1), (2, 1, 3)], {"lam": -1.0}, r"lam must be >= 0"),
        ([(1, 0, 1), (2, 1, 3)], {"lam": np.nan}, r"lam must be finite"),
        ([(1, 0, 1), (2, 1, 3)], {"span": 0.0}, r"span must be > 0"),
    ],
)
def test_cost_surface_bad_input_names_the_argument(net, params, kwargs, message):
    thetas, X, y = net
    with pytest.raises(ValueError, match=message):
        plots.plot_cost_surface(thetas, X, y, params, **kwargs)


# --- tangent and secant -------------------------------------------------------------


def test_tangent_secant_draws_curve_tangent_secant_and_both_slopes(net):
    thetas, X, y = net
    J, theta = unrolled_cost(X, y), nl.unroll(thetas)
    _, grad = nl.nn_cost_function_unrolled(theta, LAYERS, X, y)
    eps = 0.3
    ax = plots.plot_tangent_secant(J, theta, 5, eps, analytic=grad)
    labels = [line.get_label() for line in ax.lines]
    assert {
        r"$J$ along $\theta_{5}$",
        "tangent at $\\theta$",
        r"two-sided secant through $\theta\pm\varepsilon$",
        r"one-sided secant through $\theta$, $\theta+\varepsilon$",
    } <= set(labels)
    up, down = theta.copy(), theta.copy()
    up[5] += eps
    down[5] -= eps
    secant = (J(up) - J(down)) / (2 * eps)
    text = " ".join(t.get_text() for t in ax.texts)
    assert f"{grad[5]:.10g}" in text and f"{secant:.10g}" in text


def test_secant_passes_through_the_cost_at_theta_plus_and_minus_epsilon(net):
    thetas, X, y = net
    J, theta = unrolled_cost(X, y), nl.unroll(thetas)
    ax = plots.plot_tangent_secant(J, theta, 2, 0.4)
    secant = next(line for line in ax.lines if "secant" in line.get_label())
    t, value = secant.get_data()
    up, down = theta.copy(), theta.copy()
    up[2] += 0.4
    down[2] -= 0.4
    np.testing.assert_allclose(np.interp([theta[2] - 0.4, theta[2] + 0.4], t, value), [J(down), J(up)], rtol=1e-9)


def test_tangent_without_analytic_is_labelled_numeric(net):
    thetas, X, y = net
    ax = plots.plot_tangent_secant(unrolled_cost(X, y), nl.unroll(thetas), 0, 1e-3)
    assert "tangent at $\\theta$ (numeric)" in [line.get_label() for line in ax.lines]


def test_tangent_secant_leaves_theta_unchanged(net):
    thetas, X, y = net
    theta = nl.unroll(thetas)
    before = theta.copy()
    plots.plot_tangent_secant(unrolled_cost(X, y), theta, 1, 0.5)
    np.testing.assert_array_equal(theta, before)


def test_tangent_window_widens_to_hold_a_large_epsilon(net):
    thetas, X, y = net
    theta = nl.unroll(thetas)
    ax = plots.plot_tangent_secant(unrolled_cost(X, y), theta, 1, 3.0, span=1.0)
    low, high = ax.get_xlim()
    assert low < theta[1] - 3.0 and high > theta[1] + 3.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"epsilon": 0.0}, r"epsilon must be > 0"),
        ({"epsilon": -1e-4}, r"epsilon must be > 0"),
        ({"epsilon": np.inf}, r"epsilon must be finite"),
        ({"epsilon": np.nan}, r"epsilon must be finite"),
        ({"index": 26}, r"index must be a coordinate of theta, 0..25, got 26"),
        ({"analytic": np.zeros(5)}, r"analytic must be the gradient of J at theta, of length 26"),
        ({"theta": np.zeros(25)}, r"J failed on theta of shape \(25,\); is theta the right length"),
    ],
)
def test_tangent_secant_bad_input_names_the_argument(net, kwargs, message):
    thetas, X, y = net
    args = {"J": unrolled_cost(X, y), "theta": nl.unroll(thetas), "index": 0, "epsilon": 1e-4} | kwargs
    with pytest.raises(ValueError, match=message):
        plots.plot_tangent_secant(**args)


def test_tangent_secant_rejects_a_J_that_returns_a_vector():
    with pytest.raises(ValueError, match=r"J must return a scalar cost"):
        plots.plot_tangent_secant(lambda v: v**2, np.ones(3), 0, 1e-4)


# --- error against ε ------------------------------------------------------------------


@pytest.fixture
def sweep(net):
    thetas, X, y = net
    theta = nl.unroll(thetas)
    _, grad = nl.nn_cost_function_unrolled(theta, LAYERS, X, y)
    return epsilon_sweep(unrolled_cost(X, y), theta, grad, epsilons=np.logspace(-10, 0, 11))


def test_epsilon_sweep_plot_is_log_log_with_both_curves(sweep):
    ax = plots.plot_epsilon_sweep(sweep)
    labelled = [line for line in ax.lines if line.get_label().startswith(("one-sided", "two-sided"))]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert len(labelled) == 2
    np.testing.assert_allclose(labelled[1].get_ydata(), sweep.two_sided)
    assert ax.get_xlabel() == r"$\varepsilon$"


def test_epsilon_sweep_marks_each_given_epsilon(sweep):
    ax = plots.plot_epsilon_sweep(sweep, mark=[1e-8, 1e-4, 1e-1])
    verticals = [
        line
        for line in ax.lines
        if line.get_xdata() is not None and len(set(line.get_xdata())) == 1 and line.get_linestyle() == ":"
    ]
    assert sorted(v.get_xdata()[0] for v in verticals) == [1e-8, 1e-4, 1e-1]


def test_epsilon_sweep_rejects_curves_of_different_lengths(sweep):
    broken = sweep._replace(one_sided=sweep.one_sided[:-1])
    with pytest.raises(ValueError, match="must have one length"):
        plots.plot_epsilon_sweep(broken)


def test_epsilon_sweep_rejects_a_non_positive_mark(sweep):
    with pytest.raises(ValueError, match=r"mark must be > 0"):
        plots.plot_epsilon_sweep(sweep, mark=0.0)


# --- the network ------------------------------------------------------------------------


def test_network_draws_every_unit_bias_unit_and_weight(net):
    thetas, X, _ = net
    ax = plots.plot_network(thetas, X[0])
    circles = [p for p in ax.patches if isinstance(p, Circle)]
    squares = [p for p in ax.patches if isinstance(p, Rectangle) and p is not ax.patch]
    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(circles) == sum(LAYERS) and len(squares) == len(LAYERS) - 1
    assert len(edges.get_segments()) == sum(t.size for t in thetas)


def test_network_writes_the_forward_pass_on_the_units(net):
    thetas, X, _ = net
    ax = plots.plot_network(thetas, X[3])
    fp = nl.forward_propagate(thetas, X[3:4])
    written = [t.get_text() for t in ax.texts]
    for l in range(1, len(LAYERS) + 1):
        for value in fp.a(l)[0]:
            assert f"{value:.2f}" in written


def test_network_writes_the_deltas_when_asked(net):
    thetas, X, y = net
    ax = plots.plot_network(thetas, X[0], y[0], show_deltas=True)
    bp = nl.backpropagate(thetas, X[:1], y[:1])
    written = [t.get_text() for t in ax.texts]
    for l in (2, 3):
        for value in bp.delta(l)[0]:
            assert rf"$\delta$ = {value:+.3f}" in written


def test_network_deltas_need_a_label(net):
    thetas, X, _ = net
    with pytest.raises(ValueError, match="y must be given"):
        plots.plot_network(thetas, X[0], show_deltas=True)


def test_network_rejects_an_example_of_the_wrong_size(net):
    thetas, _, _ = net
    with pytest.raises(ValueError, match=r"X must have 3 columns"):
        plots.plot_network(thetas, np.ones(4))


# --- learning curves ----------------------------------------------------------------------


def test_learning_curves_put_costs_left_and_accuracies_on_a_twin_axis():
    history = {"cost": [2.0, 1.0, 0.5], "train accuracy": [0.5, 0.8, 0.9], "test accuracy": [0.5, 0.7, 0.8]}
    ax = plots.plot_learning_curves(history)
    (twin,) = [a for a in ax.figure.axes if a is not ax]
    assert [line.get_label() for line in ax.lines] == ["cost"]
    assert [line.get_label() for line in twin.lines] == ["train accuracy", "test accuracy"]
    np.testing.assert_allclose(twin.lines[0].get_ydata(), [50, 80, 90])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["cost", "train accuracy", "test accuracy"]


def test_learning_curves_accept_a_plain_sequence_of_costs():
    ax = plots.plot_learning_curves([3.0, 2.0, 1.5, 1.4])
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 1, 2, 3])
    assert len(ax.figure.axes) == 1


def test_learning_curves_accept_per_iteration_records():
    ax = plots.plot_learning_curves([{"cost": 2.0}, {"cost": 1.0}])
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [2.0, 1.0])


def test_learning_curves_reject_nan():
    with pytest.raises(ValueError, match=r"history\['cost'\] contains NaN at index 1"):
        plots.plot_learning_curves({"cost": [1.0, np.nan]})


# --- what the redesign added ------------------------------------------------------------------


def test_one_sided_secant_passes_through_theta_and_theta_plus_epsilon(net):
    thetas, X, y = net
    J, theta = unrolled_cost(X, y), nl.unroll(thetas)
    ax = plots.plot_tangent_secant(J, theta, 2, 0.4)
    one = next(line for line in ax.lines if line.get_label().startswith("one-sided"))
    t, value = one.get_data()
    up = theta.copy()
    up[2] += 0.4
    np.testing.assert_allclose(np.interp([theta[2], theta[2] + 0.4], t, value), [J(theta), J(up)], rtol=1e-9)
    text = " ".join(t.get_text() for t in ax.texts)
    assert f"{(J(up) - J(theta)) / 0.4:.10g}" in text


def test_inset_shows_each_secant_minus_the_tangent_over_theta_plus_minus_epsilon(net):
    thetas, X, y = net
    J, theta = unrolled_cost(X, y), nl.unroll(thetas)
    _, grad = nl.nn_cost_function_unrolled(theta, LAYERS, X, y)
    eps = 1e-3
    ax = plots.plot_tangent_secant(J, theta, 4, eps, analytic=grad)
    (inset,) = ax.child_axes
    up, down = theta.copy(), theta.copy()
    up[4] += eps
    down[4] -= eps
    two_sided, one_sided = (J(up) - J(down)) / (2 * eps), (J(up) - J(theta)) / eps
    dashed, dotted = [line for line in inset.lines if line.get_linestyle() in ("--", ":")]
    u, gap = dashed.get_data()
    expected_two = (J(up) + J(down)) / 2 - J(theta) + (two_sided - grad[4]) * np.array([-eps, eps])
    np.testing.assert_allclose(u, [-eps, eps])
    np.testing.assert_allclose(gap, expected_two, rtol=1e-9, atol=1e-18)
    np.testing.assert_allclose(dotted.get_ydata(), (one_sided - grad[4]) * np.array([-eps, eps]), rtol=1e-9)
    # Magnified: the inset's height is that of the gaps, not of the curve.
    low, high = inset.get_ylim()
    assert high - low < 1e-3 * np.ptp(ax.lines[0].get_ydata())
    assert low <= min(expected_two.min(), 0.0) and high >= max(expected_two.max(), 0.0)


def test_tangent_secant_without_inset_has_no_child_axes(net):
    thetas, X, y = net
    ax = plots.plot_tangent_secant(unrolled_cost(X, y), nl.unroll(thetas), 1, 0.1, inset=False)
    assert ax.child_axes == []


def test_cost_surface_refuses_a_resolution_above_the_maximum(net):
    thetas, X, y = net
    with pytest.raises(ValueError, match=rf"resolution must be at most {landscape.MAX_RESOLUTION} .*got 3000"):
        plots.plot_cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=3000)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"three_d": "yes"}, TypeError, "three_d must be True or False"),
        ({"colorbar": 1}, TypeError, "colorbar must be True or False"),
        ({"output": "linear"}, ValueError, "output must be one of"),
        ({"cost": "cross_entropy", "output": "identity"}, ValueError, "output must be one of"),
        ({"span": 1e6}, ValueError, "span must be at most 1000"),
        ({"lam": 1e12}, ValueError, "lam must be at most 1e9"),
    ],
)
def test_cost_surface_rejects_bad_options_by_name(net, kwargs, error, message):
    thetas, X, y = net
    with pytest.raises(error, match=message):
        plots.plot_cost_surface(thetas, X, y, [(1, 0, 1), (2, 1, 3)], resolution=5, **kwargs)


def test_learning_curves_name_a_record_with_other_keys():
    with pytest.raises(ValueError, match=r"history\[1\] has \['accuracy', 'cost'\]"):
        plots.plot_learning_curves([{"cost": 2.0}, {"cost": 1.0, "accuracy": 0.5}])


@pytest.mark.parametrize("activation, output", [("tanh", "softmax"), ("relu", "sigmoid")])
def test_network_draws_the_forward_pass_of_the_chosen_layers(net, activation, output):
    thetas, X, y = net
    ax = plots.plot_network(thetas, X[3], y[3], show_deltas=True, activation=activation, output=output)
    written = [t.get_text() for t in ax.texts]
    fp = nl.forward_propagate(thetas, X[3:4], activation=activation, output=output)
    bp = nl.backpropagate(thetas, X[3:4], y[3:4], activation=activation, output=output)
    for l in (2, 3):
        assert all(f"{value:.2f}" in written for value in fp.a(l)[0])
        assert all(rf"$\delta$ = {value:+.3f}" in written for value in bp.delta(l)[0])


def test_static_explorers_are_importable_from_plots_and_widgets():
    from nnlesson import widgets

    assert widgets.lambda_explorer_static is plots.lambda_explorer_static
    assert widgets.epsilon_explorer_static is plots.epsilon_explorer_static
