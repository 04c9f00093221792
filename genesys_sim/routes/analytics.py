"""Analytics aggregate queries: conversations (queue volume) and users (routing status, presence)."""

from __future__ import annotations

import bisect
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..errors import ApiError
from ..ids import UTC, daterange, iso_utc, parse_interval
from ..model import Shift, volume
from ..model.adherence import actual_segments
from ..model.catalog import ANALYTICS_MEDIA, ANALYTICS_PRESENCE
from . import api

GRANULARITY = {
    "PT15M": timedelta(minutes=15),
    "PT30M": timedelta(minutes=30),
    "PT1H": timedelta(hours=1),
    "P1D": timedelta(days=1),
    "P7D": timedelta(days=7),
}
CONVERSATION_METRICS = ("nOffered", "tHandle", "tTalk", "tHeld", "tAcw", "tAnswered", "tAbandon")
CONVERSATION_GROUPS = ("queueId", "mediaType")
USER_METRICS = ("tAgentRoutingStatus", "tSystemPresence")


def _query(ctx, known_groups, known_metrics, default_metrics):
    body = ctx.require_body()
    try:
        start, end = parse_interval(body["interval"])
    except (KeyError, ValueError, TypeError):
        raise ApiError(400, "bad.request", "interval is required as start/end ISO-8601 date-times") from None
    if end <= start or end - start > timedelta(days=93):
        raise ApiError(400, "bad.request", "interval must be positive and at most 93 days")
    granularity = body.get("granularity")
    if granularity is not None and granularity not in GRANULARITY:
        raise ApiError(400, "bad.request", f"granularity must be one of {list(GRANULARITY)}, got {granularity!r}")
    groups = body.get("groupBy") or []
    for group in groups:
        if group not in known_groups:
            raise ApiError(400, "bad.request", f"groupBy {group!r} is not supported here; use {list(known_groups)}")
    metrics = body.get("metrics") or list(default_metrics)
    for metric in metrics:
        if metric not in known_metrics:
            raise ApiError(400, "bad.request", f"metric {metric!r} is not supported here; use {list(known_metrics)}")
    tz = ZoneInfo(body.get("timeZone") or "UTC")
    return body, start, end, granularity, groups, metrics, tz


def bucket_edges(start: datetime, end: datetime, granularity: str | None, tz: ZoneInfo) -> list[datetime]:
    """Bucket boundaries; whole days and weeks follow local midnights of ``timeZone``."""
    if granularity is None:
        return [start, end]
    step = GRANULARITY[granularity]
    edges, cursor = [start], start
    while cursor < end:
        if step >= timedelta(days=1):
            local = cursor.astimezone(tz)
            cursor = datetime.combine(local.date() + step, time(0), tz).astimezone(UTC)
        else:
            cursor = cursor + step
        edges.append(min(cursor, end))
    return edges


def _predicates(body: dict, dimension: str) -> set[str]:
    found = set()
    filt = body.get("filter") or {}
    for predicate in filt.get("predicates") or []:
        if predicate.get("dimension") == dimension and predicate.get("value"):
            found.add(predicate["value"])
    for clause in filt.get("clauses") or []:
        for predicate in clause.get("predicates") or []:
            if predicate.get("dimension") == dimension and predicate.get("value"):
                found.add(predicate["value"])
    return found


def _stats(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


@api("POST", "/api/v2/analytics/conversations/aggregates/query", "analytics:conversationAggregate:view", listing=True)
def conversation_aggregates(ctx):
    body, start, end, granularity, groups, metrics, tz = _query(
        ctx, CONVERSATION_GROUPS, CONVERSATION_METRICS, CONVERSATION_METRICS
    )
    queues, medias = _predicates(body, "queueId"), _predicates(body, "mediaType")
    limit = min(end, ctx.model.now)
    history = datetime.combine(ctx.model.world.window_start, time(0), UTC)  # no contacts before the history
    edges = bucket_edges(start, end, granularity, tz)
    cells: dict[tuple, dict[int, list]] = {}
    for bu in ctx.org.business_units:
        for pg in bu.planning_groups:
            media = ANALYTICS_MEDIA[pg.spec.media_type]
            if (queues and pg.queue_id not in queues) or (medias and media not in medias):
                continue
            key = tuple({"queueId": pg.queue_id, "mediaType": media}[g] for g in groups)
            for day in daterange(max(start, history).date(), (limit - timedelta(microseconds=1)).date()):
                rows = volume.actual_day(ctx.model.seed, ctx.org.key, pg.id, pg.spec, bu.spec, day)
                day_start = datetime.combine(day, time(0), UTC)
                for i, row in enumerate(rows):
                    t0 = day_start + i * volume.INTERVAL
                    if t0 < max(start, history) or t0 + volume.INTERVAL > limit or row[0] == 0:
                        continue
                    b = bisect.bisect_right(edges, t0) - 1
                    acc = cells.setdefault(key, {}).setdefault(b, [0] * 10)
                    for k in range(10):
                        acc[k] += row[k]
    results = []
    for key, buckets in sorted(cells.items()):
        data = []
        for b in sorted(buckets):
            offered, abandoned, handled, handle, talk, held_n, held, acw, answer, abandon_ms = buckets[b]
            values = {
                "nOffered": (offered, None),
                "tHandle": (handled, handle),
                "tTalk": (handled, talk),
                "tHeld": (held_n, held),
                "tAcw": (handled, acw),
                "tAnswered": (handled, answer),
                "tAbandon": (abandoned, abandon_ms),
            }
            out = []
            for metric in metrics:
                count, total = values[metric]
                if not count:
                    continue
                stats = (
                    {"count": count}
                    if total is None
                    else _stats(
                        {
                            "max": round(total / count * 2.8),
                            "min": round(total / count * 0.35),
                            "count": count,
                            "sum": total,
                        }
                    )
                )
                out.append({"metric": metric, "stats": stats})
            if out:
                data.append({"interval": f"{iso_utc(edges[b])}/{iso_utc(edges[b + 1])}", "metrics": out})
        if data:
            results.append({"group": dict(zip(groups, key, strict=False)), "data": data})
    return {"results": results} if results else {}


def _user_buckets(ctx, account, start, end, edges) -> dict[int, dict[tuple, float]]:
    # segments up to the simulated now (memoized per shift and now), cut to [start, end) below
    seed, now = ctx.model.seed, ctx.model.now
    found: dict[int, dict[tuple, float]] = {}
    for shift in ctx.model.shifts_between(account, start, end):
        if not isinstance(shift, Shift):
            continue
        occupancy = volume.occupancy_target(seed, account.org_key, account.user_id, shift.start.date())
        for seg_start, seg_end, category in actual_segments(seed, shift, now):
            cursor = max(seg_start, start)
            seg_end = min(seg_end, end)
            while cursor < seg_end:
                b = bisect.bisect_right(edges, cursor) - 1
                stop = min(seg_end, edges[b + 1])
                ms = (stop - cursor).total_seconds() * 1000
                acc = found.setdefault(b, {})
                if category == "OnQueueWork":
                    acc[("tAgentRoutingStatus", "INTERACTING")] = (
                        acc.get(("tAgentRoutingStatus", "INTERACTING"), 0) + ms * occupancy
                    )
                    acc[("tAgentRoutingStatus", "NOT_RESPONDING")] = (
                        acc.get(("tAgentRoutingStatus", "NOT_RESPONDING"), 0) + ms * 0.005
                    )
                    acc[("tAgentRoutingStatus", "IDLE")] = acc.get(("tAgentRoutingStatus", "IDLE"), 0) + ms * (
                        0.995 - occupancy
                    )
                else:
                    acc[("tAgentRoutingStatus", "OFF_QUEUE")] = acc.get(("tAgentRoutingStatus", "OFF_QUEUE"), 0) + ms
                presence = ANALYTICS_PRESENCE.get(category, "AVAILABLE")
                acc[("tSystemPresence", presence)] = acc.get(("tSystemPresence", presence), 0) + ms
                cursor = stop
    return found


@api("POST", "/api/v2/analytics/users/aggregates/query", "analytics:userAggregate:view", listing=True)
def user_aggregates(ctx):
    body, start, end, granularity, groups, metrics, tz = _query(ctx, ("userId",), USER_METRICS, USER_METRICS)
    users = _predicates(body, "userId")
    edges = bucket_edges(start, end, granularity, tz)
    results = []
    totals: dict[int, dict[tuple, float]] = {}
    intervals: dict[int, str] = {}
    for account in ctx.org.accounts:
        if users and account.user_id not in users:
            continue
        found = _user_buckets(ctx, account, start, end, edges)
        if not groups:
            for b, acc in found.items():
                into = totals.setdefault(b, {})
                for k, v in acc.items():
                    into[k] = into.get(k, 0) + v
            continue
        if found:
            results.append({"group": {"userId": account.user_id}, "data": _user_data(found, edges, metrics, intervals)})
    if not groups and totals:
        results.append({"group": {}, "data": _user_data(totals, edges, metrics, intervals)})
    mappings = {
        p: [f"{p.lower()}-presence"] for p in ("ON_QUEUE", "BREAK", "MEAL", "MEETING", "TRAINING", "BUSY", "AVAILABLE")
    }
    return {"systemToOrganizationMappings": mappings, "results": results} if results else {}


def _user_data(found, edges, metrics, intervals: dict) -> list[dict]:
    """``intervals``: bucket -> its ISO interval text, filled as needed (shared by a query's users)."""
    data = []
    for b in sorted(found):
        out = [
            {"metric": metric, "qualifier": qualifier, "stats": {"sum": round(ms)}}
            for (metric, qualifier), ms in sorted(found[b].items())
            if metric in metrics and round(ms) > 0
        ]
        if out:
            if b not in intervals:
                intervals[b] = f"{iso_utc(edges[b])}/{iso_utc(edges[b + 1])}"
            data.append({"interval": intervals[b], "metrics": out})
    return data
