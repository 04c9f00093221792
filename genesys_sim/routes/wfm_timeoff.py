"""Time-off requests queried per management unit (PENDING only, or a date range of at most 33 days)."""

from __future__ import annotations

from datetime import date

from .. import render
from ..errors import ApiError
from . import api
from .wfm_units import WFM, find_mu

MAX_RANGE_DAYS = 33
STATUSES = ("PENDING", "APPROVED", "DENIED", "CANCELED")


@api(
    "POST", f"{WFM}/managementunits/{{managementUnitId}}/timeoffrequests/query", "wfm:timeOffRequest:view", listing=True
)
def query_time_off(ctx):
    _, mu = find_mu(ctx)
    body = ctx.require_body()
    statuses = body.get("statuses") or []
    for status in statuses:
        if status not in STATUSES:
            raise ApiError(400, "bad.request", f"statuses may only contain {list(STATUSES)}, got {status!r}")
    date_range = body.get("dateRange")
    start = end = None
    if date_range:
        try:
            start, end = date.fromisoformat(date_range["startDate"]), date.fromisoformat(date_range["endDate"])
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "bad.request", "dateRange needs startDate and endDate as yyyy-MM-dd") from None
        if end < start or (end - start).days + 1 > MAX_RANGE_DAYS:
            raise ApiError(
                400, "bad.request", f"dateRange must span at most {MAX_RANGE_DAYS} days (inclusive), got {start}..{end}"
            )
    elif statuses != ["PENDING"]:
        raise ApiError(
            400,
            "bad.request",
            "Either statuses must be exactly [PENDING] or a dateRange of at most 33 days is required",
        )
    users = set(body.get("userIds") or ())
    ids = set(body.get("ids") or ())
    now = ctx.model.now
    rows = []
    for req in ctx.model.time_off(ctx.org.key).for_management_unit(mu.id):
        if req.submitted > now or (statuses and req.status not in statuses):
            continue
        if (users and req.account.user_id not in users) or (ids and req.id not in ids):
            continue
        if start is not None and not any(start <= d <= end for d in req.dates):
            continue
        rows.append(render.time_off_request(req))
    if ctx.flag("forceDownloadService"):
        return {"downloadUrl": ctx.download({"entities": rows})}
    return {"entities": rows}
