"""Notebook 04 (gradient checking): 4.1 ``numerical_gradient``, 4.2 ``relative_error``; 4.3 to 4.5 in ``nb04_more``."""

import numpy as np

from ... import gradcheck, network
from ...params import unroll
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE
from .common import network as random_network


def numerical_gradient(J, theta, epsilon):
    """The two-sided differences ``(J(θ + εe_i) - J(θ - εe_i)) / 2ε``: ``nnlesson.gradcheck.numerical_gradient``."""
    return gradcheck.numerical_gradient(J, theta, epsilon)


class Wavy:
    """``J(θ) = Σ_i c_i sin(θ_i) + (Σ_i θ_i)² / 2``: curved, so one- and two-sided differences differ."""

    def __init__(self, c):
        self.c = c

    def __call__(self, theta):
        return float(np.dot(self.c, np.sin(theta)) + 0.5 * np.sum(theta) ** 2)


class Quadratic:
    """``J(θ) = ½ θᵀAθ - bᵀθ``, gradient ``Aθ - b``."""

    def __init__(self, A, b):
        self.A, self.b = A, b

    def __call__(self, theta):
        return float(0.5 * theta @ self.A @ theta - self.b @ theta)

    def cost_and_gradient(self, theta):
        return self(theta), self.A @ theta - self.b


class NetworkCost:
    """A network's cost (and gradient) as a function of its unrolled parameters."""

    def __init__(self, sizes, X, y, lam):
        self.sizes, self.X, self.y, self.lam = sizes, X, y, lam

    def __call__(self, theta):
        return self.cost_and_gradient(theta)[0]

    def cost_and_gradient(self, theta):
        return network.nn_cost_function_unrolled(theta, self.sizes, self.X, self.y, self.lam)


def _one_sided(J, theta, epsilon):
    theta = np.asarray(theta, dtype=np.float64)
    steps = np.eye(theta.size) * epsilon
    return np.array([(J(theta + s) - J(theta)) / epsilon for s in steps])


def _numerical_cases(rng):
    thetas, X, y = random_network(rng, [2, 2, 2], 3)
    net = NetworkCost([2, 2, 2], X, y, 1.0)
    A = rng.normal(size=(4, 4))
    return [
        Case("a curved J of 5 parameters, ε = 1e-2", (Wavy(rng.normal(size=5)), rng.normal(size=5), 1e-2)),
        Case("a curved J of 1 parameter, ε = 1e-3", (Wavy(rng.normal(size=1)), rng.normal(size=1), 1e-3)),
        Case(
            "a quadratic J of 4 parameters, ε = 1e-4",
            (Quadratic(A @ A.T, rng.normal(size=4)), rng.normal(size=4), 1e-4),
        ),
        Case("a network's cost, layer sizes [2, 2, 2], ε = 1e-4", (net, unroll(thetas), 1e-4)),
    ]


NUMERICAL_GRADIENT = Exercise(
    id="4.1",
    name="numerical_gradient",
    kind="implement",
    notebook="04",
    points=2,
    title="the numerical gradient",
    task="""Write `numerical_gradient(J, theta, epsilon)`: for a function `J` of a parameter vector
`theta` of shape `(n,)`, the vector of two-sided differences

$$\\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}{2\\varepsilon},
\\qquad i = 1, \\dots, n$$

where $e_i$ is the $i$-th unit vector. Perturb one entry at a time, and leave the
caller's `theta` as it was."""
    + CHECK_NOTE,
    solution='''def numerical_gradient(J, theta, epsilon):
    """Two-sided differences (J(θ + εe_i) - J(θ - εe_i)) / 2ε, shape (n,)."""
    ### BEGIN SOLUTION
    theta = np.asarray(theta, dtype=float)
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = epsilon
        grad[i] = (J(theta + step) - J(theta - step)) / (2 * epsilon)
    return grad
    ### END SOLUTION''',
    hint="write the two-sided differences, one parameter at a time",
    signature="(J, theta, epsilon)",
    formula="``∂J/∂θ_i ≈ (J(θ + εe_i) - J(θ - εe_i)) / (2ε)`` for each ``i``, without changing ``theta``.",
    reference=numerical_gradient,
    cases=_numerical_cases,
    outputs=(("the numerical gradient", "array"),),
    mistakes=lambda: (
        Mistake(
            "you used the one-sided difference (J(θ + ε) − J(θ))/ε; use the two-sided "
            "(J(θ + ε) − J(θ − ε))/(2ε), whose error shrinks like ε².",
            _one_sided,
        ),
        Mistake(
            "you divided by ε instead of 2ε: every entry is twice too large.",
            lambda J, theta, eps: 2.0 * numerical_gradient(J, theta, eps),
        ),
        Mistake(
            "you perturb every θ_i at once; perturb one entry at a time, θ ± ε e_i.",
            lambda J, theta, eps: np.full(np.shape(theta), (J(theta + eps) - J(theta - eps)) / (2 * eps)),
        ),
    ),
    forbidden=lambda: (
        gradcheck.numerical_gradient,
        gradcheck.network_numerical_gradient,
        gradcheck.epsilon_sweep,
        gradcheck.check_gradients,
    ),
    rtol=1e-6,
    atol=1e-9,
)


def relative_error(a, b):
    """``‖a - b‖ / ‖a + b‖`` with a floor: ``nnlesson.gradcheck.relative_error``."""
    return gradcheck.relative_error(a, b)


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
    id="4.2",
    name="relative_error",
    kind="implement",
    notebook="04",
    points=1,
    title="the relative error",
    task="""Write `relative_error(a, b)`: $\\dfrac{\\lVert a - b\\rVert}{\\lVert a + b\\rVert}$ for two
arrays of the same shape, returned as a single number. When `a` and `b` are both zero
the denominator is 0: give it a small floor (e.g. `1e-300`) so that the answer is 0,
not NaN."""
    + CHECK_NOTE,
    solution='''def relative_error(a, b):
    """‖a - b‖ / ‖a + b‖, with a floor on the denominator."""
    ### BEGIN SOLUTION
    return np.linalg.norm(a - b) / max(np.linalg.norm(a + b), 1e-300)
    ### END SOLUTION''',
    hint="write ‖a - b‖ / ‖a + b‖ with a floor on the denominator",
    signature="(a, b)",
    formula="``‖a - b‖ / ‖a + b‖``, with a floor on the denominator so that two zero vectors give 0.",
    reference=relative_error,
    cases=_relative_error_cases,
    outputs=(("the relative error", "scalar"),),
    mistakes=lambda: (
        Mistake(
            "you divide by ‖a‖; divide by ‖a + b‖, so that neither vector is privileged.",
            lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a),
        ),
        Mistake(
            "you divide by ‖a‖ + ‖b‖; the article divides by ‖a + b‖.",
            lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)),
        ),
        Mistake(
            "you return the absolute difference ‖a − b‖; divide it by ‖a + b‖.", lambda a, b: np.linalg.norm(a - b)
        ),
    ),
    forbidden=lambda: (gradcheck.relative_error, gradcheck.relative_error_elementwise, gradcheck.check_gradients),
    warning_hint="When a and b are both zero, ‖a + b‖ = 0 and 0/0 is NaN: give the denominator a floor, "
    "e.g. max(‖a + b‖, 1e-300).",
    rtol=1e-7,
    atol=1e-15,
    use="""# A gradient check built from your two functions (or the package's, until yours pass).
demo_sizes = [3, 5, 3]
demo_params = nl.unroll(nl.rand_initialize_weights(demo_sizes, rng=7))
demo_X = np.random.default_rng(8).normal(size=(6, 3))
demo_y = np.arange(6) % 3
cost = lambda p: nl.nn_cost_function_unrolled(p, demo_sizes, demo_X, demo_y, 1.0)[0]
analytic = nl.nn_cost_function_unrolled(demo_params, demo_sizes, demo_X, demo_y, 1.0)[1]
numeric = numerical_gradient(cost, demo_params, 1e-4)
print("backpropagation agrees with the differences (relative error < 1e-9):",
      relative_error(numeric, analytic) < 1e-9)""",
)

from .nb04_more import DIAGNOSE_REPORT, FIXED_COST_AND_GRADIENT, PREDICT_FLOAT32_FLOOR  # noqa: E402

RECORDS = (NUMERICAL_GRADIENT, RELATIVE_ERROR, FIXED_COST_AND_GRADIENT, DIAGNOSE_REPORT, PREDICT_FLOAT32_FLOOR)
