"""The network: forward propagation, backpropagation, the cost and its gradients.

Derived in notebooks 01 (forward pass), 02 (deltas) and 03 (cost and
gradient). This is the one place where a layer, a forward pass, a backward
pass and the cost are computed; every other module calls these functions.

Two layers of functions:
* the core, ``linear``, ``forward``, ``backward``, ``penalty``, ``cost`` and
  ``cost_and_gradients``: they take arrays already checked (a ``Problem``
  from ``nnlesson.problem.prepare``) and do only the arithmetic;
* the public calls, ``forward_propagate``, ``backpropagate``,
  ``nn_cost_function``, ``nn_cost_function_unrolled`` and ``predict``: they
  check their arguments once and call the core.

Everything is vectorized over the ``m`` examples, the rows of ``X``;
``nnlesson.per_example`` holds the same computation one example at a time,
as Khanafer's pseudo-code has it.

Numbering: ``thetas[0]`` is ``Θ^(1)``; the passes take the notebooks' layer numbers (``nnlesson.passes``).

Activations are stored *without* the bias unit's column of ones:
``z^(l+1) = [1  a^(l)] Θ^(l)ᵀ`` is computed as the same sum, ``a^(l)
Θ^(l)[:, 1:]ᵀ + Θ^(l)[:, 0]``. Ask for ``fp.a(l, bias=True)`` to see the
articles' ``a1 = [ones(m,1) X]``.
"""

import numpy as np

from ._validate import as_float_array, as_inputs, as_thetas, choose, describe
from .activations import ACTIVATIONS, OUTPUTS
from .params import matrices, roll, theta_shapes, unroll, vector
from .passes import BackwardPass, ForwardPass
from .problem import prepare

__all__ = [
    "ForwardPass",
    "BackwardPass",
    "linear",
    "forward",
    "hidden_gradient",
    "backward",
    "penalty",
    "cost",
    "cost_and_gradients",
    "unrolled_cost",
    "checked_cost_and_gradients",
    "forward_propagate",
    "backpropagate",
    "nn_cost_function",
    "nn_cost_function_unrolled",
    "predict",
]


# --- the core, on arguments already checked ------------------------------------------


def linear(a, theta):
    """The layer step ``z^(l+1) = [1  a^(l)] Θ^(l)ᵀ``, as ``a^(l) Θ^(l)[:, 1:]ᵀ + Θ^(l)[:, 0]``.

    Parameters
    ----------
    a : ndarray of shape (..., m, s_l)
        The activations of layer ``l``, without the bias unit.
    theta : ndarray of shape (..., s_{l+1}, s_l + 1)
        ``Θ^(l)``, bias weights in column 0. Leading axes of ``a`` or
        ``theta`` (a batch of perturbed networks, say) broadcast.

    Returns
    -------
    z : ndarray of shape (..., m, s_{l+1})
    """
    z = a @ np.swapaxes(theta[..., 1:], -1, -2)
    z += theta[..., None, :, 0]
    return z


def forward(thetas, X, hidden=ACTIVATIONS["sigmoid"], out=OUTPUTS["sigmoid"]):
    """Every ``z^(l)`` and ``a^(l)``: ``linear`` then ``g`` for each layer, ``out`` for the last.

    ``hidden`` is an ``Activation``, ``out`` an ``Output``
    (``nnlesson.activations``); the arrays are trusted to be checked.
    """
    activations, zs = [X], []
    a = X
    last = len(thetas) - 1
    for l, theta in enumerate(thetas):
        z = linear(a, theta)
        a = out.function(z) if l == last else hidden.function(z)
        zs.append(z)
        activations.append(a)
    return ForwardPass(tuple(activations), tuple(zs))


def hidden_gradient(hidden, fp, l):
    """``g'(z^(l))``, from the stored ``a^(l)`` when the activation can (the sigmoid's ``a (1 - a)``)."""
    if hidden.gradient_from_output is not None:
        return hidden.gradient_from_output(fp.a(l))
    return hidden.gradient(fp.z(l))


def backward(thetas, fp, Y, loss, hidden=ACTIVATIONS["sigmoid"]):
    """The deltas ``δ^(2), …, δ^(L)`` from a forward pass: ``δ^(L)`` from the loss, then back.

    ``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))`` for ``l = L-1, …, 2``.
    Using ``Θ^(l)[:, 1:]`` drops the bias column before the product instead
    of after it (Enslin's ``s2 = s2(:, 2:end)``): the bias unit has no input
    to pass a delta to.
    """
    delta = loss.output_delta(fp.zs[-1], fp.activations[-1], Y)
    deltas = [delta]
    for i in range(len(thetas) - 1, 0, -1):  # thetas[i] is Θ^(i+1); this is δ^(i+1)
        delta = delta @ thetas[i][:, 1:]  # a new array, so *= below changes nothing else
        delta *= hidden_gradient(hidden, fp, i + 1)
        deltas.append(delta)
    return BackwardPass(fp, tuple(reversed(deltas)))


def penalty(thetas, lam, m):
    """``λ/(2m) Σ_l Σ_{j, i>=1} (Θ^(l)_{ji})²``: every weight but the bias column."""
    total = 0.0
    for theta in thetas:
        w = theta[:, 1:]
        total += np.sum(w * w) if np.iscomplexobj(w) else float(np.vdot(w, w))
    return lam / (2 * m) * total


def cost(thetas, problem):
    """``J(Θ)`` alone: a forward pass, the loss and the penalty. Complex ``Θ`` is allowed (complex step)."""
    fp = forward(thetas, problem.X, problem.hidden, problem.out)
    return problem.loss.value(fp.zs[-1], fp.output, problem.Y) / problem.m + penalty(thetas, problem.lam, problem.m)


def cost_and_gradients(thetas, problem):
    """``(J, grads)`` for checked ``thetas`` and a ``Problem``; ``grads[l]`` has the shape of ``thetas[l]``.

    ``∂J/∂Θ^(l) = (1/m) δ^(l+1)ᵀ [1  a^(l)] + (λ/m) [0  Θ^(l)[:, 1:]]``: the
    bias column of the gradient is ``δᵀ 1 / m``, a column sum.
    """
    m, lam = problem.m, problem.lam
    fp = forward(thetas, problem.X, problem.hidden, problem.out)
    bp = backward(thetas, fp, problem.Y, problem.loss, problem.hidden)
    J = problem.loss.value(fp.zs[-1], fp.output, problem.Y) / m + penalty(thetas, lam, m)
    grads = []
    for theta, a, delta in zip(thetas, fp.activations, bp.deltas):
        grad = np.empty_like(theta)
        grad[:, 0] = delta.sum(axis=0) / m  # δᵀ 1: the bias unit's activation is 1
        grad[:, 1:] = delta.T @ a  # Enslin's delta_1 = s2'*a1, without the ones
        grad[:, 1:] /= m
        grad[:, 1:] += (lam / m) * theta[:, 1:]  # Enslin's p1, bias column left at 0
        grads.append(grad)
    return J, grads


def unrolled_cost(problem, order="C"):
    """``J(θ) -> (J, grad)`` on one parameter vector, for an optimizer: the problem is not checked again.

    Each call checks only the vector's shape; the weights are read as views
    of it (``nnlesson.params.matrices``). When ``J`` is not finite the
    weights are examined and the error says whether they hold NaN or inf.
    """
    shapes = theta_shapes(problem.layer_sizes)
    size = sum(r * c for r, c in shapes)

    def J(theta):
        theta = np.asarray(theta, dtype=np.float64)
        if theta.shape != (size,):
            raise ValueError(
                f"theta must have shape ({size},) for layer_sizes {list(problem.layer_sizes)}, got {describe(theta)}"
            )
        with np.errstate(all="ignore"):
            value, grads = cost_and_gradients(matrices(theta, shapes, order), problem)
        if not np.isfinite(value):
            as_float_array("theta", theta)  # names a NaN or inf among the weights
            raise ValueError(
                f"the cost is not finite at these weights (J = {value}): they have grown "
                f"too large (largest |θ| = {np.max(np.abs(theta)):.3g})"
            )
        return value, vector(grads, order)

    return J


def checked_cost_and_gradients(thetas, X, y, lam, cost, activation, output):
    """``cost_and_gradients`` behind the checks of a public call, with ``X`` and ``y`` scanned only if needed.

    Shapes and weights are checked first; ``X`` and ``y`` are scanned for
    NaN and inf only when ``J`` or a gradient is not finite, which any NaN
    or inf in them causes. The error names the argument and the entry.
    """
    thetas = as_thetas(thetas)
    thetas, problem = prepare(thetas, X, y, lam, cost, activation, output, scan=False)
    with np.errstate(all="ignore"):
        J, grads = cost_and_gradients(thetas, problem)
    if np.isfinite(J) and all(np.isfinite(g).all() for g in grads):
        return J, grads
    prepare(thetas, X, y, lam, cost, activation, output)  # names the NaN or inf, if the inputs hold one
    raise ValueError(
        f"the cost or its gradient is not finite (J = {J}) although every input is: "
        "z = [1 a] Θᵀ overflowed; the weights or inputs are too large"
    )


# --- the public functions ------------------------------------------------------


def forward_propagate(thetas, X, activation="sigmoid", output="sigmoid"):
    """Run ``X`` through the network and keep every ``z^(l)`` and ``a^(l)``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``: ``Θ^(l+1)``, bias
        weights in column 0.
    X : array_like of shape (m, n)
        One example per row; ``n = s_1``.
    activation : {'sigmoid', 'relu', 'tanh'}
        ``g`` of the hidden layers.
    output : {'sigmoid', 'softmax', 'identity'}
        The output layer; the articles' is a sigmoid.

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
    sigmoid(z2)]; z3 = a2*Theta2'; a3 = sigmoid(z3);``. The last layer
    applies ``output`` instead of ``g``.
    """
    thetas = as_thetas(thetas)
    X = as_inputs(X, thetas)
    hidden, out = choose("activation", activation, ACTIVATIONS), choose("output", output, OUTPUTS)
    if output == "softmax" and thetas[-1].shape[0] < 2:
        raise ValueError(f"output='softmax' needs at least 2 output units, got thetas[-1] of shape {thetas[-1].shape}")
    return forward(thetas, X, hidden, out)


def backpropagate(thetas, X, y, cost="cross_entropy", activation="sigmoid", output="sigmoid"):
    """The deltas ``δ^(L), …, δ^(2)``: how the cost of each example changes with each ``z``.

    Parameters
    ----------
    thetas : list of ndarray
        ``thetas[l]`` of shape ``(s[l+1], s[l] + 1)``.
    X : array_like of shape (m, n)
    y : array_like of shape (m,) or (m, K)
        Integer labels ``0..K-1``, or targets.
    cost : {'cross_entropy', 'half_squared_error'}
    activation : {'sigmoid', 'relu', 'tanh'}
        ``g`` of the hidden layers.
    output : {'sigmoid', 'softmax', 'identity'}
        The output layer (``nnlesson.costs`` lists which go with which cost).

    Returns
    -------
    BackwardPass
        ``bp.delta(l)`` of shape ``(m, s_l)`` for ``l = 2..L``, and
        ``bp.forward``, the forward pass it used.

    Notes
    -----
    Output layer: ``δ^(L) = a^(L) - y`` for cross-entropy (Enslin's
    ``s3 = a3 - yv``), ``δ^(L) = (a^(L) - y) ⊙ g'(z^(L))`` for the half
    squared error (UFLDL); ``nnlesson.costs.output_delta`` has every pair.
    Hidden layers, ``l = L-1, …, 2``:

    .. math:: \\delta^{(l)} = \\big(\\delta^{(l+1)}\\, \\Theta^{(l)}_{:,\\,1:}\\big) \\odot g'(z^{(l)})

    Enslin 103: ``s2 = (s3*Theta2).*sigmoidGradient([ones(size(z2,1),1) z2]);
    s2 = s2(:, 2:end);`` computes the bias column and throws it away; using
    ``Θ[:, 1:]`` skips it. The deltas are per example, not divided by ``m``.
    ``g'(z^(l))`` comes from the stored ``a^(l)``: ``a (1 - a)`` for the sigmoid.
    """
    thetas, p = prepare(thetas, X, y, 0.0, cost, activation, output)
    return backward(thetas, forward(thetas, p.X, p.hidden, p.out), p.Y, p.loss, p.hidden)


def nn_cost_function(thetas, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", output="sigmoid"):
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
    activation : {'sigmoid', 'relu', 'tanh'}
        ``g`` of the hidden layers.
    output : {'sigmoid', 'softmax', 'identity'}
        The output layer. With ``'softmax'`` the cross-entropy is
        ``-Σ_k y_k log a_k`` per example; ``'identity'`` goes with the
        squared error only.

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

    The column of ones is never built: the bias column of the gradient is
    ``δᵀ 1 / m``, a column sum.
    """
    return checked_cost_and_gradients(thetas, X, y, lam, cost, activation, output)


def nn_cost_function_unrolled(
    nn_params, layer_sizes, X, y, lam=0.0, cost="cross_entropy", activation="sigmoid", order="C", output="sigmoid"
):
    """``nn_cost_function`` on one parameter vector, for optimizers: ``(J, grad)``.

    Parameters
    ----------
    nn_params : array_like of shape (Σ_l s_{l+1} (s_l + 1),)
        The unrolled ``Θ^(1), …, Θ^(L-1)`` (see ``nnlesson.unroll``).
    layer_sizes : list of int
        ``[s_1, …, s_L]``.
    X, y, lam, cost, activation, output
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
    what ``scipy.optimize.minimize`` expects. An optimizer that calls it
    many times on the same data can check the data once instead:
    ``unrolled_cost(prepare(...)[1], order)``.
    """
    thetas = roll(nn_params, layer_sizes, order=order)
    J, grads = checked_cost_and_gradients(thetas, X, y, lam, cost, activation, output)
    return J, unroll(grads, order=order)


def predict(thetas, X, activation="sigmoid", output="sigmoid"):
    """What the network predicts for each example: a class label, or the output values.

    Parameters
    ----------
    thetas : list of ndarray
    X : array_like of shape (m, n)
    activation : {'sigmoid', 'relu', 'tanh'}
    output : {'sigmoid', 'softmax', 'identity'}

    Returns
    -------
    ndarray of int, shape (m,), for a sigmoid or softmax output
        ``argmax_k a^(L)_k`` in ``0..K-1`` (MATLAB's ``max(a3, [], 2)`` gives
        ``1..K``). With one sigmoid output unit, 1 where ``a^(L) >= 0.5`` else 0.
    ndarray of float, shape (m, K), for an identity output
        The outputs ``a^(L) = z^(L)`` themselves (a regression).
    """
    fp = forward_propagate(thetas, X, activation=activation, output=output)
    z = fp.zs[-1]
    if output == "identity":
        return z.copy()
    if z.shape[1] == 1:
        return (z[:, 0] >= 0).astype(np.int64)
    return np.argmax(z, axis=1)  # same as on a^(L), as the output is increasing in z_k, but free of ties
