"""The adherence stream end to end: simulator -> channels -> warehouse, and its faults.

Each test drives a private simulator's clock (events follow it) and injects one fault: a dropped socket
while the org's API is down, a channel that expires unwarned, a permission taken away, an event storm.
After each, the latest stored state of every agent must equal the simulator's truth at its now.
"""

from __future__ import annotations

import time

import pytest

from pipelines.realtime.health import read_status, streaming_orgs
from tests.realtime.conftest import advance, caught_up, published, stored, streaming, truth, wait_until
from tests.warehouse import query

pytestmark = pytest.mark.slow


def _gaps(db, org: str) -> list[tuple]:
    return query(
        db,
        f"select gap_id, reason, gap_start, gap_end, repaired_at, repair_rows, repair_error "
        f"from genesys_{org}.adherence_stream_gaps order by gap_end, management_unit_id",
    )


def test_pushed_state_equals_truth_and_renewals_lose_nothing(tiny_model, tmp_path):
    """Channels living 6 s are renewed every 3 s (socket_closing, then a new channel) while the clock runs
    at 3 simulated minutes a second: no gap but the start, every event stored once, the state is the truth."""
    from tests.simproc import start_sim

    sim = start_sim("tiny", "2026-11-23", "--heartbeat-seconds", "0.5", "--channel-ttl", "6")
    try:
        with streaming(sim, tmp_path) as (service, db):
            wait_until(lambda: streaming_orgs(["emea", "apac"]) == {"emea", "apac"}, what="both orgs streaming")
            sim.control("POST", "/_sim/realtime", {"rate": 180})
            time.sleep(16)
            sim.control("POST", "/_sim/realtime", {"rate": 0})
            for org in ("emea", "apac"):
                caught_up(sim, service, org)
            counts = {org: dict(s.counts) for org, s in service.streams.items()}
            requests = {org: s.client.counters.total("requests") for org, s in service.streams.items()}
        channels = sim.control("GET", "/_sim/notifications")
        for org in ("emea", "apac"):
            assert stored(db, org) == truth(sim, tiny_model, org)
            assert {r[1] for r in _gaps(db, org)} == {"the stream started"}, "renewals read the old socket to its end"
            notified = query(db, f"select count(*) from genesys_{org}.adherence_events where source = 'notification'")
            assert notified[0][0] == counts[org]["events"] == published(sim, org)
            assert channels[org].get("lost", 0) == 0
        assert counts["emea"]["events"] > 10
        # each renewal is a channel and a subscription; nothing is polled after the start
        assert all(n < 40 for n in requests.values()), requests
    finally:
        sim.stop()


def test_a_dropped_socket_is_a_gap_repaired_by_polling(stream_sim, tiny_model, tmp_path):
    sim = stream_sim
    with streaming(sim, tmp_path, orgs=["emea"]) as (service, db):
        stream = service.streams["emea"]
        wait_until(lambda: stream.state == "streaming", what="emea streaming")
        sim.faults("emea", down=True)  # the socket cannot come back while the API is down
        sim.control("POST", "/_sim/notifications", {"org": "emea", "drop": True})
        lost = sim.control("GET", "/_sim/notifications")["emea"].get("lost", 0)
        advance(sim, 90)  # these changes happen while nobody listens: lost
        wait_until(lambda: sim.control("GET", "/_sim/notifications")["emea"].get("lost", 0) > lost, what="lost events")
        # a stream without a socket stops counting as streaming at its next status (every 5 s)
        wait_until(lambda: "emea" not in streaming_orgs(["emea"]), 12, "the status to say so")
        sim.reset_faults()
        wait_until(lambda: stream.counts["gaps"] >= 2, what="the gap's repair")
        missed = published(sim, "emea") - stream.counts["events"]
        assert missed > 0
        advance(sim, 10)
        caught_up(sim, service, "emea", lost=missed)
    gaps = [g for g in _gaps(db, "emea") if g[1] != "the stream started"]
    assert {g[1] for g in gaps} == {"the socket dropped"} and len({g[0] for g in gaps}) == 1
    for _, _, start, end, repaired, rows, error in gaps:
        assert start < end <= repaired and rows > 0 and error is None
    assert stored(db, "emea") == truth(sim, tiny_model, "emea")


def test_an_expired_channel_is_a_gap_and_a_new_channel(stream_sim, tiny_model, tmp_path):
    sim = stream_sim
    with streaming(sim, tmp_path, orgs=["emea"]) as (service, db):
        stream = service.streams["emea"]
        wait_until(lambda: stream.state == "streaming", what="emea streaming")
        before = {c["id"] for c in sim.control("GET", "/_sim/notifications")["emea"]["channels"]}
        sim.control("POST", "/_sim/notifications", {"org": "emea", "expire": True})
        wait_until(lambda: stream.counts["gaps"] >= 2, what="the gap's repair")
        after = {c["id"] for c in sim.control("GET", "/_sim/notifications")["emea"]["channels"]}
        assert after and not after & before, "a new channel replaced the expired one"
        advance(sim, 30)
        caught_up(sim, service, "emea")
    reasons = {g[1] for g in _gaps(db, "emea")}
    assert reasons == {"the stream started", "the channel was refused (expired, replaced or its token expired)"}
    assert not any(channel in str(_gaps(db, "emea")) for channel in before), "a channel id lets anyone read it"
    assert stored(db, "emea") == truth(sim, tiny_model, "emea")


def test_a_lost_permission_falls_back_to_polling_and_streams_again_when_restored(stream_sim, tiny_model, tmp_path):
    sim = stream_sim
    with streaming(sim, tmp_path, orgs=["emea"], verify_seconds=1, retry_seconds=1) as (service, db):
        stream = service.streams["emea"]
        wait_until(lambda: stream.state == "streaming", what="emea streaming")
        sim.control("POST", "/_sim/permissions", {"org": "emea", "deny": ["wfm:realtimeAdherence:view"]})
        wait_until(lambda: stream.state == "polling", what="the fallback")
        status = read_status("emea")
        assert status["state"] == "polling" and "wfm:realtimeAdherence:view" in status["reason"]
        assert "not permitted" in status["reason"] and streaming_orgs(["emea"]) == set()
        advance(sim, 60)
        sim.control("POST", "/_sim/permissions", {"org": "emea", "grant": ["wfm:realtimeAdherence:view"]})
        wait_until(lambda: stream.state == "streaming" and stream.counts["gaps"] >= 2, what="streaming again")
        advance(sim, 15)
        caught_up(sim, service, "emea")
    states = query(db, "select state, reason from genesys_emea.adherence_stream_status order by changed_at")
    assert [s for s, _ in states] == ["streaming", "polling", "streaming", "stopped"]
    assert "wfm:realtimeAdherence:view" in states[1][1]
    assert {g[1] for g in _gaps(db, "emea")} == {"the stream started"}, "the polled stretch is repaired at restart"
    assert len({g[0] for g in _gaps(db, "emea")}) == 2
    assert stored(db, "emea") == truth(sim, tiny_model, "emea")


def test_an_event_storm_is_stored_whole(stream_sim, tiny_model, tmp_path):
    """A simulated day at once: every change arrives in one burst, nothing is lost or doubled."""
    sim = stream_sim
    with streaming(sim, tmp_path) as (service, db):
        wait_until(lambda: all(s.state == "streaming" for s in service.streams.values()), what="streaming")
        advance(sim, 24 * 60)
        for org in ("emea", "apac"):
            caught_up(sim, service, org, timeout=60)
        counts = {org: s.counts["events"] for org, s in service.streams.items()}
    assert sum(counts.values()) > 300
    for org in ("emea", "apac"):
        assert stored(db, org) == truth(sim, tiny_model, org)
        rows = query(
            db,
            f"select count(*), count(distinct (user_id, sequence)) from genesys_{org}.adherence_events "
            "where source = 'notification'",
        )
        assert rows[0][0] == rows[0][1] == counts[org] == published(sim, org)
