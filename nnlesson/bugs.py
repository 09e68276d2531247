"""The gallery of classic backpropagation bugs, kept under its old name (now ``nnlesson.gradcheck.bugs``)."""

from .gradcheck.bugs import BUGS, Bug, correct

__all__ = ["Bug", "BUGS", "correct"]
