"""The pipeline's Notifications API client against the simulator: real HTTP and WebSocket over loopback.

Covers what a long nightly meets: heartbeats and a quiet socket (ping/pong), a dropped socket, channels
that expire (``v2.system.socket_closing``) many times over, a channel refused in-band (its token
expired), an event that never comes (``NotReady``), a refused topic, and that nothing secret is logged.
"""

from __future__ import annotations

import logging
import time

import pytest

from pipelines.config import Credentials, ExtractSettings, OrgConfig
from pipelines.genesys.client import GenesysClient
from pipelines.genesys.errors import GenesysError, NotReady
from pipelines.genesys.notifications import Notifications, SubscriptionRejected, schedule_query_topic
from tests.simproc import start_sim

WFM = "/api/v2/workforcemanagement"


def make_client(sim, key: str = "apac") -> GenesysClient:
    org = sim.org(key)
    client = GenesysClient(
        OrgConfig(key, key, "mypurecloud.com.au", org["api_base_url"], org["login_base_url"]),
        Credentials(org["client_id"], org["client_secret"]),
        ExtractSettings(request_timeout_seconds=10, job_deadline_seconds=10),
        backoff_base=0.01,
    )
    return client


def topic_of(sim, key: str = "apac") -> str:
    """The org's agent-schedule query topic: keyed by its OAuth client id (client credentials: no user)."""
    return schedule_query_topic(sim.org(key)["client_id"])


class Query:
    """The apac unit's agent-schedule query for one week (9-10 agents: asynchronous by default in tiny)."""

    def __init__(self, client: GenesysClient, topic: str, week: str = "2026-11-16"):
        self.client, self.topic = client, topic
        bu = client.get(f"{WFM}/businessunits")["entities"][0]["id"]
        self.mu = client.get(f"{WFM}/businessunits/{bu}/managementunits")["entities"][0]["id"]
        sched = client.get(f"{WFM}/businessunits/{bu}/weeks/{week}/schedules")["entities"][0]["id"]
        self.path = f"{WFM}/businessunits/{bu}/weeks/{week}/schedules/{sched}/agentschedules/query"

    def post(self) -> str:
        answer = self.client.post(self.path, {"managementUnitId": self.mu})
        assert answer["status"] == "Processing" and "result" not in answer and "downloadUrl" not in answer
        return answer["operationId"]

    def rows(self, event: dict) -> int:
        return len(self.client.download(event["downloadUrl"])["agentSchedules"])

    def roundtrip(self, notes: Notifications) -> int:
        """Post the query, wait for its notification, download: the number of agent rows."""
        operation = self.post()
        return self.rows(notes.wait_for(self.topic, operation, deadline_seconds=5))


def eventually(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@pytest.fixture
def fast_sim():
    sim = start_sim("tiny", "2026-11-23", "--heartbeat-seconds", "0.3")
    yield sim
    sim.stop()


def test_result_arrives_after_heartbeats_and_pings(fast_sim, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(fast_sim)
    query = Query(client, topic_of(fast_sim))
    with Notifications(client, stale_after_seconds=1.0) as notes:
        notes.subscribe(query.topic)
        operation = query.post()
        event = notes.wait_for(query.topic, operation, deadline_seconds=5)
        assert event["operationId"] == operation and query.rows(event) >= 9
        time.sleep(1.5)
        assert notes.stats["heartbeats"] >= 3 and notes.stats["reconnects"] == 0 and notes.stats["channels"] == 1
    secret, token = fast_sim.org("apac")["client_secret"], client._token
    assert secret not in caplog.text and token not in caplog.text  # any logger, at DEBUG
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "pipelines.genesys.notifications")
    assert "open (first subscription" in ours
    channel_ids = [c["id"] for c in fast_sim.control("GET", "/_sim/notifications")["apac"]["channels"]]
    assert channel_ids and not any(cid in ours for cid in channel_ids), "a connectUri is a capability: not logged"
    assert "_downloads/" not in ours and "downloadUrl" not in ours


def test_a_quiet_socket_is_pinged_not_replaced():
    sim = start_sim("tiny", "2026-11-23")  # 30 s heartbeats: the client's ping keeps it honest
    try:
        client = make_client(sim)
        with Notifications(client, stale_after_seconds=1.0) as notes:
            notes.subscribe(topic_of(sim))
            time.sleep(2.5)
            assert notes.stats["pongs"] >= 1 and notes.stats["reconnects"] == 0
    finally:
        sim.stop()


@pytest.mark.parametrize(("expire_tokens", "channels"), [(False, 1), (True, 2)], ids=["same-channel", "refused"])
def test_a_dropped_socket_recovers(fast_sim, expire_tokens, channels):
    """A drop reconnects to the same channel; when the tokens expired meanwhile, reconnecting to it is
    refused in-band (``{"result": "404"}``) and a new channel is opened and subscribed."""
    client = make_client(fast_sim)
    query = Query(client, topic_of(fast_sim))
    with Notifications(client) as notes:
        notes.subscribe(query.topic)
        if expire_tokens:
            fast_sim.faults("apac", expire_tokens=True)
        fast_sim.control("POST", "/_sim/notifications", {"org": "apac", "drop": True})
        assert eventually(lambda: notes.stats["reconnects"] == 1 and notes.stats["channels"] == channels, 8)
        time.sleep(0.3)
        assert notes.stats["reconnects"] == 1 and notes.stats["channels"] == channels
        assert query.roundtrip(notes) >= 9


def test_expiring_channels_are_replaced_and_resubscribed():
    sim = start_sim("tiny", "2026-11-23", "--channel-ttl", "2", "--heartbeat-seconds", "0.3")
    try:
        client = make_client(sim)
        query = Query(client, topic_of(sim))
        with Notifications(client) as notes:
            notes.subscribe(query.topic)
            time.sleep(4.5)  # more than two channel lifetimes
            assert notes.stats["channels"] >= 3
            assert query.roundtrip(notes) >= 9
            channels = sim.control("GET", "/_sim/notifications")["apac"]["channels"]
            newest, live = channels[-1], [c for c in channels if c["connected"]]
            assert newest["connected"] and newest["topics"] == [query.topic]
            assert len(live) <= 2, "at most the newest and one being drained before it is closed"
    finally:
        sim.stop()


def test_an_event_that_never_comes_is_not_ready(fast_sim):
    client = make_client(fast_sim)
    query = Query(client, topic_of(fast_sim))
    operation = query.post()  # posted before anyone subscribed: the platform drops the event
    time.sleep(1.0)  # past the simulator's 0.5 s result delay
    assert fast_sim.control("GET", "/_sim/notifications")["apac"]["lost"] == 1
    with Notifications(client) as notes:
        notes.subscribe(query.topic)
        started = time.monotonic()
        with pytest.raises(NotReady) as caught:
            notes.wait_for(query.topic, operation, deadline_seconds=1.5)
        assert 1.4 <= time.monotonic() - started < 3
        assert operation in str(caught.value) and "not ready" in str(caught.value)
        with pytest.raises(ValueError):
            notes.wait_for("v2.not.subscribed", operation, deadline_seconds=0.1)
    with pytest.raises(GenesysError):
        notes.subscribe(query.topic)  # closed


def test_refused_topics_name_the_reason():
    sim = start_sim("tiny", "2026-11-23", "--deny", "apac:wfm:schedule:view")
    try:
        client = make_client(sim)
        with Notifications(client) as notes:
            with pytest.raises(SubscriptionRejected) as caught:
                notes.subscribe(topic_of(sim))
            assert "missing wfm:schedule:view" in str(caught.value)
            with pytest.raises(SubscriptionRejected) as caught:
                notes.subscribe(schedule_query_topic("00000000-0000-4000-8000-000000000000"))
            assert "another user" in str(caught.value)
    finally:
        sim.stop()
