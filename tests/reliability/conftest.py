from __future__ import annotations

import pytest

from tests.reliability.matrix import snapshot
from tests.simproc import start_sim
from tests.warehouse import fast_extract, run_pipeline


@pytest.fixture(scope="session")
def clean_run(tmp_path_factory):
    """The fault-free run every cell is compared with: org key -> business rows per table."""
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("clean")
    try:
        report = run_pipeline(sim, workdir, fast_extract())
        assert not report.failed, [r.error for r in report.failed]
        db = workdir / "wfm_hub.duckdb"
        return {org: snapshot(db, org) for org in ("emea", "apac")}
    finally:
        sim.stop()
