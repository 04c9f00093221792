"""Work plans (weekly paid time, shift rules, their agents), rotations, and each agent's plan per week.

Per management unit (SDK v269; there is no business-unit work-plan list, and only ``expand=details`` of
the unit's list is deprecated): GET ``.../workplans?expand=agents,agentCount,shifts`` (complete: scd2 per
unit), GET ``.../users`` and POST ``.../agents/workplans/query`` for every member over the schedule window's
weeks: the plan each agent works under each week, rotations included (``workPlanLookupKeysPerWeek``
indexes ``workPlanLookup``), replaced per unit and week. Genesys has no "contract hours": a plan's weekly
paid time is ``weeklyExactPaidMinutes`` or ``weeklyMinimumPaidMinutes``/``weeklyMaximumPaidMinutes``.
The members route (not the rotations) supplies the agent ids because every call of this resource then
needs only ``wfm:workPlan:view``; rotations need ``wfm:agent:view`` or ``wfm:workPlanRotation:view``
and are their own resource.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...names import name_key
from ..emit import emit
from ..helpers import weeks_overlapping
from ..settings import WFM
from ..structure import Extraction

PLAN_EXPAND = "agents,agentCount,shifts"


def plan_row(cols: dict, mu_id: str, p: dict) -> dict:
    return {
        **cols,
        "management_unit_id": mu_id,
        "work_plan_id": p["id"],
        "name": p["name"],
        "name_key": name_key(p["name"]),
        "enabled": p.get("enabled"),
        "valid": p.get("valid"),
        "constrain_weekly_paid_time": p.get("constrainWeeklyPaidTime"),
        "flexible_weekly_paid_time": p.get("flexibleWeeklyPaidTime"),
        "weekly_exact_paid_minutes": p.get("weeklyExactPaidMinutes"),
        "weekly_minimum_paid_minutes": p.get("weeklyMinimumPaidMinutes"),
        "weekly_maximum_paid_minutes": p.get("weeklyMaximumPaidMinutes"),
        "minimum_working_days_per_week": p.get("minimumWorkingDaysPerWeek"),
        "maximum_days": p.get("maximumDays"),
        "minimum_time_between_shifts_minutes": p.get("minimumTimeBetweenShiftsMinutes"),
        "agent_count": p.get("agentCount"),
        "metadata_version": (p.get("metadata") or {}).get("version"),
    }


def shift_rows(cols: dict, mu_id: str, p: dict) -> list[dict]:
    return [
        {
            **cols,
            "management_unit_id": mu_id,
            "work_plan_id": p["id"],
            "work_plan_shift_id": s.get("id"),
            "name": s.get("name"),
            "days": ",".join((s.get("days") or {}).get("values") or []),
            "flexible_start_time": s.get("flexibleStartTime"),
            "exact_start_minutes": s.get("exactStartTimeMinutesFromMidnight"),
            "earliest_start_minutes": s.get("earliestStartTimeMinutesFromMidnight"),
            "latest_start_minutes": s.get("latestStartTimeMinutesFromMidnight"),
            "flexible_paid_time": s.get("flexiblePaidTime"),
            "exact_paid_minutes": s.get("exactPaidTimeMinutes"),
            "minimum_paid_minutes": s.get("minimumPaidTimeMinutes"),
            "maximum_paid_minutes": s.get("maximumPaidTimeMinutes"),
        }
        for s in p.get("shifts") or []
    ]


def agent_rows(cols: dict, mu_id: str, p: dict) -> list[dict]:
    base = {**cols, "management_unit_id": mu_id, "work_plan_id": p["id"]}
    return [{**base, "user_id": a["id"]} for a in p.get("agents") or [] if not a.get("delete")]


def week_rows(cols: dict, mu_id: str, result: dict, entity: dict) -> list[dict]:
    """One row per week of one agent: the plan ``workPlanLookup`` names for that week's key."""
    first, lookup = date.fromisoformat(result["referenceStartWeekDate"]), result["workPlanLookup"]
    rows = []
    for i, key in enumerate(entity["workPlanLookupKeysPerWeek"]):
        plan = lookup.get(str(key)) or {}  # a key the lookup lacks: no plan that week
        rows.append(
            {
                **cols,
                "management_unit_id": mu_id,
                "user_id": entity["user"]["id"],
                "week_date": first + timedelta(weeks=i),
                "work_plan_id": plan.get("id"),
                "work_plan_management_unit_id": (plan.get("managementUnit") or {}).get("id"),
            }
        )
    return rows


def work_plans(x: Extraction):
    """Every management unit's plans and members at once (urgent: the queries need the members), then every
    unit's query in flight together (``GenesysClient.each``: urgent, its answer may lead to a download);
    rows handed on in unit order."""
    c = x.client
    window = x.window("work_plans")
    units = [
        (mu, weeks_overlapping(*window, bu["settings"]["startDayOfWeek"]))
        for bu in x.org.business_units
        for mu in x.org.management_units[bu["id"]]
    ]
    reads = [(mu["id"], route) for mu, _ in units for route in ("workplans", "users")]

    def read(item) -> list[dict]:
        mu_id, route = item
        params = {"expand": PLAN_EXPAND} if route == "workplans" else {}
        return c.get(f"{WFM}/managementunits/{mu_id}/{route}", expect=("entities",), **params)["entities"]

    answers = c.each(read, reads, urgent=True)
    queries = []  # (management unit id, the query's body)
    for mu, weeks in units:
        plans, members = next(answers), next(answers)
        yield x.rows(plan_row, plans, mu["id"])
        yield emit("work_plan_shifts", x.flat_rows(shift_rows, plans, mu["id"]))
        yield emit("work_plan_agents", x.flat_rows(agent_rows, plans, mu["id"]))
        members = [m["id"] for m in members if m.get("id")]
        if members and weeks:  # agentIds and weekCount are required: nobody, or no week, to ask about
            queries.append(
                (mu["id"], {"agentIds": members, "startDate": weeks[0].isoformat(), "weekCount": len(weeks)})
            )

    def query(item) -> dict:
        mu_id, body = item
        path = f"{WFM}/managementunits/{mu_id}/agents/workplans/query"
        return c.result(
            lambda: c.post(path, body), "result", expect=("referenceStartWeekDate", "workPlanLookup", "entities")
        )

    for (mu_id, _), result in zip(queries, c.each(query, queries, urgent=True), strict=True):
        yield emit("agent_week_work_plans", x.flat_rows(week_rows, result["entities"], mu_id, result))


def _rotation_row(cols: dict, mu_id: str, r: dict) -> dict:
    span = r.get("dateRange") or {}
    return {
        **cols,
        "management_unit_id": mu_id,
        "rotation_id": r["id"],
        "name": r["name"],
        "name_key": name_key(r["name"]),
        "enabled": r.get("enabled"),
        "start_date": span.get("startBusinessUnitDate"),
        "end_date": span.get("endBusinessUnitDate"),
        "pattern_work_plan_ids": ",".join(p["id"] for p in (r.get("pattern") or {}).get("workPlans") or []),
        "agent_count": r.get("agentCount"),
    }


def _rotation_agent_rows(cols: dict, mu_id: str, r: dict) -> list[dict]:
    return [
        {
            **cols,
            "management_unit_id": mu_id,
            "rotation_id": r["id"],
            "user_id": a["user"]["id"],
            "position": a.get("position"),
            "start_date": (a.get("dateRange") or {}).get("startBusinessUnitDate"),
            "end_date": (a.get("dateRange") or {}).get("endBusinessUnitDate"),
        }
        for a in r.get("agents") or []
    ]


def work_plan_rotations(x: Extraction):
    """Each management unit's rotations with their agents (complete: scd2 per unit)."""
    c = x.client
    mu_ids = [mu["id"] for mus in x.org.management_units.values() for mu in mus]

    def rotations_of(mu_id: str) -> list[dict]:
        return c.get(f"{WFM}/managementunits/{mu_id}/workplanrotations", expect=("entities",), expand="agents")[
            "entities"
        ]

    for mu_id, rotations in zip(mu_ids, c.each(rotations_of, mu_ids), strict=True):
        yield x.rows(_rotation_row, rotations, mu_id)
        yield emit("work_plan_rotation_agents", x.flat_rows(_rotation_agent_rows, rotations, mu_id))
