"""Draw the README's pictures of the two explorers: ``python docs/make_images.py``.

A 2-3-2 network trained on two Gaussian blobs with λ = 1 (so the current Θ
sits at the bottom of the λ = 1 bowl), then the static renderings of the λ
and ε explorers, written to docs/img/.
"""

from pathlib import Path

import numpy as np

import nnlesson as nl
from nnlesson.plots import epsilon_explorer_static, lambda_explorer_static

LAYERS = [2, 3, 2]


def example(m=40, steps=600, rate=1.0, lam=1.0, seed=3):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(-1, 0.8, size=(m // 2, 2)), rng.normal(1, 0.8, size=(m // 2, 2))])
    y = np.repeat([0, 1], m // 2)
    thetas = nl.rand_initialize_weights(LAYERS, epsilon_init=1.0, rng=rng)
    for _ in range(steps):  # batch gradient descent
        _, grads = nl.nn_cost_function(thetas, X, y, lam=lam)
        thetas = [t - rate * g for t, g in zip(thetas, grads)]
    return thetas, X, y


def main(out=Path(__file__).parent / "img"):
    out.mkdir(parents=True, exist_ok=True)
    thetas, X, y = example()
    fig = lambda_explorer_static(thetas, X, y, [(1, 0, 1), (2, 1, 1)], lams=(0, 1, 10), span=2.0)
    fig.savefig(out / "lambda_explorer.png", dpi=90)
    theta = nl.unroll(thetas)
    # The unregularized cost, whose slope at this Θ is not zero.
    _, grad = nl.nn_cost_function_unrolled(theta, LAYERS, X, y, lam=0.0)
    index = 10  # Θ^(2)[0, 1]
    fig = epsilon_explorer_static(
        lambda v: nl.nn_cost_function_unrolled(v, LAYERS, X, y, lam=0.0)[0],
        theta,
        index,
        analytic=grad,
        epsilons=(1.0, 1e-4, 1e-10),
        span=1.5,
    )
    fig.savefig(out / "epsilon_explorer.png", dpi=80)


if __name__ == "__main__":
    main()
