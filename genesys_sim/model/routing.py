"""Who can take which queue: routing skills, each user's skills, queue members, and work teams.

* Skills: one per planning group name of the org (a skill per line of work) plus ``Escalations``.
* A user holds the skills of their business unit's planning groups (proficiency 1 to 5), and senior agents
  and team leads ``Escalations`` too.
* A queue's members are the users of every business unit with a planning group routing to it; about one in
  ten has not joined it (``joined`` false: a member who takes no calls from it).
* Work teams (``/api/v2/teams``, the teams WFM filters on): each management unit's active users in teams of
  about ``TEAM_SIZE`` (``<unit> Team A``, ``B``...); a user is in one team, a bi-regional person in one per org.
  Each org also has one empty team (``EMPTY_TEAM``), so the agent-schedule query's empty-team 400 can be met
  (routes/teams.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..ids import guid, rng

TEAM_SIZE = 15
EMPTY_TEAM = "New Starters"
ESCALATION_TITLES = ("Senior Agent", "Team Lead")


@dataclass(frozen=True)
class Skill:
    id: str
    name: str


def skills(seed: int, org) -> list[Skill]:
    names = dict.fromkeys(pg.spec.name for bu in org.business_units for pg in bu.planning_groups)
    return [Skill(guid(seed, org.key, "skill", name), name) for name in [*names, "Escalations"]]


def user_skills(seed: int, org, account) -> list[tuple[Skill, int]]:
    """(skill, proficiency 1-5) of one user."""
    wanted = {pg.spec.name for pg in account.bu.planning_groups}
    if account.title in ESCALATION_TITLES:
        wanted.add("Escalations")
    held = [s for s in skills(seed, org) if s.name in wanted]
    return [(s, rng(seed, account.user_id, "proficiency", s.name).randint(1, 5)) for s in held]


def active(account, today) -> bool:
    return account.date_left is None or today < account.date_left


def queue_members(seed: int, org, queue, today) -> list[tuple[object, bool]]:
    """(account, joined) of every active member of a queue, in account order."""
    units = [bu for bu in org.business_units if any(pg.queue_id == queue.id for pg in bu.planning_groups)]
    members = [a for bu in units for mu in bu.management_units for a in mu.accounts if active(a, today)]
    return [(a, rng(seed, a.user_id, "joined", queue.id).random() >= 0.1) for a in members]


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    mu: object  # its management unit; None for the empty team
    members: tuple  # accounts


def teams(seed: int, org, today) -> list[Team]:
    found = []
    for bu in org.business_units:
        for mu in bu.management_units:
            people = [a for a in mu.accounts if active(a, today)]
            count = max(1, math.ceil(len(people) / TEAM_SIZE))
            for k in range(count):
                found.append(
                    Team(
                        guid(seed, org.key, "team", mu.id, k),
                        f"{mu.name} Team {chr(ord('A') + k)}",
                        mu,
                        tuple(people[k::count]),
                    )
                )
    return [*found, Team(guid(seed, org.key, "team", EMPTY_TEAM), EMPTY_TEAM, None, ())]
