"""The notebook series under nbval, against what any nbval run costs.

The floor is the same ``pytest --nbval --nbval-current-env`` command on as
many notebooks, each holding one empty cell: pytest's start-up, nbval's
collection and one kernel start (and shutdown) per notebook, with none of
the lessons' code. Both commands run in fresh processes, alternately.
"""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np

from .timing import Figure, seconds

__all__ = ["nbval_vs_floor", "write_notebooks"]

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "benchmarks" / "artifacts"


def write_notebooks(directory, sources):
    """Write one notebook per list of cell sources into ``directory``; return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.ipynb"):
        old.unlink()
    paths = []
    for i, cells in enumerate(sources):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = directory / f"{i:02d}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def _nbval(paths, collect_only=False):
    """Run nbval on ``paths`` from the repository root, as ``make test`` does; (seconds, process)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        *map(str, paths),
    ]
    if collect_only:
        command.append("--collect-only")
    result = {}

    def run():
        result["proc"] = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)

    return seconds(run), result["proc"]


def nbval_vs_floor(notebook_dir, runs, quick=False):
    """Time of nbval on the series over the floor's, per run."""
    name = "notebook series under nbval vs floor (pytest start-up + one kernel start per notebook)"
    if quick:  # the machinery on one tiny notebook, collected but not run: no kernel starts, so it is quick
        notebooks = write_notebooks(ARTIFACTS / "quick_notebooks", [["x = 1 + 1", "assert x == 2"]])
    else:
        notebooks = sorted(Path(notebook_dir or REPO / "notebooks").resolve().glob("*.ipynb"))
    if not notebooks:
        return Figure(name, target=("<=", 4.0), unavailable=f"not available: no notebooks in {notebook_dir}")
    floor = write_notebooks(ARTIFACTS / "nbval_floor", [["pass"]] * len(notebooks))
    ratios, real_times, floor_times, failures = [], [], [], []
    for _ in range(runs):
        t_floor, p_floor = _nbval(floor, collect_only=quick)
        t_real, p_real = _nbval(notebooks, collect_only=quick)
        if p_floor.returncode != 0:
            return Figure(name, target=("<=", 4.0), unavailable="the floor run failed: " + p_floor.stdout[-300:])
        if p_real.returncode != 0:
            failures.append(p_real.stdout.strip().splitlines()[-1] if p_real.stdout.strip() else "failed")
        ratios.append(t_real / t_floor)
        real_times.append(t_real)
        floor_times.append(t_floor)
    note = f"{len(notebooks)} notebook(s); series {np.median(real_times):.1f} s vs floor {np.median(floor_times):.1f} s"
    if failures:
        note += f"; nbval did not pass: {failures[-1]}"
    return Figure(name, target=("<=", 4.0), values=np.array(ratios), note=note)
