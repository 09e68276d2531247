"""Data to train on: handwritten digits that ship offline, and synthetic customers.

Used in notebook 05 (training). Nothing here touches the network: these
functions return plain ``X`` of shape ``(m, n)`` (one example per row, as
everywhere in the package) and integer labels ``y`` of shape ``(m,)`` in
``0..K-1``.

* ``load_digits_split`` — scikit-learn's bundled handwritten digits (1,797
  images of 8×8 pixels, ``n = 64``, ``K = 10``), read from the copy
  installed with scikit-learn, never from the network.
* ``make_customers`` — a synthetic stand-in for the customer data of
  Enslin's series, whose networks sort customers into 7 categories
  (``K = 7``). The series' data set is not public; the features and the
  category names here are made up for the lesson (see ``CUSTOMER_FEATURES``
  and ``CUSTOMER_CATEGORIES``).
* ``stratified_split`` and ``standardize`` — a held-out test set with every
  class in the same proportion as in the whole set, and feature scaling
  fitted on the training set only.

Every function that draws random numbers takes ``rng``: an int seed (the
default, ``0``, so results are reproducible), a ``numpy.random.Generator``
(which is advanced), or ``None`` for fresh entropy.
"""

import numpy as np

from ._validate import as_count, as_float_array, as_generator, as_scalar, describe

__all__ = [
    "load_digits_split",
    "make_customers",
    "stratified_split",
    "standardize",
    "CUSTOMER_FEATURES",
    "CUSTOMER_CATEGORIES",
]


def _as_test_size(test_size):
    test_size = as_scalar("test_size", test_size)
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be a fraction strictly between 0 and 1, got {test_size}")
    return test_size


def _as_label_vector(y, m):
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"y must be a 1-D array of integer labels, got {describe(y)}")
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != m:
        raise ValueError(f"y must have shape ({m},), one label per row of X, got {describe(y)}")
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer labels, got dtype {y.dtype}")
    return y


def stratified_split(X, y, test_size=0.25, rng=0):
    """Hold out a test set in which every class keeps its share of the examples.

    Parameters
    ----------
    X : array_like of shape (m, n)
        One example per row.
    y : array_like of int, shape (m,)
        Labels in ``0..K-1``.
    test_size : float
        The fraction of each class that goes to the test set, ``0 < test_size < 1``.
    rng : int, numpy.random.Generator or None
        Which examples are held out.

    Returns
    -------
    X_train : ndarray of shape (m_train, n)
    X_test : ndarray of shape (m_test, n)
    y_train : ndarray of int, shape (m_train,)
    y_test : ndarray of int, shape (m_test,)
        New arrays; both sets keep the original order of the examples.

    Notes
    -----
    Class ``k`` with ``m_k`` examples sends ``round(test_size · m_k)`` of
    them, drawn at random, to the test set, but always keeps at least one
    on each side (so a class needs at least 2 examples). A model is judged
    on the test set only after training on the training set: notebook 05
    reports accuracy on examples the network never saw.
    """
    X = as_float_array("X", X, ndim=2)
    y = _as_label_vector(y, X.shape[0])
    test_size = _as_test_size(test_size)
    generator = as_generator(rng)
    is_test = np.zeros(X.shape[0], dtype=bool)
    for k in np.unique(y):
        members = np.flatnonzero(y == k)
        if members.size < 2:
            raise ValueError(f"y must have at least 2 examples of every class to split it, class {k} has 1")
        n_test = min(max(round(test_size * members.size), 1), members.size - 1)
        is_test[generator.choice(members, size=n_test, replace=False)] = True
    return X[~is_test], X[is_test], y[~is_test].copy(), y[is_test].copy()


def load_digits_split(test_size=0.25, rng=0):
    """scikit-learn's handwritten digits, scaled to [0, 1] and split into training and test sets.

    Parameters
    ----------
    test_size : float
        The fraction of each digit's images held out for testing, ``0 < test_size < 1``.
    rng : int, numpy.random.Generator or None
        Which images are held out; the default gives the same split every time.

    Returns
    -------
    X_train : ndarray of shape (m_train, 64)
    X_test : ndarray of shape (m_test, 64)
        One 8×8 image per row, read row by row (``X[i].reshape(8, 8)`` shows
        it), pixel values in ``[0, 1]``.
    y_train : ndarray of int, shape (m_train,)
    y_test : ndarray of int, shape (m_test,)
        The digit each image shows, ``0..9`` (``K = 10``). Label ``k`` is
        digit ``k``: Ng's MATLAB exercise labels the digit 0 as 10, we do not.

    Notes
    -----
    The data are the 1,797 images of ``sklearn.datasets.load_digits``,
    installed with scikit-learn (no download). Their pixels are counts
    ``0..16``; dividing by 16 puts them in ``[0, 1]``, where the sigmoid
    units start out neither saturated nor flat. With the default
    ``test_size`` the split is ``m_train = 1347``, ``m_test = 450``,
    stratified by digit (``stratified_split``). Notebook 05 trains on it.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    X = digits.data.astype(np.float64) / 16.0
    y = digits.target.astype(np.int64)
    return stratified_split(X, y, test_size=test_size, rng=rng)


def standardize(X_train, *X_others):
    """Scale every feature to mean 0 and standard deviation 1, using the training set's statistics.

    Parameters
    ----------
    X_train : array_like of shape (m, n)
        The set the mean ``μ`` and standard deviation ``σ`` of each feature
        are computed on.
    *X_others : array_like of shape (m', n)
        Further sets (validation, test), scaled with the *training* set's
        ``μ`` and ``σ``.

    Returns
    -------
    tuple of ndarray
        ``(X_train - μ) / σ`` followed by each of ``X_others`` scaled the
        same way; new arrays.

    Notes
    -----
    .. math:: x_j \\leftarrow \\frac{x_j - \\mu_j}{\\sigma_j}

    A feature that never changes in ``X_train`` (``σ_j = 0``) is only
    centred. Features measured in euros and features that are fractions
    then weigh alike in ``z^(2) = [1 x] Θ^(1)ᵀ`` at the start of training,
    and ``rand_initialize_weights``'s small weights suit all of them
    (notebook 05, the customers). The test set must not influence ``μ`` and
    ``σ``: that would leak it into training.
    """
    X_train = as_float_array("X_train", X_train, ndim=2)
    others = [as_float_array(f"X_others[{i}]", X, ndim=2) for i, X in enumerate(X_others)]
    for i, X in enumerate(others):
        if X.shape[1] != X_train.shape[1]:
            raise ValueError(f"X_others[{i}] must have {X_train.shape[1]} columns like X_train, got shape {X.shape}")
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported below, by name
        mu = X_train.mean(axis=0)
        sigma = X_train.std(axis=0)
        sigma[sigma == 0] = 1.0
        scaled = tuple((X - mu) / sigma for X in [X_train, *others])
    names = ["X_train"] + [f"X_others[{i}]" for i in range(len(others))]
    for name, X, S in zip(names, [X_train, *others], scaled):
        if not (np.isfinite(S).all() and np.isfinite(mu).all() and np.isfinite(sigma).all()):
            raise ValueError(
                f"{name} cannot be standardized in float64: its mean, spread or (x - μ)/σ overflows "
                f"(largest |x| = {np.max(np.abs(X)):.3g}, smallest σ = {sigma.min():.3g}); rescale it first"
            )
    return scaled


CUSTOMER_FEATURES = (
    "age",
    "annual_spend",
    "visits_per_month",
    "tenure_months",
    "online_share",
    "discount_share",
    "days_since_last_visit",
)
"""The columns of ``make_customers``'s ``X``, in order (units in its docstring)."""

CUSTOMER_CATEGORIES = (
    "new",
    "occasional",
    "regular",
    "loyal",
    "bargain hunter",
    "big spender",
    "lapsed",
)
"""The name of each label ``0..6`` of ``make_customers``: ``CUSTOMER_CATEGORIES[y[i]]``."""

# One row per category: (share of customers, age mean, age sd, visits per
# month mean, sd, euros per visit mean, sd, tenure in months mean, sd, online
# share mean, discount share mean, days since last visit mean, sd).
_CUSTOMER_PROFILES = np.array(
    [
        # share  age      visits     basket      tenure     online disc  days
        [0.12, 34, 12, 2.0, 1.0, 40, 15, 4, 3, 0.45, 0.30, 10, 8],  # new
        [0.18, 45, 15, 0.8, 0.4, 35, 12, 30, 15, 0.30, 0.30, 35, 15],  # occasional
        [0.20, 42, 13, 3.0, 1.0, 45, 12, 36, 18, 0.30, 0.25, 8, 5],  # regular
        [0.14, 52, 12, 6.0, 1.5, 55, 15, 84, 30, 0.20, 0.20, 4, 3],  # loyal
        [0.12, 40, 14, 3.5, 1.2, 25, 8, 40, 20, 0.50, 0.65, 7, 5],  # bargain hunter
        [0.10, 48, 10, 1.5, 0.6, 180, 50, 48, 24, 0.35, 0.08, 14, 8],  # big spender
        [0.14, 50, 15, 0.3, 0.2, 40, 15, 60, 25, 0.25, 0.30, 150, 60],  # lapsed
    ]
)


_BIMODAL_ONLINE = CUSTOMER_CATEGORIES.index("bargain hunter")


def _positive(generator, mean, sd, size):
    """Gamma-distributed draws with the given mean and standard deviation: positive, right-skewed."""
    shape = (mean / sd) ** 2
    return generator.gamma(shape, sd**2 / mean, size=size)


def _share(generator, mean, size, concentration=12.0):
    """Beta-distributed fractions in (0, 1) with the given mean."""
    return generator.beta(mean * concentration, (1 - mean) * concentration, size=size)


def _class_counts(m, shares):
    """``m`` split by ``shares`` (largest remainders), every class at least 1."""
    K = len(shares)
    counts = np.ones(K, dtype=np.int64)
    exact = (m - K) * shares / shares.sum()
    counts += np.floor(exact).astype(np.int64)
    left = m - counts.sum()
    counts[np.argsort(-(exact - np.floor(exact)), kind="stable")[:left]] += 1
    return counts


def make_customers(m=700, rng=0):
    """A synthetic shop's customers in 7 categories, like the customers of Enslin's series.

    Parameters
    ----------
    m : int
        The number of customers, ``m >= 7`` (every category gets at least one).
    rng : int, numpy.random.Generator or None
        The draw; the default gives the same customers every time.

    Returns
    -------
    X : ndarray of shape (m, 7)
        One customer per row; the columns are ``CUSTOMER_FEATURES``:

        ========================  =========================================
        ``age``                   years, 18 to 90
        ``annual_spend``          euros spent in the last 12 months
        ``visits_per_month``      average visits (shop or website) per month
        ``tenure_months``         months since the first purchase
        ``online_share``          fraction of purchases made online, 0..1
        ``discount_share``        fraction of purchases on promotion, 0..1
        ``days_since_last_visit`` days
        ========================  =========================================

        In their natural units, which differ by orders of magnitude: scale
        them (``standardize``) before training.
    y : ndarray of int, shape (m,)
        The category, ``0..6`` (``K = 7``), named by ``CUSTOMER_CATEGORIES``:
        new, occasional, regular, loyal, bargain hunter, big spender, lapsed.
        The categories are unbalanced (10 % to 20 % each), and the rows are
        in random order.

    Notes
    -----
    Enslin's networks classify customers into 7 categories (``yv =
    [1:num_labels] == y`` with ``num_labels = 7``, part 103); that data set
    is not published, so this one is invented to have the same shape of
    problem. Each category draws its features from its own profile:
    ages are normal, visits, euros per visit, tenure and days since the
    last visit are gamma-distributed (positive, skewed), the two shares are
    beta-distributed, and

    .. math:: \\text{annual\\_spend} = 12 \\cdot \\text{visits\\_per\\_month}
              \\cdot \\text{euros per visit} \\cdot e^{\\epsilon},\\quad
              \\epsilon \\sim \\mathcal{N}(0, 0.15^2).

    Two choices keep the problem from being a table lookup: the euros per
    visit are not a column (a big spender and a loyal customer can spend
    the same in a year, one in few large baskets, the other in many small
    ones), and a bargain hunter buys either almost everything online or
    almost everything in the shop (``online_share`` is bimodal for that
    category). The profiles overlap (an occasional customer and a lapsed
    one, a regular and a loyal one), so no classifier is perfect: in
    notebook 05 a small regularized network reaches about 95 % test
    accuracy, and a large unregularized one fits the training set almost
    perfectly while doing worse on the test set.
    """
    m = as_count("m", m, minimum=len(CUSTOMER_CATEGORIES))
    generator = as_generator(rng)
    counts = _class_counts(m, _CUSTOMER_PROFILES[:, 0])
    blocks, labels = [], []
    for k, (count, profile) in enumerate(zip(counts, _CUSTOMER_PROFILES)):
        _, age, age_sd, visits, visits_sd, basket, basket_sd, tenure, tenure_sd, online, discount, days, days_sd = (
            profile
        )
        age_k = np.clip(generator.normal(age, age_sd, size=count), 18, 90)
        visits_k = _positive(generator, visits, visits_sd, count)
        spend_k = (
            12
            * visits_k
            * _positive(generator, basket, basket_sd, count)
            * np.exp(generator.normal(0.0, 0.15, size=count))
        )
        tenure_k = _positive(generator, tenure, tenure_sd, count)
        online_k = _share(generator, online, count)
        if k == _BIMODAL_ONLINE:  # shops where the deal is: either almost all online or almost all in store
            online_k = np.where(generator.random(count) < 0.5, online_k * 0.3, 1 - online_k * 0.3)
        discount_k = _share(generator, discount, count)
        days_k = _positive(generator, days, days_sd, count)
        blocks.append(np.column_stack([age_k, spend_k, visits_k, tenure_k, online_k, discount_k, days_k]))
        labels.append(np.full(count, k, dtype=np.int64))
    order = generator.permutation(m)
    return np.vstack(blocks)[order], np.concatenate(labels)[order]
