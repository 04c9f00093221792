"""Who can take which queue: queue members, routing skills and users' skills, work teams and their members.

* Queue members: GET ``/api/v2/routing/queues/{id}/members`` for every queue (its own queue listing: resources
  are independent). Its pages carry no ``total`` or ``pageCount`` (SDK v269 ``QueueMemberEntityListing``): only
  ``nextUri`` says more come, which ``client.pages`` follows. Complete per queue: scd2 keeps who could take
  which queue when.
* Skills: GET ``/api/v2/routing/skills``, and each user's skills from the user listings with ``expand=skills``
  (every user, as ``directory.users`` lists them: ``state=any`` and ``state=deleted``).
  Genesys resolves expands "with a best effort approach": a user whose answer lacks ``skills`` is asked
  through ``/api/v2/users/{id}/routingskills`` (the guaranteed route), never taken as skill-less.
* Work teams (the teams WFM filters on): GET ``/api/v2/teams`` and each team's ``/members``, both cursor-paged
  (``nextUri`` carries the cursor).
"""

from __future__ import annotations

from ...names import name_key
from ..client import GenesysClient, MalformedAnswer
from ..emit import emit
from ..settings import QUEUES_PAGE_SIZE
from ..structure import Extraction
from .directory import every_user

MEMBERS_PAGE_SIZE = 100  # QueueMember, team members: "Max value is 100"
SKILLS_PAGE_SIZE = 100
TEAMS_PAGE_SIZE = 100


def cursor_pages(c: GenesysClient, path: str, page_size: int):
    """Each page's entities of a cursor-paged listing, following ``nextUri`` until there is none; a page of
    repeats (a loop) or more than ``max_pages`` pages fails loudly, never a shorter success."""
    seen: set = set()
    page = c.get(path, expect=("entities",), pageSize=page_size)
    for number in range(1, c.settings.max_pages + 1):
        entities = page["entities"]
        fresh = [e for e in entities if not isinstance(e, dict) or e.get("id") not in seen]
        if entities and not fresh:
            raise MalformedAnswer(f"org {c.org.key}: GET {path}: page {number} only repeats earlier records")
        seen.update(e.get("id") for e in fresh if isinstance(e, dict))
        yield fresh
        if not page.get("nextUri"):
            return
        page = c.get(page["nextUri"], expect=("entities",))
    raise MalformedAnswer(f"org {c.org.key}: GET {path}: still more pages after {c.settings.max_pages}")


def member_row(cols: dict, queue_id: str, m: dict) -> dict:
    user = m.get("user") or {}
    return {
        **cols,
        "queue_id": queue_id,
        "user_id": user.get("id") or m["id"],
        "member_name": m.get("name") or user.get("name"),
        "joined": m.get("joined"),
        "member_by": m.get("memberBy"),
        "ring_number": m.get("ringNumber"),
    }


def queue_members(x: Extraction):
    """The queue listing, then every queue's members in flight together (``GenesysClient.each``; a queue's
    pages follow each other: ``nextUri``), handed on in the listing's order."""
    c = x.client
    queue_ids = [queue["id"] for page in c.pages("/api/v2/routing/queues", QUEUES_PAGE_SIZE) for queue in page]

    def members_of(queue_id: str) -> list[dict]:
        return [m for chunk in c.pages(f"/api/v2/routing/queues/{queue_id}/members", MEMBERS_PAGE_SIZE) for m in chunk]

    for queue_id, members in zip(queue_ids, c.each(members_of, queue_ids), strict=True):
        yield x.rows(member_row, members, queue_id)


def skill_row(cols: dict, s: dict) -> dict:
    return {
        **cols,
        "skill_id": s["id"],
        "name": s["name"],
        "name_key": name_key(s["name"]),
        "state": s.get("state"),
        "date_modified": s.get("dateModified"),
    }


def user_skill_row(cols: dict, user_id: str, s: dict) -> dict:
    return {
        **cols,
        "user_id": user_id,
        "skill_id": s["id"],
        "skill_name": s.get("name"),
        "proficiency": s.get("proficiency"),
        "state": s.get("state"),
    }


def routing_skills(x: Extraction):
    c = x.client
    for page in c.pages("/api/v2/routing/skills", SKILLS_PAGE_SIZE):
        yield x.rows(skill_row, page)

    def own_route(user_id: str) -> list[dict]:
        return [s for chunk in c.pages(f"/api/v2/users/{user_id}/routingskills", SKILLS_PAGE_SIZE) for s in chunk]

    for page in every_user(c, "skills"):
        users = [u for u in page if isinstance(u, dict) and u.get("id")]
        unresolved = [u["id"] for u in users if u.get("skills") is None]  # the expand was not resolved for them
        for user_id in unresolved:
            c.counters.warn(f"user {user_id}: no skills in the expanded listing; read from its own route")
        read = dict(zip(unresolved, c.each(own_route, unresolved), strict=True))
        rows = []
        for user in users:
            held = user.get("skills")
            rows += x.rows(user_skill_row, read[user["id"]] if held is None else held, user["id"])
        yield emit("user_routing_skills", rows)


def team_row(cols: dict, t: dict) -> dict:
    return {
        **cols,
        "team_id": t["id"],
        "name": t["name"],
        "name_key": name_key(t["name"]),
        "description": t.get("description"),
        "division_id": (t.get("division") or {}).get("id"),
        "member_count": t.get("memberCount"),
        "date_modified": t.get("dateModified"),
    }


def teams(x: Extraction):
    """The team pages (each needs the one before: a cursor), then every team's members in flight together
    (``GenesysClient.each``), handed on in the listing's order."""
    c = x.client
    team_ids = []
    for page in cursor_pages(c, "/api/v2/teams", TEAMS_PAGE_SIZE):
        yield x.rows(team_row, page)
        team_ids += [t["id"] for t in page if isinstance(t, dict) and t.get("id")]

    def members_of(team_id: str) -> list[dict]:
        return [m for chunk in cursor_pages(c, f"/api/v2/teams/{team_id}/members", MEMBERS_PAGE_SIZE) for m in chunk]

    for team_id, members in zip(team_ids, c.each(members_of, team_ids), strict=True):
        rows = [
            {**x.cols, "team_id": team_id, "user_id": m["id"]} for m in members if isinstance(m, dict) and m.get("id")
        ]
        yield emit("team_members", rows)
