"""Complex-step differentiation: a derivative from one evaluation, with no subtraction to cancel digits.

Derived in notebook 04 (section "2. Choosing ε: the V curve" shows the
round-off it avoids). For a ``J`` that is analytic (built from ``+``, ``×``,
``exp``, ``log``, …) and real on real arguments, Taylor's theorem along the
imaginary axis gives

.. math:: J(\\theta + i h e_k) = J(\\theta) + i h \\frac{\\partial J}{\\partial\\theta_k}
          - \\frac{h^2}{2} \\frac{\\partial^2 J}{\\partial\\theta_k^2} - \\dots

so ``Im J(θ + i h e_k) / h`` is the derivative up to ``h² J'''/6``. Nothing
is subtracted, so ``h`` can be as small as ``1e-20`` (or ``1e-200``): the
error stays at float64's ``1e-16`` where the central difference's round-off
``10^-16 |J| / ε`` has grown huge. The price: ``J`` must accept complex
numbers, and must be analytic. ``max(z, 0)`` is not (its kink), nor are
``abs`` and comparisons, so ReLU networks cannot be differentiated this way.
"""

import numpy as np

from .._validate import as_float_array, as_order, describe
from ..network import cost as network_cost
from ..params import matrices, theta_shapes, vector
from ..problem import prepare
from .arguments import as_callable, as_epsilon, as_indices

__all__ = ["complex_step_gradient", "network_complex_cost", "network_complex_step_gradient"]


def _imaginary_part(value, what, h):
    """``Im value / h`` after checking ``value`` is one finite complex number."""
    if isinstance(value, (tuple, list)) or np.ndim(value) != 0:
        raise ValueError(f"J must return a scalar cost, but {what} returned {describe(value)}")
    if not np.iscomplexobj(value):
        raise TypeError(
            f"J must return a complex number for a complex theta, but {what} returned "
            f"{describe(value)}: J drops the imaginary part somewhere (np.real, abs, float(), "
            "a comparison or a real-typed array)"
        )
    value = complex(value)
    if not (np.isfinite(value.real) and np.isfinite(value.imag)):
        raise ValueError(f"J must return a finite cost, but {what} returned {value}")
    return value.imag / h


def complex_step_gradient(J, theta, h=1e-20, indices=None, vectorized=False):
    """The gradient of ``J`` at ``theta`` by complex steps: ``Im J(θ + i h e_k) / h``.

    Parameters
    ----------
    J : callable
        ``J(theta) -> complex`` for a complex 1-D ``theta`` of shape ``(n,)``;
        ``J`` must be analytic (no ``abs``, ``max``, comparisons, ``np.real``).
        With ``vectorized=True``, ``J(P) -> (p,)`` complex for a complex block
        ``P`` of shape ``(p, n)``.
    theta : array_like of shape (n,)
        Real; never modified.
    h : float
        The imaginary step, ``> 0``. Tiny is fine: ``1e-20``, even ``1e-200``.
    indices : array_like of int, optional
        Only these coordinates (default: all ``n``).
    vectorized : bool
        One call of ``J`` on the ``(k, n)`` block of all steps.

    Returns
    -------
    ndarray of shape (n,), or (k,) for ``k`` given ``indices``

    Notes
    -----
    .. math:: \\frac{\\partial J}{\\partial\\theta_k} \\approx
              \\frac{\\operatorname{Im} J(\\theta + i h e_k)}{h}

    The error is ``h² |J'''| / 6``: with ``h = 1e-20`` that is far below
    round-off, so the result agrees with the analytic gradient to about
    ``1e-15`` relative, whatever ``h`` (module docstring).
    """
    theta = as_float_array("theta", theta, ndim=1)
    h = as_epsilon(h, "h")
    indices = as_indices(indices, theta.size)
    as_callable("J", J, "a function of theta")
    if vectorized:
        block = np.tile(theta.astype(np.complex128), (indices.size, 1))
        block[np.arange(indices.size), indices] += 1j * h
        values = np.asarray(J(block))
        if values.shape != (indices.size,):
            raise ValueError(
                f"J (vectorized=True) must return one cost per row of its (p, n) argument, "
                f"shape ({indices.size},), got {describe(values)}"
            )
        return np.array([_imaginary_part(v, f"row {k} of J(P)", h) for k, v in enumerate(values)])
    out = np.empty(indices.size)
    for k, i in enumerate(indices):
        point = theta.astype(np.complex128)
        point[i] += 1j * h
        out[k] = _imaginary_part(J(point), f"J(theta + i h e_{i})", h)
    return out


def _smooth_problem(thetas, X, y, lam, cost, activation, output):
    thetas, problem = prepare(thetas, X, y, lam, cost, activation, output)
    if activation == "relu":
        raise ValueError(
            "activation='relu' cannot be differentiated by complex steps: max(z, 0) is not "
            "analytic (it has a kink at z = 0, and comparing complex numbers has no meaning); "
            "use activation='sigmoid' or 'tanh', or the finite differences of check_gradients"
        )
    return thetas, problem


def network_complex_cost(
    thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid", order="C"
):
    """The network's cost as a function of one unrolled, possibly complex, parameter vector.

    Parameters
    ----------
    thetas : list of ndarray
        Only their shapes are used.
    X, y, lam, cost, activation, output
        As for ``nn_cost_function``; ``activation`` must be ``'sigmoid'`` or
        ``'tanh'`` (a ``ValueError`` explains why ReLU cannot be used).
    order : {'C', 'F'}
        How the vector is unrolled.

    Returns
    -------
    callable
        ``J(theta)`` for ``theta`` of shape ``(N,)``, real or complex: the
        cost ``J(Θ)`` (complex for a complex ``theta``). Hand it to
        ``complex_step_gradient``.
    """
    thetas, problem = _smooth_problem(thetas, X, y, lam, cost, activation, output)
    order = as_order(order)
    shapes = theta_shapes(problem.layer_sizes)
    size = sum(r * c for r, c in shapes)

    def J(theta):
        theta = np.asarray(theta)
        if theta.shape != (size,) or theta.dtype.kind not in "fc":
            raise ValueError(f"theta must be a float or complex vector of shape ({size},), got {describe(theta)}")
        return network_cost(matrices(theta, shapes, order), problem)

    return J


def network_complex_step_gradient(
    thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid", h=1e-20
):
    """Every ``∂J/∂Θ^(l)[j, i]`` of the network by complex steps, shaped like ``thetas``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``; never modified.
    X, y, lam, cost, activation, output
        As for ``nn_cost_function``, with ``activation`` in ``{'sigmoid', 'tanh'}``.
    h : float
        The imaginary step.

    Returns
    -------
    list of ndarray
        The gradient, one complex-step derivative per weight: ``n`` complex
        forward passes, each exact to round-off (no ``ε`` to choose).
    """
    J = network_complex_cost(thetas, X, y, lam, cost, activation, output)
    checked = [np.asarray(t, dtype=np.float64) for t in thetas]
    flat = complex_step_gradient(J, vector(checked, "C"), h)
    return [g.copy() for g in matrices(flat, [t.shape for t in checked], "C")]
