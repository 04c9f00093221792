"""The adherence stream's pure parts: channel plans, row shapes, copies during a renewal, status freshness."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from pipelines.realtime.health import FRESH_SECONDS, streaming
from pipelines.realtime.rows import event_row, mu_topic, plan_channels, polled_row, state_key
from pipelines.realtime.stream import AdherenceChannel

COLS = {"org_id": "o1", "org_key": "emea", "region": "mypurecloud.de"}
BODY = {
    "user": {"id": "u1"},
    "managementUnitId": "mu1",
    "businessUnitId": "bu1",
    "scheduledActivityCategory": "OnQueueWork",
    "scheduledActivityCode": {"id": "c1"},
    "systemPresence": "Break",
    "routingStatus": "OFF_QUEUE",
    "actualActivityCategory": "Break",
    "isOutOfOffice": False,
    "adherenceState": "OutOfAdherence",
    "impact": "Negative",
    "adherenceChangeTime": "2026-11-23T12:04:00.000Z",
    "presenceUpdateTime": "2026-11-23T12:04:00.000Z",
}


def test_channels_hold_a_thousand_topics_and_the_rest_is_polled():
    units = [f"mu{i}" for i in range(2500)]
    groups, left = plan_channels(units, 1000, 2)
    assert [len(g) for g in groups] == [1000, 1000] and left == units[2000:]
    assert plan_channels(units[:3]) == ([units[:3]], [])
    with pytest.raises(ValueError):
        plan_channels(units, 0, 2)
    assert mu_topic("mu1") == "v2.workforcemanagement.managementunits.mu1.adherence"


def test_topic_and_polling_shapes_make_the_same_row():
    received = datetime(2026, 11, 23, 12, 4, 1, tzinfo=UTC)
    pushed = event_row(COLS, BODY, received, 7)
    polled = {
        **{k: v for k, v in BODY.items() if k not in ("managementUnitId", "businessUnitId", "adherenceChangeTime")},
        "id": "u1",
        "managementUnit": {"id": "mu1"},
        "businessUnit": {"id": "bu1"},
        "timeOfAdherenceChange": "2026-11-23T12:04:00.000Z",
    }
    snapshot = polled_row(COLS, polled, received, 8)
    assert state_key(pushed) == state_key(snapshot)
    assert (pushed["source"], snapshot["source"], pushed["sequence"]) == ("notification", "snapshot", 7)
    assert pushed["adherence_change_time"] == "2026-11-23T12:04:00.000Z" and pushed["user_id"] == "u1"


@pytest.mark.parametrize(("sent", "stored"), [("OFFLINE", "OFFLINE"), ("__EMPTY__", None), ("", None), (None, None)])
def test_the_topics_extra_routing_statuses(sent, stored):
    assert event_row(COLS, {**BODY, "routingStatus": sent}, datetime.now(UTC), 0)["routing_status"] == stored


def test_an_event_without_a_user_is_refused():
    with pytest.raises(KeyError):
        event_row(COLS, {k: v for k, v in BODY.items() if k != "user"}, datetime.now(UTC), 0)


class _Client:
    settings = None


def _channel(received: list):
    return AdherenceChannel(_Client(), lambda topic, body: received.append(body["n"]), lambda *a: None)


def test_a_renewals_copies_are_dropped_and_nothing_else():
    """Old socket: 1 2 3 4 (2 3 4 also went to the new channel); new socket: 2 3 4 5 6."""
    received: list = []
    channel = _channel(received)
    for n in (1, 2, 3, 4):
        channel._event("t", {"n": n}, replaced=True)
    for n in (2, 3, 4, 5, 6):
        channel._event("t", {"n": n}, replaced=False)
    assert received == [1, 2, 3, 4, 5, 6] and channel.copies == 3


def test_no_overlap_means_no_copy():
    received: list = []
    channel = _channel(received)
    for n in (1, 2):
        channel._event("t", {"n": n}, replaced=True)
    for n in (3, 1):  # 1 again after 3: a change back, not a copy (the overlap ended at 3)
        channel._event("t", {"n": n}, replaced=False)
    assert received == [1, 2, 3, 1] and channel.copies == 0


def test_a_status_is_streaming_only_when_fresh_and_complete():
    now = time.time()
    fresh = {"state": "streaming", "heartbeat_at": now - 1, "polled_units": []}
    assert streaming(fresh, now)
    assert not streaming({**fresh, "heartbeat_at": now - FRESH_SECONDS - 1}, now)
    assert not streaming({**fresh, "heartbeat_at": None}, now), "no socket: not streaming"
    assert not streaming({**fresh, "polled_units": ["mu9"]}, now), "units left to polling need the snapshot"
    assert not streaming({**fresh, "state": "polling"}, now) and not streaming(None, now)
