"""One org's adherence stream: channels on its management units, every change appended, gaps repaired.

The org's units are subscribed on ``v2.workforcemanagement.managementunits.{id}.adherence``, at most
1,000 topics a channel and 16 channels (``rows.plan_channels``: Genesys allows 20 per OAuth client and the
nightly run and renewals need some); units beyond that stay with the polling snapshot. Each channel is a
``Notifications`` (pipelines/genesys/notifications.py) that keeps itself alive: heartbeats, a new channel
before the old expires or on ``socket_closing`` (read to its end: nothing lost), a reconnect after a drop.

**Gaps.** A dropped socket or a channel gone without warning loses the events sent meanwhile: a gap from
the last message heard to the resubscription, on that channel's units. So does the stream's own downtime
(from the previous process's last message, kept in its status file, to this one's start). Each gap is
written to ``adherence_stream_gaps`` and repaired at once by polling its units (``GET .../managementunits/
{id}/adherence``: the state at the gap's end, rows with source ``snapshot``); the historical record of the
gap's hours comes from the historical bulk job, which the ``adherence_gap_sensor`` asks for.

**Not permitted.** A topic ``Rejected`` (at the start, at a resubscription, or at the periodic check
every ``verify_seconds``: a permission taken away may only show there) stops the org's stream: it says
so in the log and in ``adherence_stream_status``, its status file says ``polling``, and the 5-minute
snapshot covers the org again. It tries again every ``verify_seconds``.
"""

from __future__ import annotations

import collections
import itertools
import logging
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from ..config import Credentials, ExtractSettings, OrgConfig
from ..genesys.client import GenesysClient, GenesysError, PermissionDenied
from ..genesys.notifications import Notifications, SubscriptionRejected, scrub
from ..genesys.settings import WFM
from ..genesys.structure import OrgStructure
from .health import KEEP_GAPS, STATUS_SECONDS, read_status, write_status
from .rows import StreamOptions, event_row, mu_topic, plan_channels, polled_row, state_key, utc

log = logging.getLogger(__name__)
LABEL = "adherence_stream"  # the client's counters label for the stream's requests


@dataclass
class Gap:
    units: list[str]
    start: float | None  # epoch seconds of the last message heard; None: nothing was ever heard
    end: float
    reason: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])


class AdherenceChannel(Notifications):
    """A channel whose events go to ``on_event(topic, body)`` once, and whose lost stretches to ``on_gap``.

    Once: while a channel is renewed, both carry every event; the old socket is read to its end first,
    so the new one's first events may be copies of its last ones, in the same order (the platform sends
    each channel the events in publishing order: assumed, as the platform documents no event id).
    The events read from the replaced socket are kept; a new-socket event equal to one of them is a copy
    (dropped with everything kept before it), and the first one that is not ends the overlap."""

    def __init__(self, client: GenesysClient, on_event, on_gap, **options):
        super().__init__(client, **options)
        self.on_event, self.on_gap = on_event, on_gap
        self.copies = 0
        self._overlap: collections.deque = collections.deque(maxlen=10_000)

    def _event(self, topic: str, body: dict, replaced: bool) -> None:
        if replaced:
            self._overlap.append((topic, body))
        elif self._overlap:
            for index, seen in enumerate(self._overlap):
                if seen == (topic, body):
                    for _ in range(index + 1):
                        self._overlap.popleft()
                    self.copies += 1
                    return
            self._overlap.clear()
        self.on_event(topic, body)

    def _resumed(self, why: str, lost_since: float | None) -> None:
        if lost_since is not None:
            self.on_gap(why, lost_since)

    @property
    def failure(self) -> GenesysError | None:
        """The error that stopped the channel for good (a topic rejected on resubscription), if any."""
        return self._fatal

    @property
    def heard_at(self) -> float:
        return self._heard_at

    def connected(self) -> bool:
        return self._ws is not None and time.monotonic() - self._last_heard <= self.stale_after

    def verify(self) -> None:
        """Send the subscriptions again (PUT, idempotent): ``SubscriptionRejected`` when a topic no longer is."""
        with self._state:
            self._check_open()
            channel = self._channel
        if channel is not None:
            self._put_topics(channel, list(self._topics), add=False)


class OrgStream:
    """The stream of one org, driven by ``run(stop)`` on its own thread; rows go to ``writer``."""

    def __init__(self, org: OrgConfig, creds: Credentials, settings: ExtractSettings, writer, options=None):
        self.org, self.writer, self.options = org, writer, options or StreamOptions()
        self.client = GenesysClient(org, creds, settings)
        self.state, self.reason = "starting", ""
        self.channels: list[tuple[AdherenceChannel, list[str]]] = []
        self.units: list[str] = []
        self.polled: list[str] = []
        self.counts = dict.fromkeys(("events", "duplicates", "malformed", "gaps", "repaired_rows"), 0)
        self.gaps: list[dict] = []
        self._pending: queue.Queue[Gap] = queue.Queue()
        self._last: dict[str, tuple] = {}
        self._lock = threading.Lock()
        self._sequence = itertools.count()
        self._cols: dict = {}
        self._next_try = self._next_verify = self._next_status = 0.0
        self._last_heard: float | None = None

    # ------------------------------------------------------------------ lifecycle
    def run(self, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    self.step()
                except Exception as err:  # a fault of ours must not end the org's stream for good
                    log.exception("org %s: adherence stream step failed: %s", self.org.key, type(err).__name__)
                    stop.wait(self.options.retry_seconds)
                stop.wait(1.0)
        finally:
            self._close_channels()
            self._set_state("stopped", "the stream was stopped")
            self._write_status(force=True)
            self.client.close()

    def step(self) -> None:
        """One turn: (re)start when due, repair gaps, check the channels, rewrite the status file."""
        now = time.monotonic()
        # the client's run deadline bounds one extraction; for a stream that never ends it bounds a step
        self.client.run_deadline = now + self.client.settings.run_deadline_seconds
        if self.state != "streaming" and now >= self._next_try:
            self._next_try = now + (
                self.options.verify_seconds if self.state == "polling" else self.options.retry_seconds
            )
            self._start()
        self._repair_pending()
        if self.state == "streaming":
            self._check(now)
        self._write_status()

    def _start(self) -> None:
        previous = read_status(self.org.key) or {}
        since = self._last_heard or previous.get("last_heard_at")
        self.client.counters.current = LABEL
        try:
            structure = OrgStructure(self.client)
            self._cols = structure.columns
            self.units = [mu["id"] for bu in structure.business_units for mu in structure.management_units[bu["id"]]]
            groups, self.polled = plan_channels(self.units, self.options.per_channel, self.options.channels)
            for group in groups:
                channel = AdherenceChannel(self.client, self._on_event, partial(self._on_gap, group))
                self.channels.append((channel, group))
                channel.subscribe(*[mu_topic(mu) for mu in group])
        except SubscriptionRejected as err:
            self._fall_back(f"notifications not permitted: {err}")
            return
        except GenesysError as err:
            self._close_channels()
            self._set_state(
                "stopped", f"cannot start: {scrub(str(err))}; retrying in {self.options.retry_seconds:.0f} s"
            )
            return
        subscribed = len(self.units) - len(self.polled)
        extra = f"; {len(self.polled)} units beyond the channel budget stay polled" if self.polled else ""
        self._set_state("streaming", f"{subscribed} units on {len(self.channels)} channels{extra}")
        self._next_verify = time.monotonic() + self.options.verify_seconds
        subscribed_units = [mu for _, group in self.channels for mu in group]
        self._pending.put(Gap(subscribed_units, since, time.time(), "the stream started"))

    def _fall_back(self, reason: str) -> None:
        self._close_channels()
        self._set_state("polling", reason)
        log.warning(
            "org %s: %s; real-time adherence falls back to the polling snapshot (realtime_snapshot, every "
            "WFM_HUB_SNAPSHOT_SECONDS)",
            self.org.key,
            reason,
        )

    def _close_channels(self) -> None:
        for channel, _ in self.channels:
            if channel.heard_at:
                self._last_heard = max(self._last_heard or 0.0, channel.heard_at)
            channel.close()
        self.channels = []

    def _check(self, now: float) -> None:
        for channel, _ in self.channels:
            if isinstance(channel.failure, SubscriptionRejected):
                self._fall_back(f"notifications not permitted: {channel.failure}")
                return
        if now < self._next_verify:
            return
        self._next_verify = now + self.options.verify_seconds
        for channel, _ in self.channels:
            try:
                channel.verify()
            except SubscriptionRejected as err:
                self._fall_back(f"notifications not permitted: {err}")
                return
            except GenesysError as err:  # the channel itself is being replaced: the reader recovers it
                log.info("org %s: subscription check: %s", self.org.key, scrub(str(err)))

    # ------------------------------------------------------------------ events
    def _on_event(self, topic: str, body: dict) -> None:
        """A reader thread's event: one ``adherence_events`` row unless it repeats the agent's last state."""
        received = datetime.now(UTC)
        with self._lock:
            try:
                row = event_row(self._cols, body, received, next(self._sequence))
            except (KeyError, TypeError, AttributeError) as err:  # one bad event never stops the stream
                self.counts["malformed"] += 1
                log.warning(
                    "org %s: an event on %s has no user id (%s): skipped", self.org.key, topic, type(err).__name__
                )
                return
            key = state_key(row)
            if self._last.get(row["user_id"]) == key:
                self.counts["duplicates"] += 1
                return
            self._last[row["user_id"]] = key
            self.counts["events"] += 1
        self.writer.put(self.org.key, "adherence_events", row)

    def _on_gap(self, units: list[str], why: str, lost_since: float) -> None:
        self._pending.put(Gap(units, lost_since, time.time(), why))

    # ------------------------------------------------------------------ gaps
    def _repair_pending(self) -> None:
        while True:
            try:
                gap = self._pending.get_nowait()
            except queue.Empty:
                return
            try:
                self._repair(gap)
            except GenesysError as err:  # the org is unreachable right now: the same gap again later
                log.warning("org %s: gap repair failed, retrying: %s", self.org.key, scrub(str(err)))
                self._pending.put(gap)
                return

    def _repair(self, gap: Gap) -> None:
        """Poll the gap's units: each agent's state at the gap's end becomes a ``snapshot`` row."""
        self.client.counters.current = LABEL
        repaired = []
        for mu_id in gap.units:
            path = f"{WFM}/managementunits/{mu_id}/adherence"
            try:
                found = self.client.result(lambda path=path: self.client.get(path), None, expect=("entities",))
            except PermissionDenied as err:
                repaired.append((mu_id, None, 0, f"missing permission {err.permission}"))
                continue
            received, rows = datetime.now(UTC), []
            with self._lock:
                for record in found["entities"]:
                    try:
                        row = polled_row(self._cols, record, received, next(self._sequence))
                    except (KeyError, TypeError, AttributeError):
                        self.counts["malformed"] += 1
                        continue
                    self._last[row["user_id"]] = state_key(row)
                    rows.append(row)
            for row in rows:
                self.writer.put(self.org.key, "adherence_events", row)
            repaired.append((mu_id, received, len(rows), None))
            self.counts["repaired_rows"] += len(rows)
        for mu_id, at, count, error in repaired:
            self.writer.put(
                self.org.key,
                "adherence_stream_gaps",
                {
                    **self._cols,
                    "gap_id": gap.id,
                    "management_unit_id": mu_id,
                    "gap_start": utc(gap.start),
                    "gap_end": utc(gap.end),
                    "reason": gap.reason,
                    "repaired_at": at,
                    "repair_rows": count,
                    "repair_error": error,
                },
            )
        self.counts["gaps"] += 1
        self.gaps = [*self.gaps, {"id": gap.id, "start": gap.start, "end": gap.end, "reason": gap.reason}][-KEEP_GAPS:]

    # ------------------------------------------------------------------ status
    def _set_state(self, state: str, reason: str) -> None:
        if (state, reason) == (self.state, self.reason):
            return
        self.state, self.reason = state, reason
        log.info("org %s: adherence stream %s: %s", self.org.key, state, reason)
        if self._cols:  # the org was reached: its rows can be qualified
            self.writer.put(
                self.org.key,
                "adherence_stream_status",
                {
                    **self._cols,
                    "changed_at": datetime.now(UTC),
                    "state": state,
                    "reason": reason,
                    "channels": len(self.channels),
                    "topics": sum(len(g) for _, g in self.channels),
                    "polled_units": len(self.polled) if state == "streaming" else len(self.units),
                },
            )
        self._write_status(force=True)

    def _write_status(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now < self._next_status:
            return
        self._next_status = now + STATUS_SECONDS
        heard = [c.heard_at for c, _ in self.channels if c.heard_at]
        if heard:
            self._last_heard = max(heard)
        alive = self.state != "streaming" or all(c.connected() for c, _ in self.channels)
        write_status(
            self.org.key,
            {
                "org_key": self.org.key,
                "state": self.state,
                "reason": self.reason,
                "heartbeat_at": time.time() if alive else None,
                "last_heard_at": self._last_heard,
                "channels": len(self.channels),
                "topics": sum(len(g) for _, g in self.channels),
                "polled_units": self.polled if self.state == "streaming" else self.units,
                "counts": {**self.counts, "copies": sum(c.copies for c, _ in self.channels)},
                "gaps": self.gaps,
            },
        )
