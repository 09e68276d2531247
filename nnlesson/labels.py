"""Labels and targets: the articles' ``yv = [1:num_labels] == y``.

Derived in notebook 02, section "One-hot labels". The articles' MATLAB labels
run ``1..K``; in Python they run ``0..K-1``, so label ``k`` switches on column
``k`` of the one-hot row.
"""

import numpy as np

from ._validate import as_count, as_float_array, describe

__all__ = ["one_hot", "as_targets"]


def _as_labels(name, y, num_labels):
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must be a 1-D array of integer labels, got {describe(y)}")
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels of shape (m,), got {describe(y)}")
    if y.size == 0:
        raise ValueError(f"{name} must not be empty")
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        hint = ""
        if np.issubdtype(y.dtype, np.floating) and np.all(np.mod(y, 1) == 0):
            hint = "; these are whole numbers, so pass y.astype(int)"
        raise TypeError(f"{name} must hold integer labels 0..{num_labels - 1}, got dtype {y.dtype}{hint}")
    bad = (y < 0) | (y >= num_labels)
    if bad.any():
        i = int(np.argmax(bad))
        one_based = " (MATLAB labels 1..K? subtract 1)" if y.min() >= 1 and y.max() == num_labels else ""
        raise ValueError(f"{name} must hold labels in 0..{num_labels - 1}, got {y[i]} at index {i}{one_based}")
    return y


def one_hot(y, num_labels):
    """Turn labels into rows of 0s with a single 1: the articles' ``yv``.

    Parameters
    ----------
    y : array_like of int, shape (m,)
        Labels in ``0..K-1``.
    num_labels : int
        ``K``, the number of output units.

    Returns
    -------
    yv : ndarray of shape (m, K), float64
        ``yv[i, k] = 1.0`` if ``y[i] == k`` else ``0.0``.

    Notes
    -----
    Enslin 103: ``yv = [1:num_labels] == y;`` compares the row ``1..K`` with
    the column ``y`` and broadcasts to ``m × K``. The numpy line is the same
    comparison with 0-based labels: ``np.arange(K) == y[:, None]``.
    """
    K = as_count("num_labels", num_labels)
    y = _as_labels("y", y, K)
    return (np.arange(K) == y[:, None]).astype(np.float64)


def as_targets(y, num_outputs, num_examples, name="y", scan=True):
    """Labels or targets as the ``(m, K)`` target matrix the costs compare with.

    Parameters
    ----------
    y : array_like
        Either integer labels of shape ``(m,)`` in ``0..K-1`` (one-hot
        encoded here), or targets of shape ``(m, K)``. With one output unit
        (``K = 1``, logistic regression) a 1-D ``y`` holds the targets
        themselves, 0 or 1.
    num_outputs : int
        ``K``.
    num_examples : int
        ``m``, the number of rows of ``X``.
    scan : bool
        Look for NaN and inf in targets now (see ``_validate.as_float_array``).

    Returns
    -------
    Y : ndarray of shape (m, K), float64
    """
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must be labels (m,) or targets (m, K), got {describe(y)}")
    arr = np.asarray(y)
    if arr.ndim not in (1, 2):
        raise ValueError(f"{name} must be labels of shape (m,) or targets of shape (m, K), got {describe(arr)}")
    if arr.shape[0] != num_examples:
        raise ValueError(f"{name} must have one row per example of X (m = {num_examples}), got {describe(arr)}")
    if arr.ndim == 2:
        if arr.shape[1] != num_outputs:
            raise ValueError(
                f"{name} as targets must have K = {num_outputs} columns (one per output unit), got shape {arr.shape}"
            )
        return as_float_array(name, arr, scan=scan)
    if num_outputs == 1:
        return as_float_array(name, arr, scan=scan)[:, None]
    labels = _as_labels(name, arr, num_outputs)
    return (np.arange(num_outputs) == labels[:, None]).astype(np.float64)
