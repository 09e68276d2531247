"""The network's cost at many perturbed weights, kept under its old name (now ``nnlesson.gradcheck.full``)."""

from .gradcheck.full import network_cost_batch, network_numerical_gradient

__all__ = ["network_cost_batch", "network_numerical_gradient"]
