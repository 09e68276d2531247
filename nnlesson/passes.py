"""What a forward and a backward pass return: every ``z^(l)``, ``a^(l)`` and ``δ^(l)``, by layer number.

The notebooks number layers ``1..L``; Python lists start at 0. These
records hold the arrays in tuples and hand them out by the notebooks'
numbers: ``fp.a(1)`` is ``a^(1) = X``, ``bp.delta(L)`` is ``δ^(L)``.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["ForwardPass", "BackwardPass"]


@dataclass(frozen=True, repr=False)
class ForwardPass:
    """Every ``z^(l)`` and ``a^(l)`` of one forward pass.

    Attributes
    ----------
    activations : tuple of ndarray
        ``a^(1), …, a^(L)``; ``a^(l)`` has shape ``(m, s_l)``, no bias column.
        ``a^(1)`` is ``X``.
    zs : tuple of ndarray
        ``z^(2), …, z^(L)``; ``z^(l)`` has shape ``(m, s_l)``.
    """

    activations: tuple
    zs: tuple

    @property
    def L(self):
        """The number of layers."""
        return len(self.activations)

    @property
    def output(self):
        """``a^(L) = h_Θ(X)``, shape ``(m, K)``."""
        return self.activations[-1]

    def a(self, l, bias=False):
        """``a^(l)`` for ``l = 1..L``; with ``bias=True``, ``[1  a^(l)]``, shape ``(m, s_l + 1)``."""
        _check_layer("l", l, 1, self.L)
        a = self.activations[l - 1]
        if bias:
            return np.hstack([np.ones((a.shape[0], 1)), a])
        return a

    def z(self, l):
        """``z^(l)`` for ``l = 2..L``, shape ``(m, s_l)``."""
        _check_layer("l", l, 2, self.L)
        return self.zs[l - 2]

    def __repr__(self):
        parts = [f"a{l} {self.activations[l - 1].shape}" for l in (1,)]
        for l in range(2, self.L + 1):
            parts += [f"z{l} {self.zs[l - 2].shape}", f"a{l} {self.activations[l - 1].shape}"]
        return f"ForwardPass(L={self.L}: " + ", ".join(parts) + ")"


@dataclass(frozen=True, repr=False)
class BackwardPass:
    """The deltas of backpropagation, and the forward pass they came from.

    Attributes
    ----------
    forward : ForwardPass
    deltas : tuple of ndarray
        ``δ^(2), …, δ^(L)``; ``δ^(l)`` has shape ``(m, s_l)``, one row per
        example. Row ``i`` is ``∂J_i/∂z^(l)`` for the cost ``J_i`` of
        example ``i`` alone, so ``∂J/∂z^(l) = δ^(l) / m``.
    """

    forward: ForwardPass
    deltas: tuple

    @property
    def L(self):
        return self.forward.L

    def delta(self, l):
        """``δ^(l)`` for ``l = 2..L`` (the articles' ``s3``, ``s2``), shape ``(m, s_l)``."""
        _check_layer("l", l, 2, self.L)
        return self.deltas[l - 2]

    def __repr__(self):
        parts = [f"δ{l} {self.deltas[l - 2].shape}" for l in range(self.L, 1, -1)]
        return f"BackwardPass(L={self.L}: " + ", ".join(parts) + ")"


def _check_layer(name, l, low, high):
    if isinstance(l, bool) or not isinstance(l, (int, np.integer)):
        raise TypeError(f"{name} must be a layer number {low}..{high}, got {l!r}")
    if not low <= l <= high:
        raise ValueError(f"{name} must be a layer number {low}..{high} (layers count from 1), got {l}")
