"""Intraday monitoring per business unit: POST .../intraday, answered inline or later by notification.

SDK v269: body ``IntradayPlanningGroupRequest {businessUnitDate (required), categories (required: ForecastData,
ScheduleData, PerformancePredictionData), planningGroupIds (empty: all), intervalLengthMinutes ("defaults to
15")}``, answer ``AsyncIntradayResponse {status, operationId, result}`` ("result: Null unless status ==
Complete"); permission ``wfm:intraday:view``. There is no route to poll: an asynchronous answer's result comes
only on ``v2.businessunits.{id}.workforcemanagement.intraday`` as ``{operationId, result}``
(``WfmBuIntradayDataUpdateTopicBuIntradayNotification``), to subscribers connected then. When Genesys answers
asynchronously is not documented: here with ``forceAsync``, and for days before yesterday (the business unit's
local yesterday): older days are recomputed. Interval lengths 15, 30 and 60 are accepted (others: NOT
CONFIRMED, refused). A day outside the published weeks has ``noDataReason: NoPublishedSchedule``.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from .. import render
from ..errors import ApiError, not_found
from ..ids import iso_utc
from ..model.intraday import CATEGORIES, day_bounds, intervals, prediction
from . import api
from .notifications import INTRADAY_TOPIC
from .wfm_units import WFM, find_bu

LENGTHS = (15, 30, 60)


def _request(ctx, bu) -> tuple[date, list[str], list, int]:
    body = ctx.require_body()
    try:
        day = date.fromisoformat(body["businessUnitDate"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "bad.request", "businessUnitDate (yyyy-MM-dd) is required") from None
    categories = body.get("categories") or []
    if not categories or any(c not in CATEGORIES for c in categories):
        raise ApiError(400, "bad.request", f"categories must name one or more of {list(CATEGORIES)}")
    wanted = body.get("planningGroupIds") or []
    groups = [pg for pg in bu.planning_groups if not wanted or pg.id in wanted]
    missing = set(wanted) - {pg.id for pg in groups}
    if missing:
        raise not_found(f"planning group {sorted(missing)[0]}")
    minutes = body.get("intervalLengthMinutes") or 15
    if minutes not in LENGTHS:
        raise ApiError(400, "bad.request", f"intervalLengthMinutes must be one of {list(LENGTHS)}")
    return day, categories, groups, minutes


def _summary(values: list[dict]) -> dict:
    offered = sum(v["offered"] for v in values)
    return {
        "offered": round(offered, 3),
        "averageHandleTimeSeconds": round(sum(v["handle"] for v in values) / offered, 1) if offered else 0.0,
    }


def _result(ctx, bu, day: date, categories: list[str], groups: list, minutes: int) -> dict:
    start, end = day_bounds(bu, day)
    body = {
        "startDate": iso_utc(start),
        "endDate": iso_utc(end),
        "intervalLengthMinutes": minutes,
        "categories": categories,
        "intradayDataGroupings": [],
    }
    week = next((w for w in ctx.model.world.bu_weeks(bu) if w <= day < w + timedelta(days=7)), None)
    schedule = ctx.model.shown(ctx.org.key, bu, week) if week else None
    if schedule is None:
        return {**body, "noDataReason": "NoPublishedSchedule"}
    # the schedule the published view shows for the day's week, and the forecast spanning that week; each
    # referenced by its own (start) weekDate
    fc = next(f for f in ctx.model.forecasts(ctx.org.key, bu) if f.spans(week))
    body["shortTermForecast"] = {
        "id": fc.id,
        "weekDate": fc.week_date.isoformat(),
        "description": f"Forecast {fc.week_date.isoformat()}",
        "selfUri": f"{render.bu_uri(bu)}/weeks/{fc.week_date.isoformat()}/shorttermforecasts/{fc.id}",
    }
    body["schedule"] = {
        "id": schedule.id,
        "weekDate": schedule.week_date.isoformat(),
        "selfUri": f"{render.bu_uri(bu)}/weeks/{schedule.week_date.isoformat()}/schedules/{schedule.id}",
    }
    for media, values in intervals(ctx.model, ctx.org.key, bu, groups, day, minutes).items():
        grouping = {"mediaType": media}
        forecast = [
            {
                "offered": round(v["offered"], 3),
                "averageHandleTimeSeconds": round(v["handle"] / v["offered"], 1) if v["offered"] else 0.0,
            }
            for v in values
        ]
        if "ForecastData" in categories:
            grouping.update(forecastDataSummary=_summary(values), forecastDataPerInterval=forecast)
        if "ScheduleData" in categories:
            grouping.update(
                scheduleDataSummary={"onQueueTimeSeconds": sum(v["onQueueTimeSeconds"] for v in values)},
                scheduleDataPerInterval=[{"onQueueTimeSeconds": v["onQueueTimeSeconds"]} for v in values],
            )
        if "PerformancePredictionData" in categories:
            per = [
                prediction(f["offered"], f["averageHandleTimeSeconds"], v["onQueueTimeSeconds"])
                for f, v in zip(forecast, values, strict=True)
            ]
            total = _summary(values)
            grouping.update(
                performancePredictionDataSummary=prediction(
                    total["offered"], total["averageHandleTimeSeconds"], sum(v["onQueueTimeSeconds"] for v in values)
                ),
                performancePredictionDataPerInterval=per,
            )
        body["intradayDataGroupings"].append(grouping)
    return body


@api("POST", f"{WFM}/businessunits/{{businessUnitId}}/intraday", "wfm:intraday:view")
def intraday(ctx):
    bu = find_bu(ctx)
    day, categories, groups, minutes = _request(ctx, bu)
    result = _result(ctx, bu, day, categories, groups, minutes)
    yesterday = ctx.model.now.astimezone(ZoneInfo(bu.tz)).date() - timedelta(days=1)
    if ctx.flag("forceAsync") or day < yesterday:
        operation_id = ctx.runtime.next_id(ctx.org.key, "operation")
        # the topic's references carry no selfUri (WfmBuIntradayDataUpdateTopicBu*Reference)
        topic_result = {
            k: ({kk: vv for kk, vv in v.items() if kk != "selfUri"} if k in ("schedule", "shortTermForecast") else v)
            for k, v in result.items()
        }
        body = {"operationId": operation_id, "result": topic_result}
        ctx.runtime.channels.publish_later(ctx.org.key, ctx.org.client_id, INTRADAY_TOPIC.format(id=bu.id), body)
        return {"status": "Processing", "operationId": operation_id}
    return {"status": "Complete", "operationId": ctx.runtime.next_id(ctx.org.key, "operation"), "result": result}
