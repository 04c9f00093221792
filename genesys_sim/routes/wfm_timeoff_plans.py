"""Time-off plans, staffing groups and time-off limits per business unit (the BU routes of SDK v269).

The management-unit routes of plans and limits are deprecated ("Use
/api/v2/workforcemanagement/businessunits/{businessUnitId}/timeoffplans instead", SDK docstrings) and not
served. Wire names: ``BuTimeOffPlanListing {entities, downloadUrl}``, ``StaffingGroupListing``,
``BuTimeOffLimitListing``, ``QueryTimeOffLimitValuesForGranularityRequest {dateRanges}`` ->
``BuTimeOffLimitValuesForGranularityResponse``. Permissions (SDK docs): plans ``wfm:timeOffPlan:view``,
staffing groups ``wfm:staffingGroup:view``, limits ``wfm:timeOffLimit:view`` or ``wfm:timeOffPlan:view``;
the values query is newer than those docs (NOT CONFIRMED): ``wfm:timeOffLimit:view`` here. A value query
range is inclusive and at most 366 days ("Maximum allowed number of days in range in 366"); one
``limitValues`` entry per range with a value per day (the layout is NOT CONFIRMED beyond the model).
``forceDownloadService`` answers a listing's ``downloadUrl`` instead of its entities.
"""

from __future__ import annotations

from datetime import date

from .. import render
from ..errors import ApiError, not_found
from ..model.timeoff_plans import limit_id, limit_values, part_timers, plans, staffing_group_id
from . import api
from .wfm_units import WFM, find_bu

BU = f"{WFM}/businessunits/{{businessUnitId}}"
MAX_RANGE_DAYS = 366


def _listing(ctx, entities: list[dict]) -> dict:
    if ctx.flag("forceDownloadService"):
        return {"downloadUrl": ctx.download({"entities": entities})}
    return {"entities": entities}


def _mu_filter(ctx, bu) -> str | None:
    wanted = ctx.query.get("managementUnitId")
    if wanted and wanted not in {mu.id for mu in bu.management_units}:
        raise not_found(f"management unit {wanted} in business unit {bu.id}")
    return wanted


def _refs(ids, path: str) -> list[dict]:
    return [render.ref(i, f"{path}/{i}") for i in ids]


@api("GET", f"{BU}/timeoffplans", "wfm:timeOffPlan:view", listing=True)
def time_off_plans(ctx):
    bu = find_bu(ctx)
    only = _mu_filter(ctx, bu)
    created = ctx.model.world.created
    entities = []
    for p in plans(ctx.model, ctx.org.key, bu):
        if only and only not in p.units and not p.groups:
            continue
        entities.append(
            {
                "id": p.id,
                "name": p.name,
                "activityCodeIds": list(p.code_ids),
                "timeOffLimits": _refs(p.limits, f"{render.bu_uri(bu)}/timeofflimits"),
                "autoApprovalRule": p.rule,
                "daysBeforeStartToExpireFromWaitlist": 3,
                "autoPublishApprovedTimeOffRequests": True,
                "overrideDates": [{"date": d.isoformat(), "type": kind} for d, kind in p.overrides],
                "enabled": True,
                "countAgainstTimeOffLimits": bool(p.limits),
                "businessUnitAssociation": {
                    "managementUnits": _refs(p.units, f"{WFM}/managementunits"),
                    "staffingGroups": _refs(p.groups, f"{render.bu_uri(bu)}/staffinggroups"),
                },
                "metadata": render.wfm_metadata(1, created),
                "selfUri": f"{render.bu_uri(bu)}/timeoffplans/{p.id}",
            }
        )
    return _listing(ctx, entities)


@api("GET", f"{BU}/staffinggroups", "wfm:staffingGroup:view", listing=True)
def staffing_groups(ctx):
    bu = find_bu(ctx)
    _mu_filter(ctx, bu)
    members = part_timers(ctx.model, bu)
    if not members:
        return _listing(ctx, [])
    group = staffing_group_id(ctx.model.seed, ctx.org.key, bu)
    return _listing(
        ctx,
        [
            {
                "id": group,
                "name": f"{bu.spec.name} Part-time",
                "users": [render.ref(a.user_id, f"/api/v2/users/{a.user_id}") for a in members],
                "planningGroups": [render.ref(pg.id) for pg in bu.planning_groups],
                "metadata": render.wfm_metadata(1, ctx.model.world.created),
                "selfUri": f"{render.bu_uri(bu)}/staffinggroups/{group}",
            }
        ],
    )


def _limit(ctx, bu, mu) -> dict:
    lid = limit_id(ctx.model.seed, ctx.org.key, mu)
    return {
        "id": lid,
        "managementUnit": render.ref(mu.id, f"{WFM}/managementunits/{mu.id}"),
        "granularity": "Daily",
        "metadata": render.wfm_metadata(1, ctx.model.world.created),
        "selfUri": f"{render.bu_uri(bu)}/timeofflimits/{lid}",
    }


@api("GET", f"{BU}/timeofflimits", ("wfm:timeOffLimit:view", "wfm:timeOffPlan:view"), listing=True)
def time_off_limits(ctx):
    bu = find_bu(ctx)
    only = _mu_filter(ctx, bu)
    return {"entities": [_limit(ctx, bu, mu) for mu in bu.management_units if not only or mu.id == only]}


def _range(item) -> tuple[date, date]:
    try:
        first, last = date.fromisoformat(item["startDate"]), date.fromisoformat(item["endDate"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "bad.request", "each dateRange needs startDate and endDate as yyyy-MM-dd") from None
    if last < first or (last - first).days + 1 > MAX_RANGE_DAYS:
        raise ApiError(400, "bad.request", f"Maximum allowed number of days in range in {MAX_RANGE_DAYS}")
    return first, last


@api("POST", f"{BU}/timeofflimits/{{timeOffLimitId}}/values/query", "wfm:timeOffLimit:view")
def time_off_limit_values(ctx):
    bu = find_bu(ctx)
    wanted = ctx.path_params["timeOffLimitId"]
    mu = next((m for m in bu.management_units if limit_id(ctx.model.seed, ctx.org.key, m) == wanted), None)
    if mu is None:
        raise not_found(f"time-off limit {wanted}")
    ranges = ctx.require_body().get("dateRanges") or []
    if not ranges:
        raise ApiError(400, "bad.request", "dateRanges is required")
    values = []
    for first, last in (_range(item) for item in ranges):
        per_day = limit_values(ctx.model, ctx.org.key, bu, mu, first, last)
        values.append({"startDate": first.isoformat(), "valuesPerDay": per_day})
    limit = _limit(ctx, bu, mu)
    return {
        "timeOffLimit": render.ref(limit["id"], limit["selfUri"]),
        "granularity": "Daily",
        "limitValues": values,
        "metadata": limit["metadata"],
    }
