"""What every picture of the lesson shares: the Axes to draw on, colours, number and label formats, argument checks.

Used by ``nnlesson.plots`` and the drawing modules behind it
(``surface_plots``, ``slope_plots``) and by ``nnlesson.widgets``.
"""

import numpy as np

from ._validate import as_float_array, as_scalar, describe, length_of

__all__ = [
    "TANGENT_COLOR",
    "SECANT_COLOR",
    "ONE_SIDED_COLOR",
    "CURVE_COLOR",
    "COMPLEX_STEP_COLOR",
    "axes",
    "new_figure",
    "math_number",
    "param_label",
    "as_flag",
    "as_dpi",
    "as_figsize",
    "as_values",
    "as_sweep",
    "as_marks",
    "MAX_DPI",
]

TANGENT_COLOR = "tab:orange"
SECANT_COLOR = "tab:green"
ONE_SIDED_COLOR = "tab:purple"
CURVE_COLOR = "tab:blue"
COMPLEX_STEP_COLOR = "tab:red"

MAX_DPI = 600
"""The most pixels per inch a picture of the lesson is drawn at."""

_MAX_INCHES = 50


def as_flag(name, value):
    """``value`` as a bool; only True, False (and numpy's bools) are accepted."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {describe(value)}")


def as_dpi(dpi, name="dpi"):
    """Pixels per inch, a number in ``(0, MAX_DPI]``."""
    dpi = as_scalar(name, dpi, positive=True)
    if dpi > MAX_DPI:
        raise ValueError(f"{name} must be at most {MAX_DPI} pixels per inch, got {dpi:g}")
    return dpi


def as_figsize(figsize, name="figsize"):
    """``(width, height)`` in inches, each in ``(0, 50]``."""
    if length_of(figsize) != 2:
        raise ValueError(f"{name} must be (width, height) in inches, got {describe(figsize)}")
    size = tuple(as_scalar(f"{name}[{k}]", v, positive=True) for k, v in enumerate(figsize))
    if max(size) > _MAX_INCHES:
        raise ValueError(f"{name} must be at most {_MAX_INCHES} inches on each side, got {size}")
    return size


def as_values(name, values, minimum=None, positive=False, most=12):
    """A non-empty sequence of at most ``most`` numbers, each checked like ``as_scalar``."""
    if not length_of(values):
        raise ValueError(f"{name} must be a non-empty sequence of numbers, got {describe(values)}")
    if len(values) > most:
        raise ValueError(f"{name} must hold at most {most} values (one panel each), got {len(values)}")
    return [as_scalar(f"{name}[{k}]", v, minimum=minimum, positive=positive) for k, v in enumerate(values)]


def axes(ax, three_d=False, figsize=(6.4, 4.8)):
    """``ax``, or the axes of a new pyplot figure (shown inline in a notebook)."""
    if ax is not None:
        if not hasattr(ax, "plot") or not hasattr(ax, "figure"):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {describe(ax)}")
        if three_d and getattr(ax, "name", "") != "3d":
            raise ValueError("ax must be a 3-D Axes (projection='3d') when three_d=True, got a 2-D Axes")
        return ax
    import matplotlib.pyplot as plt  # here, not at import: importing nnlesson picks no backend

    fig = plt.figure(figsize=figsize)
    return fig.add_subplot(projection="3d" if three_d else None)


def new_figure(figsize, dpi=100, layout=None):
    """A Figure outside pyplot, with an Agg canvas: nothing to close, nothing shown twice in a notebook."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def math_number(x):
    """``x`` in mathtext: ``10^{-4}``, ``2.5\\times10^{-3}``, ``0.5``."""
    if x == 0:
        return "0"
    if 1e-2 <= abs(x) < 1e3:
        return f"{x:g}"
    mantissa, exponent = f"{x:.1e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = rf"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else rf"{mantissa}\times{power}"


def param_label(layer, row, col):
    """``$Θ^{(layer)}_{row,col}$``, marked as the bias when ``col`` is 0."""
    bias = r"\ \mathrm{(bias)}" if col == 0 else ""
    return rf"$\Theta^{{({layer})}}_{{{row},{col}}}{bias}$"


def as_sweep(sweep):
    """``(epsilons, one_sided, two_sided, complex_step)`` of an ``EpsilonSweep`` (or ``SecantTable``), checked.

    ``complex_step`` is None when the sweep has none (``epsilon_sweep(..., complex_step=False)``).
    """
    names = ("epsilons", "one_sided", "two_sided")
    if not all(hasattr(sweep, f) for f in names):
        raise TypeError(
            f"sweep must be an EpsilonSweep (epsilons, one_sided, two_sided) from "
            f"nnlesson.gradcheck.epsilon_sweep, got {describe(sweep)}"
        )
    if getattr(sweep, "complex_step", None) is not None:
        names += ("complex_step",)
    arrays = [as_float_array(f"sweep.{f}", getattr(sweep, f), ndim=1, allow_inf=True) for f in names]
    if not np.isfinite(arrays[0]).all():
        raise ValueError("sweep.epsilons must be finite")
    if len({a.size for a in arrays}) != 1:
        raise ValueError(f"sweep.{', sweep.'.join(names)} must have one length, got {[a.size for a in arrays]}")
    if (arrays[0] <= 0).any():
        raise ValueError("sweep.epsilons must all be > 0 (they go on a log axis)")
    if any((a < 0).any() for a in arrays[1:]):
        raise ValueError(f"sweep.{', sweep.'.join(names[1:])} must be relative errors, >= 0")
    return (arrays + [None])[:4]


def as_marks(mark):
    """``mark`` as a list of positive floats (None: none)."""
    if mark is None:
        return []
    if np.ndim(mark) == 0:
        return [as_scalar("mark", mark, positive=True)]
    return as_values("mark", list(np.ravel(np.asarray(mark, dtype=object))), positive=True, most=50)
