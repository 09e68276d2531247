"""Shared test helpers: random networks, an independent finite-difference oracle, the browser."""

import os

import numpy as np
import pytest


def central_difference(f, v, eps=1e-5):
    """``(f(v + εe_i) - f(v - εe_i)) / 2ε`` for every coordinate, by a plain loop.

    Deliberately the simplest possible code, so that it can judge the
    package's analytic gradients (and its own gradient checker).
    """
    grad = np.zeros_like(v)
    for i in range(v.size):
        step = np.zeros_like(v)
        step.flat[i] = eps
        grad.flat[i] = (f(v + step) - f(v - step)) / (2 * eps)
    return grad


def rel_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a + b), 1e-300)


def random_network(rng, layer_sizes, m, scale=1.0):
    """Random weights, inputs and labels for ``layer_sizes``; ``m`` examples."""
    thetas = [rng.normal(scale=scale, size=(s_next, s + 1)) for s, s_next in zip(layer_sizes[:-1], layer_sizes[1:])]
    X = rng.normal(size=(m, layer_sizes[0]))
    y = rng.integers(0, layer_sizes[-1], size=m) if layer_sizes[-1] > 1 else rng.integers(0, 2, size=m).astype(float)
    return thetas, X, y


@pytest.fixture
def rng():
    return np.random.default_rng(20261125)


# The browser tests (tests/browser/): one Chromium for the whole session.

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


def flag(name):
    """Whether the environment variable ``name`` is set to something other than '' or '0'."""
    return os.environ.get(name, "") not in ("", "0")


def browser_unavailable(reason):
    """Skip for want of ``reason``; fail instead when NNLESSON_REQUIRE_BROWSER is set (CI)."""
    if flag("NNLESSON_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (NNLESSON_REQUIRE_BROWSER is set, so this is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable(
            "the browser tests need Playwright's Python package: pip install -e '.[test]' (no browser download needed)"
        )
    return sync_playwright


@pytest.fixture(scope="session")
def chromium(sync_playwright):
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        browser_unavailable(
            f"no Chromium at {CHROMIUM}: install Debian's with `sudo apt-get install chromium` "
            "(or point NNLESSON_CHROMIUM at a Chromium or Chrome binary)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
