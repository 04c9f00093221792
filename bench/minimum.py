"""The fewest API calls one org's extraction can make, and the least time it can take, from the simulator's model.

The arithmetic is the pipeline's own (``pipelines.genesys.budget``, which ``doctor`` also uses to
estimate tonight's requests on a real org); this module only counts what the simulated org holds and
prices the calls with the simulator's latency profile.

The physical minimum of one org's extraction (issue 17): it cannot end before its longest chain of calls
that must follow each other has been answered (``budget.critical_paths``, each call at its class's mean
answer time), nor make its requests faster than the token's rate limit allows. The rate term is given two
ways: ``sustained_rate_s`` = requests / limit (the issue's definition: the long-run pace), and
``window_floor_s`` = 60 s x floor((requests - 1) / limit), the exact floor of a sliding 60 s window, which
admits a burst of ``limit`` calls at once, so a run of fewer requests than the limit is bound by its chain
alone. ``minimum_s`` uses the first, ``strict_minimum_s`` the second (never above a measured wall time).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from genesys_sim.latency import LatencyProfile
from genesys_sim.model import Model, routing
from genesys_sim.routes.wfm_schedules import employed_during
from pipelines.genesys.budget import (
    ASYNC,
    OrgCounts,
    UnitCounts,
    critical_paths,
    requests_by_resource,
    run_requests,
)
from pipelines.genesys.helpers import Windows, local_midnight, weeks_overlapping
from pipelines.genesys.resources.intraday import intraday_window
from pipelines.genesys.resources.schedules import SEARCH_PAST_WEEK
from pipelines.genesys.settings import DEFAULT_RESOURCES


def _searched_agents(model: Model, bu, mu, week) -> int:
    """Agents in the simulator's published view of one management unit over the range the pipeline searches
    for a week (``resources.schedules``): those employed on some local day of it."""
    zone = ZoneInfo(bu.tz)
    start = local_midnight(week, bu.tz)
    end = local_midnight(week + timedelta(days=7), bu.tz) + SEARCH_PAST_WEEK
    first, last = start.astimezone(zone).date(), (end - timedelta(microseconds=1)).astimezone(zone).date()
    return sum(1 for a in mu.accounts if employed_during(a, first, last + timedelta(days=1)))


def org_counts(model: Model, org_key: str, windows: Windows) -> OrgCounts:
    """Users (state any, and deleted), queues, and per business unit its management units, the agents of each
    unit in the published view of every week of the schedule window a schedule spans, the forecast weeks of
    the window, its current members and planning groups; the org's skills, work teams and queue members;
    from the model."""
    org = model.orgs[org_key]
    today = model.now.date()
    units = []
    for bu in org.business_units:
        weeks = weeks_overlapping(*windows.schedules, bu.spec.start_day_of_week)
        read = [w for w in weeks if any(s.spans(w) for s in model.schedules(org_key, bu))]
        agents = tuple(tuple(_searched_agents(model, bu, mu, week) for mu in bu.management_units) for week in read)
        forecast_weeks = sum(1 for w in weeks for f in model.forecasts(org_key, bu) if f.spans(w))
        members = tuple(sum(1 for a in mu.accounts if routing.active(a, today)) for mu in bu.management_units)
        units.append(
            UnitCounts(
                len(bu.management_units),
                agents,
                forecast_weeks,
                bu.tz,
                bu.spec.start_day_of_week,
                members=members,
                planning_groups=len(bu.planning_groups),
            )
        )
    deleted = sum(1 for a in org.accounts if a.state_on(today) == "deleted")
    return OrgCounts(
        len(org.accounts) - deleted,
        len(org.queues),
        tuple(units),
        deleted,
        skills=len(routing.skills(model.seed, org)),
        teams=tuple(len(t.members) for t in routing.teams(model.seed, org, today)),
        queue_members=tuple(len(routing.queue_members(model.seed, org, q, today)) for q in org.queues),
    )


def minimum_requests(
    model: Model, org_key: str, windows: Windows, job_polls: int = 1, inline_agents: int | None = None
) -> int:
    """The fewest calls that can read every entity of one org over the run's windows (nightly
    resources, the token included): ``budget.requests_by_resource`` of the model's counts."""
    counts = org_counts(model, org_key, windows)
    inline = model.world.scenario.inline_schedule_limit if inline_agents is None else inline_agents
    return run_requests(
        requests_by_resource(counts, windows, job_polls=job_polls, inline_agents=inline), DEFAULT_RESOURCES
    )


def physical_minimum(model: Model, org_key: str, windows: Windows, profile: LatencyProfile, rate_limit: int) -> dict:
    """The least time one org's extraction over ``windows`` can take against ``profile`` and a token allowed
    ``rate_limit`` requests a minute (see the module docstring), with its parts, in seconds."""
    scenario = model.world.scenario
    paths = critical_paths(
        org_counts(model, org_key, windows),
        windows,
        inline_agents=scenario.inline_schedule_limit,
        async_agents=scenario.async_schedule_limit,
        async_requirements=True,  # the simulator computes a forecast's requirement on its first request
        # the simulator answers an intraday day before the unit's yesterday asynchronously (a backfill's days)
        async_intraday=intraday_window(windows)[0] < model.now.date() - timedelta(days=1),
    )

    def seconds(path: tuple[str, ...]) -> float:
        return sum((profile.async_result_seconds or 0) if c == ASYNC else profile.mean_seconds(c) for c in path)

    longest = max(DEFAULT_RESOURCES, key=lambda name: seconds(paths[name]))
    requests = minimum_requests(model, org_key, windows)
    chain = seconds(paths[longest])
    sustained, floor = requests * 60 / rate_limit, 60.0 * ((requests - 1) // rate_limit)
    return {
        "requests": requests,
        "chain_s": round(chain, 2),
        "chain": f"{longest}: {' -> '.join(paths[longest])}",
        "sustained_rate_s": round(sustained, 2),
        "window_floor_s": floor,
        "minimum_s": round(max(sustained, chain), 2),
        "strict_minimum_s": round(max(floor, chain), 2),
    }
