"""Contact volume: what was expected, what was forecast, and what actually arrived.

Everything is on the 15-minute UTC grid that short-term forecasts use, so forecast and actual line
up per planning group (each planning group routes to exactly one queue and media type). The
expected volume has daily and weekly seasonality in the business unit's local time; the forecast is
the expectation times a per-day bias; the actual is a Poisson draw around the expectation times a
per-day factor, so forecast accuracy is realistic rather than perfect.

Each arriving contact is answered (after a wait drawn around the interval's speed of answer, over the
queue's service-level threshold or not), abandoned (a share of them within the short-abandon threshold)
or flows out; voice queues also carry outbound contacts their agents place. A business unit whose
``close_hour`` is past 24 works through the night (hours after midnight belong to the evening before).
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..ids import UTC, rng
from ..scenarios import BusinessUnitSpec, PlanningGroupSpec
from .catalog import SERVICE_GOALS, SHORT_ABANDON_SECONDS

INTERVAL = timedelta(minutes=15)
WEEKDAY_FACTOR = (1.15, 1.05, 1.0, 0.98, 0.95, 0.45, 0.3)
BACKLOG_WEEKDAY_FACTOR = (1.2, 1.0, 1.0, 1.0, 0.9, 0.0, 0.0)
ABANDON_RATE = {"Voice": 0.06, "Chat": 0.03, "Callback": 0.02, "Message": 0.02, "Email": 0.0, "Workitem": 0.0}
FLOW_OUT_RATE = {"Voice": 0.015, "Chat": 0.01}
SHORT_ABANDON_SHARE = 0.3  # of abandons: gone within SHORT_ABANDON_SECONDS
# the interval's mean speed of answer, seconds (uniform between the bounds, per planning group and day)
SPEED_OF_ANSWER = {
    "Voice": (8, 30),
    "Chat": (10, 60),
    "Callback": (60, 1800),
    "Message": (60, 1800),
    "Email": (1800, 4 * 3600),
    "Workitem": (3600, 6 * 3600),
}
OUTBOUND_SHARE = {"Voice": 0.08}  # outbound contacts placed on the queue, per inbound contact expected


class IntervalActual(NamedTuple):
    """What happened on one planning group's queue in one 15-minute interval (contacts arriving in it)."""

    offered: int  # inbound contacts: answered + abandoned + flow_out
    abandoned: int  # short abandons included (tAbandon counts them)
    handled: int  # answered inbound contacts
    handle_ms: int
    talk_ms: int
    held_count: int
    held_ms: int
    acw_ms: int
    answer_ms: int  # sum of the answered contacts' waits
    abandon_ms: int
    short_abandoned: int = 0
    short_abandon_ms: int = 0
    flow_out: int = 0
    flow_out_ms: int = 0
    over_sla: int = 0  # answered after the queue's service-level threshold
    wait_ms: int = 0  # every offered contact's time in queue (tWait)
    outbound: int = 0  # outbound contacts handled on the queue
    outbound_handle_ms: int = 0


ZERO = IntervalActual(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


@lru_cache(maxsize=256)
def intraday_shares(pg: PlanningGroupSpec, bu: BusinessUnitSpec) -> tuple[float, ...]:
    """Share of a day's volume in each local 15-minute slot (96 slots, summing to 1)."""
    weights = []
    for slot in range(96):
        hour = slot / 4 + 0.125
        if bu.close_hour > 24 and hour < bu.close_hour - 24:
            hour += 24  # after midnight: the evening's opening hours go on
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
) -> tuple[IntervalActual, ...]:
    """The 96 UTC intervals of one day (``IntervalActual``); all zero where nothing arrived."""
    r = rng(seed, org_key, pg_id, "actual", utc_day)
    day_start = datetime.combine(utc_day, time(0), UTC)
    aht_factor = rng(seed, org_key, pg_id, "aht", utc_day).gauss(1.03, 0.05)
    goal = SERVICE_GOALS[pg.media_type][1] * 1000
    low, high = SPEED_OF_ANSWER[pg.media_type]
    rows = []
    for i in range(96):
        start = day_start + i * INTERVAL
        local_day = start.astimezone(ZoneInfo(bu.time_zone)).date()
        lam = expected(pg, bu, start) * _day_factor(seed, org_key, pg_id, "actual-factor", local_day, 0.1)
        offered = _poisson(r, lam)
        if not offered:
            rows.append(ZERO)
            continue
        rows.append(_contacts(r, pg, offered, aht_factor, goal, r.uniform(low, high) * 1000))
    return tuple(_with_outbound(seed, org_key, pg_id, pg, bu, utc_day, rows))


def _contacts(r, pg: PlanningGroupSpec, offered: int, aht_factor: float, goal_ms: float, asa_ms: float):
    """One interval's ``offered`` contacts, each answered, abandoned or flowing out."""
    abandon_rate, flow_rate = ABANDON_RATE.get(pg.media_type, 0.0), FLOW_OUT_RATE.get(pg.media_type, 0.0)
    abandoned = short = flow_out = over = 0
    abandon_ms = short_ms = flow_ms = answer_ms = 0
    for _ in range(offered):
        fate = r.random()
        if fate < abandon_rate:
            abandoned += 1
            if r.random() < SHORT_ABANDON_SHARE:
                waited = round(r.uniform(1, SHORT_ABANDON_SECONDS) * 1000)
                short, short_ms = short + 1, short_ms + waited
            else:
                waited = round(r.uniform(SHORT_ABANDON_SECONDS + 5, 120) * 1000)
            abandon_ms += waited
        elif fate < abandon_rate + flow_rate:
            flow_out, flow_ms = flow_out + 1, flow_ms + round(r.uniform(30, 90) * 1000)
        else:
            waited = round(r.expovariate(1 / asa_ms))
            answer_ms += waited
            over += waited > goal_ms
    handled = offered - abandoned - flow_out
    aht = pg.aht_seconds * aht_factor * max(0.5, r.gauss(1.0, 0.08))
    handle_ms = round(handled * aht * 1000)
    talk_ms = round(handle_ms * 0.72)
    held_ms = round(handle_ms * 0.06)
    return IntervalActual(
        offered,
        abandoned,
        handled,
        handle_ms,
        talk_ms,
        round(handled * 0.15),
        held_ms,
        handle_ms - talk_ms - held_ms,
        answer_ms,
        abandon_ms,
        short,
        short_ms,
        flow_out,
        flow_ms,
        over,
        answer_ms + abandon_ms + flow_ms,
    )


def _with_outbound(seed, org_key, pg_id, pg, bu, utc_day, rows):
    """Outbound contacts (voice queues) from their own random stream: inbound figures do not depend on them."""
    share = OUTBOUND_SHARE.get(pg.media_type)
    if not share:
        return rows
    r = rng(seed, org_key, pg_id, "outbound", utc_day)
    day_start = datetime.combine(utc_day, time(0), UTC)
    out = []
    for i, row in enumerate(rows):
        placed = _poisson(r, expected(pg, bu, day_start + i * INTERVAL) * share)
        if placed:
            row = row._replace(outbound=placed, outbound_handle_ms=round(placed * pg.aht_seconds * 0.8 * 1000))
        out.append(row)
    return out


def routing_shares(seed: int, org_key: str, user_id: str, day: date) -> dict[str, float]:
    """Shares of an agent's on-queue time per routing status on one day (they sum to 1): interacting,
    communicating (a non-ACD interaction while on queue), not responding (an alert let ring), idle."""
    interacting = occupancy_target(seed, org_key, user_id, day)
    communicating = rng(seed, org_key, user_id, "communicating", day).uniform(0.01, 0.06)
    not_responding = 0.005
    return {
        "INTERACTING": interacting,
        "COMMUNICATING": communicating,
        "NOT_RESPONDING": not_responding,
        "IDLE": 1 - interacting - communicating - not_responding,
    }


def occupancy_target(seed: int, org_key: str, user_id: str, day: date) -> float:
    """The share of an agent's on-queue time spent interacting on one day."""
    return rng(seed, org_key, user_id, "occupancy", day).uniform(0.62, 0.9)
