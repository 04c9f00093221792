"""Genesys Cloud Notifications API client: one channel, its topics, a WebSocket read on a thread.

Why: the agent-schedule query and search (``POST .../agentschedules/query``, ``.../agentschedules/search``)
may answer ``{"status": "Processing", "operationId": ...}`` with neither ``result`` nor ``downloadUrl``; the
result then comes only as a notification, ``{operationId, businessUnitId, downloadUrl}`` on
``v2.workforcemanagement.users.{id}.schedules.query`` (SDK v269 model
``WfmBuScheduleQueryResultTopicBuScheduleSearchResultNotification``), or for the management-unit search
``{operationId, status, downloadUrl}`` on
``v2.users.{id}.workforcemanagement.agentschedules.managementunit.search.complete`` (topic names from the SDK
build's ``notificationMappings.json``). A forecast's staffing requirement answered ``Processing`` comes the same
way, ``{businessUnitId, forecast, state, results}`` on
``v2.workforcemanagement.businessunits.{id}.forecasts.staffingrequirement`` (``resources/planning.py``).
There is no route to poll for it. An event nobody is subscribed and connected for is lost, so the caller
subscribes BEFORE posting the query, and a missing event is ``NotReady`` (retry later), never "no schedules"
(sources: docs/simulator.md "Notifications").

Which id goes into ``users.{id}``: a client-credentials token has no user (``GET /users/me`` answers
400 "This request requires a user context"); public client-credentials clients (singer-io/tap-purecloud
``websocket_helper.py``) subscribe the user-scoped WFM topics with their OAuth **client id**. Genesys
does not document this: an assumption, see docs/simulator.md "Notifications".

Protocol (evidence in docs/simulator.md): a channel ``{id, connectUri, expires}`` lives 24 h; topics are
``PUT``/``POST`` with ``ignoreErrors=true`` so a rejected topic comes back with its reason; heartbeats
every 30 s (a quiet socket is pinged, a silent one replaced); ``v2.system.socket_closing``, in-band
``{"result": "404"}`` and near expiry: a new channel, resubscribed, then the switch; a dropped socket
is reconnected (same channel while it exists). Events sent while no socket is open are lost: ``NotReady``.

Secrets: REST goes through ``GenesysClient`` (auth, pacing, retries). A ``connectUri`` lets anyone read
the stream, so only a channel id's tail is logged; event bodies (signed download URLs) never are; URLs
in exception texts lose their query strings (``scrub``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from contextlib import suppress

from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from .client import GenesysClient
from .errors import GenesysError, NotReady
from .notification_parts import (  # noqa: F401  (re-exported: the client's public names)
    MU_SEARCH_TOPIC,
    SCHEDULE_QUERY_TOPIC,
    STAFFING_REQUIREMENT_TOPIC,
    Message,
    SubscriptionRejected,
    _ended,
    _expires_in,
    event_key,
    mu_search_topic,
    parse_message,
    rejected,
    renew_at,
    schedule_query_topic,
    scrub,
    short,
)

log = logging.getLogger(__name__)

CHANNELS = "/api/v2/notifications/channels"


class Notifications:
    """A notification channel for one org, kept open until ``close()`` (a context manager).

    ``subscribe(topic)`` before starting the operation, then ``wait_for(topic, operation_id)`` returns
    the event's ``eventBody`` or raises ``NotReady`` when it has not arrived by the deadline.
    Counters in ``stats``: channels (created), reconnects, heartbeats, pongs, events.
    """

    def __init__(
        self,
        client: GenesysClient,
        *,
        stale_after_seconds: float = 95.0,  # about three missed 30 s heartbeats
        renew_before_seconds: float = 120.0,
        retry_pause_seconds: float = 1.0,
        max_buffered: int = 10_000,
    ):
        self.client = client
        self.stale_after = stale_after_seconds
        self.renew_before = renew_before_seconds
        self.retry_pause = retry_pause_seconds
        self.max_buffered = max_buffered
        self.stats = dict.fromkeys(("channels", "reconnects", "heartbeats", "pongs", "events"), 0)
        self._topics: dict[str, None] = {}
        self._events: OrderedDict[tuple[str, str], dict] = OrderedDict()
        self._arrived = threading.Condition()
        self._state = threading.RLock()  # channel, socket and topics change under it
        self._channel: dict | None = None
        self._ws = self._thread = self._fatal = None  # socket, reader thread, the error that stopped it
        self._renew_at = self._last_heard = 0.0
        self._heard_at = 0.0  # epoch seconds of the last message on the current socket (or of its opening)
        self._pinged = self._closed = False

    def __enter__(self) -> Notifications:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ API
    def subscribe(self, *topics: str) -> None:
        """Add topics; returns once they are subscribed on a connected socket (events can arrive).

        Raises ``SubscriptionRejected`` naming the topic and the platform's reason."""
        with self._state:
            self._check_open()
            new = [t for t in dict.fromkeys(topics) if t not in self._topics]
            self._topics.update(dict.fromkeys(new))
            try:
                if self._channel is None or self._ws is None:
                    first = self._channel is None
                    self._switch("first subscription" if first else "resubscribing", lossy=not first)
                elif new:
                    self._add_topics(new)
            except GenesysError:
                for topic in new:
                    self._topics.pop(topic, None)
                raise
            if self._thread is None:
                self._thread = threading.Thread(target=self._read, name="notifications", daemon=True)
                self._thread.start()

    def _add_topics(self, new: list[str]) -> None:
        try:
            self._put_topics(self._channel, new, add=True)
        except SubscriptionRejected:
            raise
        except GenesysError:  # the channel is gone (expired, evicted): a new one with every topic
            self._switch("its channel was gone", lossy=True)

    def wait_for(self, topic: str, operation_id: str, deadline_seconds: float | None = None) -> dict:
        """The ``eventBody`` announcing ``operation_id`` on ``topic`` (it may have arrived already).

        ``deadline_seconds`` defaults to the org's ``job_deadline_seconds``. Raises ``NotReady`` when
        nothing arrived in time (retryable: re-issue the query later), or the error that stopped the
        channel for good (e.g. ``SubscriptionRejected`` on resubscription)."""
        if topic not in self._topics:
            raise ValueError(f"wait_for({topic!r}): subscribe to the topic before starting the operation")
        wait = self.client.settings.job_deadline_seconds if deadline_seconds is None else deadline_seconds
        deadline = time.monotonic() + wait
        with self._arrived:
            while (topic, operation_id) not in self._events:
                if self._fatal is not None:
                    raise self._fatal
                self.client.check_running()
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise NotReady(
                        f"org {self.client.org.key}: no notification for operation {operation_id} on {topic} "
                        f"within {wait:.0f} s; the result is not ready (retry the query later), it is not empty"
                    )
                self._arrived.wait(min(left, 1.0))
            return self._events.pop((topic, operation_id))

    def close(self) -> None:
        """Stop reading, unsubscribe (best effort) and close the socket. Idempotent."""
        with self._state:
            if self._closed:
                return
            self._closed = True
            channel, ws = self._channel, self._ws
            self._ws = None
        if channel is not None:
            try:
                self.client.call("DELETE", f"{CHANNELS}/{channel['id']}/subscriptions", allow_empty=True)
            except GenesysError as err:
                log.info("org %s: could not unsubscribe: %s", self.client.org.key, scrub(str(err)))
        _close(ws)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        with self._arrived:
            self._arrived.notify_all()

    # ------------------------------------------------------------- channels
    def _check_open(self) -> None:
        if self._closed:
            raise GenesysError(f"org {self.client.org.key}: the notification channel is closed")
        if self._fatal is not None:
            raise self._fatal

    def _put_topics(self, channel: dict, topics: list[str], *, add: bool) -> None:
        path = f"{CHANNELS}/{channel['id']}/subscriptions"
        body, params = [{"id": t} for t in topics], {"ignoreErrors": "true"}
        listing = self.client.call("POST" if add else "PUT", path, params=params, body=body, expect=("entities",))
        refused = [
            f"{t.get('id')}: {t.get('rejectionReason') or 'rejected'}"
            + (f" (missing {', '.join(t['missingPermissions'])})" if t.get("missingPermissions") else "")
            for t in rejected(listing if isinstance(listing, dict) else {})
        ]
        if refused:
            raise SubscriptionRejected(f"org {self.client.org.key}: topic subscription refused: {'; '.join(refused)}")

    def _switch(self, why: str, lossy: bool = False) -> None:
        """Open a new channel with every topic and a connected socket; the reader retires the old one.
        ``lossy``: events may have been lost since the last message heard (no open socket meanwhile)."""
        old, heard, created = self._channel, self._heard_at, time.monotonic()
        channel = self.client.call("POST", CHANNELS, expect=("id", "connectUri"))
        self.stats["channels"] += 1
        self._put_topics(channel, list(self._topics), add=False)
        ws = self._connect(channel["connectUri"])
        self._channel, self._ws = channel, ws
        self._renew_at = renew_at(created, _expires_in(channel.get("expires")), self.renew_before)
        self._last_heard, self._heard_at, self._pinged = time.monotonic(), time.time(), False
        what = f"{short(channel['id'])} open ({why}, {len(self._topics)} topics, expires {channel.get('expires')})"
        log.info("org %s: notification channel %s", self.client.org.key, what)
        late = old is not None and _ended(old.get("expires"))  # the old channel ended before this one opened
        self._resumed(why, heard if lossy or late else None)

    def _connect(self, uri: str):
        # legacy=True: a plain connection this class manages (newer websockets otherwise expect a context
        # manager); protocol pings off: liveness is the platform's heartbeat and our ping
        try:
            timeout = self.client.settings.request_timeout_seconds
            return connect(uri, open_timeout=timeout, close_timeout=2, ping_interval=None, legacy=True)
        except (OSError, TimeoutError, WebSocketException) as err:
            what = f"{type(err).__name__} {scrub(str(err))}"
            raise GenesysError(f"org {self.client.org.key}: cannot open the notification socket: {what}") from None

    def _recover(self) -> None:
        """After a dropped socket: reconnect to the same channel if it still exists, else switch."""
        with self._state:
            if self._closed:
                return
            channel, since = self._channel, self._heard_at
            self.stats["reconnects"] += 1
            if channel is not None and time.monotonic() < self._renew_at:
                try:
                    self.client.call("HEAD", f"{CHANNELS}/{channel['id']}", allow_empty=True)
                    self._ws = self._connect(channel["connectUri"])
                    self._last_heard, self._heard_at, self._pinged = time.monotonic(), time.time(), False
                    log.info("org %s: reconnected to channel %s", self.client.org.key, short(channel["id"]))
                    self._resumed("the socket dropped", since)
                    return
                except GenesysError:
                    pass  # gone (404) or unreachable: a new channel
            self._switch("the socket dropped", lossy=True)

    # --------------------------------------------------------------- reading
    def _read(self) -> None:
        """The reader thread, the only one that reads sockets; keeps the channel alive until ``close()``.

        A replaced socket is read until it is quiet (0.25 s, at most 1 s) before it is closed: events the
        platform sent on it before the new socket was connected are in it, and only in it."""
        current, retire_by = None, 0.0
        while not self._closed and self._fatal is None:
            if current is None:
                current = self._ws
                if current is None:
                    self._guarded(self._recover)
                    continue
            retiring = current is not self._ws
            if retiring and not retire_by:
                retire_by = time.monotonic() + 1.0
            try:
                if retiring and time.monotonic() > retire_by:
                    raise TimeoutError
                text = current.recv(timeout=0.25 if retiring else min(1.0, self.stale_after / 4))
            except TimeoutError:
                if retiring:
                    _close(current)
                    current, retire_by = None, 0.0
                else:
                    self._guarded(self._maintain)
                continue
            except (WebSocketException, OSError):
                if current is self._ws and not self._closed:
                    log.info("org %s: notification socket dropped", self.client.org.key)
                    with self._state:
                        if current is self._ws:
                            self._ws = None
                current, retire_by = None, 0.0
                continue
            message = parse_message(text)
            if not retiring:
                self._last_heard, self._heard_at, self._pinged = time.monotonic(), time.time(), False
                self._guarded(lambda message=message: self._handle(message))
            elif message.kind == "event":  # the old socket's own warnings no longer matter
                self._handle(message, replaced=True)
        _close(current)

    def _guarded(self, step) -> None:
        """Run a reader-thread step; a refused subscription stops the channel, other errors retry."""
        try:
            step()
        except SubscriptionRejected as err:  # e.g. a permission taken away: resubscribing cannot succeed
            self._fatal = err
            with self._arrived:
                self._arrived.notify_all()
        except GenesysError as err:
            log.warning("org %s: notification channel: %s; retrying", self.client.org.key, scrub(str(err)))
            time.sleep(self.retry_pause)

    def _event(self, topic: str, body: dict, replaced: bool) -> None:
        """An event on a subscribed topic: kept for ``wait_for`` (a subclass may consume events otherwise).
        ``replaced``: read from a socket already replaced (a renewal), whose last events the new socket
        may carry too."""
        key = event_key(body)
        if key:
            with self._arrived:
                self._events[(topic, key)] = body
                while len(self._events) > self.max_buffered:
                    self._events.popitem(last=False)
                self._arrived.notify_all()

    def _resumed(self, why: str, lost_since: float | None) -> None:
        """After every new socket (``why``): ``lost_since`` is when the last message was heard (epoch s)
        when events sent since then were lost (a drop, a channel gone), None when nothing was (the first
        subscription, a renewal that read the old socket to the end). A hook for subclasses."""

    def _handle(self, message: Message, replaced: bool = False) -> None:
        if message.kind == "event":
            if message.topic in self._topics:
                self.stats["events"] += 1
                self._event(message.topic, message.body, replaced)
        elif message.kind in ("heartbeat", "pong"):
            self.stats[message.kind + "s"] += 1
        elif message.kind in ("closing", "refused"):
            with self._state:
                if not self._closed:
                    closing = message.kind == "closing"  # warned: the old socket is read to its end
                    why = "the platform closes the channel" if closing else "the channel was refused (expired, replaced"
                    self._switch(why if closing else why + " or its token expired)", lossy=not closing)
        else:
            log.debug("org %s: notification socket said %s", self.client.org.key, message.detail)

    def _maintain(self) -> None:
        """Between messages: renew a channel near expiry; ping a quiet socket, replace a silent one."""
        now = time.monotonic()
        if now >= self._renew_at:
            with self._state:
                if not self._closed:
                    self._switch("the channel expires soon")
            return
        quiet = now - self._last_heard
        ws = self._ws
        if ws is not None and quiet > self.stale_after:
            log.info("org %s: notification socket silent for %.0f s", self.client.org.key, quiet)
            with self._state:
                if ws is self._ws:
                    self._ws = None
            _close(ws)
        elif ws is not None and quiet > self.stale_after / 2 and not self._pinged:
            self._pinged = True
            with suppress(WebSocketException, OSError):  # a failed send: the next recv reports the drop
                ws.send('{"message":"ping"}')


def _close(ws) -> None:
    if ws is not None:
        with suppress(WebSocketException, OSError):
            ws.close()
