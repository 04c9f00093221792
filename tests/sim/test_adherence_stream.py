"""Real-time adherence notifications in the simulator: the topics, one truth with the polling route, the clock.

Real HTTP and WebSocket against a private ``python -m genesys_sim serve`` (the tests move its clock and its
permissions). The expected events come from an in-process model of the same scenario (``model.realtime``),
never through the API.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import httpx
import pytest

from genesys_sim.model.realtime import Timeline, on_roster
from tests.notify import Listener
from tests.sim._api import WFM, OrgApi, parse_utc
from tests.simproc import start_sim

MU_TOPIC = "v2.workforcemanagement.managementunits.{id}.adherence"
USER_TOPIC = "v2.users.{id}.workforcemanagement.adherence"
COMPARED = (
    "adherenceState",
    "scheduledActivityCategory",
    "actualActivityCategory",
    "systemPresence",
    "routingStatus",
    "impact",
    "presenceUpdateTime",
)


@pytest.fixture(scope="module")
def sim():
    sim = start_sim("tiny", "2026-11-23")
    yield sim
    sim.stop()


@pytest.fixture
def emea(sim):
    with OrgApi(sim, "emea") as api:
        yield api


def _units(api: OrgApi) -> list[str]:
    return [mu["id"] for bu in api.business_units() for mu in api.management_units(bu["id"])]


def _polled(api: OrgApi, units: list[str]) -> dict[str, dict]:
    return {
        row["user"]["id"]: row for mu in units for row in api.get(f"{WFM}/managementunits/{mu}/adherence")["entities"]
    }


def _now(sim) -> datetime:
    return parse_utc(sim.control("GET", "/_sim/clock")["now"])


def _adherence_events(listener: Listener) -> list[dict]:
    return [m for m in listener.messages if m.get("topicName", "").endswith(".adherence")]


def _settled(listener: Listener, count: int, timeout: float = 10) -> list[dict]:
    """The adherence events once ``count`` arrived (or after ``timeout``)."""
    listener.wait(lambda _m: len(_adherence_events(listener)) >= count, timeout)
    return _adherence_events(listener)


def test_topics_are_permitted_per_unit_and_user_and_refused_otherwise(emea):
    units = _units(emea)
    user = emea.mu_users(units[0])[0]
    topics = [MU_TOPIC.format(id=units[0]), USER_TOPIC.format(id=user), MU_TOPIC.format(id="no-such-unit")]
    with Listener(emea.base, emea.token, topics[:2]) as listener:
        answer = listener.subscriptions("PUT", [{"id": t} for t in topics], ignoreErrors="true").json()
        states = {e["id"]: e["state"] for e in answer["entities"]}
        assert states == {topics[0]: "Permitted", topics[1]: "Permitted", topics[2]: "Rejected"}
        refused = listener.subscriptions("PUT", [{"id": t} for t in topics])
        assert refused.status_code == 403, "one rejected topic fails the whole request without ignoreErrors"


def test_each_change_is_an_event_at_its_time_and_polling_agrees(sim, emea, tiny_model):
    """Every change the model makes in (t0, t1] arrives, in time order, and the last event of each agent is
    what polling answers at t1 (adherenceChangeTime = timeOfAdherenceChange)."""
    units = _units(emea)
    start = _now(sim)
    with Listener(emea.base, emea.token, [MU_TOPIC.format(id=mu) for mu in units]) as listener:
        sim.control("POST", "/_sim/clock", {"advance_minutes": 45})
        sim.control("POST", "/_sim/clock", {"advance_minutes": 45})
        end = _now(sim)
        org = tiny_model.orgs["emea"]
        expected = {}
        for bu in org.business_units:
            for mu in bu.management_units:
                for account in mu.accounts:
                    if on_roster(account, bu, end):
                        changes = Timeline(tiny_model, account, start, end).changes(start, end)
                        expected[account.user_id] = [(t, s.adherence_state, s.routing_status) for t, s in changes]
        total = sum(len(v) for v in expected.values())
        assert total >= 10, "90 minutes of a working day change some states"
        events = _settled(listener, total)
        polled = _polled(emea, units)
    got: dict[str, list] = {}
    for message in events:
        body = message["eventBody"]
        assert message["topicName"] == MU_TOPIC.format(id=body["managementUnitId"])
        got.setdefault(body["user"]["id"], []).append(body)
    assert len(events) == total
    for user, changes in expected.items():
        bodies = got.get(user, [])
        assert [(b["adherenceState"], b["routingStatus"]) for b in bodies] == [(s, r) for _, s, r in changes]
        for (moment, _, _), body in zip(changes, bodies, strict=True):
            assert parse_utc(body["adherenceChangeTime"]) <= moment <= end
        if bodies:
            assert {k: bodies[-1][k] for k in COMPARED} == {k: polled[user][k] for k in COMPARED}
            assert bodies[-1]["adherenceChangeTime"] == polled[user]["timeOfAdherenceChange"]
    changed_at = [parse_utc(m["eventBody"]["adherenceChangeTime"]) for m in events]
    assert all(start - timedelta(hours=48) <= t <= end for t in changed_at)


def test_user_topic_carries_one_agent(sim, emea):
    units = _units(emea)
    user = next(
        u for mu in units for u in emea.mu_users(mu) if _polled(emea, [mu])[u]["adherenceState"] != "Unscheduled"
    )
    with Listener(emea.base, emea.token, [USER_TOPIC.format(id=user)]) as listener:
        sim.control("POST", "/_sim/clock", {"advance_minutes": 60})
        time.sleep(1.0)
        events = _adherence_events(listener)
    assert {m["eventBody"]["user"]["id"] for m in events} == {user}
    assert {m["topicName"] for m in events} == {USER_TOPIC.format(id=user)}


def test_the_clock_can_run_and_events_follow_it(sim, emea):
    units = _units(emea)
    with Listener(emea.base, emea.token, [MU_TOPIC.format(id=mu) for mu in units]) as listener:
        before, began = _now(sim), time.monotonic()
        sim.control("POST", "/_sim/realtime", {"rate": 1200})  # 20 simulated minutes a second
        try:
            assert listener.wait(lambda _m: len(_adherence_events(listener)) >= 3, 10) is not None
        finally:
            status = sim.control("POST", "/_sim/realtime", {"rate": 0})
        ran = timedelta(seconds=(time.monotonic() - began) * 1200)
        assert ran * 0.5 < parse_utc(status["now"]) - before <= ran
        assert status["published"]["emea"] >= 3 and _now(sim) == parse_utc(status["now"]), "rate 0 stops the clock"


def test_a_permission_taken_away_stops_delivery_and_rejects_the_topic(sim, emea):
    units = _units(emea)
    with Listener(emea.base, emea.token, [MU_TOPIC.format(id=mu) for mu in units]) as listener:
        lost = sim.control("GET", "/_sim/notifications")["emea"]["lost"]
        sim.control("POST", "/_sim/permissions", {"org": "emea", "deny": ["wfm:realtimeAdherence:view"]})
        try:
            sim.control("POST", "/_sim/clock", {"advance_minutes": 60})
            time.sleep(1.0)
            assert _adherence_events(listener) == []
            assert sim.control("GET", "/_sim/notifications")["emea"]["lost"] > lost
            again = listener.subscriptions("PUT", [{"id": MU_TOPIC.format(id=units[0])}], ignoreErrors="true").json()
            (entity,) = again["entities"]
            assert entity["state"] == "Rejected" and "wfm:realtimeAdherence:view" in entity["missingPermissions"]
            polled = httpx.get(
                f"{emea.base}{WFM}/managementunits/{units[0]}/adherence",
                headers={"Authorization": f"Bearer {emea.token}"},
            )
            assert polled.status_code == 403
        finally:
            sim.control("POST", "/_sim/permissions", {"org": "emea", "grant": ["wfm:realtimeAdherence:view"]})
