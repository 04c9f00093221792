"""The tiny scenario over real HTTP into a real DuckDB file: counts, idempotence, republished weeks, secrets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import content, fast_extract, query, run_pipeline, tables

# truth entity -> (warehouse table, only current scd2 rows)
TRUTH_TABLES = {
    "users": "users",
    "queues": "queues",
    "business_units": "business_units",
    "management_units": "management_units",
    "management_unit_users": "management_unit_users",
    "activity_codes": "activity_codes",
    "planning_groups": "planning_groups",
    "schedules": "schedules",
    "schedule_activities": "schedule_activities",
    "full_day_time_off_markers": "full_day_time_off",
    "forecasts": "forecasts",
    "forecast_intervals": "forecast_intervals",
    "time_off_requests": "time_off_requests",
    "adherence_exceptions": "adherence_exceptions",
    "adherence_explanations": "adherence_explanations",
    "shift_trades": "shift_trades",
    "time_off_plans": "time_off_plans",
    "time_off_plan_units": "time_off_plan_units",
    "time_off_plan_dates": "time_off_plan_dates",
    "staffing_groups": "staffing_groups",
    "staffing_group_users": "staffing_group_users",
    "time_off_limits": "time_off_limits",
    "work_plans": "work_plans",
    "work_plan_agents": "work_plan_agents",
    "work_plan_rotations": "work_plan_rotations",
    "work_plan_rotation_agents": "work_plan_rotation_agents",
    "agent_week_work_plans": "agent_week_work_plans",
    "presence_definitions": "presence_definitions",
    "queue_members": "queue_members",
    "routing_skills": "routing_skills",
    "user_routing_skills": "user_routing_skills",
    "teams": "teams",
    "team_members": "team_members",
    "intraday_days": "intraday_days",
    "intraday_intervals": "intraday_intervals",
}


def _count(db: Path, org: str, table: str) -> int:
    cols = [r[0] for r in query(db, f"describe genesys_{org}.{table}")]
    where = " where _dlt_valid_to is null" if "_dlt_valid_to" in cols else ""
    return query(db, f"select count(*) from genesys_{org}.{table}{where}")[0][0]


def test_every_org_loads_and_row_counts_equal_ground_truth(tiny_load, tiny_truth):
    sim, workdir, report = tiny_load
    assert not report.failed, [r.error for r in report.failed]
    db = workdir / "wfm_hub.duckdb"
    mismatches = {}
    for org in ("emea", "apac"):
        for entity, table in TRUTH_TABLES.items():
            expected = tiny_truth.get((org, entity), 0)
            got = _count(db, org, table) if table in tables(db, f"genesys_{org}") else 0
            if got != expected:
                mismatches[(org, table)] = (got, expected)
    assert not mismatches, f"(loaded, truth): {mismatches}"
    assert tiny_truth[("emea", "schedule_activities")] > 500


def test_every_row_is_org_qualified(tiny_load):
    _, workdir, _ = tiny_load
    db = workdir / "wfm_hub.duckdb"
    org_ids = {org: query(db, f"select org_id from genesys_{org}.organizations")[0][0] for org in ("emea", "apac")}
    assert org_ids["emea"] != org_ids["apac"]
    for org, org_id in org_ids.items():
        for table in tables(db, f"genesys_{org}"):
            bad = query(
                db,
                f"select count(*) from genesys_{org}.{table} where org_id is distinct from '{org_id}' "
                f"or org_key is distinct from '{org}' or region is null",
            )[0][0]
            assert bad == 0, f"{org}.{table}: {bad} rows not qualified by their org"


def test_second_run_changes_nothing(tiny_load):
    sim, workdir, _ = tiny_load
    db = workdir / "wfm_hub.duckdb"
    before = {
        (o, t): content(db, f"genesys_{o}", t, current_only=False)
        for o in ("emea", "apac")
        for t in tables(db, f"genesys_{o}")
        if t != "realtime_adherence"
    }
    report = run_pipeline(sim, workdir, fast_extract())
    assert not report.failed
    after = {
        (o, t): content(db, f"genesys_{o}", t, current_only=False)
        for o in ("emea", "apac")
        for t in tables(db, f"genesys_{o}")
        if t != "realtime_adherence"
    }
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"tables changed by an identical re-run: {changed}"
    assert sum(len(v) for v in after.values()) == sum(len(v) for v in before.values()) > 5000


def test_republished_week_replaces_deleted_and_moved_shifts(tmp_path):
    from tests.simproc import start_sim

    sim = start_sim("tiny")
    try:
        run_pipeline(sim, tmp_path, fast_extract(), org_keys=["emea"])
        db = tmp_path / "wfm_hub.duckdb"
        changes = {c["kind"]: c for c in sim.republish("emea", 3)}
        assert set(changes) == {"delete", "move", "add"}
        deleted = changes["delete"]
        day = deleted["businessUnitDate"]
        sql = (
            "select count(*) from genesys_emea.schedule_activities where user_id = '{u}' "
            "and cast(timezone('Europe/Berlin', shift_start_date) as date) = date '{d}' {extra}"
        )
        assert query(db, sql.format(u=deleted["userId"], d=day, extra="and _dlt_valid_to is null"))[0][0] > 0
        report = run_pipeline(sim, tmp_path, fast_extract(), org_keys=["emea"])
        assert not report.failed
        # the deleted shift is gone from the current schedule but kept as history
        assert query(db, sql.format(u=deleted["userId"], d=day, extra="and _dlt_valid_to is null"))[0][0] == 0
        assert query(db, sql.format(u=deleted["userId"], d=day, extra="and _dlt_valid_to is not null"))[0][0] > 0
        added = changes["add"]
        assert (
            query(
                db,
                sql.format(
                    u=added["userId"],
                    d=added["businessUnitDate"],
                    extra="and _dlt_valid_to is null and manually_edited",
                ),
            )[0][0]
            == 1
        )
        moved = changes["move"]
        starts = query(
            db,
            "select _dlt_valid_to is null, min(shift_start_date) from genesys_emea.schedule_activities "
            f"where user_id = '{moved['userId']}' and cast(timezone('Europe/Berlin', shift_start_date) "
            f"as date) = date '{moved['businessUnitDate']}' group by 1 order by 1",
        )
        (_, old_start), (_, new_start) = starts
        assert (new_start - old_start).total_seconds() == 3600
        versions = query(db, "select max(metadata_version) from genesys_emea.schedules")[0][0]
        assert versions >= 2
    finally:
        sim.stop()


def test_run_status_table_records_each_org_and_resource(tiny_load):
    _, workdir, report = tiny_load
    db = workdir / "wfm_hub.duckdb"
    rows = query(
        db,
        "select org_key, resource, table_name, rows, requests, outcome from wfm_hub_ops.run_status "
        f"where run_id = '{report.run_id}'",
    )
    by_table = {(r[0], r[2]): r for r in rows}
    assert by_table[("emea", "schedule_activities")][3] == report.results[0].rows()["schedule_activities"]
    assert all(r[5] == "success" for r in rows)
    per_resource = {(r[0], r[1]): r[4] for r in rows}  # requests repeat on each table row of a resource
    assert sum(n for (org, _), n in per_resource.items() if org == "emea") == report.results[0].counters.total(
        "requests"
    )
    assert per_resource[("emea", "schedules")] >= 4  # the schedule list and one query per week and unit


def test_secrets_never_reach_logs_warehouse_or_state(tiny_load, capfd):
    sim, workdir, _ = tiny_load
    secrets = [o["client_secret"] for o in sim.orgs]
    run_pipeline(sim, workdir, fast_extract())
    out, err = capfd.readouterr()
    for secret in secrets:
        assert secret not in out and secret not in err
    for path in workdir.rglob("*"):
        if path.is_file() and path.name != "orgs.toml":
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, f"client secret found in {path}"
    db = workdir / "wfm_hub.duckdb"
    for schema in ("genesys_emea", "genesys_apac", "wfm_hub_ops"):
        for table in tables(db, schema) + ["_dlt_pipeline_state"] * (schema != "wfm_hub_ops"):
            for row in content(db, schema, table, current_only=False):
                text = repr(row)
                assert not any(s in text for s in secrets), f"client secret in {schema}.{table}"


@pytest.mark.parametrize("denied", ["apac:wfm:historicalAdherence:view"])
def test_missing_permission_is_recorded_and_other_resources_load(tmp_path, denied):
    from tests.simproc import start_sim

    sim = start_sim("tiny", "2026-11-23", "--deny", denied)
    try:
        report = run_pipeline(sim, tmp_path, fast_extract())
        assert not report.failed
        apac = next(r for r in report.results if r.org.key == "apac")
        assert apac.status.resources["historical_adherence"].outcome == "skipped"
        assert "wfm:historicalAdherence:view" in apac.status.resources["historical_adherence"].error
        db = tmp_path / "wfm_hub.duckdb"
        assert query(db, "select count(*) from genesys_apac.schedule_activities")[0][0] > 0
        assert "adherence_exceptions" not in tables(db, "genesys_apac")
        assert query(db, "select count(*) from genesys_emea.adherence_exceptions")[0][0] > 0
        recorded = query(
            db,
            "select outcome, error from wfm_hub_ops.run_status where org_key = 'apac' "
            "and resource = 'historical_adherence'",
        )
        assert recorded and all(o == "skipped" and "wfm:historicalAdherence:view" in e for o, e in recorded)
    finally:
        sim.stop()


@pytest.mark.slow
def test_cli_exits_non_zero_and_names_the_failed_org(tmp_path):
    import subprocess
    import sys

    from tests.warehouse import hub_env

    sim = start_sim("tiny", TEST_ANCHOR, "--fault", "apac:down=1")
    try:
        with hub_env(sim, tmp_path, fast_extract()):
            done = subprocess.run(
                [sys.executable, "-m", "pipelines", "run", "--today", TEST_ANCHOR],
                capture_output=True,
                text=True,
                env=dict(os.environ),
                timeout=300,
            )
    finally:
        sim.stop()
    assert done.returncode == 1
    assert "FAILED apac" in done.stdout and "503" in done.stdout
    assert "schedule_activities" in done.stdout and "[emea]" in done.stderr
