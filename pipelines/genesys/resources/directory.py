"""Organization, users and queues: the directory every other table joins to."""

from __future__ import annotations

import dlt

from ..client import MalformedAnswer
from ..helpers import queue_row, user_row
from ..settings import QUEUES_PAGE_SIZE, USERS_PAGE_SIZE
from ..structure import Extraction


def organizations(x: Extraction):
    o = x.org.organization
    yield [{**x.cols, "name": o.get("name"), "state": o.get("state"), "domain": o.get("domain")}]


def users(x: Extraction):
    """Every user in every state, with ``employerInfo`` (an ``expand`` value: without it the API leaves
    out employeeId and dateHire). scd2 closes the rows of users the listing no longer returns, so a
    listing that would retire more than ``extract.max_retired_user_share`` of the users seen last time
    fails the org instead (a truncated listing must not retire people)."""
    seen: list[str] = []
    for page in x.client.pages("/api/v2/users", USERS_PAGE_SIZE, state="any", expand="employerInfo"):
        rows = x.rows(user_row, page)
        seen += [row["user_id"] for row in rows]
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
