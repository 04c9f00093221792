"""Requests and critical paths of the planners' resources (issue 16), part of ``budget.requests_by_resource``
and ``budget.critical_paths``.

Same rule as ``budget``: it mirrors what the resource functions do when every call succeeds at once,
for a run that reads every week of its windows (no open record followed past a window: a first run, a
backfill). Asynchronous answers count their worst case unless the simulator's own behaviour is passed:
a job is its POST, ``job_polls + 1`` polls (``Processing`` that many times, then ``Complete``) and one
download.
"""

from __future__ import annotations

from .helpers import Windows, chunks, weeks_overlapping
from .resources.explanations import QUERY_DAYS as EXPLANATION_DAYS
from .resources.explanations import explanation_window
from .resources.intraday import intraday_window
from .resources.routing import MEMBERS_PAGE_SIZE, SKILLS_PAGE_SIZE, TEAMS_PAGE_SIZE
from .resources.shift_trades import WEEKS_PER_JOB
from .resources.timeoff_plans import VALUE_RANGE_DAYS
from .settings import QUEUES_PAGE_SIZE, USERS_PAGE_SIZE


def pages(records: int, size: int) -> int:
    """Pages of a listing of ``records`` at ``size`` a page (an empty listing is still one page)."""
    return max(1, -(-records // size))


def job(job_polls: int) -> int:
    """A WFM job answered 202: the POST, the polls until Complete, the download."""
    return 1 + (job_polls + 1) + 1


def _work_plan_queries(unit, inline_agents: int, weeks: int) -> int:
    """The per-week work-plan query of each management unit with members: its POST, and a download when it
    answers more agents than ``inline_agents`` (unknown members count one)."""
    if not weeks:
        return 0
    members = unit.members or (None,) * unit.management_units
    return sum(0 if m == 0 else 1 + (m is None or m > inline_agents) for m in members)


def planner_requests(counts, windows: Windows, *, job_polls: int, inline_agents: int) -> dict[str, int]:
    """Requests per planners' resource for ``counts`` (``budget.OrgCounts``) over ``windows``."""
    from .budget import NOTIFICATION_CALLS  # budget imports this module: read at call time

    bus = counts.business_units
    value_queries = len(list(chunks(*windows.time_off, VALUE_RANGE_DAYS)))
    first, end = intraday_window(windows)
    intraday_days = (end - first).days
    return {
        # per business unit: one job per QUERY_DAYS of the window
        "adherence_explanations": len(bus)
        * len(list(chunks(*explanation_window(windows), EXPLANATION_DAYS)))
        * job(job_polls),
        # per business unit with management units: one evaluate job per WEEKS_PER_JOB weeks of the window
        "shift_trades": sum(
            -(-len(weeks_overlapping(*windows.schedules, bu.start_day_of_week)) // WEEKS_PER_JOB) * job(job_polls)
            for bu in bus
            if bu.management_units
        ),
        "time_off_plans": len(bus),
        "staffing_groups": len(bus),
        # per business unit its listing, per limit one values query per VALUE_RANGE_DAYS of the window
        # (limits: as many as the unit has management units unless counted: the simulator has one each)
        "time_off_limits": sum(
            1 + (bu.management_units if bu.time_off_limits is None else bu.time_off_limits) * value_queries
            for bu in bus
        ),
        # per management unit: its plans, its members, the per-week query (and its download)
        "work_plans": sum(
            2 * bu.management_units
            + _work_plan_queries(bu, inline_agents, len(weeks_overlapping(*windows.schedules, bu.start_day_of_week)))
            for bu in bus
        ),
        "work_plan_rotations": sum(bu.management_units for bu in bus),
        "presence_definitions": 2,  # the active ones and the deactivated ones
        # the queue listing, then each queue's member pages (unknown members: one page each)
        "queue_members": pages(counts.queues, QUEUES_PAGE_SIZE)
        + sum(pages(n, MEMBERS_PAGE_SIZE) for n in counts.queue_members or (0,) * counts.queues),
        # the skills, then both user listings with their skills (users whose expand is not resolved: one more
        # each)
        "routing_skills": pages(counts.skills, SKILLS_PAGE_SIZE)
        + pages(counts.users, USERS_PAGE_SIZE)
        + pages(counts.deleted_users, USERS_PAGE_SIZE),
        # the team pages, then each team's member pages
        "teams": pages(len(counts.teams), TEAMS_PAGE_SIZE) + sum(pages(n, MEMBERS_PAGE_SIZE) for n in counts.teams),
        # per business unit its planning groups, then one query per planning group and day (an asynchronous
        # result comes as an event: no request); the notification channel when any query is made
        "intraday": sum(1 + bu.planning_groups * intraday_days for bu in bus)
        + (NOTIFICATION_CALLS if intraday_days and any(bu.planning_groups for bu in bus) else 0),
    }


def planner_paths(
    counts, windows: Windows, *, job_polls: int, inline_agents: int, async_intraday: bool = False
) -> dict[str, tuple[str, ...]]:
    """Per planners' resource its longest chain of dependent calls (``budget.critical_paths``, same rules and
    route classes) for ``counts`` (``budget.OrgCounts``) over ``windows``.

    The API's dependencies: a business unit's listings (plans, staffing groups, limits, planning groups)
    need the business-unit listing; a per-unit call needs the unit listing; a query with dates of the unit's
    time zone or weeks (explanations, shift trades, work plans) needs its settings. An explanation or shift
    trade job is submitted, polled ``job_polls + 1`` times, then downloaded; a limit's values need the limit,
    a work-plan query the unit's members (and is downloaded over ``inline_agents`` agents, or unknown
    members), an intraday query its planning group (and its event when ``async_intraday``: a Processing
    answer, the simulator's for days before the unit's yesterday). Cursor and ``nextUri`` pages (teams,
    team and queue members) each need the one before; a listing with a ``total`` (queues, skills, users)
    reads its later pages at once."""
    from .budget import ASYNC, DIRECTORY, DOWNLOAD, LOGIN, QUERY  # budget imports this module

    bus = counts.business_units
    listed = (LOGIN, DIRECTORY)  # the token, then the business-unit listing
    settings = listed + (DIRECTORY,)  # a unit's settings, its management units, or one of its listings
    job_path = (QUERY,) + (DIRECTORY,) * (job_polls + 1) + (DOWNLOAD,)
    explained = bool(bus) and any(chunks(*explanation_window(windows), EXPLANATION_DAYS))
    traded = any(bu.management_units and weeks_overlapping(*windows.schedules, bu.start_day_of_week) for bu in bus)
    limits = any(bu.management_units if bu.time_off_limits is None else bu.time_off_limits for bu in bus)
    valued = limits and any(chunks(*windows.time_off, VALUE_RANGE_DAYS))
    units = any(bu.management_units for bu in bus)
    queried = [
        bu.members or (None,) * bu.management_units
        for bu in bus
        if weeks_overlapping(*windows.schedules, bu.start_day_of_week)
    ]
    members = [m for unit in queried for m in unit if m != 0]
    downloaded = any(m is None or m > inline_agents for m in members)
    first, end = intraday_window(windows)
    intraday = first < end and any(bu.planning_groups for bu in bus)

    def chain(records: int, size: int) -> tuple[str, ...]:  # pages each of which needs the one before
        return (DIRECTORY,) * pages(records, size)

    def paged(*listings: tuple[int, int]) -> tuple[str, ...]:  # listings with a total, read at once
        return listed + ((DIRECTORY,) if any(pages(n, size) > 1 for n, size in listings) else ())

    queue_members = max(counts.queue_members or (0,) * counts.queues, default=None)
    team_members = max(counts.teams, default=None)
    return {
        "adherence_explanations": settings + (job_path if explained else ()),
        "shift_trades": settings + (job_path if traded else ()),
        "time_off_plans": settings,
        "staffing_groups": settings,
        "time_off_limits": settings + ((QUERY,) if valued else ()),
        # the unit's members (its plans beside them), the query, its download
        "work_plans": settings
        + ((DIRECTORY,) if units else ())
        + (((QUERY,) + ((DOWNLOAD,) if downloaded else ())) if members else ()),
        "work_plan_rotations": settings + ((DIRECTORY,) if units else ()),
        "presence_definitions": (LOGIN, DIRECTORY),
        "queue_members": paged((counts.queues, QUEUES_PAGE_SIZE))
        + (() if queue_members is None else chain(queue_members, MEMBERS_PAGE_SIZE)),
        "routing_skills": paged(
            (counts.skills, SKILLS_PAGE_SIZE), (counts.users, USERS_PAGE_SIZE), (counts.deleted_users, USERS_PAGE_SIZE)
        ),
        "teams": (LOGIN,)
        + chain(len(counts.teams), TEAMS_PAGE_SIZE)
        + (() if team_members is None else chain(team_members, MEMBERS_PAGE_SIZE)),
        "intraday": settings + (((QUERY,) + ((ASYNC,) if async_intraday else ())) if intraday else ()),
    }
