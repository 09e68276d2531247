"""Insert the exercise cells into the notebooks, after their ``## Exercises`` heading.

    python tools/add_exercises.py notebooks/            # insert (or replace) the cells
    python tools/add_exercises.py notebooks/ --execute  # and re-run each notebook (as `make notebooks`)

Each notebook ``NN_*.ipynb`` gets the exercises of ``EXERCISES["NN"]``: a
locked cell importing the checks, then for every exercise a locked task
statement, a solution cell and an autograded test cell
(``nnlesson.assignments.exercise_cells``), and sometimes a locked cell that
uses the solved function, to show that the notebook keeps running on the
package's reference while an exercise is unsolved. Cells inserted earlier
(marked ``"nnlesson": {"exercise": true}`` in their metadata) are replaced,
so running the tool twice changes nothing. The ``## Exercises`` heading
and the paragraph after it are left as they are.
"""

import argparse
import sys
from pathlib import Path

import nbformat

from nnlesson.assignments import EXERCISE_KEY, exercise_cells, locked_cell

SETUP = "from nnlesson import checks  # one check per exercise; each prints its verdict"

_CHECK_NOTE = (
    "\n\nRun the cell after your function to check it. The check tries cases you have not "
    "seen and tells you what is wrong; until your function passes, the rest of the notebook "
    "uses the package's version."
)

# --- 01 forward propagation ---------------------------------------------------------

SIGMOID_TASK = """### Exercise 1.1 — a sigmoid that never overflows

Write `sigmoid(z)`: $g(z) = \\dfrac{1}{1 + e^{-z}}$ element-wise, for an array `z` of any
shape (or a single number). It must work for *every* finite `z`: written literally,
`np.exp(-z)` overflows for $z = -1000$ and numpy warns. Rewrite it so that no huge
exponential is ever formed.""" + _CHECK_NOTE

SIGMOID_SOLUTION = '''def sigmoid(z):
    """g(z) = 1 / (1 + e^(-z)), element-wise; no overflow for any finite z."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # e^(-|z|) <= 1: never overflows
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    ### END SOLUTION'''

FORWARD_TASK = """### Exercise 1.2 — the forward pass

Write `forward_output(thetas, X)`: the output $a^{(L)} = h_\\Theta(X)$ of the network with
weights `thetas` $= [\\Theta^{(1)}, \\dots, \\Theta^{(L-1)}]$ for the examples `X`
(shape `(m, n)`, one per row). Start from $a^{(1)} = X$ and for each layer compute
$a^{(l+1)} = g\\big([1 \\;\\; a^{(l)}]\\, {\\Theta^{(l)}}^T\\big)$, with your `sigmoid`.
Return an array of shape `(m, K)`. Any number of layers, any `m` (also 1), any `K`
(also 1).""" + _CHECK_NOTE

FORWARD_SOLUTION = '''def forward_output(thetas, X):
    """a^(L) = h_Θ(X), shape (m, K): the forward pass through every Θ^(l)."""
    ### BEGIN SOLUTION
    a = X
    for theta in thetas:
        a_with_bias = np.hstack([np.ones((a.shape[0], 1)), a])  # [1  a^(l)]
        a = sigmoid(a_with_bias @ theta.T)  # a^(l+1) = g(z^(l+1))
    return a
    ### END SOLUTION'''

FORWARD_USE = """# Uses your forward_output (or the package's, until yours passes).
demo_thetas = nl.rand_initialize_weights([4, 5, 3], rng=1)
demo_X = np.random.default_rng(2).normal(size=(2, 4))
print(np.round(forward_output(demo_thetas, demo_X), 4))"""

# --- 02 backpropagation ------------------------------------------------------------

SIGMOID_GRADIENT_TASK = """### Exercise 2.1 — the derivative of the sigmoid

Write `sigmoid_gradient(z)`: $g'(z) = g(z)\\,(1 - g(z))$ element-wise, at the
pre-activation `z` (you may use `nl.sigmoid`).""" + _CHECK_NOTE

SIGMOID_GRADIENT_SOLUTION = '''def sigmoid_gradient(z):
    """g'(z) = g(z) (1 - g(z)), element-wise, at the pre-activation z."""
    ### BEGIN SOLUTION
    g = nl.sigmoid(z)
    return g * (1 - g)
    ### END SOLUTION'''

ONE_HOT_TASK = """### Exercise 2.2 — one-hot labels

Write `one_hot(y, num_labels)`: for labels `y` of shape `(m,)` in `0..K-1` (with
`K = num_labels`), the matrix `Y` of shape `(m, K)` with `Y[i, k] = 1` where `y[i] == k`
and 0 elsewhere: the articles' `yv = [1:num_labels] == y`, with Python's 0-based
labels. `Y` has `K` columns even when some labels do not occur in `y`.""" + _CHECK_NOTE

ONE_HOT_SOLUTION = '''def one_hot(y, num_labels):
    """Y of shape (m, K): Y[i, k] = 1 if y[i] == k else 0."""
    ### BEGIN SOLUTION
    return (np.arange(num_labels) == np.asarray(y)[:, None]).astype(float)
    ### END SOLUTION'''

OUTPUT_DELTA_TASK = """### Exercise 2.3 — the output delta

Write `output_delta(a_L, Y)`: $\\delta^{(L)}$ of the cross-entropy cost with sigmoid
outputs, for the outputs `a_L` and the one-hot targets `Y` (both of shape `(m, K)`),
as Enslin's `s3 = a3 - yv`.""" + _CHECK_NOTE

OUTPUT_DELTA_SOLUTION = '''def output_delta(a_L, Y):
    """δ^(L) = a^(L) - Y, shape (m, K)."""
    ### BEGIN SOLUTION
    return a_L - Y
    ### END SOLUTION'''

HIDDEN_DELTA_TASK = """### Exercise 2.4 — a hidden delta

Write `hidden_delta(delta_next, theta, z)`:
$\\delta^{(l)} = \\big(\\delta^{(l+1)}\\, \\Theta^{(l)}_{:,\\,1:}\\big) \\odot g'(z^{(l)})$
for `delta_next` $= \\delta^{(l+1)}$ of shape `(m, s_{l+1})`, `theta` $= \\Theta^{(l)}$ of shape
`(s_{l+1}, s_l + 1)` and `z` $= z^{(l)}$ of shape `(m, s_l)`. Return shape `(m, s_l)`:
the bias unit gets no delta.""" + _CHECK_NOTE

HIDDEN_DELTA_SOLUTION = '''def hidden_delta(delta_next, theta, z):
    """δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l)), shape (m, s_l)."""
    ### BEGIN SOLUTION
    return (delta_next @ theta[:, 1:]) * sigmoid_gradient(z)
    ### END SOLUTION'''

DELTAS_USE = """# Backpropagation assembled from your functions (or the package's, until yours pass).
demo_thetas = nl.rand_initialize_weights([3, 5, 4], rng=3)
demo_X = np.random.default_rng(4).normal(size=(6, 3))
demo_y = np.array([0, 1, 2, 3, 0, 1])
fp = nl.forward_propagate(demo_thetas, demo_X)
bp = nl.backpropagate(demo_thetas, demo_X, demo_y)
d3 = output_delta(fp.output, one_hot(demo_y, 4))
d2 = hidden_delta(d3, demo_thetas[1], fp.z(2))
print("δ^(3) as the package computes it:", np.allclose(d3, bp.delta(3)))
print("δ^(2) as the package computes it:", np.allclose(d2, bp.delta(2)))"""

# --- 03 cost and gradient ----------------------------------------------------------

COST_TASK = """### Exercise 3.1 — the regularized cost

Write `regularized_cost(thetas, X, y, lam)`: the regularized cross-entropy

$$J(\\Theta) = -\\frac{1}{m}\\sum_{i=1}^{m}\\sum_{k=1}^{K}\\Big[y^{(i)}_k\\log a^{(L)(i)}_k
+ (1-y^{(i)}_k)\\log\\big(1-a^{(L)(i)}_k\\big)\\Big]
+ \\frac{\\lambda}{2m}\\sum_{l}\\sum_{j}\\sum_{i\\ge 1}\\big(\\Theta^{(l)}_{ji}\\big)^2$$

for weights `thetas`, examples `X` of shape `(m, n)`, integer labels `y` of shape `(m,)`
in `0..K-1` (`K >= 2`) and `lam` $= \\lambda \\ge 0$. The penalty leaves out the bias
column `theta[:, 0]`. Return a single number.""" + _CHECK_NOTE

COST_SOLUTION = '''def regularized_cost(thetas, X, y, lam):
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
    ### END SOLUTION'''

GRADIENT_TASK = """### Exercise 3.2 — cost and gradient on one parameter vector

Write `cost_and_gradient(nn_params, layer_sizes, X, y, lam)` for an optimizer: cut the
vector `nn_params` into the matrices $\\Theta^{(l)}$ (row by row: `nl.roll(nn_params,
layer_sizes)`), compute the cost $J$ and, by backpropagation,

$$\\frac{\\partial J}{\\partial\\Theta^{(l)}} = \\frac{1}{m}\\,{\\delta^{(l+1)}}^T
[1 \\;\\; a^{(l)}] + \\frac{\\lambda}{m}\\,[0 \\;\\; \\Theta^{(l)}_{:,\\,1:}]$$

and return `(J, grad)`, with the gradient matrices unrolled row by row (`nl.unroll`)
into one vector the shape of `nn_params`.""" + _CHECK_NOTE

GRADIENT_SOLUTION = '''def cost_and_gradient(nn_params, layer_sizes, X, y, lam):
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
    ### END SOLUTION'''

GRADIENT_USE = """# Your cost and gradient (or the package's, until yours pass) on a small network.
demo_sizes = [3, 5, 4]
demo_params = nl.unroll(nl.rand_initialize_weights(demo_sizes, rng=5))
demo_X = np.random.default_rng(6).normal(size=(8, 3))
demo_y = np.arange(8) % 4
J, grad = cost_and_gradient(demo_params, demo_sizes, demo_X, demo_y, 1.0)
print(f"J = {J:.6f}; the gradient has {grad.size} entries, one per parameter")"""

# --- 04 gradient checking ----------------------------------------------------------

NUMERICAL_TASK = """### Exercise 4.1 — the numerical gradient

Write `numerical_gradient(J, theta, epsilon)`: for a function `J` of a parameter vector
`theta` of shape `(n,)`, the vector of two-sided differences

$$\\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}{2\\varepsilon},
\\qquad i = 1, \\dots, n$$

where $e_i$ is the $i$-th unit vector. Perturb one entry at a time, and leave the
caller's `theta` as it was.""" + _CHECK_NOTE

NUMERICAL_SOLUTION = '''def numerical_gradient(J, theta, epsilon):
    """Two-sided differences (J(θ + εe_i) - J(θ - εe_i)) / 2ε, shape (n,)."""
    ### BEGIN SOLUTION
    theta = np.asarray(theta, dtype=float)
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = epsilon
        grad[i] = (J(theta + step) - J(theta - step)) / (2 * epsilon)
    return grad
    ### END SOLUTION'''

RELATIVE_TASK = """### Exercise 4.2 — the relative error

Write `relative_error(a, b)`: $\\dfrac{\\lVert a - b\\rVert}{\\lVert a + b\\rVert}$ for two
arrays of the same shape, returned as a single number. When `a` and `b` are both zero
the denominator is 0: give it a small floor (e.g. `1e-300`) so that the answer is 0,
not NaN.""" + _CHECK_NOTE

RELATIVE_SOLUTION = '''def relative_error(a, b):
    """‖a - b‖ / ‖a + b‖, with a floor on the denominator."""
    ### BEGIN SOLUTION
    return np.linalg.norm(a - b) / max(np.linalg.norm(a + b), 1e-300)
    ### END SOLUTION'''

CHECK_USE = """# A gradient check built from your two functions (or the package's, until yours pass).
demo_sizes = [3, 5, 3]
demo_params = nl.unroll(nl.rand_initialize_weights(demo_sizes, rng=7))
demo_X = np.random.default_rng(8).normal(size=(6, 3))
demo_y = np.arange(6) % 3
cost = lambda p: nl.nn_cost_function_unrolled(p, demo_sizes, demo_X, demo_y, 1.0)[0]
analytic = nl.nn_cost_function_unrolled(demo_params, demo_sizes, demo_X, demo_y, 1.0)[1]
numeric = numerical_gradient(cost, demo_params, 1e-4)
print("backpropagation agrees with the differences (relative error < 1e-9):",
      relative_error(numeric, analytic) < 1e-9)"""

# --- 05 training -------------------------------------------------------------------

DESCENT_TASK = """### Exercise 5.1 — batch gradient descent

Write `gradient_descent(cost_grad, theta0, alpha, num_iters)`: starting from `theta0`
(shape `(n,)`), repeat `num_iters` times: `J, grad = cost_grad(theta)`, record `J`, and
step $\\theta := \\theta - \\alpha\\, \\nabla J(\\theta)$. Return `(theta, costs)`, where
`costs` has shape `(num_iters,)` and `costs[0]` is the cost at `theta0` (each cost is
recorded *before* its step). Leave the caller's `theta0` as it was.""" + _CHECK_NOTE

DESCENT_SOLUTION = '''def gradient_descent(cost_grad, theta0, alpha, num_iters):
    """(theta, costs): num_iters steps θ := θ - α∇J(θ); costs[i] is J before step i."""
    ### BEGIN SOLUTION
    theta = np.array(theta0, dtype=float)  # a copy: theta0 stays as it was
    costs = np.zeros(num_iters)
    for i in range(num_iters):
        costs[i], grad = cost_grad(theta)
        theta = theta - alpha * grad
    return theta, costs
    ### END SOLUTION'''

DIGITS_TASK = """### Exercise 5.2 — train a network on the digits

Write `train_digits(X, y)`: given the training images `X` (shape `(m, 64)`, pixels in
`[0, 1]`) and their labels `y` (`0..9`), choose an architecture and $\\lambda$, train a
network (with your `gradient_descent`, or `scipy.optimize.minimize`) and return its
weights `[Θ^(1), …]`. The check measures the accuracy on test images your function never
sees; it passes at 0.90 and above.""" + _CHECK_NOTE

DIGITS_SOLUTION = '''def train_digits(X, y):
    """Weights [Θ^(1), Θ^(2)] of a 64-25-10 network trained on (X, y)."""
    ### BEGIN SOLUTION
    sizes = [X.shape[1], 25, 10]
    theta0 = nl.unroll(nl.rand_initialize_weights(sizes, rng=0))
    cost_grad = lambda p: nl.nn_cost_function_unrolled(p, sizes, X, y, 1.0)
    theta, costs = gradient_descent(cost_grad, theta0, alpha=3.0, num_iters=250)
    return nl.roll(theta, sizes)
    ### END SOLUTION'''

EXERCISES = {
    "01": [
        ("sigmoid", SIGMOID_TASK, SIGMOID_SOLUTION,
         "write sigmoid(z) = 1 / (1 + e^(-z)) so that it never overflows", 2, None),
        ("forward_output", FORWARD_TASK, FORWARD_SOLUTION,
         "write the forward pass a^(l+1) = g([1 a^(l)] Θ^(l)ᵀ) and return a^(L)", 3, FORWARD_USE),
    ],
    "02": [
        ("sigmoid_gradient", SIGMOID_GRADIENT_TASK, SIGMOID_GRADIENT_SOLUTION,
         "write g'(z) = g(z)(1 - g(z))", 1, None),
        ("one_hot", ONE_HOT_TASK, ONE_HOT_SOLUTION,
         "write Y[i, k] = 1 where y[i] == k, shape (m, num_labels)", 1, None),
        ("output_delta", OUTPUT_DELTA_TASK, OUTPUT_DELTA_SOLUTION,
         "write δ^(L) for the cross-entropy cost", 1, None),
        ("hidden_delta", HIDDEN_DELTA_TASK, HIDDEN_DELTA_SOLUTION,
         "write δ^(l) = (δ^(l+1) Θ^(l)[:, 1:]) ⊙ g'(z^(l))", 2, DELTAS_USE),
    ],
    "03": [
        ("regularized_cost", COST_TASK, COST_SOLUTION,
         "write the regularized cross-entropy J(Θ)", 2, None),
        ("cost_and_gradient", GRADIENT_TASK, GRADIENT_SOLUTION,
         "roll nn_params, backpropagate, and return (J, unrolled gradient)", 3, GRADIENT_USE),
    ],
    "04": [
        ("numerical_gradient", NUMERICAL_TASK, NUMERICAL_SOLUTION,
         "write the two-sided differences, one parameter at a time", 2, None),
        ("relative_error", RELATIVE_TASK, RELATIVE_SOLUTION,
         "write ‖a - b‖ / ‖a + b‖ with a floor on the denominator", 1, CHECK_USE),
    ],
    "05": [
        ("gradient_descent", DESCENT_TASK, DESCENT_SOLUTION,
         "repeat: record J(θ), then step θ := θ - α∇J(θ)", 2, None),
        ("train_digits", DIGITS_TASK, DIGITS_SOLUTION,
         "choose layer sizes and λ, train, and return the weights", 3, None),
    ],
}
"""Notebook number -> [(function name, task, solution, hint, points, cell using it or None)]."""


def exercise_section(number):
    """The cells inserted into notebook ``number`` (``"01"`` … ``"05"``)."""
    cells = [locked_cell(SETUP, f"exercises_setup_{number}")]
    for name, task, solution, hint, points, use in EXERCISES[number]:
        cells += exercise_cells(name, task, solution, hint, points)
        if use is not None:
            cells.append(locked_cell(use, f"{name}_use"))
    return cells


def _is_heading(cell, text):
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(text)


def insert_exercises(nb, number):
    """A copy of ``nb`` with the exercise cells of notebook ``number`` after ``## Exercises``.

    The cells go after the heading cell and, if the next cell is a plain
    paragraph (markdown that is not a heading), after that paragraph.
    Exercise cells from an earlier run are replaced; those that did not
    change are kept as they were, with their saved outputs.
    """
    nb = nbformat.from_dict(nb)
    earlier = {c.id: c for c in nb.cells if c.metadata.get(EXERCISE_KEY, {}).get("exercise")}
    cells = [c for c in nb.cells if c.id not in earlier]
    heading = [i for i, c in enumerate(cells) if _is_heading(c, "## Exercises")]
    if len(heading) != 1:
        raise ValueError(f"expected one '## Exercises' heading, found {len(heading)}")
    at = heading[0] + 1
    if at < len(cells) and cells[at].cell_type == "markdown" and not cells[at].source.lstrip().startswith("#"):
        at += 1
    section = [_unchanged(earlier.get(cell.id), cell) for cell in exercise_section(number)]
    nb.cells = cells[:at] + section + cells[at:]
    return nb


def _unchanged(old, new):
    """``old`` (with its saved outputs) if it is the same cell as ``new``, else ``new``."""
    if old is not None and old.source == new.source and old.metadata == new.metadata:
        return old
    return new


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the notebooks folder")
    parser.add_argument("--execute", action="store_true",
                        help="re-run each changed notebook with tools/execute_notebooks.py")
    args = parser.parse_args(argv)
    for path in sorted(args.folder.glob("[0-9][0-9]_*.ipynb")):
        number = path.name[:2]
        if number not in EXERCISES:
            continue
        nbformat.write(insert_exercises(nbformat.read(path, as_version=4), number), path)
        if args.execute:
            from execute_notebooks import execute  # tools/execute_notebooks.py, beside this file

            execute(path.resolve())
        print(f"{path}: {len(EXERCISES[number])} exercises")
    return 0


if __name__ == "__main__":
    sys.exit(main())
