"""The whole nbgrader cycle with nbgrader's own commands, as an instructor and two students run it.

A temporary course folder gets ``deploy/nbgrader_config.py`` (its two paths
pointed at temporary folders) and notebook 01 as ``source/ps1``. Then, each
step a separate ``nbgrader`` command, exactly as docs/classroom.md lists them:

* instructor: ``generate_assignment`` and ``release_assignment`` into a local
  exchange folder;
* students ``ada`` and ``bob``, each with their own home folder and nbgrader
  cache: ``fetch_assignment``, answer, ``submit``. Ada fills every solution
  cell with the source notebook's answer; Bob fills them too, but writes a
  ``forward_output`` that leaves out the bias;
* instructor: ``collect``, ``autograde``, ``generate_feedback``, ``export``.

The scores are read from the CSV of ``nbgrader export`` and compared with the
points in the notebook's own metadata. Bob's feedback page must carry the
check's verdict on his function: the case that failed, expected against got,
and the likely mistake. The verdict expected is computed here, in this
process, by running the same check on the same function.

Everything runs as one user, so the students name themselves with
``--student``; on a JupyterHub each student is their own user and nbgrader
takes the user name.
"""

import copy
import csv
import importlib.util
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pytest

from nnlesson import checks
from nnlesson.classroom.records import by_notebook

from _classroom import NOTEBOOKS, ROOT, kernel_environment

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("nbgrader") is None,
    reason="nbgrader is not installed (pip install -e '.[classroom]')",
)

CONFIG = ROOT / "deploy" / "nbgrader_config.py"
# The two paths in CONFIG that a course replaces with its own.
CONFIG_COURSE_ROOT = "/home/instructor/nnlesson-course"
CONFIG_EXCHANGE_ROOT = "/srv/nbgrader/exchange"
COURSE_ID = "nnlesson"
ASSIGNMENT = "ps1"
NOTEBOOK = NOTEBOOKS / "01_forward_propagation.ipynb"
STUDENTS = ("ada", "bob")
#: Bob's forward_output: the bias column Θ[:, 0] is never used.
BOBS_FORWARD_OUTPUT = '''\
def forward_output(thetas, X):
    """a^(L) = h_Θ(X), shape (m, K): the forward pass through every Θ^(l)."""
    a = X
    for theta in thetas:
        a = sigmoid(a @ theta[:, 1:].T)
    return a
'''
BOBS_MISTAKE = "forward_output"
COMMAND_TIMEOUT = 300  # seconds for one nbgrader command; autograde runs the notebook once per student


def nbgrader_meta(cell):
    return cell.metadata.get("nbgrader", {})


def course_config(course, exchange):
    """deploy/nbgrader_config.py with its course and exchange paths replaced."""
    text = CONFIG.read_text(encoding="utf-8")
    for placeholder in (CONFIG_COURSE_ROOT, CONFIG_EXCHANGE_ROOT):
        assert text.count(f'"{placeholder}"') == 1, f"{CONFIG.name} no longer sets {placeholder} once"
    return (text.replace(f'"{CONFIG_COURSE_ROOT}"', repr(str(course)))
                .replace(f'"{CONFIG_EXCHANGE_ROOT}"', repr(str(exchange))))  # fmt: skip


def nbgrader(cwd, home, *args):
    """``nbgrader ARGS`` run in ``cwd`` as a user whose home (and Jupyter folders) is ``home``.

    The command is the ``nbgrader`` script of this environment, with this
    environment's bin folder on PATH: nbgrader migrates its gradebook with the
    ``alembic`` command it finds on PATH and fails without it.
    """
    bin_dir = Path(sys.executable).parent
    env = kernel_environment()
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    env["HOME"] = str(home)
    env["JUPYTER_CONFIG_DIR"] = str(home / ".jupyter")
    env["JUPYTER_DATA_DIR"] = str(home / ".local" / "share" / "jupyter")
    env["JUPYTER_RUNTIME_DIR"] = str(home / ".local" / "share" / "jupyter" / "runtime")
    env.setdefault("MPLCONFIGDIR", str(home / ".config" / "matplotlib"))
    result = subprocess.run([str(bin_dir / "nbgrader"), *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=COMMAND_TIMEOUT)  # fmt: skip
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def answers(source):
    return {nbgrader_meta(c)["grade_id"]: c.source for c in source.cells if nbgrader_meta(c).get("solution")}


def answered(nb, solutions):
    """A copy of ``nb`` with each solution cell's source replaced by ``solutions[grade_id]``."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if nbgrader_meta(cell).get("solution"):
            cell.source = solutions[nbgrader_meta(cell)["grade_id"]]
    return nb


class _Text(HTMLParser):
    """The text of an HTML page (what a reader sees), entities decoded."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(path):
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    top = tmp_path_factory.mktemp("nbgrader-cycle")
    course, exchange, instructor_home = top / "course", top / "exchange", top / "instructor-home"
    for folder in (course / "source" / ASSIGNMENT, instructor_home):
        folder.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(course_config(course, exchange), encoding="utf-8")
    source = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.write(source, course / "source" / ASSIGNMENT / NOTEBOOK.name)

    log = {}
    log["generate_assignment"] = nbgrader(course, instructor_home, "generate_assignment", ASSIGNMENT)
    log["release_assignment"] = nbgrader(course, instructor_home, "release_assignment", ASSIGNMENT)

    solutions = answers(source)
    bobs = dict(solutions, **{BOBS_MISTAKE: BOBS_FORWARD_OUTPUT})

    def work(student, student_solutions):
        home = top / f"{student}-home"
        (home / ".jupyter").mkdir(parents=True)
        # What a hub gives every student: the exchange and the course, nothing of the instructor's.
        (home / ".jupyter" / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\nc.CourseDirectory.course_id = {COURSE_ID!r}\n",
            encoding="utf-8",
        )
        nbgrader(home, home, "fetch_assignment", ASSIGNMENT)
        path = home / ASSIGNMENT / NOTEBOOK.name
        fetched = nbformat.read(path, as_version=4)
        nbformat.write(answered(fetched, student_solutions), path)
        nbgrader(home, home, "submit", ASSIGNMENT, "--strict", "--student", student)

    # The students work at the same time, as in a class (and the test takes less time).
    with ThreadPoolExecutor(max_workers=len(STUDENTS)) as pool:
        for done in [pool.submit(work, *args) for args in zip(STUDENTS, (solutions, bobs))]:
            done.result()  # re-raises a student's failed command

    for step in ("collect", "autograde", "generate_feedback"):
        log[step] = nbgrader(course, instructor_home, step, ASSIGNMENT)
    log["export"] = nbgrader(course, instructor_home, "export")
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        grades = {row["student_id"]: row for row in csv.DictReader(f)}
    return {"course": course, "exchange": exchange, "source": source, "grades": grades, "log": log,
            "solutions": solutions, "bobs": bobs}  # fmt: skip


def points(source, grade_id=None):
    return sum(nbgrader_meta(c)["points"] for c in source.cells
               if nbgrader_meta(c).get("grade") and grade_id in (None, nbgrader_meta(c)["grade_id"]))  # fmt: skip


def verdict_of(solutions, name):
    """The check's verdict on the function that ``solutions`` define for exercise ``name``, as printed."""
    namespace = {"np": np}
    exec(solutions["sigmoid"], namespace)  # forward_output calls the student's sigmoid
    exec(solutions[name], namespace)
    return str(checks.evaluate(name, namespace[name], seed=0))


def test_the_notebook_has_its_graded_exercises_and_bobs_mistake_is_in_one():
    source = nbformat.read(NOTEBOOK, as_version=4)
    graded = [nbgrader_meta(c)["grade_id"] for c in source.cells if nbgrader_meta(c).get("grade")]
    assert graded == [f"check_{record.name}" for record in by_notebook()["01"]]
    assert graded[:2] == ["check_sigmoid", f"check_{BOBS_MISTAKE}"]
    assert 0 < points(source, f"check_{BOBS_MISTAKE}") < points(source)


def test_config_from_deploy_is_the_one_in_use(cycle):
    text = (cycle["course"] / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "c.Execute.timeout = 300" in text
    assert f"c.Exchange.root = {str(cycle['exchange'])!r}" in text


def test_the_exchange_carries_the_release_and_both_submissions(cycle):
    course_exchange = cycle["exchange"] / COURSE_ID
    assert (course_exchange / "outbound" / ASSIGNMENT / NOTEBOOK.name).is_file()
    inbound = sorted(p.name.split("+")[0] for p in (course_exchange / "inbound").iterdir())
    assert inbound == sorted(STUDENTS)


def test_collect_puts_each_submission_under_the_released_file_name(cycle):
    for student in STUDENTS:
        assert (cycle["course"] / "submitted" / student / ASSIGNMENT / NOTEBOOK.name).is_file()


def test_exported_scores_give_ada_every_point_and_bob_all_but_his_mistake(cycle):
    total = points(cycle["source"])
    lost = points(cycle["source"], f"check_{BOBS_MISTAKE}")
    scores = {student: (float(row["score"]), float(row["max_score"])) for student, row in cycle["grades"].items()}
    assert scores == {"ada": (total, total), "bob": (total - lost, total)}
    assert all(row["assignment"] == ASSIGNMENT for row in cycle["grades"].values())


def test_autograde_warns_of_no_changed_checksum_when_no_one_edited_a_locked_cell(cycle):
    # nbgrader stores a locked cell's checksum before it removes hidden tests,
    # so a cell with hidden tests would "have changed" in every submission.
    # The checks run their unseen cases without a hidden-tests region, so a
    # checksum warning means a student really edited that cell; here no one did.
    assert not any("### BEGIN HIDDEN TESTS" in c.source for c in cycle["source"].cells)
    assert not re.findall(r"Attribute 'checksum' for cell (\S+) has changed", cycle["log"]["autograde"])


def test_bobs_feedback_names_his_mistake(cycle):
    page = page_text(cycle["course"] / "feedback" / "bob" / ASSIGNMENT / NOTEBOOK.with_suffix(".html").name)
    verdict = verdict_of(cycle["bobs"], BOBS_MISTAKE)
    assert "Likely mistake: you left out the bias" in verdict  # the check recognises the mistake
    for line in verdict.splitlines():
        assert line.strip() in page, f"Bob's feedback lacks the verdict line {line.strip()!r}"


def test_adas_feedback_shows_both_checks_passed(cycle):
    page = page_text(cycle["course"] / "feedback" / "ada" / ASSIGNMENT / NOTEBOOK.with_suffix(".html").name)
    for name in ("sigmoid", "forward_output"):
        verdict = verdict_of(cycle["solutions"], name)
        assert "passed" in verdict and verdict in page
    assert "Likely mistake" not in page
