"""Intraday monitoring data: a business-unit day's forecast, scheduled on-queue time and predicted performance.

SDK v269 ``BuIntradayResponse``: per requested planning groups, one grouping per media type with per-interval
forecast (``offered``, ``averageHandleTimeSeconds``), schedule (``onQueueTimeSeconds``) and performance
prediction (``serviceLevelPercent``, ``averageSpeedOfAnswerSeconds``, ``occupancyPercent``) data. There are no
actuals in this API (they come from analytics).

The forecast is the short-term forecast's own per-interval values (``volume.forecast_interval``). Scheduled
on-queue time is the business unit's agents' On Queue activities inside each interval, shared equally among
the unit's planning groups (how Genesys attributes an agent's time to planning groups is not documented: a
simulator choice). The performance prediction is a simple function of workload (offered x AHT) against that
time, not Genesys' model (undocumented): occupancy = workload / on-queue time; service level falls and the
speed of answer rises as occupancy passes 70%.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..ids import UTC
from . import volume
from .schedule import Shift

CATEGORIES = ("ForecastData", "ScheduleData", "PerformancePredictionData")


def day_bounds(bu, day: date) -> tuple[datetime, datetime]:
    """Local midnight to the next, in UTC (23 or 25 hours across a DST change)."""
    tz = ZoneInfo(bu.tz)
    return (
        datetime.combine(day, time(0), tz).astimezone(UTC),
        datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC),
    )


def on_queue_seconds(model, org_key: str, bu, start: datetime, end: datetime, minutes: int) -> list[int]:
    """Scheduled On Queue seconds of the business unit's agents per interval of [start, end)."""
    count = int((end - start).total_seconds() // (minutes * 60))
    seconds = [0] * count
    for mu in bu.management_units:
        for account in mu.accounts:
            for shift in model.shifts_between(account, start, end):
                if not isinstance(shift, Shift):
                    continue
                for a in shift.activities:
                    if a.category != "OnQueueWork":
                        continue
                    lo, hi = max(a.start, start), min(a.end, end)
                    while lo < hi:
                        i = int((lo - start).total_seconds() // (minutes * 60))
                        stop = min(hi, start + timedelta(minutes=minutes * (i + 1)))
                        seconds[i] += int((stop - lo).total_seconds())
                        lo = stop
    return seconds


def prediction(offered: float, aht: float, on_queue: float) -> dict:
    occupancy = min(100.0, 100.0 * offered * aht / on_queue) if on_queue else 0.0
    return {
        "serviceLevelPercent": round(max(0.0, min(100.0, 100.0 - max(0.0, occupancy - 70.0) * 2.5)), 1),
        "averageSpeedOfAnswerSeconds": round(5.0 + max(0.0, occupancy - 60.0) * 1.5, 1),
        "occupancyPercent": round(occupancy, 1),
    }


def intervals(model, org_key: str, bu, groups: list, day: date, minutes: int) -> dict[str, list[dict]]:
    """Per media type of ``groups``: one dict per interval with every category's values."""
    start, end = day_bounds(bu, day)
    memo = model.__dict__.setdefault("_intraday_on_queue", {})  # every planning group of a day shares it
    key = (org_key, bu.id, day, minutes, len(model.mutations[org_key]))
    if key not in memo:
        memo[key] = on_queue_seconds(model, org_key, bu, start, end, minutes)
    share = memo[key]
    parts = max(1, len(bu.planning_groups))
    out: dict[str, list[dict]] = {}
    for pg in groups:
        rows = out.setdefault(pg.spec.media_type, [])
        for i, seconds in enumerate(share):
            offered, weighted = 0.0, 0.0
            for k in range(minutes // 15):
                o, aht = volume.forecast_interval(
                    model.seed, org_key, pg.id, pg.spec, bu.spec, start + timedelta(minutes=minutes * i + 15 * k)
                )
                offered, weighted = offered + o, weighted + o * aht
            if len(rows) <= i:
                rows.append({"offered": 0.0, "handle": 0.0, "onQueueTimeSeconds": 0})
            rows[i]["offered"] += offered
            rows[i]["handle"] += weighted
            rows[i]["onQueueTimeSeconds"] += seconds // parts
    return out
