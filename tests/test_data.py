import numpy as np
import pytest

from nnlesson.data import (
    CUSTOMER_CATEGORIES,
    CUSTOMER_FEATURES,
    load_digits_split,
    make_customers,
    standardize,
    stratified_split,
)


def test_digits_split_holds_every_image_once_scaled_to_unit_interval():
    from sklearn.datasets import load_digits

    X_train, X_test, y_train, y_test = load_digits_split()
    assert X_train.shape == (1347, 64) and X_test.shape == (450, 64)
    assert y_train.shape == (1347,) and y_test.shape == (450,)
    digits = load_digits()
    together = np.column_stack([np.vstack([X_train, X_test]), np.concatenate([y_train, y_test])])
    original = np.column_stack([digits.data / 16, digits.target])
    np.testing.assert_array_equal(np.unique(together, axis=0), np.unique(original, axis=0))
    assert len(together) == len(original) == 1797
    assert together[:, :64].min() == 0.0 and together[:, :64].max() == 1.0


def test_digits_split_is_stratified_by_digit():
    _, _, y_train, y_test = load_digits_split(test_size=0.25)
    counts = np.bincount(np.concatenate([y_train, y_test]))
    assert np.all(np.abs(np.bincount(y_test) - 0.25 * counts) <= 0.5)


def test_digits_split_is_reproducible_and_depends_on_rng():
    a, b, c = load_digits_split(rng=3), load_digits_split(rng=3), load_digits_split(rng=4)
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])


def test_stratified_split_keeps_one_example_per_class_on_each_side():
    X = np.arange(6.0)[:, None]
    y = np.array([0, 0, 1, 1, 1, 1])
    X_train, X_test, y_train, y_test = stratified_split(X, y, test_size=0.1)
    assert sorted(y_test) == [0, 1] and sorted(y_train) == [0, 1, 1, 1]
    assert sorted(np.concatenate([X_train, X_test])[:, 0]) == list(X[:, 0])


def test_stratified_split_does_not_modify_its_inputs():
    X, y = np.ones((4, 2)), np.array([0, 0, 1, 1])
    X_train, _, y_train, _ = stratified_split(X, y, test_size=0.5)
    X_train[:] = 7
    y_train[:] = 7
    assert (X == 1).all() and list(y) == [0, 0, 1, 1]


def test_customers_have_seven_categories_and_plausible_features():
    X, y = make_customers(m=700)
    assert X.shape == (700, len(CUSTOMER_FEATURES)) == (700, 7)
    assert set(y) == set(range(len(CUSTOMER_CATEGORIES))) == set(range(7))
    column = dict(zip(CUSTOMER_FEATURES, X.T))
    assert column["age"].min() >= 18 and column["age"].max() <= 90
    for share in ("online_share", "discount_share"):
        assert column[share].min() > 0 and column[share].max() < 1
    for positive in ("annual_spend", "visits_per_month", "tenure_months", "days_since_last_visit"):
        assert column[positive].min() > 0


def test_customers_are_reproducible_and_depend_on_rng():
    X1, y1 = make_customers(m=50, rng=1)
    X2, y2 = make_customers(m=50, rng=1)
    X3, _ = make_customers(m=50, rng=2)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_smallest_customer_set_has_every_category():
    _, y = make_customers(m=7)
    assert sorted(y) == list(range(7))


def test_lapsed_customers_have_not_visited_for_longest():
    X, y = make_customers()
    days = X[:, CUSTOMER_FEATURES.index("days_since_last_visit")]
    lapsed = CUSTOMER_CATEGORIES.index("lapsed")
    assert np.median(days[y == lapsed]) > 3 * np.median(days[y != lapsed])


def test_standardize_uses_the_training_statistics_for_every_set():
    X_train = np.array([[1.0, 5.0], [3.0, 5.0]])
    X_test = np.array([[5.0, 6.0]])
    S_train, S_test = standardize(X_train, X_test)
    np.testing.assert_array_equal(S_train, [[-1.0, 0.0], [1.0, 0.0]])  # μ = (2, 5), σ = (1, 0 → 1)
    np.testing.assert_array_equal(S_test, [[3.0, 1.0]])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: load_digits_split(test_size=0),
            ValueError,
            "test_size must be a fraction strictly between 0 and 1, got 0.0",
        ),
        (lambda: load_digits_split(test_size=1.5), ValueError, "test_size must be a fraction"),
        (lambda: load_digits_split(test_size="0.2"), TypeError, "test_size must be a real number"),
        (lambda: load_digits_split(rng="seed"), TypeError, "rng must be a numpy Generator, an int seed >= 0 or None"),
        (lambda: load_digits_split(rng=-1), ValueError, "rng as a seed must be >= 0, got -1"),
        (lambda: make_customers(m=6), ValueError, "m must be >= 7, got 6"),
        (lambda: make_customers(m=7.0), TypeError, "m must be an integer"),
        (
            lambda: stratified_split(np.ones((3, 2)), [0, 1, 1]),
            ValueError,
            "y must have at least 2 examples of every class to split it, class 0 has 1",
        ),
        (lambda: stratified_split(np.ones((3, 2)), [0, 1]), ValueError, r"y must have shape \(3,\)"),
        (lambda: stratified_split(np.ones((3, 2)), [0.0, 1.0, 1.0]), TypeError, "y must hold integer labels"),
        (lambda: standardize(np.ones((3, 2)), np.ones((3, 3))), ValueError, r"X_others\[0\] must have 2 columns"),
    ],
)
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_standardize_names_a_set_too_large_for_float64_instead_of_returning_inf():
    with pytest.raises(ValueError, match=r"X_train cannot be standardized in float64"):
        standardize(np.array([[1e308], [-1e308], [1e308]]))
    with pytest.raises(ValueError, match=r"X_others\[0\] cannot be standardized in float64"):
        standardize(np.array([[0.0], [1e-150]]), np.array([[1e300]]))
