"""``python -m nnlesson.classroom``: list the exercises, release student copies, insert the cells.

    python -m nnlesson.classroom list notebooks/
    python -m nnlesson.classroom release notebooks/ --out release/ [--force] [--no-wheel]
    python -m nnlesson.classroom insert notebooks/

``python -m nnlesson.assignments`` is the same command.
"""

import argparse
import sys
from pathlib import Path

import nbformat

from .cells import EXERCISE_KEY, insert_exercises
from .records import EXERCISES, by_notebook
from .release import release

__all__ = ["exercise_rows", "main"]


def exercise_rows(folder):
    """``(notebook, id, kind, points, title)`` for every graded exercise cell of the notebooks in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder must be a folder of notebooks, got {folder}")
    rows = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as err:  # nbformat raises several types for a file that is not a notebook
            raise ValueError(f"{path.name} is not a readable notebook: {type(err).__name__}") from None
        for cell in nb.cells:
            grading = cell.metadata.get("nbgrader", {})
            if grading.get("grade") and cell.metadata.get(EXERCISE_KEY, {}).get("exercise"):
                name = grading["grade_id"].removeprefix("check_")
                record = EXERCISES.get(name)
                rows.append(
                    (
                        path.name,
                        record.id if record else "?",
                        record.kind if record else "?",
                        grading.get("points", 0),
                        record.title if record else name,
                    )
                )
    return rows


def _list(folder):
    rows = exercise_rows(folder)
    header = ("notebook", "id", "kind", "points", "title")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(5)]
    line = "  ".join(f"{{:{'>' if i == 3 else '<'}{w}}}" for i, w in enumerate(widths))
    print(line.format(*header))
    for row in rows:
        print(line.format(*row))
    total = sum(r[3] for r in rows)
    print(f"{len(rows)} exercises, {total:g} points")


def _insert(folder):
    numbers = by_notebook()
    for path in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")):
        number = path.name[:2]
        if number in numbers:
            nbformat.write(insert_exercises(nbformat.read(path, as_version=4), number), path)
            print(f"{path}: {len(numbers[number])} exercises")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m nnlesson.classroom", description="The nnlesson exercises: list them, release student copies."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    lst = commands.add_parser("list", help="one row per exercise: notebook, id, kind, points, title")
    lst.add_argument("folder", help="folder of notebooks, e.g. notebooks/")
    rel = commands.add_parser("release", help="student copies: solutions stubbed, a wheel without solutions")
    rel.add_argument("source", help="folder of solution notebooks, e.g. notebooks/")
    rel.add_argument("--out", required=True, help="folder to create, e.g. release/")
    rel.add_argument("--force", action="store_true", help="replace OUT if it exists (once the new copy is complete)")
    rel.add_argument("--no-wheel", action="store_true", help="only the notebooks: no wheel, no README")
    ins = commands.add_parser("insert", help="insert (or replace) the exercise cells after '## Exercises'")
    ins.add_argument("folder", help="folder of notebooks, e.g. notebooks/")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            _list(args.folder)
        elif args.command == "insert":
            _insert(args.folder)
        else:
            for path in release(args.source, args.out, force=args.force, wheel=not args.no_wheel):
                print(f"wrote {path}")
    except (ValueError, FileExistsError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
