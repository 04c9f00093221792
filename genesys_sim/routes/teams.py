"""Work teams, and the agent-schedule query's validation of ``teamIds`` (Genesys, effective 2025-12-18).

Why: WFM routes take platform work teams (``GET /api/v2/teams``, ``TeamEntityListing`` in SDK v269; there
is no separate WFM team entity) as ``teamIds``. Genesys announced ("Agent Schedule Query API fix for returning
more results than requested", https://community.genesys.com/discussion/agent-schedule-query-api-fix-for-
returning-more-results-than-requested, WFM-31089) that from December 18, 2025 the BU agent-schedule query no
longer answers the whole management unit when the teams do not match: user ids none of which are members of
the requested teams answer 400 ``wfm.no.authorized.users.in.requested.teams``, an empty team (or one with no
member in the management unit) 400 ``wfm.team.empty.or.no.members.in.management.unit``. The messages' text and
what a partial match answers are NOT CONFIRMED: here a partial match answers the matching users, and an
unknown team id counts as empty. wfm-hub's pipeline sends no ``teamIds``.

Each management unit has one team of its current members ("<unit> Team") and each org one empty team
("New Starters"), so both errors can be met.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import render
from ..errors import ApiError
from ..ids import guid, iso_utc
from . import api

EMPTY_TEAM = "New Starters"


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    members: frozenset[str]  # user ids


def org_teams(ctx) -> list[Team]:
    today = ctx.model.now.date()
    teams = [
        Team(
            guid(ctx.model.seed, ctx.org.key, "team", mu.id),
            f"{mu.name} Team",
            frozenset(a.user_id for a in mu.accounts if a.date_left is None or today < a.date_left),
        )
        for bu in ctx.org.business_units
        for mu in bu.management_units
    ]
    return [*teams, Team(guid(ctx.model.seed, ctx.org.key, "team", EMPTY_TEAM), EMPTY_TEAM, frozenset())]


@api("GET", "/api/v2/teams", "groups:team:view", listing=True)
def teams(ctx):
    """One page (cursor paging: no ``nextUri`` when nothing follows)."""
    created = iso_utc(ctx.model.world.created)
    return {
        "entities": [
            {
                "id": t.id,
                "name": t.name,
                "division": render.division(ctx.org),
                "dateCreated": created,
                "dateModified": created,
                "memberCount": len(t.members),
                "selfUri": f"/api/v2/teams/{t.id}",
            }
            for t in org_teams(ctx)
        ],
        "selfUri": "/api/v2/teams",
    }


def requested_users(ctx, mu, user_ids: set[str], team_ids: list[str]) -> set[str]:
    """The users an agent-schedule query asks for: ``user_ids`` (empty: everyone), narrowed to the members of
    ``team_ids`` in management unit ``mu`` when teams are named; the two 400s when they do not match."""
    if not team_ids:
        return user_ids
    known = {t.id: t for t in org_teams(ctx)}
    in_unit = {a.user_id for a in mu.accounts}
    members: set[str] = set()
    for team_id in team_ids:
        team = known.get(team_id)
        found = (team.members if team else frozenset()) & in_unit
        if not found:
            raise ApiError(
                400,
                "wfm.team.empty.or.no.members.in.management.unit",
                f"Team {team_id} is empty or has no members in management unit {mu.id}",
                params={"teamId": team_id, "managementUnitId": mu.id},
            )
        members |= found
    if not user_ids:
        return members
    wanted = user_ids & members
    if not wanted:
        raise ApiError(
            400,
            "wfm.no.authorized.users.in.requested.teams",
            "None of the requested users are members of the requested teams",
            params={"teamIds": ",".join(team_ids)},
        )
    return wanted
