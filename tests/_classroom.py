"""Helpers of the classroom tests: the exercise tool, a solution notebook, a kernel run."""

import importlib.util
import linecache
import os
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "01_exercise_fixture.ipynb"
NOTEBOOKS = ROOT / "notebooks"


def tool():
    """``tools/add_exercises.py`` as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("add_exercises", ROOT / "tools" / "add_exercises.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solution_notebook(folder):
    """The fixture notebook with notebook 01's exercises inserted, written into ``folder``."""
    nb = tool().insert_exercises(nbformat.read(FIXTURE, as_version=4), "01")
    path = Path(folder) / FIXTURE.name
    nbformat.write(nb, path)
    return path


def real_notebooks_with_exercises():
    """The series' notebooks that already hold exercise cells."""
    return [
        p
        for p in sorted(NOTEBOOKS.glob("*.ipynb"))
        if any("nnlesson" in c.metadata for c in nbformat.read(p, as_version=4).cells)
    ]


def kernel_environment():
    """The environment for kernels and nbgrader: this interpreter's package on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.pop("NBGRADER_EXECUTION", None)
    env.setdefault("MPLBACKEND", "Agg")
    env.setdefault("OMP_NUM_THREADS", "1")  # the digits exercise trains faster on one thread
    return env


def execute(path):
    """Run the notebook at ``path`` top to bottom in a fresh kernel; returns the executed notebook."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}}
    )
    return client.execute(env=kernel_environment())


def stdout_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")


def grade_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def student(code, name, namespace=None):
    """The function ``name`` defined by a student's ``code``, its source known to the check as a cell's is.

    ``namespace`` is the notebook's (by default one holding ``np`` and ``nl``).
    """
    import numpy as np

    import nnlesson as nl

    filename = f"<cell defining {name} {len(linecache.cache)}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    names = {"np": np, "nl": nl} if namespace is None else namespace
    exec(compile(code, filename, "exec"), names)
    return names[name]
