"""WFM structure: business units, management units and their users, activity codes, planning groups."""

from __future__ import annotations

from dataclasses import replace

from .. import render
from ..errors import ApiError, not_found
from ..model.catalog import CATEGORIES
from ..model.world import ActivityCode
from . import api

WFM = "/api/v2/workforcemanagement"

# Reading a business or management unit takes any one of ~70 wfm permissions (SDK docs, "Requires ANY
# permissions"): these are its view ones (the simulated role holds no other wfm read permission).
ANY_WFM_VIEW = (
    "wfm:businessUnit:view",
    "wfm:activityCode:view",
    "wfm:agent:view",
    "wfm:agentSchedule:view",
    "wfm:historicalAdherence:view",
    "wfm:shrinkage:view",
    "wfm:intraday:view",
    "wfm:managementUnit:view",
    "wfm:publishedSchedule:view",
    "wfm:realtimeAdherence:view",
    "wfm:schedule:view",
    "wfm:serviceGoalTemplate:view",
    "wfm:planningGroup:view",
    "wfm:shiftTradeRequest:view",
    "wfm:shortTermForecast:view",
    "wfm:staffingGroup:view",
    "wfm:timeOffRequest:view",
    "wfm:timeOffLimit:view",
    "wfm:timeOffPlan:view",
    "wfm:workPlan:view",
    "wfm:workPlanRotation:view",
)
# activity codes: the same list without staffingGroup
ANY_CODE_VIEW = tuple(p for p in ANY_WFM_VIEW if p != "wfm:staffingGroup:view")
MEMBERS_VIEW = (
    "wfm:agent:view",
    "wfm:historicalAdherence:view",
    "wfm:publishedSchedule:view",
    "wfm:realtimeAdherence:view",
    "wfm:schedule:view",
    "wfm:staffingGroup:view",
    "wfm:timeOffRequest:view",
    "wfm:workPlanRotation:view",
    "wfm:workPlan:view",
)
PLANNING_GROUP_VIEW = (
    "wfm:planningGroup:view",
    "wfm:shortTermForecast:view",
    "wfm:intraday:view",
    "wfm:agent:view",
    "wfm:schedule:view",
    "wfm:publishedSchedule:view",
)

# UpdateActivityCodeRequest / CreateActivityCodeRequest wire name -> ActivityCodeSpec field.
CODE_FIELDS = {
    "name": "name",
    "category": "category",
    "lengthInMinutes": "length_minutes",
    "countsAsPaidTime": "paid",
    "countsAsWorkTime": "work",
    "agentTimeOffSelectable": "agent_selectable",
    "plannedShrinkage": "planned_shrinkage",
}
CODE_EXTRAS = ("countsTowardShrinkage", "interruptible")


def find_bu(ctx):
    bu_id = ctx.path_params["businessUnitId"]
    for bu in ctx.org.business_units:
        if bu.id == bu_id:
            return bu
    raise not_found(f"business unit {bu_id}")


def find_mu(ctx):
    mu_id = ctx.path_params["managementUnitId"]
    for bu in ctx.org.business_units:
        for mu in bu.management_units:
            if mu.id == mu_id:
                return bu, mu
    raise not_found(f"management unit {mu_id}")


# "Requires no permissions": every unit is listed, ``authorized`` says whether the client may use it
# (SDK: "Whether the user has authorization to interact with this business unit"); that a role without
# any wfm permission sees ``authorized: false`` is an inference (NOT CONFIRMED).
@api("GET", f"{WFM}/businessunits", listing=True)
def business_units(ctx):
    created = ctx.model.world.created
    authorized = ctx.runtime.permitted(ctx.org.key, ANY_WFM_VIEW)
    return {
        "entities": [
            {**render.business_unit(ctx.org, bu, created, False, listing=True), "authorized": authorized}
            for bu in ctx.org.business_units
        ]
    }


@api("GET", f"{WFM}/businessunits/{{businessUnitId}}", ANY_WFM_VIEW)
def business_unit(ctx):
    bu = find_bu(ctx)
    expand = ",".join(ctx.query.getlist("expand"))
    return render.business_unit(ctx.org, bu, ctx.model.world.created, "settings" in expand)


def _management_units(ctx, units):
    created = ctx.model.world.created
    return {
        "entities": [render.management_unit(ctx.org, bu, mu, created) for bu in units for mu in bu.management_units]
    }


@api("GET", f"{WFM}/businessunits/{{businessUnitId}}/managementunits", listing=True)  # no permission required
def bu_management_units(ctx):
    return _management_units(ctx, [find_bu(ctx)])


@api("GET", f"{WFM}/managementunits", listing=True)  # no permission required
def management_units(ctx):
    return _management_units(ctx, ctx.org.business_units)


@api("GET", f"{WFM}/managementunits/{{managementUnitId}}", ANY_WFM_VIEW)
def management_unit(ctx):
    bu, mu = find_mu(ctx)
    return render.management_unit(ctx.org, bu, mu, ctx.model.world.created)


@api("GET", f"{WFM}/managementunits/{{managementUnitId}}/users", MEMBERS_VIEW, listing=True)
def management_unit_users(ctx):
    _, mu = find_mu(ctx)
    today = ctx.model.now.date()
    return {
        "entities": [
            {"id": a.user_id, "selfUri": f"/api/v2/users/{a.user_id}"}
            for a in mu.accounts
            if a.date_left is None or today < a.date_left
        ]
    }


@api("GET", f"{WFM}/businessunits/{{businessUnitId}}/activitycodes", ANY_CODE_VIEW, listing=True)
def activity_codes(ctx):
    bu = find_bu(ctx)
    created = ctx.model.world.created
    entities = [render.activity_code(bu, code, created) for code in bu.codes.values()]
    if ctx.flag("forceDownloadService"):
        return {"entities": None, "downloadUrl": ctx.download({"entities": entities})}
    return {"entities": entities}


def find_code(ctx):
    bu = find_bu(ctx)
    code = bu.codes.get(ctx.path_params["activityCodeId"])
    if code is None:
        raise not_found(f"activity code {ctx.path_params['activityCodeId']}")
    return bu, code


@api("GET", f"{WFM}/businessunits/{{businessUnitId}}/activitycodes/{{activityCodeId}}", "wfm:activityCode:view")
def activity_code(ctx):
    bu, code = find_code(ctx)
    return render.activity_code(bu, code, ctx.model.world.created)


def _spec_changes(body: dict) -> dict:
    changes = {}
    for wire, attr in CODE_FIELDS.items():
        if body.get(wire) is not None:
            changes[attr] = body[wire]
    category = changes.get("category")
    if category is not None and category not in CATEGORIES:
        raise ApiError(400, "bad.request", f"category must be one of {list(CATEGORIES)}, got {category!r}")
    return changes


@api("POST", f"{WFM}/businessunits/{{businessUnitId}}/activitycodes", "wfm:activityCode:add")
def create_activity_code(ctx):
    bu = find_bu(ctx)
    body = ctx.require_body()
    if not body.get("name") or not body.get("category"):
        raise ApiError(400, "bad.request", "name and category are required to create an activity code")
    template = bu.default_code(body["category"]) if body["category"] in CATEGORIES else None
    if template is None:
        _spec_changes(body)
    code_id = ctx.runtime.next_id(ctx.org.key, f"code-{bu.id}")
    spec = replace(template.spec, **_spec_changes(body))
    code = ActivityCode(
        code_id, spec, default=False, date_modified=ctx.model.now, extra={k: body[k] for k in CODE_EXTRAS if k in body}
    )
    if isinstance(body.get("style"), dict) and body["style"].get("backgroundColor"):
        code.style_color = body["style"]["backgroundColor"]
    bu.codes[code_id] = code
    return 201, render.activity_code(bu, code, ctx.model.world.created)


@api("PATCH", f"{WFM}/businessunits/{{businessUnitId}}/activitycodes/{{activityCodeId}}", "wfm:activityCode:edit")
def update_activity_code(ctx):
    bu, code = find_code(ctx)
    body = ctx.require_body()
    version = (body.get("metadata") or {}).get("version")
    if version is None:
        raise ApiError(400, "bad.request", "metadata.version is required to update an activity code")
    if version != code.version:
        raise ApiError(
            409,
            "version.mismatch",
            f"The activity code was modified by someone else (version {code.version}, sent {version})",
        )
    changes = _spec_changes(body)
    if code.default and changes.get("category", code.spec.category) != code.spec.category:
        raise ApiError(400, "bad.request", "The category of a default activity code cannot be changed")
    code.spec = replace(code.spec, **changes)
    code.extra.update({k: body[k] for k in CODE_EXTRAS if k in body})
    if isinstance(body.get("style"), dict) and (body["style"].get("value") or {}).get("backgroundColor"):
        code.style_color = body["style"]["value"]["backgroundColor"]
    code.version += 1
    code.date_modified = ctx.model.now
    return render.activity_code(bu, code, ctx.model.world.created)


@api("GET", f"{WFM}/businessunits/{{businessUnitId}}/planninggroups", PLANNING_GROUP_VIEW, listing=True)
def planning_groups(ctx):
    bu = find_bu(ctx)
    created = ctx.model.world.created
    return {
        "entities": [render.planning_group(bu, pg, created) for pg in bu.planning_groups],
        "metadata": render.wfm_metadata(1, created),
    }
