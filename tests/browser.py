"""A real headless Chromium (Debian's, driven by Playwright) for tests of what people look at.

``render_in_browser`` opens a page with every request that is not a local file refused (a page that needs the network
fails to draw), counts its plotly charts and their data points and saves a screenshot; also by hand:
``python -m tests.browser [reports/index.html] [reports/screenshot.png]``. Needs the ``playwright`` package
(a dev extra) and a Chromium: /usr/bin/chromium (Debian's) by default, or WFM_HUB_CHROMIUM; no
``playwright install`` (nothing downloaded).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Without the background-networking flags Chromium keeps dialing hosts a closed network cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Rendered:
    title: str
    charts: dict[str, int]  # data-chart id -> data points (markers or bars) plotly drew
    requests: list[str]  # every URL the page asked for (only the file itself when self-contained)
    screenshot: Path


def chromium_path() -> str:
    return os.environ.get("WFM_HUB_CHROMIUM", "/usr/bin/chromium")


@contextmanager
def headless_page(width: int = 1280, height: int = 900):
    """A Playwright page in headless Chromium (Debian's; Playwright never downloads its own here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def offline(page) -> list[str]:
    """Refuse every request of ``page`` that is not a local file; returns the list every URL asked for is
    appended to (refused ones included)."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    return requests


def render_in_browser(html: Path, screenshot: Path, width: int = 1280) -> Rendered:
    with headless_page(width) as page:
        requests = offline(page)
        page.goto(html.resolve().as_uri(), wait_until="load")
        charts = page.eval_on_selector_all(
            "div.chart[data-chart]",
            "els => Object.fromEntries(els.map(e => [e.dataset.chart, "
            "e.querySelectorAll('.scatterlayer .point, .barlayer .point').length]))",
        )
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
        return Rendered(page.title(), charts, requests, screenshot)


def require_chromium() -> None:
    if not os.access(chromium_path(), os.X_OK):
        pytest.skip(f"no Chromium at {chromium_path()}: make setup installs it (apt-get install chromium)")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    html = Path(args[0]) if args else ROOT / "reports" / "index.html"
    png = Path(args[1]) if len(args) > 1 else html.with_name("screenshot.png")
    rendered = render_in_browser(html, png)
    print(f"{rendered.title}: {len(rendered.charts)} charts {rendered.charts}; screenshot {rendered.screenshot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
