"""Run every benchmark and write the results table: ``python -m benchmarks [--quick] [--output PATH]``."""

import argparse
import sys
import time
from pathlib import Path

from . import bench_gradcheck, bench_network, bench_notebooks, bench_widgets
from .machine import machine_info
from .report import markdown

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def full_plan(args):
    """(group, figure) pairs, each figure a function of nothing, run in this order."""
    return [
        ("network", lambda: bench_network.vs_floor([400, 25, 10], 5000, runs=15, threads=1, budget=8.0)),
        ("network", lambda: bench_network.vs_floor_keeping_memory([400, 25, 10], 5000, runs=15)),
        ("network", lambda: bench_network.overhead_breakdown([400, 25, 10], 5000, runs=7)),
        ("network", lambda: bench_network.vs_floor([400, 25, 10], 5000, runs=15, budget=6.0)),
        ("network", lambda: bench_network.vs_torch([400, 25, 10], 5000, runs=15)),
        ("network", lambda: bench_network.vs_loop([400, 25, 10], 5000, runs=5, loop_examples="auto")),
        ("network", lambda: bench_network.vs_floor([784, 256, 128, 10], 1000, runs=15, threads=1, budget=8.0)),
        ("network", lambda: bench_network.vs_floor([784, 256, 128, 10], 1000, runs=15, budget=6.0)),
        ("gradcheck", lambda: bench_gradcheck.fast_path_vs_approx_fprime(runs=15)),
        ("gradcheck", lambda: bench_gradcheck.full_check_vs_one_cost([400, 25, 10], 5000, runs=3, budget=30.0)),
        ("widgets", lambda: bench_widgets.lambda_explorer_redraw(moves=15)),
        ("widgets", lambda: bench_widgets.epsilon_explorer_redraw(moves=15)),
        ("notebooks", lambda: bench_notebooks.nbval_vs_floor(args.notebooks, runs=args.nbval_runs)),
    ]


def quick_plan(args):
    """The same figures at tiny sizes with few runs."""
    return [
        ("network", lambda: bench_network.vs_floor([20, 8, 3], 50, runs=2, inner=2, threads=1)),
        ("network", lambda: bench_network.vs_floor([20, 8, 3], 50, runs=2, inner=2)),
        ("network", lambda: bench_network.vs_torch([20, 8, 3], 50, runs=2, inner=2)),
        ("network", lambda: bench_network.vs_floor_keeping_memory([20, 8, 3], 50, runs=2)),
        ("network", lambda: bench_network.overhead_breakdown([20, 8, 3], 50, runs=2, inner=2)),
        ("network", lambda: bench_network.vs_loop([20, 8, 3], 50, runs=2, loop_examples=10, inner=(1, 2))),
        ("network", lambda: bench_network.vs_floor([20, 8, 6, 3], 30, runs=2, inner=2)),
        ("gradcheck", lambda: bench_gradcheck.fast_path_vs_approx_fprime(runs=2, inner=2)),
        ("gradcheck", lambda: bench_gradcheck.full_check_vs_one_cost([20, 8, 3], 20, runs=1)),
        ("widgets", lambda: bench_widgets.lambda_explorer_redraw(moves=1)),
        ("widgets", lambda: bench_widgets.epsilon_explorer_redraw(moves=1)),
        ("notebooks", lambda: bench_notebooks.nbval_vs_floor(args.notebooks, runs=1, quick=True)),
    ]


NOTES = [
    "The matrix-product floor of `nn_cost_function` is the products it cannot avoid, timed alone on "
    "operands of the same shapes and layouts: `a^(l) Θ^(l)[:, 1:]ᵀ` for every layer, "
    "`δ^(l+1) Θ^(l)[:, 1:]` for every hidden layer, `δ^(l+1)ᵀ a^(l)` for every layer "
    "(`benchmarks/bench_network.py`). Everything else (argument checks, one-hot labels, sigmoids, "
    "the cost's logarithms, the bias terms, the penalty, memory) counts against the network.",
    "*BLAS on 1 thread* limits OpenBLAS to one thread for both sides of a ratio. On a shared 2-core "
    "machine a two-thread product stalls whenever another process holds the other core, so those runs "
    "are far steadier; the *as installed* rows show the default. The element-wise work (sigmoids, "
    "logarithms) runs on one core either way, so its share of the total grows when the products use two.",
    "*Freed memory kept*: glibc's malloc gives freed memory at the top of its heap back to the system and "
    "faults it in again (one page fault per 4 KiB) when the next call allocates; a cost call at "
    "400-25-10, m = 5000 allocates about 5 MB of arrays (z, a and δ of every layer), the floor almost "
    "none. Whether that happens depends on what the process freed before (glibc raises its thresholds "
    "after large frees), hence the page-fault counts in the notes and the row measured in a fresh "
    "process with the thresholds raised: the difference between the two rows is the allocator's, the "
    "rest is the network's.",
    "The rows *as a fraction of the floor* time the non-product parts of one call alone, on the arrays "
    "a real call gives them; 1 + their sum is roughly the ratio to the floor. They are the work the "
    "formulas require (every entry of z^(l) needs an exponential, the cross-entropy a logarithm per "
    "output entry, the result a finiteness check); `benchmarks/README.md` says how each is kept small.",
    "The loop speed-up runs `nn_cost_function_loop` on all 5000 examples when that takes under 10 s "
    "(it does here) and compares it with one vectorized call (best of 5), both on one BLAS thread. "
    "It is reported, not targeted: it measures Python's cost per example, which is the lesson.",
    "The PyTorch row times the same network, cost and penalty with `torch` autograd on the CPU, float64, "
    "threads as installed on both sides; it runs only where `torch` can be imported.",
    "The gradient figures use Ng's `checkNNGradients` network (3-5-3, m = 5, weights from `sin`, λ = 3) "
    "for the fast path, and a random 400-25-10 network with m = 5000 for the full check, which runs once "
    "or more within a time budget. `approx_fprime` is one-sided (n + 1 evaluations), the fast path "
    "two-sided (2n), so the comparison favours scipy in evaluations.",
    "The explorers are timed on the 3-5-3 debug network, the λ explorer over Θ^(1)[0, 1] and "
    "Θ^(2)[0, 1] (the weights notebook 03 uses) at its default 41 × 41 grid, the ε explorer on "
    "coordinate 0; a move is an assignment to `.slider.value`, which redraws before it returns.",
    "The nbval figure runs `pytest --nbval --nbval-current-env` on `notebooks/*.ipynb` and, alternately, "
    "on as many notebooks holding one empty cell each (the floor: pytest start-up, nbval's collection, "
    "one kernel start and shutdown per notebook), both in fresh processes from the repository root.",
]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes and few runs, to check that the command works (numbers mean nothing)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"where to write the Markdown table (default {RESULTS.name}; required with --quick)",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        help="the notebook directory for the nbval figure (default: the repository's notebooks/)",
    )
    parser.add_argument("--nbval-runs", type=int, default=2, help="runs of the nbval figure, the slowest (default 2)")
    parser.add_argument(
        "--only",
        choices=["network", "gradcheck", "widgets", "notebooks"],
        action="append",
        help="run only these groups of figures (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.quick and (args.output is None or args.output.resolve() == RESULTS):
        parser.error("--quick needs --output PATH other than RESULTS.md: its numbers mean nothing")
    output = args.output or RESULTS
    machine = machine_info()
    figures = []
    start = time.perf_counter()
    for key, figure in (quick_plan if args.quick else full_plan)(args):
        if args.only and key not in args.only:
            continue
        t0 = time.perf_counter()
        result = figure()
        results = result if isinstance(result, list) else [result]  # a figure may come with its parts
        figures += results
        for r in results:
            shown = r.unavailable or f"median {r.median:.3g}{r.unit}"
            print(f"[{time.perf_counter() - t0:6.1f} s] {r.name}: {shown}", file=sys.stderr, flush=True)
    machine["benchmark wall time"] = f"{time.perf_counter() - start:.0f} s"
    flags = " --quick" if args.quick else ""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown(figures, machine, flags=flags, notes=NOTES), encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
