"""The explorers work for a reader: in JupyterLab, in Chromium, after "Run All Cells".

nbval checks what the kernel sends; it never renders a widget. These tests
open each notebook that displays an explorer in a real JupyterLab, run it,
and use every explorer the way a reader does: look at it, press an arrow key
on the slider, type a value into the slider's readout. The plot and the
numbers beside it must follow. One Lab server and one Chromium serve the
whole session, with one page per notebook.

Environment variables:

- ``NNLESSON_REQUIRE_BROWSER=1``: a missing Chromium or Playwright fails the
  tests instead of skipping them (CI sets it).
- ``NNLESSON_CHROMIUM``: the Chromium binary (default ``/usr/bin/chromium``,
  Debian's package; Playwright's own browser download is never used).
- ``NNLESSON_UPDATE_SCREENSHOTS=1``: also write each widget's screenshot to
  ``docs/img/`` for the README (they always go to ``tests/browser/screenshots/``).

The fixtures live here rather than in a conftest.py beside this file: the
core tests import helpers from ``tests/conftest.py`` by the module name
``conftest``, which a second conftest module would shadow. Only the browser
itself (``chromium``) comes from ``tests/conftest.py``, so that this module
and test_jupyterhub.py share one Playwright and one Chromium: Playwright's
sync API runs one instance per thread.
"""

import re
import shutil
from pathlib import Path

import pytest

from conftest import flag as _flag
from lab_session import (
    NOTEBOOKS,
    PROJECT_ROOT,
    TOAST,
    LabServer,
    NotebookPage,
    announcement_toasts,
    find_widget_cells,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
README_IMAGES = PROJECT_ROOT / "docs" / "img"


@pytest.fixture(scope="session")
def lab_server(chromium, tmp_path_factory):
    """JupyterLab on a temporary copy of ``notebooks/``, stopped (process group and all) at the end."""
    server = LabServer(NOTEBOOKS, tmp_path_factory.mktemp("jupyterlab"), pythonpath=PROJECT_ROOT)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab(chromium, lab_server):
    """``lab(notebook)`` -> the notebook's :class:`NotebookPage`, opened and run once per session."""
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
    context.set_default_timeout(60_000)
    pages = {}

    def open_notebook(notebook):
        if notebook not in pages:
            try:
                pages[notebook] = NotebookPage.open(context, lab_server, notebook)
            except Exception as error:  # remembered, so the notebook's other tests fail fast
                pages[notebook] = error
        opened = pages[notebook]
        if isinstance(opened, Exception):
            pytest.fail(f"{notebook} could not be opened and run in JupyterLab: {opened}\n"
                        f"server log:\n{lab_server.log_tail()}", pytrace=False)  # fmt: skip
        return opened

    try:
        yield open_notebook
    finally:
        context.close()


@pytest.fixture(scope="session")
def save_screenshot():
    """``save_screenshot(locator, slug)``: a PNG per widget, for CI artifacts and (on demand) the README."""
    SCREENSHOTS.mkdir(exist_ok=True)
    update_readme = _flag("NNLESSON_UPDATE_SCREENSHOTS")

    def save(locator, slug):
        path = SCREENSHOTS / f"{slug}.png"
        locator.screenshot(path=path, animations="disabled")
        if update_readme:
            README_IMAGES.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, README_IMAGES / path.name)
        return path

    return save


# The tests

NOTIFICATION_PLUGIN = "@jupyterlab/apputils-extension:notification"
SERVER_START_TIMEOUT = 90  # seconds, for a second Lab to load and ask its question
WIDGETS = find_widget_cells(NOTEBOOKS)
WIDGET_NOTEBOOKS = sorted({widget.notebook for widget in WIDGETS})


def assert_redrawn(before, after, notebook):
    """The plot and the numbers beside it changed; if not, say what the kernel logged."""
    changed = {"plot": after.image != before.image, "numbers beside the plot": after.numbers != before.numbers}
    unchanged = [name for name, did_change in changed.items() if not did_change]
    if unchanged:
        log = notebook.log_console() or "(empty)"
        pytest.fail(f"the {' and the '.join(unchanged)} did not change; Lab's log console: {log}", pytrace=False)


def test_the_lambda_and_epsilon_explorers_are_among_the_widgets_found():
    assert {"lambda_explorer", "epsilon_explorer"} <= {widget.explorer for widget in WIDGETS}


@pytest.mark.parametrize("notebook", WIDGET_NOTEBOOKS)
def test_notebook_runs_every_cell_without_error_in_lab(lab, notebook):
    assert lab(notebook).run_failure == ""


@pytest.mark.parametrize("widget", WIDGETS, ids=str)
def test_explorer_renders_slider_plot_and_numbers(lab, save_screenshot, widget):
    notebook = lab(widget.notebook)
    assert notebook.widget_error_texts() == []
    explorer = notebook.explorer(widget)
    save_screenshot(explorer.output, widget.slug)
    assert explorer.slider.is_visible() and explorer.handle.is_visible()
    assert explorer.image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert explorer.image_bytes().startswith(b"\x89PNG")
    assert explorer.numbers_text().strip()


@pytest.mark.parametrize("widget", WIDGETS, ids=str)
def test_arrow_key_on_the_slider_redraws_plot_and_numbers(lab, widget):
    explorer = lab(widget.notebook).explorer(widget)
    before = explorer.state()
    _, now, high = explorer.slider_position()
    explorer.handle.press("ArrowLeft" if now >= high else "ArrowRight")
    after = explorer.wait_for_redraw(before)
    assert after.readout != before.readout, "the slider did not move"
    assert_redrawn(before, after, lab(widget.notebook))


@pytest.mark.parametrize("widget", WIDGETS, ids=str)
def test_typing_into_the_slider_readout_redraws_plot_and_numbers(lab, widget):
    explorer = lab(widget.notebook).explorer(widget)
    before = explorer.state()
    typed = explorer.value_to_type()
    explorer.slider_readout.click()
    explorer.slider_readout.press("Control+a")
    explorer.slider_readout.press_sequentially(typed)
    explorer.slider_readout.press("Enter")
    after = explorer.wait_for_redraw(before)
    assert float(after.readout) == pytest.approx(float(typed), rel=0.02), "the slider did not take the typed value"
    assert_redrawn(before, after, lab(widget.notebook))


def test_the_test_server_takes_its_settings_overrides_from_where_make_lab_does(tmp_path):
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    lab_recipe = re.search(r"^lab:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    given = re.search(r"--LabApp\.app_settings_dir=(\S+)", lab_recipe).group(1)
    variables = dict(re.findall(r"^(\w+)\s*:?=\s*(.*?)\s*$", makefile, re.M))
    given = re.sub(r"\$\((\w+)\)", lambda name: variables[name.group(1)], given)
    (tmp_path / "notebooks").mkdir()
    command = LabServer(tmp_path / "notebooks", tmp_path / "lab").command
    assert f"--LabApp.app_settings_dir={PROJECT_ROOT / given}" in command


def test_lab_serves_the_series_settings_overrides(lab_server):
    defaults = lab_server.plugin_settings(NOTIFICATION_PLUGIN)["schema"]["properties"]
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False


def test_without_the_overrides_lab_asks_about_news(chromium, tmp_path):
    """The control for the test below: a Lab without the series' overrides does show the question."""
    empty = tmp_path / "empty"
    empty.mkdir()
    server = LabServer(empty, tmp_path / "lab", app_settings_dir=empty)
    context = chromium.new_context()
    try:
        server.start()
        page = context.new_page()
        page.goto(server.lab_url())
        page.locator(TOAST, has_text="official Jupyter news").wait_for(timeout=SERVER_START_TIMEOUT * 1000)
        assert announcement_toasts(page)
    finally:
        context.close()
        server.stop()


# The last three run after the notebook's other tests: the page has been open
# long enough for any pop-up to be up, and they see every error those caused.


@pytest.mark.parametrize("notebook", WIDGET_NOTEBOOKS)
def test_no_news_question_or_update_notice_over_the_notebook(lab, notebook):
    assert announcement_toasts(lab(notebook).page) == []


@pytest.mark.parametrize("notebook", WIDGET_NOTEBOOKS)
def test_browser_console_shows_no_error(lab, notebook):
    errors = lab(notebook).console_errors
    assert errors == [], "\n\n".join(errors)


@pytest.mark.parametrize("notebook", WIDGET_NOTEBOOKS)
def test_lab_log_console_stays_empty(lab, notebook):
    assert lab(notebook).log_console() == ""
