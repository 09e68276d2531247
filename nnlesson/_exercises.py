"""The exercises the checks know: reference, unseen cases and classic mistakes of each.

One ``Exercise`` per function a student writes. ``cases(rng)`` builds the
cases the check runs (their labels give sizes, never values); ``reference``
is what the rest of a notebook falls back on; ``mistakes()`` lists buggy
versions with the exercise's signature, each with a sentence addressed to
the student. A wrong result equal to a mistake's result is diagnosed by
that sentence. The gradient mistakes come from the bug gallery
(``nnlesson.bugs.BUGS``), imported when first needed.
"""

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .activations import ACTIVATIONS, sigmoid, sigmoid_gradient
_sigmoid, _sigmoid_gradient = ACTIVATIONS["sigmoid"].function, ACTIVATIONS["sigmoid"].gradient
from .labels import one_hot
from .network import nn_cost_function, nn_cost_function_unrolled, predict
from .params import rand_initialize_weights, roll, unroll

DIGITS_ACCURACY = 0.90
"""The test accuracy on the digits that ``train_digits`` must reach.

A 64-25-10 network trained with λ = 1 reaches about 0.96 on the held-out
quarter of scikit-learn's digits; 0.90 leaves room for other reasonable
choices (a smaller hidden layer, gradient descent stopped early) while a
network that barely trained (about 0.1 is chance) stays far below.
"""


@dataclass(frozen=True)
class Case:
    """Arguments for the student's function, and what the student is told about them."""

    label: str
    args: tuple


@dataclass(frozen=True)
class Mistake:
    """A buggy version of the exercise and the sentence that names the bug."""

    description: str
    function: Callable


@dataclass(frozen=True)
class Exercise:
    """One function a student writes, and how to judge it."""

    name: str
    number: int
    notebook: str
    signature: str
    formula: str
    reference: Callable
    cases: Callable
    outputs: tuple
    mistakes: Callable = lambda: ()
    warnings_fail: bool = True
    warning_hint: str = ""
    rtol: float = 1e-9
    atol: float = 1e-12
    custom_judge: Callable = field(default=None)

    def judge(self, case, got):
        """The problems with ``got`` as an answer to ``case`` (empty if right)."""
        if self.custom_judge is not None:
            return self.custom_judge(case, got)
        return self.judge_against(case, got, self.reference(*case.args))

    def judge_against(self, case, got, expected):
        """The problems with ``got`` compared with ``expected``."""
        if len(self.outputs) == 1:
            return _compare(self.outputs[0], got, expected, self.rtol, self.atol)
        names = ", ".join(name for name, _ in self.outputs)
        if not isinstance(got, (tuple, list)) or len(got) != len(self.outputs):
            return [f"expected a tuple ({names}), got {_kind(got)}"]
        problems = []
        for spec, g, e in zip(self.outputs, got, expected):
            problems += _compare(spec, g, e, self.rtol, self.atol)
        return problems


# --- comparing an answer with the expected one ---------------------------------


def _kind(x):
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)} items"
    return f"{type(x).__name__}"


def _compare(spec, got, expected, rtol, atol):
    what, kind = spec
    if got is None:
        return [f"{what}: your function returned None (is a `return` missing?)"]
    if kind == "scalar":
        return _compare_scalar(what, got, expected, rtol, atol)
    return _compare_array(what, got, expected, rtol, atol)


def _compare_scalar(what, got, expected, rtol, atol):
    if isinstance(got, (bool, np.bool_)) or np.ndim(got) != 0:
        return [f"{what}: expected a single number, got {_kind(got)}"]
    try:
        value = float(got)
    except (TypeError, ValueError):
        return [f"{what}: expected a single number, got {_kind(got)}"]
    if np.isclose(value, expected, rtol=rtol, atol=atol, equal_nan=True):
        return []
    return [f"{what}: expected {expected:.6g}, got {value:.6g}"]


def _compare_array(what, got, expected, rtol, atol):
    expected = np.asarray(expected, dtype=np.float64)
    if isinstance(got, (list, tuple)) and got and all(isinstance(g, np.ndarray) for g in got):
        if len({g.shape for g in got}) > 1:
            return [f"{what}: expected one array of shape {expected.shape}, got a "
                    f"{type(got).__name__} of {len(got)} arrays (unroll them into one vector?)"]
    try:
        arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return [f"{what}: expected an array of shape {expected.shape}, got {_kind(got)}"]
    if arr.shape != expected.shape:
        return [f"{what}: wrong shape: expected {expected.shape}, got {arr.shape}"]
    close = np.isclose(arr, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return []
    bad = ~close
    error = np.where(bad, np.abs(np.nan_to_num(arr - expected, nan=np.inf)), 0.0)
    index = np.unravel_index(int(np.argmax(error)), arr.shape) if arr.ndim else ()
    at = f" at index {tuple(int(i) for i in index)}" if arr.ndim else ""
    return [f"{what}: {int(bad.sum())} of {arr.size} entries differ; the largest difference is{at}: "
            f"expected {expected[index]:.6g}, got {arr[index]:.6g}"]


# --- random networks -----------------------------------------------------------


def _network(rng, sizes, m, scale=1.0):
    thetas = [rng.normal(scale=scale, size=(b, a + 1)) for a, b in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(m, sizes[0]))
    y = rng.integers(0, sizes[-1], size=m)
    return thetas, X, y


def _sizes_label(sizes, m, lam=None):
    text = f"layer sizes {list(sizes)}, m = {m}"
    if m == 1:
        text += " (one example)"
    if sizes[-1] == 1:
        text += " (one output unit)"
    if lam is not None:
        text += f", λ = {lam:g}"
    return text


# --- 01 forward propagation ------------------------------------------------------


def _z_cases(rng):
    return [
        Case("z of shape (5,)", (rng.normal(scale=3.0, size=5),)),
        Case("z of shape (3, 4)", (rng.normal(scale=5.0, size=(3, 4)),)),
        Case("z a single number", (float(rng.normal()),)),
        Case("z of shape (1, 1)", (rng.normal(size=(1, 1)),)),
        Case("z of shape (9,), entries as large as ±1000",
             (np.array([-1000.0, -745.0, -100.0, -30.0, 0.0, 30.0, 100.0, 745.0, 1000.0]),)),
    ]


_STABLE_HINT = (
    "For z = −1000, e^(−z) = e^1000 overflows. A stable sigmoid never forms it: "
    "use scipy.special.expit, or e = np.exp(-np.abs(z)) and np.where(z >= 0, 1/(1+e), e/(1+e)) "
    "(np.where evaluates both branches, so the branches themselves must not overflow)."
)

SIGMOID = Exercise(
    name="sigmoid", number=1, notebook="01", signature="(z)",
    formula="``g(z) = 1 / (1 + e^(-z))`` element-wise, without overflow for any finite ``z``.",
    reference=sigmoid,
    cases=_z_cases,
    outputs=(("g(z)", "array"),),
    mistakes=lambda: (
        Mistake("the exponent has the wrong sign: g(z) = 1 / (1 + e^(−z)).",
                lambda z: 1.0 / (1.0 + np.exp(z))),
        Mistake("e^z / (1 + e^z) is the sigmoid in exact arithmetic, but for large z e^z overflows "
                "to inf and inf/inf is NaN.",
                lambda z: np.exp(z) / (1.0 + np.exp(z))),
        Mistake("you returned 1 + e^(−z), not its reciprocal.", lambda z: 1.0 + np.exp(-z)),
    ),
    warning_hint=_STABLE_HINT,
)


def _forward(thetas, X, g_hidden=_sigmoid, g_out=_sigmoid, bias="first"):
    a = np.asarray(X, dtype=np.float64)
    for l, theta in enumerate(thetas):
        theta = np.asarray(theta, dtype=np.float64)
        ones = np.ones((a.shape[0], 1))
        if bias == "first":
            z = np.hstack([ones, a]) @ theta.T
        elif bias == "last":
            z = np.hstack([a, ones]) @ theta.T
        else:
            z = a @ theta[:, 1:].T
        a = g_out(z) if l == len(thetas) - 1 else g_hidden(z)
    return a


def forward_output(thetas, X):
    """``a^(L) = h_Θ(X)``, shape ``(m, K)``: the exercise's signature of the forward pass."""
    return _forward(thetas, X)


def _forward_cases(rng):
    cases = []
    for sizes, m in [([3, 4, 2], 6), ([2, 1], 5), ([4, 5, 3, 3], 1), ([3, 6, 1], 4), ([5, 3, 4], 7)]:
        thetas, X, _ = _network(rng, sizes, m)
        cases.append(Case(_sizes_label(sizes, m), (thetas, X)))
    return cases


FORWARD_OUTPUT = Exercise(
    name="forward_output", number=2, notebook="01", signature="(thetas, X)",
    formula="``a^(1) = X``; ``a^(l+1) = g([1  a^(l)] Θ^(l)ᵀ)``; returns ``a^(L)``, shape ``(m, K)``.",
    reference=forward_output,
    cases=_forward_cases,
    outputs=(("a^(L)", "array"),),
    mistakes=lambda: (
        Mistake("you left out the bias: each layer computes [1 a] Θᵀ, so Θ[:, 0] must be added "
                "(put a column of ones in front of a).",
                lambda thetas, X: _forward(thetas, X, bias="none")),
        Mistake("you put the column of ones last; column 0 of Θ multiplies the bias unit, "
                "so the ones go first: [1 a].",
                lambda thetas, X: _forward(thetas, X, bias="last")),
        Mistake("your output is z^(L): apply the sigmoid to the output layer too.",
                lambda thetas, X: _forward(thetas, X, g_out=lambda z: z)),
        Mistake("your hidden layers are linear: apply g to every z^(l), not only the last one.",
                lambda thetas, X: _forward(thetas, X, g_hidden=lambda z: z)),
        Mistake("your output is transposed: a^(L) has one row per example, shape (m, K).",
                lambda thetas, X: _forward(thetas, X).T),
        Mistake("your output keeps a column of ones in front: a^(L) has only the K output units.",
                lambda thetas, X: np.hstack([np.ones((np.shape(X)[0], 1)), _forward(thetas, X)])),
    ),
    warning_hint="Use the sigmoid of the package (nl.sigmoid), which never overflows.",
)


# --- 02 backpropagation ---------------------------------------------------------


def _gallery(name):
    from .bugs import BUGS

    return BUGS[name].description


SIGMOID_GRADIENT = Exercise(
    name="sigmoid_gradient", number=3, notebook="02", signature="(z)",
    formula="``g'(z) = g(z) (1 - g(z))`` element-wise, of the pre-activation ``z``.",
    reference=sigmoid_gradient,
    cases=_z_cases,
    outputs=(("g'(z)", "array"),),
    mistakes=lambda: (
        Mistake("you computed z(1 − z): the formula a(1 − a) is written for a = g(z), so compute "
                "g(z) first: g'(z) = g(z)(1 − g(z)).",
                lambda z: np.asarray(z) * (1.0 - np.asarray(z))),
        Mistake(_gallery("gradient_of_activation"), lambda z: _sigmoid_gradient(_sigmoid(z))),
        Mistake("you returned g(z)(1 + g(z)): the factor is 1 − g(z).",
                lambda z: _sigmoid(z) * (1.0 + _sigmoid(z))),
    ),
    warning_hint="Compute g(z) with the package's nl.sigmoid, which never overflows.",
)


def _one_hot_cases(rng):
    y_all = rng.permutation(np.arange(8) % 4)
    y_missing = rng.integers(0, 3, size=6)  # labels 0..2 only, while num_labels = 5
    return [
        Case("m = 8 labels, num_labels = 4", (y_all, 4)),
        Case("m = 1 label (one example), num_labels = 3", (np.array([2]), 3)),
        Case("m = 6 labels, num_labels = 5, not every label occurs", (y_missing, 5)),
        Case("m = 3 labels, num_labels = 1 (one output unit)", (np.zeros(3, dtype=np.int64), 1)),
    ]


ONE_HOT = Exercise(
    name="one_hot", number=4, notebook="02", signature="(y, num_labels)",
    formula="``Y[i, k] = 1`` if ``y[i] == k`` else ``0``, shape ``(m, K)`` (labels ``0..K-1``).",
    reference=one_hot,
    cases=_one_hot_cases,
    outputs=(("Y", "array"),),
    mistakes=lambda: (
        Mistake("label k lights column k − 1: you compared with 1..K as MATLAB's "
                "[1:num_labels] == y does; Python labels run 0..K−1, so compare with np.arange(num_labels).",
                lambda y, K: (np.arange(1, K + 1) == np.asarray(y)[:, None]).astype(float)),
        Mistake("your matrix is transposed: one row per example, one column per label, shape (m, K).",
                lambda y, K: one_hot(y, K).T),
        Mistake("your matrix has one column per label that occurs in y; it needs num_labels columns "
                "even when some labels do not occur.",
                lambda y, K: one_hot(y, int(np.max(y)) + 1)),
    ),
)


def output_delta(a_L, Y):
    """``δ^(L) = a^(L) - Y``, shape ``(m, K)`` (cross-entropy with a sigmoid output)."""
    return np.asarray(a_L, dtype=np.float64) - np.asarray(Y, dtype=np.float64)


def _output_delta_cases(rng):
    cases = []
    for m, K in [(6, 3), (1, 4), (5, 1), (7, 2)]:
        a = rng.uniform(0.01, 0.99, size=(m, K))
        Y = one_hot(rng.integers(0, K, size=m), K) if K > 1 else rng.integers(0, 2, size=(m, 1)).astype(float)
        label = f"m = {m}, K = {K}" + (" (one example)" if m == 1 else "") + (" (one output unit)" if K == 1 else "")
        cases.append(Case(label, (a, Y)))
    return cases


OUTPUT_DELTA = Exercise(
    name="output_delta", number=5, notebook="02", signature="(a_L, Y)",
    formula="``δ^(L) = a^(L) - Y`` for the cross-entropy cost with a sigmoid output (Enslin's ``s3 = a3 - yv``).",
    reference=output_delta,
    cases=_output_delta_cases,
    outputs=(("δ^(L)", "array"),),
    mistakes=lambda: (
        Mistake("your delta has the opposite sign: δ^(L) = a^(L) − y.", lambda a, Y: Y - a),
        Mistake("you multiplied by g'(z^(L)) = a(1 − a): that is the squared-error delta; with the "
                "cross-entropy cost that factor cancels, and δ^(L) = a^(L) − y.",
                lambda a, Y: (a - Y) * a * (1.0 - a)),
        Mistake("you divided by m: δ^(L) is per example; the 1/m comes later, in the gradient.",
                lambda a, Y: (a - Y) / a.shape[0]),
        Mistake("your delta is transposed: one row per example, shape (m, K).", lambda a, Y: (a - Y).T),
    ),
)


def hidden_delta(delta_next, theta, z):
    """``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))``, shape ``(m, s_l)``."""
    return (np.asarray(delta_next) @ np.asarray(theta)[:, 1:]) * _sigmoid_gradient(np.asarray(z))


def _with_ones(z):
    return np.hstack([np.ones((z.shape[0], 1)), z])


def _hidden_delta_cases(rng):
    cases = []
    for m, s, s_next in [(6, 4, 3), (1, 5, 2), (5, 3, 1), (4, 1, 3), (7, 6, 4)]:
        args = (rng.normal(size=(m, s_next)), rng.normal(size=(s_next, s + 1)), rng.normal(scale=2.0, size=(m, s)))
        label = f"m = {m}, s_l = {s}, s_(l+1) = {s_next}"
        label += " (one example)" if m == 1 else ""
        label += " (one unit in the next layer)" if s_next == 1 else ""
        cases.append(Case(label, args))
    return cases


HIDDEN_DELTA = Exercise(
    name="hidden_delta", number=6, notebook="02", signature="(delta_next, theta, z)",
    formula="``δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))``, shape ``(m, s_l)``: the bias column "
            "of ``Θ^(l)`` is dropped, and ``g'`` is taken at ``z``, not at ``a = g(z)``.",
    reference=hidden_delta,
    cases=_hidden_delta_cases,
    outputs=(("δ^(l)", "array"),),
    mistakes=lambda: (
        Mistake(_gallery("bias_delta_kept"),
                lambda d, theta, z: (d @ theta) * _sigmoid_gradient(_with_ones(z))),
        Mistake(_gallery("bias_delta_kept"),  # cut back to size from the wrong end
                lambda d, theta, z: ((d @ theta) * _sigmoid_gradient(_with_ones(z)))[:, :z.shape[1]]),
        Mistake(_gallery("bias_delta_kept"),
                lambda d, theta, z: (d @ theta) * _with_ones(_sigmoid_gradient(z))),
        Mistake(_gallery("gradient_of_activation"),
                lambda d, theta, z: (d @ theta[:, 1:]) * _sigmoid_gradient(_sigmoid(z))),
        Mistake("you used z(1 − z) for g'(z): that formula is written for a = g(z); "
                "g'(z) = g(z)(1 − g(z)).",
                lambda d, theta, z: (d @ theta[:, 1:]) * z * (1.0 - z)),
        Mistake("you left out the factor g'(z^(l)): δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l)).",
                lambda d, theta, z: d @ theta[:, 1:]),
        Mistake("you dropped the last column of Θ; the bias column is the first, Θ[:, 0], so use Θ[:, 1:].",
                lambda d, theta, z: (d @ theta[:, :-1]) * _sigmoid_gradient(z)),
    ),
)


# --- 03 cost and gradient -------------------------------------------------------


def regularized_cost(thetas, X, y, lam):
    """The regularized cross-entropy ``J(Θ)`` (``nnlesson.nn_cost_function``'s first value)."""
    return nn_cost_function(thetas, X, y, lam)[0]


def _cost_parts(thetas, X, y):
    """The data term summed over examples and units, the bias-free and the full sum of squares."""
    a = _forward(thetas, X)
    Y = one_hot(y, a.shape[1])
    with np.errstate(divide="ignore"):
        positive = -np.sum(Y * np.log(a))
        negative = -np.sum((1 - Y) * np.log(1 - a))
    weights = sum(float(np.sum(np.asarray(t)[:, 1:] ** 2)) for t in thetas)
    everything = sum(float(np.sum(np.asarray(t) ** 2)) for t in thetas)
    return positive, negative, weights, everything, a.shape


def _cost_variant(kind):
    def cost(thetas, X, y, lam):
        positive, negative, weights, everything, (m, K) = _cost_parts(thetas, X, y)
        data = (positive + negative) / m
        penalty = lam / (2 * m) * weights
        if kind == "bias":
            return data + lam / (2 * m) * everything
        if kind == "no_1_over_m":
            return data * m + penalty
        if kind == "lambda_over_2":
            return data + lam / 2 * weights
        if kind == "lambda_over_m":
            return data + lam / m * weights
        if kind == "no_penalty":
            return data
        if kind == "no_negative_term":
            return positive / m + penalty
        if kind == "mean_over_units":
            return data / K + penalty
        raise ValueError(kind)

    return cost


def _cost_mistakes():
    return (
        Mistake("your penalty includes the bias column Θ[:, 0]; regularize only Θ[:, 1:] "
                "(Enslin's Theta1(:, 2:end)).", _cost_variant("bias")),
        Mistake("your cost is missing the 1/m in front of the sum over examples.", _cost_variant("no_1_over_m")),
        Mistake("your penalty is (λ/2) Σ θ², UFLDL's weight decay; this cost uses λ/(2m).",
                _cost_variant("lambda_over_2")),
        Mistake("your penalty is (λ/m) Σ θ²; it is λ/(2m) Σ θ² (the 2 cancels only in the gradient).",
                _cost_variant("lambda_over_m")),
        Mistake("your cost leaves out the penalty (λ/(2m)) Σ θ²: it is right for λ = 0 only.",
                _cost_variant("no_penalty")),
        Mistake("your cost leaves out the (1 − y) log(1 − a) term.", _cost_variant("no_negative_term")),
        Mistake("you divided the data term by m·K (np.mean over the whole matrix); sum over the K "
                "units and divide by m only.", _cost_variant("mean_over_units")),
    )


def _cost_cases(rng):
    cases = []
    for sizes, m, lam in [([3, 4, 3], 6, 0.0), ([3, 4, 3], 6, 1.5), ([4, 5, 3, 2], 5, 0.7),
                          ([2, 3, 2], 1, 2.0), ([5, 2], 8, 1.0)]:
        thetas, X, y = _network(rng, sizes, m)
        cases.append(Case(_sizes_label(sizes, m, lam), (thetas, X, y, lam)))
    return cases


REGULARIZED_COST = Exercise(
    name="regularized_cost", number=7, notebook="03", signature="(thetas, X, y, lam)",
    formula="``J = -(1/m) Σ_i Σ_k [y_k log a_k + (1 - y_k) log(1 - a_k)] + λ/(2m) Σ_l Σ Θ^(l)[:, 1:]²``.",
    reference=regularized_cost,
    cases=_cost_cases,
    outputs=(("J", "scalar"),),
    mistakes=_cost_mistakes,
)


def cost_and_gradient(nn_params, layer_sizes, X, y, lam):
    """``(J, grad)`` on the unrolled parameters, row by row (``nn_cost_function_unrolled``)."""
    return nn_cost_function_unrolled(nn_params, layer_sizes, X, y, lam)


def _unrolled(cost_function, order="C"):
    def cost(nn_params, layer_sizes, X, y, lam):
        J, grads = cost_function(roll(nn_params, layer_sizes, order=order), X, y, lam)
        return J, unroll(grads, order=order)

    return cost


def _gradient_mistakes():
    from .bugs import BUGS

    mistakes = [Mistake(bug.description, _unrolled(bug.cost_function)) for bug in BUGS.values()]
    mistakes.append(Mistake(
        "you cut nn_params into matrices column by column (MATLAB's reshape); numpy's order is "
        "row by row: use nl.roll(nn_params, layer_sizes) and nl.unroll(grads).",
        _unrolled(nn_cost_function, order="F")))
    for mistake in _cost_mistakes():
        mistakes.append(Mistake(
            mistake.description,
            lambda p, s, X, y, lam, f=mistake.function: (f(roll(p, s), X, y, lam),
                                                         cost_and_gradient(p, s, X, y, lam)[1])))
    return tuple(mistakes)


def _gradient_cases(rng):
    cases = []
    for sizes, m, lam in [([3, 4, 3], 6, 0.0), ([3, 4, 3], 6, 1.5), ([4, 5, 3, 2], 5, 0.7),
                          ([2, 3, 2], 1, 2.0), ([5, 2], 8, 1.0)]:
        thetas, X, y = _network(rng, sizes, m)
        cases.append(Case(_sizes_label(sizes, m, lam), (unroll(thetas), sizes, X, y, lam)))
    return cases


COST_AND_GRADIENT = Exercise(
    name="cost_and_gradient", number=8, notebook="03", signature="(nn_params, layer_sizes, X, y, lam)",
    formula="``∂J/∂Θ^(l) = (1/m) δ^(l+1)ᵀ [1  a^(l)] + (λ/m) [0  Θ^(l)[:, 1:]]``, every matrix "
            "unrolled row by row (``nl.unroll``) into one vector the shape of ``nn_params``.",
    reference=cost_and_gradient,
    cases=_gradient_cases,
    outputs=(("J", "scalar"), ("grad", "array")),
    mistakes=_gradient_mistakes,
)


# --- 04 gradient checking -------------------------------------------------------


def numerical_gradient(J, theta, epsilon):
    """The two-sided differences ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε``, shape ``(n,)``."""
    from .gradcheck import numerical_gradient as reference

    return reference(J, theta, epsilon)


class _Wavy:
    """``J(θ) = Σ_i c_i sin(θ_i) + (Σ_i θ_i)² / 2``: curved, so one- and two-sided differences differ."""

    def __init__(self, c):
        self.c = c

    def __call__(self, theta):
        return float(np.dot(self.c, np.sin(theta)) + 0.5 * np.sum(theta) ** 2)


class _Quadratic:
    """``J(θ) = ½ θᵀAθ - bᵀθ``, gradient ``Aθ - b``."""

    def __init__(self, A, b):
        self.A, self.b = A, b

    def __call__(self, theta):
        return float(0.5 * theta @ self.A @ theta - self.b @ theta)

    def cost_and_gradient(self, theta):
        return self(theta), self.A @ theta - self.b


class _NetworkCost:
    """A network's cost (and gradient) as a function of its unrolled parameters."""

    def __init__(self, sizes, X, y, lam):
        self.sizes, self.X, self.y, self.lam = sizes, X, y, lam

    def __call__(self, theta):
        return self.cost_and_gradient(theta)[0]

    def cost_and_gradient(self, theta):
        return nn_cost_function_unrolled(theta, self.sizes, self.X, self.y, self.lam)


def _one_sided(J, theta, epsilon):
    theta = np.asarray(theta, dtype=np.float64)
    steps = np.eye(theta.size) * epsilon
    return np.array([(J(theta + s) - J(theta)) / epsilon for s in steps])


def _numerical_cases(rng):
    thetas, X, y = _network(rng, [2, 2, 2], 3)
    net = _NetworkCost([2, 2, 2], X, y, 1.0)
    A = rng.normal(size=(4, 4))
    return [
        Case("a curved J of 5 parameters, ε = 1e-2", (_Wavy(rng.normal(size=5)), rng.normal(size=5), 1e-2)),
        Case("a curved J of 1 parameter, ε = 1e-3", (_Wavy(rng.normal(size=1)), rng.normal(size=1), 1e-3)),
        Case("a quadratic J of 4 parameters, ε = 1e-4",
             (_Quadratic(A @ A.T, rng.normal(size=4)), rng.normal(size=4), 1e-4)),
        Case("a network's cost, layer sizes [2, 2, 2], ε = 1e-4", (net, unroll(thetas), 1e-4)),
    ]


NUMERICAL_GRADIENT = Exercise(
    name="numerical_gradient", number=9, notebook="04", signature="(J, theta, epsilon)",
    formula="``∂J/∂θ_i ≈ (J(θ + εe_i) - J(θ - εe_i)) / (2ε)`` for each ``i``, without changing ``theta``.",
    reference=numerical_gradient,
    cases=_numerical_cases,
    outputs=(("the numerical gradient", "array"),),
    mistakes=lambda: (
        Mistake("you used the one-sided difference (J(θ + ε) − J(θ))/ε; use the two-sided "
                "(J(θ + ε) − J(θ − ε))/(2ε), whose error shrinks like ε².", _one_sided),
        Mistake("you divided by ε instead of 2ε: every entry is twice too large.",
                lambda J, theta, eps: 2.0 * numerical_gradient(J, theta, eps)),
        Mistake("you perturb every θ_i at once; perturb one entry at a time, θ ± ε e_i.",
                lambda J, theta, eps: np.full(np.shape(theta), (J(theta + eps) - J(theta - eps)) / (2 * eps))),
    ),
    rtol=1e-6, atol=1e-9,
)


def relative_error(a, b):
    """``‖a - b‖ / ‖a + b‖``, with a floor so that two zero vectors give 0."""
    from .gradcheck import relative_error as reference

    return reference(a, b)


def _relative_error_cases(rng):
    a = rng.normal(size=20)
    return [
        Case("two different vectors of shape (5,)", (rng.normal(size=5), rng.normal(size=5))),
        Case("two nearly equal vectors of shape (20,)", (a, a + 1e-9 * rng.normal(size=20))),
        Case("two arrays of shape (3, 4)", (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))),
        Case("two zero vectors of shape (4,)", (np.zeros(4), np.zeros(4))),
        Case("a vector and a zero vector, shape (3,)", (rng.normal(size=3), np.zeros(3))),
    ]


RELATIVE_ERROR = Exercise(
    name="relative_error", number=10, notebook="04", signature="(a, b)",
    formula="``‖a - b‖ / ‖a + b‖``, with a floor on the denominator so that two zero vectors give 0.",
    reference=relative_error,
    cases=_relative_error_cases,
    outputs=(("the relative error", "scalar"),),
    mistakes=lambda: (
        Mistake("you divide by ‖a‖; divide by ‖a + b‖, so that neither vector is privileged.",
                lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a)),
        Mistake("you divide by ‖a‖ + ‖b‖; the article divides by ‖a + b‖.",
                lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))),
        Mistake("you return the absolute difference ‖a − b‖; divide it by ‖a + b‖.",
                lambda a, b: np.linalg.norm(a - b)),
    ),
    warning_hint="When a and b are both zero, ‖a + b‖ = 0 and 0/0 is NaN: give the denominator a floor, "
                 "e.g. max(‖a + b‖, 1e-300).",
    rtol=1e-7, atol=1e-15,
)


# --- 05 training ----------------------------------------------------------------


def gradient_descent(cost_grad, theta0, alpha, num_iters):
    """Batch gradient descent ``θ := θ - α ∇J(θ)``; ``costs[i] = J`` before step ``i``."""
    theta = np.array(theta0, dtype=np.float64)
    costs = np.empty(num_iters)
    for i in range(num_iters):
        costs[i], grad = cost_grad(theta)
        theta = theta - alpha * np.asarray(grad)
    return theta, costs


def _descent_variant(kind):
    def descend(cost_grad, theta0, alpha, num_iters):
        theta = np.array(theta0, dtype=np.float64)
        costs = []
        for _ in range(num_iters):
            J, grad = cost_grad(theta)
            if kind != "after":
                costs.append(J)
            step = grad if kind == "no_alpha" else alpha * np.asarray(grad)
            theta = theta + step if kind == "ascent" else theta - step
            if kind == "after":
                costs.append(cost_grad(theta)[0])
        if kind == "extra":
            costs.append(cost_grad(theta)[0])
        return theta, np.array(costs)

    return descend


def _descent_cases(rng):
    A = rng.normal(size=(3, 3))
    quadratic = _Quadratic(A @ A.T / 3 + np.eye(3), rng.normal(size=3))
    one = _Quadratic(np.array([[2.0]]), np.array([1.0]))
    thetas, X, y = _network(rng, [3, 3, 2], 5, scale=0.5)
    net = _NetworkCost([3, 3, 2], X, y, 1.0)
    return [
        Case("a quadratic J of 3 parameters, α = 0.1, 20 iterations",
             (quadratic.cost_and_gradient, rng.normal(size=3), 0.1, 20)),
        Case("a quadratic J of 1 parameter, α = 0.25, 1 iteration",
             (one.cost_and_gradient, rng.normal(size=1), 0.25, 1)),
        Case("a network's cost and gradient, layer sizes [3, 3, 2], α = 0.5, 10 iterations",
             (net.cost_and_gradient, unroll(thetas), 0.5, 10)),
        Case("0 iterations", (quadratic.cost_and_gradient, rng.normal(size=3), 0.1, 0)),
    ]


GRADIENT_DESCENT = Exercise(
    name="gradient_descent", number=11, notebook="05", signature="(cost_grad, theta0, alpha, num_iters)",
    formula="Repeat ``num_iters`` times: ``J, grad = cost_grad(θ)``, record ``J``, ``θ := θ - α grad``. "
            "Returns ``(θ, costs)`` with ``costs`` of shape ``(num_iters,)``, ``costs[0] = J(θ_0)``.",
    reference=gradient_descent,
    cases=_descent_cases,
    outputs=(("theta", "array"), ("costs", "array")),
    mistakes=lambda: (
        Mistake("you step uphill: θ := θ − α ∇J(θ), with a minus.", _descent_variant("ascent")),
        Mistake("your costs are recorded after each step; record J(θ) before each step, so that "
                "costs[0] = J(theta0).", _descent_variant("after")),
        Mistake("costs has num_iters + 1 entries: record one J per iteration, before its step.",
                _descent_variant("extra")),
        Mistake("you forgot the learning rate: θ := θ − α ∇J(θ).", _descent_variant("no_alpha")),
    ),
    rtol=1e-8, atol=1e-10,
)


def _digits(rng):
    from .data import load_digits_split

    return load_digits_split(rng=int(rng.integers(2**31)))


def train_digits(X, y):
    """A 64-25-10 network trained on the digits with λ = 1 by L-BFGS, as ``[Θ^(1), Θ^(2)]``."""
    from scipy.optimize import minimize

    sizes = [np.shape(X)[1], 25, 10]
    theta0 = unroll(rand_initialize_weights(sizes, rng=0))
    result = minimize(nn_cost_function_unrolled, theta0, args=(sizes, X, y, 1.0),
                      jac=True, method="L-BFGS-B", options={"maxiter": 100})
    return roll(result.x, sizes)


def _judge_digits(case, got):
    X_train, y_train, X_test, y_test = case.args[0], case.args[1], case.extra[0], case.extra[1]
    if isinstance(got, np.ndarray) and got.ndim == 1:
        return ["you returned one vector; return the list [Θ^(1), Θ^(2), …] "
                "(nl.roll(vector, layer_sizes) cuts it back into matrices)."]
    if not isinstance(got, (list, tuple)) or not got or not all(isinstance(t, np.ndarray) for t in got):
        return [f"expected a list of weight matrices [Θ^(1), …], got {_kind(got)}"]
    n = X_train.shape[1]
    if got[0].ndim != 2 or got[0].shape[1] != n + 1 or got[-1].shape[0] != 10:
        shapes = ", ".join(str(t.shape) for t in got)
        return [f"wrong shapes {shapes}: Θ^(1) needs n + 1 = {n + 1} columns and the last Θ "
                f"10 rows (one per digit)"]
    try:
        test = float(np.mean(predict(got, X_test) == y_test))
        train = float(np.mean(predict(got, X_train) == y_train))
    except (TypeError, ValueError) as err:
        return [f"your weights do not make a network: {err}"]
    if test >= DIGITS_ACCURACY:
        return []
    problems = [f"the test accuracy is {test:.3f}, below {DIGITS_ACCURACY:.2f} "
                f"(training accuracy {train:.3f})"]
    if test < 0.2:
        problems.append("That is about chance (0.1): did the training run, and do you return the trained weights?")
    elif train - test > 0.1:
        problems.append("The network fits the training set much better than the test set: try a larger λ.")
    else:
        problems.append("Train longer (more iterations), or with a better step size or optimizer.")
    return problems


@dataclass(frozen=True)
class _DigitsCase(Case):
    extra: tuple = ()


def _digits_cases(rng):
    X_train, X_test, y_train, y_test = _digits(rng)  # each seed its own split
    return [_DigitsCase(f"the digits: {X_train.shape[0]} training and {X_test.shape[0]} test images",
                        (X_train, y_train), (X_test, y_test))]


TRAIN_DIGITS = Exercise(
    name="train_digits", number=12, notebook="05", signature="(X, y)",
    formula=f"Returns trained ``[Θ^(1), …]`` whose test accuracy on the held-out digits is at "
            f"least {DIGITS_ACCURACY:.2f}.",
    reference=train_digits,
    cases=_digits_cases,
    outputs=(("thetas", "list"),),
    custom_judge=_judge_digits,
    warnings_fail=False,
)


EXERCISES = {e.name: e for e in (
    SIGMOID, FORWARD_OUTPUT, SIGMOID_GRADIENT, ONE_HOT, OUTPUT_DELTA, HIDDEN_DELTA,
    REGULARIZED_COST, COST_AND_GRADIENT, NUMERICAL_GRADIENT, RELATIVE_ERROR,
    GRADIENT_DESCENT, TRAIN_DIGITS,
)}


def lookup(name):
    """The ``Exercise`` called ``name``, or a ValueError listing the exercises."""
    if not isinstance(name, str) or name not in EXERCISES:
        raise ValueError(f"name must be one of {sorted(EXERCISES)}, got {name!r}")
    return EXERCISES[name]
