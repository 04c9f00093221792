"""A real headless Chromium (Debian's, driven by Playwright) for tests of what people look at."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

CHROMIUM = os.environ.get("WFM_HUB_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialing hosts this machine cannot reach.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM}: make setup installs it (apt-get install chromium)")


@contextmanager
def page(width: int = 1600, height: int = 1000):
    """A Playwright page in headless Chromium."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()
