"""Re-execute the notebooks in a fresh kernel each and save them in place.

Usage (from the repository root)::

    python tools/execute_notebooks.py                   # every notebooks/*.ipynb
    python tools/execute_notebooks.py notebooks/01_forward_propagation.ipynb

The saved files are deterministic: running this twice in a row gives
byte-identical notebooks. To get there the script records no execution
timestamps, merges the pieces of each printed stream, keeps only the
notebook metadata that does not depend on the installed versions, and
stores no widget state. Without that state a saved widget view cannot be
shown anyway (a live kernel draws it anew), so the random id of its model
is replaced by one derived from the cell's id; the static figure beside
each widget is what a reader without a kernel sees.

It also records which ``nnlesson`` modules each notebook imported and a
fingerprint of their code (``tests/test_notebooks.py`` recomputes it and
says which notebooks to re-execute after the package changed).
"""

import argparse
import ast
import hashlib
import json
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PACKAGE = ROOT / "nnlesson"
METADATA_KEY = "nnlesson"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNEL_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
_LOADED_MODULES = (
    "import sys as _sys, json as _json\n"
    "print(_json.dumps(sorted(n for n in _sys.modules if n.split('.')[0] == 'nnlesson')))"
)


def module_path(name, package_dir=PACKAGE):
    """The source file of module ``nnlesson[.sub]`` inside ``package_dir``."""
    parts = name.split(".")[1:]
    if not parts:
        return package_dir / "__init__.py"
    path = package_dir.joinpath(*parts)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def code_fingerprint(path):
    """A hash of a module's code that ignores comments, docstrings and layout.

    Two versions of a module that differ only in those get the same
    fingerprint, so editing a docstring does not make a notebook stale.
    """
    tree = ast.parse(pathlib.Path(path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()[:16]


def fingerprints(modules, package_dir=PACKAGE):
    """``{module name: code_fingerprint}`` for modules that have a source file."""
    out = {}
    for name in modules:
        path = module_path(name, package_dir)
        if path.exists():
            out[name] = code_fingerprint(path)
    return out


def _stable_widget_ids(cell):
    """Replace the random model id of each widget view in ``cell`` by one derived from the cell id."""
    for k, output in enumerate(cell.get("outputs", [])):
        view = output.get("data", {}).get(WIDGET_VIEW)
        if view is not None:
            view["model_id"] = hashlib.sha256(f"{cell.id}/{k}".encode()).hexdigest()[:32]


def execute(path, timeout=600):
    """Execute the notebook at ``path`` top to bottom and save it; return seconds taken."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
        coalesce_streams=True,  # a print may arrive in several messages; save it as one
    )
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        probe = nbformat.v4.new_code_cell(_LOADED_MODULES)
        nb.cells.append(probe)  # executed, read, and removed before saving
        client.execute_cell(probe, len(nb.cells) - 1)
        nb.cells.pop()
    for cell in nb.cells:
        if cell.cell_type == "code":
            _stable_widget_ids(cell)
    loaded = json.loads("".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout"))
    nb.metadata = nbformat.from_dict({**KERNEL_METADATA, METADATA_KEY: {"code": fingerprints(loaded)}})
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "notebooks", nargs="*", type=pathlib.Path, help="notebooks to execute (default: notebooks/*.ipynb)"
    )
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    total = 0.0
    for path in paths:
        seconds = execute(path.resolve())
        total += seconds
        print(f"{path.name}: executed in {seconds:.1f} s")
    print(f"total: {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
