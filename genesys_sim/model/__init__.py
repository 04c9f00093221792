"""The simulated world: static structure plus lazily generated, cached time-dependent data."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..ids import UTC, rng
from ..scenarios import Scenario
from . import publication
from .publication import Publication
from .schedule import FullDayMarker, Mutation, Shift, apply_mutations, home_shift, secondary_block, superseded
from .timeoff import TimeOffBook
from .world import Account, BusinessUnit, Org, World

__all__ = [
    "Model",
    "Shift",
    "FullDayMarker",
    "Mutation",
    "Publication",
    "World",
    "Org",
    "Account",
    "BusinessUnit",
]


class _Lru(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_or(self, key, make):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = make()
        if len(self) > self.size:
            self.popitem(last=False)
        return value


class Model:
    """One scenario at one anchor date; ``now`` is the simulated clock (default: anchor 12:00 UTC)."""

    def __init__(self, scenario: Scenario, anchor: date, now: datetime | None = None):
        self.world = World(scenario, anchor)
        self.world.initial_now = now or datetime.combine(anchor, time(12), UTC)
        self.now = self.world.initial_now
        self.seed = scenario.seed
        self._time_off: dict[str, TimeOffBook] = {}
        self._weeks = _Lru(24)
        # account days: presence, adherence, searches and truth all read the same ones, each query several
        # times (a 6-hour presence query reads three days of every account); ~1 KB each, about twelve days
        # of every account kept (the days the queries in flight at once read, across all orgs)
        self._days = _Lru(max(100_000, 12 * sum(len(org.accounts) for org in self.world.orgs.values())))
        self._bu_weeks: dict[str, list[date]] = {}
        self._published: dict[tuple[str, str], list[Publication]] = {}
        self.mutations: dict[str, list[Mutation]] = {key: [] for key in self.world.orgs}

    @property
    def orgs(self) -> dict[str, Org]:
        return self.world.orgs

    def time_off(self, org_key: str) -> TimeOffBook:
        book = self._time_off.get(org_key)
        if book is None:
            book = self._time_off[org_key] = TimeOffBook(self.world, self.orgs[org_key])
        return book

    # ---------------------------------------------------------------- schedules
    def account_day(self, account: Account, day: date) -> list:
        """Shifts and full-day markers of one account on one business-unit date, after changes.

        Only published weeks have schedules: nothing exists before the first week of the window or
        after its end (so adherence, presence and truth all share the schedule's span).
        """
        key = (account.org_key, account.user_id, day, len(self.mutations[account.org_key]))
        return self._days.get_or(key, lambda: self._account_day(account, day))

    def _account_day(self, account: Account, day: date) -> list:
        if not self._scheduled(account.bu, day):
            return []
        if account.home is None:
            planned = home_shift(self.seed, account, day, self.time_off(account.org_key))
        else:
            planned = None
            home_book = self.time_off(account.home.org_key)
            for home_day in (day - timedelta(days=1), day, day + timedelta(days=1)):
                block = secondary_block(self.seed, account, home_day, home_book)
                if block is not None and block.bu_date == day:
                    planned = block
        changes = [m for m in self.mutations[account.org_key] if m.user_id == account.user_id and m.bu_date == day]
        if changes:
            planned = apply_mutations(self.seed, account, day, planned, changes)
        return [] if planned is None else [planned]

    def _scheduled(self, bu: BusinessUnit, day: date) -> bool:
        weeks = self._bu_weeks.get(bu.id)
        if weeks is None:
            weeks = self._bu_weeks[bu.id] = self.world.bu_weeks(bu)
        return weeks[0] <= day < weeks[-1] + timedelta(days=7)

    def week_plan(self, org_key: str, bu: BusinessUnit, week: date) -> dict[str, list]:
        """Every account of a business unit for one schedule week: user id -> shifts and markers."""
        revision = len(self.mutations[org_key])

        def build():
            plan = {}
            for mu in bu.management_units:
                for account in mu.accounts:
                    items = []
                    for i in range(7):
                        items += self.account_day(account, week + timedelta(days=i))
                    plan[account.user_id] = items
            return plan

        return self._weeks.get_or((org_key, bu.id, week, revision), build)

    # ------------------------------------------------------------- publication
    def schedules(self, org_key: str, bu: BusinessUnit) -> list[Publication]:
        """The unit's published schedules (``publication.schedules``)."""
        key = ("schedule", bu.id)
        if key not in self._published:
            self._published[key] = publication.schedules(self.seed, org_key, bu, self.world.bu_weeks(bu))
        return self._published[key]

    def forecasts(self, org_key: str, bu: BusinessUnit) -> list[Publication]:
        key = ("forecast", bu.id)
        if key not in self._published:
            self._published[key] = publication.forecasts(self.seed, org_key, bu, self.world.bu_weeks(bu))
        return self._published[key]

    def shown(self, org_key: str, bu: BusinessUnit, week: date) -> Publication | None:
        """The schedule the published view shows for a week (``publication.shown``)."""
        return publication.shown(self.schedules(org_key, bu), week)

    def schedule_week(self, org_key: str, bu: BusinessUnit, schedule: Publication, week: date) -> dict[str, list]:
        """One schedule's own version of one of its weeks: the published plan where the published view shows
        this schedule, else its older, superseded version (``schedule.superseded``)."""
        plan = self.week_plan(org_key, bu, week)
        if self.shown(org_key, bu, week) == schedule:
            return plan
        return {user: [superseded(self.seed, i, schedule.id) for i in items] for user, items in plan.items()}

    def week_mutations(self, org_key: str, bu: BusinessUnit, week: date) -> list[Mutation]:
        end = week + timedelta(days=7)
        return [
            m
            for m in self.mutations[org_key]
            if week <= m.bu_date < end and self.orgs[org_key].account(m.user_id).bu.id == bu.id
        ]

    def shifts_between(self, account: Account, start: datetime, end: datetime) -> list[Shift]:
        """Shifts of an account overlapping [start, end) in UTC."""
        tz = ZoneInfo(account.bu.tz)
        first = start.astimezone(tz).date() - timedelta(days=1)
        last = end.astimezone(tz).date()
        shifts = []
        day = first
        while day <= last:
            for item in self.account_day(account, day):
                if isinstance(item, Shift) and item.start < end and item.end > start:
                    shifts.append(item)
            day += timedelta(days=1)
        return shifts

    def republish(self, org_key: str, count: int = 1) -> list[Mutation]:
        """Intraday changes to the published schedule around ``now``: delete, move, add in turn."""
        org = self.orgs[org_key]
        made = []
        candidates = [a for a in org.accounts if a.home is None]
        for _ in range(count):
            revision = len(self.mutations[org_key]) + 1
            kind = ("delete", "move", "add")[(revision - 1) % 3]
            r = rng(self.seed, org_key, "republish", revision)
            for _attempt in range(200):
                account = candidates[r.randrange(len(candidates))]
                tz = ZoneInfo(account.bu.tz)
                day = self.now.astimezone(tz).date() + timedelta(days=r.randrange(1, 7))
                if not account.employed_on(day):
                    continue  # no change to the schedule of someone who has left (or not yet joined)
                if any(m.user_id == account.user_id and m.bu_date == day for m in self.mutations[org_key]):
                    continue
                current = self.account_day(account, day)
                has_shift = any(isinstance(i, Shift) for i in current)
                if (kind == "add") != has_shift and not any(isinstance(i, FullDayMarker) for i in current):
                    mutation = Mutation(kind, org_key, account.user_id, day, revision, self.now)
                    self.mutations[org_key].append(mutation)
                    made.append(mutation)
                    break
        return made
