"""Notifications API state and the streaming WebSocket: channels, topics, heartbeats, expiry, delivery.

Why: a large BU agent-schedule query (or any with ``forceAsync=true``) answers ``Processing`` with an
``operationId`` and no result; the result then arrives only as a notification on the caller's topic
``v2.workforcemanagement.users.{id}.schedules.query`` (SDK v269 model
``WfmBuScheduleQueryResultTopicBuScheduleSearchResultNotification``; topic name from the SDK build's
``notificationMappings.json``). A client that is not subscribed and connected when the event fires
never sees it, exactly as on the real platform, so the pipeline must treat a missing event as "not
ready", never as "no data". Evidence (with its sources) and assumptions: docs/simulator.md "Notifications".

Protocol as modelled (each point with its public source in docs/simulator.md):
* a channel is ``{id, connectUri, expires}``; it lives ``channel_ttl_seconds`` (24 h by default); at
  most ``max_channels`` (20) per OAuth client: the 21st evicts the least recently used, channels without
  a connection first (SDK docstring of ``post_notifications_channels``); at most ``max_topics`` (1,000);
* one connection per channel (a second connection replaces the first: assumption);
* envelope ``{"topicName", "version", "eventBody", "metadata": {"CorrelationId"}}``; heartbeat
  ``channel.metadata`` / ``{"message": "WebSocket Heartbeat"}`` every ``heartbeat_seconds`` (30 s);
  ``{"message": "ping"}`` is answered with a ``pong``; ``v2.system.socket_closing`` about a minute before
  the channel expires, then the socket closes; a connection to an unknown, expired or evicted channel
  gets ``{"result": "404", "message": ...}`` and is closed.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from .ids import iso_utc

STREAM_PATH = "/_streaming/channels/{channelId}"
HEARTBEAT = {"topicName": "channel.metadata", "eventBody": {"message": "WebSocket Heartbeat"}}
PONG = {"topicName": "channel.metadata", "eventBody": {"message": "pong"}}
SOCKET_CLOSING = "v2.system.socket_closing"


@dataclass(frozen=True)
class NotificationSettings:
    heartbeat_seconds: float = 30.0
    channel_ttl_seconds: float = 86400.0
    closing_warning_seconds: float = 60.0  # before expiry; never more than half the ttl (short test ttls)
    result_delay_seconds: float = 0.5  # a Processing query's notification follows this long after the answer
    max_channels: int = 20  # per OAuth client
    max_topics: int = 1000  # per channel


@dataclass(eq=False)
class Channel:
    id: str
    org_key: str
    client_id: str  # the OAuth client that owns it (channels are per user/app; here per app)
    token: str  # the access token that created it (``includechannels=token``)
    expires_at: float  # epoch seconds
    last_used: float
    topics: dict[str, None] = field(default_factory=dict)  # insertion-ordered set
    socket: WebSocket | None = None
    send_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def expires(self) -> str:
        return iso_utc(datetime.fromtimestamp(self.expires_at, UTC))

    def alive(self) -> bool:
        return time.time() < self.expires_at


@dataclass
class Delivery:
    published: int = 0  # events the API raised
    delivered: int = 0  # copies sent to a connected, subscribed channel
    lost: int = 0  # events nobody was subscribed and connected for


class ChannelStore:
    """Every org's channels. Used only from the server's event loop (REST handlers and sockets)."""

    def __init__(self, settings: NotificationSettings | None = None):
        self.settings = settings or NotificationSettings()
        self.channels: dict[str, Channel] = {}
        self.delivery: dict[str, Delivery] = defaultdict(Delivery)

    # ------------------------------------------------------------------ channels
    def owned(self, org_key: str, client_id: str) -> list[Channel]:
        """The live channels of one OAuth client, oldest first (expired ones are forgotten)."""
        for ch in [c for c in self.channels.values() if not c.alive()]:
            self._forget(ch, "expired")
        return [c for c in self.channels.values() if c.org_key == org_key and c.client_id == client_id]

    def create(self, channel_id: str, org_key: str, client_id: str, token: str) -> Channel:
        owned = self.owned(org_key, client_id)
        if len(owned) >= self.settings.max_channels:
            # "Creating a 21st channel will remove the channel with oldest last used date. Channels
            # without an active connection will be removed first." (SDK v269 post_notifications_channels)
            victim = min(owned, key=lambda c: (c.socket is not None, c.last_used))
            self._forget(victim, f"removed: the OAuth client reached {self.settings.max_channels} channels")
        now = time.time()
        channel = Channel(channel_id, org_key, client_id, token, now + self.settings.channel_ttl_seconds, now)
        self.channels[channel_id] = channel
        return channel

    def find(self, channel_id: str, org_key: str, client_id: str) -> Channel | None:
        channel = self.channels.get(channel_id)
        if channel is None or channel.org_key != org_key or channel.client_id != client_id:
            return None
        if not channel.alive():
            self._forget(channel, "expired")
            return None
        return channel

    def _forget(self, channel: Channel, why: str) -> None:
        self.channels.pop(channel.id, None)
        if channel.socket is not None:
            _spawn(_refuse(channel.socket, channel.send_lock, f"Channel {channel.id} {why}"))
            channel.socket = None

    # ------------------------------------------------------------------ events
    def publish_later(self, org_key: str, client_id: str, topic: str, body: dict) -> None:
        """Raise an event ``result_delay_seconds`` from now; only connected subscribers receive it."""
        loop = asyncio.get_running_loop()
        self.delivery[org_key].published += 1
        loop.call_later(
            self.settings.result_delay_seconds, lambda: _spawn(self._deliver(org_key, client_id, topic, body))
        )

    async def _deliver(self, org_key: str, client_id: str, topic: str, body: dict) -> None:
        listeners = [c for c in self.owned(org_key, client_id) if topic in c.topics and c.socket is not None]
        if not listeners:
            self.delivery[org_key].lost += 1
            return
        for channel in listeners:
            if await _send(channel.socket, channel.send_lock, envelope(topic, body)):
                self.delivery[org_key].delivered += 1

    def snapshot(self) -> dict:
        """Per org: channels (id, topics, connected, expires) and delivery counts, for /_sim/notifications."""
        orgs: dict[str, dict] = defaultdict(lambda: {"channels": []})
        for ch in list(self.channels.values()):
            if ch.alive():
                orgs[ch.org_key]["channels"].append(
                    {"id": ch.id, "topics": list(ch.topics), "connected": ch.socket is not None, "expires": ch.expires}
                )
        for org_key, counts in self.delivery.items():
            orgs[org_key].update(published=counts.published, delivered=counts.delivered, lost=counts.lost)
        return dict(orgs)


def envelope(topic: str, body: dict) -> dict:
    return {"topicName": topic, "version": "2", "eventBody": body, "metadata": {"CorrelationId": str(uuid.uuid4())}}


def _spawn(coro) -> None:
    task = asyncio.get_running_loop().create_task(coro)
    _TASKS.add(task)  # keep a reference until done (the loop holds tasks only weakly)
    task.add_done_callback(_TASKS.discard)


_TASKS: set[asyncio.Task] = set()


async def _send(ws: WebSocket, lock: asyncio.Lock, message: dict) -> bool:
    try:
        async with lock:
            await ws.send_text(orjson.dumps(message).decode())
        return True
    except Exception:  # the peer went away meanwhile: the event is lost for it, as on the platform
        return False


async def _close(ws: WebSocket, lock: asyncio.Lock, code: int = 1000, reason: str = "") -> None:
    try:
        async with lock:
            await ws.close(code, reason)
    except Exception:
        pass


async def _refuse(ws: WebSocket, lock: asyncio.Lock, message: str) -> None:
    """The in-band failure the genesys-notifications client handles (channel expired, replaced, token gone)."""
    await _send(ws, lock, {"result": "404", "message": message})
    await _close(ws, lock)


# ---------------------------------------------------------------------- the socket
def websocket_routes(runtime) -> list:
    """The streaming socket at every channel's ``connectUri``, and ``/_sim/notifications``."""
    store: ChannelStore = runtime.channels
    settings = store.settings

    async def stream(ws: WebSocket) -> None:
        await ws.accept()
        channel = store.channels.get(ws.path_params["channelId"])
        if channel is None or not channel.alive() or runtime.token_for(channel.token, channel.org_key) is None:
            await _refuse(ws, asyncio.Lock(), "Channel not found, expired or its token expired")
            return
        previous, channel.socket, channel.last_used = channel.socket, ws, time.time()
        if previous is not None:  # one connection per channel: the newer one wins (assumption)
            _spawn(_close(previous, channel.send_lock, 1000, "replaced by a newer connection"))
        tasks = [asyncio.create_task(_heartbeats(channel, ws)), asyncio.create_task(_lifetime(channel, ws))]
        try:
            while True:
                text = await ws.receive_text()
                channel.last_used = time.time()
                try:
                    message = orjson.loads(text)
                except orjson.JSONDecodeError:
                    message = None
                if isinstance(message, dict) and message.get("message") == "ping":
                    await _send(ws, channel.send_lock, PONG)
                else:  # in-band subscribe is not modelled: subscriptions go through the REST API
                    reply = {"result": "400", "status": "error", "message": "Unsupported message"}
                    await _send(ws, channel.send_lock, reply)
        except Exception:  # disconnect, or the server closed it (expiry, eviction, replacement, drop)
            pass
        finally:
            for task in tasks:
                task.cancel()
            if channel.socket is ws:
                channel.socket = None

    async def _heartbeats(channel: Channel, ws: WebSocket) -> None:
        while True:
            await asyncio.sleep(settings.heartbeat_seconds)
            await _send(ws, channel.send_lock, HEARTBEAT)

    async def _lifetime(channel: Channel, ws: WebSocket) -> None:
        left = channel.expires_at - time.time()
        warning = min(settings.closing_warning_seconds, settings.channel_ttl_seconds / 2)
        await asyncio.sleep(max(0.0, left - warning))
        body = {"channelId": channel.id, "message": "WebSocket closing soon"}  # exact text: NOT CONFIRMED
        await _send(ws, channel.send_lock, envelope(SOCKET_CLOSING, body))
        await asyncio.sleep(max(0.0, channel.expires_at - time.time()))
        store.channels.pop(channel.id, None)
        await _close(ws, channel.send_lock, 1000, "channel expired")

    async def control(request: Request) -> Response:
        """GET: channels and delivery counts per org. POST ``{"org": k, "drop": true}``: drop its sockets;
        ``{"org": k, "expire": true}``: its channels expire now, unwarned (as for a client that slept
        through the warning): each open socket gets the in-band 404 and is closed."""
        if request.method == "POST":
            body = orjson.loads(await request.body() or b"{}")
            if body.get("drop"):
                for channel in [c for c in store.channels.values() if c.org_key == body.get("org")]:
                    if channel.socket is not None:  # 1011: an abnormal end, as a network drop looks to a client
                        await _close(channel.socket, channel.send_lock, 1011, "dropped by the simulator")
            if body.get("expire"):
                for channel in [c for c in store.channels.values() if c.org_key == body.get("org")]:
                    store._forget(channel, "expired")
        return Response(orjson.dumps(store.snapshot()), media_type="application/json")

    return [
        WebSocketRoute(STREAM_PATH, stream),
        Route("/_sim/notifications", control, methods=["GET", "POST"]),
    ]
