from __future__ import annotations

import pytest

from tests.dbtrun import run_dbt
from tests.simproc import start_sim
from tests.warehouse import fast_extract, hub_env, run_pipeline


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory):
    """tiny loaded by the pipeline and built by dbt (models and tests) into one DuckDB file, once for every dbt
    test module (~1 minute each): tests read it or edit a copy, never the file itself."""
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("tiny_dbt")
    try:
        report = run_pipeline(sim, workdir, fast_extract())
        assert not report.failed, [r.error for r in report.failed]
        with hub_env(sim, workdir, fast_extract()) as db:
            build = run_dbt(["build"], workdir, {"WFM_HUB_ORG_KEYS": "emea,apac"})
        yield sim, workdir, db, build
    finally:
        sim.stop()
