"""How long the λ and ε explorers take to redraw when their slider moves.

    PYTHONPATH=. python benchmarks/widget_redraw.py

The requirement: a median redraw of at most 150 ms at the default
resolution (a 41 × 41 cost grid; 101 points along θ_i), so that dragging a
slider feels live. Each slider is swept once over its whole range. A redraw is everything setting ``slider.value`` does:
the new λ-dependent contours (or secant and marks), the blitted render and
the PNG handed to the Image widget. The build (the vectorized cost grid,
the ε sweep) happens once and is reported apart.

Wall time depends on what else the machine is doing; CPU time of this
process is printed beside it. Nothing here is asserted: tests never time.
The ε explorer evaluates the caller's J twice per new ε, so its time
includes two costs of the network; on a busy machine OpenBLAS's threads
can make those much slower than with OPENBLAS_NUM_THREADS=1.
"""

import statistics
import time

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

import nnlesson as nl  # noqa: E402
from nnlesson.widgets import epsilon_explorer, lambda_explorer  # noqa: E402


def network(layers, m, seed=0):
    rng = np.random.default_rng(seed)
    thetas = nl.rand_initialize_weights(layers, epsilon_init=1.0, rng=rng)
    X = rng.normal(size=(m, layers[0]))
    y = rng.integers(0, layers[-1], size=m)
    return thetas, X, y


def redraws(explorer, values):
    wall, cpu = [], []
    for value in values:
        t, c = time.perf_counter(), time.process_time()
        explorer.slider.value = value
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu)


def main():
    cases = {"3-5-3, m = 40": ([3, 5, 3], 40), "64-25-10, m = 1000": ([64, 25, 10], 1000)}
    lams = list(np.round(np.linspace(0.0, 10.0, 41), 2))
    epsilons = [float(10.0**e) for e in np.arange(-12.0, 0.01, 0.25)]
    print(f"{'explorer':<10}{'network':<22}{'build (s)':>10}{'median redraw wall (ms)':>26}{'cpu (ms)':>10}")
    for name, (layers, m) in cases.items():
        thetas, X, y = network(layers, m)
        t = time.perf_counter()
        w = lambda_explorer(thetas, X, y, [(1, 0, 1), (2, 1, 2)])
        build = time.perf_counter() - t
        wall, cpu = redraws(w, lams)
        print(f"{'λ':<10}{name:<22}{build:>10.2f}{wall:>26.0f}{cpu:>10.0f}")

        theta = nl.unroll(thetas)
        _, grad = nl.nn_cost_function_unrolled(theta, layers, X, y)
        t = time.perf_counter()
        w = epsilon_explorer(lambda v: nl.nn_cost_function_unrolled(v, layers, X, y)[0], theta, 1, analytic=grad)
        build = time.perf_counter() - t
        wall, cpu = redraws(w, epsilons)  # each ε visited once: J(θ ± ε) is computed in every redraw
        print(f"{'ε':<10}{name:<22}{build:>10.2f}{wall:>26.0f}{cpu:>10.0f}")


if __name__ == "__main__":
    main()
