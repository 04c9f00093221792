"""Published schedules and forecast data -> rows, each filed under its own business-unit week.

Why per week: schedule activities, full-day time off and forecast intervals are replaced per business-unit
week (``merge_key`` ``week_date``), and schedules and forecasts may span several weeks (``weekCount``). A row
belongs to the week it happens in, in the unit's time zone and by its start day of week, not to the first
week of whatever schedule or forecast carried it. A row outside the week being read belongs to another week,
read on its own: a shift the search returned past the week is left out; an 8th forecast day is kept, flagged
``is_in_week`` false, so no total counts it against the next week's forecast.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from .helpers import iso, local_midnight, parse_ts, week_start
from .settings import INTERVAL_MINUTES

STEP = timedelta(minutes=INTERVAL_MINUTES)
WEEK_INTERVALS = 7 * 24 * 60 // INTERVAL_MINUTES  # 672 ("per 15 minute interval for this week of the forecast")


def week_of(moment: str, tz: str, start_day_of_week: str) -> date:
    """The business-unit week (its first date) an ISO-8601 instant falls in, in the unit's zone."""
    return week_start(parse_ts(moment).astimezone(ZoneInfo(tz)).date(), start_day_of_week)


def _week_schedule(spanning: list[dict], named: Counter) -> str | None:
    """The schedule a week's full-day markers are filed under (the search names none for them): the one the
    week's shifts name most, else the published schedule spanning the week that starts last."""
    if named:
        return named.most_common(1)[0][0]
    latest = max(spanning, key=lambda s: (s["weekDate"], s["id"]), default=None)
    return latest and latest["id"]


def published_rows(
    org: dict,
    bu: dict,
    mu_id: str,
    week: date,
    spanning: list[dict],
    agent_schedules: list[dict],
) -> tuple[list[dict], list[dict]]:
    """One management unit's published view of one business-unit ``week`` -> (activity rows, full-day time-off
    rows): the shifts that start in the week and the markers dated in it. Each activity keeps the schedule its
    shift names (``shift.schedule.id``); ``spanning``: the published schedules spanning the week."""
    tz, start_day = bu["settings"]["timeZone"], bu["settings"]["startDayOfWeek"]
    base = {**org, "business_unit_id": bu["id"], "management_unit_id": mu_id, "week_date": week.isoformat()}
    shifts = [
        (agent["user"]["id"], shift)
        for agent in agent_schedules
        for shift in agent.get("shifts") or []
        if week_of(shift["startDate"], tz, start_day) == week
    ]
    named = Counter(s["schedule"]["id"] for _, s in shifts if (s.get("schedule") or {}).get("id"))
    default = _week_schedule(spanning, named)
    activities = [
        {
            **base,
            "schedule_id": (shift.get("schedule") or {}).get("id") or default,
            "user_id": user_id,
            "shift_id": shift["id"],
            "shift_start_date": shift["startDate"],
            "shift_length_minutes": shift.get("lengthMinutes"),
            "manually_edited": bool(shift.get("manuallyEdited")),
            "start_date": a["startDate"],
            "length_minutes": a["lengthMinutes"],
            "activity_code_id": a.get("activityCodeId"),
            "description": a.get("description"),
            "paid": a.get("paid"),
            "payable_minutes": a.get("payableMinutes"),
            "time_off_request_id": a.get("timeOffRequestId"),
        }
        for user_id, shift in shifts
        for a in shift.get("activities") or []
    ]
    markers = [
        {
            **base,
            "schedule_id": default,
            "user_id": agent["user"]["id"],
            "business_unit_date": m["businessUnitDate"],
            "length_minutes": m.get("lengthMinutes"),
            "activity_code_id": m.get("activityCodeId"),
            "paid": m.get("paid"),
            "payable_minutes": m.get("payableMinutes"),
            "time_off_request_id": m.get("timeOffRequestId"),
        }
        for agent in agent_schedules
        for m in agent.get("fullDayTimeOffMarkers") or []
        if week_start(date.fromisoformat(m["businessUnitDate"]), start_day) == week
    ]
    return activities, markers


def grid_start(result: dict, week: date, number: int, tz: str):
    """Where week ``number``'s values start on the 15-minute UTC grid.

    ``referenceStartDate`` is the forecast's reference start (the first week's local midnight) or already
    this week's: which one a later week's answer carries is NOT CONFIRMED. Within a day of this week's local
    midnight it is this week's; otherwise the week continues the forecast's grid, (number - 1) * 672
    intervals on.
    """
    reference = parse_ts(result["referenceStartDate"])
    if abs(reference - local_midnight(week, tz)) < timedelta(days=1):
        return reference
    return reference + (number - 1) * WEEK_INTERVALS * STEP


def forecast_week_row(org: dict, bu: dict, forecast: dict, week: date, number: int) -> dict:
    """The columns every per-interval row of one forecast week carries (forecast intervals, staffing
    requirements): the org's, the unit, the forecast, the business-unit ``week`` it is filed under, its number."""
    return {
        **org,
        "business_unit_id": bu["id"],
        "forecast_id": forecast["id"],
        "week_date": week.isoformat(),
        "week_number": number,
    }


def forecast_interval_rows(org: dict, bu: dict, forecast: dict, week: date, number: int, result: dict) -> list[dict]:
    """Week ``number`` (1-based) of a forecast's ``/data`` -> one row per planning group and 15-minute interval,
    filed under ``week``; ``is_in_week``: the interval starts inside the week's local days (an 8th day, 768
    values instead of 672, lies past them: it is the next week's, which its own forecast covers)."""
    tz = bu["settings"]["timeZone"]
    start = grid_start(result, week, number, tz)
    first, end = local_midnight(week, tz), local_midnight(week + timedelta(days=7), tz)
    base = forecast_week_row(org, bu, forecast, week, number)
    rows = []
    for group in result.get("planningGroups") or []:
        offered = group.get("offeredPerInterval") or []
        aht = group.get("averageHandleTimeSecondsPerInterval") or []
        for i, value in enumerate(offered):
            moment = start + i * STEP
            rows.append(
                {
                    **base,
                    "planning_group_id": group["planningGroupId"],
                    "interval_index": i,
                    "interval_start": iso(moment),
                    "interval_minutes": INTERVAL_MINUTES,
                    "is_in_week": first <= moment < end,
                    "offered": value,
                    "average_handle_time_seconds": aht[i] if i < len(aht) else None,
                }
            )
    return rows
