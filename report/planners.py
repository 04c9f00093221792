"""The report's sections on the planners' entities (issue 16), read from the rpt_* marts only.

``sections(query)`` returns them in the order a planner reads them; ``report.data.gather`` appends them
after the director's sections.
"""

from __future__ import annotations

from .charts import Series, bar_chart, line_chart, percent
from .data import MARTS, Section, Table, fmt, series_by


def _explanations(query) -> Section:
    weeks = query(
        f"select * from {MARTS}.rpt_adherence_explanations_weekly order by week_start_date desc, org_key limit 12"
    )
    glob = query(
        f"select sum(scheduled_minutes) as scheduled, sum(exception_minutes) as out_minutes, "
        f"sum(approved_explained_minutes) as approved from {MARTS}.rpt_adherence_explained_daily"
    )[0]
    scheduled, out, approved = (float(glob[k] or 0) for k in ("scheduled", "out_minutes", "approved"))
    with_all = max(0.0, 1 - out / scheduled) if scheduled else None
    excluding = max(0.0, 1 - (out - approved) / scheduled) if scheduled else None
    return Section(
        "Adherence explanations",
        "Late starts agents explained and how supervisors reviewed them. GLOBAL adherence "
        f"{fmt(with_all, 'pct')} counting every exception, {fmt(excluding, 'pct')} when the minutes approved "
        "explanations cover are not counted (pending and denied ones change nothing). Review time: hours from the "
        "explained start to the approval or denial.",
        tables=[
            Table(
                "Explanations per org and week",
                ["Week", "Org", "Explanations", "Pending", "Approved", "Denied", "Approved minutes", "Hours to review"],
                [
                    [
                        fmt(r["week_start_date"], "text"),
                        r["org_key"],
                        *(fmt(r[c], "int") for c in ("explanations", "pending", "approved", "denied")),
                        fmt(r["approved_exception_minutes"]),
                        fmt(r["avg_hours_to_review"]),
                    ]
                    for r in weeks
                ],
            )
        ],
    )


def _trades(query) -> Section:
    weekly = query(
        f"select org_key, week_date, sum(trades) as trades, sum(approved) as approved, sum(denied) as denied "
        f"from {MARTS}.rpt_shift_trades_weekly group by org_key, week_date order by week_date"
    )
    units = query(
        f"select * from {MARTS}.rpt_shift_trades_weekly where week_date > (select max(week_date) - 7 "
        f"from {MARTS}.rpt_shift_trades_weekly where approved + denied > 0) and approved + denied > 0 "
        "order by org_key, team_name"
    )
    weeks = sorted({r["week_date"] for r in weekly})
    return Section(
        "Shift trades",
        "Shifts agents offered per business-unit week and how they ended, per work team of the agent who offered "
        "(their team now). Approval rate = approved / reviewed (approved + denied); review time = hours from the "
        "offer to the approval or denial. A trade belongs to the week of the shift offered.",
        charts=[
            bar_chart(
                "shift-trades",
                "Shift trades offered per business-unit week",
                weeks,
                [
                    Series(org, [(r["week_date"], float(r["trades"])) for r in weekly if r["org_key"] == org])
                    for org in sorted({r["org_key"] for r in weekly})
                ],
                axes=("Business-unit week", "Trades offered"),
            )
        ],
        tables=[
            Table(
                "Latest reviewed week of each team",
                ["Week", "Org", "Team", "Trades", "Approved", "Denied", "Expired", "Approval rate", "Hours to review"],
                [
                    [
                        fmt(r["week_date"], "text"),
                        r["org_key"],
                        r["team_name"],
                        *(fmt(r[c], "int") for c in ("trades", "approved", "denied", "expired")),
                        fmt(r["approval_rate"], "pct"),
                        fmt(r["avg_hours_to_review"]),
                    ]
                    for r in units
                ],
            )
        ],
    )


def _time_off_capacity(query) -> Section:
    weeks = query(
        f"select week_start_date, org_key, sum(limit_hours) as limit_hours, sum(allocated_hours) as allocated_hours, "
        f"sum(available_hours) as available_hours from {MARTS}.rpt_time_off_capacity_weekly "
        "group by week_start_date, org_key order by week_start_date"
    )
    holidays = query(
        f"select week_start_date, org_key, business_unit_name, limit_hours, allocated_hours, available_hours, "
        f"blocked_dates from {MARTS}.rpt_time_off_capacity_weekly where org_key <> 'GLOBAL' "
        "and blocked_dates is not null order by week_start_date, org_key, business_unit_name limit 20"
    )
    return Section(
        "Time-off capacity",
        "Hours of time off the daily time-off limits allow per week (Monday of the business-unit date), what is "
        "allocated against them (approved and pending requests) and what is left, per org and GLOBAL. Each org's "
        "plans block its own public holidays (no time off allowed), so the holidays below differ by org and unit. "
        "Time-off balances are not shown: Genesys has no org-wide read of them (one job per agent).",
        charts=[
            line_chart(
                "time-off-available",
                "Time-off hours still available per week",
                series_by(weeks, "org_key", "week_start_date", "available_hours"),
                axes=("Week starting", "Available hours"),
            )
        ],
        tables=[
            Table(
                "Weeks with public holidays (blocked dates) per business unit",
                ["Week", "Org", "Business unit", "Limit h", "Allocated h", "Available h", "Blocked dates"],
                [
                    [
                        fmt(r["week_start_date"], "text"),
                        r["org_key"],
                        r["business_unit_name"] or "",
                        *(fmt(r[c]) for c in ("limit_hours", "allocated_hours", "available_hours")),
                        (r["blocked_dates"] or "").replace(",", ", "),
                    ]
                    for r in holidays
                ],
            )
        ],
    )


def _contracts(query) -> Section:
    weeks = query(
        f"select org_key, week_date, count(*) as agents, "
        f"sum(case when contract_status = 'under' then 1 else 0 end) as under_contract, "
        f"sum(case when contract_status = 'within' then 1 else 0 end) as within_contract, "
        f"sum(case when contract_status = 'over' then 1 else 0 end) as over_contract, "
        f"sum(scheduled_hours) as scheduled_hours from {MARTS}.rpt_contracted_vs_scheduled_weekly "
        "group by org_key, week_date order by week_date desc, org_key limit 12"
    )
    gaps = query(
        f"select * from {MARTS}.rpt_contracted_vs_scheduled_weekly where contract_status <> 'within' "
        "order by abs(gap_hours) desc, week_date desc limit 10"
    )
    return Section(
        "Scheduled vs contracted hours",
        "Each agent's scheduled paid hours per business-unit week (paid activities and paid full-day time off) "
        "against the weekly paid time of the work plan they worked under that week (rotations included). Genesys "
        "has no contract hours: a plan sets an exact weekly paid time or a minimum and a maximum.",
        tables=[
            Table(
                "Agents under, within and over their plan per week",
                ["Week", "Org", "Agents", "Under", "Within", "Over", "Scheduled h"],
                [
                    [fmt(r["week_date"], "text"), r["org_key"]]
                    + [fmt(r[c], "int") for c in ("agents", "under_contract", "within_contract", "over_contract")]
                    + [fmt(r["scheduled_hours"])]
                    for r in weeks
                ],
            ),
            Table(
                "Largest gaps",
                ["Week", "Org", "Agent", "Work plan", "Contract h", "Scheduled h", "Gap h"],
                [
                    [
                        fmt(r["week_date"], "text"),
                        r["org_key"],
                        r["display_name"] or r["canonical_agent_id"] or "",
                        r["work_plan_name"] or "",
                        f"{fmt(r['contract_minimum_hours'])}-{fmt(r['contract_maximum_hours'])}",
                        fmt(r["scheduled_hours"]),
                        fmt(r["gap_hours"]),
                    ]
                    for r in gaps
                ],
            ),
        ],
    )


def _breaks(query) -> Section:
    weekly = query(
        f"select week_start_date, category, sum(overran_count) as overran, sum(scheduled_count) as scheduled "
        f"from {MARTS}.rpt_break_overruns_weekly group by week_start_date, category order by week_start_date"
    )
    teams = query(
        f"select * from {MARTS}.rpt_break_overruns_weekly where week_start_date = (select max(week_start_date) "
        f"from {MARTS}.rpt_break_overruns_weekly) order by overrun_minutes desc, team_name, category limit 12"
    )
    share = [{**r, "share": float(r["overran"]) / float(r["scheduled"]) if r["scheduled"] else None} for r in weekly]
    return Section(
        "Break and meal overruns",
        "Scheduled breaks and meals that ran over, per work team and week, on days with extracted adherence: a "
        "break ran over when the agent stayed in it after its end (the adherence exception that starts there). "
        "Worst = scheduled -> actual minutes (15 -> 24: a 15-minute break that lasted 24). Secondary presences "
        "(e.g. a 'Coffee break' of Break) count under their system presence.",
        charts=[
            line_chart(
                "break-overruns",
                "Share of breaks and meals that ran over, per week",
                series_by(share, "category", "week_start_date", "share"),
                axes=("Week starting", "Share that ran over"),
                fmt=percent,
                y_min=0.0,
            )
        ],
        tables=[
            Table(
                "Latest week per team",
                ["Week", "Org", "Team", "Category", "Scheduled", "Ran over", "Minutes over", "Worst"],
                [
                    [
                        fmt(r["week_start_date"], "text"),
                        r["org_key"],
                        r["team_name"],
                        r["category"],
                        *(fmt(r[c], "int") for c in ("scheduled_count", "overran_count")),
                        fmt(r["overrun_minutes"]),
                        f"{fmt(r['worst_scheduled_minutes'], 'int')} -> {fmt(r['worst_actual_minutes'], 'int')}",
                    ]
                    for r in teams
                ],
            )
        ],
    )


def _queues_and_teams(query) -> Section:
    queues = query(
        f"select queue_name, org_key, avg(joined_members) as members, avg(members_scheduled) as scheduled, "
        f"sum(member_on_queue_hours) as hours, sum(offered) as offered, sum(handled) as handled "
        f"from {MARTS}.rpt_queue_staffing_daily group by queue_name, org_key order by org_key, queue_name"
    )
    teams = query(
        f"select team_name, org_key, max(members) as members, avg(agents_scheduled) as scheduled, "
        f"sum(scheduled_on_queue_hours) as hours, avg(occupancy_pct) as occupancy "
        f"from {MARTS}.rpt_team_staffing_daily group by team_name, org_key order by org_key, team_name"
    )
    return Section(
        "Queues and teams",
        "Who can take each queue (its joined members), how many of them were scheduled on queue per day and their "
        "on-queue hours (an agent in several queues counts for each), beside the contacts offered; and per work "
        "team its members, scheduled on-queue hours and occupancy = interacting / (interacting + communicating + "
        "idle) time. Averages are per day over the extracted days.",
        tables=[
            Table(
                "Queues",
                ["Org", "Queue", "Joined members", "Scheduled a day", "On-queue h", "Offered", "Handled"],
                [
                    [
                        r["org_key"],
                        r["queue_name"],
                        fmt(r["members"], "int"),
                        fmt(r["scheduled"]),
                        fmt(r["hours"]),
                        fmt(r["offered"], "int"),
                        fmt(r["handled"], "int"),
                    ]
                    for r in queues
                ],
            ),
            Table(
                "Work teams",
                ["Org", "Team", "Members", "Scheduled a day", "On-queue h", "Occupancy"],
                [
                    [
                        r["org_key"],
                        r["team_name"],
                        fmt(r["members"], "int"),
                        fmt(r["scheduled"]),
                        fmt(r["hours"]),
                        fmt(r["occupancy"], "pct"),
                    ]
                    for r in teams
                ],
            ),
        ],
    )


def _intraday(query) -> Section:
    days = query(
        f"select business_unit_date, sum(forecast_offered) as forecast, sum(actual_offered) as actual "
        f"from {MARTS}.rpt_intraday_daily group by business_unit_date order by business_unit_date"
    )
    latest = query(
        f"select * from {MARTS}.rpt_intraday_daily where business_unit_date = (select max(business_unit_date) "
        f"from {MARTS}.rpt_intraday_daily) order by org_key, planning_group_name"
    )
    return Section(
        "Intraday: Genesys' forecast, schedule and actuals",
        "Genesys' own intraday monitoring per planning group and business-unit day: the forecast offered contacts "
        "and scheduled on-queue hours it works with and the service level it predicts from them, beside the "
        "contacts actually offered to the planning group's queues (the intraday API has no actuals: they come from "
        "the conversation aggregates). Forecast error = (actual - forecast) / forecast.",
        charts=[
            line_chart(
                "intraday-forecast-vs-actual",
                "Genesys' forecast vs actual offered per business-unit day (all planning groups)",
                [
                    Series("Genesys forecast", [(r["business_unit_date"], float(r["forecast"])) for r in days]),
                    Series("actual", [(r["business_unit_date"], float(r["actual"])) for r in days]),
                ],
                axes=("Business-unit date", "Contacts offered"),
            )
        ],
        tables=[
            Table(
                "Latest day per planning group",
                ["Day", "Org", "Planning group", "Media", "Forecast", "Actual", "Error", "On-queue h", "Predicted SL"],
                [
                    [
                        fmt(r["business_unit_date"], "text"),
                        r["org_key"],
                        r["planning_group_name"] or r["planning_group_key"],
                        r["media_type"],
                        fmt(r["forecast_offered"]),
                        fmt(r["actual_offered"], "int"),
                        fmt(r["forecast_error_pct"], "pct"),
                        fmt(r["scheduled_on_queue_hours"]),
                        fmt(r["predicted_service_level_pct"], "pct"),
                    ]
                    for r in latest
                ],
            )
        ],
    )


def _drift(query) -> Section:
    drift = query(f"select * from {MARTS}.rpt_cross_org_drift where drift <> 'same' order by entity, drift, name_key")
    same = query(f"select entity, count(*) as n from {MARTS}.rpt_cross_org_drift where drift = 'same' group by 1")
    alike = ", ".join(f"{r['n']} {r['entity'].replace('_', ' ')}s" for r in same) or "none"
    return Section(
        "Cross-org drift",
        "Planning groups, time-off plans, secondary presences and service goal templates compared across orgs by "
        "their normalized names (the name key the activity-code sync also uses): what exists in some orgs only, "
        f"and what differs in its attributes. Alike in every org that has the family: {alike}. A report only: "
        "nothing is changed in any org.",
        tables=[
            Table(
                "Entries that differ",
                ["Family", "Name", "Drift", "In", "Missing in", "Attributes by org"],
                [
                    [
                        r["entity"].replace("_", " "),
                        r["name"],
                        r["drift"].replace("_", " "),
                        (r["org_keys"] or "").replace(",", ", "),
                        (r["missing_org_keys"] or "").replace(",", ", "),
                        r["attributes_by_org"] or "",
                    ]
                    for r in drift
                ],
            )
        ],
    )


def sections(query) -> list[Section]:
    return [
        _explanations(query),
        _trades(query),
        _time_off_capacity(query),
        _contracts(query),
        _breaks(query),
        _queues_and_teams(query),
        _intraday(query),
        _drift(query),
    ]
