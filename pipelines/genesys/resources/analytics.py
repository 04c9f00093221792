"""Analytics aggregates: interaction volume per queue and media type, user presence per user.

An aggregate answer without ``results`` is a legitimate "no conversations in this interval" (the
API leaves the key out), but it must still be a JSON object: an empty body is not an answer. The
intervals' queries are independent: they are kept in flight together (``GenesysClient.each``) and
their pages handed on in interval order. User presence answers, most of an org's rows, are read
straight into Arrow columns when they can be (``columns.presence_answer``), else shaped row by row.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..columns import presence_answer, with_org
from ..helpers import iso, local_midnight, presence_rows, volume_rows
from ..settings import CONVERSATION_METRICS, PRESENCE_CHUNK_HOURS, PRESENCE_GRANULARITY, VOLUME_CHUNK_DAYS
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
            "granularity": "PT15M",
            "groupBy": ["queueId", "mediaType"],
            "metrics": CONVERSATION_METRICS,
        }
        return x.client.post("/api/v2/analytics/conversations/aggregates/query", body, expect=AN_OBJECT)

    for answer in x.client.each(query, hour_intervals(x.window("interaction_volume"), VOLUME_CHUNK_DAYS * 24)):
        yield volume_rows(x.cols, answer)


def user_presence(x: Extraction):
    def query(interval: str) -> dict:
        body = {
            "interval": interval,
            "granularity": PRESENCE_GRANULARITY,
            "groupBy": ["userId"],
            "metrics": ["tAgentRoutingStatus", "tSystemPresence"],
        }
        path = "/api/v2/analytics/users/aggregates/query"
        return x.client.call("POST", path, body=body, expect=AN_OBJECT, parse=presence_answer)

    for answer in x.client.each(query, hour_intervals(x.window("user_presence"), PRESENCE_CHUNK_HOURS)):
        yield presence_rows(x.cols, answer) if isinstance(answer, dict) else with_org(x.cols, answer)
