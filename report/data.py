"""What the HTML report shows, read from the rpt_* marts only (no raw, staging or intermediate tables)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .charts import Series, bar_chart, line_chart, number, percent

MARTS = "marts"


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Section:
    title: str
    intro: str
    charts: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportData:
    figures: list[Figure]
    sections: list[Section]
    global_figures: dict[str, object]


def _fmt(value, kind: str = "number") -> str:
    if value is None:
        return "–"
    if kind == "pct":
        return percent(float(value))
    if kind == "int":
        return f"{int(value):,}"
    if kind == "seconds":
        return f"{float(value):,.0f} s"
    if kind == "text":
        return str(value)
    return number(float(value))


def _series_by(rows: list[dict], key: str, x: str, y: str, order: list[str] | None = None) -> list[Series]:
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[str(row[key])].append((row[x], None if row[y] is None else float(row[y])))
    names = order or sorted(grouped, key=lambda n: (n == "GLOBAL", n))
    return [Series(name, grouped[name]) for name in names if name in grouped]


def _adherence_section(query) -> tuple[Section, list[Figure], dict]:
    snapshot = query(f"select * from {MARTS}.rpt_global_adherence_snapshot")
    days = query(
        f"select date, scope_key, adherence_pct from {MARTS}.rpt_global_workforce_daily "
        "where scope in ('region', 'global') and adherence_pct is not null order by date"
    )
    outliers = query(f"select * from {MARTS}.rpt_adherence_outliers order by outlier_rank limit 10")
    glob = next((r for r in snapshot if r["region"] == "GLOBAL"), {})
    figures = [
        Figure(
            "Real-time adherence (GLOBAL)",
            _fmt(glob.get("adherence_pct"), "pct"),
            f"{_fmt(glob.get('agents'), 'int')} agents, {_fmt(glob.get('out_of_adherence'), 'int')} out of "
            f"adherence; snapshot {_fmt(glob.get('snapshot_at_utc'), 'text')} UTC",
        )
    ]
    rows = [
        [
            r["region"],
            _fmt(r["snapshot_at_utc"], "text"),
            _fmt(r["agents"], "int"),
            _fmt(r["in_adherence"], "int"),
            _fmt(r["out_of_adherence"], "int"),
            _fmt(r["unknown"], "int"),
            _fmt(r["adherence_pct"], "pct"),
            _fmt(r["org_snapshot_times"], "text").replace(",", ", "),
            r["stale_org_keys"] or "",
        ]
        for r in snapshot
    ]
    section = Section(
        "Adherence",
        "Historical adherence per region and day (1 - minutes out of adherence / scheduled minutes, "
        "people's local days) and the latest real-time snapshot of every org; stale orgs are named.",
        charts=[
            line_chart(
                "adherence-by-region",
                "Adherence by region over time",
                _series_by(days, "scope_key", "date", "adherence_pct"),
                fmt=percent,
                y_max=1.0,
            )
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
                    "Unknown",
                    "Adherence",
                    "Per-org snapshot",
                    "Stale orgs",
                ],
                rows,
            ),
            Table(
                "Worst adherence outliers",
                ["#", "Source", "Org", "Agent", "Local date", "Scheduled", "Actual", "Minutes out", "Impact"],
                [
                    [
                        _fmt(r["outlier_rank"], "int"),
                        r["source"],
                        r["org_key"],
                        r["display_name"] or "",
                        _fmt(r["local_date"], "text"),
                        r["scheduled_category"] or "",
                        r["actual_category"] or "",
                        _fmt(r["minutes_out"]),
                        r["impact"] or "",
                    ]
                    for r in outliers
                ],
            ),
        ],
    )
    return section, figures, {"snapshot": glob}


def _volume_section(query) -> tuple[Section, list[Figure], dict]:
    volume = query(f"select * from {MARTS}.rpt_global_volume_daily order by date")
    weeks = query(
        f"select org_key, date, sum(interval_wape * offered_actual) as abs_error, "
        f"sum(offered_actual) as actual from {MARTS}.rpt_forecast_accuracy where grain = 'week' "
        "group by org_key, date order by date"
    )
    days = query(
        f"select date, sum(offered_forecast) as forecast, sum(offered_actual) as actual "
        f"from {MARTS}.rpt_forecast_accuracy where grain = 'day' group by date order by date"
    )
    glob = [r for r in volume if r["org_key"] == "GLOBAL"]
    last = glob[-1] if glob else {}
    figures = [
        Figure(
            f"Offered (GLOBAL, {_fmt(last.get('date'), 'text')} UTC)",
            _fmt(last.get("offered"), "int"),
            f"handled {_fmt(last.get('handled'), 'int')}, blended AHT "
            f"{_fmt(last.get('blended_aht_seconds'), 'seconds')}",
        )
    ]
    accuracy = [
        {
            "org_key": r["org_key"],
            "date": r["date"],
            "wape": float(r["abs_error"]) / float(r["actual"]) if r["actual"] else None,
        }
        for r in weeks
    ]
    week_dates = sorted({r["date"] for r in accuracy})
    section = Section(
        "Volume and forecast accuracy",
        "Contacts offered per UTC day by org and GLOBAL; blended AHT = handle seconds / handled contacts. "
        "Forecast vs actual offered per business-unit day; weekly WAPE = sum |forecast - actual| / sum actual "
        "over 15-minute intervals.",
        charts=[
            line_chart(
                "volume-offered", "Offered contacts per UTC day", _series_by(volume, "org_key", "date", "offered")
            ),
            line_chart(
                "volume-aht",
                "Blended AHT (seconds) per UTC day",
                _series_by(volume, "org_key", "date", "blended_aht_seconds"),
            ),
            line_chart(
                "forecast-vs-actual",
                "Forecast vs actual offered (all planning groups)",
                [
                    Series("forecast", [(r["date"], float(r["forecast"])) for r in days]),
                    Series("actual", [(r["date"], float(r["actual"])) for r in days]),
                ],
            ),
            bar_chart(
                "forecast-wape",
                "Weekly interval WAPE by org",
                week_dates,
                _series_by(accuracy, "org_key", "date", "wape"),
                fmt=percent,
            ),
        ],
    )
    return section, figures, {"volume": last}


def _workforce_section(query) -> tuple[Section, list[Figure], dict]:
    rows = query(f"select * from {MARTS}.rpt_global_workforce_daily where scope in ('region', 'global') order by date")
    glob = [r for r in rows if r["scope"] == "global"]
    # the latest day every measure covers (presence ends at the extraction's UTC midnight, so the western
    # orgs' last local day is still open)
    measured = [r for r in glob if r["adherence_pct"] is not None and r["occupancy_pct"] is not None]
    last = measured[-1] if measured else (glob[-1] if glob else {})
    figures = [
        Figure(
            f"Headcount (GLOBAL, {_fmt(last.get('date'), 'text')})",
            _fmt(last.get("headcount"), "int"),
            "distinct people; bi-regional agents once",
        ),
        Figure(
            "Shrinkage (GLOBAL)",
            _fmt(last.get("shrinkage_pct"), "pct"),
            f"planned {_fmt(last.get('planned_shrinkage_pct'), 'pct')}, unplanned "
            f"{_fmt(last.get('unplanned_shrinkage_pct'), 'pct')}",
        ),
        Figure(
            "Occupancy (GLOBAL)",
            _fmt(last.get("occupancy_pct"), "pct"),
            f"adherence {_fmt(last.get('adherence_pct'), 'pct')}",
        ),
    ]
    shrinkage = [
        Series(name, [(r["date"], None if r[col] is None else float(r[col])) for r in glob])
        for name, col in (
            ("planned", "planned_shrinkage_pct"),
            ("unplanned", "unplanned_shrinkage_pct"),
            ("total", "shrinkage_pct"),
        )
    ]
    section = Section(
        "Headcount and shrinkage",
        "Headcount = distinct people employed per local day (a bi-regional person once in GLOBAL). Planned "
        "shrinkage = scheduled non-productive paid time / scheduled paid time; unplanned = minutes out of adherence "
        "while scheduled on queue / paid time.",
        charts=[
            line_chart("headcount", "Headcount by region", _series_by(rows, "scope_key", "date", "headcount")),
            line_chart("shrinkage", "Shrinkage (GLOBAL)", shrinkage, fmt=percent, y_min=0.0),
        ],
    )
    return section, figures, {"workforce": last}


def _operations_section(query) -> Section:
    gaps = query(
        f"select org_key, cast(interval_start_utc as date) as day, "
        f"sum(case when gap < 0 then -gap * interval_minutes / 60.0 else 0 end) as short_hours "
        f"from {MARTS}.rpt_staffing_gap where interval_start_utc >= "
        f"(select max(date) from {MARTS}.rpt_global_volume_daily) group by 1, 2 order by 2"
    )
    changes = query(f"select * from {MARTS}.rpt_schedule_changes order by detected_at_utc desc, local_date limit 10")
    time_off = query(
        f"select distinct week_start_date, org_key, week_org_requests, week_org_pending, "
        f"week_org_approved, week_org_denied, week_org_canceled from {MARTS}.rpt_global_time_off_weekly "
        f"order by week_start_date desc, org_key limit 12"
    )
    days = sorted({r["day"] for r in gaps})
    return Section(
        "Staffing, schedule changes and time off",
        "Agent-hours short per UTC day from the last day with volume on: Erlang C requirement (with shrinkage) "
        "minus scheduled on-queue agents, summed over understaffed 15-minute intervals. Latest intraday schedule "
        "changes and weekly time-off requests.",
        charts=[
            bar_chart(
                "staffing-short", "Agent-hours short per day", days, _series_by(gaps, "org_key", "day", "short_hours")
            )
        ],
        tables=[
            Table(
                "Latest schedule changes",
                ["Change", "Org", "Agent", "Local date", "Before (UTC)", "After (UTC)"],
                [
                    [
                        r["change_type"],
                        r["org_key"],
                        r["display_name"] or "",
                        _fmt(r["local_date"], "text"),
                        _fmt(r["before_start_utc"], "text"),
                        _fmt(r["after_start_utc"], "text"),
                    ]
                    for r in changes
                ],
            ),
            Table(
                "Time-off requests per submission week",
                ["Week (UTC)", "Org", "Requests", "Pending", "Approved", "Denied", "Canceled"],
                [
                    [_fmt(r["week_start_date"], "text"), r["org_key"]]
                    + [
                        _fmt(r[c], "int")
                        for c in (
                            "week_org_requests",
                            "week_org_pending",
                            "week_org_approved",
                            "week_org_denied",
                            "week_org_canceled",
                        )
                    ]
                    for r in time_off
                ],
            ),
        ],
    )


def gather(query) -> ReportData:
    adherence, adherence_figures, snap = _adherence_section(query)
    volume, volume_figures, vol = _volume_section(query)
    workforce, workforce_figures, work = _workforce_section(query)
    from .planners import sections as planner_sections  # the planners' sections (issue 16)

    return ReportData(
        figures=adherence_figures + volume_figures + workforce_figures,
        sections=[adherence, volume, workforce, _operations_section(query), *planner_sections(query)],
        global_figures={**snap, **vol, **work},
    )
