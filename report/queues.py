"""The report's queue sections: service level, volume and forecast accuracy, and staffing (forecast, Genesys'
requirement, scheduled and actual agents per 15 minutes), with the latest schedule changes and time off."""

from __future__ import annotations

from .charts import Series, bar_chart, line_chart, percent
from .data import MARTS, Figure, Section, Table, fmt, global_then_orgs, series_by

UTC_DAY = "UTC date"


def service_level_section(query) -> tuple[Section, list[Figure], dict]:
    days = query(
        f"select date, scope, scope_key, service_level_pct, asa_seconds, abandon_rate, offered "
        f"from {MARTS}.rpt_service_level where grain = 'day' and scope in ('org', 'global') order by date"
    )
    latest = {r["scope_key"]: r for r in days}  # each org's and GLOBAL's latest day (rows by date)
    last = latest.get("GLOBAL", {})
    queues = query(
        f"select queue_name, media_type, org_key, offered, service_level_pct, service_level_target, "
        f"service_level_threshold_seconds, asa_seconds, abandon_rate, short_abandoned from {MARTS}.rpt_service_level "
        f"where grain = 'day' and scope = 'queue' and date = (select max(date) from {MARTS}.rpt_service_level) "
        "order by org_key, queue_name, media_type"
    )
    figures = [
        Figure(
            f"Service level ({key}, {fmt(r.get('date'), 'text')} UTC)",
            fmt(r.get("service_level_pct"), "pct"),
            f"ASA {fmt(r.get('asa_seconds'), 'seconds')}, abandoned {fmt(r.get('abandon_rate'), 'pct')} of "
            f"{fmt(r.get('offered'), 'int')} offered",
            org=org,
        )
        for key, r, org in global_then_orgs(latest)
    ]
    section = Section(
        "Service level",
        "Genesys' service level at every roll-up: answered within the queue's threshold / the contacts the org's "
        "service-level options count (answered + abandoned, short abandons and flow-outs as the org set them), "
        "summed before dividing, never an average of ratios. Inbound contacts; UTC days.",
        charts=[
            line_chart(
                "service-level",
                "Service level by org per day",
                series_by(days, "scope_key", "date", "service_level_pct"),
                (UTC_DAY, "answered within target"),
                fmt=percent,
                y_max=1.0,
            ),
            line_chart(
                "asa",
                "Average speed of answer by org",
                series_by(days, "scope_key", "date", "asa_seconds"),
                (UTC_DAY, "seconds"),
            ),
        ],
        tables=[
            Table(
                "Queues on the latest day",
                [
                    "Org",
                    "Queue",
                    "Media",
                    "Offered",
                    "Service level",
                    "Target",
                    "Threshold",
                    "ASA",
                    "Abandoned",
                    "Short abandons",
                ],
                [
                    [
                        r["org_key"],
                        r["queue_name"] or "",
                        r["media_type"],
                        fmt(r["offered"], "int"),
                        fmt(r["service_level_pct"], "pct"),
                        fmt(r["service_level_target"], "pct"),
                        fmt(r["service_level_threshold_seconds"], "seconds"),
                        fmt(r["asa_seconds"], "seconds"),
                        fmt(r["abandon_rate"], "pct"),
                        fmt(r["short_abandoned"], "int"),
                    ]
                    for r in queues
                ],
            )
        ],
    )
    return section, figures, {"service_level": last}


def _forecast_vs_actual(days: list[dict], org_key: str) -> list[Series]:
    mine = [r for r in days if r["org_key"] == org_key]
    return [
        Series("forecast", [(r["date"], float(r["forecast"])) for r in mine]),
        Series("actual", [(r["date"], float(r["actual"])) for r in mine]),
    ]


def volume_section(query) -> tuple[Section, list[Figure], dict]:
    volume = query(f"select * from {MARTS}.rpt_global_volume_daily order by date")
    # weekly WAPE per org over ISO weeks (Monday) from the day grain: an org's business units start their
    # schedule weeks on different days, so their own weeks cannot share one axis
    weeks = query(
        f"select org_key, cast(date_trunc('week', date) as date) as week, sum(interval_wape * offered_actual) "
        f"as abs_error, sum(offered_actual) as actual from {MARTS}.rpt_forecast_accuracy where grain = 'day' "
        "group by 1, 2 order by 2"
    )
    days = query(
        f"select coalesce(org_key, 'GLOBAL') as org_key, date, sum(offered_forecast) as forecast, "
        f"sum(offered_actual) as actual from {MARTS}.rpt_forecast_accuracy where grain = 'day' "
        "group by grouping sets ((org_key, date), (date)) order by date"
    )
    latest = {r["org_key"]: r for r in volume}  # each org's and GLOBAL's latest day (rows by date)
    last = latest.get("GLOBAL", {})
    figures = [
        Figure(
            f"Offered ({key}, {fmt(r.get('date'), 'text')} UTC)",
            fmt(r.get("offered"), "int"),
            f"handled {fmt(r.get('handled'), 'int')}, blended AHT "
            f"{fmt(r.get('blended_aht_seconds'), 'seconds')}, outbound {fmt(r.get('outbound_handled'), 'int')}",
            org=org,
        )
        for key, r, org in global_then_orgs(latest)
    ]
    accuracy = [
        {
            "org_key": r["org_key"],
            "week": r["week"],
            "wape": float(r["abs_error"]) / float(r["actual"]) if r["actual"] else None,
        }
        for r in weeks
    ]
    section = Section(
        "Volume and forecast accuracy",
        "Inbound contacts offered per UTC day by org and GLOBAL; blended AHT = handle seconds / handled contacts. "
        "Forecast vs actual offered per business-unit day; weekly WAPE = sum |forecast - actual| / sum actual over "
        "15-minute intervals, per ISO week (Monday to Sunday) of business-unit days.",
        charts=[
            line_chart(
                "volume-offered",
                "Offered contacts per UTC day",
                series_by(volume, "org_key", "date", "offered"),
                (UTC_DAY, "contacts offered"),
            ),
            line_chart(
                "volume-aht",
                "Blended AHT per UTC day",
                series_by(volume, "org_key", "date", "blended_aht_seconds"),
                (UTC_DAY, "seconds"),
            ),
            line_chart(
                "forecast-vs-actual",
                "Forecast vs actual offered (GLOBAL, all planning groups)",
                _forecast_vs_actual(days, "GLOBAL"),
                ("business-unit date", "contacts offered"),
                by_org={o: _forecast_vs_actual(days, o) for o in sorted({r["org_key"] for r in days} - {"GLOBAL"})},
            ),
            bar_chart(
                "forecast-wape",
                "Weekly interval WAPE by org",
                sorted({r["week"] for r in accuracy}),
                series_by(accuracy, "org_key", "week", "wape"),
                ("ISO week (Monday)", "WAPE"),
                fmt=percent,
            ),
        ],
    )
    return section, figures, {"volume": last}


def staffing_section(query) -> tuple[Section, list[Figure], dict]:
    short = query(
        f"select org_key, cast(interval_start_utc as date) as day, "
        f"sum(case when gap < 0 then -gap * interval_minutes / 60.0 else 0 end) as short_hours "
        f"from {MARTS}.rpt_staffing_gap where interval_start_utc >= "
        f"(select max(date) from {MARTS}.rpt_global_volume_daily) group by 1, 2 order by 2"
    )
    intervals = query(
        f"select coalesce(org_key, 'GLOBAL') as org_key, interval_start_utc, sum(required_agents) as required, "
        f"sum(scheduled_on_queue_agents) as scheduled, sum(actual_on_queue_agents) as actual "
        f"from {MARTS}.rpt_staffing_gap "
        f"where cast(interval_start_utc as date) = (select max(date) from {MARTS}.rpt_global_volume_daily) "
        "group by grouping sets ((org_key, interval_start_utc), (interval_start_utc)) order by interval_start_utc"
    )
    changes = query(f"select * from {MARTS}.rpt_schedule_changes order by detected_at_utc desc, local_date limit 10")
    time_off = query(
        f"select distinct week_start_date, org_key, week_org_requests, week_org_pending, week_org_approved, "
        f"week_org_denied, week_org_canceled from {MARTS}.rpt_global_time_off_weekly where is_complete_week "
        "order by week_start_date desc, org_key limit 12"
    )

    def staffing(org_key: str) -> list[Series]:
        mine = [r for r in intervals if r["org_key"] == org_key]
        return [
            Series(name, [(r["interval_start_utc"], None if r[col] is None else float(r[col])) for r in mine])
            for name, col in (("required (Genesys)", "required"), ("scheduled", "scheduled"), ("actual", "actual"))
        ]

    days = sorted({r["day"] for r in short})
    return (
        Section(
            "Staffing, schedule changes and time off",
            "Per 15-minute interval of the latest day with volume: Genesys' staffing requirement for the forecast in "
            "use, agents scheduled on queue and agents actually on queue (presence), all planning groups. Agent-hours "
            "short per UTC day from that day on: scheduled minus required, summed over understaffed intervals. Latest "
            "intraday schedule changes; time-off requests per week of the time off (whole weeks only).",
            charts=[
                line_chart(
                    "staffing-intervals",
                    "Required vs scheduled vs actual agents (latest day, GLOBAL)",
                    staffing("GLOBAL"),
                    ("interval start, UTC", "agents on queue"),
                    by_org={o: staffing(o) for o in sorted({r["org_key"] for r in intervals} - {"GLOBAL"})},
                ),
                bar_chart(
                    "staffing-short",
                    "Agent-hours short per day",
                    days,
                    series_by(short, "org_key", "day", "short_hours"),
                    (UTC_DAY, "agent-hours"),
                ),
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
                            fmt(r["local_date"], "text"),
                            fmt(r["before_start_utc"], "text"),
                            fmt(r["after_start_utc"], "text"),
                        ]
                        for r in changes
                    ],
                ),
                Table(
                    "Time-off requests per week of the time off",
                    ["Week", "Org", "Requests", "Pending", "Approved", "Denied", "Canceled"],
                    [
                        [fmt(r["week_start_date"], "text"), r["org_key"]]
                        + [
                            fmt(r[c], "int")
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
        ),
        [],
        {},
    )
