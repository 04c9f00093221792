"""Organization, users and queues (offset-paged, as the real API)."""

from __future__ import annotations

from .. import render
from ..errors import ApiError
from . import api, offset_page

USER_STATES = ("active", "inactive", "deleted", "any")


@api("GET", "/api/v2/organizations/me")
def organization(ctx):
    org = ctx.org
    return {
        "id": org.org_id,
        "name": org.spec.name,
        "defaultLanguage": "en-us",
        "defaultCountryCode": "US",
        "thirdPartyOrgName": org.key,
        "domain": org.key,
        "version": 1,
        "state": "active",
        "features": {"wfm": True},
        "productPlatform": "PureCloud",
        "selfUri": f"/api/v2/organizations/{org.org_id}",
    }


@api("GET", "/api/v2/users", listing=True)
def users(ctx):
    state = ctx.query.get("state", "active")
    if state not in USER_STATES:
        raise ApiError(400, "bad.request", f"state must be one of {list(USER_STATES)}, got {state!r}")
    today = ctx.runtime.model.now.date()
    wanted = set(ctx.query.getlist("id"))
    rows = []
    for account in ctx.org.accounts:
        if wanted and account.user_id not in wanted:
            continue
        active = account.date_left is None or today < account.date_left
        if state == "any" or state == ("active" if active else "inactive"):
            rows.append(account)
    if ctx.query.get("sortOrder", "ASC").upper() in ("DESC", "DESCENDING"):
        rows.reverse()
    return offset_page(ctx, rows, max_size=500, render=lambda a: _with_skills(ctx, render.user(ctx.org, a, today), a))


def _with_skills(ctx, body: dict, account) -> dict:
    """``expand=skills``: the routing skills the user holds (issue 16; routes/routing_teams.py)."""
    from .routing_teams import expanded_skills

    return {**body, **expanded_skills(ctx, account)}


@api("GET", "/api/v2/routing/queues", permission="routing:queue:view", listing=True)
def queues(ctx):
    name = ctx.query.get("name")
    rows = []
    for q in ctx.org.queues:
        if name and not _matches(q.name, name):
            continue
        rows.append(render.queue(ctx.org, q))
    return offset_page(ctx, rows, max_size=500)


def _matches(value: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return value.lower().startswith(pattern[:-1].lower())
    return value.lower() == pattern.lower()
