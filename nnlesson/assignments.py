"""Assignments: exercise cells nbgrader understands, and student copies of the notebooks.

Each exercise is three cells (``exercise_cells``):

* a locked markdown cell stating the task;
* a *solution* cell whose answer sits between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``, inside the function the student writes;
* a locked, autograded *test* cell that calls the check
  (``sigmoid = checks.check_sigmoid(sigmoid)``) and, between
  ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``, asserts that the
  function also passes a second set of unseen cases.

The cells carry nbgrader's cell metadata (schema version 3: ``solution``,
``grade``, ``locked``, ``points``, ``grade_id``, ``task``), so an
instructor can hand the notebooks to ``nbgrader generate_assignment`` and
``nbgrader autograde`` directly. The task statement is a *locked* cell, not
an nbgrader ``task`` cell: nbgrader's task cells are graded by hand, and
these exercises are graded by their test cells alone.

Without nbgrader, ``release`` writes the student copies itself::

    python -m nnlesson.assignments release notebooks/ --out release/

Solutions become ``raise NotImplementedError("<hint>")``, hidden tests are
removed, and the outputs of the exercise cells are cleared. The output
folder must not exist (``--force`` replaces it) and may not be, or lie
inside, the source folder: the sources are only read.
"""

import argparse
import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat

__all__ = [
    "BEGIN_SOLUTION",
    "END_SOLUTION",
    "BEGIN_HIDDEN_TESTS",
    "END_HIDDEN_TESTS",
    "markdown_cell",
    "locked_cell",
    "solution_cell",
    "test_cell",
    "exercise_cells",
    "release_notebook",
    "release",
    "main",
]

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SCHEMA_VERSION = 3
EXERCISE_KEY = "nnlesson"  # our own cell metadata: {"exercise": True, "hint": ...}


def _nbgrader(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _mark(cell, **extra):
    # A cell id derived from the grade id, so that inserting the same
    # exercises again writes the same notebook.
    cell.id = re.sub(r"[^A-Za-z0-9_-]", "-", f"exercise-{cell.metadata['nbgrader']['grade_id']}")[:64]
    cell.metadata[EXERCISE_KEY] = {"exercise": True, **extra}
    return cell


def markdown_cell(text, grade_id):
    """A locked markdown cell (the statement of a task), part of the exercise section.

    Parameters
    ----------
    text : str
        Markdown.
    grade_id : str
        A name unique in the notebook; nbgrader requires one for locked cells.

    Returns
    -------
    nbformat.NotebookNode
    """
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, locked=True)
    return _mark(cell)


def locked_cell(source, grade_id):
    """A locked code cell without points (imports, or a cell using a solved exercise)."""
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, locked=True)
    return _mark(cell)


def solution_cell(source, grade_id, hint):
    """A code cell the student edits; its answer sits between the solution markers.

    Parameters
    ----------
    source : str
        Code containing one ``### BEGIN SOLUTION`` / ``### END SOLUTION``
        region, normally the body of the function the student writes.
    grade_id : str
    hint : str
        The message of the ``NotImplementedError`` that replaces the
        solution in the student copy.
    """
    _region(source, BEGIN_SOLUTION, END_SOLUTION, "source")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, solution=True)
    return _mark(cell, hint=hint)


def test_cell(source, grade_id, points):
    """A locked, autograded code cell: it passes (full points) or raises (zero).

    Parameters
    ----------
    source : str
        Code calling a check; hidden tests between ``### BEGIN HIDDEN TESTS``
        and ``### END HIDDEN TESTS``. Its last line must not be an
        expression: nbgrader would read a displayed value as a partial score.
    grade_id : str
    points : int or float
    """
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, grade=True, locked=True, points=points)
    return _mark(cell)


def exercise_cells(name, task, solution, hint, points, hidden_seed=1):
    """The three cells of one exercise on the function ``name``.

    Parameters
    ----------
    name : str
        The function the student writes; a key of ``nnlesson.checks.EXERCISES``.
    task : str
        The markdown statement.
    solution : str
        The solution cell's code, with the solution markers.
    hint : str
        For the student copy's ``NotImplementedError``.
    points : int or float
    hidden_seed : int
        The seed of the hidden cases (the visible check uses seed 0).

    Returns
    -------
    list of nbformat.NotebookNode
        ``[task, solution, test]``, grade ids ``<name>_task``, ``<name>``
        and ``check_<name>``.
    """
    test = (
        f"{name} = checks.check_{name}({name})\n"
        f"{BEGIN_HIDDEN_TESTS}\n"
        f"assert checks.evaluate({name!r}, {name}, seed={hidden_seed}).passed, "
        f"\"{name} fails the hidden cases\"\n"
        f"{END_HIDDEN_TESTS}"
    )
    return [markdown_cell(task, f"{name}_task"), solution_cell(solution, name, hint),
            test_cell(test, f"check_{name}", points)]


# --- student copies --------------------------------------------------------------


def _region(source, begin, end, what):
    lines = source.split("\n")
    starts = [i for i, line in enumerate(lines) if begin in line]
    ends = [i for i, line in enumerate(lines) if end in line]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise ValueError(f"{what} must contain exactly one {begin!r} … {end!r} region, got:\n{source}")
    return lines, starts[0], ends[0]


def _stub(source, hint):
    lines, start, stop = _region(source, BEGIN_SOLUTION, END_SOLUTION, "a solution cell")
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    stub = f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError({hint!r})"
    return "\n".join(lines[:start] + [stub] + lines[stop + 1:])


def _without_hidden_tests(source):
    if BEGIN_HIDDEN_TESTS not in source:
        return source
    lines, start, stop = _region(source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, "a test cell")
    return "\n".join(lines[:start] + lines[stop + 1:]).rstrip("\n")


def release_notebook(nb):
    """The student copy of one notebook (a new notebook; ``nb`` is not changed).

    Parameters
    ----------
    nb : nbformat.NotebookNode

    Returns
    -------
    nbformat.NotebookNode
        Solution regions replaced by ``raise NotImplementedError(hint)``,
        hidden tests removed, and the outputs of every exercise cell cleared.
    """
    student = copy.deepcopy(nb)
    for cell in student.cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and grading.get("solution"):
            hint = cell.metadata.get(EXERCISE_KEY, {}).get("hint", "write this function")
            cell.source = _stub(cell.source, hint)
        elif cell.cell_type == "code" and grading.get("grade"):
            cell.source = _without_hidden_tests(cell.source)
        if cell.cell_type == "code" and (grading or EXERCISE_KEY in cell.metadata):
            cell.outputs = []
            cell.execution_count = None
    return student


def _inside(path, folder):
    return path == folder or folder in path.parents


def release(source, out, force=False):
    """Write the student copy of every notebook of ``source`` into ``out``.

    Parameters
    ----------
    source : str or Path
        A folder of notebooks (``*.ipynb``, not searched recursively).
    out : str or Path
        The folder to create. It may not be ``source``, lie inside it, or
        contain it.
    force : bool
        Replace ``out`` if it exists. Without it an existing ``out`` is
        an error.

    Returns
    -------
    list of Path
        The notebooks written.
    """
    source, out = Path(source).resolve(), Path(out).resolve()
    if not source.is_dir():
        raise ValueError(f"source must be a folder of notebooks, got {source}")
    if _inside(out, source) or _inside(source, out):
        raise ValueError(f"out ({out}) must lie outside the source folder ({source}); "
                         f"the sources are never written to")
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"source holds no notebooks (*.ipynb): {source}")
    if out.exists():
        if not force:
            raise FileExistsError(f"{out} exists; pass --force (force=True) to replace it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = []
    for path in notebooks:
        student = release_notebook(nbformat.read(path, as_version=4))
        nbformat.write(student, out / path.name)
        written.append(out / path.name)
    return written


def main(argv=None):
    """``python -m nnlesson.assignments release SOURCE --out OUT [--force]``."""
    parser = argparse.ArgumentParser(prog="python -m nnlesson.assignments",
                                     description="Student copies of the nnlesson notebooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="write student copies: solutions stubbed, hidden tests removed")
    rel.add_argument("source", help="folder of solution notebooks, e.g. notebooks/")
    rel.add_argument("--out", required=True, help="folder to create, e.g. release/")
    rel.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    try:
        written = release(args.source, args.out, force=args.force)
    except (ValueError, FileExistsError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
