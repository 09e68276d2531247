"""The checks: a verdict on a student's function, printed, with a fallback or an nbgrader failure.

``evaluate(name, fn)`` runs ``fn`` on cases the student has not seen and
returns a ``Verdict``: passed; not attempted (the stub raises
``NotImplementedError``); or failed, naming the case (its sizes, never its
values), what was expected against what came back, and the likely mistake.
Each call runs under ``nnlesson.classroom.guard``: a per-case time limit,
tripwires on the package's own implementation of the exercise, and the
other exercises' functions replaced by nnlesson's references so that each
exercise is graded on its own.

``check_<name>(fn)`` prints the verdict and returns the function the rest of
the notebook should use: ``fn`` when it passes, otherwise a wrapper of the
reference. While nbgrader executes a notebook (``NBGRADER_EXECUTION`` is
set) or with ``strict=True``, it also runs the hidden cases (the next seed)
and raises ``AssertionError`` unless both pass.
"""

import copy
import functools
import inspect
import numbers
import os
import traceback
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .._validate import as_generator, as_scalar
from .guard import guarded_call, modifications
from .records import EXERCISES, lookup

__all__ = [
    "Verdict",
    "evaluate",
    "check",
    "EXERCISES",
    "STRICT_ENVIRONMENT_VARIABLE",
    "PASSED",
    "NOT_ATTEMPTED",
    "FAILED",
] + [f"check_{name}" for name in EXERCISES]

STRICT_ENVIRONMENT_VARIABLE = "NBGRADER_EXECUTION"
"""Set by nbgrader while it autogrades or validates; checks then raise on failure."""

PASSED, NOT_ATTEMPTED, FAILED = "passed", "not attempted", "failed"
_PACKAGE = __name__.rsplit(".", 2)[0]  # "nnlesson", or the private name of a sealed copy
_PACKAGE_DIR = str(Path(__file__).resolve().parent.parent)
_LIBRARY_DIRS = (str(Path(np.__file__).resolve().parent), str(Path(os.__file__).resolve().parent), _PACKAGE_DIR)
_ROUND_OFF = 1e-12


@dataclass(frozen=True)
class Verdict:
    """What a check found: ``exercise``, ``status`` (passed, not attempted, failed), ``cases`` run,
    ``details`` of a failure, the likely mistake (``diagnosis``), and ``note`` (how it was graded)."""

    exercise: str
    status: str
    cases: int
    details: tuple = ()
    diagnosis: str = None
    note: str = None

    @property
    def passed(self):
        return self.status == PASSED

    def __str__(self):
        if self.status == PASSED:
            text = (
                f"✔ {self.exercise}: passed its check."
                if self.cases == 1
                else f"✔ {self.exercise}: passed all {self.cases} checks."
            )
        elif self.status == NOT_ATTEMPTED:
            text = f"… {self.exercise}: not attempted yet (it raises NotImplementedError)."
        else:
            lines = [f"✘ {self.exercise}: failed."] + [f"    {d}" for d in self.details]
            if self.diagnosis:
                lines.append(f"  Likely mistake: {self.diagnosis}")
            text = "\n".join(lines)
        return text + (f"\n  ({self.note})" if self.note else "")


def evaluate(name, fn, seed=0, time_limit=None):
    """Run the student's ``fn`` for exercise ``name`` on its unseen cases; nothing is printed.

    Parameters
    ----------
    name : str
        A key of ``EXERCISES``, e.g. ``"sigmoid"``.
    fn : callable
        The student's function, with the exercise's signature.
    seed : int
        ``>= 0``; chooses the random cases. The visible check uses 0, nbgrader also 1.
    time_limit : float, optional
        Seconds each case may take; by default the exercise's (10 s, 60 s for
        ``train_digits``).

    Returns
    -------
    Verdict
    """
    record = lookup(name)
    if time_limit is not None:
        record = replace(record, time_limit=as_scalar("time_limit", time_limit, positive=True))
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int >= 0, got {type(seed).__name__} {seed!r:.40}")
    as_generator(seed, name="seed")
    if not callable(fn):
        raise TypeError(
            f"the check of {name} takes your function itself, e.g. check_{name}({name}), "
            f"got {type(fn).__name__} {fn!r:.60}"
        )
    if getattr(fn, "nnlesson_fallback", None) == name:
        return Verdict(
            record.name,
            FAILED,
            0,
            (
                f"this is the stand-in for nnlesson's reference {name} that an earlier run of this check "
                f"returned: run the cell that defines your {name} again, then this one.",
            ),
        )
    if _PACKAGE != "nnlesson":
        changed = modifications(_PACKAGE)
        if changed:
            return Verdict(
                record.name,
                FAILED,
                0,
                (
                    "the checks were modified in this kernel: "
                    + ", ".join(changed[:5])
                    + (" …" if len(changed) > 5 else "")
                    + " differ from nnlesson's files. Restart the "
                    "kernel and run the notebook without replacing nnlesson's functions.",
                ),
            )
    cases = record.cases(np.random.default_rng([seed, record.number]))
    note = None
    for i, case in enumerate(cases, 1):
        where = f"Case {i} of {len(cases)} ({case.label}):"
        outcome = _run(record, fn, case)
        note = note or outcome.get("note")
        if outcome.get("not_attempted"):
            return Verdict(record.name, NOT_ATTEMPTED, i - 1)
        if outcome["problems"]:
            return Verdict(
                record.name, FAILED, i, (where,) + tuple(outcome["problems"]), outcome.get("diagnosis"), note
            )
    return Verdict(record.name, PASSED, len(cases), note=note)


def _run(record, fn, case):
    expected = None if record.custom_judge is not None else record.expected(case)
    args = copy.deepcopy(case.args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        attempt = guarded_call(record, fn, args, EXERCISES)
    used = set(getattr(getattr(fn, "__code__", None), "co_names", ()))
    shown = [n for n in attempt.replaced if n in used]
    outcome = {
        "note": (f"graded with nnlesson's {', '.join(shown)} in place of yours: each exercise is graded on its own")
        if shown
        else None
    }
    if attempt.timed_out:
        outcome["problems"] = (
            f"your function did not return within {record.time_limit:g} s and was "
            f"stopped (an endless loop, or far too much work?)",
        )
        return outcome
    if attempt.tripped:
        outcome["problems"] = (_tripped(record, attempt.tripped, attempt.itself),)
        return outcome
    err = attempt.error
    if err is not None:
        if isinstance(err, NotImplementedError) and _raised_in(fn, err):
            return {"not_attempted": True}
        outcome["problems"] = (_describe_exception(fn, err),)
        outcome["diagnosis"] = next(
            (hint for kind, words, hint in record.exception_hints if type(err).__name__ == kind and words in str(err)),
            None,
        )
        return outcome
    got = attempt.result
    problems = list(_changed_arguments(record, case.args, args))
    if caught and record.warnings_fail:
        problems.append(f"numpy warned: {str(caught[0].message)!r} ({caught[0].category.__name__}).")
        if record.warning_hint:
            problems.append(record.warning_hint)
    problems += record.judge(case, got, expected)
    outcome["problems"] = tuple(problems)
    if problems and got is not None and record.custom_judge is None:
        outcome["diagnosis"] = _diagnose(record, case, got)
    return outcome


def _tripped(record, what, itself):
    if what == "sys.setprofile":
        return (
            "your function switched off the profiler the check watches it with (sys.setprofile); "
            "a check cannot grade it."
        )
    if itself:
        return (
            f"this is nnlesson's own {what}, not yours: exercise {record.id} asks you to write {record.name} yourself."
        )
    return (
        f"this exercise must be solved without nnlesson's own {what}: your function (or a "
        f"function it calls) uses it. Write the computation yourself."
    )


def _raised_in(fn, err):
    code = getattr(fn, "__code__", None)
    tb = err.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code is code


def _describe_exception(fn, err):
    text = f"your {getattr(fn, '__name__', 'function')} raised {type(err).__name__}: {err}"
    if isinstance(err, NotImplementedError):
        text += " (a function it calls is not written yet)"
    frames = [
        f
        for f in traceback.extract_tb(err.__traceback__)[1:]
        if not str(Path(f.filename).resolve()).startswith(_LIBRARY_DIRS)
    ]
    if frames:
        text += f"\n    at line {frames[-1].lineno} of {frames[-1].name}"
        if frames[-1].line:
            text += f": {frames[-1].line.strip()}"
    return text


def _changed_arguments(record, originals, passed):
    names = list(inspect.signature(record.reference).parameters)
    for name, before, after in zip(names, originals, passed):
        change = _change(before, after)
        if change is None:
            continue
        text = (
            f"your function changed its argument {name} in place; "
            f"it must leave the caller's arrays as they were (work on a copy)."
        )
        if change < 1e-6:
            text += (
                f" The change is tiny (up to {change:.1g} relative): adding ε and subtracting it "
                f"again does not always give θ back exactly in floating point, so θ + ε − ε ≠ θ; "
                f"perturb a copy instead."
            )
        yield text


def _change(before, after):
    """None if ``after`` is ``before`` up to round-off, else the largest relative change (inf: another shape)."""
    if isinstance(before, np.ndarray):
        if not (isinstance(after, np.ndarray) and before.shape == after.shape):
            return np.inf
        if np.array_equal(before, after, equal_nan=True):
            return None
        if before.dtype.kind != "f" or after.dtype.kind != "f":
            return np.inf
        scale = max(1.0, float(np.max(np.abs(before)))) if before.size else 1.0
        difference = float(np.max(np.abs(np.nan_to_num(after - before, nan=np.inf))))
        return None if difference <= _ROUND_OFF * scale else difference / scale
    if isinstance(before, (list, tuple)):
        if len(before) != len(after):
            return np.inf
        changes = [c for c in (_change(b, a) for b, a in zip(before, after)) if c is not None]
        return max(changes) if changes else None
    return None


def _uninformative(got):
    """Whether ``got`` is complex, or NaN throughout: no catalogued mistake can be told from it."""
    items = got if isinstance(got, tuple) else (got,)
    if any(np.iscomplexobj(g) for g in items):
        return True
    try:
        values = np.concatenate([np.ravel(np.asarray(g, dtype=np.float64)) for g in items])
    except (TypeError, ValueError):
        return False
    return values.size > 0 and bool(np.isnan(values).all())


def _diagnose(record, case, got):
    """The description of the catalogued mistake whose result ``got`` equals, if any.

    NaN equals NaN here (a mistake that overflows to NaN in the same places
    is the same mistake), but a result that is NaN throughout matches no
    mistake: any formula that divides 0 by 0 gives it.
    """
    if _uninformative(got):
        return None
    for mistake in record.mistakes():
        args = copy.deepcopy(case.args)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                wrong = mistake.function(*args)
        except Exception:  # a mistake that cannot even run on this case
            continue
        if not record.judge_against(got, wrong):
            return mistake.description
    return None


def _strict_default():
    return bool(os.environ.get(STRICT_ENVIRONMENT_VARIABLE))


def _fallback(record):
    reference = record.reference

    @functools.wraps(reference)
    def stand_in(*args, **kwargs):
        return reference(*args, **kwargs)

    stand_in.nnlesson_fallback = record.name
    return stand_in


def check(name, fn, seed=0, strict=None):
    """Print the verdict on ``fn`` and return what the notebook should use (see ``check_<name>``)."""
    strict = _strict_default() if strict is None else strict
    verdict = evaluate(name, fn, seed=seed)
    if strict and verdict.passed:
        hidden = evaluate(name, fn, seed=seed + 1)
        if not hidden.passed:
            verdict = Verdict(
                hidden.exercise,
                hidden.status,
                hidden.cases,
                ("on the hidden cases:",) + hidden.details,
                hidden.diagnosis,
                hidden.note,
            )
    print(verdict)
    if verdict.passed:
        return fn
    if strict:
        raise AssertionError(" ".join([f"{name}: {verdict.status}."] + [d.strip() for d in verdict.details]))
    print(f"  → The rest of this notebook uses nnlesson's reference {name} until yours passes.")
    return _fallback(lookup(name))


def _doc(record):
    return f"""Check your ``{record.name}`` (exercise {record.id}, notebook {record.notebook}) on unseen cases.

    Parameters
    ----------
    {record.name} : callable
        Your function, ``{record.name}{record.signature}``.
    seed : int
        Chooses the cases (0 for the visible check).
    strict : bool, optional
        Also run the hidden cases and raise ``AssertionError`` unless both
        pass. By default only while nbgrader executes the notebook.

    Returns
    -------
    callable
        Your ``{record.name}`` if it passed, otherwise a stand-in calling
        nnlesson's reference, so that the cells after it still run.

    Notes
    -----
    {record.formula}
    """


def _make_check(record):
    def check_exercise(fn, seed=0, strict=None):
        return check(record.name, fn, seed, strict)

    check_exercise.__name__ = check_exercise.__qualname__ = f"check_{record.name}"
    check_exercise.__doc__ = _doc(record)
    return check_exercise


globals().update({f"check_{name}": _make_check(record) for name, record in EXERCISES.items()})
