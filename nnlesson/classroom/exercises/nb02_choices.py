"""Notebook 02's choice exercises: 2.6 predicts the gradients when Θ^(2) = 0, 2.7 reads a gradient check's report."""

from ..records import Case, Exercise, Mistake
from .common import CHOICE_NOTE

REPORT = {1: 3.1e-2, 2: 1.8e-11}
"""The relative errors of exercise 2.7's report, layer by layer, rounded as its task shows them.

They come from notebook 04's bug "gradient_of_activation" on this
notebook's 3-5-3 network (λ = 0), against two-sided differences with ε = 1e-4.
"""


def _your_choice(rng):
    return [Case("your choice", ())]


def predict_zero_theta2():
    """The right choice of exercise 2.6: only ∂J/∂Θ^(1) is zero."""
    return "b"


PREDICT_ZERO_THETA2 = Exercise(
    id="2.6",
    name="predict_zero_theta2",
    kind="predict",
    notebook="02",
    points=1,
    title="predict: which gradient vanishes when Θ^(2) is zero",
    task=r"""The cell after the check keeps this notebook's $\Theta^{(1)}$, sets **every** weight of
$\Theta^{(2)}$ to 0, and computes both gradients of the cost for the five examples, without
regularization ($\lambda = 0$). Before you
run it, predict what it prints:

- **a.** both $\partial J / \partial \Theta^{(1)}$ and $\partial J / \partial \Theta^{(2)}$ are zero;
- **b.** $\partial J / \partial \Theta^{(1)}$ is zero, $\partial J / \partial \Theta^{(2)}$ is not;
- **c.** $\partial J / \partial \Theta^{(2)}$ is zero, $\partial J / \partial \Theta^{(1)}$ is not;
- **d.** neither is zero.

Write `predict_zero_theta2()` so that it returns the letter of your prediction, e.g.
`return "a"`. Follow the formulas of sections 2, 4 and 5: what is $a^{(3)}$ when
$z^{(3)} = 0$, and which of $\delta^{(3)}$, $\delta^{(2)}$ contains $\Theta^{(2)}$?"""
    + CHOICE_NOTE,
    solution='''def predict_zero_theta2():
    """The letter of your prediction: "a", "b", "c" or "d"."""
    ### BEGIN SOLUTION
    # z3 = 0, so a3 = 0.5 and δ^(3) = 0.5 - y ≠ 0: ∂J/∂Θ^(2) = δ^(3)ᵀ [1 a2] / m ≠ 0;
    # δ^(2) = (δ^(3) Θ^(2)[:, 1:]) ⊙ g'(z2) = 0, so ∂J/∂Θ^(1) = δ^(2)ᵀ [1 X] / m = 0
    return "b"
    ### END SOLUTION''',
    hint='return the letter of your prediction, e.g. "a"',
    signature="()",
    formula="The letter of the right prediction.",
    reference=predict_zero_theta2,
    cases=_your_choice,
    outputs=(("your prediction", "choice"),),
    mistakes=lambda: (
        Mistake(
            "Θ^(2) still learns: z^(3) = 0 gives a^(3) = 0.5, so δ^(3) = 0.5 − y is not zero, and "
            "∂J/∂Θ^(2) = δ^(3)ᵀ [1 a^(2)] / m holds no Θ^(2) at all (column 0 alone is the mean "
            "of δ^(3)).",
            lambda: "a",
        ),
        Mistake(
            "∂J/∂Θ^(2) = δ^(3)ᵀ [1 a^(2)] / m does not contain Θ^(2), and neither δ^(3) = 0.5 − y "
            "nor [1 a^(2)] is zero. It is δ^(2) = (δ^(3) Θ^(2)[:, 1:]) ⊙ g'(z^(2)) that carries "
            "Θ^(2), and with it the gradient of Θ^(1).",
            lambda: "c",
        ),
        Mistake(
            "the blame of the hidden units flows back through Θ^(2): δ^(2) = (δ^(3) Θ^(2)[:, 1:]) "
            "⊙ g'(z^(2)) is zero when Θ^(2) is, and so is ∂J/∂Θ^(1) = δ^(2)ᵀ [1 X] / m.",
            lambda: "d",
        ),
    ),
    use="""# The experiment of exercise 2.6: this notebook's Θ^(1), and Θ^(2) = 0.
demo_thetas = [Theta1, np.zeros_like(Theta2)]
demo_J, (demo_grad1, demo_grad2) = nl.nn_cost_function(demo_thetas, X, y)
print(f"largest |δ^(2)|:      {np.abs(nl.backpropagate(demo_thetas, X, y).delta(2)).max():.4f}")
print(f"largest |∂J/∂Θ^(1)|:  {np.abs(demo_grad1).max():.4f}")
print(f"largest |∂J/∂Θ^(2)|:  {np.abs(demo_grad2).max():.4f}")
# After one step of gradient descent Θ^(2) is no longer zero, and Θ^(1) starts to learn too.""",
)


def diagnose_layer_report():
    """The right choice of exercise 2.7: the hidden delta is wrong."""
    return "b"


DIAGNOSE_LAYER_REPORT = Exercise(
    id="2.7",
    name="diagnose_layer_report",
    kind="diagnose",
    notebook="02",
    points=1,
    title="diagnose: one layer's gradient disagrees",
    task=rf"""A student wrote backpropagation for this notebook's 3-5-3 network and checked each
gradient against finite differences of the cost ($\lambda = 0$, $\varepsilon = 10^{{-4}}$).
The check printed the relative error of each matrix:

| gradient | relative error against finite differences |
|---|---|
| $\partial J / \partial \Theta^{{(1)}}$ | `{REPORT[1]:.1e}` |
| $\partial J / \partial \Theta^{{(2)}}$ | `{REPORT[2]:.1e}` |

Which line of the student's backpropagation is wrong?

- **a.** the output delta, `s3`;
- **b.** the hidden delta, `s2`;
- **c.** the gradient forgot to divide by $m$;
- **d.** none: a relative error of a few percent is the round-off of the finite differences.

Write `diagnose_layer_report()` so that it returns the letter of your answer. The cell after
the check shows which bug produced the report."""
    + CHOICE_NOTE,
    solution='''def diagnose_layer_report():
    """The letter of your answer: "a", "b", "c" or "d"."""
    ### BEGIN SOLUTION
    # ∂J/∂Θ^(2) = s3ᵀ [1 a2] / m is right, so s3 and the 1/m are right;
    # ∂J/∂Θ^(1) = s2ᵀ [1 X] / m is wrong: [1 X] is the data, so s2 is the factor to blame
    return "b"
    ### END SOLUTION''',
    hint='return the letter of your answer, e.g. "a"',
    signature="()",
    formula="The letter of the right diagnosis.",
    reference=diagnose_layer_report,
    cases=_your_choice,
    outputs=(("your diagnosis", "choice"),),
    mistakes=lambda: (
        Mistake(
            "∂J/∂Θ^(2) = s3ᵀ [1 a^(2)] / m is built from s3 and agrees with the differences to "
            "about 1e-11, so s3 is right; a wrong s3 would spoil both gradients (s2 is made from s3).",
            lambda: "a",
        ),
        Mistake(
            "forgetting the 1/m, in one gradient's line or in both, makes that matrix m times too "
            "large: a relative error of (m − 1)/(m + 1) = 0.67 for m = 5, not 3e-2.",
            lambda: "c",
        ),
        Mistake(
            "a right derivative agrees with the differences to about 1e-10 or better, as every "
            "check of this notebook shows, and as Θ^(2)'s 1.8e-11 shows here; 3e-2 is a real "
            "disagreement.",
            lambda: "d",
        ),
    ),
    use="""# The student's backpropagation behind exercise 2.7's report: a bug from notebook 04's gallery.
from nnlesson.bugs import BUGS

demo_bug = BUGS["gradient_of_activation"]
demo_numeric = nl.roll(gradcheck.numerical_gradient(
    lambda v: nl.nn_cost_function_unrolled(v, layer_sizes, X, y)[0], nl.unroll(thetas)), layer_sizes)
for demo_l, (demo_g, demo_n) in enumerate(zip(demo_bug.cost_function(thetas, X, y)[1], demo_numeric), start=1):
    demo_error = gradcheck.relative_error(demo_g, demo_n)
    print(f"∂J/∂Θ^({demo_l}): relative error", f"{demo_error:.1e}" if demo_error > 1e-9 else "below 1e-9")
print("The bug:", demo_bug.description)""",
)
