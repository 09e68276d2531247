"""What the records of several notebooks share: random networks, case labels, wrong forward passes."""

import numpy as np

from ...activations import ACTIVATIONS, OUTPUTS, Activation
from ...network import forward

CHECK_NOTE = (
    "\n\nRun the cell after your function to check it. The check tries cases you have not "
    "seen and tells you what is wrong; until your function passes, the rest of the notebook "
    "uses the package's version."
)

CHOICE_NOTE = (
    "\n\nRun the cell after your function to check it. The check says whether your choice is right "
    "and, if it is not, why the letter you chose is wrong; it never names the right one."
)

SIGMOID = ACTIVATIONS["sigmoid"]
LINEAR = Activation(lambda z: z, lambda z: np.ones_like(z))


def network(rng, sizes, m, scale=1.0):
    """Random weights ``[Θ^(1), …]`` for ``sizes``, ``m`` random examples and labels."""
    thetas = [rng.normal(scale=scale, size=(b, a + 1)) for a, b in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(size=(m, sizes[0]))
    y = rng.integers(0, sizes[-1], size=m)
    return thetas, X, y


def sizes_label(sizes, m, lam=None):
    """``layer sizes [3, 4, 2], m = 6, λ = 1.5``, naming a single example or output unit."""
    text = f"layer sizes {list(sizes)}, m = {m}"
    if m == 1:
        text += " (one example)"
    if sizes[-1] == 1:
        text += " (one output unit)"
    if lam is not None:
        text += f", λ = {lam:g}"
    return text


def output_of(thetas, X, bias="first", hidden=SIGMOID, out=OUTPUTS["sigmoid"]):
    """``a^(L)`` by ``nnlesson.network.forward``, or by one of its classic wrong variants.

    ``bias="none"`` leaves out ``Θ[:, 0]``; ``bias="last"`` puts the column of
    ones after ``a`` (``[a 1] Θᵀ``, which is ``[1 a]`` times ``Θ`` with its
    columns rotated by one).
    """
    thetas = [np.asarray(t, dtype=np.float64) for t in thetas]
    if bias == "none":
        thetas = [np.hstack([np.zeros((t.shape[0], 1)), t[:, 1:]]) for t in thetas]
    elif bias == "last":
        thetas = [np.roll(t, 1, axis=1) for t in thetas]
    return forward(thetas, np.asarray(X, dtype=np.float64), hidden, out).output


def z_cases(rng):
    """Arrays ``z`` of several shapes, a single number, and entries as large as ±1000."""
    from ..records import Case

    return [
        Case("z of shape (5,)", (rng.normal(scale=3.0, size=5),)),
        Case("z of shape (3, 4)", (rng.normal(scale=5.0, size=(3, 4)),)),
        Case("z a single number", (float(rng.normal()),)),
        Case("z of shape (1, 1)", (rng.normal(size=(1, 1)),)),
        Case(
            "z of shape (9,), entries as large as ±1000",
            (np.array([-1000.0, -745.0, -100.0, -30.0, 0.0, 30.0, 100.0, 745.0, 1000.0]),),
        ),
    ]


def unrolled(cost_function, order="C"):
    """A cost of ``(vector, layer_sizes, X, y, lam)`` made of one of ``([Θ^(1), …], X, y, lam)``.

    The vector is rolled into matrices and the gradients unrolled back, both in
    ``order`` (``"F"`` is MATLAB's column order, a classic wrong answer).
    """
    from ...params import roll, unroll

    def cost(vector, layer_sizes, X, y, lam):
        J, grads = cost_function(roll(vector, layer_sizes, order=order), X, y, lam)
        return J, unroll(grads, order=order)

    return cost


def unrolled_cases(rng, sets):
    """One case per ``(sizes, m, λ)`` of ``sets``: a random network's ``(unroll(thetas), sizes, X, y, λ)``."""
    from ...params import unroll
    from ..records import Case

    cases = []
    for sizes, m, lam in sets:
        thetas, X, y = network(rng, sizes, m)
        cases.append(Case(sizes_label(sizes, m, lam), (unroll(thetas), sizes, X, y, lam)))
    return cases


def letter_answer(letter):
    """A wrong answer to a choice exercise: the function that returns ``letter``."""
    return lambda *args: letter
