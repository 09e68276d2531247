"""Argument checks shared by the gradient-checking modules: steps, indices, and what a ``J`` returns."""

import numpy as np

from .._validate import as_count, as_scalar, describe

__all__ = ["as_epsilon", "as_indices", "as_cost", "as_costs", "as_batch_size", "as_callable"]


def as_epsilon(epsilon, name="epsilon"):
    """A step ``ε``: one finite float ``> 0``."""
    return as_scalar(name, epsilon, positive=True)


def as_indices(indices, n):
    """Positions in a vector of ``n`` entries: all of them (``None``) or a 1-D integer array."""
    if indices is None:
        return np.arange(n)
    arr = np.asarray(indices)
    if arr.ndim == 0:
        arr = arr[None]
    if arr.ndim != 1 or arr.size == 0 or arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"indices must be a 1-D array of integer positions in theta, got {describe(indices)}")
    bad = (arr < 0) | (arr >= n)
    if bad.any():
        raise ValueError(f"indices must lie in 0..{n - 1} (theta has {n} entries), got {arr[bad][0]}")
    return arr


def as_callable(name, f, what):
    """``f`` itself, after checking it can be called (``None`` is returned as is when allowed)."""
    if not callable(f):
        raise TypeError(f"{name} must be {what}, got {describe(f)}")
    return f


def as_batch_size(batch_size):
    """``None`` (choose for me) or a count ``>= 1``."""
    return None if batch_size is None else as_count("batch_size", batch_size, minimum=1)


def as_cost(value, what="J(theta)", name="J"):
    """The float ``J`` returned, after checking it is one finite real number."""
    if isinstance(value, (tuple, list)):
        raise ValueError(
            f"{name} must return a scalar cost, but {what} returned {describe(value)}"
            + ("; return only J, not (J, gradient)" if len(value) == 2 else "")
        )
    if np.ndim(value) != 0:
        raise ValueError(f"{name} must return a scalar cost, but {what} returned {describe(value)}")
    if value is None or isinstance(value, (str, bytes)) or np.iscomplexobj(value):
        raise TypeError(f"{name} must return a real number, but {what} returned {describe(value)}")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must return a real number, but {what} returned {describe(value)}") from None
    if not np.isfinite(value):
        raise ValueError(f"{name} must return a finite cost, but {what} returned {value}")
    return value


def as_costs(values, p):
    """The ``(p,)`` costs returned by a vectorized ``J``, checked."""
    arr = np.asarray(values)
    if arr.shape != (p,) or arr.dtype.kind not in "iuf":
        raise ValueError(
            f"J (vectorized=True) must return one cost per row of its (p, n) argument, "
            f"shape ({p},), got {describe(values)}"
        )
    arr = arr.astype(np.float64, copy=False)
    if not np.isfinite(arr).all():
        raise ValueError(f"J (vectorized=True) returned a cost that is not finite: {arr[~np.isfinite(arr)][0]}")
    return arr
