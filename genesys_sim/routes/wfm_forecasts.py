"""Short-term forecasts: weekly listings, forecast metadata, 15-minute interval data, planning-group snapshots."""

from __future__ import annotations

from datetime import timedelta

from .. import render
from ..errors import not_found
from ..ids import iso_utc
from ..model import volume
from . import api
from .wfm_schedules import forecast_id, parse_week
from .wfm_units import WFM, find_bu

FC_WEEK = f"{WFM}/businessunits/{{businessUnitId}}/weeks/{{weekDateId}}/shorttermforecasts"


def _weeks(ctx, bu):
    week_id = ctx.path_params["weekDateId"]
    available = ctx.model.world.bu_weeks(bu)
    if week_id == "recent":
        today = ctx.model.now.date()
        return [w for w in available if today - timedelta(weeks=26) <= w <= today + timedelta(weeks=26)]
    week = parse_week(ctx, bu, week_id)
    return [week] if week in available else []


def _list_item(ctx, bu, week) -> dict:
    fid = forecast_id(ctx, bu, week)
    generated = render.local_midnight(week - timedelta(days=10), bu.tz) + timedelta(hours=6)
    return {"id": fid, "weekDate": week.isoformat(), "weekCount": 1, "creationMethod": "HistoricalWeightedAverage",
            "description": f"Forecast {week.isoformat()}", "legacy": False, "canUseForScheduling": True,
            "metadata": render.wfm_metadata(1, generated),
            "selfUri": f"{render.bu_uri(bu)}/weeks/{week.isoformat()}/shorttermforecasts/{fid}"}


def _find(ctx):
    bu = find_bu(ctx)
    for week in _weeks(ctx, bu):
        if forecast_id(ctx, bu, week) == ctx.path_params["forecastId"]:
            return bu, week
    raise not_found(f"short term forecast {ctx.path_params['forecastId']}")


def _planning_groups(bu) -> list[dict]:
    return [{"id": pg.id, "name": pg.spec.name,
             "routePaths": [{"queue": {"id": pg.queue_id}, "mediaType": pg.spec.media_type}],
             "serviceGoalTemplate": {"serviceLevel": {"percent": 80, "seconds": 20}}}
            for pg in bu.planning_groups]


@api("GET", FC_WEEK, "wfm:shortTermForecast:view", listing=True)
def forecasts(ctx):
    bu = find_bu(ctx)
    return {"entities": [_list_item(ctx, bu, w) for w in _weeks(ctx, bu)]}


@api("GET", f"{FC_WEEK}/{{forecastId}}", "wfm:shortTermForecast:view")
def forecast(ctx):
    bu, week = _find(ctx)
    body = _list_item(ctx, bu, week)
    body.update({"referenceStartDate": iso_utc(volume.week_reference_start(week, bu.tz)), "timeZone": bu.tz,
                 "sourceDays": [], "modifications": [], "planningGroupsVersion": 1,
                 "generationResults": {"planningGroupResults": []},
                 "planningGroups": {"entities": _planning_groups(bu)}})
    return body


@api("GET", f"{FC_WEEK}/{{forecastId}}/data", "wfm:shortTermForecast:view", listing=True)
def forecast_data(ctx):
    bu, week = _find(ctx)
    week_number = ctx.int_param("weekNumber", 0, 0, 0)
    reference = volume.week_reference_start(week, bu.tz)
    groups = []
    for pg in bu.planning_groups:
        offered, aht = volume.forecast_week(ctx.model.seed, ctx.org.key, pg.id, pg.spec, bu.spec, reference)
        groups.append({"planningGroupId": pg.id, "offeredPerInterval": offered,
                       "averageHandleTimeSecondsPerInterval": aht})
    result = {"referenceStartDate": iso_utc(reference), "weekNumber": week_number, "weekCount": 1,
              "planningGroups": groups}
    if ctx.flag("forceDownloadService"):
        return {"downloadUrl": ctx.download(result)}
    return {"result": result}


@api("GET", f"{FC_WEEK}/{{forecastId}}/planninggroups", "wfm:shortTermForecast:view", listing=True)
def forecast_planning_groups(ctx):
    bu, _ = _find(ctx)
    return {"entities": _planning_groups(bu)}
