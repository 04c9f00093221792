"""The static part of the simulated world: orgs, people, accounts, units, queues, codes, planning groups.

Built eagerly (it is small: one record per account); everything time-dependent (schedules,
adherence, volume, time off) is generated lazily from it in the sibling modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from ..ids import UTC, guid, rng, week_start
from ..scenarios import ActivityCodeSpec, BusinessUnitSpec, OrgSpec, PlanningGroupSpec, Scenario
from .catalog import DEFAULT_CODES, FIRST_NAMES, LAST_NAMES, SHARED_CODES, TITLES


@dataclass
class ActivityCode:
    id: str
    spec: ActivityCodeSpec
    default: bool
    version: int = 1
    date_modified: datetime | None = None
    style_color: str = ""
    extra: dict = field(default_factory=dict)  # attributes set through the API beyond the spec


@dataclass
class PlanningGroup:
    id: str
    spec: PlanningGroupSpec
    queue_id: str

    @property
    def service_goal_template_id(self) -> str:
        """The id of its service goal template (one template per planning group)."""
        return f"{self.id[:-4]}5601"


@dataclass
class ManagementUnit:
    id: str
    name: str
    index: int
    accounts: list = field(default_factory=list)


@dataclass
class BusinessUnit:
    id: str
    index: int
    spec: BusinessUnitSpec
    management_units: list[ManagementUnit]
    codes: dict[str, ActivityCode]  # by id, insertion-ordered
    planning_groups: list[PlanningGroup]

    @property
    def tz(self) -> str:
        return self.spec.time_zone

    def code_by_name(self, name: str) -> ActivityCode | None:
        for code in self.codes.values():
            if code.spec.name == name:
                return code
        return None

    def default_code(self, category: str) -> ActivityCode:
        return next(c for c in self.codes.values() if c.default and c.spec.category == category)


@dataclass
class Account:
    """One user in one org. A person with accounts in two orgs has two Accounts."""

    org_key: str
    user_id: str
    person_id: str
    name: str
    email: str
    employee_id: str | None
    date_hire: date
    date_left: date | None  # deactivated on this date (state inactive from then on)
    bu: BusinessUnit
    mu: ManagementUnit
    pattern_seed: int
    home: Account | None = None  # set on a secondary account: the person's home account
    title: str = TITLES[0]
    date_deleted: date | None = None  # the user was deleted (state deleted) on this date, after leaving
    date_hire_on_file: bool = True  # employerInfo.dateHire is optional: some users have none

    def employed_on(self, day: date) -> bool:
        return self.date_hire <= day and (self.date_left is None or day < self.date_left)

    def state_on(self, day: date) -> str:
        """The user's ``state`` on a day: active, inactive once left, deleted once deleted."""
        if self.date_deleted is not None and day >= self.date_deleted:
            return "deleted"
        return "active" if self.date_left is None or day < self.date_left else "inactive"


@dataclass
class Queue:
    id: str
    name: str
    media_type: str
    date_created: datetime


@dataclass
class Org:
    spec: OrgSpec
    org_id: str
    client_id: str
    client_secret: str
    business_units: list[BusinessUnit]
    queues: list[Queue]
    accounts: list[Account] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.spec.key

    def account(self, user_id: str) -> Account | None:
        return self._by_id().get(user_id)

    def _by_id(self) -> dict:
        if getattr(self, "_index", None) is None or len(self._index) != len(self.accounts):
            self._index = {a.user_id: a for a in self.accounts}
        return self._index


class World:
    """Everything static in a scenario for one anchor date."""

    def __init__(self, scenario: Scenario, anchor: date):
        self.scenario = scenario
        self.seed = scenario.seed
        self.anchor = anchor
        self.window_start = anchor - timedelta(weeks=scenario.history_weeks)
        self.window_end = anchor + timedelta(weeks=scenario.future_weeks)  # exclusive
        self.created = datetime.combine(self.window_start - timedelta(days=400), time(9), UTC)
        self.orgs: dict[str, Org] = {}
        for index, spec in enumerate(scenario.orgs):
            self.orgs[spec.key] = self._build_org(index, spec)
        self._add_shared_people()
        for org in self.orgs.values():
            self._leave_out_optional_fields(org)

    # ----------------------------------------------------------------- structure
    def _build_org(self, index: int, spec: OrgSpec) -> Org:
        s = self.seed
        created = datetime.combine(self.window_start - timedelta(days=400), time(9), UTC)
        queues: dict[str, Queue] = {}
        units = []
        for b, bu_spec in enumerate(spec.business_units):
            pgs = []
            for pg_spec in bu_spec.planning_groups:
                queue = queues.get(pg_spec.queue_name)
                if queue is None:
                    queue = Queue(
                        guid(s, spec.key, "queue", pg_spec.queue_name),
                        pg_spec.queue_name,
                        pg_spec.media_type,
                        created + timedelta(days=len(queues)),
                    )
                    queues[pg_spec.queue_name] = queue
                pgs.append(PlanningGroup(guid(s, spec.key, b, "pg", pg_spec.name), pg_spec, queue.id))
            mus = [
                ManagementUnit(guid(s, spec.key, b, "mu", m), f"{bu_spec.name} MU {m + 1}", m)
                for m in range(bu_spec.management_units)
            ]
            units.append(BusinessUnit(guid(s, spec.key, "bu", b), b, bu_spec, mus, self._codes(spec, b), pgs))
        org = Org(
            spec,
            guid(s, spec.key, "org"),
            f"{spec.key}-{guid(s, spec.key, 'client')[:8]}",
            guid(s, spec.key, "secret").replace("-", ""),
            units,
            list(queues.values()),
        )
        self._add_home_accounts(org)
        return org

    def _codes(self, spec: OrgSpec, b: int) -> dict[str, ActivityCode]:
        codes = {}
        for default, specs in ((True, DEFAULT_CODES), (False, SHARED_CODES + spec.codes_only_here)):
            for code_spec in specs:
                if code_spec.name in spec.codes_missing:
                    continue
                drift = spec.code_overrides.get(code_spec.name)
                if drift:
                    code_spec = replace(code_spec, **drift)
                code_id = guid(self.seed, spec.key, b, "code", code_spec.name)
                codes[code_id] = ActivityCode(code_id, code_spec, default)
        return codes

    # ------------------------------------------------------------------- people
    def _person(self, org_key: str, n: int) -> tuple[str, str, str]:
        r = rng(self.seed, org_key, "person", n)
        first, last = r.choice(FIRST_NAMES), r.choice(LAST_NAMES)
        email = f"{first}.{last}.{org_key}{n}@acme.example".lower()
        return f"{first} {last}", email, f"E{r.randrange(10**6, 10**7)}"

    def _add_home_accounts(self, org: Org) -> None:
        sc, key = self.scenario, org.key
        n = 0
        for bu in org.business_units:
            for mu in bu.management_units:
                for _ in range(bu.spec.agents_per_unit):
                    name, email, employee_id = self._person(key, n)
                    r = rng(self.seed, key, "hire", n)
                    hire = self.window_start - timedelta(days=r.randrange(60, 2500))
                    account = Account(
                        key,
                        guid(self.seed, key, "user", n),
                        f"{key}-{n:05d}",
                        name,
                        email,
                        employee_id,
                        hire,
                        None,
                        bu,
                        mu,
                        r.randrange(2**31),
                        title=TITLES[2] if bu.spec.planning_groups[0].backlog else TITLES[r.random() < 0.1],
                    )
                    org.accounts.append(account)
                    mu.accounts.append(account)
                    n += 1
        # Headcount changes inside the window: the last accounts join late, a few others leave.
        span = (self.anchor - self.window_start).days
        for i in range(min(sc.users_joining, len(org.accounts) // 4)):
            account = org.accounts[-1 - i]
            account.date_hire = self.window_start + timedelta(days=7 + (i * 11) % max(span - 10, 1))
        for i in range(min(sc.users_leaving, len(org.accounts) // 4)):
            account = org.accounts[3 + i * 7]
            account.date_left = self.window_start + timedelta(days=10 + (i * 13) % max(span - 12, 1))
            if i < org.spec.users_deleted:
                account.date_deleted = account.date_left + timedelta(days=1)

    def _add_shared_people(self) -> None:
        """About 5% of people also hold an account in a neighbouring org (bi-regional agents).

        Variants by position: most share employeeId and email; every 6th has the email in another
        case; every 6th+1 has no employeeId at all (matched by email only); every 6th+2 uses a
        regional email alias (employeeId still matches: an identity conflict to report, not merge).
        """
        keys = list(self.orgs)
        if len(keys) < 2:
            return
        for j in range(self.scenario.shared_people):
            home_org = self.orgs[keys[j % len(keys)]]
            other = self.orgs[keys[(j + 1) % len(keys)]]
            candidates = [
                a
                for a in home_org.accounts
                if a.date_left is None and a.home is None and a.date_hire < self.window_start
            ]
            home = candidates[(j * 7 + 2) % len(candidates)]
            if any(a.person_id == home.person_id for a in other.accounts):
                continue
            variant = j % 6
            email, employee_id = home.email, home.employee_id
            if variant == 0:
                first, _, rest = email.partition(".")
                email = first.capitalize() + "." + rest.capitalize()
            elif variant == 1:
                home.employee_id = employee_id = None
            elif variant == 2:
                email = email.replace("@acme.example", f"@{other.key}.acme.example")
            bu = other.business_units[j % len(other.business_units)]
            mu = bu.management_units[j % len(bu.management_units)]
            account = Account(
                other.key,
                guid(self.seed, other.key, "shared-user", home.person_id),
                home.person_id,
                home.name,
                email,
                employee_id,
                self.window_start - timedelta(days=30),
                None,
                bu,
                mu,
                home.pattern_seed ^ 0x5A5A,
                home=home,
                title=home.title,
            )
            other.accounts.append(account)
            mu.accounts.append(account)
        # Two different people (different employeeIds) behind one shared team mailbox: a conflict
        # the warehouse must list, never merge.
        shared = {a.person_id for org in self.orgs.values() for a in org.accounts if a.home is not None}
        first = [a for a in self.orgs[keys[0]].accounts[8:] if a.person_id not in shared and a.home is None]
        if len(self.orgs[keys[0]].accounts) > 10:
            first[1].email = first[0].email

    def _leave_out_optional_fields(self, org: Org) -> None:
        """employerInfo.employeeId and .dateHire are optional in the API: every 6th of the people who hold one
        account, in one org, under an email of their own and were employed through the window has no
        employeeId (matched by email), every 6th + 2 no dateHire on file (their hire date still governs
        their schedules)."""
        shared = {a.person_id for o in self.orgs.values() for a in o.accounts if a.home is not None}
        emails = [a.email.lower() for a in org.accounts]
        plain = [
            a
            for a in org.accounts
            if a.home is None
            and a.person_id not in shared
            and emails.count(a.email.lower()) == 1
            and a.date_left is None
            and a.date_hire < self.window_start
        ]
        for n, account in enumerate(plain):
            if n % 6 == 2:
                account.employee_id = None
            elif n % 6 == 4:
                account.date_hire_on_file = False

    # ------------------------------------------------------------------ helpers
    def org(self, key: str) -> Org:
        return self.orgs[key]

    def bu_weeks(self, bu: BusinessUnit) -> list[date]:
        """Week-start dates of every published schedule/forecast week of a business unit."""
        first = week_start(self.window_start, bu.spec.start_day_of_week)
        weeks, day = [], first
        while day < self.window_end:
            weeks.append(day)
            day += timedelta(weeks=1)
        return weeks
