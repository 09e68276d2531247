"""The exercise record: everything about one exercise in one place.

One ``Exercise`` holds what the notebook cells are made of (``title``,
``task``, ``solution``, ``hint``, ``points``, ``use``), what the check runs
(``cases``, ``reference``, ``outputs``, tolerances, ``time_limit``), what it
says when the answer is wrong (``mistakes``, ``exception_hints``,
``warning_hint``), and what the answer may not call (``forbidden``: the
package's own implementations of the exercise). The records themselves
live in ``nnlesson.classroom.exercises``, one module per notebook;
``EXERCISES`` gathers them in notebook order.

The ``solution`` is the code of the solution cell, its answer between
``### BEGIN SOLUTION`` and ``### END SOLUTION``. The student copy's wheel
is built with every such region removed (``nnlesson.classroom.release``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .compare import compare

__all__ = ["KINDS", "Case", "Mistake", "Exercise", "EXERCISES", "lookup", "by_notebook"]

KINDS = ("implement", "derive", "predict", "diagnose", "find-the-bug")
"""What an exercise asks: write a function, derive a formula, predict a number, name a bug's symptom, find it."""


@dataclass(frozen=True)
class Case:
    """Arguments for the student's function, what the student is told about them, and extra data to judge by."""

    label: str
    args: tuple
    extra: tuple = ()


@dataclass(frozen=True)
class Mistake:
    """A buggy version of the exercise (its signature) and the sentence that names the bug."""

    description: str
    function: Callable


@dataclass(frozen=True)
class Exercise:
    """One exercise: the cells, the check and the diagnoses.

    Attributes
    ----------
    id : str
        ``"<notebook>.<n>"``, e.g. ``"1.1"``, as in the heading "Exercise 1.1".
    name : str
        The function the student writes (``sigmoid``); the grade id of its solution cell.
    kind : str
        One of ``KINDS``.
    notebook : str
        ``"01"`` … ``"06"``.
    title, task, solution, hint : str
        The heading, the task statement (markdown), the solution cell's code
        and the message of the student copy's ``NotImplementedError``.
    points : int
    signature, formula : str
        ``"(z)"``, and the formula the check's docstring states.
    reference : callable
        The right answer, computed by the package's public functions.
    cases : callable
        ``cases(rng) -> [Case]``: the unseen cases, random architectures included.
    outputs : tuple of (what, kind)
        ``kind`` in {"array", "scalar", "list", "choice"}; a tuple answer has several.
        A ``"choice"`` is the letter of an answer (``"b"``); a wrong one is not told the right one.
    mistakes : callable
        ``mistakes() -> [Mistake]``, the classic wrong answers.
    forbidden : callable
        ``forbidden() -> [function]``: the package's implementations of this
        exercise, which the answer may not call (directly or through
        another package function).
    exception_hints : tuple of (exception name, words in its message, hint)
    use : str or None
        A locked cell after the test cell that uses the solved function.
    time_limit : float
        Seconds one case may take before the check stops the function.
    graded_alone : bool
        Replace the other exercises' functions by nnlesson's references while
        this one is checked (True), or let it call the student's own (False:
        the staged build, which assembles them).
    """

    id: str
    name: str
    kind: str
    notebook: str
    title: str
    task: str
    solution: str
    hint: str
    points: int
    signature: str
    formula: str
    reference: Callable
    cases: Callable
    outputs: tuple
    mistakes: Callable = lambda: ()
    forbidden: Callable = lambda: ()
    exception_hints: tuple = ()
    warnings_fail: bool = True
    warning_hint: str = ""
    rtol: float = 1e-9
    atol: float = 1e-12
    custom_judge: Callable = field(default=None)
    use: str = None
    time_limit: float = 10.0
    graded_alone: bool = True

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")

    @property
    def number(self):
        """The position among all exercises (1 for 1.1): seeds the cases of each exercise apart."""
        return ORDER.index(self.name) + 1

    def expected(self, case):
        """The reference's answer to ``case``."""
        return self.reference(*case.args)

    def judge(self, case, got, expected=None):
        """The problems with ``got`` as an answer to ``case`` (empty if right)."""
        if self.custom_judge is not None:
            return self.custom_judge(case, got)
        return self.judge_against(got, self.expected(case) if expected is None else expected)

    def judge_against(self, got, expected, equal_nan=True):
        """The problems with ``got`` compared with ``expected``."""
        if len(self.outputs) == 1:
            return compare(self.outputs[0], got, expected, self.rtol, self.atol, equal_nan)
        names = ", ".join(name for name, _ in self.outputs)
        if not isinstance(got, (tuple, list)) or len(got) != len(self.outputs):
            from .compare import kind_of

            return [f"expected a tuple ({names}), got {kind_of(got)}"]
        problems = []
        for spec, g, e in zip(self.outputs, got, expected):
            problems += compare(spec, g, e, self.rtol, self.atol, equal_nan)
        return problems


def _gather():
    from .exercises import nb01, nb02, nb03, nb04, nb05, nb06

    records = [r for module in (nb01, nb02, nb03, nb04, nb05, nb06) for r in module.RECORDS]
    return {r.name: r for r in records}


EXERCISES = _gather()
"""Function name -> ``Exercise``, in notebook order."""

ORDER = list(EXERCISES)


def lookup(name):
    """The ``Exercise`` called ``name``, or a ValueError listing the exercises."""
    if not isinstance(name, str) or name not in EXERCISES:
        raise ValueError(f"name must be one of {sorted(EXERCISES)}, got {name!r}")
    return EXERCISES[name]


def by_notebook():
    """Notebook number (``"01"``) -> its exercises in order."""
    notebooks = {}
    for record in EXERCISES.values():
        notebooks.setdefault(record.notebook, []).append(record)
    return notebooks
