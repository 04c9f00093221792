"""Queue members, routing skills and users' skills (SDK v269 RoutingApi, UsersApi; work teams: teams.py).

* GET ``/api/v2/routing/queues/{queueId}/members``: offset pages (``pageSize`` at most 100) whose
  ``QueueMemberEntityListing`` has no ``total``, ``pageCount`` or ``lastUri``: only ``nextUri`` says more come;
  filters ``memberBy`` (user | group), ``joined``, ``name``. Any of ``routing:queue:view``,
  ``routing:queue:edit``, ``routing:queue:readonly``, ``routing:queueMember:manage``. (``.../users`` is
  deprecated: not served.)
* GET ``/api/v2/routing/skills``: offset pages with ``total``; ``routing:skill:view``.
* GET ``/api/v2/users/{userId}/routingskills``: the guaranteed per-user route (``expand=skills`` on the user
  listing is "resolved with a best effort approach"); offset pages; no permission listed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from .. import render
from ..errors import ApiError, not_found
from ..ids import iso_utc
from ..model.routing import queue_members, skills, user_skills
from . import api, offset_page

QUEUE_ANY = ("routing:queue:view", "routing:queue:edit", "routing:queue:readonly", "routing:queueMember:manage")


def _today(ctx):
    return ctx.model.now.date()


@api("GET", "/api/v2/routing/queues/{queueId}/members", QUEUE_ANY, listing=True)
def queue_member_listing(ctx):
    queue = next((q for q in ctx.org.queues if q.id == ctx.path_params["queueId"]), None)
    if queue is None:
        raise not_found(f"queue {ctx.path_params['queueId']}")
    size, number = ctx.int_param("pageSize", 25, 1, 100), ctx.int_param("pageNumber", 1, 1)
    member_by, joined, name = ctx.query.get("memberBy"), ctx.query.get("joined"), ctx.query.get("name")
    if member_by not in (None, "user", "group"):
        raise ApiError(400, "bad.request", f"memberBy must be user or group, got {member_by!r}")
    rows = [
        (a, j)
        for a, j in queue_members(ctx.model.seed, ctx.org, queue, _today(ctx))
        if member_by != "group"
        and (joined is None or str(j).lower() == joined.lower())
        and (not name or name.lower() in a.name.lower())
    ]
    rows = ctx.runtime.vanish(ctx.org.key, ctx.path, rows)
    chosen = rows[(number - 1) * size : number * size]
    keep = [(k, v) for k, v in ctx.query.multi_items() if k not in ("pageSize", "pageNumber")]

    def uri(n: int) -> str:
        return ctx.path + "?" + urlencode([("pageSize", size), ("pageNumber", n), *keep])

    page = {
        "entities": [
            {
                "id": a.user_id,
                "name": a.name,
                "user": {"id": a.user_id, "name": a.name, "selfUri": f"/api/v2/users/{a.user_id}"},
                "ringNumber": 1,
                "joined": j,
                "memberBy": "user",
                "selfUri": f"/api/v2/routing/queues/{queue.id}/members/{a.user_id}",
            }
            for a, j in chosen
        ],
        "pageNumber": number,
        "pageSize": size,
        "firstUri": uri(1),
        "selfUri": uri(number),
    }
    if number * size < len(rows):
        page["nextUri"] = uri(number + 1)
    if number > 1:
        page["previousUri"] = uri(number - 1)
    return page


def skill_json(ctx, skill) -> dict:
    return {
        "id": skill.id,
        "name": skill.name,
        "division": render.division(ctx.org),
        "dateModified": iso_utc(ctx.model.world.created),
        "state": "active",
        "version": "1",
        "selfUri": f"/api/v2/routing/skills/{skill.id}",
    }


@api("GET", "/api/v2/routing/skills", "routing:skill:view", listing=True)
def skill_listing(ctx):
    name, wanted = ctx.query.get("name"), set(ctx.query.getlist("id"))
    rows = [
        s
        for s in skills(ctx.model.seed, ctx.org)
        if (not name or s.name.lower().startswith(name.lower())) and (not wanted or s.id in wanted)
    ]
    return offset_page(ctx, rows, max_size=500, render=lambda s: skill_json(ctx, s))


def user_skill_json(skill, proficiency: int) -> dict:
    return {
        "id": skill.id,
        "name": skill.name,
        "proficiency": float(proficiency),
        "state": "active",
        "skillUri": f"/api/v2/routing/skills/{skill.id}",
        "selfUri": f"/api/v2/routing/skills/{skill.id}",
    }


def expanded_skills(ctx, account, expand: set[str]) -> dict:
    """The ``skills`` a user listing adds when its ``expand`` values name ``skills`` (nothing without it)."""
    if "skills" not in expand:
        return {}
    return {"skills": [user_skill_json(s, p) for s, p in user_skills(ctx.model.seed, ctx.org, account)]}


# "Requires no permissions" per the evidence (none listed for this route)
@api("GET", "/api/v2/users/{userId}/routingskills", listing=True)
def user_routing_skills(ctx):
    account = ctx.org.account(ctx.path_params["userId"])
    if account is None:
        raise not_found(f"user {ctx.path_params['userId']}")
    held = user_skills(ctx.model.seed, ctx.org, account)
    return offset_page(ctx, held, render=lambda item: user_skill_json(*item))
