"""How many requests one org's extraction makes, and its longest chain of dependent calls, as a function
of what the org holds.

One source of truth for the request arithmetic: ``wfm-hub doctor`` estimates tonight's
run from counts it reads with a few cheap calls, and ``bench.minimum`` computes the exact minimum
from the simulator's model; both call ``requests_by_resource``. It mirrors the request pattern of the
resource functions (``resources/*.py``) when every call succeeds at the first attempt: a change there
changes it here (tests/extract/test_requests.py and tests/extract/test_doctor.py compare it with the
requests a real run makes against the simulator).
"""

from __future__ import annotations

from dataclasses import dataclass

from .budget_planners import pages, planner_paths, planner_requests
from .helpers import Windows, chunks, presence_chunk_hours
from .resources.adherence import adherence_items
from .settings import (
    QUEUES_PAGE_SIZE,
    RESOURCES,
    TIME_OFF_MAX_DAYS,
    USERS_PAGE_SIZE,
    VOLUME_CHUNK_DAYS,
)

# Agents per agent-schedule search answered inline; above it the answer is a downloadUrl or an
# asynchronous result whose event carries one (one more request either way). Genesys' threshold is not
# documented (NOT CONFIRMED: the SDK only says large results come through the download service), so an
# estimate for a real org counts the download for every search: an upper bound. The simulator's own
# threshold is scenario.inline_schedule_limit (bench.minimum passes it).
INLINE_AGENTS = 0
# Polls of the historical adherence bulk job before it is Complete. The simulator's default
# (--job-polls 1: one Processing answer, then Complete); a real job's duration is not documented.
JOB_POLLS = 1
TOKEN = "oauth token"  # the one token request a run starts with (not a resource)
# The notification channel of a run that searches agent schedules: create, subscribe, unsubscribe
# (an asynchronous answer's downloadUrl then comes as an event, and costs one download like any other).
NOTIFICATION_CALLS = 3
# Route classes of the critical-path arithmetic (``critical_paths``): a latency profile prices each, the
# simulator's under the same names (genesys_sim/latency.py). ASYNC: a Processing answer's result, which
# arrives later as a notification.
LOGIN, DIRECTORY, QUERY, DOWNLOAD, ASYNC = "login", "directory", "query", "download", "async"


@dataclass(frozen=True)
class UnitCounts:
    """One business unit as the extraction walks it.

    ``schedule_weeks``: per business-unit week the window reads (a week some published schedule spans), the
    agents of each management unit in its published view (one agent-schedule search per unit, plus a
    download when it has more than ``INLINE_AGENTS``). ``forecast_weeks``: the forecast weeks the window
    reads (one ``/data`` call per forecast and week of it in the window, and one staffing requirement
    request plus one download for each).
    """

    management_units: int
    schedule_weeks: tuple[tuple[int, ...], ...] = ()
    forecast_weeks: int = 0
    time_zone: str = "UTC"  # historical adherence items are local days: a DST week adds one
    start_day_of_week: str = "Monday"  # the unit's weeks (shift trades are read per week)
    time_off_limits: int | None = None  # daily time-off limits (None: one per management unit)
    members: tuple[int, ...] = ()  # current members per management unit (empty: unknown, each has some)
    planning_groups: int = 0  # intraday is read per planning group and day


@dataclass(frozen=True)
class OrgCounts:
    """What one org holds, as far as the number of requests goes: the users ``state=any`` lists, those
    ``state=deleted`` lists (the pipeline reads both), queues, business units."""

    users: int
    queues: int
    business_units: tuple[UnitCounts, ...]
    deleted_users: int = 0
    skills: int = 0  # routing skills
    teams: tuple[int, ...] = ()  # members per work team
    queue_members: tuple[int, ...] = ()  # members per queue (empty: unknown, one page each)


def requests_by_resource(
    counts: OrgCounts, windows: Windows, *, job_polls: int = JOB_POLLS, inline_agents: int = INLINE_AGENTS
) -> dict[str, int]:
    """Requests per resource (every key of ``settings.RESOURCES``, plus ``TOKEN``) for one run over
    ``windows`` that reads every week in them (a first run, a backfill, or a night on which every week
    was republished: nightly runs skip the weeks whose versions were already loaded, so they make at
    most this many). Downloads of pre-signed URLs count: they carry no token, but the client paces
    them like any other request. The organization's own call is counted under ``organizations``, the
    business-unit listing and settings under ``business_units``."""
    bus = counts.business_units
    mus = sum(bu.management_units for bu in bus)
    searches = sum(len(week) for bu in bus for week in bu.schedule_weeks)
    time_off_queries = len(list(chunks(*windows.time_off, TIME_OFF_MAX_DAYS))) + 1  # + every PENDING request
    presence_days = max(0, (windows.volume[1] - windows.volume[0]).days)
    out = {
        TOKEN: 1,
        "organizations": 1,
        "users": pages(counts.users, USERS_PAGE_SIZE) + pages(counts.deleted_users, USERS_PAGE_SIZE),
        "queues": pages(counts.queues, QUEUES_PAGE_SIZE),
        "business_units": 1 + len(bus),
        "management_units": len(bus),
        "management_unit_users": mus,
        "activity_codes": len(bus),
        "planning_groups": len(bus),
        "service_goal_templates": len(bus),
        "schedules": sum(
            1 + sum(1 + (agents > inline_agents) for week in bu.schedule_weeks for agents in week) for bu in bus
        )
        + (NOTIFICATION_CALLS if searches else 0),
        "forecasts": sum(1 + bu.forecast_weeks for bu in bus),
        # per unit its forecast listing; per forecast week the requirement and its download; the channel
        # for the answers still Processing (subscribed before the first request, as schedules)
        "staffing_requirements": sum(1 + 2 * bu.forecast_weeks for bu in bus)
        + (NOTIFICATION_CALLS if any(bu.forecast_weeks for bu in bus) else 0),
        # per business unit with units: submit, poll until Complete, one download per item (the
        # pipeline's own items: a unit and at most 7 local days, a DST week's 169th hour on its own)
        "historical_adherence": sum(
            1 + (job_polls + 1) + len(items)
            for bu in bus
            if (items := adherence_items(windows.adherence, bu.time_zone, ["unit"] * bu.management_units))
        ),
        "time_off_requests": mus * time_off_queries,
        "interaction_volume": len(list(chunks(*windows.volume, VOLUME_CHUNK_DAYS))),
        # the user count sizing the queries, then the queries (users x hours within the per-answer cap)
        "user_presence": presence_days and 1 + presence_days * 24 // presence_chunk_hours(counts.users),
        "realtime_adherence": mus,  # one snapshot (its own run, every 5 minutes)
        **planner_requests(counts, windows, job_polls=job_polls, inline_agents=inline_agents),
    }
    if set(out) != {TOKEN, *RESOURCES}:  # a new resource needs its arithmetic here
        raise AssertionError(f"requests_by_resource misses {sorted(set(RESOURCES) - set(out))}")
    return out


def run_requests(by_resource: dict[str, int], resources) -> int:
    """The requests of one run of ``resources`` (the token included)."""
    return by_resource[TOKEN] + sum(by_resource[name] for name in resources)


def critical_paths(
    counts: OrgCounts,
    windows: Windows,
    *,
    job_polls: int = JOB_POLLS,
    inline_agents: int = INLINE_AGENTS,
    async_agents: int | None = None,
    async_requirements: bool = False,
    async_intraday: bool = False,
) -> dict[str, tuple[str, ...]]:
    """Per resource (every key of ``settings.RESOURCES``), its longest sequence of calls each of which
    needs an answer of the one before, as route classes, the token first: what no number of calls in
    flight can overlap, so a run of those resources lasts at least its longest path's answer times.

    The dependencies are the API's, not this client's order: a business unit's settings, management units,
    codes and planning groups need the business-unit listing; a schedule or forecast listing needs the
    unit's start day (its settings); a search needs the schedule listing (which weeks) and, when its answer
    is ``Processing`` (over ``async_agents`` agents; None: never) or a ``downloadUrl`` (over ``inline_agents``),
    the event and the download; a staffing requirement, its event when ``async_requirements`` (a requirement
    computed on demand: the simulator's first answer is ``Processing``), then its download; the adherence
    job is submitted, polled ``job_polls + 1`` times, then each result downloaded; a listing's later pages
    need its first (``total``). Calls that may run in parallel (every unit, week or interval) count once.
    The planners' resources: ``budget_planners.planner_paths`` (``async_intraday``: an intraday query's
    answer is Processing, its result an event)."""
    bus = counts.business_units
    listed = (LOGIN, DIRECTORY)  # the token, then the business-unit listing
    settings = listed + (DIRECTORY,)  # a unit's settings (time zone, start day of week) or its management units
    agents = [n for bu in bus for week in bu.schedule_weeks for n in week]
    search: tuple[str, ...] = ()
    if agents and async_agents is not None and max(agents) > async_agents:
        search = (QUERY, ASYNC, DOWNLOAD)
    elif agents:
        search = (QUERY, DOWNLOAD) if max(agents) > inline_agents else (QUERY,)
    units = any(bu.management_units for bu in bus)
    forecasts = any(bu.forecast_weeks for bu in bus)
    jobs = any(adherence_items(windows.adherence, bu.time_zone, ["unit"] * bu.management_units) for bu in bus)
    per_unit = (DIRECTORY, QUERY) if units else (DIRECTORY,)  # a unit's time-off query or real-time snapshot

    def paged(records: int, size: int) -> tuple[str, ...]:
        return (LOGIN, DIRECTORY) + ((DIRECTORY,) if pages(records, size) > 1 else ())

    out = {
        "organizations": (LOGIN, DIRECTORY),
        "users": paged(max(counts.users, counts.deleted_users), USERS_PAGE_SIZE),
        "queues": paged(counts.queues, QUEUES_PAGE_SIZE),
        "business_units": settings,
        "management_units": settings,
        "management_unit_users": settings + ((DIRECTORY,) if units else ()),
        "activity_codes": settings,
        "planning_groups": settings,
        "service_goal_templates": settings,
        "schedules": settings + (DIRECTORY,) + search,
        "forecasts": settings + (DIRECTORY,) + ((QUERY,) if forecasts else ()),
        # a forecast week's requirement, its event when still Processing, then its download ("will always
        # come via downloadUrl", SDK)
        "staffing_requirements": settings
        + (DIRECTORY,)
        + (((DIRECTORY, ASYNC, DOWNLOAD) if async_requirements else (DIRECTORY, DOWNLOAD)) if forecasts else ()),
        "historical_adherence": settings + ((QUERY,) + (DIRECTORY,) * (job_polls + 1) + (DOWNLOAD,) if jobs else ()),
        "time_off_requests": listed + per_unit,
        "interaction_volume": (LOGIN, QUERY),
        "user_presence": (LOGIN, DIRECTORY, QUERY),  # the user count sizes the queries
        "realtime_adherence": listed + per_unit,
        **planner_paths(
            counts, windows, job_polls=job_polls, inline_agents=inline_agents, async_intraday=async_intraday
        ),
    }
    if set(out) != set(RESOURCES):  # a new resource needs its path here
        raise AssertionError(f"critical_paths misses {sorted(set(RESOURCES) - set(out))}")
    return out
