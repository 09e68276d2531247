"""Insert the exercise cells into the notebooks, after their ``## Exercises`` heading.

    python tools/add_exercises.py notebooks/            # insert (or replace) the cells
    python tools/add_exercises.py notebooks/ --execute  # and re-run each notebook (as `make notebooks`)

A thin command over the exercise records (``nnlesson.classroom``): the
cells are made from the records by ``nnlesson.classroom.cells``, and
``python -m nnlesson.classroom insert notebooks/`` does the same without
``--execute``. Cells inserted earlier (``"nnlesson": {"exercise": true}``
in their metadata) are replaced and every other cell is left as it is, so
the tool can be rerun on any version of the notebooks.
"""

import argparse
import sys
from pathlib import Path

import nbformat

from nnlesson.classroom.cells import exercise_section, insert_exercises  # noqa: F401 (used by the tests)
from nnlesson.classroom.records import by_notebook

EXERCISES = {number: [r.name for r in records] for number, records in by_notebook().items()}
"""Notebook number -> the names of its exercises."""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="the notebooks folder")
    parser.add_argument("--execute", action="store_true", help="re-run each notebook with tools/execute_notebooks.py")
    args = parser.parse_args(argv)
    for path in sorted(args.folder.glob("[0-9][0-9]_*.ipynb")):
        number = path.name[:2]
        if number not in EXERCISES:
            continue
        nbformat.write(insert_exercises(nbformat.read(path, as_version=4), number), path)
        if args.execute:
            from execute_notebooks import execute  # tools/execute_notebooks.py, beside this file

            execute(path.resolve())
        print(f"{path}: {len(EXERCISES[number])} exercises")
    return 0


if __name__ == "__main__":
    sys.exit(main())
