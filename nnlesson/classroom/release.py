"""Student copies: the notebooks without solutions, a wheel without solutions, and a README.

``release(source, out)`` writes into ``out``:

* every notebook of ``source`` with each solution region replaced by
  ``raise NotImplementedError("<hint>")``, hidden tests removed and the
  exercise cells' outputs cleared;
* ``nnlesson-<version>-py3-none-any.whl``, built from the project folder
  with every solution region of the exercise records removed: the student
  copy holds no solution text. (It does hold the package itself, whose
  public functions compute what the exercises ask; the checks' tripwires
  fail an answer that calls them.)
* ``README.md``: how to install, open and check.

The release is atomic: everything is written into a temporary folder beside
``out`` and moved into place only when every notebook and the wheel
succeeded; with ``force`` the previous ``out`` is removed only then.
"""

import copy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from .cells import BEGIN_HIDDEN_TESTS, BEGIN_SOLUTION, END_HIDDEN_TESTS, END_SOLUTION, EXERCISE_KEY, region

__all__ = ["release_notebook", "release", "strip_solutions", "build_student_wheel", "STUDENT_README"]

REMOVED = 'raise NotImplementedError("the solutions are not part of the student copy")'

STUDENT_README = """# Neural network exercises

1. Install the package (Python >= 3.10), in a virtual environment if you like:

       python -m pip install {wheel} jupyterlab

2. Open the notebooks: `jupyter lab` in this folder, then `01_forward_propagation.ipynb`.

3. At the end of each notebook, write each exercise's function where it says
   `# YOUR CODE HERE`, then run the cell after it. The check runs your function on cases
   you have not seen and prints a verdict: passed, not attempted yet, or what is wrong and
   the likely mistake. Until your function passes, the rest of the notebook uses the
   package's own version, so every notebook runs top to bottom.

The checks want *your* code: an answer that calls the package's own version of the
exercise (`nl.sigmoid` in the sigmoid exercise) fails, and so does one that does not
return within the time limit. Each exercise is graded on its own: while it is checked,
the functions of the other exercises it calls are the package's.
"""


def _stub(source, hint):
    lines, start, stop = region(source, BEGIN_SOLUTION, END_SOLUTION, "a solution cell")
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    stub = f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError({hint!r})"
    return "\n".join(lines[:start] + [stub] + lines[stop + 1 :])


def _without_hidden_tests(source):
    if BEGIN_HIDDEN_TESTS not in source:
        return source
    lines, start, stop = region(source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, "a test cell")
    return "\n".join(lines[:start] + lines[stop + 1 :]).rstrip("\n")


def release_notebook(nb):
    """The student copy of one notebook (a new notebook; ``nb`` is not changed)."""
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


def strip_solutions(text):
    """``text`` (a Python file) with every solution region replaced by one ``raise`` line."""
    lines, out, inside = text.split("\n"), [], False
    for line in lines:
        if BEGIN_SOLUTION in line:
            inside = True
            out.append(line[: len(line) - len(line.lstrip())] + REMOVED)
        elif END_SOLUTION in line:
            inside = False
            out[-1] += line.split(END_SOLUTION, 1)[1]  # what closes the string literal, if anything
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"a {BEGIN_SOLUTION!r} region has no {END_SOLUTION!r}")
    return "\n".join(out)


def project_folder():
    """The folder holding ``pyproject.toml`` and ``nnlesson/``, or a ValueError if this is an installed copy."""
    root = Path(__file__).resolve().parent.parent.parent
    if not (root / "pyproject.toml").is_file():
        raise ValueError(
            f"the student wheel is built from the project folder (pyproject.toml beside "
            f"nnlesson/), not found at {root}; pass --no-wheel to release only the notebooks"
        )
    return root


def build_student_wheel(out):
    """Build nnlesson's wheel without solution text into the folder ``out``; returns its path."""
    root = project_folder()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "project"
        tree.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            if (root / name).exists():
                shutil.copy(root / name, tree / name)
        shutil.copytree(root / "nnlesson", tree / "nnlesson", ignore=shutil.ignore_patterns("__pycache__"))
        for path in (tree / "nnlesson" / "classroom" / "exercises").glob("*.py"):  # the records
            path.write_text(strip_solutions(path.read_text(encoding="utf-8")), encoding="utf-8")
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--quiet",
                str(tree),
                "-w",
                str(Path(tmp) / "wheel"),
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise ValueError(
                "building the student wheel failed (it needs setuptools >= 77 in this "
                "environment; or pass --no-wheel):\n" + result.stderr[-2000:]
            )
        [wheel] = (Path(tmp) / "wheel").glob("*.whl")
        return Path(shutil.copy(wheel, out))


def _inside(path, folder):
    return path == folder or folder in path.parents


def _check_out(out, force):
    for parent in [out] + list(out.parents):
        if parent.exists() and not parent.is_dir():
            where = "is a file" if parent == out else f"lies below a file ({parent})"
            raise ValueError(f"out must be a folder to create, but {out} {where}")
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists; pass --force (force=True) to replace it")


def _read(path):
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # not JSON, or JSON that is not a notebook: nbformat raises several types
        raise ValueError(
            f"{path.name} is not a readable notebook: {type(err).__name__}: "
            f"{str(err).splitlines()[0] if str(err) else ''}"
        ) from None
    return nb


def release(source, out, force=False, wheel=True):
    """Write the student copy of every notebook of ``source`` (and a wheel and README) into ``out``.

    Parameters
    ----------
    source : str or Path
        A folder of notebooks (``*.ipynb``, not searched recursively); only read.
    out : str or Path
        The folder to create; not ``source``, not inside it, not containing it.
    force : bool
        Replace an existing ``out`` — only once the new copy is complete.
    wheel : bool
        Also build the student wheel and write the README.

    Returns
    -------
    list of Path
        The notebooks written (at their final place).
    """
    source, out = Path(source).resolve(), Path(out).resolve()
    if not source.is_dir():
        raise ValueError(f"source must be a folder of notebooks, got {source}")
    if _inside(out, source) or _inside(source, out):
        raise ValueError(f"out ({out}) must lie outside the source folder ({source}); the sources are never written to")
    notebooks = sorted(source.glob("*.ipynb"))
    if not notebooks:
        raise ValueError(f"source holds no notebooks (*.ipynb): {source}")
    _check_out(out, force)
    students = [(path.name, release_notebook(_read(path))) for path in notebooks]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for name, student in students:
            nbformat.write(student, staging / name)
        if wheel:
            built = build_student_wheel(staging)
            (staging / "README.md").write_text(STUDENT_README.format(wheel=built.name), encoding="utf-8")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            out.rename(old / out.name)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / name for name, _ in students]
