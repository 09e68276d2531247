"""The explorers work for a reader: in JupyterLab, in Chromium, after "Run All Cells".

nbval checks what the kernel sends; it never renders a widget. These tests
open each notebook that displays an explorer in a real JupyterLab, run it,
and use every explorer the way a reader does: look at it, press an arrow key
on the slider, type a value into the slider's readout. The plot and the
numbers beside it must follow.
"""

import pytest

from lab_session import NOTEBOOKS, find_widget_cells

pytestmark = pytest.mark.browser

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
    low, now, high = explorer.slider_position()
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


# The last two run after the notebook's other tests, so they see every error those caused too.


@pytest.mark.parametrize("notebook", WIDGET_NOTEBOOKS)
def test_browser_console_shows_no_error(lab, notebook):
    errors = lab(notebook).console_errors
    assert errors == [], "\n\n".join(errors)


@pytest.mark.parametrize("notebook", WIDGET_NOTEBOOKS)
def test_lab_log_console_stays_empty(lab, notebook):
    assert lab(notebook).log_console() == ""
