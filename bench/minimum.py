"""The fewest API calls one org's extraction can make, counted from the simulator's model.

The arithmetic is the pipeline's own (``pipelines.genesys.budget``, which ``doctor`` also uses to
estimate tonight's requests on a real org); this module only counts what the simulated org holds.
"""

from __future__ import annotations

from datetime import timedelta

from genesys_sim.model import Model, routing
from pipelines.genesys.budget import OrgCounts, UnitCounts, requests_by_resource, run_requests
from pipelines.genesys.helpers import Windows, weeks_overlapping
from pipelines.genesys.settings import DEFAULT_RESOURCES


def _left_by(account, day) -> bool:
    return account.date_left is not None and account.date_left <= day


def org_counts(model: Model, org_key: str, windows: Windows) -> OrgCounts:
    """Users, queues, and per business unit its management units, the agents of each unit in every
    published week of the schedule window (one schedule and one forecast per week), from the model."""
    org = model.orgs[org_key]
    units, today = [], model.now.date()
    for bu in org.business_units:
        wanted = set(weeks_overlapping(*windows.schedules, bu.spec.start_day_of_week))
        weeks = [w for w in model.world.bu_weeks(bu) if w in wanted]
        agents = tuple(
            tuple(
                sum(1 for a in mu.accounts if a.date_hire < week + timedelta(days=7) and not _left_by(a, week))
                for mu in bu.management_units
            )
            for week in weeks
        )
        members = tuple(sum(1 for a in mu.accounts if not _left_by(a, today)) for mu in bu.management_units)
        units.append(
            UnitCounts(
                len(bu.management_units),
                agents,
                len(weeks),
                bu.tz,
                bu.spec.start_day_of_week,
                members=members,
                planning_groups=len(bu.planning_groups),
            )
        )
    return OrgCounts(
        len(org.accounts),
        len(org.queues),
        tuple(units),
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
