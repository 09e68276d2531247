"""What notebooks 01-03 tell a reader: names, numbers, numbering and quotations.

nbval re-runs the cells and compares outputs; these tests check, without a
kernel, the parts of an audit that can be automated: the authors' names,
the reading time, that printed outputs state measured numbers rather than
thresholds, that the two numberings of Θ are used consistently, that the
numbers worked out by hand are the package's, and (where the articles are
available) that every Chinese term and quotation occurs in its article.
"""

import json
import pathlib
import re

import numpy as np
import pytest

import nnlesson as nl

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
OURS = [
    NOTEBOOK_DIR / name
    for name in ("01_forward_propagation.ipynb", "02_backpropagation.ipynb", "03_cost_and_gradient.ipynb")
]
CJK = re.compile(r"[\u3400-\u9fff]")

notebook = pytest.mark.parametrize("path", OURS, ids=[p.stem for p in OURS])


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell):
    return "".join(cell["source"])


def markdown(nb):
    return [source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def lesson_cells(nb):
    """The cells before the generated exercises (those have ids starting with 'exercise-')."""
    return [c for c in nb["cells"] if not c.get("id", "").startswith("exercise-")]


def printed(cell):
    text = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            text.append("".join(output["text"]))
        else:
            text.extend("".join(v) for k, v in output.get("data", {}).items() if k == "text/plain")
    return "".join(text)


def output_of(path, cell_id):
    for cell in load(path)["cells"]:
        if cell.get("id") == cell_id:
            return printed(cell)
    raise AssertionError(f"{path.name} has no cell {cell_id!r}")


def articles_dir():
    """The translated articles live beside the project (``shared/articles``), not in it."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "articles"
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


def test_every_notebook_of_the_series_names_wang_correctly():
    for path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        assert "Rachel" not in path.read_text(encoding="utf-8"), f"{path.name}: the author is Reina Wang"
    for path in (OURS[0], OURS[2]):
        assert "Reina Wang" in "".join(markdown(load(path))), f"{path.name} should name Reina Wang"


@notebook
def test_reading_time_is_stated_under_the_title(path):
    first = markdown(load(path))[0]
    assert re.search(r"^\*Reading time: about \d+ minutes", first, re.MULTILINE), f"{path.name}:\n{first[:300]}"


@notebook
def test_printed_outputs_state_measured_numbers_not_thresholds(path):
    phrases = re.compile(
        r"\b(at least|at most|less than|more than|fewer than|below|above \d|under \d|over \d|"
        r"within|a fifth|a tenth)\b",
        re.IGNORECASE,
    )
    for cell in lesson_cells(load(path)):
        if cell["cell_type"] == "code":
            found = phrases.search(printed(cell))
            assert not found, f"{path.name}: printed {found.group(0)!r} in\n{printed(cell)[:300]}"


@notebook
def test_no_cell_asserts_a_speed(path):
    for cell in lesson_cells(load(path)):
        if cell["cell_type"] == "code":
            assert not re.search(r"perf_counter|timeit|time\.time", source(cell)), f"{path.name}:\n{source(cell)[:300]}"


@notebook
def test_no_cell_prints_and_asserts_on_the_same_line(path):
    for cell in lesson_cells(load(path)):
        if cell["cell_type"] == "code":
            for line in source(cell).splitlines():
                assert not ("print(" in line and "assert" in line), f"{path.name}: {line}"


def _article_subscripts(text):
    """Every Θ^(l)_{ji} written in the articles' numbering (no comma), with the text after it."""
    pattern = re.compile(r"(?:\\Theta\^\{\((\d)\)\}_\{(\d)(\d)\}|Θ\^\((\d)\)_\{?(\d)(\d)\}?)(?![\d,])")
    for match in pattern.finditer(text):
        layer, row, col = (g for g in match.groups() if g is not None)
        yield int(layer), int(row), int(col), text[match.end() : match.end() + 90]


@notebook
def test_formula_subscripts_count_rows_from_1_and_match_their_numpy_position(path):
    text = "\n".join(source(c) for c in lesson_cells(load(path)))
    seen = 0
    for layer, row, col, after in _article_subscripts(text):
        seen += 1
        assert row >= 1, f"{path.name}: Θ^({layer})_{row}{col} — the articles count rows from 1"
        numpy = re.match(r"[^\n]*?Theta(\d)\[(\d), (\d)\]", after)
        if numpy:
            assert tuple(map(int, numpy.groups())) == (layer, row - 1, col), (
                f"{path.name}: Θ^({layer})_{row}{col} is Theta{layer}[{row - 1}, {col}], not {numpy.group(0)!r}"
            )
    if path.name.startswith(("01", "02")):
        assert seen, f"{path.name}: expected at least one weight named in the articles' numbering"


def test_notebook_01_explains_both_numberings_where_theta_is_first_met():
    cells = load(OURS[0])["cells"]
    ids = [c.get("id") for c in cells]
    explanation = source(cells[ids.index("nb01-05a")])
    assert ids.index("nb01-05a") < ids.index("nb01-07")  # before the forward pass uses Θ
    assert "counted from 1" in explanation and "counted from 0" in explanation
    assert "`thetas[l - 1][j - 1, i]`" in explanation


def test_the_articles_own_slips_are_flagged_where_they_occur():
    nb02 = "".join(markdown(load(OURS[1])))
    nb03 = "".join(markdown(load(OURS[2])))
    assert "一个相当简单的成本函数" in nb02 and "is not a cost" in nb02
    assert "这个术语适用于所有的" in nb03 and "contradicts himself" in nb03


# --- the numbers worked out by hand are the package's ---------------------------------


def debug_network():
    """Ng's checkNNGradients network, as notebook 02 builds it."""
    thetas = [nl.debug_initialize_weights(5, 3), nl.debug_initialize_weights(3, 5)]
    X = nl.debug_initialize_weights(5, 2)
    y = np.arange(1, 6) % 3
    return thetas, X, y


def test_notebook_02_hand_computed_deltas_are_the_packages():
    thetas, X, y = debug_network()
    bp = nl.backpropagate(thetas, X, y)
    out = output_of(OURS[1], "nb02-09b")
    assert f"s3[0, 1] = a - y = {bp.delta(3)[0, 1]:.6f}" in out
    out = output_of(OURS[1], "nb02-16")
    assert f"δ^(2)_1 = {bp.delta(2)[0, 0]:.6f}" in out
    out = output_of(OURS[1], "nb02-11b")
    half = nl.backpropagate(thetas, X, y, cost="half_squared_error")
    assert f"δ = {half.delta(3)[0, 1]:.6f}" in out


def test_notebook_02_cost_and_gradient_entry_are_the_packages():
    thetas, X, y = debug_network()
    J, grads = nl.nn_cost_function(thetas, X, y)
    assert f"J = {J:.6f}" in output_of(OURS[1], "nb02-09d")
    assert f"(s2' a1 / m)[0, 1] = {grads[0][0, 1]:.6e}" in output_of(OURS[1], "nb02-18d")
    assert f"loop: J = {J:.8f}" in output_of(OURS[1], "nb02-20")


def test_notebook_02_reports_round_off_level_agreement_for_loop_and_autodiff():
    for cell_id, count in (("nb02-22", 3), ("nb02-24c", 4)):
        assert output_of(OURS[1], cell_id).count("0.000000000000") == count


def test_notebook_03_penalized_bias_prediction_is_the_true_optimum():
    # With every x = 0 and 16 of 20 labels 1, J(b) = CE + (λ/2m) b² has dJ/db = (g(b) - 0.8) + (λ/m) b.
    from scipy.optimize import brentq

    lam, m = 10.0, 20
    b = brentq(lambda b: (nl.sigmoid(b) - 0.8) + lam / m * b, -5, 5)
    out = output_of(OURS[2], "nb03-14a")
    shown = float(re.search(r"λ =\s+10: .*?, ([\d.]+) \(bias penalized\)", out).group(1))
    assert abs(shown - nl.sigmoid(b)) < 1.5e-3
    assert "0.800 (bias free)" in out


# --- quotations and glossary terms occur in their articles --------------------------


@pytest.fixture(scope="module")
def article_text():
    where = articles_dir()
    if where is None:
        pytest.skip("the translated articles (shared/articles beside the project) are not on this machine")
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(where.glob("*.txt")))


def _normalise(text):
    """Without links' addresses, emphasis, spaces and dashes (the translation's '—' is often a minus)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[\s—–*-]+", "", text)


@notebook
def test_every_chinese_quotation_occurs_in_an_article(path, article_text):
    text = "\n".join(markdown(load(path)))
    quotes = [q for q in re.findall(r"[\"“]([^\"”\n]{2,200})[\"”]", text) if CJK.search(q)]
    assert quotes, f"{path.name}: no Chinese quotation found"
    haystack = _normalise(article_text)
    for quote in quotes:
        assert _normalise(quote) in haystack, f"{path.name}: {quote!r} is not in any article"


@notebook
def test_every_glossary_term_occurs_in_an_article(path, article_text):
    cells = markdown(load(path))
    glossary = next(c for c in cells if c.lstrip().startswith("## Glossary"))
    rows = [line for line in glossary.splitlines() if line.startswith("|") and CJK.search(line.split("|")[1])]
    assert len(rows) >= 8, f"{path.name}: glossary too short"
    for row in rows:
        for term in re.findall(r"[\u3400-\u9fff][\u3400-\u9fff ]*[\u3400-\u9fff]|[\u3400-\u9fff]", row.split("|")[1]):
            for part in re.split(r"\s*/\s*|\s+", term):
                assert part in article_text, f"{path.name}: glossary term {part!r} is not in any article"
