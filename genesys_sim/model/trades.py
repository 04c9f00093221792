"""Shift trades: agents offering a shift of a published week, colleagues taking it, supervisors reviewing.

Per management unit and business-unit week, one agent in four (at least two) offers one of their shifts
of that week; a colleague of the same unit with a shift that week takes it (a two-sided trade, some of them
directed at that colleague) or the offer is a drop (one-sided, taken without a shift in return). Each
trade lives through Genesys' states (SDK v269 ``ShiftTradeResponseItem.state``): created some days before
the shift, matched a day or two later, reviewed (Approved or Denied) within three days, Canceled by its
initiator, or Expired when nobody took it before its expiration (12 hours before the shift). Only what
happened before the simulated ``now`` counts; ``metadata.version`` counts the transitions.

Hard cases, on purpose: the first trade of a unit's week takes a shift that crosses the business unit's
local midnight or a DST change when one exists (the demo's bi-regional people work two hours in their
second org's evening or morning), and the accounts of bi-regional people initiate first, so a person
with accounts in two orgs trades in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..ids import guid, rng, week_start
from .schedule import Shift

OFFERS_PER_AGENTS = 4  # one offer per this many agents of a unit and week (at least two)


@dataclass(frozen=True)
class Trade:
    id: str
    bu: object
    mu: object
    week: date
    initiating: Shift
    taker: object  # the colleague who takes it, or whom a directed trade targets (world.Account)
    receiving: Shift | None  # the shift given in return once matched; None on a one-sided trade
    one_sided: bool
    targeted: bool  # directed at ``taker`` from the start
    state: str
    created: datetime
    expiration: datetime
    reviewed: datetime | None
    reviewer_id: str | None
    modified: datetime
    version: int

    @property
    def matched(self) -> bool:
        return self.state in ("Matched", "Approved", "Denied")


def _shifts(model, account, week: date) -> list[Shift]:
    days = [week + timedelta(days=i) for i in range(7)]
    return [item for day in days for item in model.account_day(account, day) if isinstance(item, Shift)]


def _awkward(shift: Shift, tz: ZoneInfo) -> bool:
    """The shift crosses local midnight or a DST change in the business unit's zone."""
    start, end = shift.start.astimezone(tz), shift.end.astimezone(tz)
    return start.date() != end.date() or start.utcoffset() != end.utcoffset()


def _life(seed: int, trade_id: str, start: datetime, now: datetime):
    """(transitions before ``now`` as (state, at), expiration, directed) of a trade of a shift starting at
    ``start``; None when it was not created yet."""
    r = rng(seed, "trade-life", trade_id)
    created = start - timedelta(days=r.randrange(2, 12), hours=r.randrange(0, 10))
    expiration = start - timedelta(hours=12)
    if created > now:
        return None
    transitions = [("Unmatched", created)]
    roll = r.random()
    matched = created + timedelta(hours=r.randrange(2, 60))
    reviewed = matched + timedelta(hours=r.randrange(1, 72))
    if roll < 0.08:
        transitions.append(("Canceled", created + timedelta(hours=r.randrange(1, 30))))
    elif roll < 0.25 or matched >= expiration:
        transitions.append(("Expired", expiration))
    else:
        transitions.append(("Matched", matched))
        if reviewed < expiration:
            transitions.append(("Approved" if r.random() < 0.8 else "Denied", reviewed))
        else:
            transitions.append(("Expired", expiration))
    happened = [(state, at) for state, at in transitions if at <= now]
    return happened, expiration, r.random() < 0.3


def trades(model, bu, mu, week: date) -> list[Trade]:
    """The trades of one management unit's accounts over one business-unit week, as of ``model.now``."""
    seed, now, tz = model.seed, model.now, ZoneInfo(bu.tz)
    working = [(a, _shifts(model, a, week)) for a in mu.accounts]
    working = [(a, s) for a, s in working if s]
    if len(working) < 2:
        return []
    r = rng(seed, mu.id, "trades", week)
    shared = _shared(model)
    order = sorted(working, key=lambda item: (item[0].home is None and item[0].user_id not in shared, r.random()))
    found = []
    for n, (account, shifts) in enumerate(order[: max(2, len(working) // OFFERS_PER_AGENTS)]):
        awkward = [s for s in shifts if _awkward(s, tz)]
        shift = awkward[0] if n == 0 and awkward else shifts[r.randrange(len(shifts))]
        trade_id = guid(seed, account.org_key, "trade", shift.id)
        life = _life(seed, trade_id, shift.start, now)
        if life is None:
            continue
        happened, expiration, targeted = life
        one_sided = r.random() < 0.3
        others = [(a, s) for a, s in working if a is not account]
        taker, their = others[r.randrange(len(others))]
        state = happened[-1][0]
        matched = state in ("Matched", "Approved", "Denied")
        reviewed = happened[-1][1] if state in ("Approved", "Denied") else None
        found.append(
            Trade(
                trade_id,
                bu,
                mu,
                week,
                shift,
                taker,
                their[r.randrange(len(their))] if matched and not one_sided else None,
                one_sided,
                targeted and not one_sided,
                state,
                happened[0][1],
                expiration,
                reviewed,
                (mu.accounts[0].user_id if r.random() < 0.7 else "System") if reviewed else None,
                happened[-1][1],
                len(happened),
            )
        )
    return found


def _shared(model) -> set[str]:
    """User ids of the home accounts of people who also hold an account in another org."""
    cached = getattr(model, "_trade_shared", None)
    if cached is None:
        cached = {a.home.user_id for org in model.orgs.values() for a in org.accounts if a.home is not None}
        model._trade_shared = cached
    return cached


def bu_week(bu, shift: Shift) -> date:
    """The business-unit week a shift belongs to (its business-unit date's week)."""
    return week_start(shift.bu_date, bu.spec.start_day_of_week)
