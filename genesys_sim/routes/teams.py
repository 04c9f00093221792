"""Work teams (SDK v269 TeamsApi), and the agent-schedule query's validation of ``teamIds`` (Genesys, effective
2025-12-18).

* GET ``/api/v2/teams`` and ``/api/v2/teams/{teamId}/members``: cursor pages (``after``/``before``, ``nextUri``
  with the cursor; cursors are opaque), ``groups:team:view`` (the members route's permission is not in the
  evidence: assumed the same). The teams are the model's (``model.routing.teams``).
* Validation. WFM routes take platform work teams (there is no separate WFM team entity) as ``teamIds``.
  Genesys announced ("Agent Schedule Query API fix for returning more results than requested",
  https://community.genesys.com/discussion/agent-schedule-query-api-fix-for-returning-more-results-than-requested,
  WFM-31089) that from December 18, 2025 the BU agent-schedule query no longer answers the whole management
  unit when the teams do not match: user ids none of which are members of the requested teams answer 400
  ``wfm.no.authorized.users.in.requested.teams``, an empty team (or one with no member in the management unit)
  400 ``wfm.team.empty.or.no.members.in.management.unit``. The messages' text and what a partial match answers
  are NOT CONFIRMED: here a partial match answers the matching users, and an unknown team id counts as empty.
  wfm-hub's pipeline sends no ``teamIds``.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from .. import render
from ..errors import ApiError, not_found
from ..ids import iso_utc
from ..model.routing import teams
from . import api


def _teams(ctx) -> list:
    return teams(ctx.model.seed, ctx.org, ctx.model.now.date())


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"i:{index}".encode()).decode().rstrip("=")


def _position(ctx) -> int:
    after = ctx.query.get("after")
    if not after:
        return 0
    try:
        kind, _, index = base64.urlsafe_b64decode(after + "=" * (-len(after) % 4)).decode().partition(":")
        return int(index) if kind == "i" else 0
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad.request", "after is not a cursor this listing issued") from None


def cursor_page(ctx, items: list, render, default_size: int = 25) -> dict:
    """Genesys cursor paging: ``pageSize`` items after the ``after`` cursor, ``nextUri`` while more remain."""
    size, start = ctx.int_param("pageSize", default_size, 1, 100), _position(ctx)
    items = ctx.runtime.vanish(ctx.org.key, ctx.path, items)
    keep = [(k, v) for k, v in ctx.query.multi_items() if k not in ("after", "before", "pageSize")]
    page = {"entities": [render(i) for i in items[start : start + size]], "selfUri": ctx.path}
    if start + size < len(items):
        page["nextUri"] = ctx.path + "?" + urlencode([("pageSize", size), ("after", _cursor(start + size)), *keep])
    if start > 0:
        page["previousUri"] = ctx.path + "?" + urlencode([("pageSize", size), ("before", _cursor(start)), *keep])
    return page


def team_json(ctx, team) -> dict:
    created = iso_utc(ctx.model.world.created)
    return {
        "id": team.id,
        "name": team.name,
        "division": render.division(ctx.org),
        "description": f"Work team of {team.mu.name}" if team.mu else "Work team with no members yet",
        "dateCreated": created,
        "dateModified": created,
        "memberCount": len(team.members),
        "selfUri": f"/api/v2/teams/{team.id}",
    }


@api("GET", "/api/v2/teams", "groups:team:view", listing=True)
def team_listing(ctx):
    name = (ctx.query.get("name") or "").lower()
    found = [t for t in _teams(ctx) if t.name.lower().startswith(name)]
    return cursor_page(ctx, found, lambda t: team_json(ctx, t))


@api("GET", "/api/v2/teams/{teamId}/members", "groups:team:view", listing=True)
def team_member_listing(ctx):
    team = next((t for t in _teams(ctx) if t.id == ctx.path_params["teamId"]), None)
    if team is None:
        raise not_found(f"team {ctx.path_params['teamId']}")
    return cursor_page(
        ctx,
        list(team.members),
        lambda a: {"id": a.user_id, "name": a.name, "selfUri": f"/api/v2/users/{a.user_id}"},
    )


def requested_users(ctx, mu, user_ids: set[str], team_ids: list[str]) -> set[str]:
    """The users an agent-schedule query asks for: ``user_ids`` (empty: everyone), narrowed to the members of
    ``team_ids`` in management unit ``mu`` when teams are named; the two 400s when they do not match."""
    if not team_ids:
        return user_ids
    known = {t.id: t for t in _teams(ctx)}
    in_unit = {a.user_id for a in mu.accounts}
    members: set[str] = set()
    for team_id in team_ids:
        team = known.get(team_id)
        found = {a.user_id for a in (team.members if team else ())} & in_unit
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
