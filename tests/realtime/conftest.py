"""The adherence stream against a private simulator, and the simulator's truth to compare it with.

Truth comes from an in-process model of the same scenario and clock (``genesys_sim.model.realtime``),
never through the API; the stream's result is read from the warehouse once the stream has stopped.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import date

import pytest

from genesys_sim.ids import iso_utc, parse_iso
from genesys_sim.model import Model
from genesys_sim.model.realtime import on_roster, timeline
from genesys_sim.scenarios import get_scenario
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import fast_extract, hub_env, query

STATE = ("adherence_state", "actual_activity_category", "system_presence", "routing_status", "adherence_change_time")


@pytest.fixture
def stream_sim():
    """A private tiny simulator with a fast heartbeat (its clock and faults are the test's)."""
    sim = start_sim("tiny", TEST_ANCHOR, "--heartbeat-seconds", "0.5")
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def tiny_model() -> Model:
    return Model(get_scenario("tiny"), date.fromisoformat(TEST_ANCHOR))


@contextmanager
def streaming(sim, workdir, orgs=None, **options):
    """The stream service for ``orgs`` (default all) into a private warehouse; yields (service, db)."""
    from pipelines.realtime.rows import StreamOptions
    from pipelines.realtime.service import StreamService

    with hub_env(sim, workdir, fast_extract(max_retries=2)) as db:
        service = StreamService(orgs, StreamOptions(**options), flush_seconds=0.2).start()
        try:
            yield service, db
        finally:
            service.stop()


def wait_until(check, timeout: float = 30, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def published(sim, org: str) -> int:
    """Adherence events the simulator raised for the org's subscribed units (each once, however many
    channels carried it)."""
    return sim.control("GET", "/_sim/realtime")["published"].get(org, 0)


def caught_up(sim, service, org: str, timeout: float = 30, lost: int = 0) -> None:
    """Every event the simulator raised for the org, but ``lost`` ones, is received (once) and loaded."""
    stream = service.streams[org]
    wait_until(
        lambda: stream.counts["events"] + lost >= published(sim, org),
        timeout,
        f"org {org}'s events ({stream.counts}, {published(sim, org)} published, {lost} lost on purpose; "
        f"simulator: {sim.control('GET', '/_sim/notifications').get(org)})",
    )
    wait_until(lambda: service.writer.pending() == 0, timeout, "the writer")


def advance(sim, minutes: float) -> None:
    sim.control("POST", "/_sim/clock", {"advance_minutes": minutes})


def truth(sim, model: Model, org_key: str) -> dict[str, tuple]:
    """user id -> STATE at the simulator's now, from the model (every agent on a unit's roster)."""
    now = parse_iso(sim.control("GET", "/_sim/clock")["now"])
    out = {}
    for bu in model.orgs[org_key].business_units:
        for mu in bu.management_units:
            for account in mu.accounts:
                if on_roster(account, bu, now):
                    tl = timeline(model, account, now)
                    s = tl.state(now)
                    since = iso_utc(tl.since(now, "adherence_state"))
                    out[account.user_id] = (
                        s.adherence_state,
                        s.actual_category,
                        s.system_presence,
                        s.routing_status,
                        since,
                    )
    return out


def stored(db, org_key: str) -> dict[str, tuple]:
    """user id -> STATE of the latest row the stream stored (by receipt)."""
    rows = query(
        db,
        f"select user_id, {', '.join(STATE)} from (select *, row_number() over (partition by user_id "
        f"order by received_at desc, sequence desc) as n from genesys_{org_key}.adherence_events) where n = 1",
    )
    return {r[0]: (*r[1:5], iso_utc(r[5])) for r in rows}
