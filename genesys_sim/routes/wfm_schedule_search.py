"""The published view: management-unit and business-unit ``agentschedules/search`` over a date-time range.

SDK v269: POST ``/managementunits/{id}/agentschedules/search`` ("Query published schedules for given given
time range for set of users") and POST ``/businessunits/{id}/agentschedules/search`` ("Search published
schedules"), body ``BuSearchAgentSchedulesRequest {startDate, endDate, userIds}``, answer
``BuAsyncAgentSchedulesSearchResponse`` whose result is ``BuAgentSchedulesSearchResponse {agentSchedules
[{user, shifts, fullDayTimeOffMarkers}], businessUnitTimeZone, publishedSchedules}``: one merged set of shifts
per agent and "references to all published week schedules overlapping the start/end date". For each week the
shifts are those of the schedule the view shows (``model.publication.shown``: which one Genesys shows is NOT
CONFIRMED). Which shifts a range returns is NOT CONFIRMED either: here the shifts that START inside [startDate,
endDate) and the full-day markers whose business-unit date's local midnight is inside it; agents employed on
some day of the range have a row (possibly empty). Answers by size, as the query (``async_answer``).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from .. import render
from ..errors import ApiError
from ..ids import parse_iso
from ..model import FullDayMarker, Shift
from . import api
from .notifications import BU_SEARCH_TOPIC, MU_SEARCH_TOPIC
from .wfm_schedules import async_answer, employed_during
from .wfm_units import WFM, find_bu, find_mu


def _range(ctx):
    body = ctx.require_body()
    try:
        start, end = parse_iso(body["startDate"]), parse_iso(body["endDate"])
    except (KeyError, ValueError, TypeError, AttributeError):
        raise ApiError(400, "bad.request", "startDate and endDate (ISO-8601 date-times) are required") from None
    if end <= start:
        raise ApiError(400, "bad.request", "endDate must be after startDate")
    return start, end, set(body.get("userIds") or ())


def published_view(ctx, bu, units, start, end, user_ids: set) -> dict:
    """``BuAgentSchedulesSearchResponse`` of the given management units over [start, end)."""
    tz = ZoneInfo(bu.tz)
    first = start.astimezone(tz).date()
    last = (end - timedelta(microseconds=1)).astimezone(tz).date()
    key = ctx.org.key
    weeks = [w for w in ctx.model.world.bu_weeks(bu) if w <= last and w + timedelta(days=7) > first]
    shown = {w: s for w in weeks if (s := ctx.model.shown(key, bu, w)) is not None}
    plans = {w: ctx.model.week_plan(key, bu, w) for w in shown}
    rows = []
    for mu in units:
        for account in mu.accounts:
            if (user_ids and account.user_id not in user_ids) or not employed_during(
                account, first, last + timedelta(days=1)
            ):
                continue
            shifts, markers = [], []
            for week, schedule in shown.items():
                for item in plans[week].get(account.user_id, []):
                    if isinstance(item, Shift) and start <= item.start < end:
                        shifts.append(render.shift(item, schedule.id, schedule.week_date))
                    elif isinstance(item, FullDayMarker) and start <= render.local_midnight(item.bu_date, bu.tz) < end:
                        markers.append(render.full_day_marker(item))
            rows.append(
                {
                    "user": render.ref(account.user_id, f"/api/v2/users/{account.user_id}"),
                    "shifts": shifts,
                    "fullDayTimeOffMarkers": markers,
                }
            )
    overlapping = [s for s in ctx.model.schedules(key, bu) if any(s.spans(w) for w in weeks)]
    return {
        "agentSchedules": rows,
        "businessUnitTimeZone": bu.tz,
        "publishedSchedules": [
            {
                "id": s.id,
                "weekDate": s.week_date.isoformat(),
                "weekCount": s.week_count,
                "selfUri": f"{render.bu_uri(bu)}/weeks/{s.week_date.isoformat()}/schedules/{s.id}",
            }
            for s in overlapping
        ],
    }


@api("POST", f"{WFM}/managementunits/{{managementUnitId}}/agentschedules/search", "wfm:schedule:view", listing=True)
def search_mu_agent_schedules(ctx):
    bu, mu = find_mu(ctx)
    result = published_view(ctx, bu, [mu], *_range(ctx))
    # WfmAgentMuScheduleSearchCompleteTopicAgentMuScheduleSearchCompleteNotification (SDK v269)
    return async_answer(
        ctx,
        result,
        len(result["agentSchedules"]),
        MU_SEARCH_TOPIC,
        lambda op, url: {"operationId": op, "status": "Complete", "downloadUrl": url},
    )


@api("POST", f"{WFM}/businessunits/{{businessUnitId}}/agentschedules/search", "wfm:schedule:view", listing=True)
def search_bu_agent_schedules(ctx):
    bu = find_bu(ctx)
    result = published_view(ctx, bu, bu.management_units, *_range(ctx))
    # WfmBuScheduleSearchResultTopicBuScheduleSearchResultNotification (SDK v269)
    return async_answer(
        ctx,
        result,
        len(result["agentSchedules"]),
        BU_SEARCH_TOPIC,
        lambda op, url: {"operationId": op, "businessUnitId": bu.id, "downloadUrl": url},
    )
