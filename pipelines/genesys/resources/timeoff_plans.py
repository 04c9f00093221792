"""Time-off plans, staffing groups, time-off limits and their values, per business unit.

The business-unit routes of SDK v269 (the management-unit ones are deprecated). Plans carry no users:
who is on a plan follows from its associations (``businessUnitAssociation.managementUnits`` /
``.staffingGroups``, or ``managementUnitAssociation``: "If not defined, the plan applies to the management
unit"), so the plan's units and staffing groups are loaded as a bridge and the staffing groups with their
users; the marts join them to the unit members. Public holidays are the plans' ``overrideDates``.
Listings are complete per business unit (scd2 closes a deleted plan, group, limit or association).

Limit values come from POST ``.../timeofflimits/{id}/values/query`` over the time-off window (ranges of at
most ``VALUE_RANGE_DAYS``, inclusive). Only ``Daily`` limits are loaded: how ``valuesPerFifteenMinutes``
lays out its intervals is not documented, so a 15-minute limit's values are skipped and named in a warning.
Time-off balances have no org-wide read (only one job per user: POST
``/managementunits/{mu}/users/{user}/timeoffbalance/jobs``): they are not extracted.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...names import name_key
from ..emit import emit
from ..helpers import chunks
from ..settings import WFM
from ..structure import Extraction

VALUE_RANGE_DAYS = 366  # "Maximum allowed number of days in range in 366" (SDK model description)
VALUE_COLUMNS = {
    "limit_minutes": "limitMinutes",
    "allocated_minutes": "allocatedMinutes",
    "waitlisted_minutes": "waitlistedMinutes",
    "waitlisted_requests": "waitlistedRequests",
}


def _ids(refs) -> list[str]:
    return [r["id"] for r in refs or [] if isinstance(r, dict) and r.get("id")]


def plan_row(cols: dict, bu_id: str, p: dict) -> dict:
    meta = p.get("metadata") or {}
    unit = ((p.get("managementUnitAssociation") or {}).get("managementUnit") or {}).get("id")
    return {
        **cols,
        "business_unit_id": bu_id,
        "time_off_plan_id": p["id"],
        "name": p["name"],
        "name_key": name_key(p["name"]),
        "management_unit_id": unit,
        "activity_code_ids": ",".join(sorted(p.get("activityCodeIds") or [])),
        "auto_approval_rule": p.get("autoApprovalRule"),
        "enabled": p.get("enabled"),
        "count_against_time_off_limits": p.get("countAgainstTimeOffLimits"),
        "days_before_start_to_expire_from_waitlist": p.get("daysBeforeStartToExpireFromWaitlist"),
        "time_off_limit_ids": ",".join(sorted(_ids(p.get("timeOffLimits")))),
        "metadata_version": meta.get("version"),
        "date_modified": meta.get("dateModified"),
    }


def plan_unit_rows(cols: dict, bu_id: str, p: dict) -> list[dict]:
    """Which management units and staffing groups a plan applies to (one row per association)."""
    by_bu, by_mu = p.get("businessUnitAssociation") or {}, p.get("managementUnitAssociation") or {}
    pairs = [(mu, None) for mu in _ids(by_bu.get("managementUnits"))]
    pairs += [(None, group) for group in _ids(by_bu.get("staffingGroups"))]
    unit = (by_mu.get("managementUnit") or {}).get("id")
    if unit:
        groups = _ids(by_mu.get("staffingGroups"))
        pairs += [(unit, group) for group in groups] if groups else [(unit, None)]
    base = {**cols, "business_unit_id": bu_id, "time_off_plan_id": p["id"]}
    return [{**base, "management_unit_id": mu, "staffing_group_id": group} for mu, group in pairs]


def plan_date_rows(cols: dict, bu_id: str, p: dict) -> list[dict]:
    base = {**cols, "business_unit_id": bu_id, "time_off_plan_id": p["id"]}
    return [{**base, "override_date": d["date"], "override_type": d.get("type")} for d in p.get("overrideDates") or []]


def _listings(x: Extraction, route: str):
    """(business unit, its ``route`` listing's entities), every unit's asked at once (``GenesysClient.each``),
    in the listing's order; inline or behind a ``downloadUrl`` (same shape either way)."""
    c, bus = x.client, x.org.listed_business_units

    def listing(bu: dict) -> list[dict]:
        path = f"{WFM}/businessunits/{bu['id']}/{route}"
        return c.result(lambda: c.get(path), None, expect=("entities",))["entities"]

    return zip(bus, c.each(listing, bus), strict=True)


def time_off_plans(x: Extraction):
    for bu, plans in _listings(x, "timeoffplans"):
        yield x.rows(plan_row, plans, bu["id"])
        yield emit("time_off_plan_units", x.flat_rows(plan_unit_rows, plans, bu["id"]))
        yield emit("time_off_plan_dates", x.flat_rows(plan_date_rows, plans, bu["id"]))


def _group_row(cols: dict, bu_id: str, g: dict) -> dict:
    return {
        **cols,
        "business_unit_id": bu_id,
        "staffing_group_id": g["id"],
        "name": g["name"],
        "name_key": name_key(g["name"]),
        "management_unit_id": (g.get("managementUnit") or {}).get("id"),
        "metadata_version": (g.get("metadata") or {}).get("version"),
    }


def _member_rows(cols: dict, bu_id: str, g: dict) -> list[dict]:
    return [{**cols, "business_unit_id": bu_id, "staffing_group_id": g["id"], "user_id": u} for u in _ids(g["users"])]


def staffing_groups(x: Extraction):
    for bu, groups in _listings(x, "staffinggroups"):
        yield x.rows(_group_row, groups, bu["id"])
        yield emit("staffing_group_users", x.flat_rows(_member_rows, groups, bu["id"]))


def _limit_row(cols: dict, bu_id: str, limit: dict) -> dict:
    return {
        **cols,
        "business_unit_id": bu_id,
        "time_off_limit_id": limit["id"],
        "management_unit_id": (limit.get("managementUnit") or {}).get("id"),
        "staffing_group_id": (limit.get("staffingGroup") or {}).get("id"),
        "granularity": limit.get("granularity"),
        "full_day_time_off_start_time": limit.get("fullDayTimeOffStartTime"),
        "metadata_version": (limit.get("metadata") or {}).get("version"),
    }


def value_rows(cols: dict, bu_id: str, answer: dict) -> list[dict]:
    """One row per day of each ``limitValues`` entry (``valuesPerDay``: one value per day from its startDate)."""
    limit_id = answer["timeOffLimit"]["id"]
    rows = []
    for entry in answer["limitValues"]:
        per_day, first = entry["valuesPerDay"], date.fromisoformat(entry["startDate"])
        columns = {name: per_day.get(key) or [] for name, key in VALUE_COLUMNS.items()}
        for i in range(len(per_day["limitMinutes"])):
            rows.append(
                {
                    **cols,
                    "business_unit_id": bu_id,
                    "time_off_limit_id": limit_id,
                    "value_date": first + timedelta(days=i),
                    **{name: values[i] if i < len(values) else None for name, values in columns.items()},
                }
            )
    return rows


def time_off_limits(x: Extraction):
    """Every business unit's limits at once, then every Daily limit's values query in flight together
    (``GenesysClient.each``), handed on in business-unit and limit order."""
    c = x.client
    window = x.window("time_off_limits")
    ranges = [
        {"startDate": a.isoformat(), "endDate": (b - timedelta(days=1)).isoformat()}
        for a, b in chunks(*window, VALUE_RANGE_DAYS)
    ]
    bus = x.org.listed_business_units

    def listing(bu: dict) -> list[dict]:
        return c.get(f"{WFM}/businessunits/{bu['id']}/timeofflimits", expect=("entities",))["entities"]

    queries = []  # (bu, limit): the Daily limits whose values are read
    # urgent: the values queries need the limits
    for bu, limits in zip(bus, c.each(listing, bus, urgent=True), strict=True):
        yield x.rows(_limit_row, limits, bu["id"])
        for limit in limits if ranges else []:
            if limit.get("granularity") != "Daily":
                c.counters.warn(f"time-off limit {limit.get('id')}: {limit.get('granularity')} values not loaded")
                continue
            queries.append((bu, limit))

    def values(query) -> dict:
        bu, limit = query
        path = f"{WFM}/businessunits/{bu['id']}/timeofflimits/{limit['id']}/values/query"
        return c.post(path, {"dateRanges": ranges}, expect=("timeOffLimit.id", "limitValues"))

    for (bu, _), answer in zip(queries, c.each(values, queries), strict=True):
        yield emit("time_off_limit_values", x.flat_rows(value_rows, [answer], bu["id"]))
