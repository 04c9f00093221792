"""Analytics aggregate queries: conversations (queue volume, service level) and users (routing status, presence).

Wire shapes follow SDK v269: a query is ``ConversationAggregationQuery`` / ``UserAggregationQuery``, the
answer ``{results[{group, data[{interval, metrics[{metric, qualifier, stats}]}]}]}`` with
``StatisticalSummary`` stats: ``count`` for n-metrics, ``count/sum/min/max`` (milliseconds) for t-metrics,
``ratio/numerator/denominator/target`` for ``oServiceLevel``. Metric names outside what the simulator
computes are refused (400), ``nShortAbandon`` included: it is no Genesys metric (only ``tShortAbandon``).

``timeZone`` (an IANA zone) sets the bucket boundaries of whole days and weeks and the spelling of the
answer's intervals: with a zone other than UTC they carry its offset (``...+10:30/...+10:30``), as the
SDK's docstring implies ("Time zone context used to calculate response intervals"); the exact spelling
of a real answer is NOT CONFIRMED (no public sample found).

Service level: ``oServiceLevel.numerator`` = answered within the queue's threshold (``tAnswered.count -
nOverSla.count``), ``denominator`` = answered + abandoned, minus short abandons when the org excludes
them, plus flow-outs when it includes them (the org's options: ``OrgSpec.sl_include_*``, RC "Configure
the service level calculation"); ``target`` is the queue's service-level percentage.
"""

from __future__ import annotations

import bisect
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..errors import ApiError
from ..ids import UTC, daterange, guid, iso_utc, parse_interval
from ..model import Shift, volume
from ..model.adherence import actual_segments
from ..model.catalog import ANALYTICS_MEDIA, ANALYTICS_PRESENCE, SERVICE_GOALS
from . import api

GRANULARITY = {
    "PT15M": timedelta(minutes=15),
    "PT30M": timedelta(minutes=30),
    "PT1H": timedelta(hours=1),
    "P1D": timedelta(days=1),
    "P7D": timedelta(days=7),
}
INBOUND_METRICS = (
    "nOffered",
    "tHandle",
    "tTalk",
    "tHeld",
    "tAcw",
    "tAnswered",
    "tAbandon",
    "tShortAbandon",
    "tFlowOut",
    "tWait",
    "nOverSla",
    "oServiceLevel",
)
CONVERSATION_METRICS = (*INBOUND_METRICS, "nOutbound")
CONVERSATION_GROUPS = ("queueId", "mediaType", "direction")
USER_METRICS = ("tAgentRoutingStatus", "tSystemPresence", "tOrganizationPresence")
SYSTEM_PRESENCES = ("AVAILABLE", "ON_QUEUE", "BUSY", "AWAY", "BREAK", "MEAL", "MEETING", "TRAINING", "OFFLINE", "IDLE")
FIELDS = volume.IntervalActual._fields


def organization_presence_ids(seed: int, org_key: str) -> dict[str, str]:
    """System presence -> the id of the org's presence definition for it (one per system presence):
    the ``tOrganizationPresence`` qualifiers and ``systemToOrganizationMappings`` of user aggregates."""
    return {p: guid(seed, org_key, "presence-definition", p) for p in SYSTEM_PRESENCES}


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
    try:
        tz = ZoneInfo(body.get("timeZone") or "UTC")
    except (ValueError, KeyError):
        raise ApiError(400, "bad.request", f"timeZone {body.get('timeZone')!r} is not an IANA time zone") from None
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


def interval_text(edges: list[datetime], b: int, tz: ZoneInfo) -> str:
    """Bucket ``b`` as ``start/end``: UTC ``...Z``, or local time with the zone's offset."""
    if tz.key == "UTC":
        return f"{iso_utc(edges[b])}/{iso_utc(edges[b + 1])}"

    start, stop = (edges[i].astimezone(tz).isoformat(timespec="milliseconds") for i in (b, b + 1))
    return f"{start}/{stop}"


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


def _timed(count: int, total: int) -> dict:
    return {"max": round(total / count * 2.8), "min": round(total / count * 0.35), "count": count, "sum": total}


def _inbound(c: dict, spec, target: float) -> list[tuple[str, dict]]:
    """The inbound metrics of one bucket (``c``: summed ``IntervalActual`` fields), zero counts left out."""
    timed = {
        "tHandle": ("handled", "handle_ms"),
        "tTalk": ("handled", "talk_ms"),
        "tHeld": ("held_count", "held_ms"),
        "tAcw": ("handled", "acw_ms"),
        "tAnswered": ("handled", "answer_ms"),
        "tAbandon": ("abandoned", "abandon_ms"),
        "tShortAbandon": ("short_abandoned", "short_abandon_ms"),
        "tFlowOut": ("flow_out", "flow_out_ms"),
        "tWait": ("offered", "wait_ms"),
    }
    out = [("nOffered", {"count": c["offered"]}), ("nOverSla", {"count": c["over_sla"]})]
    out += [(metric, _timed(c[n], c[t])) for metric, (n, t) in timed.items() if c[n]]
    denominator = c["handled"] + c["abandoned"]
    denominator -= 0 if spec.sl_include_short_abandons else c["short_abandoned"]
    denominator += c["flow_out"] if spec.sl_include_flow_outs else 0
    if denominator > 0:
        numerator = c["handled"] - c["over_sla"]
        stats = {"ratio": numerator / denominator, "numerator": numerator, "denominator": denominator}
        out.append(("oServiceLevel", {**stats, "target": target}))
    return [(m, s) for m, s in out if s.get("count", 1)]


def _outbound(c: dict) -> list[tuple[str, dict]]:
    placed, handle = c["outbound"], c["outbound_handle_ms"]
    if not placed:
        return []
    return [
        ("nOutbound", {"count": placed}),
        ("tHandle", _timed(placed, handle)),
        ("tTalk", _timed(placed, round(handle * 0.75))),
    ]


@api("POST", "/api/v2/analytics/conversations/aggregates/query", "analytics:conversationAggregate:view", listing=True)
def conversation_aggregates(ctx):
    body, start, end, granularity, groups, metrics, tz = _query(
        ctx, CONVERSATION_GROUPS, CONVERSATION_METRICS, CONVERSATION_METRICS
    )
    queues, medias = _predicates(body, "queueId"), _predicates(body, "mediaType")
    directions = _predicates(body, "direction") or {"inbound", "outbound"}
    limit = min(end, ctx.model.now)
    history = datetime.combine(ctx.model.world.window_start, time(0), UTC)  # no contacts before the history
    edges = bucket_edges(start, end, granularity, tz)
    cells: dict[tuple, dict[int, list]] = {}  # (group key, direction) -> bucket -> summed fields
    targets: dict[tuple, float] = {}
    for bu in ctx.org.business_units:
        for pg in bu.planning_groups:
            media = ANALYTICS_MEDIA[pg.spec.media_type]
            if (queues and pg.queue_id not in queues) or (medias and media not in medias):
                continue
            for direction in sorted(directions & {"inbound", "outbound"}):
                dims = {"queueId": pg.queue_id, "mediaType": media, "direction": direction}
                key = (tuple(dims[g] for g in groups), direction)
                targets[key] = SERVICE_GOALS[pg.spec.media_type][0]
                _accumulate(ctx, pg, bu, start, end, limit, history, edges, cells.setdefault(key, {}))
    results = []
    for key in sorted(cells):
        data = []
        for b in sorted(cells[key]):
            summed = dict(zip(FIELDS, cells[key][b], strict=True))
            found = _inbound(summed, ctx.org.spec, targets[key]) if key[1] == "inbound" else _outbound(summed)
            out = [{"metric": m, "stats": s} for m, s in found if m in metrics]
            if out:
                data.append({"interval": interval_text(edges, b, tz), "metrics": out})
        if data:
            results.append({"group": dict(zip(groups, key[0], strict=False)), "data": data})
    return {"results": _merge_groups(results)} if results else {}


def _accumulate(ctx, pg, bu, start, end, limit, history, edges, into: dict) -> None:
    first = max(start, history)
    for day in daterange(first.date(), (limit - timedelta(microseconds=1)).date()):
        rows = volume.actual_day(ctx.model.seed, ctx.org.key, pg.id, pg.spec, bu.spec, day)
        day_start = datetime.combine(day, time(0), UTC)
        for i, row in enumerate(rows):
            t0 = day_start + i * volume.INTERVAL
            if t0 < first or t0 + volume.INTERVAL > limit or (row.offered == 0 and row.outbound == 0):
                continue
            acc = into.setdefault(bisect.bisect_right(edges, t0) - 1, [0] * len(FIELDS))
            for k, value in enumerate(row):
                acc[k] += value


def _merge_groups(results: list[dict]) -> list[dict]:
    """Without ``direction`` in groupBy, inbound and outbound of one group are one result (the metrics of
    both directions side by side, as one bucket of a real answer would count them)."""
    merged: dict[tuple, dict] = {}
    for result in results:
        key = tuple(sorted(result["group"].items()))
        into = merged.setdefault(key, {"group": result["group"], "data": []})
        by_interval = {d["interval"]: d for d in into["data"]}
        for bucket in result["data"]:
            if bucket["interval"] in by_interval:
                _add_metrics(by_interval[bucket["interval"]]["metrics"], bucket["metrics"])
            else:
                into["data"].append(bucket)
        into["data"].sort(key=lambda d: d["interval"])
    return list(merged.values())


def _add_metrics(into: list[dict], more: list[dict]) -> None:
    index = {m["metric"]: m for m in into}
    for m in more:
        if m["metric"] not in index:
            into.append(m)
            continue
        stats, extra = index[m["metric"]]["stats"], m["stats"]
        for field in ("count", "sum"):
            if field in extra:
                stats[field] = stats.get(field, 0) + extra[field]
        if "max" in extra:
            stats["max"], stats["min"] = max(stats["max"], extra["max"]), min(stats["min"], extra["min"])


def _user_buckets(ctx, account, start, end, edges) -> dict[int, dict[tuple, float]]:
    # segments up to the simulated now (memoized per shift and minutes reached), cut to [start, end) below
    seed, now = ctx.model.seed, ctx.model.now
    org_presence = organization_presence_ids(seed, account.org_key)
    found: dict[int, dict[tuple, float]] = {}
    for shift in ctx.model.shifts_between(account, start, end):
        if not isinstance(shift, Shift):
            continue
        shares = volume.routing_shares(seed, account.org_key, account.user_id, shift.start.date())
        for seg_start, seg_end, category in actual_segments(seed, shift, now):
            cursor = max(seg_start, start)
            seg_end = min(seg_end, end)
            while cursor < seg_end:
                b = bisect.bisect_right(edges, cursor) - 1
                stop = min(seg_end, edges[b + 1])
                ms = (stop - cursor).total_seconds() * 1000
                acc = found.setdefault(b, {})
                routing = shares if category == "OnQueueWork" else {"OFF_QUEUE": 1.0}
                for status, share in routing.items():
                    acc[("tAgentRoutingStatus", status)] = acc.get(("tAgentRoutingStatus", status), 0) + ms * share
                presence = ANALYTICS_PRESENCE.get(category, "AVAILABLE")
                acc[("tSystemPresence", presence)] = acc.get(("tSystemPresence", presence), 0) + ms
                definition = ("tOrganizationPresence", org_presence[presence])
                acc[definition] = acc.get(definition, 0) + ms
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
            results.append(
                {"group": {"userId": account.user_id}, "data": _user_data(found, edges, metrics, tz, intervals)}
            )
    if not groups and totals:
        results.append({"group": {}, "data": _user_data(totals, edges, metrics, tz, intervals)})
    ids = organization_presence_ids(ctx.model.seed, ctx.org.key)
    mappings = {presence: [ids[presence]] for presence in SYSTEM_PRESENCES}
    return {"systemToOrganizationMappings": mappings, "results": results} if results else {}


def _user_data(found, edges, metrics, tz, intervals: dict) -> list[dict]:
    """``intervals``: bucket -> its interval text, filled as needed (shared by a query's users)."""
    data = []
    for b in sorted(found):
        out = [
            {"metric": metric, "qualifier": qualifier, "stats": {"sum": round(ms)}}
            for (metric, qualifier), ms in sorted(found[b].items())
            if metric in metrics and round(ms) > 0
        ]
        if out:
            if b not in intervals:
                intervals[b] = interval_text(edges, b, tz)
            data.append({"interval": intervals[b], "metrics": out})
    return data
