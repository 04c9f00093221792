"""Analytics aggregates: interaction volume and service level per queue, media type and direction; user
presence (routing status, system and organization presence) per user, both per 15-minute interval.

An aggregate answer without ``results`` is a legitimate "no conversations in this interval" (the
API leaves the key out), but it must still be a JSON object: an empty body is not an answer. Queries
are in UTC; an answer whose intervals carry an offset (a query with ``timeZone``) is read as the same
instants (``aggregates.py``). The intervals' queries are independent: they are kept in flight together
(``GenesysClient.each``) and their pages handed on in interval order. User presence answers, most of an
org's rows, are read straight into Arrow columns when they can be (``presence_arrow.presence_answer``),
else shaped row by row.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..aggregates import presence_rows, volume_rows
from ..helpers import iso, local_midnight, presence_chunk_hours
from ..presence_arrow import presence_answer, with_org
from ..settings import (
    CONVERSATION_GROUPS,
    CONVERSATION_METRICS,
    INTERVAL_MINUTES,
    PRESENCE_GRANULARITY,
    PRESENCE_METRICS,
    VOLUME_CHUNK_DAYS,
)
from ..structure import Extraction

AN_OBJECT = ()  # answers.missing: any JSON object (no key is required)


def hour_intervals(window: tuple[date, date], hours: int):
    """ISO-8601 intervals of at most ``hours`` covering the UTC days of ``window``."""
    cursor, end = local_midnight(window[0], "UTC"), local_midnight(window[1], "UTC")
    while cursor < end:
        stop = min(end, cursor + timedelta(hours=hours))
        yield f"{iso(cursor)}/{iso(stop)}"
        cursor = stop


def interaction_volume(x: Extraction):
    def query(interval: str) -> dict:
        body = {
            "interval": interval,
            "granularity": f"PT{INTERVAL_MINUTES}M",
            "groupBy": CONVERSATION_GROUPS,
            "metrics": CONVERSATION_METRICS,
        }
        return x.client.post("/api/v2/analytics/conversations/aggregates/query", body, expect=AN_OBJECT)

    for answer in x.client.each(query, hour_intervals(x.window("interaction_volume"), VOLUME_CHUNK_DAYS * 24)):
        yield volume_rows(x.cols, answer)


def user_presence(x: Extraction):
    """Per query as many hours as the org's size allows (``helpers.presence_chunk_hours``)."""
    window = x.window("user_presence")
    if window[0] >= window[1]:
        return

    def query(interval: str):
        body = {
            "interval": interval,
            "granularity": PRESENCE_GRANULARITY,
            "groupBy": ["userId"],
            "metrics": PRESENCE_METRICS,
        }
        path = "/api/v2/analytics/users/aggregates/query"
        return x.client.call("POST", path, body=body, expect=AN_OBJECT, parse=presence_answer)

    for answer in x.client.each(query, hour_intervals(window, presence_chunk_hours(x.org.user_count))):
        yield presence_rows(x.cols, answer) if isinstance(answer, dict) else with_org(x.cols, answer)
