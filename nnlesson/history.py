"""What a training run keeps: the cost after every iteration, the progress bar, and the result.

``nnlesson.train``'s optimizers call ``Recorder.record`` once per
iteration; it appends ``J`` to the learning curve (and the unpenalized
training and validation errors, when a validation set is given), moves the
tqdm bar and calls the user's callback. ``Recorder.result`` returns the
``TrainingResult``.
"""

import importlib
from dataclasses import dataclass

import numpy as np

from ._validate import describe
from .network import cost as cost_only
from .network import predict

__all__ = ["TrainingResult", "Recorder", "progress_bar"]


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
    layer_sizes, lam, method, cost, activation, output
        How it was trained: ``(s_1, …, s_L)``, ``λ``, ``"L-BFGS-B"``, ``"CG"`` or
        ``"gradient descent"``, and the names passed to ``nn_cost_function``.
    iterations, evaluations : int
        How many times the weights were updated, and how many times ``J``
        and its gradient were computed (a line search may evaluate several
        times per iteration).
    converged : bool
        Whether training stopped because the gradient (or the change in
        ``J``) became small, rather than at the iteration limit.
    message : str
        Why training stopped, in the optimizer's words.
    initial_thetas : list of ndarray
        The weights training started from.
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
    output: str = "sigmoid"

    def predict(self, X):
        """The label the trained network predicts for each row of ``X``: ndarray of int, shape (m,)."""
        return predict(self.thetas, X, activation=self.activation, output=self.output)

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
            f"TrainingResult(layer_sizes={list(self.layer_sizes)}, lam={self.lam:g}, method={self.method!r}, "
            f"iterations={self.iterations}, J: {self.history[0]:.4g} -> {self.history[-1]:.4g})"
        )


_BARS = {True: "tqdm.auto", "text": "tqdm.std", "bar": "tqdm.notebook"}  # auto: a widget in Jupyter, else text


def progress_bar(progress, title, total):
    """A tqdm progress bar, or None when ``progress`` is False."""
    if progress is None or progress is False:
        return None
    if not isinstance(progress, (bool, str)) or progress not in _BARS:
        error, got = (ValueError, repr(progress)) if isinstance(progress, str) else (TypeError, describe(progress))
        raise error(f"progress must be False, True, 'text' or 'bar', got {got}")
    return importlib.import_module(_BARS[progress]).tqdm(total=total, desc=title, unit="it")


class Recorder:
    """Collects ``J`` (and the unpenalized errors) after each iteration, and drives progress and callback."""

    def __init__(self, problem, validation, callback, bar):
        self.problem, self.validation, self.callback, self.bar = problem, validation, callback, bar
        self.unpenalized = None if validation is None else problem.with_lam(0.0)
        self.history, self.train_errors, self.validation_errors = [], [], []

    def record(self, thetas, J):
        k = len(self.history)
        self.history.append(float(J))
        if self.validation is not None:
            self.train_errors.append(cost_only(thetas, self.unpenalized))
            self.validation_errors.append(cost_only(thetas, self.validation))
        if k > 0:
            if self.bar is not None:
                self.bar.set_postfix_str(f"J = {J:.6f}", refresh=False)
                self.bar.update(1)
            if self.callback is not None:
                self.callback(k, float(J), [t.copy() for t in thetas])

    def close(self, converged):
        if self.bar is not None:
            if converged and self.bar.n < self.bar.total:
                self.bar.reset(total=self.bar.n)  # stopped early because it was done, not cut short
                self.bar.update(len(self.history) - 1)
            self.bar.close()

    def result(self, thetas, initial, method, evaluations, converged, message):
        p, with_validation = self.problem, self.validation is not None
        return TrainingResult(
            [t.copy() for t in thetas],
            np.array(self.history),
            tuple(p.layer_sizes),
            p.lam,
            method,
            len(self.history) - 1,
            evaluations,
            bool(converged),
            str(message),
            initial,
            p.cost,
            p.activation,
            np.array(self.train_errors) if with_validation else None,
            np.array(self.validation_errors) if with_validation else None,
            p.output,
        )
