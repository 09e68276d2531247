"""Assignments under their first name: exercise cells and student copies (see ``nnlesson.classroom``).

python -m nnlesson.assignments release notebooks/ --out release/ [--force] [--no-wheel]
python -m nnlesson.assignments list notebooks/
"""

import sys

from .classroom.cells import (
    BEGIN_HIDDEN_TESTS,
    BEGIN_SOLUTION,
    END_HIDDEN_TESTS,
    END_SOLUTION,
    EXERCISE_KEY,
    exercise_cells,
    locked_cell,
    markdown_cell,
    solution_cell,
    test_cell,
)
from .classroom.cli import main
from .classroom.release import release, release_notebook

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
    "release_notebook",
    "release",
    "main",
]

if __name__ == "__main__":
    sys.exit(main())
