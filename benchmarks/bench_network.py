"""The vectorized network against its matrix-product floor and against the loop.

The floor of ``nn_cost_function`` is the matrix products it cannot avoid,
timed alone on arrays of the same shapes and memory layouts:

* forward, for every layer: ``a^(l) Θ^(l)[:, 1:]ᵀ``          (m × s_l times s_l × s_{l+1})
* backward, for every hidden layer: ``δ^(l+1) Θ^(l)[:, 1:]``  (m × s_{l+1} times s_{l+1} × s_l)
* gradients, for every layer: ``δ^(l+1)ᵀ a^(l)``              (s_{l+1} × m times m × s_l)

Everything else the cost function does (checking its arguments, the one-hot
labels, the sigmoids, the cost's logarithms, the element-wise products of
the deltas, the bias columns, the penalty) is overhead over this floor.
"""

import numpy as np

import nnlesson as nl

from .timing import Figure, human, interleaved_ratios, seconds

__all__ = ["matmul_floor", "vs_floor", "vs_loop", "vs_torch", "overhead_breakdown"]


def _problem(layer_sizes, m, seed=0):
    rng = np.random.default_rng(seed)
    thetas = nl.rand_initialize_weights(layer_sizes, rng=rng)
    X = rng.random((m, layer_sizes[0]))
    y = rng.integers(0, layer_sizes[-1], size=m)
    return thetas, X, y


def matmul_floor(thetas, X):
    """A function doing only the matrix products of one ``nn_cost_function`` call.

    Its operands are built once, outside the timed function: the real
    activations of a forward pass and deltas of the same shapes as the real
    ones (their values do not change how long a product takes).
    """
    fp = nl.forward_propagate(thetas, X)
    acts = [fp.a(l) for l in range(1, fp.L + 1)]
    deltas = [np.ones_like(a) for a in acts[1:]]  # δ^(2), …, δ^(L)
    weights = [theta[:, 1:] for theta in thetas]  # the views the network multiplies by

    def floor():
        for a, w in zip(acts, weights):
            a @ w.T
        for i in range(len(weights) - 1, 0, -1):
            deltas[i] @ weights[i]
        for d, a in zip(deltas, acts):
            d.T @ a

    return floor


def _blas_threads(threads):
    """A context manager limiting BLAS to ``threads`` threads (None: leave as is)."""
    from contextlib import nullcontext

    if threads is None:
        return nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads, user_api="blas")


def _page_faults():
    """Minor page faults of this process so far (None where the OS does not say)."""
    try:
        import resource
    except ImportError:
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def faults_per_call(f, calls=10):
    """Page faults per call of ``f``: fresh memory the allocator had to map in."""
    f()
    before = _page_faults()
    if before is None:
        return None
    for _ in range(calls):
        f()
    return (_page_faults() - before) / calls


def vs_floor(layer_sizes, m, runs, inner=5, threads=None, lam=1.0, budget=10.0):
    """``nn_cost_function`` time over its matrix-product floor, per run."""
    thetas, X, y = _problem(layer_sizes, m)
    floor = matmul_floor(thetas, X)
    sizes = "-".join(map(str, layer_sizes))

    def cost():
        nl.nn_cost_function(thetas, X, y, lam=lam)

    with _blas_threads(threads):
        ratios, tops, bottoms = interleaved_ratios(cost, floor, runs, inner, budget=budget)
        faults = faults_per_call(cost), faults_per_call(floor)
    where = "BLAS threads as installed" if threads is None else f"BLAS on {threads} thread{'s' if threads > 1 else ''}"
    return Figure(
        name=f"`nn_cost_function` {sizes}, m = {m}, vs matrix-product floor ({where})",
        target=("<=", 1.25),
        values=ratios,
        note=(
            f"{human(np.median(tops))} vs floor {human(np.median(bottoms))} (medians of the runs' minima)"
            + ("" if faults[0] is None else f"; page faults per call {faults[0]:.0f} vs {faults[1]:.0f}")
        ),
    )


def vs_loop(layer_sizes, m, runs, loop_examples=None, inner=(1, 5), threads=1):
    """How many times faster ``nn_cost_function`` is than ``nn_cost_function_loop``.

    BLAS is limited to ``threads`` threads for both: the loop's tiny
    products cannot use more, so this measures the algorithm (whole-batch
    products against one example at a time), not the core count.

    With ``loop_examples < m`` the loop runs on the first ``loop_examples``
    examples and its time is scaled by ``m / loop_examples`` (its cost is
    linear in the number of examples: one identical pass each); with
    ``"auto"`` it runs on all of them when that takes under 10 s.
    """
    with _blas_threads(threads):
        return _vs_loop(layer_sizes, m, runs, loop_examples, inner, threads)


def _vs_loop(layer_sizes, m, runs, loop_examples, inner, threads):
    thetas, X, y = _problem(layer_sizes, m)
    if loop_examples == "auto":  # all examples if that takes under 10 s, else a subset taking about 2 s
        probe = min(m, 200)
        per_example = seconds(lambda: nl.nn_cost_function_loop(thetas, X[:probe], y[:probe], lam=1.0)) / probe
        loop_examples = None if per_example * m < 10.0 else max(1, int(2.0 / per_example))
    k = m if loop_examples is None else loop_examples
    scale = m / k

    def vectorized():
        nl.nn_cost_function(thetas, X, y, lam=1.0)

    def loop():
        nl.nn_cost_function_loop(thetas, X[:k], y[:k], lam=1.0)

    ratios, tops, bottoms = interleaved_ratios(loop, vectorized, runs, inner)
    floor = matmul_floor(thetas, X)
    floor_time = min(seconds(floor) for _ in range(5))
    how = "loop run on all examples" if k == m else f"loop run on {k} examples, time scaled by {scale:g}"
    how += ", BLAS threads as installed" if threads is None else f", BLAS on {threads} thread(s)"
    sizes = "-".join(map(str, layer_sizes))
    return Figure(
        name=f"`nn_cost_function` vs `nn_cost_function_loop`, {sizes}, m = {m} (speed-up)",
        target=None,
        values=ratios * scale,
        note=(
            f"{how}; loop {human(np.median(tops) * scale)} ({human(np.median(tops) / k)} per example) "
            f"vs {human(np.median(bottoms))}; the matrix products alone take {human(floor_time)}, "
            f"{np.median(tops) * scale / floor_time:.0f}× less than the loop"
        ),
    )


# glibc's malloc returns freed memory at the top of its heap to the system
# once more than M_TRIM_THRESHOLD is free, and maps it in again (one page
# fault per 4 KiB) when the next call allocates. These settings keep it.
KEEP_FREED_MEMORY = {"MALLOC_TRIM_THRESHOLD_": str(256 << 20), "MALLOC_MMAP_THRESHOLD_": str(256 << 20)}


def vs_floor_keeping_memory(layer_sizes, m, runs, threads=1, budget=8.0):
    """``vs_floor`` in a fresh process whose allocator keeps freed memory (glibc only).

    Shows how much of the gap to the floor is the allocator giving the
    call's arrays back to the system and faulting them in again.
    """
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    env = dict(os.environ, **KEEP_FREED_MEMORY)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo), env.get("PYTHONPATH")]))
    code = (
        "import json; from benchmarks.bench_network import vs_floor; "
        f"f = vs_floor({list(layer_sizes)!r}, {m}, {runs}, threads={threads!r}, budget={budget}); "
        "print(json.dumps({'values': list(f.values), 'note': f.note}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, env=env, capture_output=True, text=True)
    sizes = "-".join(map(str, layer_sizes))
    where = "BLAS threads as installed" if threads is None else f"BLAS on {threads} thread{'s' if threads > 1 else ''}"
    name = f"`nn_cost_function` {sizes}, m = {m}, vs matrix-product floor ({where}, freed memory kept)"
    if proc.returncode != 0:
        return Figure(name, target=("<=", 1.25), unavailable="the measuring process failed: " + proc.stderr[-300:])
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    settings = ", ".join(f"{k}={v}" for k, v in KEEP_FREED_MEMORY.items())
    return Figure(
        name,
        target=("<=", 1.25),
        values=np.array(result["values"]),
        note=result["note"] + f"; a fresh process with {settings}",
    )


def overhead_breakdown(layer_sizes, m, runs, threads=1, inner=5, budget=4.0):
    """The parts of ``nn_cost_function`` that are not matrix products, each as a fraction of the floor.

    Each part is timed alone on the arrays a real call would give it,
    interleaved with the floor like every other figure. Returns a list of
    figures (to be read as "this part costs x floors").
    """
    from nnlesson._validate import as_thetas
    from nnlesson.network import hidden_gradient
    from nnlesson.problem import prepare

    thetas, X, y = _problem(layer_sizes, m)
    floor = matmul_floor(thetas, X)
    thetas_, problem = prepare(thetas, X, y, 1.0)
    X_, Y, cost, g = problem.X, problem.Y, problem.loss, problem.hidden
    _, grads = nl.nn_cost_function(thetas, X, y, lam=1.0)
    fp = nl.forward_propagate(thetas_, X_)
    bp = nl.backpropagate(thetas_, X_, y)
    sizes = "-".join(map(str, layer_sizes))

    def sigmoids():
        for z in fp.zs:
            nl.activations.ACTIVATIONS["sigmoid"].function(z)

    def deltas_elementwise():
        cost.output_delta(fp.zs[-1], fp.output, Y)
        for l in range(fp.L - 1, 1, -1):
            bp.delta(l) * hidden_gradient(g, fp, l)

    def bias_and_gradient_bookkeeping():
        for delta in bp.deltas:
            delta.sum(axis=0)
        for theta, z in zip(thetas_, fp.zs):
            z + theta[:, 0]

    def checks():
        prepare(as_thetas(thetas), X, y, 1.0, scan=False)
        all(np.isfinite(gr).all() for gr in grads)

    parts = [
        ("argument checks, one-hot labels, finiteness of the result", checks),
        ("the sigmoids of the forward pass", sigmoids),
        ("the cross-entropy value from z^(L)", lambda: cost.value(fp.zs[-1], fp.output, Y)),
        ("δ^(L) and δ ⊙ g'(z) from the stored a", deltas_elementwise),
        ("bias terms: + Θ[:, 0] and column sums of δ", bias_and_gradient_bookkeeping),
    ]
    figures = []
    with _blas_threads(threads):
        for label, part in parts:
            ratios, tops, _ = interleaved_ratios(part, floor, runs, inner, budget=budget)
            figures.append(
                Figure(
                    f"{sizes}, m = {m}: {label}, as a fraction of the floor",
                    values=ratios,
                    note=f"{human(np.median(tops))}; BLAS on {threads} thread(s)",
                )
            )
    return figures


def _torch_cost(torch, thetas, X, y, lam):
    """The same cost and gradients as ``nn_cost_function`` with PyTorch's autograd, float64 on the CPU."""
    Ws = [torch.tensor(t, dtype=torch.float64, requires_grad=True) for t in thetas]
    Xt = torch.tensor(X, dtype=torch.float64)
    Y = torch.nn.functional.one_hot(torch.tensor(y), thetas[-1].shape[0]).to(torch.float64)
    m = X.shape[0]

    def cost():
        for W in Ws:
            W.grad = None
        a = Xt
        for l, W in enumerate(Ws):
            z = torch.addmm(W[:, 0], a, W[:, 1:].T)
            a = torch.sigmoid(z) if l < len(Ws) - 1 else z
        J = torch.nn.functional.binary_cross_entropy_with_logits(a, Y, reduction="sum") / m
        J = J + lam / (2 * m) * sum((W[:, 1:] ** 2).sum() for W in Ws)
        J.backward()
        return J.item(), [W.grad for W in Ws]

    return cost


def vs_torch(layer_sizes, m, runs, inner=5, budget=8.0):
    """``nn_cost_function`` time over PyTorch autograd's on the same network and float64 data.

    BLAS and PyTorch threads as installed on both sides. Skipped, and said
    so, when ``torch`` cannot be imported (``pip install -e '.[bench]'``).
    """
    sizes = "-".join(map(str, layer_sizes))
    name = f"`nn_cost_function` {sizes}, m = {m}, vs PyTorch CPU autograd (float64, threads as installed)"
    try:
        import torch
    except ImportError:
        return Figure(
            name, target=("<=", 0.45), unavailable="skipped: torch is not importable here (pip install -e '.[bench]')"
        )
    thetas, X, y = _problem(layer_sizes, m)
    torch_cost = _torch_cost(torch, thetas, X, y, 1.0)
    J_torch, grads_torch = torch_cost()
    J, grads = nl.nn_cost_function(thetas, X, y, lam=1.0)
    agree = max(float(np.max(np.abs(g - gt.numpy()))) for g, gt in zip(grads, grads_torch))

    def ours():
        nl.nn_cost_function(thetas, X, y, lam=1.0)

    ratios, tops, bottoms = interleaved_ratios(ours, torch_cost, runs, inner, budget=budget)
    return Figure(
        name,
        target=("<=", 0.45),
        values=ratios,
        note=(
            f"{human(np.median(tops))} vs {human(np.median(bottoms))} (torch {torch.__version__}, "
            f"{torch.get_num_threads()} threads); same J to {abs(J - J_torch):.1e}, "
            f"gradients to {agree:.1e}"
        ),
    )
