"""Simulated actual activity and the adherence exceptions it causes.

Actual activity follows the schedule minute by minute with deterministic deviations: late logins,
overrun breaks and meetings, early returns from meals, early logouts, whose lengths come from a
long-tailed (log-normal) spread as real ones do, not from a fixed range. Two cases planners meet every
week are modelled too: a **no-show** (scheduled, never logged in: Genesys' adherence and conformance
for the day are undefined) and **work outside the shift** (on queue a few minutes before the shift
starts or after it ends). An exception is a maximal run of minutes whose actual category differs from
the scheduled one; on-queue work outside the shift is an exception scheduled ``Unscheduled`` (the
management unit's "working outside shift considered exception" option, assumed on). Only time before
``now`` exists.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..ids import rng
from .schedule import Shift

NO_SHOW_SHARE = 0.02  # of shifts with scheduled work: the agent never logs in
EARLY_LOGIN_SHARE = 0.1  # on queue before the shift starts
LATE_LOGOUT_SHARE = 0.08  # on queue after the shift ends
OUTSIDE_MAX_MINUTES = 25  # a bi-regional person's second block starts 30 minutes after the first ends


@dataclass(slots=True)
class Exception_:
    start: datetime
    end: datetime
    scheduled_category: str
    scheduled_code_id: str | None
    actual_category: str
    impact: str

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


def spread(r, median: float, low: int, high: int, sigma: float = 0.75) -> int:
    """Minutes from a log-normal spread around ``median``, clipped to [low, high]: most deviations are a
    few minutes, a few are long (the shape of real exception durations)."""
    return max(low, min(high, round(r.lognormvariate(math.log(median), sigma))))


def _plan(seed: int, shift: Shift) -> tuple[list[str], list[str], list[str], int, int]:
    """Per minute of the shift: scheduled category, scheduled code id, actual category; and the minutes
    worked on queue before the shift starts and after it ends (computed once per shift version)."""
    return _memo("plan", seed, shift, None, lambda: _make_plan(seed, shift))


def _make_plan(seed: int, shift: Shift) -> tuple[list[str], list[str], list[str], int, int]:
    scheduled, codes = [], []
    for activity in shift.activities:
        scheduled += [activity.category] * activity.minutes
        codes += [activity.code.id] * activity.minutes
    actual = list(scheduled)
    length = len(actual)
    r = rng(seed, shift.account.org_key, "actual", shift.id, shift.start.isoformat())

    def paint(start: int, minutes: int, category: str) -> None:
        for m in range(max(start, 0), min(start + minutes, length)):
            if scheduled[m] != "TimeOff":
                actual[m] = category

    if r.random() < NO_SHOW_SHARE:
        paint(0, length, "Unavailable")
        return scheduled, codes, actual, 0, 0
    if scheduled[0] == "OnQueueWork" and r.random() < 0.15:
        paint(0, spread(r, 6, 2, 60), "Unavailable")
    offset = 0
    for activity in shift.activities:
        end = offset + activity.minutes
        if activity.category in ("Break", "Meal") and r.random() < 0.25:
            paint(end, spread(r, 5, 2, 45), activity.category)
        if activity.category == "Meal" and r.random() < 0.08:
            paint(end - r.randrange(3, 9), 8, "OnQueueWork")
        if activity.category in ("Meeting", "Training") and r.random() < 0.2:
            paint(end, spread(r, 6, 2, 40), activity.category)
        offset = end
    if r.random() < 0.1:
        early = spread(r, 10, 3, 90)
        paint(length - early, early, "Unavailable")
    outside = rng(seed, shift.account.org_key, "outside", shift.id, shift.start.isoformat())
    before = after = 0
    if actual[0] == "OnQueueWork" and outside.random() < EARLY_LOGIN_SHARE:
        before = spread(outside, 6, 2, OUTSIDE_MAX_MINUTES)
    if actual[-1] == "OnQueueWork" and outside.random() < LATE_LOGOUT_SHARE:
        after = spread(outside, 6, 2, OUTSIDE_MAX_MINUTES)
    return scheduled, codes, actual, before, after


def minute_categories(seed: int, shift: Shift) -> tuple[list[str], list[str], list[str]]:
    """Per minute of the shift: scheduled category, scheduled code id, actual category."""
    return _plan(seed, shift)[:3]


def outside_minutes(seed: int, shift: Shift) -> tuple[int, int]:
    """Minutes on queue before the shift starts and after it ends (work outside the shift)."""
    return _plan(seed, shift)[3:]


def is_no_show(seed: int, shift: Shift) -> bool:
    """Scheduled work, never logged in (every non-time-off minute actually ``Unavailable``)."""
    scheduled, _, actual = minute_categories(seed, shift)
    worked = [a for s, a in zip(scheduled, actual, strict=True) if s != "TimeOff"]
    return bool(worked) and all(a == "Unavailable" for a in worked) and outside_minutes(seed, shift) == (0, 0)


def _impact(scheduled: str, actual: str) -> str:
    if scheduled == "OnQueueWork":
        return "Negative"
    if actual == "OnQueueWork":
        return "Positive"
    return "Neutral"


_ANALYZED: OrderedDict = OrderedDict()
_ANALYZED_LIMIT = 200_000


def _memo(kind: str, seed: int, shift: Shift, now: datetime | None, compute):
    """Historical adherence, presence and real-time adherence all read the same shifts: compute each
    shift's plan, exceptions and actual segments once (small results, bounded cache). Exceptions and
    segments read ``now`` only within the span the shift's work covers (the on-queue minutes before its
    start to those after its end), so the key is ``now`` clamped to that span: a shift whose work is over
    is computed once, whatever ``now`` each caller passes (presence: the simulated now; a historical
    query: its end)."""
    if now is not None:
        before, after = outside_minutes(seed, shift)
        now = min(max(now, shift.start - timedelta(minutes=before)), shift.end + timedelta(minutes=after))
    key = (kind, seed, shift.account.org_key, shift.id, shift.start, shift.minutes, now)
    found = _ANALYZED.get(key)
    if found is None:
        found = _ANALYZED[key] = compute()
        if len(_ANALYZED) > _ANALYZED_LIMIT:
            _ANALYZED.popitem(last=False)
    return found


def exceptions(seed: int, shift: Shift, now: datetime) -> list[Exception_]:
    """Adherence exceptions of one shift that ended before ``now`` (clipped at ``now``)."""
    return _memo("exceptions", seed, shift, now, lambda: _exceptions(seed, shift, now))


def _exceptions(seed: int, shift: Shift, now: datetime) -> list[Exception_]:
    scheduled, codes, actual = minute_categories(seed, shift)
    found = [
        Exception_(begin, min(end, now), "Unscheduled", None, "OnQueueWork", "Positive")
        for begin, end in _outside(seed, shift)
        if begin < now
    ]
    start = shift.start
    limit = min(len(actual), max(0, int((now - start).total_seconds() // 60)))
    m = 0
    while m < limit:
        if actual[m] == scheduled[m]:
            m += 1
            continue
        begin = m
        while (
            m < limit and actual[m] == actual[begin] and scheduled[m] == scheduled[begin] and codes[m] == codes[begin]
        ):
            m += 1
        found.append(
            Exception_(
                start + timedelta(minutes=begin),
                start + timedelta(minutes=m),
                scheduled[begin],
                codes[begin],
                actual[begin],
                _impact(scheduled[begin], actual[begin]),
            )
        )
    return sorted(found, key=lambda e: e.start)


def _outside(seed: int, shift: Shift) -> list[tuple[datetime, datetime]]:
    """The spans of on-queue work outside the shift: before its start, after its end."""
    before, after = outside_minutes(seed, shift)
    spans = []
    if before:
        spans.append((shift.start - timedelta(minutes=before), shift.start))
    if after:
        spans.append((shift.end, shift.end + timedelta(minutes=after)))
    return spans


def actual_segments(seed: int, shift: Shift, now: datetime) -> list[tuple[datetime, datetime, str]]:
    """Runs of actual activity (logged-in time only: ``Unavailable`` means logged out)."""
    return _memo("segments", seed, shift, now, lambda: _actual_segments(seed, shift, now))


def _actual_segments(seed: int, shift: Shift, now: datetime) -> list[tuple[datetime, datetime, str]]:
    _, _, actual = minute_categories(seed, shift)
    limit = min(len(actual), max(0, int((now - shift.start).total_seconds() // 60)))
    outside = [(begin, min(end, now), "OnQueueWork") for begin, end in _outside(seed, shift) if begin < now]
    segments, m = [s for s in outside if s[0] < shift.start], 0
    while m < limit:
        begin = m
        while m < limit and actual[m] == actual[begin]:
            m += 1
        if actual[begin] not in ("Unavailable", "TimeOff"):
            segments.append((shift.start + timedelta(minutes=begin), shift.start + timedelta(minutes=m), actual[begin]))
    return segments + [s for s in outside if s[0] >= shift.end]
