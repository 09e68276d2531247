"""A few-line reverse-mode automatic differentiation, to judge the package's backpropagation.

Nothing here comes from nnlesson: each operation records its inputs and
how to pass a gradient back to them (its vector-Jacobian product), and
``grad`` walks the recorded graph backwards once. The network below is
built from these operations the way the articles write it, with the column
of ones, the literal logarithms and the literal softmax, so that it agrees
with the package only if both are right.
"""

import numpy as np


class Var:
    """An array in the recorded graph: its value, and where it came from."""

    def __init__(self, value, parents=()):
        self.value = np.asarray(value, dtype=np.float64)
        self.parents = parents  # pairs (input Var, function from our gradient to the input's share)
        self.grad = np.zeros_like(self.value)

    def __add__(self, other):
        other = other if isinstance(other, Var) else Var(other)
        return Var(
            self.value + other.value,
            [
                (self, lambda g: _unbroadcast(g, self.value.shape)),
                (other, lambda g: _unbroadcast(g, other.value.shape)),
            ],
        )

    __radd__ = __add__

    def __sub__(self, other):
        other = other if isinstance(other, Var) else Var(other)
        return self + other * -1.0

    def __rsub__(self, other):
        return Var(other) - self

    def __mul__(self, other):
        other = other if isinstance(other, Var) else Var(other)
        return Var(
            self.value * other.value,
            [
                (self, lambda g: _unbroadcast(g * other.value, self.value.shape)),
                (other, lambda g: _unbroadcast(g * self.value, other.value.shape)),
            ],
        )

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = other if isinstance(other, Var) else Var(other)
        return self * reciprocal(other)

    def __rtruediv__(self, other):
        return Var(other) * reciprocal(self)

    def __matmul__(self, other):
        return Var(self.value @ other.value, [(self, lambda g: g @ other.value.T), (other, lambda g: self.value.T @ g)])

    @property
    def T(self):
        return Var(self.value.T, [(self, lambda g: g.T)])


def _unbroadcast(g, shape):
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def reciprocal(x):
    return Var(1.0 / x.value, [(x, lambda g: -g / x.value**2)])


def exp(x):
    e = np.exp(x.value)
    return Var(e, [(x, lambda g: g * e)])


def log(x):
    return Var(np.log(x.value), [(x, lambda g: g / x.value)])


def tanh(x):
    t = np.tanh(x.value)
    return Var(t, [(x, lambda g: g * (1.0 - t**2))])


def total(x, axis=None):
    return Var(
        np.sum(x.value, axis=axis, keepdims=axis is not None), [(x, lambda g: np.broadcast_to(g, x.value.shape).copy())]
    )


def with_ones(a):
    """``[1 a]``: the bias unit's column of ones in front."""
    m = a.value.shape[0]
    return Var(np.hstack([np.ones((m, 1)), a.value]), [(a, lambda g: g[:, 1:])])


def columns_after_first(t):
    """``Θ[:, 1:]``."""
    return Var(t.value[:, 1:], [(t, lambda g: np.hstack([np.zeros((g.shape[0], 1)), g]))])


def grad(out, inputs):
    """Gradients of the scalar ``out`` with respect to each of ``inputs``."""
    order, seen = [], set()

    def visit(v):
        if id(v) not in seen:
            seen.add(id(v))
            for parent, _ in v.parents:
                visit(parent)
            order.append(v)

    visit(out)
    out.grad = np.ones_like(out.value)
    for v in reversed(order):
        for parent, vjp in v.parents:
            parent.grad = parent.grad + vjp(v.grad)
    return [v.grad for v in inputs]


def hidden(name, z):
    if name == "sigmoid":
        return 1.0 / (1.0 + exp(z * -1.0))
    if name == "tanh":
        return tanh(z)
    return z * Var((z.value > 0).astype(np.float64))  # relu: z where z > 0, away from the kink


def output(name, z):
    if name == "sigmoid":
        return 1.0 / (1.0 + exp(z * -1.0))
    if name == "softmax":
        e = exp(z - Var(z.value.max(axis=1, keepdims=True)))  # a constant shift: the gradient is unchanged
        return e / total(e, axis=1)
    return z


def network_cost(thetas, X, Y, lam, cost, activation, out):
    """``(J, zs)`` as Var: the articles' formulas, literally, one operation at a time."""
    m = X.shape[0]
    a, zs = Var(X), []
    for l, theta in enumerate(thetas):
        z = with_ones(a) @ theta.T
        zs.append(z)
        a = output(out, z) if l == len(thetas) - 1 else hidden(activation, z)
    Y = Var(Y)
    if cost == "half_squared_error":
        r = a - Y
        data = total(r * r) * 0.5
    elif out == "softmax":
        data = total(Y * log(a)) * -1.0
    else:
        data = total(Y * log(a) + (1.0 - Y) * log(1.0 - a)) * -1.0
    squares = None
    for theta in thetas:
        w = columns_after_first(theta)
        s = total(w * w)
        squares = s if squares is None else squares + s
    return data / m + squares * (lam / (2 * m)), zs
