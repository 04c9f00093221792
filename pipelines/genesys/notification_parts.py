"""The pure parts of the Notifications API client (``notifications.py``): the WFM result topics it subscribes
to, how a socket message is classified and which operation an event answers, when a channel is renewed, and
the redaction of URLs and channel ids before anything is logged. Apart so the client's module stays about its
channel and socket; every name is re-exported there."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from .answers import redact
from .errors import GenesysError

SCHEDULE_QUERY_TOPIC = "v2.workforcemanagement.users.{id}.schedules.query"
STAFFING_REQUIREMENT_TOPIC = "v2.workforcemanagement.businessunits.{id}.forecasts.staffingrequirement"
# the management-unit agent-schedule search's: {operationId, status, downloadUrl, error} (SDK v269 model
# WfmAgentMuScheduleSearchCompleteTopicAgentMuScheduleSearchCompleteNotification)
MU_SEARCH_TOPIC = "v2.users.{id}.workforcemanagement.agentschedules.managementunit.search.complete"
SOCKET_CLOSING = "v2.system.socket_closing"


def schedule_query_topic(subscriber_id: str) -> str:
    """The BU agent-schedule query's result topic for ``subscriber_id`` (the OAuth client id with a
    client-credentials token; a user's id with a user token)."""
    return SCHEDULE_QUERY_TOPIC.format(id=subscriber_id)


def mu_search_topic(subscriber_id: str) -> str:
    """The management-unit agent-schedule search's result topic for ``subscriber_id`` (as above)."""
    return MU_SEARCH_TOPIC.format(id=subscriber_id)


class SubscriptionRejected(GenesysError):
    """The platform refused a topic (``state: Rejected``): a missing permission or a topic this token
    may not use. Not cured by trying again."""

    retryable = False


_URL = re.compile(r"(?:wss?|https?)://[^\s'\"]+")
_CHANNEL = re.compile(r"(channels/)([^/\s?#'\"]+)")


def scrub(text: str) -> str:
    """``text`` with every URL ``redact``-ed (no query string: signed URLs, tokens) and channel ids in
    paths shortened (a channel id lets anyone read its stream)."""
    return _CHANNEL.sub(lambda m: m.group(1) + short(m.group(2)), _URL.sub(lambda m: redact(m.group(0)), text))


def short(channel_id: str) -> str:
    """A channel id as logged: its last 6 characters (the whole id lets anyone read the stream)."""
    return "…" + channel_id[-6:]


@dataclass(frozen=True)
class Message:
    """One socket message, classified. ``kind``: event, heartbeat, pong, closing, refused, other."""

    kind: str
    topic: str | None = None
    body: dict = field(default_factory=dict)
    detail: str = ""


def parse_message(text: str | bytes) -> Message:
    """Classify a Notifications WebSocket message (pure; see the module docstring for the shapes)."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return Message("other", detail="not JSON")
    if not isinstance(data, dict):
        return Message("other", detail="not an object")
    topic, body = data.get("topicName"), data.get("eventBody")
    body = body if isinstance(body, dict) else {}
    if topic == "channel.metadata":
        said = str(body.get("message", ""))
        return Message("pong" if said == "pong" else "heartbeat", topic, body)
    if topic == SOCKET_CLOSING:
        return Message("closing", topic, body)
    if topic:
        return Message("event", topic, body)
    if str(data.get("result")) == "404":  # channel expired, replaced (21st channel) or its token expired
        return Message("refused", detail=scrub(str(data.get("message", ""))))
    return Message("other", detail=scrub(str(data.get("message", data.get("status", "")))[:200]))


def event_key(body: dict) -> str | None:
    """The id an async-result event answers: ``operationId`` (WFM schedule topics), ``id`` (adherence) or
    the forecast's id (staffing-requirement topic: ``{businessUnitId, forecast: {id}, state, results}``)."""
    value = body.get("operationId") or body.get("id") or (body.get("forecast") or {}).get("id")
    return str(value) if value else None


def renew_at(created: float, ttl: float, renew_before: float) -> float:
    """When to replace a channel of lifetime ``ttl`` created at ``created`` (same clock): ``renew_before``
    seconds before it expires, but never before 90% of a short lifetime (the server warns first)."""
    return created + max(ttl - renew_before, ttl * 0.9)


def rejected(listing: dict) -> list[dict]:
    """The ``Rejected`` entries of a ``ChannelTopicEntityListing``."""
    return [t for t in listing.get("entities") or [] if isinstance(t, dict) and t.get("state") == "Rejected"]


def _ended(expires: str | None) -> bool:
    """Whether an ISO ``expires`` is past on this machine's clock (unreadable: no)."""
    try:
        return datetime.fromisoformat(str(expires).replace("Z", "+00:00")).timestamp() <= time.time()
    except ValueError:
        return False


def _expires_in(expires: str | None, default: float = 86400.0) -> float:
    """Seconds from now (this machine's clock) until an ISO ``expires``; ``default`` if unreadable or
    already past (a skewed clock must not make every new channel look expired)."""
    try:
        left = datetime.fromisoformat(str(expires).replace("Z", "+00:00")).timestamp() - time.time()
    except ValueError:
        return default
    return left if left > 0 else default
