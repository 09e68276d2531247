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
        ("network", lambda: bench_network.vs_floor([400, 25, 10], 5000, runs=15, budget=6.0)),
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
        ("network", lambda: bench_network.vs_floor_keeping_memory([20, 8, 3], 50, runs=2)),
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
    "the cost's logarithms, the bias columns, the penalty) counts against the network.",
    "Rows marked *BLAS on 1 thread* limit OpenBLAS to one thread for both sides of the ratio. "
    "On a shared 2-core machine a multi-threaded product waits for a core whenever another process "
    "holds one, so those runs are far steadier; the *as installed* rows show the default.",
    "The element-wise work (sigmoids, logarithms) runs on one core whatever BLAS does, so the ratio "
    "to the floor is larger when the products themselves use two cores.",
]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and few runs, to check that the command works (numbers mean nothing)")
    parser.add_argument("--output", type=Path, default=None,
                        help=f"where to write the Markdown table (default {RESULTS.name}; required with --quick)")
    parser.add_argument("--notebooks", type=Path, default=Path("notebooks"),
                        help="the notebook directory for the nbval figure (default: notebooks)")
    parser.add_argument("--nbval-runs", type=int, default=2,
                        help="runs of the nbval figure, the slowest (default 2)")
    parser.add_argument("--only", choices=["network", "gradcheck", "widgets", "notebooks"], action="append",
                        help="run only these groups of figures (repeatable)")
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
        figures.append(result)
        shown = result.unavailable or f"median {result.median:.3g}{result.unit}"
        print(f"[{time.perf_counter() - t0:6.1f} s] {result.name}: {shown}", file=sys.stderr, flush=True)
    machine["benchmark wall time"] = f"{time.perf_counter() - start:.0f} s"
    flags = " --quick" if args.quick else ""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown(figures, machine, flags=flags, notes=NOTES), encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
