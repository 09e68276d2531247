"""Gradient checking: the vectorized finite differences, and a whole check of a big network (target ≤ 300 costs).

Both figures need ``nnlesson.gradcheck``; without it they are reported as
not available instead of failing the run.
"""

import numpy as np
from scipy.optimize import approx_fprime

import nnlesson as nl

from .bench_network import _blas_threads, _problem
from .timing import Figure, human, interleaved_ratios

__all__ = ["fast_path_vs_approx_fprime", "full_check_vs_one_cost"]

_NEEDED = ("numerical_gradient", "network_cost_batch", "relative_error", "check_gradients")


def _gradcheck():
    """The ``nnlesson.gradcheck`` module, or the reason it cannot be used."""
    try:
        from nnlesson import gradcheck
    except ImportError as err:
        return None, f"not available: nnlesson.gradcheck cannot be imported ({err})"
    missing = [name for name in _NEEDED if not hasattr(gradcheck, name)]
    if missing:
        return None, f"not available: nnlesson.gradcheck has no {', '.join(missing)}"
    return gradcheck, ""


def debug_problem():
    """Ng's ``checkNNGradients`` network: 3-5-3, m = 5, weights and inputs from ``sin``."""
    thetas = [nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)]
    X = nl.debug_initialize_weights(5, 2)  # 5 examples of 3 inputs, as Ng builds them
    y = np.arange(1, 6) % 3  # Ng's 1 + mod(1:m, num_labels)', in labels 0..K-1
    return thetas, X, y


def fast_path_vs_approx_fprime(runs, inner=5, epsilon=1e-4, lam=3.0):
    """``scipy.optimize.approx_fprime`` time over ``numerical_gradient(vectorized=True)`` time."""
    name = "`numerical_gradient` fast path vs `scipy.optimize.approx_fprime`, 3-5-3 debug net (speed-up)"
    gc, why = _gradcheck()
    if gc is None:
        return Figure(name, target=(">=", 20.0), unavailable=why)
    thetas, X, y = debug_problem()
    sizes = [3, 5, 3]
    theta = nl.unroll(thetas)
    _, analytic = nl.nn_cost_function_unrolled(theta, sizes, X, y, lam=lam)

    def J(v):
        return nl.nn_cost_function_unrolled(v, sizes, X, y, lam=lam)[0]

    batch = gc.network_cost_batch(thetas, X, y, lam=lam)

    def fast():
        return gc.numerical_gradient(batch, theta, epsilon=epsilon, vectorized=True)

    def scipy_way():
        return approx_fprime(theta, J, epsilon)

    # Equal answers first: both against the exact gradient. approx_fprime is
    # one-sided, so it is only O(ε) accurate; the fast path is two-sided.
    err_fast = gc.relative_error(fast(), analytic)
    err_scipy = gc.relative_error(scipy_way(), analytic)
    if not (err_fast < 1e-8 and err_scipy < 1e-3):
        return Figure(
            name,
            target=(">=", 20.0),
            unavailable=(
                f"answers differ: relative error against the analytic gradient {err_fast:.1e} "
                f"(fast path), {err_scipy:.1e} (approx_fprime)"
            ),
        )
    ratios, tops, bottoms = interleaved_ratios(scipy_way, fast, runs, inner)
    return Figure(
        name,
        target=(">=", 20.0),
        values=ratios,
        note=(
            f"ε = {epsilon:g}, λ = {lam:g}, n = {theta.size}; relative error vs analytic "
            f"{err_fast:.0e} (two-sided, fast path) and {err_scipy:.0e} (approx_fprime is one-sided, "
            f"n + 1 evaluations against the fast path's 2n); "
            f"{human(np.median(bottoms))} vs {human(np.median(tops))}"
        ),
    )


def full_check_vs_one_cost(layer_sizes, m, runs, budget=60.0, lam=1.0, threads=1, sample=40):
    """``check_gradients`` on every parameter, in units of one analytic ``nn_cost_function``.

    Each run times one whole check, then the cost function (best of 5) right
    after it; the figure is the median of the runs' ratios, with their
    spread. Runs stop once ``budget`` seconds have passed (at least one run
    is made). BLAS is limited to ``threads`` threads on both sides, as for
    the loop speed-up. Before timing, ``sample`` entries of the check's
    finite differences are compared with the naive ones (two full costs per
    entry): the fast check must give the same numbers.
    """
    sizes = "-".join(map(str, layer_sizes))
    n = sum(s_next * (s + 1) for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:]))
    name = f"full gradient check, {sizes} (n = {n:,}), m = {m}, vs one `nn_cost_function`"
    gc, why = _gradcheck()
    if gc is None:
        return Figure(name, target=("<=", 300.0), unavailable=why)
    thetas, X, y = _problem(layer_sizes, m)
    report = None

    def check():
        nonlocal report
        report = gc.check_gradients(thetas, X, y, lam=lam)

    with _blas_threads(threads):
        check()
        picked = np.random.default_rng(1).choice(n, size=min(sample, n), replace=False)

        def J(v):
            return nl.nn_cost_function_unrolled(v, layer_sizes, X, y, lam=lam)[0]

        naive = gc.numerical_gradient(J, nl.unroll(thetas), 1e-4, indices=picked)
        agreement = gc.relative_error(nl.unroll(report.numeric)[picked], naive)
        if not agreement < 1e-9:  # the naive differences carry round-off of about 1e-16 |J| / ε themselves
            return Figure(
                name,
                target=("<=", 300.0),
                unavailable=(
                    f"answers differ: the check's finite differences and the naive ones at {picked.size} "
                    f"entries have relative error {agreement:.1e}"
                ),
            )
        ratios, tops, bottoms = interleaved_ratios(
            check,
            lambda: nl.nn_cost_function(thetas, X, y, lam=lam),
            runs,
            inner=(1, 5),
            warmup=0,
            budget=budget,
            min_runs=1,
        )
    equivalent = np.median(ratios)
    return Figure(
        name,
        target=("<=", 300.0),
        values=ratios,
        note=(
            f"check {human(np.median(tops))} vs cost {human(np.median(bottoms))}: the price of about "
            f"{equivalent:,.0f} cost evaluations, where the naive check makes 2n = {2 * n:,} "
            f"({2 * n / equivalent:,.0f}× fewer); check passed: {report.passed}, relative error "
            f"{report.relative_error:.1e}; at {picked.size} sampled entries the naive differences agree to "
            f"{agreement:.0e}; {len(ratios)} run(s) within the time budget, BLAS on {threads} thread(s)"
        ),
    )
