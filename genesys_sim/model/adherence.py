"""Simulated actual activity and the adherence exceptions it causes.

Actual activity follows the schedule minute by minute with deterministic deviations: late logins,
overrun breaks and meetings, early returns from meals, early logouts. An exception is a maximal run
of minutes whose actual category differs from the scheduled one; only time before ``now`` exists.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..ids import rng
from .schedule import Shift


@dataclass(slots=True)
class Exception_:
    start: datetime
    end: datetime
    scheduled_category: str
    scheduled_code_id: str
    actual_category: str
    impact: str

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


def minute_categories(seed: int, shift: Shift) -> tuple[list[str], list[str], list[str]]:
    """Per minute of the shift: scheduled category, scheduled code id, actual category."""
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

    if scheduled[0] == "OnQueueWork" and r.random() < 0.15:
        paint(0, r.randrange(2, 21), "Unavailable")
    offset = 0
    for activity in shift.activities:
        end = offset + activity.minutes
        if activity.category in ("Break", "Meal") and r.random() < 0.25:
            paint(end, r.randrange(3, 16), activity.category)
        if activity.category == "Meal" and r.random() < 0.08:
            paint(end - r.randrange(3, 9), 8, "OnQueueWork")
        if activity.category in ("Meeting", "Training") and r.random() < 0.2:
            paint(end, r.randrange(5, 11), activity.category)
        offset = end
    if r.random() < 0.1:
        early = r.randrange(5, 26)
        paint(length - early, early, "Unavailable")
    return scheduled, codes, actual


def _impact(scheduled: str, actual: str) -> str:
    if scheduled == "OnQueueWork":
        return "Negative"
    if actual == "OnQueueWork":
        return "Positive"
    return "Neutral"


_ANALYZED: OrderedDict = OrderedDict()
_ANALYZED_LIMIT = 200_000


def _memo(kind: str, seed: int, shift: Shift, now: datetime, compute):
    """Historical adherence, presence and real-time adherence all read the same shifts: compute each
    shift's exceptions and actual segments once per elapsed part (small results, bounded cache). Both read
    ``now`` only as the minutes of the shift it has reached, so that is the key: a shift that ended is
    computed once, whatever ``now`` each caller passes (presence: the simulated now; a historical query:
    its end)."""
    elapsed = min(shift.minutes, max(0, int((now - shift.start).total_seconds() // 60)))
    key = (kind, seed, shift.account.org_key, shift.id, shift.start, shift.minutes, elapsed)
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
    found = []
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
    return found


def actual_segments(seed: int, shift: Shift, now: datetime) -> list[tuple[datetime, datetime, str]]:
    """Runs of actual activity (logged-in time only: ``Unavailable`` means logged out)."""
    return _memo("segments", seed, shift, now, lambda: _actual_segments(seed, shift, now))


def _actual_segments(seed: int, shift: Shift, now: datetime) -> list[tuple[datetime, datetime, str]]:
    _, _, actual = minute_categories(seed, shift)
    limit = min(len(actual), max(0, int((now - shift.start).total_seconds() // 60)))
    segments, m = [], 0
    while m < limit:
        begin = m
        while m < limit and actual[m] == actual[begin]:
            m += 1
        if actual[begin] not in ("Unavailable", "TimeOff"):
            segments.append((shift.start + timedelta(minutes=begin), shift.start + timedelta(minutes=m), actual[begin]))
    return segments


def category_at(seed: int, shift: Shift, moment: datetime) -> tuple[str, str, str] | None:
    """(scheduled category, scheduled code id, actual category) at a moment inside the shift."""
    offset = int((moment - shift.start).total_seconds() // 60)
    if offset < 0 or offset >= shift.minutes:
        return None
    scheduled, codes, actual = minute_categories(seed, shift)
    return scheduled[offset], codes[offset], actual[offset]
