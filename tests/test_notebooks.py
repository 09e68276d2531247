"""The notebooks as files: saved executed, in the series' common form, and not stale.

nbval (``pytest --nbval notebooks/``) re-runs every cell and compares the
outputs; these tests check what nbval does not, without starting a kernel.
"""

import importlib.util
import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
IGNORE_TAG = "nbval-ignore-output"
# Notebooks past the articles whose exercises are still being written.
WITHOUT_EXERCISES_YET = set()
# Notebooks whose summary still calls itself the last one, though a later notebook exists.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(execute_notebooks)

# %matplotlib inline, the three imports, then any nnlesson submodules, a
# seeded generator and a version check, in this order.
FIRST_CELL = re.compile(
    r"%matplotlib inline\n"
    r"import numpy as np\n"
    r"import matplotlib\.pyplot as plt\n"
    r"import nnlesson as nl\n"
    r"((from nnlesson(\.\w+)* import [\w, ]+|import nnlesson\.\w+( as \w+)?)\n)*"
    r"\n*rng = np\.random\.default_rng\(\d+\)\n"
    r"assert nl\.__version__\b.*"
)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"])


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def headings(nb):
    """Every markdown heading as (level, text), in order."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for match in re.finditer(r"^(#+) +(.+?) *$", source(cell), re.MULTILINE):
                found.append((len(match.group(1)), match.group(2)))
    return found


def output_text(output):
    if output["output_type"] == "stream":
        return "".join(output["text"])
    data = output.get("data", {})
    return "".join("".join(v) for k, v in data.items() if k.startswith("text/"))


notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])


def test_the_series_has_notebooks_01_to_04():
    assert [p.name[:2] for p in NOTEBOOKS][:4] == ["01", "02", "03", "04"]


@notebook
def test_every_code_cell_is_saved_executed_in_order(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: re-run `make notebooks`"


@notebook
def test_cells_that_print_or_draw_have_saved_outputs(path):
    for cell in code_cells(load(path)):
        if re.search(r"\bprint\(|plt\.show\(\)|^\w+\s*$", source(cell), re.MULTILINE):
            assert cell["outputs"], f"{path.name}: no saved output for\n{source(cell)[:200]}"


@notebook
def test_no_saved_errors_or_stderr(path):
    for cell in code_cells(load(path)):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: saved error {output.get('ename')}"
            assert output.get("name") != "stderr", f"{path.name}: stderr output {output_text(output)[:200]!r}"


@notebook
def test_outputs_name_no_memory_address_or_machine_path(path):
    for cell in code_cells(load(path)):
        for output in cell["outputs"]:
            text = output_text(output)
            assert not re.search(r" at 0x[0-9a-f]+", text), f"{path.name}: object repr in {text[:200]!r}"
            assert not re.search(r"(/home/|/tmp/|/Users/|site-packages|[A-Z]:\\)", text), text[:200]


@notebook
def test_no_volatile_metadata_is_saved(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"]
    assert "version" not in nb["metadata"].get("language_info", {})
    for cell in nb["cells"]:
        assert "execution" not in cell.get("metadata", {}), f"{path.name}: execution timestamps saved"


@notebook
def test_first_cell_is_the_standard_one(path):
    first = code_cells(load(path))[0]
    assert FIRST_CELL.fullmatch(source(first).strip()), f"{path.name}: first cell is\n{source(first)}"


@notebook
def test_ends_with_exercises_then_summary(path):
    level_two = [text for level, text in headings(load(path)) if level == 2]
    if path.stem in WITHOUT_EXERCISES_YET:
        assert "Exercises" not in level_two and level_two[-1] == "Summary"
        return
    assert "Exercises" in level_two and "Summary" in level_two
    assert level_two.index("Exercises") < level_two.index("Summary") == len(level_two) - 1


@notebook
def test_summary_links_to_the_next_notebook(path):
    nb = load(path)
    number = int(path.name[:2])
    later = sorted(NOTEBOOK_DIR.glob(f"{number + 1:02d}_*.ipynb"))
    summary = source(nb["cells"][-1])
    links = re.findall(r"\]\((\d\d_[\w]+\.ipynb)\)", summary)
    if number < 5 or later:
        assert links and links[-1].startswith(f"{number + 1:02d}_"), f"{path.name}: no link to the next notebook"
    if later:
        assert links[-1] == later[0].name


@notebook
def test_ignore_tag_marks_exactly_the_widget_and_wall_time_cells(path):
    for cell in code_cells(load(path)):
        shows_widget = any(WIDGET_VIEW in o.get("data", {}) for o in cell["outputs"])
        times_itself = "time.perf_counter()" in source(cell)  # may print a wall time, which differs between runs
        if shows_widget:
            assert IGNORE_TAG in tags(cell), f"{path.name}:\n{source(cell)[:200]}"
        if IGNORE_TAG in tags(cell):
            assert shows_widget or times_itself, f"{path.name}:\n{source(cell)[:200]}"


@notebook
def test_widget_views_are_saved_with_ids_that_do_not_change_between_runs(path):
    for cell in code_cells(load(path)):
        stable = execute_notebooks.nbformat.from_dict(cell)  # a copy
        execute_notebooks._stable_widget_ids(stable)
        assert stable["outputs"] == cell["outputs"], f"{path.name}: random widget id; run `make notebooks`"


@notebook
def test_each_widget_has_a_static_figure_beside_it(path):
    cells = code_cells(load(path))
    for i, cell in enumerate(cells):
        if any(WIDGET_VIEW in o.get("data", {}) for o in cell["outputs"]):
            neighbours = cells[max(i - 1, 0) : i] + cells[i + 1 : i + 2]
            assert any("image/png" in o.get("data", {}) for c in neighbours for o in c["outputs"]), (
                f"{path.name}: widget cell without a static figure next to it"
            )


@notebook
def test_saved_outputs_are_not_stale_relative_to_the_package_code(path):
    recorded = load(path)["metadata"].get(execute_notebooks.METADATA_KEY, {}).get("code")
    assert recorded, f"{path.name}: not executed by tools/execute_notebooks.py; run `make notebooks`"
    current = execute_notebooks.fingerprints(recorded)
    changed = sorted(name for name in recorded if current.get(name) != recorded[name])
    assert not changed, f"{path.name} was executed before {', '.join(changed)} changed: run `make notebooks`"


def test_code_fingerprint_ignores_docstrings_and_comments_but_not_code(tmp_path):
    base = tmp_path / "a.py"
    base.write_text('"""Doc."""\n\ndef f(x):\n    """Doc."""\n    return x + 1\n')
    reworded = tmp_path / "b.py"
    reworded.write_text('"""Other doc."""\n\n\ndef f(x):  # a comment\n    return x + 1\n')
    changed = tmp_path / "c.py"
    changed.write_text('"""Doc."""\n\ndef f(x):\n    """Doc."""\n    return x + 2\n')
    fingerprint = execute_notebooks.code_fingerprint
    assert fingerprint(base) == fingerprint(reworded)
    assert fingerprint(base) != fingerprint(changed)
