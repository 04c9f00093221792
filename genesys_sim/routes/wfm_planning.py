"""Service goal templates and a forecast's staffing requirement (the goals and the headcount WFM plans with).

- ``GET /api/v2/workforcemanagement/businessunits/{businessUnitId}/servicegoaltemplates`` (SDK v269
  ``get_workforcemanagement_businessunit_servicegoaltemplates``): unpaged ``ServiceGoalTemplateList``,
  one template per planning group (the id ``PlanningGroup.serviceGoalTemplate`` names); ANY of
  ``wfm:serviceGoalTemplate:view, wfm:planningGroup:view, wfm:shortTermForecast:view``.
- ``GET .../weeks/{weekDateId}/shorttermforecasts/{forecastId}/staffingrequirement``
  (``get_workforcemanagement_businessunit_week_shorttermforecast_staffingrequirement``,
  ``wfm:staffingRequirement:view``): ``BuForecastStaffingRequirementsResultResponse {businessUnitId,
  forecast, referenceStartDate, weekCount, intervalLengthMinutes, state, results[{weekNumber, downloadUrl,
  downloadUrlExpirationDate}]}``. The SDK says the per-planning-group arrays "will always come via
  downloadUrl"; what the download holds is NOT CONFIRMED: here a ``BuForecastStaffingRequirementsResult``
  with ``planningGroupStaffingRequirements`` filled in. The first request for a forecast answers
  ``Processing`` (the requirement is being computed) and the result follows on the business unit's topic
  ``v2.workforcemanagement.businessunits.{id}.forecasts.staffingrequirement`` (SDK topic model
  ``WfmBuShortTermForecastStaffingRequirementsGenerateCompleteTopic...``; no poll route exists); later
  requests answer ``Complete``. Week numbers are 1-based, as forecast ``/data`` takes them (NOT CONFIRMED
  here); ``weekNumbers`` picks weeks (default: all), and week n's values follow ``/data``'s week n on the
  forecast's grid (``publication.forecast_week_start``).
"""

from __future__ import annotations

from datetime import timedelta

from .. import render
from ..ids import iso_utc
from ..model import publication, staffing, volume
from ..model.catalog import SERVICE_GOALS
from . import api
from . import wfm_forecast_import as imports
from .wfm_forecasts import FC_WEEK, _find
from .wfm_units import WFM, find_bu

TOPIC = "v2.workforcemanagement.businessunits.{id}.forecasts.staffingrequirement"
ABANDON_GOAL_PERCENT = {"Voice": 5, "Chat": 5, "Callback": 5, "Message": 5}
ASA_GOAL_SECONDS = {"Voice": 30, "Chat": 60}


def _template(bu, pg, created) -> dict:
    percent, seconds = SERVICE_GOALS[pg.spec.media_type]
    abandon = ABANDON_GOAL_PERCENT.get(pg.spec.media_type)
    asa = ASA_GOAL_SECONDS.get(pg.spec.media_type)
    return {
        "id": pg.service_goal_template_id,
        "name": f"{pg.spec.name} goals",
        "serviceLevel": {"include": True, "percent": round(percent * 100), "seconds": seconds},
        "averageSpeedOfAnswer": {"include": asa is not None, **({"seconds": asa} if asa else {})},
        "abandonRate": {"include": abandon is not None, **({"percent": abandon} if abandon else {})},
        "metadata": render.wfm_metadata(1, created),
        "selfUri": f"{render.bu_uri(bu)}/servicegoaltemplates/{pg.service_goal_template_id}",
    }


@api(
    "GET",
    f"{WFM}/businessunits/{{businessUnitId}}/servicegoaltemplates",
    ("wfm:serviceGoalTemplate:view", "wfm:planningGroup:view", "wfm:shortTermForecast:view"),
    listing=True,
)
def service_goal_templates(ctx):
    bu = find_bu(ctx)
    created = ctx.model.world.created
    return {"entities": [_template(bu, pg, created) for pg in bu.planning_groups]}


def _week_requirements(ctx, bu, fc, imported, week_number: int) -> dict:
    """``BuForecastStaffingRequirementsResult`` of one forecast week, with its planning groups' arrays: the
    requirement of the week's own ``/data`` values (672 intervals; an 8th day, where ``/data`` has one, is not
    the week's forecast and gets no requirement here: NOT CONFIRMED either way)."""
    media = {pg.id: pg.spec.media_type for pg in bu.planning_groups}
    if imported is not None:
        groups = imports.data(bu, imported, week_number)["planningGroups"]
        arrays = [
            (g["planningGroupId"], g["offeredPerInterval"], g["averageHandleTimeSecondsPerInterval"]) for g in groups
        ]
    else:
        start = publication.forecast_week_start(fc, week_number, bu.tz)
        arrays = [
            (pg.id, *volume.forecast_week(ctx.model.seed, ctx.org.key, pg.id, pg.spec, bu.spec, start))
            for pg in bu.planning_groups
        ]
    return {
        "weekNumber": week_number,
        "planningGroupStaffingRequirements": [
            {"planningGroupId": pg_id, "staffingRequirementsPerInterval": staffing.requirement(media[pg_id], o, a)}
            for pg_id, o, a in arrays
            if pg_id in media
        ],
    }


@api("GET", f"{FC_WEEK}/{{forecastId}}/staffingrequirement", "wfm:staffingRequirement:view")
def staffing_requirement(ctx):
    bu, fc, imported = _find(ctx)
    forecast_id = ctx.path_params["forecastId"]
    week = imported.week if imported is not None else fc.week_date
    week_count = imported.week_count if imported is not None else fc.week_count
    wanted = [int(w) for w in ctx.query.getlist("weekNumbers")] or list(range(1, week_count + 1))
    body = {
        "businessUnitId": bu.id,
        "forecast": {"id": forecast_id, "weekDate": week.isoformat(), "description": f"Forecast {week.isoformat()}"},
        "referenceStartDate": iso_utc(volume.week_reference_start(week, bu.tz)),
        "weekCount": week_count,
        "intervalLengthMinutes": int(volume.INTERVAL.total_seconds() // 60),
    }
    expires = iso_utc(ctx.model.now + timedelta(seconds=ctx.runtime.download_ttl))
    results = [
        {
            "weekNumber": n,
            "downloadUrl": ctx.download(_week_requirements(ctx, bu, fc, imported, n)),
            "downloadUrlExpirationDate": expires,
        }
        for n in wanted
        if 1 <= n <= week_count
    ]
    key = f"{ctx.org.key}/{forecast_id}"
    if key not in ctx.runtime.staffing_generated:
        ctx.runtime.staffing_generated.add(key)
        event = {**body, "state": "Complete", "results": results}
        ctx.runtime.channels.publish_later(ctx.org.key, ctx.org.client_id, TOPIC.format(id=bu.id), event)
        return {**body, "state": "Processing"}
    return {**body, "state": "Complete", "results": results}
