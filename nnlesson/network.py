"""The network: forward propagation, backpropagation, the cost and its gradient.

Derived in notebooks 01 (forward pass), 02 (deltas) and 03 (cost and
gradient). Everything here is vectorized over the ``m`` examples, which are
the rows of ``X``; ``nnlesson.per_example`` holds the same computation
written one example at a time, as Khanafer's pseudo-code has it.

Numbering: the notebooks number layers ``1..L``. Python lists start at 0, so
``thetas[0]`` is ``Θ^(1)``, and the result objects below take the
notebooks' numbers: ``fp.a(1)`` is ``a^(1)``, ``d.delta(L)`` is ``δ^(L)``.

Bias handling: activations are stored *without* the column of ones.
``z^(l+1) = [1  a^(l)] Θ^(l)ᵀ`` is computed as ``a^(l) Θ^(l)[:, 1:]ᵀ +
Θ^(l)[:, 0]``, which is the same sum without building the ``[1 a]`` copy on
every call (that copy costs as much as a small matrix product). Ask for
``fp.a(l, bias=True)`` to see the articles' ``a1 = [ones(m,1) X]``.

Speed. The matrix products (``a Θᵀ`` forward, ``δ Θ`` backward, ``δᵀ a`` for
the gradients) are work the math cannot avoid; everything else is overhead.
On Ng's 400-25-10 network with m = 5000 the overhead used to cost more than
the products (about 2.5 times the products' time in all); profiling showed
where, and this is what was done about it:

* no copies: the bias enters as ``+ Θ[:, 0]`` and ``δᵀ 1`` instead of through
  a column of ones (above), and ``Θ[:, 1:]`` is a view, not a copy;
* no repeated exponentials, the expensive element-wise operation here:
  ``g'(z^(l))`` is computed from the stored ``a^(l)`` as ``a (1 - a)``
  (``activations.GRADIENTS_FROM_OUTPUT``) instead of calling the sigmoid
  twice more per entry, and the cross-entropy computes the ``log(1 +
  e^(-|z|))`` its two terms share once instead of twice (``nnlesson.costs``);
* deltas are multiplied by ``g'`` in place (``*=``) on the fresh array the
  product returned, instead of through one more temporary array;
* the check that ``X`` holds no NaN or inf reads it once with a BLAS
  matrix-vector product (``nnlesson._validate``), which uses every core
  BLAS may use, where ``X.sum()`` uses one.

Each of these gives the same float64 numbers, bit for bit, as the code
written straight from the formulas, so no printed digit in the notebooks
depends on them. What is left besides the products is what the formulas
require: one exponential per entry of every ``z`` (the sigmoid), one
logarithm per output entry (the cost), one pass over ``X`` (the check) and
a few cheap passes; ``benchmarks/RESULTS.md`` measures each against the
products alone (``make bench``).
"""

from dataclasses import dataclass

import numpy as np

from ._validate import as_inputs, as_scalar, as_thetas, choose
from .activations import ACTIVATIONS, GRADIENTS_FROM_OUTPUT, _sigmoid
from .costs import COSTS
from .labels import as_targets
from .params import roll, unroll

__all__ = [
    "ForwardPass",
    "BackwardPass",
    "forward_propagate",
    "backpropagate",
    "nn_cost_function",
    "nn_cost_function_unrolled",
    "predict",
]


@dataclass(frozen=True, repr=False)
class ForwardPass:
    """Every ``z^(l)`` and ``a^(l)`` of one forward pass.

    Attributes
    ----------
    activations : tuple of ndarray
        ``a^(1), …, a^(L)``; ``a^(l)`` has shape ``(m, s_l)``, no bias column.
        ``a^(1)`` is ``X``.
    zs : tuple of ndarray
        ``z^(2), …, z^(L)``; ``z^(l)`` has shape ``(m, s_l)``.
    """

    activations: tuple
    zs: tuple

    @property
    def L(self):
        """The number of layers."""
        return len(self.activations)

    @property
    def output(self):
        """``a^(L) = h_Θ(X)``, shape ``(m, K)``."""
        return self.activations[-1]

    def a(self, l, bias=False):
        """``a^(l)`` for ``l = 1..L``; with ``bias=True``, ``[1  a^(l)]``, shape ``(m, s_l + 1)``."""
        _check_layer("l", l, 1, self.L)
        a = self.activations[l - 1]
        if bias:
            return np.hstack([np.ones((a.shape[0], 1)), a])
        return a

    def z(self, l):
        """``z^(l)`` for ``l = 2..L``, shape ``(m, s_l)``."""
        _check_layer("l", l, 2, self.L)
        return self.zs[l - 2]

    def __repr__(self):
        parts = [f"a{l} {self.activations[l - 1].shape}" for l in (1,)]
        for l in range(2, self.L + 1):
            parts += [f"z{l} {self.zs[l - 2].shape}", f"a{l} {self.activations[l - 1].shape}"]
        return f"ForwardPass(L={self.L}: " + ", ".join(parts) + ")"


@dataclass(frozen=True, repr=False)
class BackwardPass:
    """The deltas of backpropagation, and the forward pass they came from.

    Attributes
    ----------
    forward : ForwardPass
    deltas : tuple of ndarray
        ``δ^(2), …, δ^(L)``; ``δ^(l)`` has shape ``(m, s_l)``, one row per
        example. Row ``i`` is ``∂J_i/∂z^(l)`` for the cost ``J_i`` of
        example ``i`` alone, so ``∂J/∂z^(l) = δ^(l) / m``.
    """

    forward: ForwardPass
    deltas: tuple

    @property
    def L(self):
        return self.forward.L

    def delta(self, l):
        """``δ^(l)`` for ``l = 2..L`` (the articles' ``s3``, ``s2``), shape ``(m, s_l)``."""
        _check_layer("l", l, 2, self.L)
        return self.deltas[l - 2]

    def __repr__(self):
        parts = [f"δ{l} {self.deltas[l - 2].shape}" for l in range(self.L, 1, -1)]
        return f"BackwardPass(L={self.L}: " + ", ".join(parts) + ")"


def _check_layer(name, l, low, high):
    if isinstance(l, bool) or not isinstance(l, (int, np.integer)):
        raise TypeError(f"{name} must be a layer number {low}..{high}, got {l!r}")
    if not low <= l <= high:
        raise ValueError(f"{name} must be a layer number {low}..{high} (layers count from 1), got {l}")


# --- the computation, on arguments already checked ---------------------------


def _forward(thetas, X, g):
    activations, zs = [X], []
    a = X
    last = len(thetas) - 1
    for l, theta in enumerate(thetas):
        z = a @ theta[:, 1:].T
        z += theta[:, 0]
        a = _sigmoid(z) if l == last else g.function(z)
        zs.append(z)
        activations.append(a)
    return ForwardPass(tuple(activations), tuple(zs))


# g'(z) from a = g(z) for the registered activations, keyed by their (g, g')
# entry; any other pair (one with a planted bug, say) keeps its own g'(z).
_FROM_OUTPUT = {ACTIVATIONS[name]: f for name, f in GRADIENTS_FROM_OUTPUT.items()}


def _g_prime(g, fp, l):
    """``g'(z^(l))``, from the stored ``a^(l)`` when ``g`` is registered (the sigmoid's ``a (1 - a)``)."""
    if g in _FROM_OUTPUT:
        return _FROM_OUTPUT[g](fp.a(l))
    return g.gradient(fp.z(l))


def _backward(thetas, fp, Y, cost, g):
    delta = cost.output_delta(fp.zs[-1], fp.activations[-1], Y)
    deltas = [delta]
    # δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l)) for l = L-1, …, 2. Using
    # Θ^(l)[:, 1:] drops the bias column before the product instead of after
    # it (Enslin's s2 = s2(:, 2:end)): the bias unit has no input to blame.
    # In Python's numbering thetas[i] is Θ^(i+1), so this is δ^(i+1).
    for i in range(len(thetas) - 1, 0, -1):
        delta = delta @ thetas[i][:, 1:]  # a new array, so *= below changes nothing else
        delta *= _g_prime(g, fp, i + 1)
        deltas.append(delta)
    return BackwardPass(fp, tuple(reversed(deltas)))


def _cost_and_gradients(thetas, X, Y, lam, cost, g):
    m = X.shape[0]
    fp = _forward(thetas, X, g)
    bp = _backward(thetas, fp, Y, cost, g)
    J = cost.value(fp.zs[-1], fp.activations[-1], Y) / m
    grads = []
    for theta, a, delta in zip(thetas, fp.activations, bp.deltas):
        weights = theta[:, 1:]
        J += lam / (2 * m) * float(np.vdot(weights, weights))
        grad = np.empty_like(theta)
        grad[:, 0] = delta.sum(axis=0) / m  # δᵀ 1: the bias unit's activation is 1
        grad[:, 1:] = delta.T @ a  # Enslin's delta_1 = s2'*a1, without the ones
        grad[:, 1:] /= m
        grad[:, 1:] += (lam / m) * weights  # Enslin's p1, bias column left at 0
        grads.append(grad)
    return J, grads


def _prepare(thetas, X, y, lam, cost, activation):
    thetas = as_thetas(thetas)
    X = as_inputs(X, thetas)
    Y = as_targets(y, thetas[-1].shape[0], X.shape[0])
    lam = as_scalar("lam", lam, minimum=0)
    cost_pair = choose("cost", cost, COSTS)
    if cost == "cross_entropy" and ((Y < 0) | (Y > 1)).any():
        raise ValueError("y as targets must lie in [0, 1] for the cross-entropy cost")
    return thetas, X, Y, lam, cost_pair, choose("activation", activation, ACTIVATIONS)


# --- the public functions ------------------------------------------------------


def forward_propagate(thetas, X, activation="sigmoid"):
    """Run ``X`` through the network and keep every ``z^(l)`` and ``a^(l)``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``: ``Θ^(l+1)``, bias
        weights in column 0.
    X : array_like of shape (m, n)
        One example per row; ``n = s_1``.
    activation : {'sigmoid', 'relu'}
        ``g`` of the hidden layers. The output layer is always a sigmoid.

    Returns
    -------
    ForwardPass
        ``fp.a(l)`` of shape ``(m, s_l)`` for ``l = 1..L`` and ``fp.z(l)``
        for ``l = 2..L``; ``fp.output`` is ``h_Θ(X) = a^(L)``, shape ``(m, K)``.

    Notes
    -----
    For ``l = 1, …, L-1``:

    .. math:: z^{(l+1)} = [1 \\;\\; a^{(l)}]\\, {\\Theta^{(l)}}^T, \\qquad a^{(l+1)} = g(z^{(l+1)})

    Enslin 102: ``a1 = [ones(m,1) X]; z2 = a1*Theta1'; a2 = [ones(m,1)
    sigmoid(z2)]; z3 = a2*Theta2'; a3 = sigmoid(z3);``. The bias is added as
    ``Θ[:, 0]`` instead of through a column of ones (module docstring).
    """
    thetas = as_thetas(thetas)
    X = as_inputs(X, thetas)
    return _forward(thetas, X, choose("activation", activation, ACTIVATIONS))


def backpropagate(thetas, X, y, cost="cross_entropy", activation="sigmoid"):
    """The deltas ``δ^(L), …, δ^(2)``: how the cost of each example changes with each ``z``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
        Integer labels ``0..K-1``, or targets.
    cost : {'cross_entropy', 'half_squared_error'}
    activation : {'sigmoid', 'relu'}
        ``g`` of the hidden layers.

    Returns
    -------
    BackwardPass
        ``bp.delta(l)`` of shape ``(m, s_l)`` for ``l = 2..L``, and
        ``bp.forward``, the forward pass it used.

    Notes
    -----
    Output layer: ``δ^(L) = a^(L) - y`` for cross-entropy (Enslin's
    ``s3 = a3 - yv``), ``δ^(L) = (a^(L) - y) ⊙ g'(z^(L))`` for the half
    squared error (UFLDL). Hidden layers, ``l = L-1, …, 2``:

    .. math:: \\delta^{(l)} = \\big(\\delta^{(l+1)}\\, \\Theta^{(l)}_{:,\\,1:}\\big) \\odot g'(z^{(l)})

    Enslin 103: ``s2 = (s3*Theta2).*sigmoidGradient([ones(size(z2,1),1) z2]);
    s2 = s2(:, 2:end);`` computes the bias column and throws it away; using
    ``Θ[:, 1:]`` skips it. The deltas are per example, not divided by ``m``.
    ``g'(z^(l))`` is evaluated from the stored ``a^(l) = g(z^(l))``, for the
    sigmoid as ``a^(l) ⊙ (1 - a^(l))`` (the same numbers, without computing
    the sigmoid again; see ``nnlesson.activations.GRADIENTS_FROM_OUTPUT``).
    """
    thetas, X, Y, _, cost_pair, g = _prepare(thetas, X, y, 0.0, cost, activation)
    return _backward(thetas, _forward(thetas, X, g), Y, cost_pair, g)


def nn_cost_function(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid"):
    """The regularized cost ``J(Θ)`` and its gradient with respect to every ``Θ^(l)``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
        Integer labels ``0..K-1`` (one-hot encoded here), or targets. With
        ``K = 1`` a 1-D ``y`` holds the 0/1 targets (logistic regression).
    lam : float
        ``λ >= 0``, the regularization strength.
    cost : {'cross_entropy', 'half_squared_error'}
        Ng/Enslin/Khanafer's cross-entropy, or UFLDL's ``½‖h - y‖²``.
    activation : {'sigmoid', 'relu'}
        ``g`` of the hidden layers (the output layer is a sigmoid).

    Returns
    -------
    J : float
    grads : list of ndarray
        ``grads[l] = ∂J/∂Θ^(l+1)``, the shape of ``thetas[l]``.

    Notes
    -----
    Cross-entropy (Khanafer's equation 1):

    .. math:: J = -\\frac{1}{m}\\sum_{i,k}\\big[y_k^{(i)}\\log a_k^{(L)(i)}
              + (1-y_k^{(i)})\\log(1-a_k^{(L)(i)})\\big]
              + \\frac{\\lambda}{2m}\\sum_l \\sum_{j,\\,i\\ge1}\\big(\\Theta^{(l)}_{ji}\\big)^2

    computed from ``z^(L)`` so that it stays finite when ``|z|`` is large
    (the literal ``log(a3)`` gives ``-inf``; see ``nnlesson.costs``). The
    half squared error replaces the bracket by ``½‖a^(L) - y‖²``; the penalty
    is the same ``λ/(2m)``, never on the bias column ``Θ[:, 0]``.

    Gradient (Enslin 104), with ``δ`` from ``backpropagate``:

    .. math:: \\frac{\\partial J}{\\partial\\Theta^{(l)}} = \\frac{1}{m}\\,
              {\\delta^{(l+1)}}^T [1 \\;\\; a^{(l)}] + \\frac{\\lambda}{m}
              [0 \\;\\; \\Theta^{(l)}_{:,\\,1:}]

    ``delta_1 = s2'*a1; p1 = (lambda/m)*[zeros(size(Theta1,1),1)
    Theta1(:,2:end)]; Theta1_grad = delta_1./m + p1;``

    For speed the column of ones is never built: the bias column of the
    gradient is ``δᵀ 1 / m``, a column sum (module docstring).
    """
    return _cost_and_gradients(*_prepare(thetas, X, y, lam, cost, activation))


def nn_cost_function_unrolled(nn_params, layer_sizes, X, y, lam=0.0, cost="cross_entropy",
                              activation="sigmoid", order="C"):
    """``nn_cost_function`` on one parameter vector, for optimizers: ``(J, grad)``.

    Parameters
    ----------
    nn_params : array_like of shape (Σ_l s_{l+1} (s_l + 1),)
        The unrolled ``Θ^(1), …, Θ^(L-1)`` (see ``nnlesson.unroll``).
    layer_sizes : list of int
        ``[s_1, …, s_L]``.
    X, y, lam, cost, activation
        As for ``nn_cost_function``.
    order : {'C', 'F'}
        How ``nn_params`` is unrolled; ``grad`` comes back the same way.

    Returns
    -------
    J : float
    grad : ndarray of the shape of ``nn_params``

    Notes
    -----
    Ng's ``nnCostFunction(nn_params, input_layer_size, hidden_layer_size,
    num_labels, X, y, lambda)`` with ``order="F"``; with ``jac=True`` it is
    what ``scipy.optimize.minimize`` expects.
    """
    thetas = roll(nn_params, layer_sizes, order=order)
    J, grads = nn_cost_function(thetas, X, y, lam=lam, cost=cost, activation=activation)
    return J, unroll(grads, order=order)


def predict(thetas, X, activation="sigmoid"):
    """The label the network predicts for each example.

    Parameters
    ----------
    thetas : list of ndarray
    X : array_like of shape (m, n)
    activation : {'sigmoid', 'relu'}

    Returns
    -------
    ndarray of int, shape (m,)
        ``argmax_k a^(L)_k`` in ``0..K-1`` (MATLAB's ``max(a3, [], 2)`` gives
        ``1..K``). With one output unit, 1 where ``a^(L) >= 0.5`` else 0.
    """
    fp = forward_propagate(thetas, X, activation=activation)
    if fp.output.shape[1] == 1:
        return (fp.zs[-1][:, 0] >= 0).astype(np.int64)
    return np.argmax(fp.zs[-1], axis=1)  # same as on a^(L), as g is increasing, but free of ties from saturation
