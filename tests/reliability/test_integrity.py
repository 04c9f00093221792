"""Reliability cells where a run could have said success while losing data (issue 13), beyond the
single-fault cells of the matrix: records that vanish between runs, a poisoned record, runs that race
or run in part, and a warehouse another process holds open. Each runs the tiny scenario over real HTTP
and compares with the fault-free run or with what the simulator now returns."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from pipelines.warehouse import writer_lock
from tests.reliability.matrix import Cell, compare, record, secrets_found, snapshot
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import ANCHOR, fast_extract, hub_env, query, run_pipeline

pytestmark = [pytest.mark.slow, pytest.mark.reliability]
CLI = [sys.executable, "-m", "pipelines", "run", "--today", TEST_ANCHOR]
TEST = "tests/reliability/test_integrity.py"


def _current(db, table: str, key: str, org: str = "emea") -> set:
    return {r[0] for r in query(db, f"select {key} from genesys_{org}.{table} where _dlt_valid_to is null")}


def _closed(db, table: str, key: str, org: str = "emea") -> set:
    current = _current(db, table, key, org)
    every = {r[0] for r in query(db, f"select {key} from genesys_{org}.{table}")}
    return every - current


@pytest.mark.parametrize(
    "table, key, path",
    [
        ("users", "user_id", "/api/v2/users"),
        ("queues", "queue_id", "/api/v2/routing/queues"),
        pytest.param("activity_codes", "activity_code_id", "/activitycodes", marks=pytest.mark.reliability_full),
    ],
)
def test_a_record_deleted_in_genesys_is_closed_with_the_time_it_disappeared(table, key, path, tmp_path):
    sim = start_sim("tiny")
    try:
        first = run_pipeline(sim, tmp_path, fast_extract())
        before = _current(tmp_path / "wfm_hub.duckdb", table, key)
        sim.faults("emea", vanished_records=1, path_contains=path)
        second = run_pipeline(sim, tmp_path, fast_extract())
    finally:
        sim.stop()
    assert not first.failed and not second.failed, [r.error for r in second.failed]
    db = tmp_path / "wfm_hub.duckdb"
    after = _current(db, table, key)
    gone = before - after
    assert len(gone) >= 1 and after < before, (len(before), len(after))
    assert _closed(db, table, key) == gone, "the vanished rows are kept, closed (_dlt_valid_to), not dropped"
    record(
        Cell(
            f"deleted in Genesys: {table}",
            f"emea: the first record of {path} listings is no longer returned on the second run",
            f"{len(gone)} {table} row(s) closed with the load time that missed them; {len(after)} still current",
            0,
            0,
            TEST,
        )
    )


def test_a_deleted_time_off_request_is_removed_and_logged(tmp_path):
    sim = start_sim("tiny")
    try:
        run_pipeline(sim, tmp_path, fast_extract())
        db = tmp_path / "wfm_hub.duckdb"
        before = {r[0] for r in query(db, "select request_id from genesys_emea.time_off_requests")}
        sim.faults("emea", vanished_records=1, path_contains="timeoffrequests")
        second = run_pipeline(sim, tmp_path, fast_extract())
    finally:
        sim.stop()
    assert not second.failed, [r.error for r in second.failed]
    after = {r[0] for r in query(db, "select request_id from genesys_emea.time_off_requests")}
    logged = {r[0] for r in query(db, "select record_id from genesys_emea.record_deletions")}
    gone = before - after
    assert gone and logged == gone and after < before, (gone, logged)
    pending = query(db, "select count(*) from genesys_emea.time_off_requests where status = 'PENDING'")[0][0]
    record(
        Cell(
            "deleted in Genesys: time-off requests",
            "emea: the first request of every time-off query is no longer returned on the second run",
            f"{len(gone)} request(s) removed (hard delete) and logged in record_deletions; "
            f"{len(after)} remain, {pending} pending",
            0,
            0,
            TEST,
        )
    )


def test_a_listing_that_would_retire_too_many_users_fails_and_retires_none(tmp_path):
    sim = start_sim("tiny")
    try:
        run_pipeline(sim, tmp_path, fast_extract())
        db = tmp_path / "wfm_hub.duckdb"
        before = _current(db, "users", "user_id")
        sim.faults("emea", vanished_records=8, path_contains="/api/v2/users")
        second = run_pipeline(sim, tmp_path, fast_extract())
    finally:
        sim.stop()
    failed = {r.org.key: r for r in second.failed}
    assert set(failed) == {"emea"} and "max_retired_user_share" in failed["emea"].error, failed
    assert _current(db, "users", "user_id") == before, "no user was retired"
    record(
        Cell(
            "users listing cut short",
            f"emea: 8 of {len(before)} users stop being listed (over the 20% share)",
            "emea failed loudly naming extract.max_retired_user_share; no user retired; apac loaded",
            0,
            0,
            TEST,
        )
    )


def test_a_poisoned_record_loads_repaired_and_named(clean_run, tmp_path, capfd):
    sim = start_sim("tiny", TEST_ANCHOR, "--fault", "emea:poison_user=1")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract())
        secrets = sim.secrets()
    finally:
        sim.stop()
    assert not report.failed, [r.error for r in report.failed]
    db = tmp_path / "wfm_hub.duckdb"
    repaired = query(db, "select user_id, name from genesys_emea.users where name like '%\ufffd%'")
    assert len(repaired) == 1, repaired
    warnings, examples = query(
        db,
        "select warnings, warning_examples from wfm_hub_ops.run_status where org_key = 'emea' and resource = 'users'",
    )[0]
    assert warnings == 1 and repaired[0][0] in examples, examples
    others = {t: r for t, r in clean_run["emea"].items() if t != "users"}
    diff = compare(others, {t: r for t, r in snapshot(db, "emea").items() if t != "users"})
    users = compare({"users": clean_run["emea"]["users"]}, {"users": snapshot(db, "emea")["users"]})
    assert (diff.lost, diff.duplicates) == (0, 0), diff.examples
    assert (users.lost, users.duplicates) == (1, 1), users.examples
    assert not secrets_found(secrets, [tmp_path], capfd.readouterr().err)
    record(
        Cell(
            "a poisoned record",
            'emea: one user\'s name ends in an unpaired surrogate escape ("Ann\\ud83d")',
            "loaded; the name kept with U+FFFD, the record named in run_status.warning_examples; "
            "every other row = fault-free run",
            0,
            0,
            TEST,
        )
    )


@pytest.mark.reliability_full
def test_a_snapshot_only_run_does_not_mark_the_org_backfilled(tmp_path):
    sim = start_sim("tiny")
    try:
        snap = run_pipeline(sim, tmp_path, fast_extract(), resources=["realtime_adherence"])
        nightly = run_pipeline(sim, tmp_path, fast_extract())
        again = run_pipeline(sim, tmp_path, fast_extract())
    finally:
        sim.stop()
    assert not snap.failed and not nightly.failed and not again.failed
    backfill, reread = ANCHOR - timedelta(days=56), ANCHOR - timedelta(days=3)
    assert {r.windows.adherence[0] for r in nightly.results} == {backfill}, "the first full run backfills"
    assert {r.windows.adherence[0] for r in again.results} == {reread}, "later runs re-read 3 days"
    record(
        Cell(
            "a partial run first",
            "the real-time snapshot alone runs before any nightly",
            "the first nightly still backfills 56 days (backfill state is per resource); the next re-reads 3",
            0,
            0,
            TEST,
        )
    )


def _cli(sim, workdir, *args: str, env: dict | None = None) -> subprocess.Popen:
    with hub_env(sim, workdir, fast_extract()):
        full = {**os.environ, **(env or {})}
    return subprocess.Popen([*CLI, *args], env=full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_a_second_run_waits_for_the_first_instead_of_aborting_it(clean_run, tmp_path):
    """Run A extracts and waits for the warehouse (held by the test); run B of the same orgs starts
    meanwhile. B must wait for A's pipeline, never abort A's pending package."""
    sim = start_sim("tiny")
    db = tmp_path / "wfm_hub.duckdb"
    try:
        with hub_env(sim, tmp_path, fast_extract()):
            with writer_lock():
                first = _cli(sim, tmp_path)
                normalized = tmp_path / "pipelines" / "genesys_emea" / "load" / "normalized"
                deadline = time.monotonic() + 120
                while not list(normalized.glob("*")) and time.monotonic() < deadline and first.poll() is None:
                    time.sleep(0.2)
                assert list(normalized.glob("*")), "run A extracted and waits for the warehouse"
                second = _cli(sim, tmp_path)
                time.sleep(3)
                assert list(normalized.glob("*")), "run B did not abort run A's pending package"
                assert first.poll() is None and second.poll() is None
            outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    finally:
        sim.stop()
    assert (first.returncode, second.returncode) == (0, 0), outputs
    runs = query(db, "select count(distinct run_id) from wfm_hub_ops.run_status where outcome = 'success'")[0][0]
    assert runs == 2
    lost = duplicates = 0
    for org in ("emea", "apac"):
        diff = compare(clean_run[org], snapshot(db, org))
        assert (diff.lost, diff.duplicates) == (0, 0), diff.examples
    record(
        Cell(
            "a second run starts while the first waits",
            "run A waits for the warehouse lock with its package extracted; run B of the same orgs starts",
            "B waited for A's pipeline (no abort); both exit 0; tables = fault-free run",
            lost,
            duplicates,
            TEST,
        )
    )


@pytest.mark.reliability_full
def test_a_warehouse_held_open_fails_clearly_and_the_status_is_kept(tmp_path):
    sim = start_sim("tiny")
    db = tmp_path / "wfm_hub.duckdb"
    try:
        assert not run_pipeline(sim, tmp_path, fast_extract()).failed
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('open', flush=True); time.sleep(120)",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout.readline().strip() == "open"
        try:
            blocked = _cli(sim, tmp_path, env={"WFM_HUB_LOCK_WAIT_SECONDS": "3"})
            out = blocked.communicate(timeout=300)[0]
        finally:
            holder.kill()
            holder.wait()
        parked = list((tmp_path / "pipelines" / "run_status_pending").glob("*.json"))
        after = run_pipeline(sim, tmp_path, fast_extract())
    finally:
        sim.stop()
    assert blocked.returncode == 1 and "Traceback" not in out, out
    assert "held open by another process" in out and len(parked) == 1, out
    assert not after.failed and not parked[0].exists(), "the next run recorded the parked status"
    recorded = query(db, "select count(distinct run_id) from wfm_hub_ops.run_status")[0][0]
    assert recorded == 3
    record(
        Cell(
            "the warehouse held open by another process",
            "an analyst's DuckDB session holds the file; the lock wait is 3 s",
            "the run fails naming the cause (no traceback), exit 1; its run_status rows wait in "
            "run_status_pending/ and the next run records them",
            0,
            0,
            TEST,
        )
    )
