"""Real-time adherence notifications: the topics, their payloads, and a publisher that follows the clock.

Why: Genesys pushes each agent's adherence changes on ``v2.workforcemanagement.managementunits.{id}.
adherence`` (model ``WfmUserScheduleAdherenceUpdatedMuTopicUserScheduleAdherenceUpdate``) and
``v2.users.{id}.workforcemanagement.adherence`` (``WfmUserScheduleAdherenceUpdatedTopicUser
ScheduleAdherenceUpdate``; topic names from the SDK build's ``notificationMappings.json``, wire names
from the SDK v269 models' ``attribute_map``). A client that wants the current state without polling
subscribes to them; an event sent while it is not connected is lost, as on the platform.

The publisher runs on the server's event loop and follows the simulated clock (``/_sim/clock``; with
``POST /_sim/realtime {"rate": r}`` the clock also runs by itself, ``r`` simulated seconds per second):
whenever the clock moves from ``a`` to ``b`` it publishes every change in ``(a, b]`` of every agent of a
subscribed unit or user, in time order, from ``model.realtime`` (the polling route's truth too). A clock
set backwards publishes nothing. Only subscribed agents are computed.

Assumptions (docs/simulator.md "Real-time adherence"): the MU topic needs the same permissions as the
user topic, any of ``wfm:agentSchedule:view``, ``wfm:agentAdherence:notify``, ``wfm:realtimeAdherence:
view`` (documented for the user topic only); a permission taken away stops delivery at once (events are
then counted lost) and the topic is ``Rejected`` at the next subscription request.
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import timedelta

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .ids import iso_utc, parse_iso
from .model.realtime import MINUTE, Timeline, floor, on_roster, timeline
from .notifications import _spawn, envelope

MU_TOPIC = re.compile(r"^v2\.workforcemanagement\.managementunits\.([^.]+)\.adherence$")
USER_TOPIC = re.compile(r"^v2\.users\.([^.]+)\.workforcemanagement\.adherence$")
# "WFM:agentSchedule:View or WFM:agentAdherence:Notify or WFM:realtimeAdherence:View" (the user topic's
# permissions in Genesys' permission-enforcement announcement; the MU topic's: assumed the same)
PERMISSIONS = ("wfm:agentSchedule:view", "wfm:agentAdherence:notify", "wfm:realtimeAdherence:view")
TICK_SECONDS = 0.1


def common_fields(tl: Timeline, moment) -> dict:
    """The fields the polling answer (``UserScheduleAdherence``) and the topics share, at ``moment``."""
    s = tl.state(moment)
    return {
        "scheduledActivityCategory": s.scheduled_category,
        **({"scheduledActivityCode": {"id": s.scheduled_code_id}} if s.scheduled_code_id else {}),
        "systemPresence": s.system_presence,
        "routingStatus": s.routing_status,
        "actualActivityCategory": s.actual_category,
        "isOutOfOffice": False,
        "adherenceState": s.adherence_state,
        "impact": s.impact,
        "presenceUpdateTime": iso_utc(tl.since(moment, "system_presence")),
        "activeQueues": [],
        "removedFromManagementUnit": False,
    }


def topic_body(tl: Timeline, bu, mu, moment) -> dict:
    """An adherence topic's ``eventBody`` (MU and user topics carry the same model fields)."""
    return {
        "user": {"id": tl.account.user_id},
        "managementUnitId": mu.id,
        "businessUnitId": bu.id,
        **common_fields(tl, moment),
        "adherenceChangeTime": iso_utc(tl.since(moment, "adherence_state")),  # REST: timeOfAdherenceChange
    }


def _unit(org, mu_id: str):
    for bu in org.business_units:
        for mu in bu.management_units:
            if mu.id == mu_id:
                return bu, mu
    return None


def topic_state(ctx, topic: str) -> dict | None:
    """A ``ChannelTopic`` for an adherence topic (None for any other topic name); starts the publisher."""
    mu_match, user_match = MU_TOPIC.match(topic), USER_TOPIC.match(topic)
    if not (mu_match or user_match):
        return None
    known = _unit(ctx.org, mu_match.group(1)) if mu_match else ctx.org.account(user_match.group(1))
    if known is None:  # what Genesys answers for an id it does not know: NOT CONFIRMED
        return {"id": topic, "state": "Rejected", "rejectionReason": "No such management unit or user in this org"}
    if not ctx.runtime.permitted(ctx.org.key, PERMISSIONS):
        reason = {"rejectionReason": "Missing permissions", "missingPermissions": list(PERMISSIONS)}
        return {"id": topic, "state": "Rejected", **reason}
    ctx.runtime.adherence.start()
    return {"id": topic, "state": "Permitted"}


class AdherencePublisher:
    """Publishes adherence changes as the simulated clock moves (one per runtime, on its event loop)."""

    def __init__(self, runtime):
        self.runtime = runtime
        self.rate = 0.0  # simulated seconds per wall second; 0: the clock moves only when told
        self.published: dict[str, int] = {}  # events per org
        self._task: asyncio.Task | None = None
        self._last = self._set_by_us = None
        self._base = (runtime.model.now, time.monotonic())

    def start(self) -> None:
        if self._task is None:
            self._last = self.runtime.model.now
            self._task = asyncio.get_running_loop().create_task(self._run())

    def follow(self, rate: float) -> None:
        """Let the clock run at ``rate`` simulated seconds per second from its current value (0 stops it)."""
        self.rate, self._base = max(0.0, rate), (self.runtime.model.now, time.monotonic())

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                self.tick()
            except Exception as err:  # a bug must not stop the publisher silently for the rest of the run
                print(f"genesys-sim: adherence publisher: {type(err).__name__}: {err}", flush=True)

    def tick(self) -> None:
        model = self.runtime.model
        if self.rate:
            if self._set_by_us is not None and model.now != self._set_by_us:  # /_sim/clock moved it meanwhile
                self._base = (model.now, time.monotonic())
            model.now = self._base[0] + timedelta(seconds=(time.monotonic() - self._base[1]) * self.rate)
            self._set_by_us = model.now
        now, last = model.now, self._last
        self._last = now
        if last is None or now <= last or floor(now, MINUTE) <= last:
            return  # backwards, still, or no minute boundary crossed: states change only at whole minutes
        with self.runtime.lock:
            for org_key, (units, users) in self._subscribed().items():
                self._publish(org_key, units, users, last, now)

    def _subscribed(self) -> dict[str, tuple[set, set]]:
        wanted: dict[str, tuple[set, set]] = {}
        for channel in list(self.runtime.channels.channels.values()):
            if not channel.alive():
                continue
            units, users = wanted.setdefault(channel.org_key, (set(), set()))
            for topic in channel.topics:
                if found := MU_TOPIC.match(topic):
                    units.add(found.group(1))
                elif found := USER_TOPIC.match(topic):
                    users.add(found.group(1))
        return wanted

    def _publish(self, org_key: str, units: set, users: set, start, end) -> None:
        model = self.runtime.model
        org = model.orgs[org_key]
        agents = {}
        for bu in org.business_units:
            for mu in bu.management_units:
                for account in mu.accounts:
                    if (mu.id in units or account.user_id in users) and on_roster(account, bu, end):
                        agents[account.user_id] = (bu, mu, account)
        events = []
        for bu, mu, account in agents.values():
            changes = Timeline(model, account, start, end).changes(start, end)
            if changes:
                tl = timeline(model, account, end)
                events += [(moment, account.user_id, topic_body(tl, bu, mu, moment)) for moment, _ in changes]
        events.sort(key=lambda e: (e[0], e[1]))
        outbox: dict = {}  # channel -> messages, in time order
        store = self.runtime.channels
        permitted = self.runtime.permitted(org_key, PERMISSIONS)
        for _, user_id, body in events:
            topics = (
                f"v2.workforcemanagement.managementunits.{body['managementUnitId']}.adherence",
                f"v2.users.{user_id}.workforcemanagement.adherence",
            )
            for topic in topics:
                listeners = [c for c in store.owned(org_key, org.client_id) if topic in c.topics]
                if not listeners:
                    continue
                store.delivery[org_key].published += 1
                self.published[org_key] = self.published.get(org_key, 0) + 1
                connected = [c for c in listeners if c.socket is not None and permitted]
                if not connected:
                    store.delivery[org_key].lost += 1
                for channel in connected:
                    outbox.setdefault(channel, []).append(envelope(topic, body))
        for channel, messages in outbox.items():
            _spawn(self._send(channel, messages, org_key))

    async def _send(self, channel, messages: list[dict], org_key: str) -> None:
        """Every message of one tick to one channel, holding its lock throughout (nothing interleaves)."""
        ws, delivery = channel.socket, self.runtime.channels.delivery[org_key]
        try:
            async with channel.send_lock:
                for message in messages:
                    await ws.send_text(orjson.dumps(message).decode())
                    delivery.delivered += 1
        except Exception:  # the socket went away: the rest is lost for it, as on the platform
            delivery.lost += 1

    def status(self) -> dict:
        return {"rate": self.rate, "now": iso_utc(self.runtime.model.now), "published": dict(self.published)}


def routes(runtime) -> list[Route]:
    """``/_sim/realtime`` (GET: the publisher; POST ``{"rate", "now"}``: run the clock) and
    ``/_sim/permissions`` (POST ``{"org", "deny": [...], "grant": [...]}``: change a role while running)."""
    publisher: AdherencePublisher = runtime.adherence

    def _json(body, status: int = 200) -> Response:
        return Response(orjson.dumps(body), status_code=status, media_type="application/json")

    async def realtime(request: Request) -> Response:
        if request.method == "POST":
            body = orjson.loads(await request.body() or b"{}")
            if "now" in body:
                runtime.model.now = parse_iso(body["now"])
            publisher.start()
            publisher.follow(float(body.get("rate", 0)))
        return _json(publisher.status())

    async def permissions(request: Request) -> Response:
        body = orjson.loads(await request.body() or b"{}")
        org = body.get("org")
        if org not in runtime.model.orgs:
            return _json({"message": f"org must be one of {sorted(runtime.model.orgs)}"}, 400)
        denied = runtime.denied.setdefault(org, set())
        denied.update(body.get("deny", []))
        denied.difference_update(body.get("grant", []))
        return _json({"org": org, "denied": sorted(denied)})

    return [
        Route("/_sim/realtime", realtime, methods=["GET", "POST"]),
        Route("/_sim/permissions", permissions, methods=["POST"]),
    ]
