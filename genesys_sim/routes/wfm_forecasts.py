"""Short-term forecasts: weekly listings, forecast metadata, 15-minute interval data, planning-group snapshots.

Generated forecasts tile the window's weeks (``weekCount`` 1 or more, ``model.publication``); imported ones
(``wfm_forecast_import``) are listed and served beside them. A listing "includes any forecast which spans the
specified week" (SDK v269). ``/data`` serves one week per call: ``weekNumber`` is 1-based (a real answer for a
one-week forecast reads ``"weekNumber": 1, "weekCount": 1``, apmaries/sandpit-testing
``test/inboundForecastData.json``), 1..weekCount, default 1; what Genesys does with 0 is NOT CONFIRMED and the
simulator refuses it (400). The values of week n continue the forecast's 15-minute grid from its
``referenceStartDate`` (the first week's local midnight, echoed for every week): interval i of week n starts
at referenceStartDate + ((n - 1) * 672 + i) * 15 minutes. Planning groups named in the unit's
``eighth_day_planning_groups`` carry an 8th day, 768 values a week (as one planning group of that real answer
does beside others with 672); its 96 values repeat the week's first day, as a Genesys-ecosystem client rebuilds
it ("Adding required 8th day ... by repeating day 0"): they are not that week's forecast.
"""

from __future__ import annotations

from .. import render
from ..errors import not_found
from ..ids import iso_utc
from ..model import publication, volume
from . import api
from . import wfm_forecast_import as imports
from .wfm_schedules import listed, parse_week
from .wfm_units import WFM, find_bu

FC_WEEK = f"{WFM}/businessunits/{{businessUnitId}}/weeks/{{weekDateId}}/shorttermforecasts"
DAY = 96


def _list_item(bu, fc) -> dict:
    return {
        "id": fc.id,
        "weekDate": fc.week_date.isoformat(),
        "weekCount": fc.week_count,
        "creationMethod": "HistoricalWeightedAverage",
        "description": f"Forecast {fc.week_date.isoformat()}",
        "legacy": False,
        "canUseForScheduling": True,
        "metadata": render.wfm_metadata(1, fc.published_at),
        "selfUri": f"{render.bu_uri(bu)}/weeks/{fc.week_date.isoformat()}/shorttermforecasts/{fc.id}",
    }


def _find(ctx):
    """(business unit, generated forecast or None, imported forecast or None) the path names; the path's week
    may be any week the forecast spans, or ``recent``."""
    bu = find_bu(ctx)
    wanted = ctx.path_params["forecastId"]
    for fc in listed(ctx, bu, ctx.model.forecasts(ctx.org.key, bu), "weekDateId"):
        if fc.id == wanted:
            return bu, fc, None
    imported = imports.find_imported(ctx, bu, wanted)
    if imported is not None and imported in imports.imported_in(ctx, bu, _requested_weeks(ctx, bu)):
        return bu, None, imported
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
    generated = listed(ctx, bu, ctx.model.forecasts(ctx.org.key, bu), "weekDateId")
    return {"entities": [_list_item(bu, f) for f in generated] + [imports.list_item(bu, f) for f in imported]}


@api("GET", f"{FC_WEEK}/{{forecastId}}", "wfm:shortTermForecast:view")
def forecast(ctx):
    bu, fc, imported = _find(ctx)
    body = imports.list_item(bu, imported) if imported else _list_item(bu, fc)
    week = imported.week if imported else fc.week_date
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


def eighth_day(values: list[float]) -> list[float]:
    """A week's 672 values and the 8th day: its first day again (see the module docstring)."""
    return values + values[:DAY]


@api("GET", f"{FC_WEEK}/{{forecastId}}/data", "wfm:shortTermForecast:view", listing=True)
def forecast_data(ctx):
    bu, fc, imported = _find(ctx)
    if imported:
        result = imports.data(bu, imported, ctx.int_param("weekNumber", 1, 1, imported.week_count))
        return {"downloadUrl": ctx.download(result)} if ctx.flag("forceDownloadService") else {"result": result}
    week_number = ctx.int_param("weekNumber", 1, 1, fc.week_count)
    reference = volume.week_reference_start(fc.week_date, bu.tz)
    start = publication.forecast_week_start(fc, week_number, bu.tz)
    groups = []
    for pg in bu.planning_groups:
        offered, aht = volume.forecast_week(ctx.model.seed, ctx.org.key, pg.id, pg.spec, bu.spec, start)
        if pg.spec.name in bu.spec.eighth_day_planning_groups:
            offered, aht = eighth_day(offered), eighth_day(aht)
        groups.append(
            {"planningGroupId": pg.id, "offeredPerInterval": offered, "averageHandleTimeSecondsPerInterval": aht}
        )
    result = {
        "referenceStartDate": iso_utc(reference),
        "weekNumber": week_number,
        "weekCount": fc.week_count,
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
