"""The static HTML report renders in a real headless browser (Chromium via Playwright) with its charts."""

from __future__ import annotations

import pytest

from tests.browser import require_chromium
from tests.reports.conftest import rows

pytestmark = pytest.mark.slow
pytest.importorskip("playwright.sync_api", reason="playwright is a dev extra")

CHARTS = {"adherence-by-region", "volume-offered", "volume-aht", "forecast-vs-actual", "forecast-wape", "headcount",
          "shrinkage", "staffing-short", "shift-trades", "time-off-available", "break-overruns",
          "intraday-forecast-vs-actual"}


def test_report_renders_in_a_headless_browser_with_every_chart(tiny_reports, tmp_path):
    from report.build import build
    from tests.browser import render_in_browser

    require_chromium()
    summary = build(tmp_path / "reports", tiny_reports.db)
    rendered = render_in_browser(tmp_path / "reports" / "index.html", tmp_path / "screenshot.png")
    assert rendered.title == "wfm-hub: consolidated workforce report"
    assert set(rendered.charts) == CHARTS
    assert all(points > 0 for points in rendered.charts.values()), rendered.charts
    assert rendered.charts["adherence-by-region"] >= 3 * 12  # two regions and GLOBAL, a point per day
    # self-contained: the page fetched nothing but itself
    assert [url for url in rendered.requests if not url.startswith("file://")] == []
    png = rendered.screenshot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    # the GLOBAL figures on the page are the marts'
    html = (tmp_path / "reports" / "index.html").read_text()
    glob = rows(tiny_reports.db, "select headcount from marts.rpt_global_workforce_daily where scope = 'global' "
                                 "and adherence_pct is not null and occupancy_pct is not null "
                                 "order by date desc limit 1")[0]
    assert summary["global"]["workforce"]["headcount"] == glob["headcount"] == 16
    assert f'<div class="value">{glob["headcount"]}</div>' in html
    assert summary["global"]["snapshot"]["stale_org_keys"] == "apac"
