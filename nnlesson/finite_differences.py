"""Finite differences of any ``J``, kept under its old name (now ``nnlesson.gradcheck.finite_differences``)."""

from .gradcheck.arguments import as_cost
from .gradcheck.finite_differences import (
    EpsilonSweep,
    KinkWarning,
    complex_step_gradient,
    epsilon_sweep,
    numerical_gradient,
    relative_error,
    relative_error_elementwise,
)

_as_cost = as_cost  # the old private name, still imported by nnlesson.plots

__all__ = [
    "numerical_gradient",
    "relative_error",
    "relative_error_elementwise",
    "epsilon_sweep",
    "EpsilonSweep",
    "KinkWarning",
    "complex_step_gradient",
]
