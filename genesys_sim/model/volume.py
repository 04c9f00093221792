"""Contact volume: what was expected, what was forecast, and what actually arrived.

Everything is on the 15-minute UTC grid that short-term forecasts use, so forecast and actual line
up per planning group (each planning group routes to exactly one queue and media type). The
expected volume has daily and weekly seasonality in the business unit's local time; the forecast is
the expectation times a per-day bias; the actual is a Poisson draw around the expectation times a
per-day factor, so forecast accuracy is realistic rather than perfect.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..ids import UTC, rng
from ..scenarios import BusinessUnitSpec, PlanningGroupSpec

INTERVAL = timedelta(minutes=15)
WEEKDAY_FACTOR = (1.15, 1.05, 1.0, 0.98, 0.95, 0.45, 0.3)
BACKLOG_WEEKDAY_FACTOR = (1.2, 1.0, 1.0, 1.0, 0.9, 0.0, 0.0)
ABANDON_RATE = {"Voice": 0.06, "Chat": 0.03, "Callback": 0.02, "Message": 0.02, "Email": 0.0, "Workitem": 0.0}


@lru_cache(maxsize=256)
def intraday_shares(pg: PlanningGroupSpec, bu: BusinessUnitSpec) -> tuple[float, ...]:
    """Share of a day's volume in each local 15-minute slot (96 slots, summing to 1)."""
    weights = []
    for slot in range(96):
        hour = slot / 4 + 0.125
        if not bu.open_hour <= hour < bu.close_hour:
            weights.append(0.0)
        elif pg.backlog:
            weights.append(6.0 if hour < bu.open_hour + 1 else 0.35)
        elif pg.media_type == "Voice":
            weights.append(
                math.exp(-(((hour - 10.5) / 1.8) ** 2)) + 0.85 * math.exp(-(((hour - 14.5) / 2.0) ** 2)) + 0.08
            )
        elif pg.media_type == "Chat":
            weights.append(0.6 + 0.4 * math.exp(-(((hour - 13) / 3.0) ** 2)))
        else:
            weights.append(1.0)
    total = sum(weights)
    return tuple(w / total for w in weights)


def _weekday_factor(pg: PlanningGroupSpec, day: date) -> float:
    table = BACKLOG_WEEKDAY_FACTOR if pg.backlog or pg.media_type == "Email" else WEEKDAY_FACTOR
    return table[day.weekday()]


def expected(pg: PlanningGroupSpec, bu: BusinessUnitSpec, start: datetime) -> float:
    local = start.astimezone(ZoneInfo(bu.time_zone))
    slot = local.hour * 4 + local.minute // 15
    return pg.daily_offered * _weekday_factor(pg, local.date()) * intraday_shares(pg, bu)[slot]


def _day_factor(seed: int, org_key: str, pg_id: str, kind: str, day: date, sigma: float, mean: float = 1.0) -> float:
    return max(0.5, rng(seed, org_key, pg_id, kind, day).gauss(mean, sigma))


def forecast_interval(
    seed: int, org_key: str, pg_id: str, pg: PlanningGroupSpec, bu: BusinessUnitSpec, start: datetime
) -> tuple[float, float]:
    """(offered, average handle time in seconds) forecast for one 15-minute interval."""
    local_day = start.astimezone(ZoneInfo(bu.time_zone)).date()
    offered = expected(pg, bu, start) * _day_factor(seed, org_key, pg_id, "forecast-bias", local_day, 0.07)
    slot = (start.hour * 4 + start.minute // 15) / 96
    aht = pg.aht_seconds * (1 + 0.04 * math.sin(2 * math.pi * slot))
    return round(offered, 3), round(aht, 1)


def forecast_week(
    seed: int,
    org_key: str,
    pg_id: str,
    pg: PlanningGroupSpec,
    bu: BusinessUnitSpec,
    reference_start: datetime,
    weeks: int = 1,
) -> tuple[list[float], list[float]]:
    offered, aht = [], []
    for i in range(672 * weeks):
        o, a = forecast_interval(seed, org_key, pg_id, pg, bu, reference_start + i * INTERVAL)
        offered.append(o)
        aht.append(a)
    return offered, aht


def week_reference_start(week: date, tz: str) -> datetime:
    return datetime.combine(week, time(0), ZoneInfo(tz)).astimezone(UTC)


def _poisson(r, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam < 30:
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= r.random()
            if p <= limit:
                return k
            k += 1
    return max(0, round(r.gauss(lam, math.sqrt(lam))))


@lru_cache(maxsize=4096)
def actual_day(
    seed: int, org_key: str, pg_id: str, pg: PlanningGroupSpec, bu: BusinessUnitSpec, utc_day: date
) -> tuple[tuple, ...]:
    """The 96 UTC intervals of one day: (offered, abandoned, handled, handle_ms, talk_ms, held_count,
    held_ms, acw_ms, answer_ms, abandon_ms); all zero where nothing arrived."""
    r = rng(seed, org_key, pg_id, "actual", utc_day)
    tz = ZoneInfo(bu.time_zone)
    day_start = datetime.combine(utc_day, time(0), UTC)
    aht_factor = rng(seed, org_key, pg_id, "aht", utc_day).gauss(1.03, 0.05)
    rows = []
    for i in range(96):
        start = day_start + i * INTERVAL
        local_day = start.astimezone(tz).date()
        lam = expected(pg, bu, start) * _day_factor(seed, org_key, pg_id, "actual-factor", local_day, 0.1)
        offered = _poisson(r, lam)
        rate = ABANDON_RATE.get(pg.media_type, 0.0)
        abandoned = sum(1 for _ in range(offered) if r.random() < rate) if rate else 0
        handled = offered - abandoned
        aht = pg.aht_seconds * aht_factor * max(0.5, r.gauss(1.0, 0.08))
        handle_ms = round(handled * aht * 1000)
        talk_ms = round(handle_ms * 0.72)
        held_count = round(handled * 0.15)
        held_ms = round(handle_ms * 0.06)
        rows.append(
            (
                offered,
                abandoned,
                handled,
                handle_ms,
                talk_ms,
                held_count,
                held_ms,
                handle_ms - talk_ms - held_ms,
                round(handled * r.uniform(8, 30) * 1000),
                abandoned * 45000,
            )
        )
    return tuple(rows)


def occupancy_target(seed: int, org_key: str, user_id: str, day: date) -> float:
    """The share of an agent's on-queue time spent interacting on one day."""
    return rng(seed, org_key, user_id, "occupancy", day).uniform(0.62, 0.9)
