"""The report's page logic without a warehouse: whose each trace and row is, what an org's page keeps, the figure
JSON a page embeds, and the freshness figure of a failing org."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

from report.charts import GLOBAL_COLOR, PALETTE, Scopes, Series, bar_chart, line_chart, percent
from report.data import Figure, Org, ReportData, Section, Table
from report.freshness import freshness_section
from report.pages import org_section, render_pages, row_scope

SCOPES = Scopes({"emea": "mypurecloud.de", "apac": "mypurecloud.com.au", "amer": "mypurecloud.com"})
DAYS = [date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)]


def _spec(html: str) -> dict:
    payload = html.split('data-chart-spec="', 1)[1].split(">", 1)[1].rsplit("</script>", 1)[0]
    return json.loads(payload)


def test_each_trace_belongs_to_its_org_region_or_global_and_keeps_its_color():
    assert SCOPES.tag(Series("emea")) == {"org": "emea", "region": "mypurecloud.de"}
    assert SCOPES.tag(Series("emea: Genesys", org="emea")) == {"org": "emea", "region": "mypurecloud.de"}
    assert SCOPES.tag(Series("mypurecloud.com.au")) == {"region": "mypurecloud.com.au"}
    assert SCOPES.tag(Series("GLOBAL")) == {"scope": "GLOBAL"} and SCOPES.tag(Series("forecast")) == {}
    # an org has one color on every chart, whatever else the chart draws; other traces never take an org's
    assert SCOPES.color(Series("apac"), 0) == SCOPES.color(Series("apac"), 5) == PALETTE[1]
    assert SCOPES.color(Series("GLOBAL"), 0) == GLOBAL_COLOR
    org_colors = {SCOPES.color(Series(k), 0) for k in SCOPES.regions}
    assert SCOPES.color(Series("forecast"), 0) not in org_colors and SCOPES.color(Series("actual"), 1) not in org_colors


def test_a_chart_embeds_titles_tags_and_the_reports_formatting():
    chart = line_chart(
        "adherence",
        "Adherence </script><b>",
        [
            Series("emea", [(d, 0.9 + i / 100) for i, d in enumerate(DAYS)]),
            Series("GLOBAL", [(DAYS[0], None), (DAYS[1], 0.95)]),
        ],
        ("local date", "adherence"),
        fmt=percent,
        y_max=1.0,
    )
    html = chart.html(SCOPES)
    assert html.count("</script>") == 1  # the title's "</script>" cannot end the JSON early
    spec = _spec(html)
    emea, glob = spec["data"]
    assert spec["layout"]["title"]["text"] == "Adherence </script><b>"
    assert (spec["layout"]["xaxis"]["title"]["text"], spec["layout"]["yaxis"]["title"]["text"]) == (
        "local date",
        "adherence",
    )
    assert spec["layout"]["yaxis"]["tickformat"] == ".0%" and spec["layout"]["yaxis"]["autorangeoptions"] == {
        "include": [1.0]
    }
    assert emea["meta"] == {"org": "emea", "region": "mypurecloud.de"} and glob["meta"] == {"scope": "GLOBAL"}
    assert emea["customdata"][2] == ["2026-11-04", "92.0%"] and "local date: %{customdata[0]}" in emea["hovertemplate"]
    assert glob["x"] == ["2026-11-03"]  # no gap before a line's first value
    assert glob["line"]["width"] > emea["line"]["width"] and glob["line"]["color"] == GLOBAL_COLOR
    assert len(json.dumps(spec["layout"].get("template", {}))) < 100  # not plotly's default template (~7 KB)
    # instants are naive UTC for plotly.js (no time zones): 13:15 at +01:00 is 12:15
    instant = line_chart(
        "i", "t", [Series("x", [(datetime(2026, 11, 2, 13, 15, tzinfo=timezone(timedelta(hours=1))), 1.0)])], ("a", "b")
    )
    assert _spec(instant.html(SCOPES))["data"][0]["x"] == ["2026-11-02 12:15"]


def test_an_org_page_keeps_the_orgs_traces_rows_and_by_org_series():
    by_org = {"emea": [Series("planned", [(DAYS[0], 0.1)])]}
    shrinkage = line_chart(
        "shrinkage", "Shrinkage (GLOBAL)", [Series("planned", [(DAYS[0], 0.2)])], ("d", "s"), by_org=by_org
    )
    offered = bar_chart(
        "offered",
        "Offered",
        DAYS,
        [Series("emea", [(DAYS[0], 3.0)]), Series("apac", [(DAYS[0], 4.0)]), Series("GLOBAL", [(DAYS[0], 7.0)])],
        ("d", "n"),
    )
    section = Section(
        "S",
        "intro",
        charts=[shrinkage, offered, "<svg>legacy</svg>"],
        tables=[
            Table("orgs", ["Org", "n"], [["emea", "1"], ["apac", "2"], ["GLOBAL", "3"]]),
            Table("regions", ["Region", "n"], [["mypurecloud.de", "1"], ["GLOBAL", "3"]]),
        ],
    )
    emea = org_section(section, "emea", SCOPES)
    assert [c.title for c in emea.charts] == ["Shrinkage (emea)", "Offered"]
    assert [[s.name for s in c.series] for c in emea.charts] == [["planned"], ["emea"]]
    assert emea.charts[0].series[0].points == [(DAYS[0], 0.1)] and SCOPES.tag(emea.charts[0].series[0])["org"] == "emea"
    assert [(t.title, t.rows) for t in emea.tables] == [("orgs", [["emea", "1"]])]  # no Org column: not the org's
    assert org_section(section, "amer", SCOPES) is None  # nothing of amer's: no section on amer's page
    assert row_scope(section.tables[0], ["apac", "2"], SCOPES) == {"org": "apac", "region": "mypurecloud.com.au"}
    assert row_scope(section.tables[1], ["mypurecloud.de", "1"], SCOPES) == {"region": "mypurecloud.de"}
    assert (
        row_scope(section.tables[0], ["GLOBAL", "3"], SCOPES)
        == {}
        == row_scope(section.tables[1], ["GLOBAL", "3"], SCOPES)
    )


def test_every_page_links_every_page_and_an_org_page_its_own_figures():
    orgs = [Org("apac", "Acme APAC", "mypurecloud.com.au"), Org("emea", "Acme EMEA", "mypurecloud.de")]
    data = ReportData(
        figures=[Figure("Headcount (GLOBAL)", "16"), Figure("Headcount (emea)", "10", org="emea")],
        sections=[Section("S", "intro", tables=[Table("t", ["Org", "n"], [["emea", "1"], ["apac", "2"]])])],
        global_figures={},
        orgs=orgs,
    )
    pages = render_pages(data, "test.duckdb", "2026-11-30 02:00")
    assert list(pages) == ["index.html", "org_apac.html", "org_emea.html"]
    for html in pages.values():
        assert html.count("plotly.js v") == 1
        for name in pages:
            assert f'href="{name}"' in html
    assert 'id="filter"' in pages["index.html"] and 'id="filter"' not in pages["org_emea.html"]
    assert 'data-org="apac" data-region="mypurecloud.com.au"' in pages["index.html"]
    assert "Headcount (emea)" in pages["org_emea.html"] and "Headcount (GLOBAL)" not in pages["org_emea.html"]
    assert "<td>apac</td>" not in pages["org_emea.html"] and "<td>emea</td>" in pages["org_emea.html"]


def test_the_freshness_section_names_failed_and_never_extracted_resources():
    now = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    at = datetime(2026, 11, 29, 2, 0)

    def row(org, resource, outcome, success_at, error=None):
        return {
            "freshness_key": f"{org}:{resource}",
            "org_key": org,
            "region": SCOPES.regions[org],
            "resource": resource,
            "last_run_id": "r2",
            "last_run_at_utc": datetime(2026, 11, 30, 2, 0),
            "last_outcome": outcome,
            "last_error": error,
            "last_success_run_id": "r1" if success_at else None,
            "last_success_at_utc": success_at,
            "last_success_rows": 5 if success_at else None,
            "runs_since_success": 0 if outcome == "success" else 1,
        }

    freshness = [
        row("emea", "users", "success", datetime(2026, 11, 30, 2, 0)),
        row("emea", "schedules", "failed", at, "HTTP 503 " + "x" * 300),
        row("amer", "-", "failed", None, "login refused"),
    ]

    def query(sql):
        return freshness if "rpt_data_freshness" in sql else []

    section, figures, values = freshness_section(query, now)
    glob, *per_org = figures
    assert (glob.value, glob.org) == ("28.0 h", None)  # emea's schedules: 02:00 yesterday to 06:00 today
    assert "latest run not a success: 2 of 3" in glob.note and "never extracted: 1" in glob.note
    assert [(f.org, f.value) for f in per_org] == [("amer", "never"), ("emea", "28.0 h")]
    assert values["freshness"] == {
        "generated_at_utc": "2026-11-30T06:00:00",
        "max_age_hours": 28.0,
        "resources": 3,
        "latest_run_not_success": 2,
    }
    orgs, resources = section.tables
    assert orgs.rows[0][:6] == [
        "amer",
        "mypurecloud.com",
        "2026-11-30 02:00",
        "0 of 1",
        "the org failed before any resource ran",
        "never",
    ]
    assert orgs.rows[1][4] == "schedules (failed)"
    failed = next(r for r in resources.rows if r[1] == "schedules")
    assert failed[3] == "28" and failed[6] == "failed" and len(failed[8]) == 160
    assert next(r for r in resources.rows if r[0] == "amer")[1:3] == ["(none ran)", "never"]
