import numpy as np
import pytest

from nnlesson import debug_initialize_weights, nn_cost_function, unroll
from nnlesson.bugs import BUGS, Bug, correct
from nnlesson.gradcheck import check_gradients

from conftest import random_network


def debug_network():
    """Ng's checkNNGradients set-up: 3-5-3, m = 5, λ = 3."""
    thetas = [debug_initialize_weights(5, 3), debug_initialize_weights(3, 5)]
    return thetas, debug_initialize_weights(5, 2), np.arange(1, 6) % 3


def both(f, thetas, X, y, **kwargs):
    return correct(thetas, X, y, **kwargs), f(thetas, X, y, **kwargs)


def test_the_gallery_holds_exactly_the_classic_bugs():
    assert list(BUGS) == [
        "regularized_bias",
        "missing_1_over_m",
        "flipped_output_delta",
        "gradient_of_activation",
        "ufldl_lambda",
        "transposed_unroll",
    ]
    assert all(isinstance(bug, Bug) and bug.name == name for name, bug in BUGS.items())


@pytest.mark.parametrize("name", list(BUGS))
def test_each_description_is_one_sentence_to_the_student(name):
    text = BUGS[name].description
    assert text.startswith(("Your ", "You ")) and text.endswith(".") and text.count(". ") == 0


PAIRS = [
    ("cross_entropy", "sigmoid"),
    ("cross_entropy", "softmax"),
    ("half_squared_error", "sigmoid"),
    ("half_squared_error", "softmax"),
    ("half_squared_error", "identity"),
]


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("cost, output", PAIRS)
def test_the_correct_assembly_is_nn_cost_function(rng, cost, output, activation):
    thetas, X, y = random_network(rng, [3, 4, 3, 2], m=6)
    kwargs = dict(lam=0.8, cost=cost, activation=activation, output=output)
    J, grads = correct(thetas, X, y, **kwargs)
    J_ref, grads_ref = nn_cost_function(thetas, X, y, **kwargs)
    assert pytest.approx(J_ref, rel=1e-13) == J
    np.testing.assert_allclose(unroll(grads), unroll(grads_ref), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("cost, output", PAIRS)
def test_the_correct_function_passes_the_check(cost, output):
    thetas, X, y = debug_network()
    assert check_gradients(thetas, X, y, lam=3.0, cost=cost, output=output, cost_function=correct).passed


@pytest.mark.parametrize("name", list(BUGS))
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("cost, output", PAIRS)
def test_the_check_catches_every_bug(name, cost, output, activation):
    thetas, X, y = debug_network()
    report = check_gradients(
        thetas, X, y, lam=3.0, cost=cost, activation=activation, output=output, cost_function=BUGS[name].cost_function
    )
    # tanh(z) ≈ z near 0, so tanh'(a) is closer to tanh'(z) than the sigmoid's: a smaller, still clear miss
    assert not report.passed and report.relative_error > (1e-6 if activation == "sigmoid" else 1e-7)


# --- each bug is the mistake its name says -------------------------------------------------------


def test_regularized_bias_differs_only_in_the_bias_column_by_lambda_over_m_theta():
    thetas, X, y = debug_network()
    (J, grads), (J_bug, grads_bug) = both(BUGS["regularized_bias"].cost_function, thetas, X, y, lam=3.0)
    assert J_bug == J
    for t, g, g_bug in zip(thetas, grads, grads_bug):
        np.testing.assert_allclose(g_bug[:, 1:], g[:, 1:], rtol=1e-15)
        np.testing.assert_allclose(g_bug[:, 0] - g[:, 0], 3.0 / 5 * t[:, 0], rtol=1e-12, atol=1e-16)


def test_missing_1_over_m_is_m_times_the_unregularized_gradient():
    thetas, X, y = debug_network()
    (_, grads), (_, grads_bug) = both(BUGS["missing_1_over_m"].cost_function, thetas, X, y)
    np.testing.assert_allclose(unroll(grads_bug), 5 * unroll(grads), rtol=1e-13)


@pytest.mark.parametrize("cost, output", PAIRS)
def test_flipped_output_delta_negates_the_unregularized_gradient_and_keeps_the_penalty(cost, output):
    thetas, X, y = debug_network()
    (J, grads), (J_bug, grads_bug) = both(
        BUGS["flipped_output_delta"].cost_function, thetas, X, y, lam=3.0, cost=cost, output=output
    )
    assert J_bug == J
    for t, g, g_bug in zip(thetas, grads, grads_bug):
        penalty = 3.0 / 5 * np.hstack([np.zeros((t.shape[0], 1)), t[:, 1:]])
        np.testing.assert_allclose(g_bug - penalty, -(g - penalty), rtol=1e-12, atol=1e-15)


def test_gradient_of_activation_is_harmless_for_relu_only(rng):
    # relu'(a) = relu'(z) because a = max(0, z) > 0 exactly when z > 0; for the sigmoid g'(a) ≠ g'(z).
    thetas, X, y = random_network(rng, [3, 4, 2], m=5)
    bug = BUGS["gradient_of_activation"].cost_function
    (_, g_relu), (_, g_relu_bug) = both(bug, thetas, X, y, activation="relu")
    (_, g_sig), (_, g_sig_bug) = both(bug, thetas, X, y)
    np.testing.assert_array_equal(g_relu_bug[0], g_relu[0])
    assert not np.allclose(g_sig_bug[0], g_sig[0])


def test_ufldl_lambda_changes_the_cost_by_lambda_over_2_times_1_minus_1_over_m():
    thetas, X, y = debug_network()
    (J, grads), (J_bug, grads_bug) = both(BUGS["ufldl_lambda"].cost_function, thetas, X, y, lam=3.0)
    squares = sum(np.sum(t[:, 1:] ** 2) for t in thetas)
    assert J_bug - J == pytest.approx(3.0 / 2 * (1 - 1 / 5) * squares, rel=1e-12)
    np.testing.assert_array_equal(unroll(grads_bug), unroll(grads))


def test_transposed_unroll_moves_the_right_values_to_the_wrong_entries():
    thetas, X, y = debug_network()
    (_, grads), (_, grads_bug) = both(BUGS["transposed_unroll"].cost_function, thetas, X, y)
    np.testing.assert_array_equal(unroll(grads_bug), unroll(grads, order="F"))
    np.testing.assert_array_equal(np.sort(unroll(grads_bug)), np.sort(unroll(grads)))
    assert not np.array_equal(unroll(grads_bug), unroll(grads))
