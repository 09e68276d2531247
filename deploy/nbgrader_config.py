"""nbgrader configuration for a course that uses nnlesson's exercises.

Copy this file to the course folder (the folder that holds ``source/``) and
edit the two paths below. The instructor runs every ``nbgrader`` command from
that folder. On a JupyterHub, students need only the exchange: put the
``Exchange.root`` and ``course_id`` lines into the students' global
``/etc/jupyter/nbgrader_config.py``.

tests/test_nbgrader_cycle.py runs the whole cycle (generate, release, fetch,
submit, collect, autograde, feedback, export) with this file, with only the
two paths replaced by temporary folders.
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

# The instructor's course folder: source/, release/, submitted/,
# autograded/, feedback/ and gradebook.db live here.
c.CourseDirectory.root = "/home/instructor/nnlesson-course"
c.CourseDirectory.course_id = "nnlesson"

# The shared folder through which assignments go out and submissions come
# back. Every student's server must see the same folder (a local directory on
# a single machine, a shared volume on Kubernetes). The instructor creates it
# once, world-writable with the sticky bit: install -d -m 1777 /srv/nbgrader/exchange
c.Exchange.root = "/srv/nbgrader/exchange"

# Autograding runs each notebook in a fresh kernel. A cell may take up to
# this many seconds: notebook 05's check trains a small network on the
# digits, which takes well under a minute on one core; 300 leaves room for a
# busy grading machine. A cell that runs longer scores zero.
c.Execute.timeout = 300
