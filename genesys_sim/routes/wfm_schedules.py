"""Published BU schedules (one or several weeks each), their week listings and agent-schedule queries.

A schedule spans ``weekCount`` weeks and may overlap another one (``model.publication``). A week listing
names every schedule spanning its week; ``recent`` covers about +/-26 weeks, and its ``earliestWeekDate`` /
``latestWeekDate`` (SDK v269, "Ignored if weekId != 'recent'") bound the schedules' START week, so a multi-week
schedule starting before ``earliestWeekDate`` is not listed. A query of one schedule answers that schedule's
own shifts for every week it spans; the published view is the search (``wfm_schedule_search``). Answers come
inline, by ``downloadUrl`` or as ``Processing`` + a notification, by size (``async_answer``).
"""

from __future__ import annotations

from datetime import date, timedelta

from .. import render
from ..errors import ApiError, not_found
from ..ids import guid, week_start
from ..model import Publication
from . import api
from .notifications import SCHEDULE_QUERY_TOPIC
from .teams import requested_users
from .wfm_units import WFM, find_bu

WEEK = f"{WFM}/businessunits/{{businessUnitId}}/weeks/{{weekId}}"
RECENT_WEEKS = 26  # "fetch all schedules for up to +/- 26 weeks from the current date"


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


def _bound(ctx, name: str) -> date | None:
    text = ctx.query.get(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, "bad.request", f"{name} must be a yyyy-MM-dd date, got {text!r}") from None


def listed(ctx, bu, published: list[Publication], week_param: str) -> list[Publication]:
    """What a week listing names: every publication spanning a dated week; for ``recent`` the ones overlapping
    +/-26 weeks of today, or, with ``earliestWeekDate``/``latestWeekDate``, those STARTING between them."""
    week_id = ctx.path_params[week_param]
    if week_id != "recent":
        week = parse_week(ctx, bu, week_id)
        return [p for p in published if p.spans(week)]
    today = ctx.model.now.date()
    earliest, latest = _bound(ctx, "earliestWeekDate"), _bound(ctx, "latestWeekDate")
    if earliest is None and latest is None:
        low, high = today - timedelta(weeks=RECENT_WEEKS), today + timedelta(weeks=RECENT_WEEKS)
        return [p for p in published if p.week_date <= high and p.end > low]
    return [p for p in published if (earliest or date.min) <= p.week_date <= (latest or date.max)]


def schedule_item(ctx, bu, schedule: Publication) -> dict:
    """A ``BuScheduleListItem``; its version counts the intraday changes in the weeks it shows."""
    key = ctx.org.key
    changes = [
        m
        for week in schedule.weeks
        if ctx.model.shown(key, bu, week) == schedule
        for m in ctx.model.week_mutations(key, bu, week)
    ]
    modified = max([schedule.published_at] + [m.at for m in changes])
    forecast = next(f for f in ctx.model.forecasts(key, bu) if f.spans(schedule.week_date))
    week = schedule.week_date.isoformat()
    kind = "rescheduled week" if schedule.overlapping else f"{schedule.week_count} week(s)"
    return {
        "id": schedule.id,
        "weekDate": week,
        "weekCount": schedule.week_count,
        "description": f"{bu.spec.name} from {week} ({kind})",
        "published": True,
        "shortTermForecast": {
            "id": forecast.id,
            "weekDate": forecast.week_date.isoformat(),
            "description": f"Forecast {forecast.week_date.isoformat()}",
            "selfUri": f"{render.bu_uri(bu)}/weeks/{forecast.week_date.isoformat()}/shorttermforecasts/{forecast.id}",
        },
        "generationResults": {
            "failed": False,
            "runId": guid(ctx.model.seed, schedule.id, "run"),
            "messageCount": 0,
            "messageSeverityCounts": [],
        },
        "metadata": render.wfm_metadata(1 + len(changes), modified, schedule.published_at),
        "selfUri": f"{render.bu_uri(bu)}/weeks/{week}/schedules/{schedule.id}",
    }


def find_schedule(ctx, bu) -> Publication:
    """The schedule the path names, under any week it spans."""
    week = parse_week(ctx, bu, ctx.path_params["weekId"])
    wanted = ctx.path_params["scheduleId"]
    for schedule in ctx.model.schedules(ctx.org.key, bu):
        if schedule.id == wanted and schedule.spans(week):
            return schedule
    raise not_found(f"schedule {wanted}")


@api("GET", f"{WEEK}/schedules", "wfm:schedule:view", listing=True)
def week_schedules(ctx):
    bu = find_bu(ctx)
    found = listed(ctx, bu, ctx.model.schedules(ctx.org.key, bu), "weekId")
    return {"entities": [schedule_item(ctx, bu, s) for s in found]}


def employed_during(account, first: date, end: date) -> bool:
    """Employed on some day of [first, end): such an agent has a row in a schedule answer."""
    return account.date_hire < end and (account.date_left is None or account.date_left > first)


@api("GET", f"{WEEK}/schedules/{{scheduleId}}", "wfm:schedule:view")
def week_schedule(ctx):
    bu = find_bu(ctx)
    schedule = find_schedule(ctx, bu)
    body = schedule_item(ctx, bu, schedule)
    body["managementUnits"] = []
    for mu in bu.management_units:
        agents = [a for a in mu.accounts if employed_during(a, schedule.week_date, schedule.end)]
        body["managementUnits"].append(
            {
                "managementUnit": {"id": mu.id, "selfUri": f"{WFM}/managementunits/{mu.id}"},
                "agentCount": len(agents),
                "agents": [{"id": a.user_id} for a in agents],
            }
        )
    return body


def _agent_schedules(ctx, bu, mu, schedule: Publication, user_ids: set) -> list[dict]:
    """Every agent of the unit employed during the schedule, with the schedule's own shifts of every week."""
    weeks = [ctx.model.schedule_week(ctx.org.key, bu, schedule, week) for week in schedule.weeks]
    rows = []
    for account in mu.accounts:
        if user_ids and account.user_id not in user_ids:
            continue
        if not employed_during(account, schedule.week_date, schedule.end):
            continue
        items = [item for plan in weeks for item in plan.get(account.user_id, [])]
        rows.append(render.agent_schedule(account, items, schedule.id, schedule.week_date, schedule.published_at))
    return rows


def async_answer(ctx, result: dict, count: int, topic: str, event) -> dict:
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
    schedule = find_schedule(ctx, bu)
    body = ctx.require_body()
    mu_id = body.get("managementUnitId")
    if not mu_id:
        raise ApiError(400, "bad.request", "managementUnitId is required")
    mu = next((m for m in bu.management_units if m.id == mu_id), None)
    if mu is None:
        raise not_found(f"management unit {mu_id} in business unit {bu.id}")
    users = requested_users(ctx, mu, set(body.get("userIds") or ()), list(body.get("teamIds") or ()))
    rows = _agent_schedules(ctx, bu, mu, schedule, users)
    result = {"agentSchedules": rows, "businessUnitTimeZone": bu.tz}
    # WfmBuScheduleQueryResultTopicBuScheduleSearchResultNotification (SDK v269)
    return async_answer(
        ctx,
        result,
        len(rows),
        SCHEDULE_QUERY_TOPIC,
        lambda op, url: {"operationId": op, "businessUnitId": bu.id, "downloadUrl": url},
    )
