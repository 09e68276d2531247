"""The gallery of classic backpropagation bugs: moved to ``nnlesson.gradcheck.bugs``; this name keeps old imports working."""

from .gradcheck.bugs import BUGS, Bug, correct

__all__ = ["Bug", "BUGS", "correct"]
