"""The tiny scenario loaded the way the reports need it, built by dbt into one DuckDB file.

Same pattern as tests/dbt/conftest.py, plus what the default nightly run leaves out: a real-time
adherence snapshot of both orgs at the simulator's noon, an intraday republish of emea's schedule
(re-extracted, so the scd2 history holds a deletion, a move and an add), and a later snapshot of emea
alone (apac's latest snapshot is then 30 minutes older: a stale org).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.dbtrun import run_dbt
from tests.simproc import Sim, start_sim
from tests.warehouse import ANCHOR, fast_extract, hub_env, run_pipeline

ORG_KEYS = "emea,apac"
FIRST_SNAPSHOT = datetime(ANCHOR.year, ANCHOR.month, ANCHOR.day, 12, 0)  # the simulator's initial now (UTC)
LATER_SNAPSHOT = FIRST_SNAPSHOT + timedelta(minutes=30)
REPUBLISHED = 3  # delete, move, add


@dataclass
class TinyReports:
    sim: Sim
    workdir: Path
    db: Path
    build: object
    mutations: list[dict]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def load_tiny_for_reports(sim: Sim, workdir: Path) -> list[dict]:
    """Pipeline runs that give every report data; returns the simulator's republish mutations."""
    def run(**kwargs):
        report = run_pipeline(sim, workdir, fast_extract(), **kwargs)
        assert not report.failed, [r.error for r in report.failed]

    run()
    run(resources=["realtime_adherence"], snapshot_at=_iso(FIRST_SNAPSHOT))
    mutations = sim.republish("emea", REPUBLISHED)
    assert len(mutations) == REPUBLISHED, mutations
    run(resources=["schedules"])
    sim.control("POST", "/_sim/clock", {"now": _iso(LATER_SNAPSHOT)})
    run(org_keys=["emea"], resources=["realtime_adherence"], snapshot_at=_iso(LATER_SNAPSHOT))
    return mutations


def dbt_env() -> dict:
    return {"WFM_HUB_ORG_KEYS": ORG_KEYS}


@pytest.fixture(scope="package")
def tiny_reports(tmp_path_factory):
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("tiny_reports")
    try:
        mutations = load_tiny_for_reports(sim, workdir)
        with hub_env(sim, workdir, fast_extract()) as db:
            build = run_dbt(["build"], workdir, dbt_env())
        yield TinyReports(sim, workdir, db, build, mutations)
    finally:
        sim.stop()


@pytest.fixture(scope="package")
def truth():
    from tests.reports.truth import build_truth

    return build_truth()


def rows(db: Path, sql: str) -> list[dict]:
    """Query the warehouse: one dict per row."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        result = con.execute(sql)
        names = [d[0] for d in result.description]
        return [dict(zip(names, row)) for row in result.fetchall()]
