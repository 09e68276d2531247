"""Student copies: what release removes, what it refuses, and that the copies still run."""

import copy
import hashlib
import shutil
import subprocess
import sys

import nbformat
import pytest

from nnlesson import assignments
from nnlesson.classroom.cells import TEST_IMPORT
from nnlesson.classroom.records import by_notebook

from _classroom import (
    FIXTURE,
    ROOT,
    execute,
    grade_cells,
    kernel_environment,
    real_notebooks_with_exercises,
    solution_notebook,
    stdout_of,
    tool,
)


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    solution_notebook(folder)
    return folder


def released(source, tmp_path):
    [path] = assignments.release(source, tmp_path / "release", wheel=False)
    return nbformat.read(path, as_version=4)


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "nnlesson.assignments", *map(str, args)],
        capture_output=True,
        text=True,
        env=kernel_environment(),
        cwd=ROOT,
    )


def test_release_replaces_each_solution_by_a_stub_with_its_hint(source, tmp_path):
    nb = released(source, tmp_path)
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(solutions) == len(by_notebook()["01"])
    for cell in solutions:
        assert assignments.BEGIN_SOLUTION not in cell.source
        assert f"raise NotImplementedError({cell.metadata['nnlesson']['hint']!r})" in cell.source


def test_release_removes_the_hidden_tests(source, tmp_path):
    nb = released(source, tmp_path)
    assert all("HIDDEN TESTS" not in c.source and "seed=1" not in c.source for c in grade_cells(nb))


def test_release_keeps_the_visible_check(source, tmp_path):
    nb = released(source, tmp_path)
    assert [c.source for c in grade_cells(nb)] == [
        f"{TEST_IMPORT}\n{r.name} = sealed().check_{r.name}({r.name})" for r in by_notebook()["01"]
    ]


def test_release_clears_the_outputs_of_the_exercise_cells(source, tmp_path):
    path = source / "01_exercise_fixture.ipynb"
    nbformat.write(execute(path), path)
    nb = released(source, tmp_path)
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code" and "nnlesson" in c.metadata)


def test_release_refuses_an_existing_folder_without_force(source, tmp_path):
    (tmp_path / "release").mkdir()
    result = run_cli("release", source, "--out", tmp_path / "release")
    assert result.returncode == 2 and "--force" in result.stderr
    assert list((tmp_path / "release").iterdir()) == []


def test_release_with_force_replaces_the_folder(source, tmp_path):
    (tmp_path / "release").mkdir()
    (tmp_path / "release" / "old.ipynb").write_text("{}")
    result = run_cli("release", source, "--out", tmp_path / "release", "--force", "--no-wheel")
    assert result.returncode == 0
    assert [p.name for p in (tmp_path / "release").iterdir()] == ["01_exercise_fixture.ipynb"]


@pytest.mark.parametrize("out", [".", "student", ".."])
def test_release_refuses_to_write_into_or_over_the_sources(source, out):
    with pytest.raises(ValueError, match="outside the source folder"):
        assignments.release(source, source / out, force=True)


def test_release_never_touches_the_sources(source, tmp_path):
    before = digest(source)
    assert run_cli("release", source, "--out", tmp_path / "release", "--no-wheel").returncode == 0
    assert run_cli("release", source, "--out", tmp_path / "release", "--force", "--no-wheel").returncode == 0
    assert digest(source) == before


def test_inserting_the_exercises_twice_changes_nothing(source):
    nb = nbformat.read(source / "01_exercise_fixture.ipynb", as_version=4)
    assert tool().insert_exercises(nb, "01") == nb


def test_inserting_replaces_exercise_cells_of_any_earlier_version(source):
    clean = nbformat.read(FIXTURE, as_version=4)
    older = nbformat.read(FIXTURE, as_version=4)
    old_cell = nbformat.v4.new_code_cell("from nnlesson import checks  # an earlier version's set-up cell")
    old_cell.metadata["nnlesson"] = {"exercise": True}
    heading = next(i for i, c in enumerate(older.cells) if c.source.startswith("## Exercises"))
    older.cells[heading + 1 : heading + 1] = [old_cell]
    older.cells.append(copy.deepcopy(old_cell))  # even one left after the summary
    assert tool().insert_exercises(older, "01") == tool().insert_exercises(clean, "01")


def test_exercise_cells_follow_the_exercises_heading(source):
    nb = nbformat.read(source / "01_exercise_fixture.ipynb", as_version=4)
    heading = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Exercises"))
    assert nb.cells[heading + 1].source.startswith("### Exercise 1.1 — ")
    assert nb.cells[-1].source.startswith("## Summary")


def test_solution_notebook_passes_every_check(source):
    nb = execute(source / "01_exercise_fixture.ipynb")
    verdicts = [stdout_of(c).strip() for c in grade_cells(nb)]
    assert verdicts[:2] == [
        "✔ sigmoid: passed all 5 checks.",
        "✔ forward_output: passed all 5 checks.\n"
        "  (graded with nnlesson's sigmoid in place of yours: each exercise is graded on its own)",
    ]
    assert [v.split(":")[0] for v in verdicts] == [f"✔ {r.name}" for r in by_notebook()["01"]]


def released_notebooks():
    return real_notebooks_with_exercises() or [None]


@pytest.mark.parametrize("notebook", released_notebooks(), ids=lambda p: p.name if p else "fixture")
def test_released_notebook_runs_and_every_check_is_not_attempted(notebook, source, tmp_path):
    if notebook is not None:
        shutil.rmtree(source)
        source.mkdir()
        shutil.copy(notebook, source)
    [path] = assignments.release(source, tmp_path / "release", wheel=False)
    nb = execute(path)
    verdicts = [stdout_of(c) for c in grade_cells(nb)]
    assert verdicts and all("not attempted yet" in v and "uses nnlesson's reference" in v for v in verdicts)
