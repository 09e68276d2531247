"""The exercise checks, under their first name: see ``nnlesson.classroom.checks``.

``from nnlesson import checks`` and ``checks.check_sigmoid(sigmoid)`` keep
working; the test cells of the notebooks grade with
``nnlesson.classroom.sealed()``, a copy no notebook cell can change.
"""

from .classroom.checks import *  # noqa: F403 (the re-export is the point)
from .classroom.checks import EXERCISES, STRICT_ENVIRONMENT_VARIABLE, Verdict, evaluate  # noqa: F401
from .classroom.checks import __all__ as _names
from .classroom.exercises.nb05 import DIGITS_ACCURACY

__all__ = list(_names) + ["DIGITS_ACCURACY"]
