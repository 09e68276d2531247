"""Fixtures for the browser tests: one JupyterLab server, one Chromium, one page per notebook.

Environment variables:

- ``NNLESSON_REQUIRE_BROWSER=1``: a missing Chromium or Playwright fails the
  tests instead of skipping them (CI sets it).
- ``NNLESSON_CHROMIUM``: the Chromium binary (default ``/usr/bin/chromium``,
  Debian's package; Playwright's own browser download is never used).
- ``NNLESSON_UPDATE_SCREENSHOTS=1``: also write each widget's screenshot to
  ``docs/img/`` for the README (they always go to ``tests/browser/screenshots/``).
"""

import os
import shutil
from pathlib import Path

import pytest

from lab_session import NOTEBOOKS, PROJECT_ROOT, LabServer, NotebookPage

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
README_IMAGES = PROJECT_ROOT / "docs" / "img"
CHROMIUM = os.environ.get("NNLESSON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _flag(name):
    return os.environ.get(name, "") not in ("", "0")


def _unavailable(reason):
    if _flag("NNLESSON_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (NNLESSON_REQUIRE_BROWSER is set, so this is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the browser tests need Playwright's Python package: pip install -e '.[test]' (no browser download needed)")
    return sync_playwright


@pytest.fixture(scope="session")
def chromium(sync_playwright):
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(
            f"no Chromium at {CHROMIUM}: install Debian's with `sudo apt-get install chromium` "
            "(or point NNLESSON_CHROMIUM at a Chromium or Chrome binary)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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
