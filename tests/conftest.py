"""Shared test helpers: random networks and an independent finite-difference oracle."""

import numpy as np
import pytest


def central_difference(f, v, eps=1e-5):
    """``(f(v + εe_i) - f(v - εe_i)) / 2ε`` for every coordinate, by a plain loop.

    Deliberately the simplest possible code, so that it can judge the
    package's analytic gradients (and its own gradient checker).
    """
    grad = np.zeros_like(v)
    for i in range(v.size):
        step = np.zeros_like(v)
        step.flat[i] = eps
        grad.flat[i] = (f(v + step) - f(v - step)) / (2 * eps)
    return grad


def rel_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a + b), 1e-300)


def random_network(rng, layer_sizes, m, scale=1.0):
    """Random weights, inputs and labels for ``layer_sizes``; ``m`` examples."""
    thetas = [rng.normal(scale=scale, size=(s_next, s + 1)) for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:])]
    X = rng.normal(size=(m, layer_sizes[0]))
    y = rng.integers(0, layer_sizes[-1], size=m) if layer_sizes[-1] > 1 else rng.integers(0, 2, size=m).astype(float)
    return thetas, X, y


@pytest.fixture
def rng():
    return np.random.default_rng(20261125)
