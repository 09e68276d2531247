"""Real nbgrader on the exercise cells: generate the assignment, autograde three submissions.

A temporary course directory holds notebook 01 with its exercises (the
fixture notebook with the same exercises until the series has notebook 01). ``nbgrader generate_assignment`` writes the
student version; three students hand in:

* ``solved``: nbgrader's student version with every solution cell filled in;
* ``unsolved``: nbgrader's student version as released;
* ``partial``: our own release (``nnlesson.assignments``), with only the
  first exercise solved.

``nbgrader autograde`` must give the first full points, the second zero on
every autograded cell, and the third the points of exactly the solved
exercise. Four more hand in nbgrader's version solved but for one cell:
``patcher`` replaces the checks from the sigmoid cell, ``wrapper`` and
``wrapper2`` wrap the package's own functions, ``hanger``'s sigmoid never
returns, and ``tamperer`` edits a locked test cell. The scores are read
from the gradebook database, the totals from the CSV of ``nbgrader
export``, and the checksum warnings from autograde's log.
"""

import copy
import csv
import importlib.util
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nnlesson import assignments
from nnlesson.classroom.records import by_notebook

from _classroom import FIXTURE, NOTEBOOKS, kernel_environment, solution_notebook

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("nbgrader") is None,
    reason="nbgrader is not installed (pip install -e '.[classroom]')",
)

ASSIGNMENT = "ps1"
EXERCISES = {record.name: float(record.points) for record in by_notebook()["01"]}
TOTAL = sum(EXERCISES.values())
NOTEBOOK_01 = NOTEBOOKS / "01_forward_propagation.ipynb"
NAME = NOTEBOOK_01.name if NOTEBOOK_01.exists() else FIXTURE.name


def source_notebook(folder):
    if NOTEBOOK_01.exists():
        return Path(shutil.copy(NOTEBOOK_01, folder))
    return solution_notebook(folder)


SCORES = """
SELECT sa.student_id, bc.name, g.auto_score, gc.max_score
FROM grade g
JOIN base_cell bc ON g.cell_id = bc.id
JOIN grade_cells gc ON gc.id = bc.id
JOIN submitted_notebook sn ON g.notebook_id = sn.id
JOIN submitted_assignment sa ON sn.assignment_id = sa.id
"""


def nbgrader(course, *args):
    env = kernel_environment()
    # nbgrader migrates its database with the `alembic` command of its own environment
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def replace_cell(nb, grade_id, source):
    """A copy of ``nb`` with the source of the cell ``grade_id`` replaced."""
    nb = copy.deepcopy(nb)
    [cell] = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    cell.source = source
    return nb


CHEATS = {
    # the checks replaced from a solution cell, and a wrong sigmoid
    "patcher": (
        "sigmoid",
        """from nnlesson import checks
import nnlesson.classroom.checks
checks.evaluate = lambda name, fn, seed=0: checks.Verdict(name, 'passed', 1)
checks.check_sigmoid = lambda fn, seed=0, strict=None: fn
nnlesson.classroom.checks.evaluate = checks.evaluate
def sigmoid(z):
    return 0.5 + 0 * z""",
    ),
    # the package's own functions, thinly wrapped
    "wrapper": ("sigmoid", "def sigmoid(z):\n    return nl.sigmoid(z)"),
    # a sigmoid that never returns
    "hanger": ("sigmoid", "def sigmoid(z):\n    while True:\n        pass"),
}
WRAPPED_FORWARD = "def forward_output(thetas, X):\n    return nl.forward_propagate(thetas, X).output"


def checksum_warnings(log):
    """``{student: [grade ids]}`` of the cells whose checksum nbgrader found changed."""
    found, student = {}, None
    for line in log.splitlines():
        match = re.search(r"submitted/([^/]+)/" + ASSIGNMENT, line)
        if match:
            student = match.group(1)
        match = re.search(r"Attribute 'checksum' for cell (\S+) has changed", line)
        if match:
            found.setdefault(student, []).append(match.group(1))
    return found


def scored(zero=()):
    """``{check cell: points}`` of notebook 01: full points but on the exercises named in ``zero``."""
    return {f"check_{name}": 0.0 if name in zero else p for name, p in EXERCISES.items()}


def out_of(points):
    """``{check cell: (points, maximum)}``, as the gradebook stores them."""
    return {cell: (p, EXERCISES[cell.removeprefix("check_")]) for cell, p in points.items()}


def solve(nb, source, names):
    """A copy of ``nb`` with the solution cells named in ``names`` taken from ``source``."""
    nb = copy.deepcopy(nb)
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in names:
            cell.source = answers[grade_id]
    return nb


def hand_in(course, student, nb):
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / NAME)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'nnlesson'\n"
        "c.Execute.timeout = 180\n"
    )
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    source_path = source_notebook(course / "source" / ASSIGNMENT)
    nbgrader(course, "generate_assignment", ASSIGNMENT)

    source = nbformat.read(source_path, as_version=4)
    student_version = nbformat.read(course / "release" / ASSIGNMENT / NAME, as_version=4)
    hand_in(course, "solved", solve(student_version, source, set(EXERCISES)))
    hand_in(course, "unsolved", student_version)
    ours = course / "ours"
    [ours_path] = assignments.release(source_path.parent, ours)
    hand_in(course, "partial", solve(nbformat.read(ours_path, as_version=4), source, {"sigmoid"}))
    shutil.rmtree(ours)
    solved = solve(student_version, source, set(EXERCISES))
    for student, (grade_id, code) in CHEATS.items():
        hand_in(course, student, replace_cell(solved, grade_id, code))
    hand_in(course, "wrapper2", replace_cell(solved, "forward_output", WRAPPED_FORWARD))
    hand_in(course, "tamperer", replace_cell(solved, "check_sigmoid", "pass  # the test removed"))

    log = nbgrader(course, "autograde", ASSIGNMENT)
    nbgrader(course, "export")  # grades.csv, one row per student and assignment
    with sqlite3.connect(course / "gradebook.db") as db:
        rows = db.execute(SCORES).fetchall()
    scores = {(student, cell): (score, maximum) for student, cell, score, maximum in rows}
    with open(course / "grades.csv", newline="") as f:
        exported = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(f)}
    return scores, student_version, exported, log


@pytest.fixture(scope="module")
def scores(graded):
    return graded[0]


def test_exercise_cells_carry_nbgrader_schema_3_metadata(tmp_path):
    nb = nbformat.read(source_notebook(tmp_path), as_version=4)
    metas = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
    assert metas and all(m["schema_version"] == 3 and m["grade_id"] and not m["task"] for m in metas)
    assert all(("points" in m) == m["grade"] for m in metas)


def test_nbgrader_student_version_drops_our_solutions_and_hidden_tests(graded):
    sources = "\n".join(c.source for c in graded[1].cells)
    assert "BEGIN SOLUTION" not in sources and "HIDDEN TESTS" not in sources
    assert sources.count("raise NotImplementedError()") == len(EXERCISES)


def test_solved_copy_gets_full_points(scores):
    solved = {cell: s for (student, cell), s in scores.items() if student == "solved"}
    assert solved == out_of(scored())


def test_unsolved_copy_gets_zero_on_every_autograded_cell(scores):
    unsolved = {cell: s for (student, cell), s in scores.items() if student == "unsolved"}
    assert unsolved == out_of(scored(zero=EXERCISES))


def test_partly_solved_copy_of_our_release_gets_the_points_of_the_solved_exercise(scores):
    partial = {cell: s for (student, cell), s in scores.items() if student == "partial"}
    assert partial == out_of(scored(zero=set(EXERCISES) - {"sigmoid"}))


def test_exported_grades_total_the_autograded_points(graded):
    assert {k: v for k, v in graded[2].items() if k in ("solved", "unsolved", "partial")} == {
        "solved": (TOTAL, TOTAL),
        "unsolved": (0.0, TOTAL),
        "partial": (EXERCISES["sigmoid"], TOTAL),
    }


def points(scores, student):
    return {cell: s[0] for (who, cell), s in scores.items() if who == student}


def test_replacing_the_checks_from_a_solution_cell_scores_nothing(scores):
    # every check after the change says "the checks were modified" and fails
    assert points(scores, "patcher") == scored(zero=EXERCISES)


def test_wrapping_the_packages_own_functions_scores_nothing(scores):
    assert points(scores, "wrapper") == scored(zero={"sigmoid"})
    assert points(scores, "wrapper2") == scored(zero={"forward_output"})


def test_a_function_that_never_returns_is_stopped_and_the_rest_is_graded(scores):
    assert points(scores, "hanger") == scored(zero={"sigmoid"})


def test_a_removed_test_is_put_back_by_nbgrader(scores):
    assert points(scores, "tamperer") == scored()


def test_only_a_tampered_test_cell_raises_the_checksum_warning(graded):
    assert checksum_warnings(graded[3]) == {"tamperer": ["check_sigmoid"]}
