"""Gradient checking: is the gradient from backpropagation right?

Derived in notebook 04 (gradient checking), after Khanafer's article. The
slope of ``J`` along parameter ``i`` is close to the slope of the secant
through ``θ - εe_i`` and ``θ + εe_i``,

.. math:: \\frac{\\partial J}{\\partial\\theta_i} \\approx
          \\frac{J(\\theta + \\varepsilon e_i) - J(\\theta - \\varepsilon e_i)}{2\\varepsilon},

and the gradient from backpropagation must agree with it to many digits.
This package is the one place to import from; it gathers

* ``numerical_gradient``, ``relative_error``, ``epsilon_sweep``,
  ``KinkWarning`` (any ``J``; ``finite_differences``), and
  ``complex_step_gradient`` (``complex_step``);
* ``network_cost_batch`` and ``network_numerical_gradient`` (the network's
  cost, fast; ``full``);
* ``check_gradients`` (``check``) and ``check_deltas`` (``deltas``), whose
  report is ``GradientCheckReport`` (``report``);
* ``BUGS``, the gallery of classic backpropagation bugs (``bugs``).

The naive check costs ``2n`` evaluations of ``J`` for ``n`` parameters,
which is why it is run once on a small network and then switched off for
training.
"""

from .bugs import BUGS, Bug
from .check import check_gradients
from .complex_step import complex_step_gradient, network_complex_cost, network_complex_step_gradient
from .deltas import DeltaCheck, check_deltas
from .finite_differences import (
    EpsilonSweep,
    KinkWarning,
    epsilon_sweep,
    numerical_gradient,
    relative_error,
    relative_error_elementwise,
)
from .full import network_cost_batch, network_numerical_gradient
from .report import Entry, GradientCheckReport, worst_entries

__all__ = [
    "numerical_gradient",
    "network_cost_batch",
    "network_numerical_gradient",
    "relative_error",
    "relative_error_elementwise",
    "epsilon_sweep",
    "EpsilonSweep",
    "KinkWarning",
    "check_gradients",
    "GradientCheckReport",
    "check_deltas",
    "DeltaCheck",
    "complex_step_gradient",
    "network_complex_cost",
    "network_complex_step_gradient",
    "Entry",
    "worst_entries",
    "BUGS",
    "Bug",
]
