"""The benchmark command still runs. Nothing here asserts a speed: machines are too noisy."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from benchmarks.__main__ import quick_plan
from benchmarks.report import markdown
from benchmarks.timing import Figure, interleaved_ratios

REPO = Path(__file__).resolve().parent.parent


def test_quick_run_writes_a_table_with_a_row_per_figure(tmp_path):
    out = tmp_path / "results.md"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-m", "benchmarks", "--quick", "--output", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    table = out.read_text(encoding="utf-8").split("## Figures")[1].split("## Notes")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| figure |")]
    # one row per figure: each entry of the plan gives one figure, or several (the breakdown)
    assert len(rows) >= len(quick_plan(argparse.Namespace(notebooks=None)))
    assert all(row.count("|") >= 6 for row in rows)


def test_quick_run_refuses_to_overwrite_the_real_results():
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode != 0 and "--output" in proc.stderr


def test_the_two_sides_of_a_ratio_are_called_alternately():
    calls = []
    interleaved_ratios(lambda: calls.append("a"), lambda: calls.append("b"), runs=2, inner=2, warmup=0)
    assert calls == ["a", "b"] * 4


def test_a_slow_numerator_can_be_called_fewer_times_per_run():
    calls = []
    interleaved_ratios(lambda: calls.append("a"), lambda: calls.append("b"), runs=1, inner=(1, 3), warmup=0)
    assert calls == ["a", "b", "b", "b"]


def test_a_figure_compares_its_median_with_its_target():
    assert Figure("f", target=("<=", 1.5), values=np.array([1.0, 1.4, 9.0])).met is True
    assert Figure("f", target=(">=", 50.0), values=np.array([40.0, 49.0, 99.0])).met is False


def test_a_figure_that_could_not_be_measured_says_why():
    page = markdown([Figure("missing part", unavailable="not available: no module")], machine={"cpu": "x"})
    assert "| missing part | report | — | — | not available: no module |" in page
