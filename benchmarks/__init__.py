"""nnlesson's benchmarks: how fast the lessons' code is, as ratios measured in one run.

``make bench`` (or ``python -m benchmarks``) measures every figure and
writes ``benchmarks/RESULTS.md``; ``python -m benchmarks --quick --output
PATH`` runs the same code on tiny sizes, which is what the test suite does
so that the command cannot rot. No test asserts a speed: the machines that
run the tests are too noisy for that.

Modules: ``timing`` (interleaved ratios), ``machine`` (what was measured
on), ``bench_network`` (the cost function against its matrix products and
against the per-example loop), ``bench_gradcheck``, ``bench_widgets``,
``bench_notebooks``, ``report`` (the Markdown table).
"""
