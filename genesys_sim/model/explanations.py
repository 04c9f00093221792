"""Adherence explanations: agents explaining a late start, and their supervisors' reviews.

Genesys' ``AdherenceExplanationResponse.type`` knows only ``Late`` (SDK v269), so an explanation here
explains one late-login exception: a shift whose first minutes were scheduled On Queue while the agent
was still logged out (``adherence.minute_categories`` paints those). About 60% of late starts are
explained, an hour or a few after the shift began; a supervisor of the agent's management unit reviews
most of them within two days (Approved or Denied); the rest stay Pending. Only explanations submitted
before the simulated ``now`` exist, and a review after ``now`` has not happened yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..ids import guid, rng
from .adherence import exceptions
from .schedule import Shift

EXPLAINED_SHARE = 0.6
NOTES = ("Train delayed", "Laptop update at login", "Childcare", "Traffic", "VPN would not connect")


@dataclass(frozen=True)
class Explanation:
    id: str
    account: object  # world.Account
    start: datetime
    minutes: int
    status: str  # Pending, Approved, Denied
    notes: str
    submitted: datetime
    reviewed: datetime | None
    reviewer_id: str | None


def late_start(seed: int, shift: Shift, now: datetime):
    """The late-login exception of a shift (logged out while On Queue from its first minute), or None."""
    found = exceptions(seed, shift, now)
    first = found[0] if found else None
    if first is None or first.start != shift.start or first.actual_category != "Unavailable":
        return None
    return first


def explanation(seed: int, shift: Shift, now: datetime) -> Explanation | None:
    """The explanation of a shift's late start as it stands at ``now`` (None: none submitted yet)."""
    late = late_start(seed, shift, now)
    if late is None:
        return None
    account = shift.account
    r = rng(seed, account.org_key, "explanation", shift.id)
    if r.random() >= EXPLAINED_SHARE:
        return None
    submitted = late.end + timedelta(minutes=r.randrange(10, 240))
    if submitted > now:
        return None
    reviewed = submitted + timedelta(hours=r.randrange(1, 48))
    status = "Approved" if r.random() < 0.75 else "Denied"
    if r.random() < 0.15 or reviewed > now:
        status, reviewed = "Pending", None
    supervisor = account.mu.accounts[0].user_id if account.mu.accounts[0] is not account else None
    return Explanation(
        guid(seed, account.org_key, "explanation", shift.id),
        account,
        late.start,
        late.seconds // 60,
        status,
        NOTES[r.randrange(len(NOTES))],
        submitted,
        reviewed,
        (supervisor or "System") if reviewed else None,
    )


def explanations_between(model, accounts, start: datetime, end: datetime) -> list[Explanation]:
    """Explanations of ``accounts`` whose start lies in [start, end), as of ``model.now``."""
    found = []
    for account in accounts:
        for shift in model.shifts_between(account, start, end):
            if isinstance(shift, Shift) and start <= shift.start < end:
                item = explanation(model.seed, shift, model.now)
                if item is not None:
                    found.append(item)
    return sorted(found, key=lambda e: (e.start, e.id))
