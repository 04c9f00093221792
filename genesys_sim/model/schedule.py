"""Published schedules: one shift per working day, laid out in the business unit's local time.

Shifts carry breaks, a meal, meetings, training and partial-day time off; approved full-day time off
becomes a full-day marker. A bi-regional person's second account gets a two-hour block in the other
org after their home shift (never overlapping it). Intraday changes after publication (adds, moves,
deletions) come from ``Mutation`` records the runtime appends when a week is republished.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..ids import UTC, guid, rng
from .world import Account, ActivityCode, BusinessUnit

FULL_SHIFT = 510
PART_SHIFT = 300
SECONDARY_BLOCK = 120


@dataclass(slots=True)
class Activity:
    start: datetime
    minutes: int
    code: ActivityCode
    time_off_request_id: str | None = None

    @property
    def category(self) -> str:
        return self.code.spec.category

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass(slots=True)
class Shift:
    id: str
    account: Account
    bu_date: date
    activities: list[Activity]
    manually_edited: bool = False

    @property
    def start(self) -> datetime:
        return self.activities[0].start

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)

    @property
    def end(self) -> datetime:
        return self.activities[-1].end


@dataclass(slots=True)
class FullDayMarker:
    account: Account
    bu_date: date
    request_id: str
    code: ActivityCode
    minutes: int


@dataclass(frozen=True)
class Mutation:
    """One intraday change to a published schedule, applied when the week is republished."""

    kind: str  # "delete" | "move" | "add"
    org_key: str
    user_id: str
    bu_date: date
    revision: int
    at: datetime
    extra: dict = field(default_factory=dict, hash=False, compare=False)


def _is_back_office(bu: BusinessUnit) -> bool:
    return bu.spec.planning_groups[0].backlog


def off_days(account: Account) -> set[int]:
    if _is_back_office(account.bu):
        return {5, 6}
    first = random.Random(account.pattern_seed).randrange(7)
    return {first, (first + 1) % 7}


def _lay_out(
    start: datetime, length: int, overlays: list[tuple[int, int, ActivityCode, str | None]], on_queue: ActivityCode
) -> list[Activity]:
    """Contiguous activities: overlays at their offsets, On Queue Work in every gap."""
    activities, cursor = [], 0
    for offset, minutes, code, tor in sorted(overlays, key=lambda o: o[0]):
        if offset > cursor:
            activities.append(Activity(start + timedelta(minutes=cursor), offset - cursor, on_queue))
        activities.append(Activity(start + timedelta(minutes=offset), minutes, code, tor))
        cursor = offset + minutes
    if cursor < length:
        activities.append(Activity(start + timedelta(minutes=cursor), length - cursor, on_queue))
    return activities


def home_shift(seed: int, account: Account, day: date, timeoff) -> Shift | FullDayMarker | None:
    """The published shift (or full-day time off) of a home account on a business-unit date."""
    if not account.employed_on(day):
        return None
    bu = account.bu
    full = timeoff.approved_full.get((account.user_id, day))
    if full is not None:
        payable = full.code.spec.paid
        return FullDayMarker(account, day, full.id, full.code, 480 if payable else 0)
    if day.weekday() in off_days(account):
        return None
    pattern = random.Random(account.pattern_seed)
    pattern.random()
    part_time = pattern.random() < 0.2
    length = PART_SHIFT if part_time else FULL_SHIFT
    span = (bu.spec.close_hour - bu.spec.open_hour) * 60 - length
    base = bu.spec.open_hour * 60 + pattern.randrange(max(span, 30) // 30) * 30
    r = rng(seed, account.org_key, "day", account.user_id, day)
    start_minute = max(bu.spec.open_hour * 60, base + r.choice((-30, 0, 0, 0, 30)))
    start = datetime.combine(day, time(0), ZoneInfo(bu.tz)) + timedelta(minutes=start_minute)
    start = start.astimezone(UTC)

    def code(name: str, category: str) -> ActivityCode:
        return bu.code_by_name(name) or bu.default_code(category)

    overlays = []
    if part_time:
        overlays.append((150, 15, bu.default_code("Break"), None))
        if r.random() < 0.1:
            meeting = code("Team Meeting", "Meeting")
            overlays.append((60, meeting.spec.length_minutes, meeting, None))
    else:
        overlays += [
            (120, 15, bu.default_code("Break"), None),
            (240, 30, bu.default_code("Meal"), None),
            (390, 15, bu.default_code("Break"), None),
        ]
        if r.random() < 0.05:
            overlays.append((60, 60, code("Product Training", "Training"), None))
        if r.random() < 0.08:
            overlays.append((180, 30, code("Coaching", "Training"), None))
        if r.random() < 0.15:
            meeting = code("Team Meeting", "Meeting")
            overlays.append((300, min(meeting.spec.length_minutes, 60), meeting, None))
        backlog = bu.code_by_name("Email Backlog")
        if backlog is not None and r.random() < 0.15:
            overlays.append((420, 60, backlog, None))
    partial = timeoff.approved_partial.get((account.user_id, day))
    if partial is not None:
        cut = length - 120
        overlays = [o for o in overlays if o[0] + o[1] <= cut]
        overlays.append((cut, 120, partial.code, partial.id))
    on_queue = bu.default_code("OnQueueWork")
    return Shift(
        guid(seed, account.org_key, "shift", account.user_id, day),
        account,
        day,
        _lay_out(start, length, overlays, on_queue),
    )


def secondary_block(seed: int, account: Account, home_day: date, home_timeoff) -> Shift | None:
    """A bi-regional person's two hours in their second org, 30 minutes after the home shift ends."""
    home = home_shift(seed, account.home, home_day, home_timeoff)
    if not isinstance(home, Shift) or rng(seed, "bi", account.person_id, home_day).random() >= 0.4:
        return None
    start = home.end + timedelta(minutes=30)
    bu_day = start.astimezone(ZoneInfo(account.bu.tz)).date()
    on_queue = account.bu.default_code("OnQueueWork")
    return Shift(
        guid(seed, account.org_key, "shift", account.user_id, home_day),
        account,
        bu_day,
        [Activity(start, SECONDARY_BLOCK, on_queue)],
    )


def superseded(seed: int, item, schedule_id: str):
    """An older schedule's own version of a shift or marker the published view shows from a later schedule:
    the shift 30 minutes earlier under another id (markers unchanged). See ``publication``."""
    if not isinstance(item, Shift):
        return item
    earlier = [
        Activity(a.start - timedelta(minutes=30), a.minutes, a.code, a.time_off_request_id) for a in item.activities
    ]
    return Shift(guid(seed, "superseded", schedule_id, item.id), item.account, item.bu_date, earlier)


def apply_mutations(seed: int, account: Account, day: date, planned, mutations: list[Mutation]):
    """The day's plan after every intraday change made to it (in revision order)."""
    for m in mutations:
        if m.kind == "delete" and isinstance(planned, Shift):
            planned = None
        elif m.kind == "move" and isinstance(planned, Shift):
            moved = [
                Activity(a.start + timedelta(minutes=60), a.minutes, a.code, a.time_off_request_id)
                for a in planned.activities
            ]
            planned = Shift(planned.id, account, day, moved, manually_edited=True)
        elif m.kind == "add" and planned is None:
            bu = account.bu
            start = datetime.combine(day, time(bu.spec.open_hour + 2), ZoneInfo(bu.tz)).astimezone(UTC)
            planned = Shift(
                guid(seed, account.org_key, "added-shift", account.user_id, day, m.revision),
                account,
                day,
                [Activity(start, 240, bu.default_code("OnQueueWork"))],
                manually_edited=True,
            )
    return planned
