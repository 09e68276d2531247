"""Notebook 03 (cost and gradient): 3.1 ``regularized_cost``, 3.2 ``cost_and_gradient``; 3.3 to 3.5 in ``nb03_more``."""

import numpy as np

from ... import costs, labels, network, per_example, ufldl
from ...params import roll
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, output_of, sizes_label, unrolled, unrolled_cases
from .common import network as random_network


def regularized_cost(thetas, X, y, lam):
    """The regularized cross-entropy ``J(Θ)``: ``nnlesson.nn_cost_function``'s first value."""
    return network.nn_cost_function(thetas, X, y, lam)[0]


def _cost_parts(thetas, X, y):
    """The data term summed over examples and units, the bias-free and the full sum of squares."""
    a = output_of(thetas, X)
    Y = labels.one_hot(y, a.shape[1])
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
        return {
            "bias": lambda: data + lam / (2 * m) * everything,
            "no_1_over_m": lambda: data * m + penalty,
            "lambda_over_2": lambda: data + lam / 2 * weights,
            "lambda_over_m": lambda: data + lam / m * weights,
            "no_penalty": lambda: data,
            "no_negative_term": lambda: positive / m + penalty,
            "mean_over_units": lambda: data / K + penalty,
        }[kind]()

    return cost


def _cost_mistakes():
    return (
        Mistake(
            "your penalty includes the bias column Θ[:, 0]; regularize only Θ[:, 1:] (Enslin's Theta1(:, 2:end)).",
            _cost_variant("bias"),
        ),
        Mistake("your cost is missing the 1/m in front of the sum over examples.", _cost_variant("no_1_over_m")),
        Mistake(
            "your penalty is (λ/2) Σ θ², UFLDL's weight decay; this cost uses λ/(2m).", _cost_variant("lambda_over_2")
        ),
        Mistake(
            "your penalty is (λ/m) Σ θ²; it is λ/(2m) Σ θ² (the 2 cancels only in the gradient).",
            _cost_variant("lambda_over_m"),
        ),
        Mistake(
            "your cost leaves out the penalty (λ/(2m)) Σ θ²: it is right for λ = 0 only.", _cost_variant("no_penalty")
        ),
        Mistake("your cost leaves out the (1 − y) log(1 − a) term.", _cost_variant("no_negative_term")),
        Mistake(
            "you divided the data term by m·K (np.mean over the whole matrix); sum over the K "
            "units and divide by m only.",
            _cost_variant("mean_over_units"),
        ),
    )


_SETS = [([3, 4, 3], 6, 0.0), ([3, 4, 3], 6, 1.5), ([4, 5, 3, 2], 5, 0.7), ([2, 3, 2], 1, 2.0), ([5, 2], 8, 1.0)]


def _cost_cases(rng):
    cases = []
    for sizes, m, lam in _SETS:
        thetas, X, y = random_network(rng, sizes, m)
        cases.append(Case(sizes_label(sizes, m, lam), (thetas, X, y, lam)))
    return cases


_COSTS = (
    network.nn_cost_function,
    network.nn_cost_function_unrolled,
    network.cost,
    network.cost_and_gradients,
    network.unrolled_cost,
    per_example.nn_cost_function_loop,
    ufldl.ufldl_cost,
)

REGULARIZED_COST = Exercise(
    id="3.1",
    name="regularized_cost",
    kind="implement",
    notebook="03",
    points=2,
    title="the regularized cost",
    task="""Write `regularized_cost(thetas, X, y, lam)`: the regularized cross-entropy

$$J(\\Theta) = -\\frac{1}{m}\\sum_{i=1}^{m}\\sum_{k=1}^{K}\\Big[y^{(i)}_k\\log a^{(L)(i)}_k
+ (1-y^{(i)}_k)\\log\\big(1-a^{(L)(i)}_k\\big)\\Big]
+ \\frac{\\lambda}{2m}\\sum_{l}\\sum_{j}\\sum_{i\\ge 1}\\big(\\Theta^{(l)}_{ji}\\big)^2$$

for weights `thetas`, examples `X` of shape `(m, n)`, integer labels `y` of shape `(m,)`
in `0..K-1` (`K >= 2`) and `lam` $= \\lambda \\ge 0$. The penalty leaves out the bias
column `theta[:, 0]`. Return a single number."""
    + CHECK_NOTE,
    solution='''def regularized_cost(thetas, X, y, lam):
    """The regularized cross-entropy J(Θ), a float."""
    ### BEGIN SOLUTION
    m = X.shape[0]
    a = X
    for theta in thetas:
        a = nl.sigmoid(np.hstack([np.ones((m, 1)), a]) @ theta.T)
    Y = nl.one_hot(y, a.shape[1])
    data = -np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / m
    penalty = lam / (2 * m) * sum(np.sum(theta[:, 1:] ** 2) for theta in thetas)
    return data + penalty
    ### END SOLUTION''',
    hint="write the regularized cross-entropy J(Θ)",
    signature="(thetas, X, y, lam)",
    formula="``J = -(1/m) Σ_i Σ_k [y_k log a_k + (1 - y_k) log(1 - a_k)] + λ/(2m) Σ_l Σ Θ^(l)[:, 1:]²``.",
    reference=regularized_cost,
    cases=_cost_cases,
    outputs=(("J", "scalar"),),
    mistakes=_cost_mistakes,
    forbidden=lambda: _COSTS + (network.penalty, costs.LOSSES[("cross_entropy", "sigmoid")].value),
)


def cost_and_gradient(nn_params, layer_sizes, X, y, lam):
    """``(J, grad)`` on the unrolled parameters, row by row: ``nnlesson.nn_cost_function_unrolled``."""
    return network.nn_cost_function_unrolled(nn_params, layer_sizes, X, y, lam)


def _gradient_mistakes():
    from ...bugs import BUGS

    mistakes = [Mistake(bug.description, unrolled(bug.cost_function)) for bug in BUGS.values()]
    mistakes.append(
        Mistake(
            "you cut nn_params into matrices column by column (MATLAB's reshape); numpy's order is "
            "row by row: use nl.roll(nn_params, layer_sizes) and nl.unroll(grads).",
            unrolled(network.nn_cost_function, order="F"),
        )
    )
    for mistake in _cost_mistakes():
        mistakes.append(
            Mistake(
                mistake.description,
                lambda p, s, X, y, lam, f=mistake.function: (
                    f(roll(p, s), X, y, lam),
                    cost_and_gradient(p, s, X, y, lam)[1],
                ),
            )
        )
    return tuple(mistakes)


COST_AND_GRADIENT = Exercise(
    id="3.2",
    name="cost_and_gradient",
    kind="implement",
    notebook="03",
    points=3,
    title="cost and gradient on one parameter vector",
    task="""Write `cost_and_gradient(nn_params, layer_sizes, X, y, lam)` for an optimizer: cut the
vector `nn_params` into the matrices $\\Theta^{(l)}$ (row by row: `nl.roll(nn_params,
layer_sizes)`), compute the cost $J$ and, by backpropagation,

$$\\frac{\\partial J}{\\partial\\Theta^{(l)}} = \\frac{1}{m}\\,{\\delta^{(l+1)}}^T
[1 \\;\\; a^{(l)}] + \\frac{\\lambda}{m}\\,[0 \\;\\; \\Theta^{(l)}_{:,\\,1:}]$$

and return `(J, grad)`, with the gradient matrices unrolled row by row (`nl.unroll`)
into one vector the shape of `nn_params`."""
    + CHECK_NOTE,
    solution='''def cost_and_gradient(nn_params, layer_sizes, X, y, lam):
    """(J, grad): the cost and its gradient, unrolled row by row like nn_params."""
    ### BEGIN SOLUTION
    thetas = nl.roll(nn_params, layer_sizes)
    m = X.shape[0]
    with_bias = [np.hstack([np.ones((m, 1)), X])]  # [1  a^(l)] for l = 1..L-1
    zs = []
    for theta in thetas:
        zs.append(with_bias[-1] @ theta.T)
        with_bias.append(np.hstack([np.ones((m, 1)), nl.sigmoid(zs[-1])]))
    delta = with_bias[-1][:, 1:] - nl.one_hot(y, layer_sizes[-1])  # δ^(L) = a^(L) - y
    grads = [None] * len(thetas)
    for l in range(len(thetas) - 1, -1, -1):
        grads[l] = delta.T @ with_bias[l] / m
        grads[l][:, 1:] += lam / m * thetas[l][:, 1:]
        if l > 0:
            delta = (delta @ thetas[l][:, 1:]) * nl.sigmoid_gradient(zs[l - 1])
    return regularized_cost(thetas, X, y, lam), nl.unroll(grads)
    ### END SOLUTION''',
    hint="roll nn_params, backpropagate, and return (J, unrolled gradient)",
    signature="(nn_params, layer_sizes, X, y, lam)",
    formula="``∂J/∂Θ^(l) = (1/m) δ^(l+1)ᵀ [1  a^(l)] + (λ/m) [0  Θ^(l)[:, 1:]]``, every matrix "
    "unrolled row by row (``nl.unroll``) into one vector the shape of ``nn_params``.",
    reference=cost_and_gradient,
    cases=lambda rng: unrolled_cases(rng, _SETS),
    outputs=(("J", "scalar"), ("grad", "array")),
    mistakes=_gradient_mistakes,
    forbidden=lambda: _COSTS + (network.backward, network.backpropagate),
    use="""# Your cost and gradient (or the package's, until yours pass) on a small network.
demo_sizes = [3, 5, 4]
demo_params = nl.unroll(nl.rand_initialize_weights(demo_sizes, rng=5))
demo_X = np.random.default_rng(6).normal(size=(8, 3))
demo_y = np.arange(8) % 4
J, grad = cost_and_gradient(demo_params, demo_sizes, demo_X, demo_y, 1.0)
print(f"J = {J:.6f}; the gradient has {grad.size} entries, one per parameter")""",
)

from .nb03_more import GRADIENT_AT_ZERO, MATLAB_TO_NUMPY, REGULARIZED_GRADIENT  # noqa: E402

RECORDS = (REGULARIZED_COST, COST_AND_GRADIENT, MATLAB_TO_NUMPY, GRADIENT_AT_ZERO, REGULARIZED_GRADIENT)
