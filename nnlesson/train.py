"""Training: the unrolled cost and gradient handed to an optimizer.

Derived in notebook 05 (putting it together, the part Enslin's series
numbers 105). Everything before it computes ``J(Θ)`` and ``∂J/∂Θ`` for
given weights; training is the loop that keeps changing the weights so
that ``J`` goes down. Two loops are here:

* ``train`` hands ``nnlesson.nn_cost_function_unrolled`` to
  ``scipy.optimize.minimize(..., jac=True)``. This is what Ng's exercise
  does with its own optimizer::

      options = optimset('MaxIter', 50);
      costFunction = @(p) nnCostFunction(p, input_layer_size, ...
                                         hidden_layer_size, num_labels, X, y, lambda);
      [nn_params, cost] = fmincg(costFunction, initial_nn_params, options);

  ``fmincg`` is a conjugate-gradient method (``method="CG"``); the default
  here is L-BFGS-B, a quasi-Newton method that builds a picture of the
  curvature from its last few steps and so usually needs fewer cost
  evaluations. Either way the optimizer sees one parameter vector and
  gets ``(J, grad)`` back, which is why the gradients are unrolled.
* ``gradient_descent`` is UFLDL's batch gradient descent, written out: every
  iteration moves every weight a step ``α`` against its partial derivative.

Both return a ``TrainingResult``: the trained ``thetas`` and the cost
after every iteration (the learning curve).
"""

import contextlib
import sys
from dataclasses import dataclass

import numpy as np
import scipy.optimize

from ._validate import as_count, as_float_array, as_generator, as_layer_sizes, as_scalar, as_thetas, choose, describe
from .network import nn_cost_function, nn_cost_function_unrolled, predict
from .params import rand_initialize_weights, roll, theta_shapes, unroll

__all__ = ["train", "gradient_descent", "TrainingResult", "METHODS"]

METHODS = {
    "L-BFGS-B": "L-BFGS-B",
    "CG": "CG",
}
"""The ``scipy.optimize.minimize`` methods ``train`` accepts.

Both use the gradient, need no Hessian and keep only a few vectors of the
size of ``θ``. (Plain ``BFGS`` keeps a dense ``n × n`` matrix for the
``n`` weights, which makes it far slower on the digits.)"""


@dataclass(frozen=True, repr=False)
class TrainingResult:
    """What training produced, and how it got there.

    Attributes
    ----------
    thetas : list of ndarray
        The trained weights, ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    history : ndarray of shape (iterations + 1,)
        ``history[k]`` is the cost ``J(Θ)``, penalty included, after ``k``
        iterations; ``history[0]`` is the cost of the initial weights.
        Plotted against ``k`` it is the learning curve.
    layer_sizes : tuple of int
        ``(s_1, …, s_L)``.
    lam : float
        The ``λ`` trained with.
    method : str
        ``"L-BFGS-B"``, ``"CG"`` or ``"gradient descent"``.
    iterations : int
        How many times the weights were updated.
    evaluations : int
        How many times ``J`` and its gradient were computed (a line search
        may evaluate several times per iteration).
    converged : bool
        Whether training stopped because the gradient (or the change in
        ``J``) became small, rather than at the iteration limit.
    message : str
        Why training stopped, in the optimizer's words.
    initial_thetas : list of ndarray
        The weights training started from.
    cost, activation : str
        As passed to ``nn_cost_function``.
    train_errors, validation_errors : ndarray of shape (iterations + 1,) or None
        With ``validation=(X_val, y_val)``: the cost *without* the penalty
        (``λ = 0``) on the training set and on the validation set after
        every iteration (Ng's ``error_train`` and ``error_val``). ``None``
        without ``validation``.
    """

    thetas: list
    history: np.ndarray
    layer_sizes: tuple
    lam: float
    method: str
    iterations: int
    evaluations: int
    converged: bool
    message: str
    initial_thetas: list
    cost: str = "cross_entropy"
    activation: str = "sigmoid"
    train_errors: np.ndarray = None
    validation_errors: np.ndarray = None

    def predict(self, X):
        """The label the trained network predicts for each row of ``X``: ndarray of int, shape (m,)."""
        return predict(self.thetas, X, activation=self.activation)

    def accuracy(self, X, y):
        """The fraction of the rows of ``X`` whose predicted label equals ``y``, in ``[0, 1]``.

        Parameters
        ----------
        X : array_like of shape (m, n)
        y : array_like of int, shape (m,)
            Labels in ``0..K-1``.
        """
        predicted = self.predict(X)
        y = np.asarray(y)
        if y.shape != predicted.shape:
            raise ValueError(f"y must have shape {predicted.shape}, one label per row of X, got {describe(y)}")
        return float(np.mean(predicted == y))

    def __repr__(self):
        return (
            f"TrainingResult(layer_sizes={list(self.layer_sizes)}, lam={self.lam:g}, "
            f"method={self.method!r}, iterations={self.iterations}, "
            f"J: {self.history[0]:.4g} -> {self.history[-1]:.4g})"
        )


# --- progress ------------------------------------------------------------------


_PROGRESS = {False: "off", None: "off", True: "auto", "text": "text", "bar": "bar"}


def _in_jupyter():
    """True when running in a Jupyter kernel (where a widget can be displayed)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class _Progress:
    """Shows ``iteration k/total  J = …`` while training runs, and nothing when off.

    ``"bar"``: an ipywidgets progress bar with a label (Jupyter); ``"text"``:
    one line on stderr rewritten in place with ``\\r`` (terminals). ``True``
    picks the bar inside Jupyter and the text line elsewhere. The bar is
    refreshed about 50 times per run, the text line every iteration.
    """

    def __init__(self, mode, title, total):
        if not isinstance(mode, (bool, str)) and mode is not None:
            raise TypeError(f"progress must be False, True, 'text' or 'bar', got {describe(mode)}")
        if mode not in _PROGRESS:
            raise ValueError(f"progress must be False, True, 'text' or 'bar', got {mode!r}")
        mode = _PROGRESS[mode]
        if mode == "auto":
            mode = "bar" if _in_jupyter() else "text"
        self.mode, self.title, self.total = mode, title, total
        self.every = max(1, total // 50)
        if mode == "bar":
            import ipywidgets
            from IPython.display import display

            self.bar = ipywidgets.IntProgress(value=0, min=0, max=total, description=title)
            self.label = ipywidgets.HTML()
            display(ipywidgets.HBox([self.bar, self.label]))

    def _line(self, k, J):
        return f"iteration {k:>{len(str(self.total))}}/{self.total}  J = {J:.6f}"

    def update(self, k, J):
        if self.mode == "text":
            sys.stderr.write(f"\r{self.title}: {self._line(k, J)}")
            sys.stderr.flush()
        elif self.mode == "bar" and (k % self.every == 0 or k == self.total):
            self.bar.value = k
            self.label.value = self._line(k, J)

    def close(self, k, J, converged):
        if self.mode == "text":
            sys.stderr.write(f"\r{self.title}: {self._line(k, J)}  done\n")
            sys.stderr.flush()
        elif self.mode == "bar":
            self.bar.value = self.total if converged else k
            self.bar.bar_style = "success"
            self.label.value = self._line(k, J) + ("  (converged)" if converged else "")


# --- shared set-up -------------------------------------------------------------


def _start(layer_sizes, X, y, initial_thetas, epsilon_init, rng):
    sizes = as_layer_sizes(layer_sizes)
    X = as_float_array("X", X, ndim=2)
    if X.shape[1] != sizes[0]:
        raise ValueError(
            f"X must have layer_sizes[0] = {sizes[0]} columns, one per input unit, got shape {X.shape}"
        )
    if initial_thetas is None:
        thetas = rand_initialize_weights(sizes, epsilon_init=epsilon_init, rng=as_generator(rng))
    else:
        thetas = as_thetas(initial_thetas, name="initial_thetas")
        shapes = [t.shape for t in thetas]
        if shapes != theta_shapes(sizes):
            raise ValueError(
                f"initial_thetas must have the shapes {theta_shapes(sizes)} of layer_sizes {sizes}, got {shapes}"
            )
        thetas = [t.copy() for t in thetas]
    return sizes, X, np.asarray(y), thetas


def _as_validation(validation, sizes):
    if validation is None:
        return None
    if isinstance(validation, (str, bytes, np.ndarray)) or not hasattr(validation, "__len__") or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, y_val), got {describe(validation)}")
    X_val = as_float_array("validation[0]", validation[0], ndim=2)
    if X_val.shape[1] != sizes[0]:
        raise ValueError(
            f"validation[0] must have layer_sizes[0] = {sizes[0]} columns, got shape {X_val.shape}"
        )
    return X_val, np.asarray(validation[1])


class _Recorder:
    """Collects ``J`` (and the unpenalized errors) after each iteration, and drives progress and callback."""

    def __init__(self, sizes, X, y, validation, cost, activation, callback, progress):
        self.sizes, self.X, self.y, self.validation = sizes, X, y, validation
        self.cost, self.activation, self.callback, self.progress = cost, activation, callback, progress
        self.history, self.train_errors, self.validation_errors = [], [], []

    def record(self, thetas, J):
        k = len(self.history)
        self.history.append(float(J))
        if self.validation is not None:
            self.train_errors.append(self._error(thetas, self.X, self.y, "y"))
            self.validation_errors.append(self._error(thetas, *self.validation, "validation[1]"))
        if k > 0:
            self.progress.update(k, J)
            if self.callback is not None:
                self.callback(k, float(J), [t.copy() for t in thetas])

    def _error(self, thetas, X, y, name):
        try:
            return nn_cost_function(thetas, X, y, lam=0.0, cost=self.cost, activation=self.activation)[0]
        except (TypeError, ValueError) as err:
            raise type(err)(f"{name}: {err}") from None

    def result(self, thetas, initial, lam, method, evaluations, converged, message):
        self.progress.close(len(self.history) - 1, self.history[-1], converged)
        with_validation = self.validation is not None
        return TrainingResult(
            thetas=thetas,
            history=np.array(self.history),
            layer_sizes=tuple(self.sizes),
            lam=lam,
            method=method,
            iterations=len(self.history) - 1,
            evaluations=evaluations,
            converged=bool(converged),
            message=str(message),
            initial_thetas=initial,
            cost=self.cost,
            activation=self.activation,
            train_errors=np.array(self.train_errors) if with_validation else None,
            validation_errors=np.array(self.validation_errors) if with_validation else None,
        )


def _blas_threads(threads):
    """Limit the BLAS library to ``threads`` threads while training runs (``None``: leave it alone).

    The matrices of the lesson's networks are small (``1347 × 64`` times
    ``64 × 25`` for the digits): splitting each product over several
    threads costs more than it saves, and on a busy machine the threads wait
    for each other. One thread trained the digits network 20× faster than
    two on a loaded 2-core machine. The limit is lifted when training ends.
    threadpoolctl comes with scikit-learn; without it nothing is limited.
    """
    if threads is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=threads, user_api="blas")


def _check_callback(callback):
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable as callback(k, J, thetas) or None, got {describe(callback)}")


# --- the two loops -------------------------------------------------------------


def train(layer_sizes, X, y, lam=1.0, method="L-BFGS-B", maxiter=100, rng=0, callback=None, progress=False,
          *, cost="cross_entropy", activation="sigmoid", initial_thetas=None, epsilon_init=0.12,
          validation=None, blas_threads=1):
    """Train a network by handing its unrolled cost and gradient to ``scipy.optimize.minimize``.

    Parameters
    ----------
    layer_sizes : list of int
        ``[s_1, …, s_L]``; ``s_1 = n`` and ``s_L = K``.
    X : array_like of shape (m, n)
        The training examples, one per row.
    y : array_like of shape (m,) or (m, K)
        Labels ``0..K-1``, or targets.
    lam : float
        ``λ >= 0``, the regularization strength of ``nn_cost_function``.
    method : {'L-BFGS-B', 'CG'}
        The optimizer. ``'CG'`` is a conjugate-gradient method like Ng's ``fmincg``.
    maxiter : int
        The most iterations (Ng's ``optimset('MaxIter', 50)``).
    rng : int, numpy.random.Generator or None
        Seeds ``rand_initialize_weights``: the same ``rng`` gives the same
        result.
    callback : callable, optional
        Called after every iteration as ``callback(k, J, thetas)`` with the
        iteration number ``k >= 1``, the cost and a copy of the weights.
    progress : bool or {'text', 'bar'}
        Show ``iteration k/maxiter  J = …`` while training runs. ``False``
        (default) shows nothing. ``'bar'`` displays an ipywidgets progress
        bar (Jupyter), ``'text'`` rewrites one line on stderr (terminals);
        ``True`` picks the bar in Jupyter and the line elsewhere.
    cost : {'cross_entropy', 'half_squared_error'}
    activation : {'sigmoid', 'relu'}
    initial_thetas : list of ndarray, optional
        Start from these weights (not modified) instead of random ones.
    epsilon_init : float
        ``ε_init`` of the random initial weights.
    validation : tuple (X_val, y_val), optional
        Also record the unpenalized cost on the training and on this set
        after every iteration (``TrainingResult.train_errors`` and
        ``validation_errors``). Costs two forward passes per iteration.
    blas_threads : int or None
        Threads the matrix products may use while training (1: the
        lesson's small networks train fastest on one); ``None`` leaves the
        BLAS library's setting alone. Restored when training ends.

    Returns
    -------
    TrainingResult
        ``result.thetas`` (``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``),
        ``result.history`` (``J`` after each iteration, ``history[0]`` the
        initial cost), and how training went.

    Notes
    -----
    The optimizer minimizes ``J(θ)`` over the unrolled vector ``θ =
    unroll(thetas)``, calling

    .. code-block:: python

        scipy.optimize.minimize(nn_cost_function_unrolled, unroll(initial_thetas),
                                args=(layer_sizes, X, y, lam, cost, activation),
                                jac=True, method=method, options={"maxiter": maxiter})

    ``jac=True`` says that the function returns ``(J, grad)`` together, as
    Ng's ``nnCostFunction`` does for ``fmincg``: forward and backward pass
    share their work. Derived in notebook 05.
    """
    sizes, X, y, thetas = _start(layer_sizes, X, y, initial_thetas, epsilon_init, rng)
    lam = as_scalar("lam", lam, minimum=0)
    method = choose("method", method, METHODS)
    maxiter = as_count("maxiter", maxiter)
    blas_threads = None if blas_threads is None else as_count("blas_threads", blas_threads)
    _check_callback(callback)
    validation = _as_validation(validation, sizes)
    initial = [t.copy() for t in thetas]

    args = (sizes, X, y, lam, cost, activation)
    J0, _ = nn_cost_function_unrolled(unroll(thetas), *args)  # checks y, lam, cost, activation
    recorder = _Recorder(sizes, X, y, validation, cost, activation, callback,
                         _Progress(progress, method, maxiter))
    recorder.record(thetas, J0)

    evaluations = 1  # J0 above
    last = {}

    def fun(params):
        nonlocal evaluations
        evaluations += 1
        J, grad = nn_cost_function_unrolled(params, *args)
        last["params"], last["J"] = params.copy(), J
        return J, grad

    def after_iteration(xk):
        # The optimizer passes the new point only; its cost was the last one
        # evaluated (the line search ends there), else compute it once more.
        J = last["J"] if np.array_equal(last.get("params"), xk) else nn_cost_function_unrolled(xk, *args)[0]
        recorder.record(roll(xk, sizes), J)

    with _blas_threads(blas_threads):
        res = scipy.optimize.minimize(fun, unroll(thetas), jac=True, method=method,
                                      options={"maxiter": maxiter}, callback=after_iteration)
    return recorder.result(roll(res.x, sizes), initial, lam, method, evaluations, res.success, res.message)


def gradient_descent(layer_sizes, X, y, lam, alpha, num_iters, rng=0, callback=None, progress=False,
                     *, cost="cross_entropy", activation="sigmoid", initial_thetas=None, epsilon_init=0.12,
                     validation=None, gtol=1e-5, blas_threads=1):
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
        ``α > 0``, the learning rate.
    num_iters : int
        The most iterations.
    rng, callback, progress, cost, activation, initial_thetas, epsilon_init, validation, blas_threads
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

    UFLDL writes the same step with ``Θ^(l) = [b^(l)  W^(l)]`` and its own
    weight decay ``λ_UFLDL``:

    .. math:: W^{(l)} := W^{(l)} - \\alpha\\Big[\\frac{1}{m}\\Delta W^{(l)} + \\lambda_{UFLDL} W^{(l)}\\Big],
              \\qquad b^{(l)} := b^{(l)} - \\alpha\\,\\frac{1}{m}\\Delta b^{(l)}

    ``ΔW^(l)`` is ``Δ^(l)`` without its bias column, ``Δb^(l)`` is that
    column, and the two steps are equal when ``λ_UFLDL = λ / m``: UFLDL's
    cost carries ``λ/2 ΣW²``, Ng's ``λ/(2m) ΣΘ²``. The bias is never
    decayed in either. Derived in notebook 05.
    """
    sizes, X, y, thetas = _start(layer_sizes, X, y, initial_thetas, epsilon_init, rng)
    lam = as_scalar("lam", lam, minimum=0)
    alpha = as_scalar("alpha", alpha, positive=True)
    num_iters = as_count("num_iters", num_iters)
    gtol = as_scalar("gtol", gtol, minimum=0)
    blas_threads = None if blas_threads is None else as_count("blas_threads", blas_threads)
    _check_callback(callback)
    validation = _as_validation(validation, sizes)
    initial = [t.copy() for t in thetas]

    J, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost, activation=activation)
    recorder = _Recorder(sizes, X, y, validation, cost, activation, callback,
                         _Progress(progress, "gradient descent", num_iters))
    recorder.record(thetas, J)
    increased_at = None
    converged = False
    with _blas_threads(blas_threads):
        for k in range(1, num_iters + 1):
            thetas = [theta - alpha * grad for theta, grad in zip(thetas, grads)]
            J_previous = J
            J, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost, activation=activation)
            recorder.record(thetas, J)
            if increased_at is None and J > J_previous:
                increased_at = k
            if np.sqrt(sum(float(np.vdot(g, g)) for g in grads)) < gtol:
                converged = True
                break

    k = len(recorder.history) - 1
    if converged:
        message = f"the gradient's norm fell below gtol = {gtol:g} after {k} iterations"
    else:
        message = f"reached num_iters = {num_iters}"
    if increased_at is not None:
        message += f"; J increased at iteration {increased_at}: alpha = {alpha:g} may be too large"
    return recorder.result(thetas, initial, lam, "gradient descent", k + 1, converged, message)
