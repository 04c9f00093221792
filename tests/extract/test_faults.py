"""Faults during extraction: healthy orgs load exactly what a fault-free run loads; failures are recorded."""

from __future__ import annotations

import os

import pytest

from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import content, fast_extract, query, run_pipeline, tables

pytestmark = pytest.mark.slow


def _snapshot(db, org):
    return {t: content(db, f"genesys_{org}", t) for t in tables(db, f"genesys_{org}")}


@pytest.fixture(scope="module")
def clean_emea(tmp_path_factory):
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("clean")
    try:
        report = run_pipeline(sim, workdir, fast_extract())
        assert not report.failed
        return _snapshot(workdir / "wfm_hub.duckdb", "emea")
    finally:
        sim.stop()


def test_healthy_org_equals_fault_free_run_under_5xx_429_expiry_malformed_and_a_down_org(tmp_path, clean_emea):
    sim = start_sim("tiny", TEST_ANCHOR, "--token-ttl", "3",
                    "--fault", "emea:error_rate=0.1", "--fault", "emea:burst_429_next=3",
                    "--fault", "emea:malformed_next=1", "--fault", "emea:truncated_next=1", "--fault", "apac:down=1")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract())
        stats = sim.stats()
    finally:
        sim.stop()
    emea = next(r for r in report.results if r.org.key == "emea")
    apac = next(r for r in report.results if r.org.key == "apac")
    assert emea.ok, emea.error
    assert not apac.ok and "503" in apac.error
    assert stats["emea"]["status429"] >= 3 and stats["emea"]["errors"] >= 3
    assert stats["emea"]["tokensIssued"] >= 2, "the token expired mid-run and was refreshed"
    assert emea.counters.total("retries") >= 5
    db = tmp_path / "wfm_hub.duckdb"
    assert _snapshot(db, "emea") == clean_emea
    assert "genesys_apac" not in {r[0] for r in query(db, "select schema_name from information_schema.schemata")} or \
        not tables(db, "genesys_apac")
    failed = query(db, "select org_key, outcome, error from wfm_hub_ops.run_status where outcome = 'failed'")
    assert failed and all(org == "apac" and "503" in error for org, _, error in failed)


def test_a_page_that_stays_malformed_fails_the_org_loudly_and_commits_nothing(tmp_path):
    sim = start_sim("tiny", TEST_ANCHOR, "--fault", "emea:malformed_next=50",
                    "--fault", "emea:path_contains=/routing/queues")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract(max_retries=2))
    finally:
        sim.stop()
    emea = next(r for r in report.results if r.org.key == "emea")
    assert not emea.ok
    assert "/api/v2/routing/queues" in emea.error and "unparsable" in emea.error
    db = tmp_path / "wfm_hub.duckdb"
    assert not tables(db, "genesys_emea"), "nothing of a failed org is committed"
    assert query(db, "select count(*) from genesys_apac.schedule_activities")[0][0] > 0


def test_bad_credentials_are_reported_and_the_other_org_loads(tmp_path):
    sim = start_sim("tiny")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract(),
                              env={"SOURCES__GENESYS__ORGS__APAC__CLIENT_SECRET": "wrong-secret"})
    finally:
        sim.stop()
    apac = next(r for r in report.results if r.org.key == "apac")
    assert not apac.ok and "OAuth client was refused" in apac.error and "wrong-secret" not in apac.error
    db = tmp_path / "wfm_hub.duckdb"
    assert query(db, "select count(*) from genesys_emea.users where _dlt_valid_to is null")[0][0] == 11
    recorded = query(db, "select error from wfm_hub_ops.run_status where org_key = 'apac'")
    assert recorded and "refused" in recorded[0][0]


def test_a_job_that_never_finishes_fails_its_org_at_the_deadline(tmp_path):
    sim = start_sim("tiny", TEST_ANCHOR, "--fault", "apac:job_never_finish=1")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract(job_deadline_seconds=3))
    finally:
        sim.stop()
    apac = next(r for r in report.results if r.org.key == "apac")
    emea = next(r for r in report.results if r.org.key == "emea")
    assert emea.ok and not apac.ok
    assert "deadline" in apac.error and "Processing" in apac.error


def test_cli_exits_non_zero_and_names_the_failed_org(tmp_path):
    import subprocess
    import sys

    from tests.warehouse import hub_env

    sim = start_sim("tiny", TEST_ANCHOR, "--fault", "apac:down=1")
    try:
        with hub_env(sim, tmp_path, fast_extract()):
            done = subprocess.run([sys.executable, "-m", "pipelines", "run", "--today", TEST_ANCHOR],
                                  capture_output=True, text=True, env=dict(os.environ), timeout=300)
    finally:
        sim.stop()
    assert done.returncode == 1
    assert "FAILED apac" in done.stdout and "503" in done.stdout
    assert "schedule_activities" in done.stdout and "[emea]" in done.stderr
