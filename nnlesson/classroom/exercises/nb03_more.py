"""Notebook 03, continued: 3.3 ``matlab_to_numpy``, 3.4 ``gradient_at_zero``, 3.5 ``regularized_gradient``."""

import numpy as np

from ... import network, params, per_example
from ...bugs import BUGS
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, sizes_label
from .common import network as random_network

_CONVERTERS = (params.roll, params.unroll, params.matrices, params.vector)
_GRADIENTS = (
    network.nn_cost_function,
    network.nn_cost_function_unrolled,
    network.cost_and_gradients,
    network.unrolled_cost,
    network.backward,
    network.backpropagate,
    network.penalty,
    per_example.nn_cost_function_loop,
)


def matlab_to_numpy(matlab_params, layer_sizes):
    """MATLAB's ``[Theta1(:); Theta2(:); …]`` in numpy's order: ``unroll(roll(v, sizes, "F"), "C")``."""
    return params.unroll(params.roll(matlab_params, layer_sizes, order="F"), order="C")


def _reorder(cut, read, swap=False):
    """Cut each piece in order ``cut`` (into the swapped shape if ``swap``) and read it back in order ``read``."""

    def convert(vector, layer_sizes):
        pieces, start = [], 0
        for r, c in params.theta_shapes(layer_sizes):
            piece = np.asarray(vector)[start : start + r * c]
            pieces.append(piece.reshape((c, r) if swap else (r, c), order=cut).ravel(order=read))
            start += r * c
        return np.concatenate(pieces)

    return convert


def _matlab_cases(rng):
    cases = []
    for sizes in ([3, 4, 2], [2, 5, 3], [4, 3, 2, 3], [5, 3, 1]):
        thetas, _, _ = random_network(rng, sizes, 1)
        cases.append(Case(f"layer sizes {sizes}", (params.unroll(thetas, order="F"), sizes)))
    return cases


MATLAB_TO_NUMPY = Exercise(
    id="3.3",
    name="matlab_to_numpy",
    kind="implement",
    notebook="03",
    points=2,
    title="from MATLAB's order to numpy's",
    task="""Ng's course and Enslin's code hand you parameter vectors in MATLAB's order,
`[Theta1(:) ; Theta2(:) ; …]`: each $\\Theta^{(l)}$ (shape $s_{l+1} \\times (s_l + 1)$)
read **column by column**, one matrix after the other. Write
`matlab_to_numpy(matlab_params, layer_sizes)`: the same parameters as the vector numpy's
`nl.unroll` would give, each matrix read **row by row**, so that
`nl.roll(matlab_to_numpy(v, layer_sizes), layer_sizes)` gives back the matrices.

Cut the vector into its matrices as MATLAB's `reshape(v(1:n1), s2, s1 + 1)` does, then read
each one row by row. Do it with numpy's `reshape` and `ravel` (and their `order=` argument):
`nl.roll` and `nl.unroll` are not allowed here."""
    + CHECK_NOTE,
    solution='''def matlab_to_numpy(matlab_params, layer_sizes):
    """The vector [Theta1(:); Theta2(:); …] (column by column) in numpy's row-by-row order."""
    ### BEGIN SOLUTION
    pieces, start = [], 0
    for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:]):
        rows, cols = s_next, s + 1
        theta = matlab_params[start : start + rows * cols].reshape((rows, cols), order="F")  # MATLAB's reshape
        pieces.append(theta.ravel(order="C"))  # numpy reads row by row
        start += rows * cols
    return np.concatenate(pieces)
    ### END SOLUTION''',
    hint="cut each Θ out column by column (order='F'), read it back row by row",
    signature="(matlab_params, layer_sizes)",
    formula="Each ``Θ^(l)`` cut from the vector column by column (``reshape(..., order='F')``, MATLAB's "
    "``reshape``) and read back row by row (``ravel(order='C')``), the matrices one after the other.",
    reference=matlab_to_numpy,
    cases=_matlab_cases,
    outputs=(("the vector in numpy's order", "array"),),
    mistakes=lambda: (
        Mistake(
            "you gave back the vector in the order it came: you cut each matrix and read it back in one "
            'and the same order. Cut it column by column (reshape with order="F", as MATLAB\'s reshape), '
            'then read it row by row (ravel with order="C").',
            _reorder("C", "C"),
        ),
        Mistake(
            "you exchanged each matrix's rows and columns: either you converted the other way "
            "(cut row by row, read column by column: numpy's order into MATLAB's), or you reshaped "
            "Θ^(l) to (s_l + 1, s_{l+1}). Θ^(l) has s_{l+1} rows and s_l + 1 columns: cut it column "
            'by column (order="F") and read it row by row (order="C").',
            _reorder("C", "F"),
        ),
    ),
    forbidden=lambda: _CONVERTERS,
    use="""# Enslin's gradient vector, element for element as MATLAB prints it, turned into numpy's.
demo_thetas = nl.rand_initialize_weights([3, 4, 2], rng=9)
from_matlab = nl.unroll(demo_thetas, order="F")          # what [Theta1(:); Theta2(:)] holds
back = nl.roll(matlab_to_numpy(from_matlab, [3, 4, 2]), [3, 4, 2])
print("the first entries in MATLAB's order:", np.round(from_matlab[:4], 4))
print("the same matrices again after the conversion:", all(np.array_equal(a, b) for a, b in zip(back, demo_thetas)))""",
)


def gradient_at_zero(layer_sizes, y, lam):
    """``∂J/∂Θ`` at all-zero weights, unrolled row by row: the package's gradient at ``Θ = 0``."""
    thetas = [np.zeros(shape) for shape in params.theta_shapes(layer_sizes)]
    X = np.zeros((np.size(y), layer_sizes[0]))  # any X: at Θ = 0 nothing depends on it
    return params.unroll(network.nn_cost_function(thetas, X, y, lam)[1])


def _zero_variant(kind):
    def gradient(layer_sizes, y, lam):
        K, m = layer_sizes[-1], np.size(y)
        share = np.bincount(y, minlength=K) / m
        a, bias = {"g0": (0.0, 1.0), "half_bias": (0.5, 0.5)}.get(kind, (0.5, 1.0))
        delta = {"sign": share - (1 - a), "g0": -share, "sum": m * (0.5 - share)}.get(kind, 0.5 - share)
        last = np.outer(delta, np.r_[bias, np.full(layer_sizes[-2], a)])
        zeros = [np.zeros(shape) for shape in params.theta_shapes(layer_sizes)[:-1]]
        return np.concatenate([z.ravel() for z in zeros] + [last.ravel()])

    return gradient


def _zero_cases(rng):
    cases = []
    for sizes, m, lam in [([3, 4, 3], 6, 0.0), ([2, 5, 4], 8, 1.5), ([4, 3, 2, 3], 5, 3.0), ([3, 2, 2], 1, 2.0)]:
        y = rng.integers(0, sizes[-1] - (1 if m == 8 else 0), size=m)  # the 8 examples leave the last label out
        cases.append(Case(sizes_label(sizes, m, lam), (sizes, y, lam)))
    return cases


GRADIENT_AT_ZERO = Exercise(
    id="3.4",
    name="gradient_at_zero",
    kind="derive",
    notebook="03",
    points=2,
    title="the gradient at Θ = 0",
    task="""Set **every** weight and bias of a sigmoid network to 0, and take the regularized
cross-entropy cost $J$ of this notebook (with $K \\ge 2$ outputs and at least one hidden layer).
What is $\\partial J/\\partial\\Theta^{(l)}$ there, for every layer? Derive it by hand, layer
by layer, from what you know: what are $z^{(l)}$ and $a^{(l)}$ in every layer at
$\\Theta = 0$? then $\\delta^{(L)}$, then each hidden $\\delta^{(l)}$ (look at
$\\Theta^{(l)}_{:,1:}$), then the gradient $\\frac1m{\\delta^{(l+1)}}^T[1\\;\\;a^{(l)}]$ and the
penalty's part.

Write the result as `gradient_at_zero(layer_sizes, y, lam)`: the gradient at $\\Theta = 0$,
unrolled row by row (`nl.unroll`'s order), for labels `y` of shape `(m,)` in `0..K-1`. No
`X` is given: you will find that the answer does not depend on it. Your answer may use
how many examples carry each label, `np.bincount(y, minlength=K)`; it may not run a
network."""
    + CHECK_NOTE,
    solution='''def gradient_at_zero(layer_sizes, y, lam):
    """∂J/∂Θ at Θ = 0, unrolled row by row."""
    ### BEGIN SOLUTION
    K, m = layer_sizes[-1], len(y)
    share = np.bincount(y, minlength=K) / m  # the fraction of examples with each label
    # z = 0 everywhere, so every unit outputs g(0) = 1/2; δ^(L) = 1/2 - y, and its mean over
    # the examples is 1/2 - share. Hidden deltas are (δ Θ[:, 1:]) ⊙ g'(z) = 0, since Θ = 0;
    # the penalty's gradient (λ/m)Θ is 0 too. Only the last Θ gets a gradient:
    # row k = (1/2 - share_k) [1, 1/2, …, 1/2].
    last = np.outer(0.5 - share, np.r_[1.0, np.full(layer_sizes[-2], 0.5)])
    earlier = [np.zeros((s_next, s + 1)) for s, s_next in zip(layer_sizes[:-2], layer_sizes[1:-1])]
    return np.concatenate([g.ravel() for g in earlier] + [last.ravel()])
    ### END SOLUTION''',
    hint="derive z, a and δ of every layer at Θ = 0, then the gradient",
    signature="(layer_sizes, y, lam)",
    formula="At ``Θ = 0`` every ``a = g(0) = ½``, ``δ^(L) = ½ - y`` and every hidden ``δ = 0``: only "
    "``∂J/∂Θ^(L-1) = (½ - p_k) [1, ½, …, ½]`` (row ``k``, ``p_k`` the share of label ``k``) is not 0.",
    reference=gradient_at_zero,
    cases=_zero_cases,
    outputs=(("the gradient at Θ = 0", "array"),),
    mistakes=lambda: (
        Mistake(
            "your gradient has the opposite sign: δ^(L) = a^(L) − y = ½ − y, so row k of the last "
            "gradient is (½ − share of label k) times [1, ½, …, ½].",
            _zero_variant("sign"),
        ),
        Mistake(
            "you took g(0) = 0: the sigmoid of 0 is ½, so at Θ = 0 every unit's activation is ½.",
            _zero_variant("g0"),
        ),
        Mistake(
            "you multiplied the bias column by ½ too: the bias unit's activation is always 1, only "
            "the other units output g(0) = ½.",
            _zero_variant("half_bias"),
        ),
        Mistake(
            "you summed over the examples without dividing by m: the gradient is the mean over examples.",
            _zero_variant("sum"),
        ),
    ),
    forbidden=lambda: _GRADIENTS,
    use="""# Why Θ = 0 is a bad start (notebook 05 comes back to it): the hidden layers get no gradient.
demo_sizes = [3, 4, 3]
g0 = nl.roll(gradient_at_zero(demo_sizes, np.array([0, 1, 2, 2]), 1.0), demo_sizes)
print("∂J/∂Θ^(1) at Θ = 0 is all zeros:", np.all(g0[0] == 0))
print("∂J/∂Θ^(2) at Θ = 0, one row per output unit:\\n", np.round(g0[1], 4))""",
)


def regularized_gradient(thetas, accumulated, m, lam):
    """``Δ^(l)/m + (λ/m) [0  Θ^(l)[:, 1:]]`` for every ``l``, unrolled row by row."""
    grads = []
    for theta, Delta in zip(thetas, accumulated):
        penalty = np.hstack([np.zeros((theta.shape[0], 1)), theta[:, 1:]])
        grads.append(np.asarray(Delta) / m + lam / m * penalty)
    return np.concatenate([g.ravel() for g in grads])


def _penalty_variant(kind):
    def gradient(thetas, accumulated, m, lam):
        grads = []
        for theta, Delta in zip(thetas, accumulated):
            if kind == "bias":
                grads.append(Delta / m + lam / m * theta)
            elif kind == "none":
                grads.append(Delta / m)
            elif kind == "half":
                grads.append(Delta / m + lam / (2 * m) * np.hstack([np.zeros((len(theta), 1)), theta[:, 1:]]))
            else:  # the whole bias column of the gradient zeroed, data part included
                grad = Delta / m + lam / m * theta
                grad[:, 0] = 0.0
                grads.append(grad)
        return np.concatenate([g.ravel() for g in grads])

    return gradient


def _penalty_cases(rng):
    cases = []
    for sizes, m, lam in _PENALTY_SETS:
        thetas, _, _ = random_network(rng, sizes, 1)
        accumulated = [rng.normal(scale=m, size=t.shape) for t in thetas]
        cases.append(Case(sizes_label(sizes, m, lam), (thetas, accumulated, m, lam)))
    return cases


_PENALTY_SETS = [([3, 4, 3], 6, 1.0), ([2, 3, 2], 10, 3.0), ([4, 5, 3, 2], 5, 0.5), ([3, 2, 1], 1, 2.0)]

BUGGY_REGULARIZED_GRADIENT = '''def regularized_gradient(thetas, accumulated, m, lam):
    """∂J/∂Θ^(l) = Δ^(l)/m + (λ/m) [0  Θ^(l)[:, 1:]] for every l, unrolled row by row."""
    grads = []
    for theta, Delta in zip(thetas, accumulated):
        grads.append(Delta / m + lam / m * theta)
    return np.concatenate([g.ravel() for g in grads])'''

REGULARIZED_GRADIENT = Exercise(
    id="3.5",
    name="regularized_gradient",
    kind="find-the-bug",
    notebook="03",
    points=1,
    title="find the bug: the regularized gradient",
    task=f"""This function should add the penalty's gradient to the accumulated deltas
$\\Delta^{{(l)}} = {{\\delta^{{(l+1)}}}}^T[1\\;\\;a^{{(l)}}]$ (Enslin's `delta_1`, `delta_2`, given in
`accumulated`, one matrix the shape of each $\\Theta^{{(l)}}$), for `m` examples and
`lam` $= \\lambda$, and return every $\\partial J/\\partial\\Theta^{{(l)}}$ unrolled row by row.
It runs without an error, yet its gradient is wrong: it holds one bug that learners really
make. Copy it into the cell below, find the bug, and fix it (change as little as you can).

```python
{BUGGY_REGULARIZED_GRADIENT}
```

Leave the caller's `thetas` as they were: if your fix changes a matrix, change a copy."""
    + CHECK_NOTE,
    solution='''def regularized_gradient(thetas, accumulated, m, lam):
    """∂J/∂Θ^(l) = Δ^(l)/m + (λ/m) [0  Θ^(l)[:, 1:]] for every l, unrolled row by row."""
    ### BEGIN SOLUTION
    grads = []
    for theta, Delta in zip(thetas, accumulated):
        penalty = lam / m * theta  # a new array: theta itself stays as it was
        penalty[:, 0] = 0  # the bias column is not penalized, so it gets no penalty gradient
        grads.append(Delta / m + penalty)
    return np.concatenate([g.ravel() for g in grads])
    ### END SOLUTION''',
    hint="find the one wrong line and fix it",
    signature="(thetas, accumulated, m, lam)",
    formula="``∂J/∂Θ^(l) = Δ^(l)/m + (λ/m) [0  Θ^(l)[:, 1:]]``: the bias column gets no penalty "
    "gradient, the rest ``(λ/m) Θ``; unrolled row by row.",
    reference=regularized_gradient,
    cases=_penalty_cases,
    outputs=(("the gradient", "array"),),
    mistakes=lambda: (
        Mistake(BUGS["regularized_bias"].description, _penalty_variant("bias")),
        Mistake(
            "you removed the penalty's gradient altogether; only its bias column must go: the other "
            "weights keep their (λ/m) Θ.",
            _penalty_variant("none"),
        ),
        Mistake(
            "your penalty gradient is (λ/(2m)) Θ: the ½ of the penalty λ/(2m) Σ Θ² cancels against "
            "the 2 of the square, leaving (λ/m) Θ.",
            _penalty_variant("half"),
        ),
        Mistake(
            "you zeroed the whole bias column of the gradient: only the penalty's part of it is 0; the "
            "data part Δ^(l)[:, 0]/m stays.",
            _penalty_variant("column"),
        ),
    ),
    forbidden=lambda: _GRADIENTS,
)

RECORDS = (MATLAB_TO_NUMPY, GRADIENT_AT_ZERO, REGULARIZED_GRADIENT)
