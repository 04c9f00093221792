"""The report's reconciliation section: does the hub match what Genesys shows? (rpt_reconciliation_daily)."""

from __future__ import annotations

from .charts import Series, bar_chart, line_chart, percent
from .data import MARTS, Figure, Section, Table, fmt, global_then_orgs, series_by

LABELS = {
    "adherence_pct": "Adherence",
    "conformance_pct": "Conformance",
    "exception_minutes": "Minutes out of adherence",
    "scheduled_minutes": "Scheduled minutes",
    "service_level_pct": "Service level",
    "required_staff": "Required agent-hours (Erlang C vs Genesys)",
}


def _value(metric: str, value) -> str:
    return fmt(value, "pct" if metric.endswith("_pct") else "number")


def _points(value: float) -> str:
    return f"{value:+.2f} pp"


def _matches(scope: str, rows: list[dict], org: str | None) -> Figure:
    checked, within = sum(int(r["days"]) for r in rows), sum(int(r["within"]) for r in rows)
    return Figure(
        f"Matches Genesys ({scope})" if org else "Matches Genesys",
        f"{within:,} of {checked:,}",
        "org-days and metrics within tolerance (adherence, conformance, exceptions, schedule, service level, "
        "required staff)",
        org=org,
    )


def reconciliation_section(query) -> tuple[Section, list[Figure], dict]:
    summary = query(
        f"select org_key, metric, count(*) as days, sum(case when within_tolerance then 1 else 0 end) as within, "
        f"max(abs_diff) as worst, max(tolerance) as tolerance, max(tolerance_kind) as tolerance_kind "
        f"from {MARTS}.rpt_reconciliation_daily where within_tolerance is not null group by 1, 2 order by 1, 2"
    )
    outside = query(
        f"select * from {MARTS}.rpt_reconciliation_daily where not within_tolerance "
        "order by local_date desc, org_key, metric limit 15"
    )
    adherence = query(
        f"select org_key, local_date, (wfm_hub_value - genesys_value) * 100 as points "
        f"from {MARTS}.rpt_reconciliation_daily where metric = 'adherence_pct' order by local_date"
    )
    checked = sum(int(r["days"]) for r in summary)
    within = sum(int(r["within"]) for r in summary)
    per_org = {"GLOBAL": summary} | {
        r["org_key"]: [s for s in summary if s["org_key"] == r["org_key"]] for r in summary
    }
    figures = [_matches(scope, scoped, org) for scope, scoped, org in global_then_orgs(per_org)]
    metrics = sorted({r["metric"] for r in summary}, key=lambda m: list(LABELS).index(m) if m in LABELS else 99)
    shares = [
        {
            "org_key": r["org_key"],
            "metric": LABELS.get(r["metric"], r["metric"]),
            "share": int(r["within"]) / int(r["days"]),
        }
        for r in summary
        if int(r["days"])
    ]
    section = Section(
        "Genesys' own figures beside ours",
        "Per org and day, each figure the hub computes from what it holds beside the one Genesys computes for the "
        "same agent-days, queues or intervals (historical adherence day metrics, oServiceLevel, the forecast's "
        "staffing requirement). Tolerances: seed reconciliation_tolerances; formulas: docs/metrics.md.",
        charts=[
            bar_chart(
                "reconciliation-within",
                "Days within tolerance of Genesys' figure, per metric",
                [LABELS.get(m, m) for m in metrics],
                series_by(shares, "org_key", "metric", "share"),
                ("metric", "share of org-days within tolerance"),
                fmt=percent,
                horizontal=True,
            ),
            line_chart(
                "reconciliation-adherence",
                "Adherence: wfm-hub minus Genesys, per day",
                [
                    Series(o, [(r["local_date"], float(r["points"])) for r in adherence if r["org_key"] == o])
                    for o in sorted({r["org_key"] for r in adherence})
                ],
                ("org's business-unit date", "difference, percentage points"),
                fmt=_points,
            ),
        ],
        tables=[
            Table(
                "Within tolerance per org and metric",
                ["Org", "Metric", "Days", "Within tolerance", "Largest difference", "Tolerance"],
                [
                    [
                        r["org_key"],
                        LABELS.get(r["metric"], r["metric"]),
                        fmt(r["days"], "int"),
                        fmt(r["within"], "int"),
                        _value(r["metric"], r["worst"]) if r["tolerance_kind"] == "absolute" else fmt(r["worst"]),
                        (
                            _value(r["metric"], r["tolerance"])
                            if r["tolerance_kind"] == "absolute"
                            else f"{fmt(r['tolerance'], 'pct')} of Genesys'"
                        ),
                    ]
                    for r in summary
                ],
            ),
            Table(
                "Outside tolerance (latest first)",
                ["Org", "Date", "Metric", "wfm-hub", "Genesys", "Difference"],
                [
                    [
                        r["org_key"],
                        fmt(r["local_date"], "text"),
                        LABELS.get(r["metric"], r["metric"]),
                        _value(r["metric"], r["wfm_hub_value"]),
                        _value(r["metric"], r["genesys_value"]),
                        _value(r["metric"], r["abs_diff"]),
                    ]
                    for r in outside
                ],
            ),
        ],
    )
    return section, figures, {"reconciliation": {"checked": checked, "within_tolerance": within}}
