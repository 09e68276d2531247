"""``python -m nnlesson.classroom list | release | insert`` (see ``nnlesson.classroom.cli``)."""

import sys

from .cli import main

sys.exit(main())
