"""A real headless Chromium (Debian's, driven by Playwright) for tests of what people look at."""

from __future__ import annotations

import os

import pytest

from report.screenshot import chromium_path, headless_page

__all__ = ["headless_page", "require_chromium"]


def require_chromium() -> None:
    if not os.access(chromium_path(), os.X_OK):
        pytest.skip(f"no Chromium at {chromium_path()}: make setup installs it (apt-get install chromium)")
