"""Reliability cells beyond injected HTTP faults: a killed process, schema drift, a DST week, and the
nightly run overlapping the real-time snapshot. Each compares with the fault-free run (or with the
simulator's ground truth) as multisets of rows: nothing lost, nothing duplicated."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date

import pytest

from genesys_sim.model import Model
from genesys_sim.scenarios import get_scenario
from tests.reliability.matrix import Cell, compare, record, secrets_found, snapshot
from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import fast_extract, hub_env, query, run_pipeline

pytestmark = [pytest.mark.slow, pytest.mark.reliability]
CLI = [sys.executable, "-m", "pipelines", "run", "--today", TEST_ANCHOR]


def _cli(sim, workdir, *args: str) -> subprocess.Popen:
    with hub_env(sim, workdir, fast_extract()):
        env = dict(os.environ)
    return subprocess.Popen([*CLI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _assert_equal_to_clean(db, clean_run, skip_tables=()) -> tuple[int, int]:
    lost = duplicates = 0
    for org in ("emea", "apac"):
        got = {t: rows for t, rows in snapshot(db, org).items() if t not in skip_tables}
        diff = compare(clean_run[org], got)
        assert (diff.lost, diff.duplicates) == (0, 0), diff.examples
        lost, duplicates = lost + diff.lost, duplicates + diff.duplicates
    return lost, duplicates


def test_killed_mid_load_then_rerun_loads_everything_once(clean_run, tmp_path):
    """SIGKILL while a load package is half loaded; the next run finishes it and loads its own."""
    sim = start_sim("tiny")
    try:
        proc = _cli(sim, tmp_path)
        pending = []
        while proc.poll() is None and not pending:
            pending = list((tmp_path / "pipelines").glob("genesys_*/load/normalized/*/completed_jobs/*.parquet"))
            time.sleep(0.002)
        proc.kill()
        proc.wait()
        assert proc.returncode == -9 and pending, "the process was killed while a package was loading"
        assert list((tmp_path / "pipelines").glob("genesys_*/load/normalized/*")), "a half-loaded package is left"
        report = run_pipeline(sim, tmp_path, fast_extract())
    finally:
        sim.stop()
    assert not report.failed
    lost, duplicates = _assert_equal_to_clean(tmp_path / "wfm_hub.duckdb", clean_run)
    record(
        Cell(
            "process killed mid-load, re-run",
            "SIGKILL while a load package was half loaded (jobs done and pending); then the same command again",
            "the re-run discarded the half-loaded package (its state "
            "rewound) and read its window again; both orgs = fault-free run",
            lost,
            duplicates,
            "tests/reliability/test_recovery.py",
        )
    )


def _drift_run(tmp_path, fault: str):
    sim = start_sim("tiny", TEST_ANCHOR, "--fault", f"emea:{fault}")
    try:
        report = run_pipeline(sim, tmp_path, fast_extract())
    finally:
        sim.stop()
    assert not report.failed, [r.error for r in report.failed]
    return tmp_path / "wfm_hub.duckdb"


def test_a_new_api_field_changes_nothing(clean_run, tmp_path):
    db = _drift_run(tmp_path, "add_field=betaInsight")
    lost, duplicates = _assert_equal_to_clean(db, clean_run)
    columns = query(db, "select column_name from information_schema.columns where table_schema = 'genesys_emea'")
    assert not [c for (c,) in columns if "beta" in c.lower()], "rows are mapped field by field: no surprise columns"
    record(
        Cell(
            "schema change: a new field",
            "emea: every object gains `betaInsight`",
            "loaded; rows are mapped field by field, so the new field is ignored until mapped; = fault-free run",
            lost,
            duplicates,
            "tests/reliability/test_recovery.py",
        )
    )


@pytest.mark.reliability_full  # long form only
def test_a_removed_optional_field_loads_as_null(clean_run, tmp_path):
    db = _drift_run(tmp_path, "drop_field=department")
    got = snapshot(db, "emea", ignore=("department",))
    want = {
        t: Counter(
            {
                tuple(v for c, v in zip(_columns(db, t), row, strict=False) if c != "department"): n
                for row, n in rows.items()
            }
        )
        if t == "users"
        else rows
        for t, rows in clean_run["emea"].items()
    }
    diff = compare(want, got)
    assert (diff.lost, diff.duplicates) == (0, 0), diff.examples
    assert compare(clean_run["apac"], snapshot(db, "apac")).lost == 0
    assert query(db, "select count(*), count(department) from genesys_emea.users") == [(11, 0)]
    record(
        Cell(
            "schema change: a removed optional field",
            "emea: `department` missing from every user",
            "loaded; users.department is null for emea, every other value = fault-free run",
            diff.lost,
            diff.duplicates,
            "tests/reliability/test_recovery.py",
        )
    )


def _columns(db, table: str) -> list[str]:
    rows = query(
        db,
        "select column_name from information_schema.columns where table_schema = 'genesys_emea' "
        f"and table_name = '{table}' and column_name not like '_dlt%' order by ordinal_position",
    )
    return [c for (c,) in rows]


@pytest.mark.reliability_full  # long form only
def test_a_dst_week_loads_every_activity_at_its_utc_instant(tmp_path):
    """Anchor 2026-11-02: the window holds Berlin's change to winter time (Sunday 2026-10-25)."""
    anchor = "2026-11-02"
    sim = start_sim("tiny", anchor)
    try:
        report = run_pipeline(sim, tmp_path, fast_extract(), today=date.fromisoformat(anchor))
    finally:
        sim.stop()
    assert not report.failed
    model = Model(get_scenario("tiny"), date.fromisoformat(anchor))
    week = date(2026, 10, 19)
    want = Counter()
    for bu in model.orgs["emea"].business_units:
        for items in model.week_plan("emea", bu, week).values():
            for shift in (i for i in items if hasattr(i, "activities")):
                want.update(
                    (shift.account.user_id, a.start.astimezone(UTC).replace(tzinfo=None), a.minutes)
                    for a in shift.activities
                )
    got = Counter(
        query(
            tmp_path / "wfm_hub.duckdb",
            "select user_id, timezone('UTC', start_date), length_minutes from genesys_emea.schedule_activities "
            f"where week_date = '{week}' and _dlt_valid_to is null",
        )
    )
    lost, extra = want - got, got - want
    assert len(want) > 100 and not lost and not extra, (list(lost)[:3], list(extra)[:3])
    # The week straddles the change: Berlin is UTC+2 before Sunday and UTC+1 after it.
    offsets = query(
        tmp_path / "wfm_hub.duckdb",
        "select distinct timezone('Europe/Berlin', start_date) - "
        f"timezone('UTC', start_date) from genesys_emea.schedule_activities where week_date = '{week}'",
    )
    assert sorted(o.total_seconds() / 3600 for (o,) in offsets) == [1.0, 2.0]
    record(
        Cell(
            "DST week",
            "emea week of 2026-10-19 (Berlin leaves summer time on Sunday 25th), anchor 2026-11-02",
            f"{sum(want.values())} activities = the simulator's week plan at their UTC instants",
            sum(lost.values()),
            sum(extra.values()),
            "tests/reliability/test_recovery.py",
        )
    )


@pytest.mark.reliability_full  # long form only
def test_the_nightly_run_and_a_snapshot_overlap_safely(clean_run, tmp_path):
    # emea's calls take a second: its nightly run is still extracting when apac's snapshot (which waits
    # for apac's nightly run to finish its load) starts
    sim = start_sim("tiny", TEST_ANCHOR, "--fault", "emea:latency_ms=1000")
    try:
        nightly = _cli(sim, tmp_path)
        time.sleep(1.0)
        snapshot_run = _cli(sim, tmp_path, "--resources", "realtime_adherence")
        outputs = [p.communicate(timeout=300)[0] for p in (nightly, snapshot_run)]
        secrets = sim.secrets()
    finally:
        sim.stop()
    assert (nightly.returncode, snapshot_run.returncode) == (0, 0), outputs
    db = tmp_path / "wfm_hub.duckdb"
    lost, duplicates = _assert_equal_to_clean(db, clean_run, skip_tables=("realtime_adherence",))
    assert query(db, "select count(*) from genesys_emea.realtime_adherence")[0][0] > 0
    # the two runs really overlapped: the snapshot started before the nightly run finished
    nightly_end, snapshot_start = query(
        db,
        "select max(finished_at) filter (where resource <> 'realtime_adherence'), "
        "min(started_at) filter (where resource = 'realtime_adherence') "
        "from wfm_hub_ops.run_status",
    )[0]
    assert snapshot_start < nightly_end
    assert not secrets_found(secrets, [tmp_path], "\n".join(outputs))
    record(
        Cell(
            "nightly run overlaps the snapshot",
            "the nightly CLI run and a real-time snapshot run, two processes on one DuckDB file",
            "both exit 0 (writes take turns on the warehouse lock); nightly tables = fault-free run",
            lost,
            duplicates,
            "tests/reliability/test_recovery.py",
        )
    )
