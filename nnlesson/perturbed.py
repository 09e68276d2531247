"""The network's cost at many perturbed parameter vectors: moved to ``nnlesson.gradcheck.full``; this name keeps old imports working."""

from .gradcheck.full import network_cost_batch, network_numerical_gradient

__all__ = ["network_cost_batch", "network_numerical_gradient"]
