"""Organization, users and queues: the directory every other table joins to."""

from __future__ import annotations

import dlt

from ..client import GenesysClient, MalformedAnswer
from ..helpers import queue_row, user_row
from ..settings import QUEUES_PAGE_SIZE, USERS_PAGE_SIZE
from ..structure import Extraction

USER_STATES = ("any", "deleted")  # the listings that together return every user (see ``users``)


def organizations(x: Extraction):
    o = x.org.organization
    yield [{**x.cols, "name": o.get("name"), "state": o.get("state"), "domain": o.get("domain")}]


def every_user(client: GenesysClient, expand: str):
    """Pages of every user with ``expand``: the ``USER_STATES`` listings, a user both return kept once (the
    second time it is left out of the page; records without an id pass through, for ``Extraction.rows`` to
    refuse). Read this way wherever users are listed (``users``, ``routing.routing_skills``)."""
    seen: set[str] = set()
    for listing in USER_STATES:
        for page in client.pages("/api/v2/users", USERS_PAGE_SIZE, state=listing, expand=expand):
            fresh = [u for u in page if not isinstance(u, dict) or u.get("id") not in seen]
            seen.update(u["id"] for u in fresh if isinstance(u, dict) and u.get("id"))
            yield fresh


def users(x: Extraction):
    """Every user in every state, with ``employerInfo`` (an ``expand`` value: without it the API leaves
    out employeeId and dateHire; both stay optional). Whether ``state=any`` includes deleted users is not
    documented (NOT CONFIRMED), so ``state=deleted`` is listed too and a user both listings return is kept
    once: right whichever way the platform answers. scd2 closes the rows of users the listings no longer
    return, so listings that would retire more than ``extract.max_retired_user_share`` of the users seen
    last time fail the org instead (a truncated listing must not retire people)."""
    seen: dict[str, None] = {}
    for page in every_user(x.client, "employerInfo"):
        rows = x.rows(user_row, page)
        seen.update(dict.fromkeys(row["user_id"] for row in rows))
        yield rows
    state = dlt.current.resource_state()
    before = set(state.get("user_ids") or ())
    retired = before - set(seen)
    share = x.client.settings.max_retired_user_share
    if before and len(retired) > share * len(before):
        raise MalformedAnswer(
            f"org {x.client.org.key}: /api/v2/users no longer lists {len(retired)} of the {len(before)} users "
            f"seen by the last run (more than extract.max_retired_user_share = {share:g}); refusing to retire "
            "them. If they really were deleted, raise the share for one run."
        )
    state["user_ids"] = sorted(seen)


def queues(x: Extraction):
    for page in x.client.pages("/api/v2/routing/queues", QUEUES_PAGE_SIZE):
        yield x.rows(queue_row, page)
