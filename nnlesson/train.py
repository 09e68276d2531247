"""Training: an optimizer moves the weights downhill on the cost and gradient the network computes.

Derived in notebook 05 (putting it together, Enslin's part 105); notebook 06
trains a softmax output with ReLU hidden units. Two loops:

* ``train`` hands the unrolled cost and gradient to
  ``scipy.optimize.minimize(..., jac=True)``, as Ng's exercise hands
  ``costFunction`` to ``fmincg(costFunction, initial_nn_params, options)``.
  ``fmincg`` is a conjugate-gradient method (``method="CG"``); the default,
  L-BFGS-B, also estimates the curvature from its last few steps.
* ``gradient_descent`` is UFLDL's batch gradient descent: every iteration
  moves every weight a step ``α`` against its partial derivative.

Both check their arguments once (``nnlesson.problem.prepare``), call the
network's core on every step, and return a ``TrainingResult``: the trained
``thetas`` and the cost after every iteration (the learning curve).
"""

import numpy as np
import scipy.optimize
from threadpoolctl import threadpool_limits

from ._validate import as_count, as_generator, as_layer_sizes, as_scalar, as_thetas, describe
from .history import Recorder, TrainingResult, progress_bar
from .network import cost_and_gradients, unrolled_cost
from .params import matrices, rand_initialize_weights, theta_shapes, vector
from .problem import prepare

__all__ = ["train", "gradient_descent", "TrainingResult"]


def _check_columns(name, X, n):
    """Say in the caller's words when ``X`` has not ``layer_sizes[0]`` columns (``prepare`` checks the rest)."""
    try:
        shape = np.shape(X)
    except ValueError:  # a ragged list: prepare names it
        return
    if len(shape) == 2 and shape[1] != n:
        raise ValueError(f"{name} must have layer_sizes[0] = {n} columns, one per input unit, got shape {shape}")


def _start(
    layer_sizes,
    X,
    y,
    lam,
    cost,
    activation,
    output,
    initial_thetas,
    epsilon_init,
    rng,
    callback,
    validation,
    blas_threads,
):
    """The arguments both loops share, checked once: ``(thetas, problem, validation, blas_threads)``."""
    sizes = as_layer_sizes(layer_sizes)
    generator = as_generator(rng)
    _check_columns("X", X, sizes[0])
    if initial_thetas is None:
        thetas = rand_initialize_weights(sizes, epsilon_init=epsilon_init, rng=generator)
    else:
        thetas = [t.copy() for t in as_thetas(initial_thetas, name="initial_thetas")]
        shapes = [t.shape for t in thetas]
        if shapes != theta_shapes(sizes):
            raise ValueError(
                f"initial_thetas must have the shapes {theta_shapes(sizes)} of layer_sizes {sizes}, got {shapes}"
            )
    thetas, problem = prepare(thetas, X, y, lam, cost, activation, output)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable as callback(k, J, thetas) or None, got {describe(callback)}")
    blas_threads = None if blas_threads is None else as_count("blas_threads", blas_threads)
    return thetas, problem, _as_validation(validation, thetas, problem), blas_threads


def _as_validation(validation, thetas, problem):
    """The validation set as a ``Problem`` with ``λ = 0``, or None."""
    if validation is None:
        return None
    if isinstance(validation, (str, bytes, np.ndarray)) or not hasattr(validation, "__len__") or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, y_val), got {describe(validation)}")
    X_val, y_val = validation
    _check_columns("validation[0]", X_val, problem.layer_sizes[0])
    try:
        return prepare(thetas, X_val, y_val, 0.0, problem.cost, problem.activation, problem.output)[1]
    except (TypeError, ValueError) as err:
        name = "validation[0]" if str(err).startswith("X ") else "validation[1]"
        raise type(err)(f"{name}: {err}") from None


def train(
    layer_sizes,
    X,
    y,
    lam=1.0,
    method="L-BFGS-B",
    maxiter=100,
    rng=0,
    callback=None,
    progress=False,
    *,
    cost="cross_entropy",
    activation="sigmoid",
    output="sigmoid",
    initial_thetas=None,
    epsilon_init=0.12,
    validation=None,
    blas_threads=1,
):
    """Train a network by handing its unrolled cost and gradient to ``scipy.optimize.minimize``.

    Parameters
    ----------
    layer_sizes : list of int
        ``[s_1, …, s_L]``; ``s_1 = n`` and ``s_L = K``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
        Labels ``0..K-1``, or targets.
    lam : float
        ``λ >= 0``, the regularization strength of ``nn_cost_function``.
    method : {'L-BFGS-B', 'CG'}
        The optimizer. ``'CG'`` is a conjugate-gradient method like Ng's ``fmincg``.
    maxiter : int
        The most iterations (Ng's ``optimset('MaxIter', 50)``).
    rng : int, numpy.random.Generator or None
        Seeds ``rand_initialize_weights``: the same ``rng``, the same result.
    callback : callable, optional
        Called after every iteration as ``callback(k, J, thetas)`` with the
        iteration number ``k >= 1``, the cost and a copy of the weights.
    progress : bool or {'text', 'bar'}
        Show a progress bar with the iteration and ``J`` while training
        runs (tqdm). ``True``: a bar widget in Jupyter, a line of text in a
        terminal; ``'text'`` or ``'bar'`` choose one; ``False`` (default)
        shows nothing.
    cost : {'cross_entropy', 'half_squared_error'}
    activation : {'sigmoid', 'relu', 'tanh'}
        ``g`` of the hidden layers.
    output : {'sigmoid', 'softmax', 'identity'}
        The output layer (``nnlesson.costs`` lists which go with which cost).
    initial_thetas : list of ndarray, optional
        Start from these weights (not modified) instead of random ones
        drawn uniformly from ``[-epsilon_init, epsilon_init]``.
    epsilon_init : float
    validation : tuple (X_val, y_val), optional
        Also record the unpenalized cost on the training and on this set
        after every iteration (``TrainingResult.train_errors`` and
        ``validation_errors``).
    blas_threads : int or None
        Threads the matrix products may use while training (``None``: all).

    Returns
    -------
    TrainingResult
        ``result.thetas`` (``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``),
        ``result.history`` (``J`` after each iteration, ``history[0]`` the
        initial cost), and how training went.

    Notes
    -----
    The optimizer minimizes ``J(θ)`` over the unrolled ``θ = unroll(thetas)``, as
    notebook 05 does by hand: ``scipy.optimize.minimize(cost_function, unroll(initial_thetas),
    jac=True, method=method, options={"maxiter": maxiter})``. ``jac=True`` says that the
    function returns ``(J, grad)`` together, as Ng's ``nnCostFunction`` does for ``fmincg``.
    """
    thetas, problem, validation, blas_threads = _start(
        layer_sizes,
        X,
        y,
        lam,
        cost,
        activation,
        output,
        initial_thetas,
        epsilon_init,
        rng,
        callback,
        validation,
        blas_threads,
    )
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, 'L-BFGS-B' or 'CG', got {describe(method)}")
    if method not in ("L-BFGS-B", "CG"):
        raise ValueError(f"method must be one of ['CG', 'L-BFGS-B'], got {method!r}")
    maxiter = as_count("maxiter", maxiter)
    initial = [t.copy() for t in thetas]
    shapes = theta_shapes(problem.layer_sizes)
    J_and_grad = unrolled_cost(problem)
    evaluations = 0
    last = {}

    def fun(params):
        nonlocal evaluations
        evaluations += 1
        J, grad = J_and_grad(params)
        last["params"], last["J"] = params.copy(), J
        return J, grad

    def after_iteration(xk):
        # The optimizer passes the new point only; its cost was the last one
        # evaluated (the line search ends there), else compute it once more.
        J = last["J"] if np.array_equal(last["params"], xk) else J_and_grad(xk)[0]
        recorder.record(matrices(xk, shapes), J)

    recorder = Recorder(problem, validation, callback, progress_bar(progress, method, maxiter))
    converged = False
    try:
        with threadpool_limits(limits=blas_threads, user_api="blas"):  # None: no limit
            start = vector(thetas)
            recorder.record(thetas, fun(start)[0])
            res = scipy.optimize.minimize(
                fun, start, jac=True, method=method, options={"maxiter": maxiter}, callback=after_iteration
            )
        converged = res.success
    finally:
        recorder.close(converged)
    return recorder.result(matrices(res.x, shapes), initial, method, evaluations, converged, res.message)


def _diverged(J, grads, alpha, k):
    """The gradient's norm ``‖∂J/∂θ‖``, after checking that the step did not blow ``J`` up."""
    with np.errstate(all="ignore"):
        norm = np.sqrt(sum(float(np.vdot(g, g)) for g in grads))
    if np.isfinite(J) and np.isfinite(norm):
        return norm
    if k == 0:
        raise ValueError(
            f"the cost or its gradient is not finite at the initial weights (J = {J:g}): initial_thetas are too large"
        )
    raise ValueError(
        f"gradient descent diverged at iteration {k} (J = {J:g}, ‖∂J/∂θ‖ = {norm:g}): "
        f"alpha = {alpha:g} is too large, its steps overshoot the minimum; try a smaller alpha"
    )


def gradient_descent(
    layer_sizes,
    X,
    y,
    lam,
    alpha,
    num_iters,
    rng=0,
    callback=None,
    progress=False,
    *,
    cost="cross_entropy",
    activation="sigmoid",
    output="sigmoid",
    initial_thetas=None,
    epsilon_init=0.12,
    validation=None,
    gtol=1e-5,
    blas_threads=1,
):
    """UFLDL's batch gradient descent: ``num_iters`` steps of size ``α`` against the gradient.

    Parameters
    ----------
    layer_sizes : list of int
        ``[s_1, …, s_L]``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
    lam : float
        ``λ >= 0`` in the package's (Ng's) convention; UFLDL's weight decay
        is ``λ / m`` (see Notes).
    alpha : float
        ``α > 0``, the learning rate. Too large a step makes ``J`` grow
        (said in ``message``), or overflow (a ValueError naming ``alpha``).
    num_iters : int
        The most iterations.
    rng, callback, progress, cost, activation, output, initial_thetas, epsilon_init, validation, blas_threads
        As for ``train``.
    gtol : float
        Stop early once the gradient's norm ``‖∂J/∂θ‖`` falls below ``gtol``
        (``converged`` is then True); 0 never stops early.

    Returns
    -------
    TrainingResult
        With ``method="gradient descent"`` and ``evaluations = iterations + 1``.

    Notes
    -----
    Every iteration updates every weight matrix at once, from the gradient
    of the full batch of ``m`` examples:

    .. math:: \\Theta^{(l)} := \\Theta^{(l)} - \\alpha\\,\\frac{\\partial J}{\\partial \\Theta^{(l)}}
              = \\Theta^{(l)} - \\alpha\\Big[\\frac{1}{m}\\Delta^{(l)} + \\frac{\\lambda}{m}
              \\big[0 \\;\\; \\Theta^{(l)}_{:,\\,1:}\\big]\\Big]

    UFLDL writes it for ``Θ^(l) = [b^(l)  W^(l)]`` as ``W := W - α[(1/m) ΔW + λ_UFLDL W]``,
    ``b := b - α (1/m) Δb``: the same step when ``λ_UFLDL = λ / m`` (UFLDL's cost
    carries ``λ/2 ΣW²``, Ng's ``λ/(2m) ΣΘ²``). Derived in notebook 05.
    """
    thetas, problem, validation, blas_threads = _start(
        layer_sizes,
        X,
        y,
        lam,
        cost,
        activation,
        output,
        initial_thetas,
        epsilon_init,
        rng,
        callback,
        validation,
        blas_threads,
    )
    alpha = as_scalar("alpha", alpha, positive=True)
    num_iters = as_count("num_iters", num_iters)
    gtol = as_scalar("gtol", gtol, minimum=0)
    initial = [t.copy() for t in thetas]

    recorder = Recorder(problem, validation, callback, progress_bar(progress, "gradient descent", num_iters))
    increased_at = None
    converged = False
    try:
        with threadpool_limits(limits=blas_threads, user_api="blas"):  # None: no limit
            with np.errstate(all="ignore"):
                J, grads = cost_and_gradients(thetas, problem)
            _diverged(J, grads, alpha, 0)
            recorder.record(thetas, J)
            for k in range(1, num_iters + 1):
                J_previous = J
                with np.errstate(all="ignore"):  # an overflow is diagnosed just below
                    thetas = [theta - alpha * grad for theta, grad in zip(thetas, grads)]
                    J, grads = cost_and_gradients(thetas, problem)
                norm = _diverged(J, grads, alpha, k)
                recorder.record(thetas, J)
                if increased_at is None and J_previous < J:
                    increased_at = k
                if norm < gtol:
                    converged = True
                    break
    finally:
        recorder.close(converged)

    k = len(recorder.history) - 1
    message = (
        f"the gradient's norm fell below gtol = {gtol:g} after {k} iterations"
        if converged
        else f"reached num_iters = {num_iters}"
    )
    if increased_at is not None:
        message += f"; J increased at iteration {increased_at}: alpha = {alpha:g} may be too large"
    return recorder.result(thetas, initial, "gradient descent", k + 1, converged, message)
