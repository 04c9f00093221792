"""Notifications API: channels and their topic subscriptions (the socket is in ``genesys_sim.notifications``).

Wire names follow SDK v269 ``Channel {connectUri, id, expires}``, ``ChannelEntityListing {entities}``,
``ChannelTopic {id, state, rejectionReason, missingPermissions, selfUri}`` and
``ChannelTopicEntityListing {entities}``. The endpoints need no permission (SDK docs); each topic does.

Topics served: the WFM async-result topics the simulator publishes, and the real-time adherence topics of
a management unit or user (``genesys_sim.adherence_stream``). The three agent-schedule result topics are keyed
by the caller's id; a client-credentials token has no user, and public client-credentials clients put the
OAuth client id there (docs/simulator.md "Notifications": an assumption, not confirmed by Genesys). The
staffing-requirement one is keyed by a business unit of the org. Any other topic (another id, an unknown
name, a missing permission) is ``Rejected``; one rejected topic fails the whole request unless
``ignoreErrors=true`` (Genesys' permission-enforcement announcement).
"""

from __future__ import annotations

import re
import time

from ..adherence_stream import topic_state as adherence_topic_state
from ..errors import ApiError, missing_permission, not_found
from . import api

NOTIFY = "/api/v2/notifications"
CHANNEL = f"{NOTIFY}/channels/{{channelId}}"

SCHEDULE_QUERY_TOPIC = "v2.workforcemanagement.users.{id}.schedules.query"
MU_SEARCH_TOPIC = "v2.users.{id}.workforcemanagement.agentschedules.managementunit.search.complete"
BU_SEARCH_TOPIC = "v2.workforcemanagement.users.{id}.schedules.search"

# topic pattern -> the permission a subscriber needs (assumption: the permission of the route whose
# results the topic carries; Genesys lists per-topic permissions only via availabletopics).
TOPICS = {
    re.compile(r"^v2\.workforcemanagement\.users\.([^.]+)\.schedules\.query$"): "wfm:schedule:view",
    re.compile(r"^v2\.workforcemanagement\.users\.([^.]+)\.schedules\.search$"): "wfm:schedule:view",
    re.compile(
        r"^v2\.users\.([^.]+)\.workforcemanagement\.agentschedules\.managementunit\.search\.complete$"
    ): "wfm:schedule:view",
    re.compile(
        r"^v2\.workforcemanagement\.businessunits\.([^.]+)\.forecasts\.staffingrequirement$"
    ): "wfm:staffingRequirement:view",
}


def _store(ctx):
    return ctx.runtime.channels


def channel_json(ctx, channel) -> dict:
    ws_base = ctx.server_base.replace("http", "ws", 1)
    return {"connectUri": f"{ws_base}/_streaming/channels/{channel.id}", "id": channel.id, "expires": channel.expires}


def _channel(ctx):
    channel = _store(ctx).find(ctx.path_params["channelId"], ctx.org.key, ctx.org.client_id)
    if channel is None:
        raise not_found(f"channel {ctx.path_params['channelId']}")
    return channel


@api("POST", f"{NOTIFY}/channels")
def create_channel(ctx):
    channel_id = "streaming-0-" + ctx.runtime.next_id(ctx.org.key, "channel").replace("-", "")[:26]
    return channel_json(ctx, _store(ctx).create(channel_id, ctx.org.key, ctx.org.client_id, ctx.token))


@api("GET", f"{NOTIFY}/channels")
def list_channels(ctx):
    """``includechannels=token`` (default): this token's channels; ``oauthclient``: all of the client's,
    other tokens' without id ("Channel Ids for other access tokens will not be shown", SDK docstring)."""
    mode = ctx.query.get("includechannels", "token")
    if mode not in ("token", "oauthclient"):
        raise ApiError(400, "bad.request", f"includechannels must be token or oauthclient, got {mode!r}")
    entities = []
    for channel in _store(ctx).owned(ctx.org.key, ctx.org.client_id):
        if channel.token == ctx.token:
            entities.append(channel_json(ctx, channel))
        elif mode == "oauthclient":
            entities.append({"expires": channel.expires})
    return {"entities": entities}


@api("HEAD", CHANNEL)
def head_channel(ctx):
    _channel(ctx)
    return {}


def _topic_state(ctx, topic: str) -> dict:
    """One ``ChannelTopic``: Permitted, or Rejected with the reason (and the missing permission)."""
    for pattern, permission in TOPICS.items():
        found = pattern.match(topic)
        if not found:
            continue
        if ".businessunits." in topic:
            if found.group(1) not in {bu.id for bu in ctx.org.business_units}:
                return {"id": topic, "state": "Rejected", "rejectionReason": "No such business unit in this org"}
        elif found.group(1) != ctx.org.client_id:
            reason = "The topic names another user; a client-credentials token may use only its OAuth client id"
            return {"id": topic, "state": "Rejected", "rejectionReason": reason}
        if not ctx.runtime.permitted(ctx.org.key, permission):
            return {
                "id": topic,
                "state": "Rejected",
                "rejectionReason": "Missing permissions",
                "missingPermissions": [permission],
            }
        return {"id": topic, "state": "Permitted"}
    return adherence_topic_state(ctx, topic) or {"id": topic, "state": "Rejected", "rejectionReason": "Unknown topic"}


def _requested(ctx) -> list[str]:
    body = ctx.body
    if not isinstance(body, list) or not all(isinstance(t, dict) and isinstance(t.get("id"), str) for t in body):
        raise ApiError(400, "bad.request", 'The body must be a list of topics: [{"id": "<topic name>"}]')
    return list(dict.fromkeys(t["id"] for t in body))


def _apply(ctx, replace: bool) -> dict:
    channel = _channel(ctx)
    requested = _requested(ctx)
    limit = _store(ctx).settings.max_topics
    total = len(dict.fromkeys([*([] if replace else channel.topics), *requested]))
    if total > limit:  # "Each WebSocket connection is limited to 1,000 topics"
        raise ApiError(400, "bad.request", f"A channel can subscribe to at most {limit} topics, got {total}")
    states = [_topic_state(ctx, topic) for topic in requested]
    rejected = [s for s in states if s["state"] == "Rejected"]
    if rejected and not ctx.flag("ignoreErrors"):
        missing = sorted({p for s in rejected for p in s.get("missingPermissions", [])})
        if missing:
            raise missing_permission(", ".join(missing))
        names = ", ".join(f"{s['id']} ({s['rejectionReason']})" for s in rejected)
        raise ApiError(403, "forbidden", f"Subscription rejected for: {names}")
    permitted = dict.fromkeys(s["id"] for s in states if s["state"] == "Permitted")
    channel.topics = permitted if replace else {**channel.topics, **permitted}
    channel.last_used = time.time()
    return {"entities": [{"id": t, "state": "Permitted"} for t in channel.topics] + rejected}


@api("GET", f"{CHANNEL}/subscriptions")
def list_subscriptions(ctx):
    return {"entities": [{"id": t, "state": "Permitted"} for t in _channel(ctx).topics]}


@api("POST", f"{CHANNEL}/subscriptions")
def add_subscriptions(ctx):
    return _apply(ctx, replace=False)


@api("PUT", f"{CHANNEL}/subscriptions")
def replace_subscriptions(ctx):
    return _apply(ctx, replace=True)


@api("DELETE", f"{CHANNEL}/subscriptions")
def delete_subscriptions(ctx):
    _channel(ctx).topics = {}
    return {}
