"""The notebook cells made from an exercise record, and their place after "## Exercises".

Each exercise is three cells (``exercise_cells``), plus a locked cell that
uses the solved function when the record has one (``record.use``):

* a locked markdown cell stating the task;
* a *solution* cell whose answer sits between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``, inside the function the student writes;
* a locked, autograded *test* cell that grades with a freshly loaded copy
  of the checks: ``sigmoid = sealed().check_sigmoid(sigmoid)``. Under
  nbgrader that check also runs the hidden cases. The test cell has no
  ``### BEGIN HIDDEN TESTS`` region, so nbgrader's release leaves it
  unchanged and its checksum still matches at autograde: a "checksum has
  changed" warning then means the student really edited the cell.

The cells carry nbgrader's cell metadata (schema version 3) and our own
``"nnlesson": {"exercise": true}``. ``insert_exercises`` replaces earlier
exercise cells and leaves every other cell alone, so it can be rerun on any
version of a notebook.
"""

import re

import nbformat

from .records import by_notebook

__all__ = [
    "BEGIN_SOLUTION",
    "END_SOLUTION",
    "BEGIN_HIDDEN_TESTS",
    "END_HIDDEN_TESTS",
    "EXERCISE_KEY",
    "markdown_cell",
    "locked_cell",
    "solution_cell",
    "test_cell",
    "exercise_cells",
    "exercise_section",
    "insert_exercises",
    "region",
]

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
SCHEMA_VERSION = 3
EXERCISE_KEY = "nnlesson"  # our own cell metadata: {"exercise": True, "hint": ...}
TEST_IMPORT = "from nnlesson.classroom import sealed  # the checks, loaded afresh: no cell above can change them"


def _nbgrader(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _mark(cell, **extra):
    # A cell id derived from the grade id, so that inserting the same
    # exercises again writes the same notebook.
    cell.id = re.sub(r"[^A-Za-z0-9_-]", "-", f"exercise-{cell.metadata['nbgrader']['grade_id']}")[:64]
    cell.metadata[EXERCISE_KEY] = {"exercise": True, **extra}
    return cell


def region(source, begin, end, what):
    """``(lines, start, stop)`` of the one ``begin`` … ``end`` region of ``source``, or a ValueError."""
    lines = source.split("\n")
    starts = [i for i, line in enumerate(lines) if begin in line]
    ends = [i for i, line in enumerate(lines) if end in line]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise ValueError(f"{what} must contain exactly one {begin!r} … {end!r} region, got:\n{source}")
    return lines, starts[0], ends[0]


def markdown_cell(text, grade_id):
    """A locked markdown cell (the statement of a task); ``grade_id`` unique in the notebook."""
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, locked=True)
    return _mark(cell)


def locked_cell(source, grade_id):
    """A locked code cell without points (a cell using a solved exercise)."""
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, locked=True)
    return _mark(cell)


def solution_cell(source, grade_id, hint):
    """A code cell the student edits; its one answer region sits between the solution markers.

    ``hint`` is the message of the ``NotImplementedError`` that replaces the
    region in the student copy.
    """
    region(source, BEGIN_SOLUTION, END_SOLUTION, "source")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, solution=True)
    return _mark(cell, hint=hint)


def test_cell(source, grade_id, points):
    """A locked, autograded code cell: it passes (full points) or raises (zero).

    Its last line must not be an expression: nbgrader would read a displayed
    value as a partial score.
    """
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = _nbgrader(grade_id, grade=True, locked=True, points=points)
    return _mark(cell)


def exercise_cells(record):
    """``[task, solution, test]`` (and the ``use`` cell) of one record; grade ids ``<name>_task``,
    ``<name>``, ``check_<name>``, ``<name>_use``."""
    name = record.name
    task = f"### Exercise {record.id} — {record.title}\n\n{record.task}"
    test = f"{TEST_IMPORT}\n{name} = sealed().check_{name}({name})"
    cells = [
        markdown_cell(task, f"{name}_task"),
        solution_cell(record.solution, name, record.hint),
        test_cell(test, f"check_{name}", record.points),
    ]
    if record.use is not None:
        cells.append(locked_cell(record.use, f"{name}_use"))
    return cells


def exercise_section(number):
    """The cells inserted into notebook ``number`` (``"01"`` … ``"05"``)."""
    return [cell for record in by_notebook()[number] for cell in exercise_cells(record)]


def _is_heading(cell, text):
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(text)


def insert_exercises(nb, number):
    """A copy of ``nb`` with the exercise cells of notebook ``number`` after ``## Exercises``.

    The cells go after the heading cell and, if the next cell is a plain
    paragraph (markdown that is not a heading), after that paragraph.
    Exercise cells from an earlier run are removed first; those that did not
    change are kept as they were, with their saved outputs.
    """
    nb = nbformat.from_dict(nb)
    earlier = {c.get("id"): c for c in nb.cells if c.metadata.get(EXERCISE_KEY, {}).get("exercise")}
    cells = [c for c in nb.cells if not c.metadata.get(EXERCISE_KEY, {}).get("exercise")]
    heading = [i for i, c in enumerate(cells) if _is_heading(c, "## Exercises")]
    if len(heading) != 1:
        raise ValueError(f"expected one '## Exercises' heading, found {len(heading)}")
    at = heading[0] + 1
    if at < len(cells) and cells[at].cell_type == "markdown" and not cells[at].source.lstrip().startswith("#"):
        at += 1
    section = [_unchanged(earlier.get(cell.id), cell) for cell in exercise_section(number)]
    nb.cells = cells[:at] + section + cells[at:]
    return nb


def _unchanged(old, new):
    """``old`` (with its saved outputs) if it is the same cell as ``new``, else ``new``."""
    if old is not None and old.source == new.source and old.metadata == new.metadata:
        return old
    return new
