"""Time-off requests: every status, with submitted, reviewed and modified dates.

Approved full-day requests become full-day markers in the schedule; approved partial-day ones become
a TimeOff activity at the end of the shift (see ``schedule``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..ids import guid, rng
from .world import Account, ActivityCode, Org, World

PARTIAL_MINUTES = 120
FULL_DAY_MINUTES = 480


@dataclass
class TimeOffRequest:
    id: str
    account: Account
    code: ActivityCode
    status: str
    substatus: str | None
    full_day: bool
    dates: list[date]  # management-unit (= business-unit) local dates
    partial_start_local: datetime | None
    submitted: datetime
    reviewed: datetime | None
    modified: datetime
    notes: str

    @property
    def daily_minutes(self) -> int:
        return FULL_DAY_MINUTES if self.full_day else PARTIAL_MINUTES


def _status(r, start: date, anchor: date) -> str:
    roll = r.random()
    if start < anchor:
        return "APPROVED" if roll < 0.72 else "DENIED" if roll < 0.84 else "CANCELED" if roll < 0.95 else "PENDING"
    return "PENDING" if roll < 0.35 else "APPROVED" if roll < 0.8 else "DENIED" if roll < 0.92 else "CANCELED"


def build_time_off(world: World, org: Org) -> list[TimeOffRequest]:
    sc = world.scenario
    now = world.initial_now
    first = world.window_start - timedelta(days=14)
    span = (world.window_end - first).days + 28
    requests = []
    for account in org.accounts:
        if account.home is not None:
            continue  # a bi-regional person requests time off in their home org only
        tz = ZoneInfo(account.bu.tz)
        r = rng(world.seed, org.key, "timeoff", account.user_id)
        count = int(sc.time_off_per_agent * 2 * r.random() + 0.5)
        for k in range(count):
            start = first + timedelta(days=r.randrange(span))
            full_day = r.random() < 0.75
            days = r.choice((1, 1, 2, 3, 5)) if full_day else 1
            dates = [start + timedelta(days=i) for i in range(days)]
            status = _status(r, start, world.anchor)
            sick = r.random() < 0.2 and start <= world.anchor
            lead = timedelta(days=0 if sick else r.randrange(4, 40), hours=r.randrange(7, 18))
            submitted = (
                datetime.combine(start, time(0), tz) - lead if not sick else datetime.combine(start, time(6, 30), tz)
            )
            if submitted > now:
                continue  # not submitted yet at the simulated now
            if not account.employed_on(submitted.astimezone(tz).date()):
                continue  # a leaver keeps the requests made while employed and makes no new ones (nor a joiner early)
            reviewed = None
            if status in ("APPROVED", "DENIED"):
                reviewed = submitted + timedelta(hours=r.randrange(2, 72))
                if reviewed > now:
                    status, reviewed = "PENDING", None
            modified = reviewed or submitted
            if status == "CANCELED":
                modified = submitted + timedelta(hours=r.randrange(5, 100))
                if modified > now:
                    status, modified = "PENDING", submitted
            name = (
                "Sick Leave"
                if sick
                else account.bu.spec.name.startswith("APAC") and r.random() < 0.15 and "Public Holiday" or "Vacation"
            )
            code = (
                account.bu.code_by_name(name)
                or account.bu.code_by_name("Vacation")
                or account.bu.default_code("TimeOff")
            )
            partial = None
            if not full_day:
                partial = datetime.combine(start, time(13, 0), tz)
            substatus = {
                "APPROVED": "ManualApproval" if r.random() < 0.7 else "AutoApproved",
                "PENDING": "ManualApproval",
                "DENIED": "InsufficientBalance",
                "CANCELED": None,
            }[status]
            requests.append(
                TimeOffRequest(
                    guid(world.seed, org.key, "tor", account.user_id, k),
                    account,
                    code,
                    status,
                    substatus,
                    full_day,
                    dates,
                    partial,
                    submitted,
                    reviewed,
                    modified,
                    "Sick" if sick else "Planned leave",
                )
            )
    return requests


class TimeOffBook:
    """An org's requests with look-ups for the schedule generator."""

    def __init__(self, world: World, org: Org):
        self.requests = build_time_off(world, org)
        self.approved_full: dict[tuple[str, date], TimeOffRequest] = {}
        self.approved_partial: dict[tuple[str, date], TimeOffRequest] = {}
        for req in self.requests:
            if req.status != "APPROVED":
                continue
            target = self.approved_full if req.full_day else self.approved_partial
            for day in req.dates:
                target.setdefault((req.account.user_id, day), req)

    def for_management_unit(self, mu_id: str) -> list[TimeOffRequest]:
        return [r for r in self.requests if r.account.mu.id == mu_id]
