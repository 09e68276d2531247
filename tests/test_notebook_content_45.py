"""What notebooks 04 and 05 tell a reader, checked without a kernel.

The audit rules of the series that a test can check: measured values are
printed (thresholds are asserted, not printed), the reading time is stated,
no name the articles do not give, a test set is called a test set, and the
field's terms are not credited to the articles. The numbers of the new
lessons that are cheap to recompute are recomputed here as well.
"""

import json
import pathlib
import re

import numpy as np
import pytest

import nnlesson as nl
from nnlesson import bugs, gradcheck

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
ALL_NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
MINE = [NOTEBOOK_DIR / "04_gradient_checking.ipynb", NOTEBOOK_DIR / "05_training.ipynb"]
mine = pytest.mark.parametrize("path", MINE, ids=[p.stem for p in MINE])

# Phrases that print a threshold instead of a measured value.
VERDICT_PHRASES = re.compile(
    r"\bat least\b|\bat most\b|less than a|more than \d+\s*[×x%]|\bbelow 1e-\d+: (True|False)", re.IGNORECASE
)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"])


def lesson_cells(nb):
    """The cells before the generated exercises (the "## Exercises" heading) and the summary after them."""
    cells = nb["cells"]
    start = next(
        i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and source(c).startswith("## Exercises")
    )
    return cells[:start] + cells[-1:]


def printed(cell):
    return "".join("".join(o["text"]) for o in cell.get("outputs", []) if o["output_type"] == "stream")


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=[p.stem for p in ALL_NOTEBOOKS])
def test_no_first_name_the_articles_do_not_give(path):
    # Wang's article (the Chinese translation) gives no first name; "Rachel" was a guess.
    count = path.read_text(encoding="utf-8").count("Rachel")
    assert count == 0, f"{path.name} names 'Rachel' {count} times"


@mine
def test_printed_outputs_state_measured_values_not_thresholds(path):
    for cell in lesson_cells(load(path)):
        text = printed(cell)
        assert not VERDICT_PHRASES.search(text), f"{path.name} prints a verdict: {text[:300]!r}"


@mine
def test_reading_time_is_stated_at_the_top(path):
    top = source(load(path)["cells"][0])
    assert re.search(r"^\*Reading time: about \d+ minutes.*\*$", top, re.MULTILINE), f"{path.name}: no reading time"


@mine
def test_prose_makes_no_at_least_promises_of_results(path):
    for cell in lesson_cells(load(path)):
        if cell["cell_type"] == "markdown":
            assert not re.search(r"at least \d+\s*%", source(cell)), f"{path.name}: {source(cell)[:200]!r}"


def test_notebook_05_calls_its_test_set_test():
    text = "".join(source(c) for c in lesson_cells(load(MINE[1])))
    assert "error_val" not in text
    assert re.search(r"train_errors, test_errors = result\.train_errors, result\.validation_errors", text)
    assert "**validation set**" in text  # the split that chooses something is named for what it is


def test_weight_decay_is_called_the_fields_term_not_an_articles():
    glossary = next(source(c) for c in load(MINE[1])["cells"] if source(c).startswith("## Glossary"))
    rows = [line for line in glossary.splitlines() if line.startswith("|") and "权重衰减" in line]
    assert not rows, "权重衰减 is in no article: it must not be a row crediting one"
    assert re.search(r"权重衰减\)? is the field's name", glossary)


@mine
def test_every_glossary_row_cites_where_in_the_article(path):
    glossary = next(source(c) for c in load(path)["cells"] if source(c).startswith("## Glossary"))
    rows = [line for line in glossary.splitlines() if re.match(r"\| *[\u4e00-\u9fff]", line)]
    assert rows
    for row in rows:
        assert re.search(r"\b(line|lines|title)\b", row), f"{path.name}: glossary row cites no line: {row}"


# --- the numbers of the new lessons, recomputed ----------------------------------------------


def ng_network():
    thetas = [nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)]
    return thetas, nl.debug_initialize_weights(5, 2), np.arange(1, 6) % 3


def test_penalty_bugs_pass_at_lambda_0_and_fail_at_lambda_3():
    thetas, X, y = ng_network()
    for name in ("regularized_bias", "ufldl_lambda"):
        bug = bugs.BUGS[name].cost_function
        assert gradcheck.check_gradients(thetas, X, y, lam=0.0, cost_function=bug).passed
        assert gradcheck.check_gradients(thetas, X, y, lam=3.0, cost_function=bug).relative_error > 1e-2


def test_a_large_penalty_shrinks_a_data_part_bug_into_the_look_closer_band():
    thetas, X, y = ng_network()
    bug = bugs.BUGS["gradient_of_activation"].cost_function
    errors = [
        gradcheck.check_gradients(thetas, X, y, lam=lam, cost_function=bug).relative_error for lam in (3.0, 100.0, 1e4)
    ]
    assert errors[0] > 1e-4 and 1e-8 < errors[2] < 1e-6
    assert errors[0] > errors[1] > errors[2]


def test_the_buggy_gradient_lowers_the_cost_at_every_step():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(100, 10)), rng.integers(0, 5, size=100)
    thetas = nl.rand_initialize_weights([10, 20, 5], rng=1)
    buggy = bugs.BUGS["gradient_of_activation"].cost_function
    costs = []
    for _ in range(30):
        costs.append(nl.nn_cost_function(thetas, X, y, lam=1.0)[0])
        thetas = [t - g for t, g in zip(thetas, buggy(thetas, X, y, lam=1.0)[1])]
    assert np.all(np.diff(costs) < 0)
    assert not gradcheck.check_gradients(
        nl.rand_initialize_weights([10, 20, 5], rng=1), X, y, lam=1.0, cost_function=buggy
    ).passed


def test_the_one_sided_error_is_first_order_and_the_two_sided_second_order():
    thetas, X, y = ng_network()
    theta = nl.unroll(thetas)
    J = lambda v: nl.nn_cost_function_unrolled(v, [3, 5, 3], X, y, lam=3.0)[0]
    true = nl.nn_cost_function_unrolled(theta, [3, 5, 3], X, y, lam=3.0)[1][34]
    e = np.eye(theta.size)[34]
    eps = np.logspace(-3, -1, 9)
    one = [abs((J(theta + h * e) - J(theta)) / h - true) for h in eps]
    two = [abs((J(theta + h * e) - J(theta - h * e)) / (2 * h) - true) for h in eps]
    assert abs(np.polyfit(np.log10(eps), np.log10(one), 1)[0] - 1) < 0.1
    assert abs(np.polyfit(np.log10(eps), np.log10(two), 1)[0] - 2) < 0.1


def test_ng_epsilon_init_for_400_25_is_the_exercises_0_12():
    assert round(np.sqrt(6) / np.sqrt(400 + 25), 2) == 0.12


def test_a_uniform_sample_of_50_misses_all_35_bias_entries_with_probability_0_84():
    n, bias = 25 * 401 + 10 * 26, 25 + 10
    p_miss = np.prod([(n - bias - k) / (n - k) for k in range(50)])
    assert round(p_miss, 2) == 0.84


def test_equal_weights_keep_the_hidden_units_equal_under_gradient_descent():
    rng = np.random.default_rng(0)
    X, y = rng.uniform(size=(40, 6)), rng.integers(0, 3, size=40)
    thetas = [np.full(shape, 0.1) for shape in nl.theta_shapes([6, 4, 3])]
    for _ in range(20):
        thetas = [t - 2.0 * g for t, g in zip(thetas, nl.nn_cost_function(thetas, X, y, lam=1.0)[1])]
    assert np.ptp(thetas[0], axis=0).max() < 1e-12
    assert np.ptp(thetas[1][:, 1:], axis=1).max() < 1e-12
    assert np.abs(thetas[0] - 0.1).max() > 1e-3


def test_he_initialization_keeps_the_scale_of_relu_activations_and_glorot_halves_the_variance():
    x = np.random.default_rng(0).normal(size=(500, 100))
    r_he, r_glorot, a_he, a_glorot = np.random.default_rng(1), np.random.default_rng(1), x, x
    for _ in range(10):
        a_he = nl.relu(a_he @ r_he.normal(0.0, np.sqrt(2 / 100), size=(100, 100)).T)
        bound = np.sqrt(6) / np.sqrt(200)
        a_glorot = nl.relu(a_glorot @ r_glorot.uniform(-bound, bound, size=(100, 100)).T)
    assert 0.5 < np.sqrt(np.mean(a_he**2)) < 1.5
    assert np.sqrt(np.mean(a_glorot**2)) < 0.1
