"""The report's pages in a real headless browser (Debian's Chromium via Playwright), with every request that is not
the page's own file refused: every chart drawn by plotly with its title and axis titles, a hover tooltip with the
mart's value, the region/org filter hiding an org's traces and rows, each org's page showing its org only."""

from __future__ import annotations

import re

import pytest

from tests.browser import require_chromium
from tests.reports.conftest import rows

pytestmark = pytest.mark.slow
pytest.importorskip("playwright.sync_api", reason="playwright is a dev extra")

CHARTS = {
    "adherence-by-org",
    "conformance-by-org",
    "service-level",
    "asa",
    "volume-offered",
    "volume-aht",
    "forecast-vs-actual",
    "forecast-wape",
    "headcount",
    "shrinkage",
    "occupancy",
    "reconciliation-within",
    "reconciliation-adherence",
    "staffing-intervals",
    "staffing-short",
    "freshness-age",
}
PAGES = ["index.html", "org_apac.html", "org_emea.html"]
TRACES = "els => Object.fromEntries(els.map(e => [e.dataset.chart, e.data.map(t => [t.name, t.meta, t.visible])]))"


@pytest.fixture(scope="module")
def report(tiny_reports, tmp_path_factory):
    from report.build import build

    require_chromium()
    out = tmp_path_factory.mktemp("report") / "reports"
    return out, build(out, tiny_reports.db)


def _open(page, path):
    from tests.browser import offline

    requests = offline(page)
    page.goto(path.resolve().as_uri(), wait_until="load")
    return requests


def test_every_page_opens_offline_with_every_chart_titled_and_labelled(report):
    from plotly.offline import get_plotlyjs

    from tests.browser import render_in_browser

    out, summary = report
    assert list(summary["pages"]) == PAGES
    for name in PAGES:
        html = (out / name).read_text()
        assert html.count(get_plotlyjs()[:300]) == 1, name  # plotly.js inlined once, nothing else to fetch
        assert 4_500_000 < summary["pages"][name] < 6_000_000, summary["pages"]
        rendered = render_in_browser(out / name, out / f"screenshot_{name.removesuffix('.html')}.png")
        # self-contained: the page asked for nothing but itself (anything else was refused and would show here)
        assert rendered.requests == [(out / name).resolve().as_uri()], rendered.requests
        assert set(rendered.charts) == CHARTS, name
        assert all(points > 0 for points in rendered.charts.values()), (name, rendered.charts)
        png = rendered.screenshot.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
    from tests.browser import headless_page

    with headless_page() as page:
        _open(page, out / "index.html")
        drawn = page.eval_on_selector_all(
            "div.chart[data-chart]",
            "els => els.map(e => [e.dataset.chart, e.querySelectorAll('.main-svg').length, "
            "(e.querySelector('.gtitle') || {}).textContent, (e.querySelector('.g-xtitle') || {}).textContent, "
            "(e.querySelector('.g-ytitle') || {}).textContent])",
        )
        for chart, svgs, title, x_title, y_title in drawn:
            assert svgs > 0 and title and x_title and y_title, chart
        titles = {c: (t, x, y) for c, _, t, x, y in drawn}
        assert titles["adherence-by-org"] == (
            "Adherence by org over time",
            "person's local date",
            "adherence (share of schedule)",
        )
        # every org's page and the overview are linked from the nav bar of every page
        assert page.eval_on_selector_all("nav a", "els => els.map(e => e.getAttribute('href'))") == PAGES
    assert (out / "screenshot_index.png").stat().st_size > 100_000


def test_hovering_a_point_shows_its_value_and_both_axes(report, tiny_reports):
    from tests.browser import headless_page

    out, _ = report
    last = rows(
        tiny_reports.db,
        "select date, adherence_pct from marts.rpt_global_workforce_daily "
        "where scope = 'global' and adherence_pct is not null order by date desc limit 1",
    )[0]
    with headless_page() as page:
        _open(page, out / "index.html")
        chart = page.locator("#chart-adherence-by-org")
        chart.scroll_into_view_if_needed()
        names = chart.evaluate("e => e.data.map(t => t.name)")
        assert names == ["apac", "emea", "GLOBAL"]
        point = chart.locator(".scatterlayer .trace").nth(2).locator("path.point").last
        box = point.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tooltip = chart.locator(".hoverlayer .hovertext")
        tooltip.wait_for(timeout=5000)
        text = tooltip.text_content()
    assert "GLOBAL" in text and f"person's local date: {last['date']}" in text
    assert f"adherence (share of schedule): {last['adherence_pct'] * 100:.1f}%" in text


def test_the_filter_hides_an_orgs_traces_and_rows(report):
    from tests.browser import headless_page

    out, _ = report
    with headless_page() as page:
        _open(page, out / "index.html")

        def state():
            traces = page.eval_on_selector_all("div.chart[data-chart]", TRACES)
            shown = {
                (t[1] or {}).get("org") or (t[1] or {}).get("scope") or t[0]
                for chart in traces.values()
                for t in chart
                if t[2] is not False
            }
            hidden_rows = page.eval_on_selector_all(
                "tr[data-org], tr[data-region]",
                "els => els.filter(e => e.hidden).map(e => e.dataset.org || e.dataset.region)",
            )
            legends = page.eval_on_selector_all(".legendtext", "els => els.map(e => e.textContent)")
            return shown, set(hidden_rows), set(legends)

        shown, hidden, legends = state()
        assert {"apac", "emea", "GLOBAL"} <= shown and hidden == set() and {"apac", "emea"} <= legends
        assert page.locator('tr[data-org="apac"]').count() > 10 and page.locator('tr[data-org="emea"]').count() > 10

        page.select_option("#filter-org", "emea")
        shown, hidden, legends = state()
        assert "apac" not in shown and {"emea", "GLOBAL", "forecast", "actual"} <= shown
        assert "apac" not in legends and "emea" in legends
        assert hidden == {"apac", "mypurecloud.com.au"}  # apac's rows, and its region's real-time row
        assert page.locator('tr[data-org="emea"]').evaluate_all("els => els.every(e => !e.hidden)")
        assert page.text_content("#filter-status") == "Showing emea. GLOBAL always shows."

        page.select_option("#filter-org", "")
        page.select_option("#filter-region", "mypurecloud.com.au")
        shown, hidden, _ = state()
        assert "emea" not in shown and "apac" in shown and hidden == {"emea", "mypurecloud.de"}
        assert page.locator('#filter-org option[value="emea"]').is_disabled()
        region_rows = page.locator('tr[data-region="mypurecloud.com.au"]:not([data-org])')  # snapshot, real time
        assert region_rows.count() >= 1 and region_rows.evaluate_all("els => els.every(e => !e.hidden)")

        page.select_option("#filter-region", "")
        shown, hidden, _ = state()
        assert {"apac", "emea", "GLOBAL"} <= shown and hidden == set()


@pytest.mark.parametrize("org_key", ["apac", "emea"])
def test_an_org_page_shows_its_org_only(report, org_key):
    from tests.browser import headless_page

    out, _ = report
    other = {"apac": "emea", "emea": "apac"}[org_key]
    with headless_page() as page:
        _open(page, out / f"org_{org_key}.html")
        traces = page.eval_on_selector_all("div.chart[data-chart]", TRACES)
        assert set(traces) == CHARTS
        assert {(t[1] or {}).get("org") for chart in traces.values() for t in chart} == {org_key}, traces
        assert page.locator("#filter").count() == 0
        owners = page.eval_on_selector_all(
            "tbody tr", "els => els.map(e => e.dataset.org || (e.querySelector('td.empty') ? 'empty' : 'none'))"
        )
        assert set(owners) <= {org_key, "empty"} and owners.count(org_key) > 20
        labels = page.eval_on_selector_all(".figure .label", "els => els.map(e => e.textContent)")
        assert len(labels) == 9 and all(f"{org_key}" in label for label in labels), labels
        legends = page.eval_on_selector_all(".legendtext", "els => els.map(e => e.textContent)")
        assert other not in legends and "GLOBAL" not in legends
        titles = page.eval_on_selector_all(".gtitle", "els => els.map(e => e.textContent)")
        assert f"Shrinkage ({org_key})" in titles and not any("GLOBAL" in t for t in titles)
        body = page.text_content("main")
    assert not re.search(rf"\b{other}\b", body), "the other org is named on this org's page"


def test_the_pages_show_the_marts_figures(report, tiny_reports):
    out, summary = report
    html = (out / "index.html").read_text()
    glob = rows(
        tiny_reports.db,
        "select headcount from marts.rpt_global_workforce_daily where scope = 'global' "
        "and adherence_pct is not null and occupancy_pct is not null "
        "order by date desc limit 1",
    )[0]
    assert summary["global"]["workforce"]["headcount"] == glob["headcount"] == 16
    assert f'<div class="value">{glob["headcount"]}</div>' in html
    assert summary["global"]["snapshot"]["stale_org_keys"] == "apac"
    assert summary["global"]["snapshot"]["agents"] > 0
    # the reconciliation, each org's snapshot age, and the freshness of every org's resources
    assert "own figures beside ours" in html and "Within tolerance per org and metric" in html
    assert "Minutes behind the newest" in html and ">30</td>" in html
    freshness = summary["global"]["freshness"]
    logged = rows(tiny_reports.db, "select count(distinct org_key || resource) as n from wfm_hub_ops.run_status")[0]
    assert freshness["resources"] == logged["n"] > 30 and freshness["latest_run_not_success"] == 0
    assert 0 <= freshness["max_age_hours"] < 2  # the fixture's runs finished minutes ago
    apac = (out / "org_apac.html").read_text()
    apac_headcount = rows(
        tiny_reports.db,
        "select headcount from marts.rpt_global_workforce_daily "
        "where scope_key = 'apac' and adherence_pct is not null and occupancy_pct "
        "is not null order by date desc limit 1",
    )[0]["headcount"]
    assert f'<div class="value">{apac_headcount}</div>' in apac and "Headcount (apac," in apac
    # the weekly WAPE bars are ISO weeks: every week of every org starts on a Monday
    weeks = {
        r["week"]
        for r in rows(
            tiny_reports.db,
            "select distinct cast(date_trunc('week', date) as date) as week "
            "from marts.rpt_forecast_accuracy where grain = 'day'",
        )
    }
    assert weeks and all(w.weekday() == 0 for w in weeks)
