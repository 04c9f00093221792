"""Real-time adherence per management unit, and the historical adherence bulk job (async + downloadUrls)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..adherence_stream import common_fields
from ..errors import ApiError, not_found
from ..ids import iso_utc, parse_iso
from ..model import Shift
from ..model.adherence import actual_segments, exceptions
from ..model.catalog import SYSTEM_PRESENCE
from ..model.realtime import on_roster, timeline
from . import api
from .wfm_units import WFM, find_mu

# "The maximum supported range for historical adherence queries is 31 days, or 7 days with includeExceptions =
# true" (SDK v269 docstrings of the management-unit and team routes; the agent route counts actuals alike). The
# bulk route documents no limit (NOT CONFIRMED): the simulator assumes the same rule for each bulk item, with
# actuals counted like exceptions, and answers an item past it 400 (ErrorBody; the real code and message are
# NOT CONFIRMED). A local week across a fall-back change is 169 hours: longer than 7 days.
MAX_BULK_DAYS = 31
MAX_BULK_DAYS_WITH_DETAIL = 7


def _state(model, account, now) -> dict:
    """Scheduled vs actual category and adherence state of one agent at ``now`` (model.realtime)."""
    s = timeline(model, account, now).state(now)
    return {
        "adherenceState": s.adherence_state,
        "scheduled": s.scheduled_category,
        "code": s.scheduled_code_id,
        "actual": s.actual_category,
    }


@api("GET", f"{WFM}/managementunits/{{managementUnitId}}/adherence", "wfm:realtimeAdherence:view", listing=True)
def realtime_adherence(ctx):
    """Every agent's state at the simulated now; the adherence topics publish each change of it."""
    bu, mu = find_mu(ctx)
    now = ctx.model.now
    rows = []
    for account in mu.accounts:
        if not on_roster(account, bu, now):
            continue
        tl = timeline(ctx.model, account, now)
        rows.append(
            {
                "id": account.user_id,
                "name": account.name,
                "user": {"id": account.user_id, "selfUri": f"/api/v2/users/{account.user_id}"},
                "businessUnit": {"id": bu.id},
                "managementUnit": {"id": mu.id},
                **common_fields(tl, now),
                "timeOfAdherenceChange": iso_utc(tl.since(now, "adherence_state")),
                "selfUri": f"/api/v2/users/{account.user_id}",
            }
        )
    if ctx.flag("forceDownloadService"):
        return {"downloadUrl": ctx.download({"entities": rows})}
    return {"entities": rows}


DAY_FIELDS = (
    "adherenceScheduleSeconds",
    "conformanceScheduleSeconds",
    "conformanceActualSeconds",
    "exceptionCount",
    "exceptionDurationSeconds",
    "impactSeconds",
    "scheduleLengthSeconds",
    "actualLengthSeconds",
)


def adherence_percentage(day: dict) -> float | None:
    """Genesys' day adherence: undefined without actual or adherence schedule time, else
    max(0, 1 - exceptions / adherence schedule) x 100 (RC "How Genesys Cloud calculates adherence and
    conformance")."""
    if day["actualLengthSeconds"] <= 0 or day["adherenceScheduleSeconds"] <= 0:
        return None
    return round(max(0.0, 100.0 * (1 - day["exceptionDurationSeconds"] / day["adherenceScheduleSeconds"])), 2)


def conformance_percentage(day: dict) -> float | None:
    """Genesys' day conformance: undefined without actual time or with neither on-queue schedule nor
    work, 0 when scheduled on queue but never on queue, Infinity when on queue without an on-queue
    schedule (JSON has no Infinity: left out, NOT CONFIRMED how Genesys serializes it), else actual /
    scheduled x 100 (may exceed 100)."""
    actual, scheduled = day["conformanceActualSeconds"], day["conformanceScheduleSeconds"]
    if day["actualLengthSeconds"] == 0 or (actual == 0 and scheduled == 0) or scheduled == 0:
        return None
    return round(100.0 * actual / scheduled, 2)


def day_metrics(seed: int, shift: Shift, now: datetime) -> dict:
    """One shift's contribution to its day's metrics (Genesys dates a shift by its start), as of ``now``.

    Work outside the shift counts as an exception and is added to the adherence schedule (the
    management unit's "working outside shift considered exception" option, assumed on)."""
    day = dict.fromkeys(DAY_FIELDS, 0)
    if shift.start >= now:
        return day
    outside = [e for e in exceptions(seed, shift, now) if e.scheduled_category == "Unscheduled"]
    elapsed = min(shift.minutes * 60, int((now - shift.start).total_seconds()))
    day["scheduleLengthSeconds"] = shift.minutes * 60
    day["adherenceScheduleSeconds"] = elapsed + sum(e.seconds for e in outside)
    day["conformanceScheduleSeconds"] = sum(
        int((min(a.end, now) - a.start).total_seconds())
        for a in shift.activities
        if a.category == "OnQueueWork" and a.start < now
    )
    for seg_start, seg_end, category in actual_segments(seed, shift, now):
        seconds = int((seg_end - seg_start).total_seconds())
        day["actualLengthSeconds"] += seconds
        if category == "OnQueueWork":
            day["conformanceActualSeconds"] += seconds
    for exc in exceptions(seed, shift, now):
        day["exceptionCount"] += 1
        day["exceptionDurationSeconds"] += exc.seconds
        if exc.impact == "Negative":
            day["impactSeconds"] += exc.seconds
    return day


def _exception_info(account, exc, start: datetime) -> dict:
    return {
        "startOffsetSeconds": int((exc.start - start).total_seconds()),
        "endOffsetSeconds": int((exc.end - start).total_seconds()),
        **({"scheduledActivityCodeId": exc.scheduled_code_id} if exc.scheduled_code_id else {}),
        "scheduledActivityCategory": exc.scheduled_category,
        "actualActivityCodeId": account.bu.default_code(exc.actual_category).id
        if exc.actual_category != "Unscheduled"
        else None,
        "actualActivityCategory": exc.actual_category,
        "systemPresence": SYSTEM_PRESENCE[exc.actual_category],
        "routingStatus": "INTERACTING" if exc.actual_category == "OnQueueWork" else "OFF_QUEUE",
        "impact": exc.impact,
        "scheduledSecondaryPresenceLookupIds": [],
    }


def _user_result(
    ctx, account, start: datetime, end: datetime, tz: ZoneInfo, include_exceptions: bool, include_actuals: bool
) -> dict:
    seed, now = ctx.model.seed, min(ctx.model.now, end)
    found, actual = [], []
    days: dict[int, dict] = {}
    for shift in ctx.model.shifts_between(account, start, end):
        if not isinstance(shift, Shift) or shift.start < start or shift.start >= end:
            continue  # a shift belongs to the query that contains its start
        local_day = datetime.combine(shift.start.astimezone(tz).date(), datetime.min.time(), tz)
        offset = int((local_day - start).total_seconds())
        day = days.setdefault(offset, {"dayStartOffsetSeconds": offset, **dict.fromkeys(DAY_FIELDS, 0)})
        for name, value in day_metrics(seed, shift, now).items():
            day[name] += value
        for seg_start, seg_end, category in actual_segments(seed, shift, now) if shift.start < now else ():
            actual.append(
                {
                    "actualActivityCategory": category,
                    "startOffsetSeconds": int((seg_start - start).total_seconds()),
                    "endOffsetSeconds": int((seg_end - start).total_seconds()),
                }
            )
        if shift.start < now:
            found += [_exception_info(account, exc, start) for exc in exceptions(seed, shift, now)]
    for day in days.values():
        for name, value in (
            ("adherencePercentage", adherence_percentage),
            ("conformancePercentage", conformance_percentage),
        ):
            if (percentage := value(day)) is not None:
                day[name] = percentage
    totals = {name: sum(d[name] for d in days.values()) for name in DAY_FIELDS}
    result = {
        "userId": account.user_id,
        "impact": "Negative" if totals["impactSeconds"] else "Neutral",
        "dayMetrics": [days[k] for k in sorted(days)],
    }
    for name, value in (
        ("adherencePercentage", adherence_percentage),
        ("conformancePercentage", conformance_percentage),
    ):
        if (percentage := value(totals)) is not None:
            result[name] = percentage
    if include_exceptions:
        result["exceptionInfo"] = sorted(found, key=lambda e: e["startOffsetSeconds"])
    if include_actuals:
        result["actuals"] = sorted(actual, key=lambda e: e["startOffsetSeconds"])
    return result


def _bulk_result(ctx, item: dict, tz: ZoneInfo) -> dict:
    bu, mu = ctx.bulk_mu
    start, end = parse_iso(item["startDate"]), parse_iso(item["endDate"])
    wanted = set(item.get("userIds") or ())
    results = [
        _user_result(ctx, a, start, end, tz, bool(item.get("includeExceptions")), bool(item.get("includeActuals")))
        for a in mu.accounts
        if not wanted or a.user_id in wanted
    ]
    return {
        "startDate": iso_utc(start),
        "endDate": iso_utc(end),
        "managementUnitId": mu.id,
        "lookupIdToSecondaryPresenceId": {},
        "userResults": results,
    }


@api("POST", f"{WFM}/adherence/historical/bulk", "wfm:historicalAdherence:view")
def historical_bulk(ctx):
    body = ctx.require_body()
    items = body.get("items") or []
    if not items:
        raise ApiError(400, "bad.request", "items must name at least one management unit")
    tz_name = body.get("timeZone") or "UTC"
    try:
        ZoneInfo(tz_name)
    except Exception:
        raise ApiError(400, "bad.request", f"timeZone {tz_name!r} is not an IANA time zone") from None
    for item in items:
        try:
            start, end = parse_iso(item["startDate"]), parse_iso(item["endDate"])
        except (KeyError, ValueError, TypeError):
            raise ApiError(400, "bad.request", "each item needs managementUnitId, startDate and endDate") from None
        detail = bool(item.get("includeExceptions") or item.get("includeActuals"))
        limit = MAX_BULK_DAYS_WITH_DETAIL if detail else MAX_BULK_DAYS
        if end <= start or end - start > timedelta(days=limit):
            raise ApiError(
                400,
                "bad.request",
                f"The maximum supported range for historical adherence queries is {MAX_BULK_DAYS} days, or "
                f"{MAX_BULK_DAYS_WITH_DETAIL} days with includeExceptions or includeActuals; an item runs from "
                f"{item['startDate']} to {item['endDate']}",
                params={"maxDays": str(limit), "startDate": item["startDate"], "endDate": item["endDate"]},
                template="The maximum supported range for historical adherence queries is {maxDays} days",
            )
        ctx.path_params["managementUnitId"] = item.get("managementUnitId")
        find_mu(ctx)
    job = ctx.runtime.new_job(ctx.org.key, "historicalAdherenceBulk", {"items": items, "timeZone": tz_name})
    return 202, {
        "job": {"id": job.id, "status": "Processing", "selfUri": f"{WFM}/adherence/historical/bulk/jobs/{job.id}"}
    }


# "Requires no permissions" (SDK docs): only the job's creator can read it
@api("GET", f"{WFM}/adherence/historical/bulk/jobs/{{jobId}}")
def historical_bulk_job(ctx):
    job = ctx.runtime.jobs.get(ctx.path_params["jobId"])
    if job is None or job.org_key != ctx.org.key:
        raise not_found(f"historical adherence job {ctx.path_params['jobId']}")
    state = ctx.runtime.poll_job(job)
    body = {"job": {"id": job.id, "status": state, "selfUri": f"{WFM}/adherence/historical/bulk/jobs/{job.id}"}}
    if state == "Complete":
        if "keys" not in job.payload:
            tz = ZoneInfo(job.payload["timeZone"])
            keys = []
            for item in job.payload["items"]:
                ctx.path_params["managementUnitId"] = item["managementUnitId"]
                ctx.bulk_mu = find_mu(ctx)
                keys.append(ctx.runtime.park(ctx.org.key, _bulk_result(ctx, item, tz)))
            job.payload["keys"] = keys
        # every poll signs the results afresh: an expired URL is cured by polling the job again
        if not ctx.runtime.faults[ctx.org.key].job_no_urls:
            body["downloadUrls"] = [ctx.signed_url(key) for key in job.payload["keys"]]
    return body
