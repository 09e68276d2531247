"""Notebook 06, exercise 6.5 ``softmax``: find the bug in a softmax that runs without an error."""

import numpy as np

from ... import activations
from ..records import Case, Exercise, Mistake
from .common import CHECK_NOTE

BUGGY = '''def softmax(z):
    """The softmax of each row of z, shape (m, K): a_k = e^(z_k) / Σ_j e^(z_j)."""
    e = np.exp(z - np.max(z, axis=1, keepdims=True))  # no exponential above 1
    return e / np.sum(e, axis=0)'''

_KEEPDIMS = (
    "a sum or max along axis=1 has shape (m,), which numpy lines up with the K columns, not the m rows: "
    "keep the axis (keepdims=True), so that it has shape (m, 1) and acts on each row."
)


def _variant(kind):
    def softmax(z):
        z = np.asarray(z, dtype=np.float64)
        shift = {"global": np.max(z), "none": 0.0}.get(kind, np.max(z, axis=1, keepdims=True))
        e = np.exp(z - shift)
        return e / np.sum(e, axis=0 if kind == "columns" else 1, keepdims=True)

    return softmax


def _cases(rng):
    return [
        Case("z of shape (5, 3)", (rng.normal(scale=2.0, size=(5, 3)),)),
        Case("z of shape (1, 4) (one example)", (rng.normal(size=(1, 4)),)),
        Case("z of shape (4, 4)", (rng.normal(scale=3.0, size=(4, 4)),)),
        Case(
            "z of shape (3, 3), rows near 1000, 0 and −1000",
            (rng.normal(size=(3, 3)) + np.array([[1000.0], [0.0], [-1000.0]]),),
        ),
        Case("z of shape (6, 2)", (rng.normal(scale=2.0, size=(6, 2)),)),
    ]


SOFTMAX_BUG = Exercise(
    id="6.5",
    name="softmax",
    kind="find-the-bug",
    notebook="06",
    points=1,
    title="find the bug in a softmax",
    task=f"""This softmax runs without an error on a matrix of logits `z` of shape `(m, K)`, one
example per row, and returns positive numbers in an array of the right shape; yet they are
not the probabilities of section 1. Copy it into the cell below and fix its **one** bug
(the check names the bug if it is still there):

```python
{BUGGY}
```"""
    + CHECK_NOTE,
    solution='''def softmax(z):
    """The softmax of each row of z, shape (m, K): a_k = e^(z_k) / Σ_j e^(z_j)."""
    ### BEGIN SOLUTION
    e = np.exp(z - np.max(z, axis=1, keepdims=True))  # no exponential above 1
    return e / np.sum(e, axis=1, keepdims=True)  # Σ_j over the K outputs of each example
    ### END SOLUTION''',
    hint="copy the softmax of the task here and fix its bug",
    signature="(z)",
    formula="``a_k = e^(z_k - max_j z_j) / Σ_j e^(z_j - max_j z_j)`` for each row of ``z``.",
    reference=activations.softmax,
    cases=_cases,
    outputs=(("softmax(z)", "array"),),
    mistakes=lambda: (
        Mistake(
            "you sum over axis 0, the examples: each column sums to 1 instead of each row. The sum "
            "Σ_j runs over the K outputs of one example: np.sum(e, axis=1, keepdims=True).",
            _variant("columns"),
        ),
        Mistake(
            "you subtract the largest z of the whole array: in a row far below it every e^(z − max) "
            "underflows to 0, and 0/0 is NaN. Subtract each row's own largest z "
            "(np.max(z, axis=1, keepdims=True)).",
            _variant("global"),
        ),
        Mistake(
            "you no longer subtract the row's largest z: e^1000 overflows to inf, and inf/inf is NaN.",
            _variant("none"),
        ),
    ),
    forbidden=lambda: (activations.softmax, activations.OUTPUTS["softmax"].function),
    exception_hints=(("ValueError", "broadcast", _KEEPDIMS),),
    warning_hint="Subtract each row's largest z before e^z, and sum along each row.",
    use="""# Your softmax on three examples: each row is positive and sums to 1, whatever its size.
bug_z = np.array([[2.0, 1.0, 0.1], [1000.0, 999.0, 998.1], [-5.0, 0.0, 5.0]])
print(softmax(bug_z).round(4))
print("row sums:", softmax(bug_z).sum(axis=1).round(12))""",
)
