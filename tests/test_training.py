import numpy as np
import pytest

from nnlesson import (
    forward_propagate,
    nn_cost_function,
    one_hot,
    predict,
    rand_initialize_weights,
    ufldl_cost,
    wb_from_theta,
)
from nnlesson.data import load_digits_split, make_customers, standardize, stratified_split
from nnlesson.train import TrainingResult, gradient_descent, train

from conftest import random_network

SIZES = [3, 4, 2]


@pytest.fixture
def small(rng):
    _, X, y = random_network(rng, SIZES, m=12)
    return X, y


def test_digits_reach_95_percent_test_accuracy():
    # The settings of notebook 05: 25 hidden units, λ = 1, 100 iterations of L-BFGS-B.
    X_train, X_test, y_train, y_test = load_digits_split()
    result = train([64, 25, 10], X_train, y_train, lam=1.0, maxiter=100, rng=0)
    assert result.accuracy(X_test, y_test) >= 0.95


def test_customers_are_learnable_but_a_large_unregularized_network_overfits():
    # Notebook 05, section 7: s = (7, 10, 7) with λ = 1 against s = (7, 20, 7) with λ = 0.
    X, y = make_customers(m=700, rng=0)
    X_train, X_test, y_train, y_test = stratified_split(X, y, test_size=0.25, rng=0)
    X_train, X_test = standardize(X_train, X_test)
    small = train([7, 10, 7], X_train, y_train, lam=1.0, maxiter=300, rng=0)
    large = train([7, 20, 7], X_train, y_train, lam=0.0, maxiter=300, rng=0)
    assert small.accuracy(X_test, y_test) >= 0.9
    assert large.accuracy(X_train, y_train) >= 0.99
    assert large.accuracy(X_test, y_test) < small.accuracy(X_test, y_test) - 0.03


def test_weights_of_an_input_that_is_always_zero_move_only_under_weight_decay(rng):
    X = rng.normal(size=(10, 3))
    X[:, 1] = 0.0
    y = rng.integers(0, 2, size=10)
    free = gradient_descent(SIZES, X, y, lam=0.0, alpha=0.5, num_iters=20)
    decayed = gradient_descent(SIZES, X, y, lam=2.0, alpha=0.5, num_iters=20)
    np.testing.assert_array_equal(free.thetas[0][:, 2], free.initial_thetas[0][:, 2])
    assert np.all(np.abs(decayed.thetas[0][:, 2]) < np.abs(decayed.initial_thetas[0][:, 2]))


def test_lbfgs_lowers_the_cost_at_every_iteration(small):
    result = train(SIZES, *small, lam=0.5, maxiter=20)
    assert result.iterations == len(result.history) - 1 > 0
    assert np.all(np.diff(result.history) <= 0) and result.history[-1] < result.history[0]


@pytest.mark.parametrize("method", ["L-BFGS-B", "CG"])
def test_history_starts_and_ends_at_the_cost_of_the_weights_returned(small, method):
    result = train(SIZES, *small, lam=0.5, method=method, maxiter=15)
    assert result.history[0] == nn_cost_function(result.initial_thetas, *small, lam=0.5)[0]
    assert result.history[-1] == pytest.approx(nn_cost_function(result.thetas, *small, lam=0.5)[0], rel=1e-12)


def test_gradient_descent_with_a_small_step_lowers_the_cost(small):
    result = gradient_descent(SIZES, *small, lam=0.5, alpha=0.5, num_iters=50)
    assert np.all(np.diff(result.history) < 0)
    assert result.iterations == 50 and result.evaluations == 51 and not result.converged


@pytest.mark.parametrize("lam", [0.0, 1.2])
def test_gradient_descent_steps_are_ufldls_update_with_lambda_over_m(rng, lam):
    thetas, X, y = random_network(rng, SIZES, m=5, scale=0.5)
    Y, m, alpha = one_hot(y, 2), 5, 0.7
    result = gradient_descent(
        SIZES, X, Y, lam=lam, alpha=alpha, num_iters=3, initial_thetas=thetas, cost="half_squared_error", gtol=0
    )
    # UFLDL, examples as columns: W := W − α[(1/m)ΔW + λ_U W], b := b − α(1/m)Δb, with λ_U = λ/m.
    Ws, bs = wb_from_theta(thetas)
    for _ in range(3):
        _, dWs, dbs = ufldl_cost(Ws, bs, X.T, Y.T, lam / m)
        Ws = [W - alpha * dW for W, dW in zip(Ws, dWs)]
        bs = [b - alpha * db for b, db in zip(bs, dbs)]
    for theta, W, b in zip(result.thetas, Ws, bs):
        np.testing.assert_allclose(theta[:, 1:], W, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(theta[:, 0], b, rtol=1e-12, atol=1e-15)


def test_gradient_descent_reports_a_step_that_raised_the_cost(small):
    result = gradient_descent(SIZES, *small, lam=0.0, alpha=500.0, num_iters=5, epsilon_init=2.0)
    assert "J increased at iteration" in result.message and "alpha = 500 may be too large" in result.message


def test_gradient_descent_stops_when_the_gradient_vanishes(small):
    # ‖∂J/∂θ‖ of a random 3-4-2 network is far below 10: the first step is the last.
    result = gradient_descent(SIZES, *small, lam=0.0, alpha=1.0, num_iters=100, gtol=10.0)
    assert result.converged and result.iterations == 1
    assert "fell below gtol = 10 after 1 iterations" in result.message


@pytest.mark.parametrize("trainer", [train, gradient_descent])
def test_same_rng_gives_the_same_result_and_another_rng_another(small, trainer):
    steps = {"maxiter": 10} if trainer is train else {"lam": 1.0, "alpha": 1.0, "num_iters": 10}
    a, b, c = (trainer(SIZES, *small, rng=seed, **steps) for seed in (7, 7, 8))
    for ta, tb in zip(a.thetas, b.thetas):
        np.testing.assert_array_equal(ta, tb)
    np.testing.assert_array_equal(a.history, b.history)
    assert not np.array_equal(a.history, c.history)


def test_rng_seeds_the_initial_weights(small):
    result = train(SIZES, *small, rng=5, maxiter=2)
    for got, expected in zip(result.initial_thetas, rand_initialize_weights(SIZES, rng=5)):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("trainer", [train, gradient_descent])
def test_inputs_are_not_modified(small, rng, trainer):
    X, y = small
    thetas = rand_initialize_weights(SIZES, rng=1)
    copies = [t.copy() for t in thetas], X.copy(), y.copy()
    steps = {} if trainer is train else {"lam": 1.0, "alpha": 1.0, "num_iters": 5}
    trainer(SIZES, X, y, initial_thetas=thetas, rng=None, **steps)
    for t, c in zip(thetas, copies[0]):
        np.testing.assert_array_equal(t, c)
    np.testing.assert_array_equal(X, copies[1])
    np.testing.assert_array_equal(y, copies[2])


def test_callback_sees_every_iteration_with_its_cost(small):
    seen = []
    result = train(SIZES, *small, maxiter=6, callback=lambda k, J, thetas: seen.append((k, J, thetas)))
    assert [k for k, _, _ in seen] == list(range(1, result.iterations + 1))
    assert [J for _, J, _ in seen] == list(result.history[1:])
    assert seen[-1][2][0].shape == (4, 4)


def test_validation_records_unpenalized_costs_on_both_sets(small, rng):
    X_val, y_val = rng.normal(size=(4, 3)), np.array([0, 1, 1, 0])
    result = gradient_descent(SIZES, *small, lam=3.0, alpha=0.5, num_iters=4, validation=(X_val, y_val))
    assert result.train_errors.shape == result.validation_errors.shape == (5,)
    assert result.train_errors[-1] == pytest.approx(nn_cost_function(result.thetas, *small, lam=0.0)[0])
    assert result.validation_errors[0] == pytest.approx(nn_cost_function(result.initial_thetas, X_val, y_val)[0])
    assert train(SIZES, *small, maxiter=2).validation_errors is None


@pytest.mark.parametrize("progress", ["text", True])
def test_text_progress_goes_to_stderr_ends_the_line_and_shows_the_last_cost(small, capsys, progress):
    # Outside Jupyter, progress=True is tqdm's text bar too.
    result = train(SIZES, *small, maxiter=3, progress=progress)
    err = capsys.readouterr().err
    assert err.startswith("\rL-BFGS-B:") and err.endswith("\n") and err.count("\n") == 1
    last = err.rsplit("\r", 1)[1]
    assert f"{result.iterations}/3" in last and f"J = {result.history[-1]:.6f}" in last


def test_progress_is_silent_by_default(small, capsys):
    gradient_descent(SIZES, *small, lam=1.0, alpha=1.0, num_iters=3)
    assert capsys.readouterr() == ("", "")


def test_progress_bar_is_a_widget_that_ends_full_and_green(small, monkeypatch):
    import ipywidgets
    import tqdm.notebook

    shown = []
    monkeypatch.setattr(tqdm.notebook, "display", lambda *objects, **_: shown.extend(objects))
    gradient_descent(SIZES, *small, lam=1.0, alpha=1.0, num_iters=3, progress="bar")
    (box,) = shown
    bar = next(w for w in box.children if isinstance(w, ipywidgets.FloatProgress))
    assert bar.value == bar.max == 3 and bar.bar_style == "success"


def test_a_progress_bar_that_stops_early_because_it_converged_ends_full(small, monkeypatch):
    import ipywidgets
    import tqdm.notebook

    shown = []
    monkeypatch.setattr(tqdm.notebook, "display", lambda *objects, **_: shown.extend(objects))
    result = gradient_descent(SIZES, *small, lam=0.0, alpha=1.0, num_iters=100, gtol=10.0, progress="bar")
    bar = next(w for w in shown[0].children if isinstance(w, ipywidgets.FloatProgress))
    assert result.converged and bar.value == bar.max == result.iterations == 1 and bar.bar_style == "success"


def test_result_predicts_and_scores(small):
    X, y = small
    result = train(SIZES, X, y, maxiter=30)
    assert isinstance(result, TrainingResult)
    assert result.predict(X).shape == (12,)
    assert result.accuracy(X, y) == np.mean(result.predict(X) == y)
    assert repr(result).startswith("TrainingResult(layer_sizes=[3, 4, 2], lam=1, method='L-BFGS-B'")


GOOD_X, GOOD_Y = np.zeros((4, 3)), np.array([0, 1, 1, 0])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: train([2, 4, 2], GOOD_X, GOOD_Y), ValueError, r"X must have layer_sizes\[0\] = 2 columns"),
        (
            lambda: train(SIZES, GOOD_X, GOOD_Y, method="adam"),
            ValueError,
            r"method must be one of \['CG', 'L-BFGS-B'\], got 'adam'",
        ),
        (lambda: train(SIZES, GOOD_X, GOOD_Y, maxiter=0), ValueError, "maxiter must be >= 1, got 0"),
        (lambda: train(SIZES, GOOD_X, GOOD_Y, lam=-1), ValueError, "lam must be >= 0"),
        (lambda: train(SIZES, GOOD_X, np.array([0, 1, 2, 0])), ValueError, "labels in 0..1, got 2 at index 2"),
        (
            lambda: train(SIZES, GOOD_X, GOOD_Y, progress="yes"),
            ValueError,
            "progress must be False, True, 'text' or 'bar', got 'yes'",
        ),
        (lambda: train(SIZES, GOOD_X, GOOD_Y, progress=1), TypeError, "progress must be False, True"),
        (lambda: train(SIZES, GOOD_X, GOOD_Y, callback=3), TypeError, "callback must be callable"),
        (lambda: train(SIZES, GOOD_X, GOOD_Y, rng="0"), TypeError, "rng must be a numpy Generator"),
        (
            lambda: train(SIZES, GOOD_X, GOOD_Y, initial_thetas=[np.zeros((4, 4))]),
            ValueError,
            r"initial_thetas must have the shapes \[\(4, 4\), \(2, 5\)\]",
        ),
        (
            lambda: train(SIZES, GOOD_X, GOOD_Y, validation=GOOD_X),
            TypeError,
            r"validation must be a pair \(X_val, y_val\)",
        ),
        (
            lambda: train(SIZES, GOOD_X, GOOD_Y, validation=(np.zeros((2, 5)), [0, 1])),
            ValueError,
            r"validation\[0\] must have layer_sizes\[0\] = 3 columns",
        ),
        (
            lambda: train(SIZES, GOOD_X, GOOD_Y, validation=(np.zeros((2, 3)), [0, 5])),
            ValueError,
            r"validation\[1\]: y must hold labels in 0..1",
        ),
        (lambda: gradient_descent(SIZES, GOOD_X, GOOD_Y, 1.0, 0, 10), ValueError, "alpha must be > 0, got 0.0"),
        (lambda: gradient_descent(SIZES, GOOD_X, GOOD_Y, 1.0, 1.0, 2.5), TypeError, "num_iters must be an integer"),
        (
            lambda: gradient_descent("64-25-10", GOOD_X, GOOD_Y, 1.0, 1.0, 10),
            TypeError,
            "layer_sizes must be a list of unit counts",
        ),
        (
            lambda: gradient_descent(SIZES, GOOD_X, GOOD_Y, 1.0, 1.0, 10, blas_threads=0),
            ValueError,
            "blas_threads must be >= 1, got 0",
        ),
    ],
)
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_blas_threads_are_limited_during_training_only(small):
    import threadpoolctl  # installed with scikit-learn

    before = [pool["num_threads"] for pool in threadpoolctl.threadpool_info()]
    during = []
    train(
        SIZES,
        *small,
        maxiter=2,
        blas_threads=1,
        callback=lambda *_: during.extend(
            p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"
        ),
    )
    assert during and set(during) == {1}
    assert [pool["num_threads"] for pool in threadpoolctl.threadpool_info()] == before


def test_accuracy_checks_the_labels(small):
    result = train(SIZES, *small, maxiter=2)
    with pytest.raises(ValueError, match=r"y must have shape \(12,\)"):
        result.accuracy(small[0], small[1][:5])


# --- notebook 06: a ReLU + softmax network against the articles' sigmoid network ------------------


def he_initialize_weights(layer_sizes, generator):
    # As notebook 06 derives it: biases 0, weights N(0, 2 / s_l).
    return [
        np.column_stack([np.zeros(s_next), generator.normal(0.0, np.sqrt(2 / s), size=(s_next, s))])
        for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def first_iteration(condition):
    return int(np.argmax(condition)) if np.any(condition) else None


def test_relu_softmax_network_matches_the_sigmoid_one_on_the_digits_in_fewer_iterations():
    X_train, X_test, y_train, y_test = load_digits_split(test_size=0.25, rng=0)
    sizes = [64, 25, 10]
    he_thetas = he_initialize_weights(sizes, np.random.default_rng(0))
    assert round(he_thetas[0][:, 1:].std(), 2) == 0.17
    right = {"sigmoid": [], "softmax": []}

    def recorder(activation, output, record):
        return lambda k, J, thetas: record.append(
            np.mean(predict(thetas, X_train, activation=activation, output=output) == y_train)
        )

    sigmoid_net = train(
        sizes, X_train, y_train, lam=1.0, maxiter=100, rng=0, callback=recorder("sigmoid", "sigmoid", right["sigmoid"])
    )
    softmax_net = train(
        sizes,
        X_train,
        y_train,
        lam=1.0,
        maxiter=100,
        activation="relu",
        output="softmax",
        initial_thetas=he_thetas,
        callback=recorder("relu", "softmax", right["softmax"]),
    )
    assert softmax_net.output == "softmax" and softmax_net.activation == "relu"
    test_sigmoid, test_softmax = sigmoid_net.accuracy(X_test, y_test), softmax_net.accuracy(X_test, y_test)
    assert test_sigmoid >= 0.96 and test_softmax >= 0.96 and abs(test_sigmoid - test_softmax) < 0.01
    assert first_iteration(softmax_net.history <= 0.6) <= 15
    assert first_iteration(sigmoid_net.history <= 0.6) > 30
    assert first_iteration(np.array(right["softmax"]) >= 0.95) + 1 <= 20
    assert first_iteration(np.array(right["sigmoid"]) >= 0.95) + 1 > 20
    # The callback saw every iteration, and the result predicts with the softmax it was trained with.
    assert len(right["softmax"]) == softmax_net.iterations == 100
    assert right["softmax"][-1] == softmax_net.accuracy(X_train, y_train)


def test_he_weights_keep_the_variance_of_z_through_20_relu_layers_and_smaller_ones_lose_it():
    # Notebook 06, section 5: Var(z^(l+1)) = ½ fan_in σ² Var(z^(l)).
    width, depth = 100, 20
    X = np.random.default_rng(6).normal(size=(1000, width))

    def variances(thetas):
        fp = forward_propagate(thetas, X, activation="relu", output="identity")
        return np.array([fp.z(l).var() for l in range(2, depth + 2)])

    def normal(std):
        g = np.random.default_rng(1)
        return [np.column_stack([np.zeros(width), g.normal(0.0, std, size=(width, width))]) for _ in range(depth)]

    uniform = [
        np.column_stack([np.zeros(width), t[:, 1:]]) for t in rand_initialize_weights([width] * (depth + 1), rng=1)
    ]
    he, half, ng = variances(normal(np.sqrt(2 / width))), variances(normal(np.sqrt(1 / width))), variances(uniform)
    assert np.all((he > 0.1) & (he < 10))
    assert half[-1] / half[0] < 1e-5
    assert ng[-1] / ng[0] < 1e-10


PAIRS = [
    (cost, output)
    for cost, outputs in (
        ("cross_entropy", ("sigmoid", "softmax")),
        ("half_squared_error", ("sigmoid", "softmax", "identity")),
    )
    for output in outputs
]


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("cost, output", PAIRS)
def test_a_gradient_descent_step_follows_the_finite_difference_gradient_for_every_pair(rng, activation, cost, output):
    from conftest import central_difference, rel_error

    thetas, X, y = random_network(rng, SIZES, m=6, scale=0.7)
    alpha, lam = 0.3, 0.4
    step = gradient_descent(
        SIZES, X, y, lam, alpha, 1, initial_thetas=thetas, cost=cost, activation=activation, output=output, gtol=0
    )
    moved = np.concatenate([(t0 - t1).ravel() for t0, t1 in zip(thetas, step.thetas)]) / alpha
    shapes = [t.shape for t in thetas]

    def J(v):
        parts = np.split(v, np.cumsum([r * c for r, c in shapes])[:-1])
        return nn_cost_function(
            [p.reshape(s) for p, s in zip(parts, shapes)],
            X,
            y,
            lam=lam,
            cost=cost,
            activation=activation,
            output=output,
        )[0]

    numeric = central_difference(J, np.concatenate([t.ravel() for t in thetas]))
    assert rel_error(moved, numeric) < 1e-7
    assert step.output == output and step.history[0] == J(np.concatenate([t.ravel() for t in thetas]))


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("cost, output", PAIRS)
def test_train_lowers_the_cost_and_predicts_with_every_pair(small, activation, cost, output):
    result = train(SIZES, *small, maxiter=8, cost=cost, activation=activation, output=output)
    assert np.all(np.diff(result.history) <= 0) and result.history[-1] < result.history[0]
    expected = predict(result.thetas, small[0], activation=activation, output=output)
    np.testing.assert_array_equal(result.predict(small[0]), expected)


def test_cross_entropy_with_an_identity_output_is_refused_naming_output(small):
    with pytest.raises(ValueError, match="output"):
        train(SIZES, *small, output="identity")
