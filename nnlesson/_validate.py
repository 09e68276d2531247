"""Argument checks shared by the public functions.

Every public function of nnlesson checks what it is given before doing any
arithmetic, so that a mistake is reported in the caller's words ("``X`` has 3
columns but ``thetas[0]`` expects 2") instead of as a numpy broadcasting
traceback, an IndexError from deep inside, or a NaN that appears later.
Nothing here modifies its argument: arrays are converted with
``np.asarray``, which copies only when the dtype has to change.
"""

import numbers

import numpy as np


def describe(x):
    """A short description of what the caller passed, for error messages."""
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} and dtype {x.dtype}"
    return f"{type(x).__name__} {x!r}"[:120]


def as_float_array(name, x, *, ndim=None, allow_inf=False, scan=True):
    """``x`` as a float64 ndarray, after checking it is real, finite numbers.

    Parameters
    ----------
    name : str
        How the caller calls the argument, used in every message.
    x : array_like
    ndim : int, optional
        The number of dimensions ``x`` must have.
    allow_inf : bool
        Accept ``±inf`` (NaN is never accepted).
    scan : bool
        Look for NaN and inf now. A caller that checks its *result* for
        finiteness instead passes False and scans only when that check fails.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {describe(x)}")
    try:
        arr = np.asarray(x)
    except ValueError as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers: {err}") from None
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must hold real numbers, got {describe(arr)}")
    arr = arr.astype(np.float64, copy=False)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got {describe(arr)}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got {describe(arr)}")
    if scan:
        check_finite(name, arr, allow_inf)
    return arr


def check_finite(name, arr, allow_inf):
    """Raise if ``arr`` holds NaN (or inf, unless ``allow_inf``), naming the first such entry."""
    with np.errstate(over="ignore", invalid="ignore"):
        total = (arr @ np.ones(arr.shape[1])).sum() if arr.ndim == 2 else arr.sum()
    if np.isfinite(total):
        return
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at index {first_index(np.isnan(arr))}")
    if not allow_inf and np.isinf(arr).any():
        raise ValueError(f"{name} contains inf at index {first_index(np.isinf(arr))}")


def first_index(mask):
    index = tuple(int(i) for i in np.argwhere(mask)[0])
    return index[0] if len(index) == 1 else index


def as_scalar(name, x, *, minimum=None, positive=False):
    """``x`` as a Python float, checked to be finite (and ``>= minimum`` or ``> 0``)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        if isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "iuf":
            x = x.item()
        else:
            raise TypeError(f"{name} must be a real number, got {describe(x)}")
    x = float(x)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    if minimum is not None and x < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {x}")
    if positive and x <= 0:
        raise ValueError(f"{name} must be > 0, got {x}")
    return x


def as_count(name, x, *, minimum=1):
    """``x`` as a Python int ``>= minimum`` (a number of units, labels, …)."""
    if isinstance(x, bool) or not isinstance(x, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {describe(x)}")
    x = int(x)
    if x < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {x}")
    return x


def choose(name, value, options):
    """Look ``value`` up in the registry ``options``, naming the choices on failure."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(options)}, got {describe(value)}")
    try:
        return options[value]
    except KeyError:
        raise ValueError(f"{name} must be one of {sorted(options)}, got {value!r}") from None


def as_thetas(thetas, name="thetas", scan=True):
    """The weight matrices ``[Θ^(1), …, Θ^(L-1)]`` as float64 arrays, shapes checked.

    ``thetas[l]`` must have shape ``(s_{l+2}, s_{l+1} + 1)`` in Python's
    0-based numbering: each matrix has one more column (the bias) than the
    previous matrix has rows.
    """
    if isinstance(thetas, np.ndarray):
        raise TypeError(
            f"{name} must be a list of 2-D arrays [Θ^(1), …, Θ^(L-1)], got a single "
            f"array of shape {thetas.shape}; for one weight matrix pass [{name}]"
        )
    if isinstance(thetas, (str, bytes)) or not hasattr(thetas, "__len__"):
        raise TypeError(f"{name} must be a list of 2-D arrays, got {describe(thetas)}")
    if len(thetas) == 0:
        raise ValueError(f"{name} must hold at least one weight matrix (L >= 2 layers), got none")
    out = [as_float_array(f"{name}[{l}]", t, ndim=2, scan=scan) for l, t in enumerate(thetas)]
    for l, t in enumerate(out):
        if t.shape[1] < 2:
            raise ValueError(f"{name}[{l}] must have a bias column and at least one weight column, got shape {t.shape}")
        if l > 0 and t.shape[1] != out[l - 1].shape[0] + 1:
            raise ValueError(
                f"{name}[{l}] must have {out[l - 1].shape[0] + 1} columns "
                f"({name}[{l - 1}] has {out[l - 1].shape[0]} rows, plus 1 for the bias), "
                f"got shape {t.shape}"
            )
    return out


def as_inputs(X, thetas, name="X", scan=True):
    """``X`` of shape ``(m, n)`` with ``n`` matching ``thetas[0]``."""
    X = as_float_array(name, X, ndim=2, scan=scan)
    n = thetas[0].shape[1] - 1
    if X.shape[1] != n:
        raise ValueError(
            f"{name} must have {n} columns, one per input unit of thetas[0] "
            f"(shape {thetas[0].shape}, bias column excluded), got shape {X.shape}"
        )
    return X


def as_generator(rng, name="rng"):
    """``rng`` as a ``numpy.random.Generator``: an int seeds a new one, a Generator is used as is."""
    if rng is not None and (isinstance(rng, bool) or not isinstance(rng, (np.random.Generator, numbers.Integral))):
        raise TypeError(f"{name} must be a numpy Generator, an int seed >= 0 or None, got {describe(rng)}")
    if isinstance(rng, numbers.Integral) and rng < 0:
        raise ValueError(f"{name} as a seed must be >= 0, got {rng}")
    return np.random.default_rng(rng)


ORDERS = ("C", "F")


def as_order(order):
    """``'C'`` (numpy, row by row) or ``'F'`` (MATLAB, column by column)."""
    if not isinstance(order, str) or order not in ORDERS:
        raise ValueError(f"order must be 'C' (numpy, row by row) or 'F' (MATLAB, column by column), got {order!r}")
    return order


def as_layer_sizes(layer_sizes):
    """``[s_1, …, s_L]`` as a list of ints >= 1, at least two layers."""
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(f"layer_sizes must be a list of unit counts [s_1, …, s_L], got {describe(layer_sizes)}")
    if len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes must list at least 2 layers [s_1, …, s_L], got {list(layer_sizes)}")
    return [as_count(f"layer_sizes[{i}]", s) for i, s in enumerate(layer_sizes)]


def layer_sizes_of(thetas):
    """``[s_1, …, s_L]`` read off the weight matrices."""
    return [thetas[0].shape[1] - 1] + [t.shape[0] for t in thetas]


MAX_RESOLUTION = 501
"""The most grid points per axis of a cost surface (and points along a slice)."""


def length_of(x):
    if isinstance(x, (str, bytes, dict)):  # len() of a sequence (list, tuple, array of >= 1 dimension), else None
        return None
    try:
        return len(x)
    except TypeError:
        return None


def as_span(span):
    span = as_scalar("span", span, positive=True)  # the half-width of a window
    if span > 1e3:
        raise ValueError(f"span must be at most 1000 (a window of ±1000 around each weight), got {span:g}")
    return span


def as_lam(lam, name="lam"):
    lam = as_scalar(name, lam, minimum=0)  # beyond 1e9 the penalty alone decides every digit shown
    if lam > 1e9:
        raise ValueError(f"{name} must be at most 1e9, got {lam:g}")
    return lam


def as_resolution(resolution, name="resolution"):
    """A number of grid points per axis, ``3..MAX_RESOLUTION``."""
    resolution = as_count(name, resolution, minimum=3)
    if resolution > MAX_RESOLUTION:
        raise ValueError(
            f"{name} must be at most {MAX_RESOLUTION} points per axis (a picture needs far fewer; "
            f"{resolution}² costs would not fit in memory), got {resolution}"
        )
    return resolution


def checked_cost(value, what="J(theta)"):
    """The float a caller's ``J`` returned, checked to be one finite number."""
    if np.ndim(value) != 0:
        raise ValueError(f"J must return a scalar cost, but {what} returned {describe(value)}")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"J must return a real number, but {what} returned {describe(value)}") from None
    if not np.isfinite(value):
        raise ValueError(f"J must return a finite cost, but {what} returned {value}")
    return value
