"""What a gradient check found: moved to ``nnlesson.gradcheck.report``; this name keeps old imports working."""

from .gradcheck.report import Entry, GradientCheckReport, worst_entries

__all__ = ["Entry", "GradientCheckReport", "worst_entries"]
