"""The report's people sections: adherence (Genesys' historical figures, the real-time snapshot with each org's age,
outliers, exceptions by category) and headcount, shrinkage and occupancy.

Charts draw every org and GLOBAL; a region is a filter (its orgs), not a line of its own: with one org per region
(the demo, most customers) a region's line would be its org's drawn twice. The region figures stay in the tables
(the real-time snapshot per region)."""

from __future__ import annotations

from .charts import Series, line_chart, percent
from .data import MARTS, Figure, Section, Table, fmt, global_then_orgs, series_by

DAY = "person's local date"


def adherence_section(query) -> tuple[Section, list[Figure], dict]:
    snapshot = query(f"select * from {MARTS}.rpt_global_adherence_snapshot")
    orgs = query(f"select * from {MARTS}.rpt_realtime_snapshot_orgs order by org_key")
    days = query(
        f"select date, scope_key, adherence_pct, conformance_pct from {MARTS}.rpt_global_workforce_daily "
        "where scope in ('org', 'global') and adherence_pct is not null order by date"
    )
    outliers = query(f"select * from {MARTS}.rpt_adherence_outliers order by outlier_rank limit 10")
    categories = query(
        f"select scheduled_category, actual_category, impact, sum(exceptions) as exceptions, sum(minutes) as minutes "
        f"from {MARTS}.rpt_adherence_exceptions_by_category group by 1, 2, 3 order by 5 desc limit 8"
    )
    glob = next((r for r in snapshot if r["region"] == "GLOBAL"), {})
    ages = ", ".join(f"{o['org_key']} {fmt(o['minutes_behind_newest'], 'int')} min" for o in orgs)
    figures = [
        Figure(
            "Real-time adherence (GLOBAL)",
            fmt(glob.get("adherence_pct"), "pct"),
            f"{fmt(glob.get('agents'), 'int')} agents, {fmt(glob.get('out_of_adherence'), 'int')} out of adherence, "
            f"{fmt(glob.get('explained'), 'int')} explained; snapshot {fmt(glob.get('snapshot_at_utc'), 'text')} UTC "
            f"(behind the newest: {ages or 'no snapshot'})",
        )
    ] + [
        Figure(
            f"Real-time snapshot ({o['org_key']})",
            f"{fmt(o['agents'], 'int')} agents",
            f"snapshot {fmt(o['snapshot_at_utc'], 'text')} UTC, {fmt(o['minutes_behind_newest'], 'int')} min behind "
            f"the newest org's{' (stale)' if o['is_stale'] else ''}",
            org=o["org_key"],
        )
        for o in orgs
    ]
    section = Section(
        "Adherence",
        "Historical adherence and conformance are Genesys' own day metrics (1 - minutes out of adherence / "
        "adherence schedule; on-queue actual / on-queue schedule), summed per org and person-local day, only on "
        "days each org's adherence was extracted for. The real-time snapshot is each org's latest; an org more than "
        "15 minutes behind the newest org's snapshot is stale (ages below).",
        charts=[
            line_chart(
                "adherence-by-org",
                "Adherence by org over time",
                series_by(days, "scope_key", "date", "adherence_pct"),
                (DAY, "adherence (share of schedule)"),
                fmt=percent,
                y_max=1.0,
            ),
            line_chart(
                "conformance-by-org",
                "Conformance by org over time",
                series_by(days, "scope_key", "date", "conformance_pct"),
                (DAY, "conformance (on-queue actual / scheduled)"),
                fmt=percent,
            ),
        ],
        tables=[
            Table(
                "Real-time adherence snapshot",
                [
                    "Region",
                    "Snapshot (UTC)",
                    "Agents",
                    "In",
                    "Out",
                    "Explained",
                    "Ignored",
                    "Unknown",
                    "Adherence",
                    "Stale orgs",
                ],
                [
                    [r["region"], fmt(r["snapshot_at_utc"], "text")]
                    + [
                        fmt(r[c], "int")
                        for c in ("agents", "in_adherence", "out_of_adherence", "explained", "ignored", "unknown")
                    ]
                    + [fmt(r["adherence_pct"], "pct"), r["stale_org_keys"] or ""]
                    for r in snapshot
                ],
            ),
            Table(
                "Each org's latest snapshot",
                ["Org", "Region", "Snapshot (UTC)", "Minutes behind the newest", "Stale", "Agents"],
                [
                    [
                        o["org_key"],
                        o["region"],
                        fmt(o["snapshot_at_utc"], "text"),
                        fmt(o["minutes_behind_newest"], "int"),
                        "stale" if o["is_stale"] else "",
                        fmt(o["agents"], "int"),
                    ]
                    for o in orgs
                ],
            ),
            Table(
                "Worst adherence outliers (continuous runs)",
                ["#", "Source", "Org", "Agent", "Local date", "Scheduled", "Actual", "Minutes out", "Impact"],
                [
                    [
                        fmt(r["outlier_rank"], "int"),
                        r["source"],
                        r["org_key"],
                        r["display_name"] or "",
                        fmt(r["local_date"], "text"),
                        r["scheduled_category"] or "",
                        r["actual_category"] or "",
                        fmt(r["minutes_out"]),
                        r["impact"] or "",
                    ]
                    for r in outliers
                ],
            ),
            Table(
                "Where the minutes out of adherence go",
                ["Scheduled", "Actual", "Impact", "Exceptions", "Minutes"],
                [
                    [
                        r["scheduled_category"],
                        r["actual_category"],
                        r["impact"],
                        fmt(r["exceptions"], "int"),
                        fmt(r["minutes"]),
                    ]
                    for r in categories
                ],
            ),
        ],
    )
    return section, figures, {"snapshot": glob, "snapshot_orgs": orgs}


def _workforce_figures(scope: str, last: dict, org: str | None) -> list[Figure]:
    """The headline figures of one scope (GLOBAL or an org) on its latest fully measured day."""
    return [
        Figure(
            f"Headcount ({scope}, {fmt(last.get('date'), 'text')})",
            fmt(last.get("headcount"), "int"),
            "distinct people; bi-regional agents once",
            org=org,
        ),
        Figure(
            f"Adherence ({scope}, Genesys)",
            fmt(last.get("adherence_pct"), "pct"),
            f"conformance {fmt(last.get('conformance_pct'), 'pct')}; "
            f"{'complete day' if last.get('adherence_complete') else 'day not complete when extracted'}",
            org=org,
        ),
        Figure(
            f"Shrinkage ({scope})",
            fmt(last.get("shrinkage_pct"), "pct"),
            f"planned {fmt(last.get('planned_shrinkage_pct'), 'pct')}, unplanned "
            f"{fmt(last.get('unplanned_shrinkage_pct'), 'pct')}",
            org=org,
        ),
        Figure(
            f"Occupancy ({scope})",
            fmt(last.get("occupancy_pct"), "pct"),
            "interacting / (interacting + communicating + idle)",
            org=org,
        ),
    ]


def _latest_measured(rows: list[dict]) -> dict:
    # the latest day every measure covers (presence ends at the extraction's UTC midnight, so the western
    # orgs' last local day is still open)
    measured = [r for r in rows if r["adherence_pct"] is not None and r["occupancy_pct"] is not None]
    return measured[-1] if measured else (rows[-1] if rows else {})


def _shrinkage(rows: list[dict]) -> list[Series]:
    return [
        Series(name, [(r["date"], None if r[col] is None else float(r[col])) for r in rows])
        for name, col in (
            ("planned", "planned_shrinkage_pct"),
            ("unplanned", "unplanned_shrinkage_pct"),
            ("total", "shrinkage_pct"),
        )
    ]


def workforce_section(query) -> tuple[Section, list[Figure], dict]:
    rows = query(f"select * from {MARTS}.rpt_global_workforce_daily where scope in ('org', 'global') order by date")
    by_scope: dict[str, list[dict]] = {}
    for r in rows:
        by_scope.setdefault(r["scope_key"], []).append(r)
    latest = {key: _latest_measured(scoped) for key, scoped in by_scope.items()}
    last = latest.get("GLOBAL", {})
    figures = [figure for key, row, org in global_then_orgs(latest) for figure in _workforce_figures(key, row, org)]
    section = Section(
        "Headcount, shrinkage and occupancy",
        "Headcount = distinct people employed per local day (a bi-regional person once in GLOBAL). Shrinkage follows "
        "each activity code's flags (counts toward shrinkage, planned or not) over scheduled time: planned = "
        "planned-shrinkage codes; unplanned = unplanned-shrinkage codes (e.g. sick leave) + minutes out of "
        "adherence while scheduled on queue. Occupancy = interacting / (interacting + communicating + idle).",
        charts=[
            line_chart(
                "headcount",
                "Headcount by org",
                series_by(rows, "scope_key", "date", "headcount"),
                (DAY, "people employed"),
            ),
            line_chart(
                "shrinkage",
                "Shrinkage (GLOBAL)",
                _shrinkage(by_scope.get("GLOBAL", [])),
                (DAY, "share of scheduled time"),
                fmt=percent,
                y_min=0.0,
                by_org={key: _shrinkage(scoped) for key, scoped in by_scope.items() if key != "GLOBAL"},
            ),
            line_chart(
                "occupancy",
                "Occupancy by org",
                series_by(rows, "scope_key", "date", "occupancy_pct"),
                (DAY, "interacting share of on-queue time"),
                fmt=percent,
            ),
        ],
    )
    return section, figures, {"workforce": last}
