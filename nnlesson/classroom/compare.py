"""Judging an answer: is it the expected number or array, and if not, what exactly is wrong.

A result is compared with the expected one entry by entry (``rtol``,
``atol``). Before that, each way a result can fail to be an answer at all
is named in words: ``None`` (a missing ``return``), complex numbers, an
object that is not a number, a wrong shape, NaN or inf where the expected
result is finite. numpy would otherwise turn some of these into a silent
conversion (a complex array cast to float drops its imaginary part).
"""

import numpy as np

__all__ = ["kind_of", "compare", "compare_scalar", "compare_array", "compare_choice"]


def kind_of(x):
    """A few words for what ``x`` is: ``an array of shape (3,)``, ``a list of 2 items``, ``NoneType``."""
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape}" + (f" and dtype {x.dtype}" if x.dtype.kind not in "fiub" else "")
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)} items"
    return f"{type(x).__name__}"


def compare(spec, got, expected, rtol, atol, equal_nan=True):
    """The problems with ``got`` as the output ``spec = (what, kind)``; empty when it is right."""
    what, kind = spec
    if got is None:
        return [f"{what}: your function returned None (is a `return` missing?)"]
    if kind == "scalar":
        return compare_scalar(what, got, expected, rtol, atol, equal_nan)
    if kind == "choice":
        return compare_choice(what, got, expected)
    return compare_array(what, got, expected, rtol, atol, equal_nan)


def _complex(what, got):
    return [
        f"{what}: your result holds complex numbers ({kind_of(got)}); the answer is real. "
        f"A complex number appears when something adds an imaginary part (1j) or takes the "
        f"square root or log of a negative number with numpy's complex functions."
    ]


def compare_scalar(what, got, expected, rtol, atol, equal_nan=True):
    """``got`` must be one real number close to ``expected``."""
    if isinstance(got, (bool, np.bool_)) or np.ndim(got) != 0:
        return [f"{what}: expected a single number, got {kind_of(got)}"]
    if np.iscomplexobj(got):
        return _complex(what, got)
    try:
        value = float(got)
    except (TypeError, ValueError):
        return [f"{what}: expected a single number, got {kind_of(got)}"]
    if np.isfinite(expected) and not np.isfinite(value):
        return [f"{what}: your result is {value} where a finite number ({expected:.6g}) was expected"]
    if np.isclose(value, expected, rtol=rtol, atol=atol, equal_nan=equal_nan):
        return []
    return [f"{what}: expected {expected:.6g}, got {value:.6g}"]


def compare_array(what, got, expected, rtol, atol, equal_nan=True):
    """``got`` must be a real array of the expected shape, every entry close to the expected one."""
    expected = np.asarray(expected, dtype=np.float64)
    if (
        isinstance(got, (list, tuple))
        and got
        and all(isinstance(g, np.ndarray) for g in got)
        and len({g.shape for g in got}) > 1
    ):
        return [
            f"{what}: expected one array of shape {expected.shape}, got a "
            f"{type(got).__name__} of {len(got)} arrays (unroll them into one vector?)"
        ]
    if np.iscomplexobj(got) or (isinstance(got, (list, tuple)) and any(isinstance(g, complex) for g in got)):
        return _complex(what, got)
    try:
        raw = np.asarray(got)
        if raw.dtype.kind not in "fiub":
            raise TypeError
        arr = raw.astype(np.float64)
    except (TypeError, ValueError):
        return [f"{what}: expected an array of shape {expected.shape}, got {kind_of(got)}"]
    if arr.shape != expected.shape:
        return [f"{what}: wrong shape: expected {expected.shape}, got {arr.shape}"]
    bad_values = ~np.isfinite(arr) & np.isfinite(expected)
    if bad_values.any():
        index = tuple(int(i) for i in np.argwhere(bad_values)[0])
        word = "NaN" if np.isnan(arr[index]) else "inf"
        return [
            f"{what}: {int(bad_values.sum())} of {arr.size} entries are NaN or inf where finite "
            f"numbers were expected; the first is {word}" + (f" at index {index}" if arr.ndim else "")
        ]
    close = np.isclose(arr, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if close.all():
        return []
    bad = ~close
    error = np.where(bad, np.abs(np.nan_to_num(arr - expected, nan=np.inf)), 0.0)
    index = np.unravel_index(int(np.argmax(error)), arr.shape) if arr.ndim else ()
    at = f" at index {tuple(int(i) for i in index)}" if arr.ndim else ""
    return [
        f"{what}: {int(bad.sum())} of {arr.size} entries differ; the largest difference is{at}: "
        f"expected {expected[index]:.6g}, got {arr[index]:.6g}"
    ]


def compare_choice(what, got, expected):
    """``got`` must be the letter (or word) of the right choice; case and spaces do not matter.

    A wrong choice is not told the right one: the exercise's catalogued
    mistakes say why the chosen one is wrong.
    """
    if not isinstance(got, str):
        return [f'{what}: expected the letter of your choice as a string, e.g. "b", got {kind_of(got)}']
    if got.strip().lower() == str(expected).strip().lower():
        return []
    return [f"{what}: {got.strip()!r} is not the right choice"]
