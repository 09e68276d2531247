"""The classroom: exercise records, the checks made from them, notebook cells and student copies.

* ``records`` — the ``Exercise`` record; ``exercises/nb01.py`` … ``nb05.py`` hold
  the twelve exercises, one record each (task, solution, hint, points,
  cases, reference, mistakes, what the answer may not call).
* ``checks`` — ``evaluate``, ``Verdict`` and one ``check_<name>`` per exercise;
  ``guard`` runs the student's function (time limit, tripwires, each
  exercise graded on its own); ``compare`` judges its result.
* ``cells`` — the notebook cells made from a record, and their insertion
  after a notebook's "## Exercises" heading.
* ``release`` — student copies (notebooks and a wheel without solutions);
  ``cli`` — ``python -m nnlesson.classroom list | release | insert``.

A test cell grades with ``sealed()``, a copy of the package loaded afresh
from its files, so that a solution cell cannot replace the check it is
graded by.
"""

import importlib
import importlib.util
import itertools
import sys
from pathlib import Path

__all__ = ["sealed"]

_copies = itertools.count()


def sealed():
    """The checks (``nnlesson.classroom.checks``) of a copy of nnlesson loaded afresh from its files.

    Nothing a notebook did to the imported ``nnlesson`` (``checks.evaluate =
    …``, ``nl.sigmoid = …``) reaches this copy, and its checks fail with
    "the checks were modified" when the imported package's functions differ
    from the files. Each call loads a new copy (under a second).

    Returns
    -------
    module
        With ``evaluate``, ``Verdict``, ``check`` and ``check_<name>``.
    """
    root = Path(__file__).resolve().parent.parent
    name = f"nnlesson_sealed_{next(_copies)}"
    spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package  # the copy's own relative imports find it here
    spec.loader.exec_module(package)
    importlib.import_module(f"{name}.checks")  # compared with the imported nnlesson.checks too
    return importlib.import_module(f"{name}.classroom.checks")
