"""Published BU week schedules and agent-schedule queries: inline, downloadUrl, or Processing + notification."""

from __future__ import annotations

from datetime import date, timedelta

from .. import render
from ..errors import ApiError, not_found
from ..ids import guid, iso_utc, parse_iso, week_start
from . import api
from .notifications import MU_SEARCH_TOPIC, SCHEDULE_QUERY_TOPIC
from .wfm_units import WFM, find_bu, find_mu

WEEK = f"{WFM}/businessunits/{{businessUnitId}}/weeks/{{weekId}}"


def schedule_id(ctx, bu, week: date) -> str:
    return guid(ctx.model.seed, ctx.org.key, bu.id, "schedule", week)


def forecast_id(ctx, bu, week: date) -> str:
    return guid(ctx.model.seed, ctx.org.key, bu.id, "forecast", week)


def parse_week(ctx, bu, text: str) -> date:
    try:
        week = date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "bad.request", f"weekId must be a yyyy-MM-dd date or 'recent', got {text!r}") from None
    if week_start(week, bu.spec.start_day_of_week) != week:
        raise ApiError(
            400,
            "bad.request",
            f"weekId {text} is not a {bu.spec.start_day_of_week}, the business unit's start day of week",
        )
    return week


def weeks_for(ctx, bu) -> list[date]:
    """Weeks the request names: one date, or ``recent`` bounded by earliest/latestWeekDate."""
    week_id = ctx.path_params["weekId"]
    available = ctx.model.world.bu_weeks(bu)
    if week_id != "recent":
        week = parse_week(ctx, bu, week_id)
        return [week] if week in available else []
    today = ctx.model.now.date()
    earliest = date.fromisoformat(ctx.query.get("earliestWeekDate") or (today - timedelta(weeks=26)).isoformat())
    latest = date.fromisoformat(ctx.query.get("latestWeekDate") or (today + timedelta(weeks=26)).isoformat())
    return [w for w in available if earliest <= w <= latest]


def schedule_item(ctx, bu, week: date) -> dict:
    changes = ctx.model.week_mutations(ctx.org.key, bu, week)
    published = render.week_published_at(week, bu.tz)
    modified = max([published] + [m.at for m in changes])
    fc = forecast_id(ctx, bu, week)
    sid = schedule_id(ctx, bu, week)
    return {
        "id": sid,
        "weekDate": week.isoformat(),
        "weekCount": 1,
        "description": f"{bu.spec.name} week of {week.isoformat()}",
        "published": True,
        "shortTermForecast": {
            "id": fc,
            "weekDate": week.isoformat(),
            "description": f"Forecast {week.isoformat()}",
            "selfUri": f"{render.bu_uri(bu)}/weeks/{week.isoformat()}/shorttermforecasts/{fc}",
        },
        "generationResults": {
            "failed": False,
            "runId": guid(ctx.model.seed, sid, "run"),
            "messageCount": 0,
            "messageSeverityCounts": [],
        },
        "metadata": render.wfm_metadata(1 + len(changes), modified, published),
        "selfUri": f"{render.bu_uri(bu)}/weeks/{week.isoformat()}/schedules/{sid}",
    }


def find_schedule(ctx, bu) -> date:
    wanted = ctx.path_params["scheduleId"]
    for week in ctx.model.world.bu_weeks(bu):
        if schedule_id(ctx, bu, week) == wanted:
            return week
    raise not_found(f"schedule {wanted}")


@api("GET", f"{WEEK}/schedules", "wfm:schedule:view", listing=True)
def week_schedules(ctx):
    bu = find_bu(ctx)
    weeks = weeks_for(ctx, bu)
    body = {"entities": [schedule_item(ctx, bu, w) for w in weeks]}
    return body


@api("GET", f"{WEEK}/schedules/{{scheduleId}}", "wfm:schedule:view")
def week_schedule(ctx):
    bu = find_bu(ctx)
    week = find_schedule(ctx, bu)
    body = schedule_item(ctx, bu, week)
    plan = ctx.model.week_plan(ctx.org.key, bu, week)
    body["managementUnits"] = [
        {
            "managementUnit": {"id": mu.id, "selfUri": f"{WFM}/managementunits/{mu.id}"},
            "agentCount": sum(1 for a in mu.accounts if a.user_id in plan),
            "agents": [{"id": a.user_id} for a in mu.accounts if a.user_id in plan],
        }
        for mu in bu.management_units
    ]
    return body


def _agent_schedules(ctx, bu, mu, week: date, user_ids: set) -> list[dict]:
    plan = ctx.model.week_plan(ctx.org.key, bu, week)
    sid = schedule_id(ctx, bu, week)
    published = render.week_published_at(week, bu.tz)
    end = week + timedelta(days=7)
    rows = []
    for account in mu.accounts:
        if user_ids and account.user_id not in user_ids:
            continue
        if account.date_hire >= end or (account.date_left is not None and account.date_left <= week):
            continue
        rows.append(render.agent_schedule(account, plan.get(account.user_id, []), sid, week, published))
    return rows


def _async_answer(ctx, result: dict, count: int, topic: str, event) -> dict:
    """The three answers of an async WFM query, by size (scenario limits) or by the testing flags.

    Small: ``Complete`` + ``result``. Large or ``forceDownloadService``: ``Complete`` + ``downloadUrl``.
    Larger still or ``forceAsync``: ``Processing`` + ``operationId`` + ``progress`` only; the downloadUrl
    then comes as ``event(operationId, downloadUrl)`` on ``topic`` (the caller's id: its OAuth client id)
    a moment later, to connected subscribers only: nobody listening means the result is lost.
    """
    scenario = ctx.model.world.scenario
    if ctx.flag("forceAsync") or count > scenario.async_schedule_limit:
        operation_id = ctx.runtime.next_id(ctx.org.key, "operation")
        body = event(operation_id, ctx.download(result))
        ctx.runtime.channels.publish_later(ctx.org.key, ctx.org.client_id, topic.format(id=ctx.org.client_id), body)
        return {"status": "Processing", "operationId": operation_id, "progress": 0}
    if ctx.flag("forceDownloadService") or count > scenario.inline_schedule_limit:
        operation_id = ctx.runtime.next_id(ctx.org.key, "operation")
        return {"status": "Complete", "operationId": operation_id, "downloadUrl": ctx.download(result)}
    return {"status": "Complete", "result": result}


@api("POST", f"{WEEK}/schedules/{{scheduleId}}/agentschedules/query", "wfm:schedule:view", listing=True)
def query_agent_schedules(ctx):
    bu = find_bu(ctx)
    week = find_schedule(ctx, bu)
    body = ctx.require_body()
    mu_id = body.get("managementUnitId")
    if not mu_id:
        raise ApiError(400, "bad.request", "managementUnitId is required")
    mu = next((m for m in bu.management_units if m.id == mu_id), None)
    if mu is None:
        raise not_found(f"management unit {mu_id} in business unit {bu.id}")
    rows = _agent_schedules(ctx, bu, mu, week, set(body.get("userIds") or ()))
    result = {"agentSchedules": rows, "businessUnitTimeZone": bu.tz}
    # WfmBuScheduleQueryResultTopicBuScheduleSearchResultNotification (SDK v269)
    return _async_answer(
        ctx,
        result,
        len(rows),
        SCHEDULE_QUERY_TOPIC,
        lambda op, url: {"operationId": op, "businessUnitId": bu.id, "downloadUrl": url},
    )


@api("POST", f"{WFM}/managementunits/{{managementUnitId}}/agentschedules/search", "wfm:schedule:view", listing=True)
def search_agent_schedules(ctx):
    bu, mu = find_mu(ctx)
    body = ctx.require_body()
    try:
        start, end = parse_iso(body["startDate"]), parse_iso(body["endDate"])
    except (KeyError, ValueError):
        raise ApiError(400, "bad.request", "startDate and endDate (ISO-8601 date-times) are required") from None
    first = week_start(start.date(), bu.spec.start_day_of_week)
    weeks = [w for w in ctx.model.world.bu_weeks(bu) if first <= w < end.date()]
    merged: dict[str, dict] = {}
    for week in weeks:
        for row in _agent_schedules(ctx, bu, mu, week, set(body.get("userIds") or ())):
            row.pop("workPlan"), row.pop("metadata")  # BuAgentScheduleSearchResponse has neither
            row["shifts"] = [s for s in row["shifts"] if iso_utc(start) <= s["startDate"] < iso_utc(end)]
            target = merged.setdefault(row["user"]["id"], row)
            if target is not row:
                target["shifts"] += row["shifts"]
                target["fullDayTimeOffMarkers"] += row["fullDayTimeOffMarkers"]
    result = {
        "agentSchedules": list(merged.values()),
        "businessUnitTimeZone": bu.tz,
        "publishedSchedules": [
            {"id": schedule_id(ctx, bu, w), "weekDate": w.isoformat(), "weekCount": 1} for w in weeks
        ],
    }
    # WfmAgentMuScheduleSearchCompleteTopicAgentMuScheduleSearchCompleteNotification (SDK v269)
    return _async_answer(
        ctx,
        result,
        len(merged),
        MU_SEARCH_TOPIC,
        lambda op, url: {"operationId": op, "status": "Complete", "downloadUrl": url},
    )
