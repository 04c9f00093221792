"""An org's extraction keeps several calls in flight against an API that takes its time to answer, never
more than its limiter allows, and still makes exactly the requests the API makes necessary.

The simulator answers with its realistic latency profile (about 300 ms a directory call, 1-2 s a query:
genesys_sim/latency.py) and counts, per org, the most calls it was answering at once: the client's bound
is checked from the server's side, over real HTTP.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench.minimum import minimum_requests
from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import ANCHOR, fast_extract, run_pipeline

pytestmark = pytest.mark.slow
IN_FLIGHT = 4


def test_an_org_keeps_calls_in_flight_within_its_limit(tmp_path):
    sim = start_sim("tiny", TEST_ANCHOR, "--orgs", "1", "--latency-profile", "realistic")
    try:
        # a two-day backfill: every resource, few calls (each takes its time)
        report = run_pipeline(
            sim, tmp_path, fast_extract(calls_in_flight=IN_FLIGHT), start=ANCHOR - timedelta(days=2), end=ANCHOR
        )
        stats = sim.stats()
    finally:
        sim.stop()
    (result,) = report.results
    assert result.ok, result.error
    served = stats[result.org.key]
    assert 1 < served["peakInFlight"] <= IN_FLIGHT, served["peakInFlight"]
    assert served["peakInFlight"] <= result.peak_in_flight <= IN_FLIGHT
    model = Model(get_scenario("tiny", orgs=1), ANCHOR)
    assert (
        served["requests"]
        == minimum_requests(model, result.org.key, result.windows)
        == result.counters.total("requests")
    )
    assert served["status429"] == 0
    assert sum(result.rows().values()) > 1_000
