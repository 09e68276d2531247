"""The weights: initialising them, and unrolling them into one vector and back.

Derived in notebook 01 (initialisation, symmetry breaking) and notebook 03
(unrolling). An optimizer such as ``scipy.optimize.minimize`` sees one
parameter vector; the network sees the list ``[Θ^(1), …, Θ^(L-1)]``.
``unroll`` and ``roll`` convert between the two and are inverses.

Numbering: the notebooks number layers 1..L, so ``Θ^(1)`` maps layer 1 to
layer 2. In Python it is ``thetas[0]``.
"""

import numpy as np

from ._validate import as_count, as_float_array, as_generator, as_layer_sizes, as_order, as_scalar, as_thetas

__all__ = [
    "unroll",
    "roll",
    "rand_initialize_weights",
    "debug_initialize_weights",
    "theta_shapes",
    "matrices",
    "vector",
]


def theta_shapes(layer_sizes):
    """The shapes of ``Θ^(1), …, Θ^(L-1)`` for ``layer_sizes = [s_1, …, s_L]``.

    Returns
    -------
    list of tuple
        ``(s_{l+1}, s_l + 1)`` for each layer ``l = 1, …, L-1``: one row per
        unit of the next layer, one column per unit of this layer plus the
        bias column (column 0).
    """
    sizes = as_layer_sizes(layer_sizes)
    return [(s_next, s + 1) for s, s_next in zip(sizes[:-1], sizes[1:])]


def unroll(thetas, order="C"):
    """Concatenate every ``Θ^(l)`` into one parameter vector.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    order : {'C', 'F'}
        ``'C'`` (default) reads each matrix row by row, like numpy's
        ``ravel()``. ``'F'`` reads it column by column, like MATLAB's
        ``Theta1(:)``, so the result matches the articles' vectors element
        for element.

    Returns
    -------
    ndarray of shape (Σ_l s_{l+1} (s_l + 1),)

    Notes
    -----
    Enslin 104: ``grad = [Theta1_grad(:) ; Theta2_grad(:)];`` is
    ``unroll([Theta1_grad, Theta2_grad], order="F")``.

    See Also
    --------
    roll : the inverse.
    """
    order = as_order(order)
    thetas = as_thetas(thetas)
    return np.concatenate([t.ravel(order=order) for t in thetas])


def roll(vector, layer_sizes, order="C"):
    """Cut a parameter vector back into ``[Θ^(1), …, Θ^(L-1)]``.

    Parameters
    ----------
    vector : array_like of shape (Σ_l s_{l+1} (s_l + 1),)
    layer_sizes : list of int
        ``[s_1, …, s_L]``, the units of each layer without bias units.
    order : {'C', 'F'}
        The order ``vector`` was unrolled in (see ``unroll``).

    Returns
    -------
    list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``; new arrays, never
        views of ``vector``, so changing one does not change the other.

    Notes
    -----
    Ng's ``Theta1 = reshape(nn_params(1:hidden*(input+1)), hidden, input+1)``
    is ``roll(nn_params, [input, hidden, K], order="F")[0]``.
    """
    order = as_order(order)
    shapes = theta_shapes(layer_sizes)
    vector = as_float_array("vector", vector, ndim=1)
    sizes = [r * c for r, c in shapes]
    if vector.size != sum(sizes):
        detail = " + ".join(f"{r}×{c}" for r, c in shapes)
        raise ValueError(
            f"vector must have {sum(sizes)} entries for layer_sizes {list(layer_sizes)} ({detail}), got {vector.size}"
        )
    ends = np.cumsum(sizes)[:-1]
    return [p.reshape(s, order=order).copy() for p, s in zip(np.split(vector, ends), shapes)]


def matrices(theta, shapes, order="C"):
    """The weight matrices of ``shapes`` as *views* of the checked vector ``theta``: no copy, no check.

    The optimizers' inner loop uses this; ``roll`` is the checked version
    that returns copies.
    """
    out, start = [], 0
    for r, c in shapes:
        out.append(theta[start : start + r * c].reshape((r, c), order=order))
        start += r * c
    return out


def vector(thetas, order="C"):
    """``unroll`` without the checks, for matrices known to be float64 and well-shaped."""
    return np.concatenate([t.ravel(order=order) for t in thetas])


def rand_initialize_weights(layer_sizes, epsilon_init=0.12, rng=None):
    """Random weights, uniform in ``[-ε_init, ε_init]``, to break symmetry.

    Parameters
    ----------
    layer_sizes : list of int
        ``[s_1, …, s_L]``.
    epsilon_init : float
        Half-width of the interval, > 0. Ng's exercise uses 0.12.
    rng : numpy.random.Generator or int or None
        Where the randomness comes from; an int is a seed. Pass one to make
        the result reproducible.

    Returns
    -------
    list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.

    Notes
    -----
    Ng: ``W = rand(L_out, 1 + L_in) * 2 * epsilon_init - epsilon_init;``
    If every weight started equal, every hidden unit would compute the same
    function and receive the same gradient, forever (UFLDL's symmetry
    argument, shown happening in notebook 01).
    """
    eps = as_scalar("epsilon_init", epsilon_init, positive=True)
    shapes = theta_shapes(layer_sizes)
    rng = as_generator(rng)
    return [rng.uniform(-eps, eps, size=shape) for shape in shapes]


def debug_initialize_weights(fan_out, fan_in):
    """Deterministic weights from ``sin``, for gradient checks (Ng's exercise).

    Parameters
    ----------
    fan_out : int
        Units of the next layer, ``s_{l+1}``.
    fan_in : int
        Units of this layer, ``s_l`` (the bias column is added).

    Returns
    -------
    ndarray of shape (fan_out, 1 + fan_in)
        ``sin(1), sin(2), …`` filled in column by column, divided by 10.

    Notes
    -----
    Ng: ``W = reshape(sin(1:numel(W)), size(W)) / 10;``. MATLAB's
    ``reshape`` fills columns first, hence ``order="F"``; the values equal
    the MATLAB ones element for element.
    """
    fan_out = as_count("fan_out", fan_out)
    fan_in = as_count("fan_in", fan_in, minimum=0)
    shape = (fan_out, 1 + fan_in)
    return np.sin(np.arange(1, fan_out * (1 + fan_in) + 1)).reshape(shape, order="F") / 10
