"""Short-term forecasts: weekly listings, forecast metadata, 15-minute interval data, planning-group snapshots.

Generated forecasts exist for every business-unit week of the window; imported ones
(``wfm_forecast_import``) are listed and served beside them.
"""

from __future__ import annotations

from datetime import timedelta

from .. import render
from ..errors import not_found
from ..ids import iso_utc
from ..model import volume
from . import api
from . import wfm_forecast_import as imports
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
    return {
        "id": fid,
        "weekDate": week.isoformat(),
        "weekCount": 1,
        "creationMethod": "HistoricalWeightedAverage",
        "description": f"Forecast {week.isoformat()}",
        "legacy": False,
        "canUseForScheduling": True,
        "metadata": render.wfm_metadata(1, generated),
        "selfUri": f"{render.bu_uri(bu)}/weeks/{week.isoformat()}/shorttermforecasts/{fid}",
    }


def _find(ctx):
    """(business unit, week, imported forecast or None) of the forecast the path names."""
    bu = find_bu(ctx)
    wanted = ctx.path_params["forecastId"]
    for week in _weeks(ctx, bu):
        if forecast_id(ctx, bu, week) == wanted:
            return bu, week, None
    imported = imports.find_imported(ctx, bu, wanted)
    if imported is not None and ctx.path_params["weekDateId"] in ("recent", imported.week.isoformat()):
        return bu, imported.week, imported
    raise not_found(f"short term forecast {wanted}")


def _requested_weeks(ctx, bu):
    """The week the path names (validated), or None for ``recent``."""
    week_id = ctx.path_params["weekDateId"]
    return None if week_id == "recent" else [parse_week(ctx, bu, week_id)]


def _planning_groups(bu, only: set | None = None) -> list[dict]:
    return [
        {
            "id": pg.id,
            "name": pg.spec.name,
            "routePaths": [{"queue": {"id": pg.queue_id}, "mediaType": pg.spec.media_type}],
            "serviceGoalTemplate": {"serviceLevel": {"percent": 80, "seconds": 20}},
        }
        for pg in bu.planning_groups
        if only is None or pg.id in only
    ]


def _imported_groups(fc) -> set:
    return {g["planningGroupId"] for g in fc.planning_groups}


@api("GET", FC_WEEK, ("wfm:schedule:generate", "wfm:shortTermForecast:view"), listing=True)
def forecasts(ctx):
    bu = find_bu(ctx)
    imported = imports.imported_in(ctx, bu, _requested_weeks(ctx, bu))
    return {
        "entities": [_list_item(ctx, bu, w) for w in _weeks(ctx, bu)] + [imports.list_item(bu, f) for f in imported]
    }


@api("GET", f"{FC_WEEK}/{{forecastId}}", "wfm:shortTermForecast:view")
def forecast(ctx):
    bu, week, imported = _find(ctx)
    body = imports.list_item(bu, imported) if imported else _list_item(ctx, bu, week)
    body.update(
        {
            "referenceStartDate": iso_utc(volume.week_reference_start(week, bu.tz)),
            "timeZone": bu.tz,
            "sourceDays": [],
            "modifications": [],
            "planningGroupsVersion": 1,
            "generationResults": {"planningGroupResults": []},
            "planningGroups": {"entities": _planning_groups(bu, imported and _imported_groups(imported))},
        }
    )
    return body


@api("GET", f"{FC_WEEK}/{{forecastId}}/data", "wfm:shortTermForecast:view", listing=True)
def forecast_data(ctx):
    bu, week, imported = _find(ctx)
    if imported:
        result = imports.data(bu, imported, ctx.int_param("weekNumber", 0, 0, imported.week_count - 1))
        return {"downloadUrl": ctx.download(result)} if ctx.flag("forceDownloadService") else {"result": result}
    week_number = ctx.int_param("weekNumber", 0, 0, 0)
    reference = volume.week_reference_start(week, bu.tz)
    groups = []
    for pg in bu.planning_groups:
        offered, aht = volume.forecast_week(ctx.model.seed, ctx.org.key, pg.id, pg.spec, bu.spec, reference)
        groups.append(
            {"planningGroupId": pg.id, "offeredPerInterval": offered, "averageHandleTimeSecondsPerInterval": aht}
        )
    result = {
        "referenceStartDate": iso_utc(reference),
        "weekNumber": week_number,
        "weekCount": 1,
        "planningGroups": groups,
    }
    if ctx.flag("forceDownloadService"):
        return {"downloadUrl": ctx.download(result)}
    return {"result": result}


@api(
    "GET",
    f"{FC_WEEK}/{{forecastId}}/planninggroups",
    ("wfm:shortTermForecast:view", "wfm:schedule:view", "wfm:publishedSchedule:view"),
    listing=True,
)
def forecast_planning_groups(ctx):
    bu, _, imported = _find(ctx)
    return {"entities": _planning_groups(bu, imported and _imported_groups(imported))}
