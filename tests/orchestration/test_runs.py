"""Real Dagster runs on the tiny scenario: the full graph, a two-day backfill, overlapping runs,
and a failed org explained in the warehouse."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import dagster as dg
import pytest

from tests.simproc import TEST_ANCHOR, start_sim
from tests.warehouse import fast_extract, hub_env, query

pytestmark = pytest.mark.slow


def _run(defs, job, instance, **kwargs):
    return defs.resolve_job_def(job).execute_in_process(instance=instance, raise_on_error=False, **kwargs)


def _materialized(result) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"}


@pytest.fixture(scope="module")
def tiny_hub(tmp_path_factory):
    sim = start_sim("tiny")
    workdir = tmp_path_factory.mktemp("dagster_tiny")
    with hub_env(sim, workdir, fast_extract(), WFM_HUB_TODAY=TEST_ANCHOR) as db:
        from assets.definitions import build_definitions

        yield sim, workdir, db, build_definitions()
    sim.stop()


def test_full_graph_materializes_on_tiny(tiny_hub, dagster_instance):
    from assets.schedules import nightly_run_config

    _, _, db, defs = tiny_hub
    extract = _run(
        defs, "nightly_extract", dagster_instance, partition_key="2026-11-22", run_config=nightly_run_config()
    )
    assert extract.success
    transform = _run(defs, "nightly_transform", dagster_instance, partition_key="2026-11-22")
    assert transform.success
    realtime = _run(
        defs,
        "realtime_snapshot",
        dagster_instance,
        run_config={
            "ops": {
                "genesys_emea__realtime": {"config": {"stagger_seconds": 0.1}},
                "genesys_apac__realtime": {"config": {"stagger_seconds": 0.1}},
            }
        },
    )
    assert realtime.success
    done = _materialized(extract) | _materialized(transform) | _materialized(realtime)
    assert {
        "genesys/emea/schedule_activities",
        "genesys/apac/users",
        "marts/fct_agent_day",
        "marts/dim_agent",
        "genesys/apac/realtime_adherence",
    } <= done
    # dbt tests ran as asset checks and passed; the one warning is tiny's user without dateHire (optional in
    # the API: a data-quality warning by design, never a failed build)
    checks = [
        e.asset_check_evaluation_data for e in transform.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    failed = {(c.asset_key.to_user_string(), c.check_name, c.severity.value) for c in checks if not c.passed}
    assert len(checks) > 100 and failed == {("marts/dim_agent_account", "not_null_dim_agent_account_hire_date", "WARN")}
    # per-org run status as asset metadata
    meta = next(
        e.materialization.metadata
        for e in extract.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.asset_key.to_user_string() == "genesys/emea/schedule_activities"
    )
    assert meta["rows"].value > 500 and meta["requests"].value >= 4 and meta["status_429"].value == 0
    assert query(db, "select count(*) from marts.dim_agent")[0][0] == 18
    assert query(db, "select count(distinct org_key) from genesys_emea.realtime_adherence")[0][0] == 1


def test_a_two_day_backfill_extracts_and_rebuilds_exactly_that_range(tiny_hub, dagster_instance):
    _, _, db, defs = tiny_hub
    tags = {"dagster/asset_partition_range_start": "2026-11-19", "dagster/asset_partition_range_end": "2026-11-20"}
    result = _run(
        defs,
        "nightly_extract",
        dagster_instance,
        tags=tags,
        asset_selection=[
            dg.AssetKey(["genesys", o, t])
            for o in ("emea", "apac")
            for t in ("adherence_exceptions", "adherence_day_metrics", "interaction_volume")
        ],
    )
    assert result.success
    meta = [e.materialization.metadata for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"]
    assert meta and all(m["window"].value == "2026-11-19 .. 2026-11-21" for m in meta)
    windows = query(
        db,
        "select distinct business_date from genesys_emea.adherence_day_metrics "
        "where _dlt_load_id = (select max(_dlt_load_id) from genesys_emea.adherence_day_metrics)",
    )
    assert {str(d) for (d,) in windows} == {"2026-11-19", "2026-11-20"}
    # one staging view is enough to see the window reach dbt (the full build runs in the test above)
    transform = _run(
        defs,
        "nightly_transform",
        dagster_instance,
        tags=tags,
        asset_selection=[dg.AssetKey(["staging", "stg_genesys__adherence_day_metrics"])],
    )
    assert transform.success
    commands = [
        entry.user_message
        for entry in dagster_instance.all_logs(transform.run_id)
        if "dbt build" in (entry.user_message or "")
    ]
    assert any('"window_start": "2026-11-19"' in c and '"window_end": "2026-11-21"' in c for c in commands)


def test_snapshot_and_nightly_runs_overlap_without_a_warehouse_lock_error(tiny_hub, tmp_path):
    """Two real processes write the same DuckDB file at once: both succeed (the writer lock queues them)."""
    _, workdir, db, _ = tiny_hub
    script = textwrap.dedent("""
        import sys, dagster as dg
        from assets.definitions import build_definitions
        from assets.schedules import nightly_run_config
        job = sys.argv[1]
        defs = build_definitions()
        kwargs = {"partition_key": "2026-11-22", "run_config": nightly_run_config()} if job == "nightly_extract" else {}
        with dg.instance_for_test() as instance:
            result = defs.resolve_job_def(job).execute_in_process(instance=instance, raise_on_error=False, **kwargs)
        failures = [e.message for e in result.all_events if e.is_failure]
        print("RESULT", job, result.success, failures)
    """)
    import os

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, job],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=dict(os.environ),
        )
        for job in ("nightly_extract", "realtime_snapshot")
    ]
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    for out in outputs:
        assert "Could not set lock" not in out
        assert "RESULT" in out and " True " in out.split("RESULT")[-1], out[-3000:]
    assert query(db, "select count(*) from genesys_apac.realtime_adherence")[0][0] > 0


def test_a_failed_org_is_explained_in_the_log_and_in_a_table(tmp_path, dagster_instance):
    """The failed org is recorded by its exact key, here one with an underscore (``apac_south``)."""
    from assets.definitions import build_definitions
    from assets.sensors import explain_failed_runs
    from genesys_sim.connect import orgs_toml

    sim = start_sim("tiny")
    orgs = tmp_path / "orgs_south.toml"
    orgs.write_text(orgs_toml(sim.orgs, fast_extract()).replace('key = "apac"', 'key = "apac_south"'))
    apac = sim.org("apac")
    try:
        # refused credentials are not retried (a transient failure, e.g. an org down, is: 3 times with backoff)
        with hub_env(
            sim,
            tmp_path,
            fast_extract(),
            WFM_HUB_TODAY=TEST_ANCHOR,
            WFM_HUB_ORGS=str(orgs),
            SOURCES__GENESYS__ORGS__APAC_SOUTH__CLIENT_ID=apac["client_id"],
            SOURCES__GENESYS__ORGS__APAC_SOUTH__CLIENT_SECRET="wrong",
        ) as db:
            defs = build_definitions()
            selection = [dg.AssetKey(["genesys", o, "users"]) for o in ("emea", "apac_south")]
            result = _run(
                defs, "nightly_extract", dagster_instance, partition_key="2026-11-22", asset_selection=selection
            )
            assert not result.success
            assert "genesys/emea/users" in _materialized(result)  # the healthy org still materialized
            failure = next(
                entry.dagster_event
                for entry in dagster_instance.all_logs(result.run_id)
                if entry.dagster_event and entry.dagster_event.event_type == dg.DagsterEventType.RUN_FAILURE
            )
            context = dg.build_run_status_sensor_context(
                sensor_name="explain_failed_runs",
                dagster_instance=dagster_instance,
                dagster_run=dagster_instance.get_run_by_id(result.run_id),
                dagster_event=failure,
            ).for_run_failure()
            explain_failed_runs(context)
            rows = query(db, "select org_key, step_key, message from wfm_hub_ops.run_failures")
    finally:
        sim.stop()
    assert rows and all(
        org == "apac_south" and step == "genesys_apac_south__dimensions" and "refused" in message
        for org, step, message in rows
    ), json.dumps(rows, default=str)


def test_activity_code_sync_job_dry_run_materializes_the_plan(tmp_path, dagster_instance):
    from assets.definitions import build_definitions

    sim = start_sim("demo")
    try:
        with hub_env(sim, tmp_path, fast_extract()):
            defs = build_definitions()
            result = _run(defs, "sync_activity_codes", dagster_instance)
            stats = sim.stats()
    finally:
        sim.stop()
    assert result.success
    meta = next(e.materialization.metadata for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION")
    assert meta["applied"].value is False
    assert meta["writes"].value == 8 and meta["create"].value == 2 and meta["update"].value == 6
    writes = sum(
        n
        for org in stats.values()
        for ep, n in org["byEndpoint"].items()
        if ep.startswith(("POST", "PATCH")) and "activitycodes" in ep
    )
    assert writes == 0, "a dry run writes nothing"
