"""Organization, users and queues (offset-paged, as the real API)."""

from __future__ import annotations

from .. import render
from ..errors import ApiError
from . import api, offset_page
from .routing import expanded_skills

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
    """``state``: active (default), inactive, deleted or any. Which states ``any`` includes is NOT CONFIRMED
    (the SDK lists the values only): here active and inactive users, not deleted ones, which only
    ``state=deleted`` lists. ``expand`` (comma-separated or repeated, exact names): ``employerInfo`` adds
    employerInfo, ``skills`` the user's routing skills, otherwise left out, as for every expand-only field."""
    state = ctx.query.get("state", "active")
    if state not in USER_STATES:
        raise ApiError(400, "bad.request", f"state must be one of {list(USER_STATES)}, got {state!r}")
    today = ctx.runtime.model.now.date()
    wanted = set(ctx.query.getlist("id"))
    expand = {part.strip() for value in ctx.query.getlist("expand") for part in value.split(",")}
    rows = []
    for account in ctx.org.accounts:
        if wanted and account.user_id not in wanted:
            continue
        current = account.state_on(today)
        if current == state or (state == "any" and current != "deleted"):
            rows.append(account)
    if ctx.query.get("sortOrder", "ASC").upper() in ("DESC", "DESCENDING"):
        rows.reverse()
    return offset_page(ctx, rows, max_size=500, render=lambda a: _user(ctx, a, today, expand))


def _user(ctx, account, today, expand: set[str]) -> dict:
    """One user as listed: ``render.user`` with its expand-only fields, and ``skills`` for ``expand=skills``
    (issue 16; routes/routing.py)."""
    return {**render.user(ctx.org, account, today, expand), **expanded_skills(ctx, account, expand)}


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
