"""Scenario specifications: which orgs, regions, business units, queues and sizes to simulate.

A scenario is data only; ``genesys_sim.model`` turns it into a deterministic world.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# Region domains exactly as the SDK's PureCloudRegionHosts spells them.
REGIONS = (
    "mypurecloud.com",
    "usw2.pure.cloud",
    "cac1.pure.cloud",
    "sae1.pure.cloud",
    "mypurecloud.ie",
    "euw2.pure.cloud",
    "mypurecloud.de",
    "euc2.pure.cloud",
    "mec1.pure.cloud",
    "aps1.pure.cloud",
    "mypurecloud.jp",
    "apne2.pure.cloud",
    "apne3.pure.cloud",
    "apse1.pure.cloud",
    "mypurecloud.com.au",
    "use2.us-gov-pure.cloud",
    "mxc1.pure.cloud",
    "edee1.eusc-pure.cloud",
)


@dataclass(frozen=True)
class PlanningGroupSpec:
    name: str
    queue_name: str
    media_type: str  # planning-group enum: Voice, Chat, Email, Callback, Message, Workitem
    daily_offered: float  # contacts on an average weekday
    aht_seconds: float
    backlog: bool = False  # back-office work items: morning batches, long handle times


@dataclass(frozen=True)
class BusinessUnitSpec:
    name: str
    time_zone: str
    start_day_of_week: str
    management_units: int
    agents_per_unit: int
    planning_groups: tuple[PlanningGroupSpec, ...]
    open_hour: int = 7
    close_hour: int = 21  # past 24: open through the night (26 = until 02:00 the next day)
    # Publication (docs/simulator.md "Schedules and forecasts"): schedules and forecasts cover this many
    # weeks each (weekCount), and a second one-week schedule is published later over the week with this
    # index (0 = the first week of the window), overlapping the schedule that already spans it.
    schedule_weeks: int = 1
    forecast_weeks: int = 1
    overlapping_schedule_week: int | None = None
    # planning groups (by name) whose forecast data carries an 8th day: 768 values a week instead of 672
    eighth_day_planning_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActivityCodeSpec:
    name: str
    category: str
    length_minutes: int
    paid: bool = True
    work: bool = True
    agent_selectable: bool = False
    planned_shrinkage: bool = True


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    region: str
    business_units: tuple[BusinessUnitSpec, ...]
    # Activity-code drift against the shared catalogue: {code name: {attribute: value}}.
    code_overrides: dict = field(default_factory=dict)
    codes_only_here: tuple[ActivityCodeSpec, ...] = ()
    codes_missing: tuple[str, ...] = ()
    # The org's service-level calculation options (Admin > Contact Center > Analytics; no API reads them):
    # short abandons count in the denominator unless excluded; flow-outs only when included.
    sl_include_short_abandons: bool = True
    sl_include_flow_outs: bool = False
    users_deleted: int = 0  # the first N leavers' users are deleted (state deleted) the day after they leave


@dataclass(frozen=True)
class Scenario:
    name: str
    orgs: tuple[OrgSpec, ...]
    seed: int = 20261123
    history_weeks: int = 8
    future_weeks: int = 2
    shared_people: int = 0  # people with an account in a second org
    users_joining: int = 0  # per org: hired inside the window
    users_leaving: int = 0  # per org: deactivated inside the window
    time_off_per_agent: float = 1.5
    # Agents per agent-schedule query (or search) above which the answer is a downloadUrl, not inline;
    # above async_schedule_limit it is Processing and the downloadUrl comes only as a notification.
    # tiny and demo set both so that each of the three answers occurs (docs/simulator.md).
    inline_schedule_limit: int = 50
    async_schedule_limit: int = 200

    def org(self, key: str) -> OrgSpec:
        for org in self.orgs:
            if org.key == key:
                return org
        raise KeyError(f"scenario {self.name!r} has no org {key!r}")


def _pg(name, queue, media, daily, aht, backlog=False):
    return PlanningGroupSpec(name, queue, media, daily, aht, backlog)


BILLING = _pg("Billing Voice", "Billing", "Voice", 1700, 320)
TECH = _pg("Tech Support Voice", "Tech Support", "Voice", 1100, 450)
CHAT = _pg("Support Chat", "Support Chat", "Chat", 900, 540)
EMAIL = _pg("Email Care", "Email Care", "Email", 450, 600)
SALES = _pg("Sales Voice", "Sales", "Voice", 800, 380)
CLAIMS = _pg("Claims Processing", "Claims Work Items", "Workitem", 380, 1800, backlog=True)

DEMO = Scenario(
    name="demo",
    shared_people=36,
    users_joining=6,
    users_leaving=5,
    inline_schedule_limit=42,  # the 40-agent units inline, 45-50 by downloadUrl, 53+ asynchronously
    async_schedule_limit=52,
    orgs=(
        OrgSpec(
            key="emea",
            name="Acme EMEA",
            region="mypurecloud.de",
            business_units=(
                BusinessUnitSpec("EMEA Customer Care", "Europe/Berlin", "Monday", 3, 50, (BILLING, TECH, CHAT)),
                BusinessUnitSpec(
                    "EMEA Back Office", "Europe/London", "Monday", 2, 40, (CLAIMS, EMAIL), open_hour=8, close_hour=18
                ),
            ),
            codes_only_here=(ActivityCodeSpec("Works Council", "Meeting", 60),),
            users_deleted=2,
        ),
        OrgSpec(
            key="apac",
            name="Acme APAC",
            region="mypurecloud.com.au",
            business_units=(
                # a half-hour-offset zone: UTC+10:30 in summer, +9:30 in winter (clocks change with Sydney's)
                BusinessUnitSpec(
                    "APAC Adelaide",
                    "Australia/Adelaide",
                    "Monday",
                    3,
                    45,
                    (BILLING, TECH),
                    eighth_day_planning_groups=("Tech Support Voice",),
                ),
                BusinessUnitSpec("APAC Manila", "Asia/Manila", "Sunday", 2, 50, (CHAT, EMAIL)),
            ),
            code_overrides={"Team Meeting": {"length_minutes": 45}, "Sick Leave": {"paid": False}},
            sl_include_short_abandons=False,
            codes_only_here=(ActivityCodeSpec("Public Holiday", "TimeOff", 480, work=False, agent_selectable=True),),
            users_deleted=1,
        ),
        OrgSpec(
            key="amer",
            name="Acme AMER",
            region="mypurecloud.com",
            business_units=(
                BusinessUnitSpec("AMER East", "America/New_York", "Sunday", 3, 50, (BILLING, SALES)),
                BusinessUnitSpec(
                    "AMER Central",
                    "America/Chicago",
                    "Sunday",
                    2,
                    40,
                    (TECH, CHAT),
                    schedule_weeks=2,
                    forecast_weeks=2,
                    overlapping_schedule_week=6,
                    eighth_day_planning_groups=("Support Chat",),
                ),
            ),
            code_overrides={"Coaching": {"category": "Meeting"}},
            sl_include_flow_outs=True,
            codes_missing=("Email Backlog",),
        ),
    ),
)

TINY = Scenario(
    name="tiny",
    history_weeks=2,
    future_weeks=1,
    shared_people=3,
    time_off_per_agent=2.5,  # enough requests that every status occurs even in tiny
    users_joining=1,
    users_leaving=1,
    inline_schedule_limit=5,  # emea's units inline or by downloadUrl (4-6 agents), apac's (9-10) async
    async_schedule_limit=6,
    orgs=(
        OrgSpec(
            key="emea",
            name="Acme EMEA",
            region="mypurecloud.de",
            business_units=(
                BusinessUnitSpec(
                    "EMEA Customer Care",
                    "Europe/Berlin",
                    "Monday",
                    2,
                    5,
                    (
                        _pg("Billing Voice", "Billing", "Voice", 220, 320),
                        _pg("Support Chat", "Support Chat", "Chat", 90, 540),
                    ),
                    schedule_weeks=2,
                    forecast_weeks=2,
                    overlapping_schedule_week=1,
                    eighth_day_planning_groups=("Support Chat",),
                ),
            ),
            users_deleted=1,
        ),
        OrgSpec(
            key="apac",
            name="Acme APAC",
            region="mypurecloud.com.au",
            business_units=(
                BusinessUnitSpec(
                    "APAC Sydney",
                    "Australia/Sydney",
                    "Monday",
                    1,
                    8,
                    (_pg("Billing Voice", "Billing", "Voice", 180, 300),),
                    close_hour=26,  # open until 02:00: overnight shifts
                    eighth_day_planning_groups=("Billing Voice",),
                ),
            ),
            code_overrides={"Team Meeting": {"length_minutes": 45}},
            sl_include_short_abandons=False,
        ),
    ),
)


def _scale_org(index: int) -> OrgSpec:
    zones = [
        "Europe/Berlin",
        "Australia/Sydney",
        "America/New_York",
        "Asia/Tokyo",
        "Europe/London",
        "America/Chicago",
        "Asia/Singapore",
        "America/Sao_Paulo",
        "Europe/Dublin",
        "America/Los_Angeles",
    ]
    tz = zones[index % len(zones)]
    key = f"org{index + 1:02d}"
    units = tuple(
        BusinessUnitSpec(f"{key.upper()} Unit {b + 1}", tz, "Monday", 5, 500, (BILLING, TECH, CHAT)) for b in range(2)
    )
    return OrgSpec(key=key, name=f"Scale Org {index + 1}", region=REGIONS[index % len(REGIONS)], business_units=units)


SCALE = Scenario(
    name="scale",
    history_weeks=5,
    future_weeks=1,
    shared_people=250,
    users_joining=20,
    users_leaving=20,
    time_off_per_agent=1.0,
    orgs=tuple(_scale_org(i) for i in range(10)),
)

SCENARIOS = {s.name: s for s in (TINY, DEMO, SCALE)}


def get_scenario(name: str, orgs: int | None = None) -> Scenario:
    """A scenario by name; ``orgs`` keeps only the first N orgs (scale curves)."""
    try:
        scenario = SCENARIOS[name]
    except KeyError:
        raise ValueError(f"unknown scenario {name!r}; choose one of {sorted(SCENARIOS)}") from None
    if orgs is not None:
        scenario = replace(scenario, orgs=scenario.orgs[:orgs])
    return scenario
