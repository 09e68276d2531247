"""Notebook 01's find-the-bug exercise 1.5 ``enslin_forward``, and what it shares with 1.2 ``forward_output``."""

import numpy as np

from ... import network, per_example, ufldl
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE, SIGMOID, sizes_label
from .common import network as random_network

TRANSPOSE_HINT = (
    "Θ^(l) has shape (s_(l+1), s_l + 1), one row per unit of the next layer: multiply "
    "[1 a^(l)] by its transpose, z = [1 a^(l)] Θ^(l)ᵀ (theta.T)."
)


def forward_passes():
    """The package's forward passes (and what calls them), which a forward-pass exercise may not call."""
    return (
        network.linear,
        network.forward,
        network.forward_propagate,
        network.predict,
        network.backpropagate,
        network.nn_cost_function,
        network.nn_cost_function_unrolled,
        network.cost,
        network.cost_and_gradients,
        per_example.nn_cost_function_loop,
        ufldl.ufldl_cost,
    )


def enslin_forward(Theta1, Theta2, X):
    """Enslin's ``(a2, a3)``: ``a2 = [1 g(z2)]`` with its bias unit, shape ``(m, s_2 + 1)``; ``a3``, ``(m, K)``."""
    fp = network.forward([np.asarray(t, dtype=np.float64) for t in (Theta1, Theta2)], np.asarray(X, dtype=np.float64))
    return fp.a(2, bias=True), fp.output


_BUGGY_ENSLIN = """def enslin_forward(Theta1, Theta2, X):
    \"\"\"Enslin's a2 (with the bias unit) and a3, for a network of three layers.\"\"\"
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])            # a1 = [ones(m,1) X];
    z2 = a1 @ Theta1.T                              # z2 = a1*Theta1';
    a2 = sigmoid(np.hstack([np.ones((m, 1)), z2]))  # a2 = [ones(m,1) sigmoid(z2)];
    z3 = a2 @ Theta2.T                              # z3 = a2*Theta2';
    a3 = sigmoid(z3)                                # a3 = sigmoid(z3);
    return a2, a3"""


def _sigmoid_of_bias(Theta1, Theta2, X):
    m = np.shape(X)[0]
    z2 = np.hstack([np.ones((m, 1)), X]) @ np.asarray(Theta1).T
    a2 = SIGMOID.function(np.hstack([np.ones((m, 1)), z2]))
    return a2, SIGMOID.function(a2 @ np.asarray(Theta2).T)


def _hidden_bias_variant(where):
    def wrong(Theta1, Theta2, X):
        m = np.shape(X)[0]
        h = SIGMOID.function(np.hstack([np.ones((m, 1)), X]) @ np.asarray(Theta1).T)
        if where == "none":
            return h, SIGMOID.function(h @ np.asarray(Theta2)[:, 1:].T)
        a2 = np.hstack([h, np.ones((m, 1))])
        return a2, SIGMOID.function(a2 @ np.asarray(Theta2).T)

    return wrong


def _enslin_cases(rng):
    cases = []
    for sizes, m in [([3, 4, 7], 5), ([2, 6, 1], 4), ([5, 1, 3], 3), ([4, 3, 2], 1)]:
        (Theta1, Theta2), X, _ = random_network(rng, sizes, m)
        cases.append(Case(sizes_label(sizes, m), (Theta1, Theta2, X)))
    return cases


ENSLIN_FORWARD = Exercise(
    id="1.5",
    name="enslin_forward",
    kind="find-the-bug",
    notebook="01",
    points=1,
    title="find the bug in a forward pass",
    task=f"""A student translated Enslin's five lines (section 2) into numpy and returns his `a2`, the
hidden activations *with* the bias unit (shape `(m, s_2 + 1)`), and `a3` (shape `(m, K)`).
It runs without an error for every network, but one line does not do what its comment says:

```python
{_BUGGY_ENSLIN}
```

Copy the function into the cell below, find the bug, and fix it (change as little as you
can). A way to hunt for it: run the function on this notebook's `Theta1, Theta2, X` and
compare each of its results with the `a2` and `a3` of section 2, which you know to be right."""
    + CHECK_NOTE,
    solution='''def enslin_forward(Theta1, Theta2, X):
    """Enslin's a2 (with the bias unit) and a3, for a network of three layers."""
    ### BEGIN SOLUTION
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])  # a1 = [ones(m,1) X];
    z2 = a1 @ Theta1.T  # z2 = a1*Theta1';
    a2 = np.hstack([np.ones((m, 1)), sigmoid(z2)])  # a2 = [ones(m,1) sigmoid(z2)]; the ones are not squashed
    z3 = a2 @ Theta2.T  # z3 = a2*Theta2';
    a3 = sigmoid(z3)  # a3 = sigmoid(z3);
    return a2, a3
    ### END SOLUTION''',
    hint="copy the function of the task here and fix its bug",
    signature="(Theta1, Theta2, X)",
    formula="``a2 = [1  g(a1 Θ^(1)ᵀ)]`` with ``a1 = [1  X]``, shape ``(m, s_2 + 1)``; ``a3 = g(a2 Θ^(2)ᵀ)``, "
    "shape ``(m, K)``.",
    reference=enslin_forward,
    cases=_enslin_cases,
    outputs=(("a2", "array"), ("a3", "array")),
    mistakes=lambda: (
        Mistake(
            "the bias unit went through the sigmoid: g([1 z2]) puts g(1) ≈ 0.731 in column 0 of a2. "
            "The bias unit is the constant 1, so squash z2 first and put the ones in front "
            "afterwards: a2 = [1 g(z2)].",
            _sigmoid_of_bias,
        ),
        Mistake(
            "your a2 has no bias unit; Enslin's a2 = [ones(m,1) sigmoid(z2)] keeps it (shape "
            "(m, s_2 + 1)), and column 0 of Θ^(2) multiplies it.",
            _hidden_bias_variant("none"),
        ),
        Mistake(
            "you put the column of ones last; column 0 of Θ^(2) multiplies the bias unit, so the "
            "ones go first: [1 g(z2)].",
            _hidden_bias_variant("last"),
        ),
    ),
    forbidden=forward_passes,
    exception_hints=(("ValueError", "matmul", TRANSPOSE_HINT),),
    warning_hint="Use your sigmoid from exercise 1.1 (or nl.sigmoid), which never overflows.",
    use="""# Your enslin_forward (or the package's, until yours passes) against nl.forward_propagate.
demo_thetas = nl.rand_initialize_weights([3, 4, 7], rng=4)
demo_X = np.random.default_rng(5).uniform(size=(5, 3))
demo_a2, demo_a3 = enslin_forward(*demo_thetas, demo_X)
demo_fp = nl.forward_propagate(demo_thetas, demo_X)
print("column 0 of a2, the bias unit:", demo_a2[:, 0])
print("a2 and a3 agree with nl.forward_propagate:",
      np.allclose(demo_a2, demo_fp.a(2, bias=True)) and np.allclose(demo_a3, demo_fp.output))""",
)
