"""A full run makes (within 5%) only the requests the API makes necessary, and no 429s.

The same check runs on the demo and scale scenarios in ``make bench`` (docs/benchmarks.md).
"""

from __future__ import annotations

import pytest

from bench.minimum import minimum_requests
from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from tests.simproc import start_sim
from tests.warehouse import ANCHOR, fast_extract, run_pipeline

pytestmark = pytest.mark.slow


def test_full_run_stays_within_five_percent_of_the_minimum_requests(tmp_path):
    sim = start_sim("tiny")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract())
        stats = sim.stats()
    finally:
        sim.stop()
    assert not report.failed, [r.error for r in report.failed]
    model = Model(get_scenario("tiny"), ANCHOR)
    for result in report.results:
        key = result.org.key
        made = stats[key]["requests"]
        minimum = minimum_requests(model, key, result.windows)
        assert minimum <= made <= minimum * 1.05, f"{key}: {made} requests, minimum {minimum}"
        assert stats[key]["status429"] == 0
        assert made == result.counters.total("requests")
        assert sum(result.rows().values()) > 5_000
        assert set(result.steps) == {"extract", "normalize", "load"}
