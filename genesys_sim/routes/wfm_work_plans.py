"""Work plans, work-plan rotations and the per-agent per-week work-plan query, per management unit.

SDK v269: GET ``/managementunits/{id}/workplans`` (``expand`` agentCount, agents, optionalDays, shifts,
shiftStartVariances; "expand=details" is deprecated and changes nothing here; the route itself is not
deprecated and there is no business-unit work-plan list), GET ``.../workplanrotations`` (``expand=agents``)
and POST ``.../agents/workplans/query`` (``GetAgentsWorkPlansRequest {agentIds, startDate, weekCount}``, all
required; "Response contains values rolled back to nearest BU start day of week"), answered
``AgentsWorkPlansResponse {result, downloadUrl}`` (the download with ``forceDownloadService`` or for more agents
than the scenario's ``inline_schedule_limit``). Permissions (SDK
docs): plans any of ``wfm:agent:view``, ``wfm:publishedSchedule:view``, ``wfm:schedule:view``,
``wfm:workPlanRotation:view``, ``wfm:workPlan:view``; rotations ``wfm:agent:view`` or
``wfm:workPlanRotation:view``; the query ``wfm:workPlan:view``. The longest ``weekCount`` is not documented:
at most 53 here.
"""

from __future__ import annotations

from datetime import date

from .. import render
from ..errors import ApiError
from ..ids import week_start
from ..model.work_plans import assignments, plan_of_week, plans, rotation_id, rotation_start
from . import api
from .wfm_units import WFM, find_mu

MU = f"{WFM}/managementunits/{{managementUnitId}}"
PLAN_VIEW = (
    "wfm:agent:view",
    "wfm:publishedSchedule:view",
    "wfm:schedule:view",
    "wfm:workPlanRotation:view",
    "wfm:workPlan:view",
)
MAX_WEEKS = 53


def _shift(plan) -> dict:
    low, high = plan.shift_minutes
    body = {
        "id": f"{plan.id[:-4]}5f00",
        "name": f"{plan.name} shift",
        "days": {"values": list(plan.days)},
        "flexibleStartTime": True,
        "earliestStartTimeMinutesFromMidnight": plan.start_window[0],
        "latestStartTimeMinutesFromMidnight": plan.start_window[1],
        "startIncrementMinutes": 15,
        "flexiblePaidTime": low != high,
        "constrainContiguousWorkTime": False,
        "constrainDayOff": False,
        "activities": [],
    }
    body.update(
        {"exactPaidTimeMinutes": low}
        if low == high
        else {"minimumPaidTimeMinutes": low, "maximumPaidTimeMinutes": high}
    )
    return body


def _plan(ctx, mu, plan, agents: list[str], expand: set[str]) -> dict:
    body = {
        "id": plan.id,
        "name": plan.name,
        "enabled": True,
        "valid": True,
        "constrainWeeklyPaidTime": True,
        "flexibleWeeklyPaidTime": plan.exact is None,
        "constrainPaidTimeGranularity": False,
        "constrainMinimumTimeBetweenShifts": True,
        "minimumTimeBetweenShiftsMinutes": 600,
        "maximumDays": 5,
        "minimumWorkingDaysPerWeek": 0 if plan.key == "cover" else 5,
        "shiftStartVarianceType": "ShiftStart",
        "shiftStartVariancePeriod": "Weekly",
        "metadata": render.wfm_metadata(1, ctx.model.world.created),
        "selfUri": f"{WFM}/managementunits/{mu.id}/workplans/{plan.id}",
    }
    if plan.exact is None:
        body.update(weeklyMinimumPaidMinutes=plan.minimum, weeklyMaximumPaidMinutes=plan.maximum)
    else:
        body["weeklyExactPaidMinutes"] = plan.exact
    if "agents" in expand:
        body["agents"] = [{"id": user} for user in agents]
    if "agentCount" in expand:
        body["agentCount"] = len(agents)
    if "shifts" in expand:
        body["shifts"] = [_shift(plan)]
    if "optionalDays" in expand:
        body["optionalDays"] = {"values": []}
    if "shiftStartVariances" in expand:
        body["shiftStartVariances"] = {"values": []}
    return body


def _expand(ctx) -> set[str]:
    return {v for item in ctx.query.getlist("expand") for v in item.split(",")}


@api("GET", f"{MU}/workplans", PLAN_VIEW, listing=True)
def work_plans(ctx):
    bu, mu = find_mu(ctx)
    by_plan: dict[str, list[str]] = {}
    for user, assignment in assignments(ctx.model, bu, mu).items():
        if assignment.plan is not None:
            by_plan.setdefault(assignment.plan, []).append(user)
    expand = _expand(ctx)
    found = plans(ctx.model.seed, ctx.org.key, mu)
    return {"entities": [_plan(ctx, mu, p, by_plan.get(key, []), expand) for key, p in found.items()]}


@api("GET", f"{MU}/workplanrotations", ("wfm:agent:view", "wfm:workPlanRotation:view"), listing=True)
def work_plan_rotations(ctx):
    bu, mu = find_mu(ctx)
    found = plans(ctx.model.seed, ctx.org.key, mu)
    start = {"startBusinessUnitDate": rotation_start(ctx.model, bu).isoformat()}
    members = [(u, a.position) for u, a in assignments(ctx.model, bu, mu).items() if a.plan is None]
    rid = rotation_id(ctx.model.seed, ctx.org.key, mu)
    body = {
        "id": rid,
        "name": f"{mu.name} Early/Late rotation",
        "enabled": True,
        "dateRange": start,
        "pattern": {
            "workPlans": [
                {"id": found[key].id, "managementUnit": render.ref(mu.id, f"{WFM}/managementunits/{mu.id}")}
                for key in ("early", "late")
            ]
        },
        "agentCount": len(members),
        "metadata": render.wfm_metadata(1, ctx.model.world.created),
        "selfUri": f"{WFM}/managementunits/{mu.id}/workplanrotations/{rid}",
    }
    if "agents" in _expand(ctx):
        body["agents"] = [
            {"user": render.ref(u, f"/api/v2/users/{u}"), "dateRange": start, "position": p} for u, p in members
        ]
    return {"entities": [body] if members else []}


@api("POST", f"{MU}/agents/workplans/query", "wfm:workPlan:view")
def agents_work_plans(ctx):
    bu, mu = find_mu(ctx)
    body = ctx.require_body()
    agents, count = body.get("agentIds") or [], body.get("weekCount")
    try:
        first = week_start(date.fromisoformat(body["startDate"]), bu.spec.start_day_of_week)
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "bad.request", "startDate (yyyy-MM-dd) is required") from None
    if not agents or not isinstance(count, int) or not 1 <= count <= MAX_WEEKS:
        raise ApiError(400, "bad.request", f"agentIds and weekCount (1 to {MAX_WEEKS}) are required")
    found = plans(ctx.model.seed, ctx.org.key, mu)
    keys = {plan_key: str(i) for i, plan_key in enumerate(found)}
    weeks = [date.fromordinal(first.toordinal() + 7 * i) for i in range(count)]
    known = assignments(ctx.model, bu, mu)
    entities = [
        {
            "user": render.ref(user, f"/api/v2/users/{user}"),
            "workPlanLookupKeysPerWeek": [int(keys[plan_of_week(ctx.model, bu, known[user], w)]) for w in weeks],
        }
        for user in dict.fromkeys(agents)
        if user in known
    ]
    mu_ref = render.ref(mu.id, f"{WFM}/managementunits/{mu.id}")
    result = {
        "entities": entities,
        "referenceStartWeekDate": first.isoformat(),
        "workPlanLookup": {keys[k]: {"id": p.id, "managementUnit": mu_ref} for k, p in found.items()},
    }
    # large answers come through the download service (the threshold is the scenario's, as for agent schedules)
    if ctx.flag("forceDownloadService") or len(entities) > ctx.model.world.scenario.inline_schedule_limit:
        return {"downloadUrl": ctx.download(result)}
    return {"result": result}
