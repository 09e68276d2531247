"""Checks for the exercises: a verdict on a student's function, and a fallback.

Each exercise at the end of a notebook asks for one function with a fixed
signature. ``check_<name>(fn)`` runs ``fn`` on cases the student does not
see (random architectures, ``λ = 0`` and ``λ > 0``, one example, one output
unit), compares every result with the package, and prints a verdict:

* ``✔ passed``;
* ``… not attempted yet`` when ``fn`` raises ``NotImplementedError`` (the
  stub of a student copy);
* ``✘ failed``, naming the case (its sizes, never its values), what was
  expected against what came back (a shape, or the largest difference), and
  when the wrong result equals what a classic mistake produces, that
  mistake in words. The gradient mistakes are the ones of the bug gallery,
  ``nnlesson.bugs.BUGS``.

A wrong shape is reported as a wrong shape, an exception inside ``fn`` by
its type, message and line, a warning (an overflow in ``exp``) as a failure
of its own: numpy prints warnings on stderr, and nbgrader takes anything on
stderr for a failed cell.

Check and fall back
-------------------
``check_<name>(fn)`` *returns the function the rest of the notebook should
use*: ``fn`` itself when it passes, otherwise the package's reference, with
a visible note saying so. A test cell therefore reads::

    sigmoid = check_sigmoid(sigmoid)

and a student copy runs top to bottom whatever state the exercises are in:
later cells that call ``sigmoid`` get a working one.

Under nbgrader the same line must cost the points. nbgrader sets the
environment variable ``NBGRADER_EXECUTION`` (to ``"autograde"`` or
``"validate"``) while it executes a notebook; when it is set, or when
``strict=True`` is passed, a failed or missing solution raises
``AssertionError`` after printing the verdict, the cell shows an error, and
nbgrader gives it zero points. The fallback is then not installed, so an
exercise whose solution calls an earlier, failed one fails too — as in any
nbgrader assignment. Nothing here looks at the caller's variables: the
rebinding is the visible assignment in the cell.

``evaluate(name, fn)`` returns the ``Verdict`` without printing, for
instructors who grade outside nbgrader.
"""

import copy
import inspect
import os
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _exercises

__all__ = [
    "Verdict",
    "evaluate",
    "EXERCISES",
    "STRICT_ENVIRONMENT_VARIABLE",
    "DIGITS_ACCURACY",
    "check_sigmoid",
    "check_forward_output",
    "check_sigmoid_gradient",
    "check_one_hot",
    "check_output_delta",
    "check_hidden_delta",
    "check_regularized_cost",
    "check_cost_and_gradient",
    "check_numerical_gradient",
    "check_relative_error",
    "check_gradient_descent",
    "check_train_digits",
]

EXERCISES = _exercises.EXERCISES
"""Exercise name -> ``Exercise`` (its notebook, reference, cases and known mistakes)."""

STRICT_ENVIRONMENT_VARIABLE = "NBGRADER_EXECUTION"
"""Set by nbgrader while it autogrades or validates; checks then raise on failure."""

DIGITS_ACCURACY = _exercises.DIGITS_ACCURACY

PASSED, NOT_ATTEMPTED, FAILED = "passed", "not attempted", "failed"


@dataclass(frozen=True)
class Verdict:
    """What a check found.

    Attributes
    ----------
    exercise : str
        The function's name, e.g. ``"sigmoid"``.
    status : {'passed', 'not attempted', 'failed'}
    cases : int
        How many cases were run (all of them when passed).
    details : tuple of str
        For a failure: the case, expected against got, the exception.
    diagnosis : str or None
        The likely mistake in words, when the wrong result is one a known
        mistake produces.
    """

    exercise: str
    status: str
    cases: int
    details: tuple = ()
    diagnosis: str = None

    @property
    def passed(self):
        return self.status == PASSED

    def __str__(self):
        if self.status == PASSED:
            if self.cases == 1:
                return f"✔ {self.exercise}: passed its check."
            return f"✔ {self.exercise}: passed all {self.cases} checks."
        if self.status == NOT_ATTEMPTED:
            return f"… {self.exercise}: not attempted yet (it raises NotImplementedError)."
        lines = [f"✘ {self.exercise}: failed."] + [f"    {d}" for d in self.details]
        if self.diagnosis:
            lines.append(f"  Likely mistake: {self.diagnosis}")
        return "\n".join(lines)


def evaluate(name, fn, seed=0):
    """Run the student's ``fn`` for exercise ``name`` on its unseen cases.

    Parameters
    ----------
    name : str
        A key of ``EXERCISES``, e.g. ``"sigmoid"``.
    fn : callable
        The student's function, with the exercise's signature.
    seed : int
        Chooses the random cases; the notebooks' visible checks use 0, their
        hidden tests another seed.

    Returns
    -------
    Verdict
        Nothing is printed.
    """
    exercise = _exercises.lookup(name)
    if not callable(fn):
        raise TypeError(
            f"the check of {name} takes your function itself, e.g. check_{name}({name}), "
            f"got {type(fn).__name__} {fn!r:.60}"
        )
    if fn is exercise.reference:
        return Verdict(exercise.name, FAILED, 0, (
            f"this is nnlesson's reference {name}, which an earlier run of this check put in place "
            f"of yours: run the cell that defines your {name} again, then this one.",))
    cases = exercise.cases(np.random.default_rng([seed, exercise.number]))
    for i, case in enumerate(cases, 1):
        where = f"Case {i} of {len(cases)} ({case.label}):"
        outcome = _call(exercise, fn, case)
        if outcome.not_attempted:
            return Verdict(exercise.name, NOT_ATTEMPTED, i - 1)
        if outcome.problems:
            diagnosis = outcome.diagnosis
            if diagnosis is None and outcome.got is not None:
                diagnosis = _diagnose(exercise, case, outcome.got)
            return Verdict(exercise.name, FAILED, i, (where,) + tuple(outcome.problems), diagnosis)
    return Verdict(exercise.name, PASSED, len(cases))


def _strict_default():
    return bool(os.environ.get(STRICT_ENVIRONMENT_VARIABLE))


def _check(name, fn, seed, strict):
    verdict = evaluate(name, fn, seed=seed)
    print(verdict)
    if verdict.passed:
        return fn
    if strict if strict is not None else _strict_default():
        raise AssertionError(" ".join([f"{name}: {verdict.status}."] + [d.strip() for d in verdict.details]))
    print(f"  → The rest of this notebook uses nnlesson's reference {name} until yours passes.")
    return _exercises.lookup(name).reference


# --- running the student's function ------------------------------------------


@dataclass
class _Outcome:
    got: object = None
    problems: tuple = ()
    not_attempted: bool = False
    diagnosis: str = None


def _call(exercise, fn, case):
    args = copy.deepcopy(case.args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            got = fn(*args)
        except NotImplementedError as err:
            if _raised_in(fn, err):
                return _Outcome(not_attempted=True)
            return _Outcome(problems=(_describe_exception(fn, err),))
        except Exception as err:  # the student's code may raise anything; report it
            return _Outcome(problems=(_describe_exception(fn, err),))
    problems = list(_changed_arguments(exercise, case.args, args))
    if caught and exercise.warnings_fail:
        message = str(caught[0].message)
        problems.append(f"numpy warned: {message!r} ({caught[0].category.__name__}).")
        if exercise.warning_hint:
            problems.append(exercise.warning_hint)
    problems += exercise.judge(case, got)
    return _Outcome(got=got, problems=tuple(problems))


def _raised_in(fn, err):
    code = getattr(fn, "__code__", None)
    tb = err.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code is code


# Frames from these folders are library code; the line reported is the last
# one outside them, in the student's own function.
_LIBRARY_DIRS = tuple(str(Path(module.__file__).resolve().parent) for module in (np, os, sys.modules[__package__])) \
    + (sys.prefix, sys.base_prefix)


def _describe_exception(fn, err):
    text = f"your {getattr(fn, '__name__', 'function')} raised {type(err).__name__}: {err}"
    if isinstance(err, NotImplementedError):
        text += " (a function it calls is not written yet)"
    frames = [f for f in traceback.extract_tb(err.__traceback__)[1:]
              if not str(Path(f.filename).resolve()).startswith(_LIBRARY_DIRS)]
    if frames:
        text += f"\n    at line {frames[-1].lineno} of {frames[-1].name}"
        if frames[-1].line:
            text += f": {frames[-1].line.strip()}"
    return text


def _changed_arguments(exercise, originals, passed):
    names = list(inspect.signature(exercise.reference).parameters)
    for name, before, after in zip(names, originals, passed):
        if _differs(before, after):
            yield (f"your function changed its argument {name} in place; "
                   f"it must leave the caller's arrays as they were (work on a copy).")


def _differs(before, after):
    if isinstance(before, np.ndarray):
        return not (isinstance(after, np.ndarray) and before.shape == after.shape
                    and np.array_equal(before, after, equal_nan=True))
    if isinstance(before, (list, tuple)):
        return len(before) != len(after) or any(_differs(b, a) for b, a in zip(before, after))
    return False


def _diagnose(exercise, case, got):
    for mistake in exercise.mistakes():
        args = copy.deepcopy(case.args)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                wrong = mistake.function(*args)
        except Exception:  # a mistake that cannot even run on this case
            continue
        if not exercise.judge_against(case, got, wrong):
            return mistake.description
    return None


# --- one check per exercise --------------------------------------------------


def _doc(name):
    exercise = _exercises.lookup(name)
    return f"""Check your ``{name}`` (notebook {exercise.notebook}) on cases you have not seen.

    Parameters
    ----------
    {name} : callable
        Your function, ``{name}{exercise.signature}``.
    seed : int
        Chooses the cases (0 for the visible check).
    strict : bool, optional
        Raise ``AssertionError`` unless it passes. By default only while
        nbgrader executes the notebook (``NBGRADER_EXECUTION`` is set).

    Returns
    -------
    callable
        Your ``{name}`` if it passed, otherwise nnlesson's reference, so
        that the cells after it still run: ``{name} = check_{name}({name})``.

    Notes
    -----
    {exercise.formula}
    """


def _make_check(name):
    def check(fn, seed=0, strict=None):
        return _check(name, fn, seed, strict)

    check.__name__ = check.__qualname__ = f"check_{name}"
    check.__doc__ = _doc(name)
    return check


check_sigmoid = _make_check("sigmoid")
check_forward_output = _make_check("forward_output")
check_sigmoid_gradient = _make_check("sigmoid_gradient")
check_one_hot = _make_check("one_hot")
check_output_delta = _make_check("output_delta")
check_hidden_delta = _make_check("hidden_delta")
check_regularized_cost = _make_check("regularized_cost")
check_cost_and_gradient = _make_check("cost_and_gradient")
check_numerical_gradient = _make_check("numerical_gradient")
check_relative_error = _make_check("relative_error")
check_gradient_descent = _make_check("gradient_descent")
check_train_digits = _make_check("train_digits")
