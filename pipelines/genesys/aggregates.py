"""Analytics aggregate answers -> flat rows: conversation volume and service level, user presence.

An answer is ``{results[{group, data[{interval, metrics[{metric, qualifier, stats}]}]}]}`` (SDK v269
``ConversationAggregateQueryResponse`` / ``UserAggregateQueryResponse``). Intervals are ISO-8601
``start/end``: UTC (``...Z``) by default, with the query's offset when it names a ``timeZone``
(``...+10:30``): every interval is stored as its UTC instant, never as the text it came in.

Stats (``StatisticalSummary``): n-metrics carry ``count``; t-metrics ``count`` (contacts) and ``sum``
(milliseconds); ``oServiceLevel`` carries ``numerator`` (answered within the queue's threshold) and
``denominator`` (the contacts Genesys' org-wide service-level options count), whose sums give the
service level at any roll-up (entities evidence A1).
"""

from __future__ import annotations

from .helpers import iso, parse_ts

# metric -> (column of stats.count, column of stats.sum); None where the stat is not kept
METRIC_COLUMNS = {
    "nOffered": ("offered", None),
    "tHandle": ("handled", "handle_ms"),
    "tTalk": (None, "talk_ms"),
    "tHeld": ("held", "held_ms"),
    "tAcw": (None, "acw_ms"),
    "tAnswered": ("answered", "answer_ms"),
    "tAbandon": ("abandoned", "abandon_ms"),
    "tShortAbandon": ("short_abandoned", "short_abandon_ms"),
    "tFlowOut": ("flow_out", "flow_out_ms"),
    "tWait": (None, "wait_ms"),
    "nOverSla": ("over_sla", None),
    "nOutbound": ("outbound", None),
}
VOLUME_FIELDS = tuple(dict.fromkeys(c for pair in METRIC_COLUMNS.values() for c in pair if c))
SERVICE_LEVEL_FIELDS = ("sl_numerator", "sl_denominator", "sl_target")


def _buckets(answer: dict):
    """(group, UTC interval start, interval minutes, metrics) per bucket of an aggregate answer."""
    for result in answer.get("results") or []:
        group = result.get("group") or {}
        for bucket in result.get("data") or []:
            start, _, end = bucket["interval"].partition("/")
            begin = parse_ts(start)
            minutes = int((parse_ts(end) - begin).total_seconds() // 60)
            yield group, iso(begin), minutes, bucket.get("metrics") or []


def volume_rows(org: dict, answer: dict) -> list[dict]:
    """One row per queue, media type, direction and interval; a metric the bucket lacks is 0 (the API
    leaves out zero counts), a service level without a denominator is null."""
    rows = []
    for group, start, minutes, metrics in _buckets(answer):
        row = {
            **org,
            "queue_id": group.get("queueId"),
            "media_type": group.get("mediaType"),
            "direction": group.get("direction"),
            "interval_start": start,
            "interval_minutes": minutes,
            **dict.fromkeys(VOLUME_FIELDS, 0),
            **dict.fromkeys(SERVICE_LEVEL_FIELDS),
        }
        for metric in metrics:
            stats = metric.get("stats") or {}
            if metric["metric"] == "oServiceLevel":
                row["sl_numerator"], row["sl_denominator"] = stats.get("numerator"), stats.get("denominator")
                row["sl_target"] = stats.get("target")
                continue
            count_col, sum_col = METRIC_COLUMNS.get(metric["metric"], (None, None))
            if count_col:
                row[count_col] = stats.get("count", 0)
            if sum_col:
                row[sum_col] = stats.get("sum", 0)
        rows.append(row)
    return rows


def presence_rows(org: dict, answer: dict) -> list[dict]:
    """One row per user, interval, metric and qualifier: milliseconds (``stats.sum``)."""
    return [
        {
            **org,
            "user_id": group.get("userId"),
            "interval_start": start,
            "interval_minutes": minutes,
            "metric": metric["metric"],
            "qualifier": metric.get("qualifier"),
            "milliseconds": (metric.get("stats") or {}).get("sum", 0),
        }
        for group, start, minutes, metrics in _buckets(answer)
        for metric in metrics
    ]
