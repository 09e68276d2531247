"""Running a student's function under guard: a time limit, tripwires, and the other exercises' references.

``guarded_call(record, fn, args)`` calls ``fn(*args)`` and returns an
``Attempt`` with its result or what stopped it:

* **a time limit**: ``signal.setitimer`` raises ``TimeLimit`` in the main
  thread after ``record.time_limit`` seconds (again every second after
  that, should the function swallow the first). A Jupyter kernel, nbgrader
  and pytest run cells and tests in the main thread. Where there is no
  ``SIGALRM`` (Windows) or outside the main thread, nothing limits the
  time. The function runs on one BLAS thread, so that the limit measures
  the function and not how busy the machine is (on a loaded two-core
  machine, BLAS threads fighting over the cores made training the digits
  fifteen times slower).
* **tripwires**: while ``fn`` runs, ``sys.setprofile`` watches every call of
  a Python function. Entering one of the package's own implementations of
  the exercise (``record.forbidden()`` and ``record.reference``) raises
  ``Tripwire``, however it was reached: ``nl.sigmoid``, an alias, a default
  argument, ``ACTIVATIONS['sigmoid'].function``, a wrapper. Only calls made
  inside one of the injected references below are allowed.
* **each exercise graded on its own**: every *other* exercise's function
  that ``fn``'s module defines (``sigmoid`` while ``forward_output`` is
  checked) is replaced, for the duration of the call, by nnlesson's
  reference, and put back afterwards. A mistake in ``sigmoid`` then costs
  the points of exercise 1.1 only, and the local check and nbgrader agree.
  The staged build (``record.graded_alone`` false) is the exception: it is
  graded with the student's own functions, which it assembles.

``modifications()`` compares the package a notebook imported with the fresh
copy that runs the checks (``nnlesson.classroom.sealed``) and names every
function that was replaced.
"""

import inspect
import signal
import sys
import threading
from dataclasses import dataclass, field

from threadpoolctl import threadpool_limits

__all__ = ["TimeLimit", "Tripwire", "Attempt", "guarded_call", "code_key", "modifications"]


class TimeLimit(BaseException):
    """The student's function ran past its time limit (a BaseException: ``except Exception`` cannot swallow it)."""


class Tripwire(BaseException):
    """The student's function called one of the package's implementations of the exercise."""


@dataclass
class Attempt:
    """What one call of the student's function produced."""

    result: object = None
    error: BaseException = None
    timed_out: bool = False
    tripped: str = None
    itself: bool = False
    replaced: tuple = ()
    warnings: list = field(default_factory=list)


def code_key(code):
    """Where a function is written: the same for every copy of the package loaded from the same files."""
    return code.co_filename, code.co_firstlineno, code.co_name


def _function_codes(functions):
    keys = {}
    for f in functions:
        f = inspect.unwrap(f) if callable(f) else f
        code = getattr(f, "__code__", None)
        if code is not None:
            keys[code_key(code)] = getattr(f, "__qualname__", code.co_name)
    return keys


def guarded_call(record, fn, args, exercises):
    """Call ``fn(*args)`` under the time limit and the tripwires of ``record``; see the module docstring."""
    forbidden = _function_codes(list(record.forbidden()) + [record.reference])
    names = {key[2] for key in forbidden}
    namespace = getattr(fn, "__globals__", None)
    replaced = {}
    if isinstance(namespace, dict) and record.graded_alone:
        for other in exercises.values():
            current = namespace.get(other.name)
            if other.name != record.name and current is not None and current is not fn:
                replaced[other.name] = current
    allowed = _function_codes(exercises[name].reference for name in replaced)
    attempt = Attempt(replaced=tuple(sorted(replaced)))
    guard_frame = inspect.currentframe()

    def profile(frame, event, arg):
        if event != "call" or frame.f_code.co_name not in names:
            return
        key = code_key(frame.f_code)
        if key not in forbidden:
            return
        caller = frame.f_back
        attempt.itself = caller is guard_frame
        while caller is not None and caller is not guard_frame:
            if code_key(caller.f_code) in allowed:
                return
            caller = caller.f_back
        attempt.tripped = forbidden[key]
        raise Tripwire(forbidden[key])

    def alarm(signum, frame):
        attempt.timed_out = True
        raise TimeLimit(record.time_limit)

    timer = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous_profile = sys.getprofile()
    previous_handler = None
    try:
        for name in replaced:
            namespace[name] = exercises[name].reference
        if timer:
            previous_handler = signal.signal(signal.SIGALRM, alarm)
            signal.setitimer(signal.ITIMER_REAL, record.time_limit, 1.0)
        sys.setprofile(profile)
        try:
            with threadpool_limits(limits=1, user_api="blas"):
                attempt.result = fn(*args)
        except (TimeLimit, Tripwire, Exception) as err:  # the student's code may raise anything
            attempt.error = err
        finally:
            profiler_kept = sys.getprofile() is profile
            sys.setprofile(previous_profile)
            if timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        if timer:
            signal.signal(signal.SIGALRM, previous_handler)
        for name, value in replaced.items():
            namespace[name] = value
    if attempt.tripped is None and not profiler_kept and attempt.error is None:
        attempt.tripped = "sys.setprofile"
    return attempt


def modifications(sealed_root, visible_root="nnlesson"):
    """``module.name`` of every function of the imported package that differs from the fresh copy's."""
    changed = []
    prefix = sealed_root + "."
    for name, module in list(sys.modules.items()):
        if module is None or not (name == sealed_root or name.startswith(prefix)):
            continue
        visible = sys.modules.get(visible_root + name[len(sealed_root) :])
        if visible is None:
            continue
        for attr, obj in list(vars(module).items()):
            if not inspect.isfunction(obj):
                continue
            seen = getattr(visible, attr, None)
            if (
                not inspect.isfunction(seen)
                or code_key(seen.__code__) != code_key(obj.__code__)
                or seen.__code__.co_code != obj.__code__.co_code
            ):
                changed.append(f"{visible.__name__}.{attr}")
    return sorted(set(changed))
