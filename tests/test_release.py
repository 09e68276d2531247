"""Release and list: bad input refused without a traceback, atomic replacement, a wheel without solutions."""

import json
import subprocess
import sys
import zipfile
from collections import Counter

import pytest

from nnlesson.classroom.cells import BEGIN_SOLUTION, END_SOLUTION
from nnlesson.classroom.cli import main
from nnlesson.classroom.records import EXERCISES, KINDS, by_notebook
from nnlesson.classroom.release import REMOVED, strip_solutions

from _classroom import NOTEBOOKS, ROOT, kernel_environment, solution_notebook


def run_cli(*args, module="nnlesson.assignments"):
    """The command in a new interpreter, as an instructor runs it."""
    return subprocess.run(
        [sys.executable, "-m", module, *map(str, args)],
        capture_output=True,
        text=True,
        env=kernel_environment(),
        cwd=ROOT,
    )


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(capsys):
    """The command's ``main`` in this interpreter (faster); an exception would fail the test."""

    def run(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    solution_notebook(folder)
    return folder


def answers():
    """The text between the solution markers of every record: what a student copy must not hold.

    A choice's answer is one letter (``return "b"``): too short to be looked
    for, and the check itself tells a wrong letter from the right one.
    """
    found = {}
    for record in EXERCISES.values():
        if record.outputs[0][1] == "choice":
            continue
        lines = record.solution.split("\n")
        start = next(i for i, line in enumerate(lines) if BEGIN_SOLUTION in line)
        stop = next(i for i, line in enumerate(lines) if END_SOLUTION in line)
        found[record.name] = "\n".join(lines[start + 1 : stop])
    return found


# --- list -----------------------------------------------------------------------------------


def test_list_prints_one_row_per_exercise_and_the_total(source):
    result = run_cli("list", source)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert lines[0].split() == ["notebook", "id", "kind", "points", "title"]
    assert lines[1].split()[:4] == ["01_exercise_fixture.ipynb", "1.1", "implement", "2"]
    assert lines[2].split()[:4] == ["01_exercise_fixture.ipynb", "1.2", "implement", "3"]
    assert "the forward pass" in lines[2]
    notebook_01 = by_notebook()["01"]
    assert [line.split()[1] for line in lines[1:-1]] == [record.id for record in notebook_01]
    assert lines[-1] == f"{len(notebook_01)} exercises, {sum(r.points for r in notebook_01)} points"


def test_list_of_the_series_shows_every_exercise_of_every_kind_ending_with_the_staged_build():
    result = run_cli("list", NOTEBOOKS, module="nnlesson.classroom")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.strip().split("\n")[1:-1]]
    records = list(EXERCISES.values())
    points = sum(record.points for record in records)
    assert result.stdout.strip().split("\n")[-1] == f"{len(records)} exercises, {points} points"
    assert [row[1] for row in rows] == [record.id for record in records]
    assert len(records) >= 30
    per_notebook = Counter(row[0] for row in rows)
    assert len(per_notebook) == len(sorted(NOTEBOOKS.glob("*.ipynb")))
    assert min(per_notebook.values()) >= 5, per_notebook
    assert {row[2] for row in rows} == set(KINDS)
    assert records[-1].graded_alone is False  # the last exercise assembles the student's own pieces
    shown = (
        (ROOT / "README.md").read_text(encoding="utf-8").split("notebooks/` prints them:\n\n```\n")[1].split("```")[0]
    )
    printed = [line.rstrip() for line in result.stdout.strip().split("\n")]
    assert [line for line in shown.strip().split("\n") if line != "…"] == [line for line in printed if line in shown], (
        "README's exercise list differs from the list command's"
    )


# --- bad input ---------------------------------------------------------------------------------


def test_a_source_that_is_json_but_not_a_notebook_is_refused_cleanly(source, tmp_path, run):
    (source / "02_broken.ipynb").write_text(json.dumps({"cells": "not a list"}))
    result = run("release", source, "--out", tmp_path / "release", "--no-wheel")
    assert result.returncode == 2
    assert "02_broken.ipynb is not a readable notebook" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "release").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["notebooks"]  # nothing half-written beside it


def test_an_out_that_is_a_file_is_refused(source, tmp_path, run):
    (tmp_path / "release").write_text("mine")
    result = run("release", source, "--out", tmp_path / "release", "--force", "--no-wheel")
    assert result.returncode == 2 and "is a file" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "release").read_text() == "mine"


def test_an_out_below_a_file_is_refused(source, tmp_path, run):
    (tmp_path / "file").write_text("mine")
    result = run("release", source, "--out", tmp_path / "file" / "release", "--no-wheel")
    assert result.returncode == 2 and "lies below a file" in result.stderr and "Traceback" not in result.stderr


def test_force_with_a_broken_source_keeps_the_previous_release(source, tmp_path, run):
    out = tmp_path / "release"
    assert run("release", source, "--out", out, "--no-wheel").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (source / "02_broken.ipynb").write_text("{ not json")
    result = run("release", source, "--out", out, "--force", "--no-wheel")
    assert result.returncode == 2 and "02_broken.ipynb" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "release"]


# --- the student wheel --------------------------------------------------------------------------


def test_strip_solutions_keeps_valid_python_without_the_answers():
    text = (ROOT / "nnlesson" / "classroom" / "exercises" / "nb03.py").read_text(encoding="utf-8")
    stripped = strip_solutions(text)
    compile(stripped, "nb03.py", "exec")
    assert BEGIN_SOLUTION not in stripped and stripped.count(REMOVED) == 2
    assert answers()["cost_and_gradient"] not in stripped


def test_release_holds_notebooks_a_wheel_and_a_readme_and_no_solution_text(source, tmp_path):
    out = tmp_path / "release"
    result = run_cli("release", source, "--out", out)
    assert result.returncode == 0, result.stderr
    wheels = list(out.glob("nnlesson-*.whl"))
    assert len(wheels) == 1 and (out / "README.md").exists() and (out / "01_exercise_fixture.ipynb").exists()
    assert f"pip install {wheels[0].name}" in (out / "README.md").read_text()
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix != ".whl"}
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
        texts.update({name: wheel.read(name).decode("utf-8") for name in names})
    assert "nnlesson/classroom/exercises/nb01.py" in names and "nnlesson/network.py" in names
    for name, answer in answers().items():
        holding = [file for file, text in texts.items() if answer in text]
        assert holding == [], f"the answer of {name} is in {holding}"
    records = [name for name in names if name.startswith("nnlesson/classroom/exercises/nb")]
    sources = sorted(
        f"nnlesson/classroom/exercises/{p.name}" for p in (ROOT / "nnlesson/classroom/exercises").glob("nb*.py")
    )
    assert sorted(records) == sources
    assert all(BEGIN_SOLUTION not in texts[name] for name in records)
    assert all(
        REMOVED in texts[name] for name in records if BEGIN_SOLUTION in (ROOT / name).read_text(encoding="utf-8")
    )
