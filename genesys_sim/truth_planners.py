"""Ground truth of the planners' entities (issue 16), from the model, never through the API.

``entity_counts`` (``truth.py``) adds these rows per org; ``explanation_rows`` and the others are what the
reconciliation tests compare the marts with.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from .ids import UTC, week_start
from .model import Model
from .model.explanations import explanations_between
from .model.intraday import day_bounds
from .model.presence import definitions
from .model.routing import queue_members, skills, teams, user_skills
from .model.timeoff_plans import part_timers, plans
from .model.trades import trades as unit_trades
from .model.work_plans import PLANS, assignments

ENTITIES = (
    "adherence_explanations",
    "shift_trades",
    "time_off_plans",
    "time_off_plan_units",
    "time_off_plan_dates",
    "staffing_groups",
    "staffing_group_users",
    "time_off_limits",
    "work_plans",
    "work_plan_agents",
    "work_plan_rotations",
    "work_plan_rotation_agents",
    "agent_week_work_plans",
    "presence_definitions",
    "queue_members",
    "routing_skills",
    "user_routing_skills",
    "teams",
    "team_members",
    "intraday_days",
    "intraday_intervals",
)


def _span(model: Model) -> tuple[datetime, datetime]:
    """Every instant a published schedule can hold (a day's margin either side of the window)."""
    world = model.world
    return (
        datetime.combine(world.window_start - timedelta(days=8), time(0), UTC),
        datetime.combine(world.window_end + timedelta(days=8), time(0), UTC),
    )


def explanations(model: Model, org) -> list:
    """What a first run reads: per business unit, explanations starting from the unit's local midnight 56 days
    before the anchor (default settings) on (a unit's first published week can start before that)."""
    _, end = _span(model)
    found = []
    for bu in org.business_units:
        start = day_bounds(bu, model.world.anchor - timedelta(days=56))[0]
        found += explanations_between(model, [a for mu in bu.management_units for a in mu.accounts], start, end)
    return found


def trades(model: Model, org) -> list:
    """Every trade of every published business-unit week."""
    return [
        t
        for bu in org.business_units
        for week in model.world.bu_weeks(bu)
        for mu in bu.management_units
        for t in unit_trades(model, bu, mu, week)
    ]


def counts(model: Model, org) -> dict[str, int]:
    """Rows each planners' entity has in one org."""
    found = {"adherence_explanations": len(explanations(model, org)), "shift_trades": len(trades(model, org))}
    all_plans = [p for bu in org.business_units for p in plans(model, org.key, bu)]
    groups = [part_timers(model, bu) for bu in org.business_units]
    found.update(
        time_off_plans=len(all_plans),
        time_off_plan_units=sum(len(p.units) + len(p.groups) for p in all_plans),
        time_off_plan_dates=sum(len(p.overrides) for p in all_plans),
        staffing_groups=sum(1 for members in groups if members),
        staffing_group_users=sum(len(members) for members in groups),
        time_off_limits=sum(len(bu.management_units) for bu in org.business_units),
    )
    found.update(work_plan_counts(model, org))
    found["presence_definitions"] = len(definitions(model.seed, org))
    today = model.now.date()
    found["queue_members"] = sum(len(queue_members(model.seed, org, q, today)) for q in org.queues)
    found["routing_skills"] = len(skills(model.seed, org))
    found["user_routing_skills"] = sum(len(user_skills(model.seed, org, a)) for a in org.accounts)
    work_teams = teams(model.seed, org, today)
    found["teams"], found["team_members"] = len(work_teams), sum(len(t.members) for t in work_teams)
    found.update(intraday_counts(model, org))
    return found


def intraday_counts(model: Model, org) -> dict[str, int]:
    """A first run's intraday rows (its last 7 days before the anchor): a day row per business unit, planning
    group and day; 15-minute intervals (92, 96 or 100 a local day) on days of published weeks."""
    anchor, days_rows, intervals = model.world.anchor, 0, 0
    for bu in org.business_units:
        weeks = model.world.bu_weeks(bu)
        for i in range(7):
            day = anchor - timedelta(days=7 - i)
            days_rows += len(bu.planning_groups)
            if any(w <= day < w + timedelta(days=7) for w in weeks):
                start, end = day_bounds(bu, day)
                intervals += len(bu.planning_groups) * int((end - start).total_seconds() // 900)
    return {"intraday_days": days_rows, "intraday_intervals": intervals}


def work_plan_counts(model: Model, org) -> dict[str, int]:
    """Plans (five per unit), direct and rotation agents, and the per-week rows a first run loads: every current
    member for every business-unit week of the extraction's first-run schedule window."""
    units = [(bu, mu) for bu in org.business_units for mu in bu.management_units]
    found = dict.fromkeys(("work_plan_agents", "work_plan_rotations", "work_plan_rotation_agents"), 0)
    found.update(work_plans=len(PLANS) * len(units), agent_week_work_plans=0)
    today = model.now.date()
    for bu, mu in units:
        own = assignments(model, bu, mu)
        rotating = sum(1 for a in own.values() if a.plan is None)
        found["work_plan_agents"] += len(own) - rotating
        found["work_plan_rotations"] += 1 if rotating else 0
        found["work_plan_rotation_agents"] += rotating
        members = sum(1 for a in mu.accounts if a.date_left is None or today < a.date_left)
        found["agent_week_work_plans"] += members * len(first_run_weeks(model, bu))
    return found


def first_run_weeks(model: Model, bu) -> list:
    """The business-unit weeks of a first run's schedule window (default settings: 56 days back, 14 ahead)."""
    today = model.world.anchor
    first = week_start(today - timedelta(days=56), bu.spec.start_day_of_week)
    return [
        first + timedelta(weeks=i)
        for i in range(((today + timedelta(days=14)) - first).days // 7 + 1)
        if first + timedelta(weeks=i) < today + timedelta(days=14)
    ]
