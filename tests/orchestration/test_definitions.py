"""The Dagster definitions load, with the lineage from each org's API to the marts, and the
schedules and sensors behave."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import dagster as dg
import pytest

from pipelines.config import load_config
from pipelines.genesys.helpers import FULL_REBUILD_WEEKDAY
from pipelines.genesys.settings import RESOURCES
from tests.simproc import start_sim
from tests.warehouse import fast_extract, hub_env


def _defs(tmp_path, sim=None):
    """Definitions built against a given orgs file (the simulator's, or the shipped one)."""
    from assets.definitions import build_definitions

    return build_definitions()


def test_definitions_load_with_lineage_from_each_org_api_to_the_marts():
    from assets.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    for org in ("emea", "apac", "amer"):
        for table in (
            "users",
            "schedule_activities",
            "forecast_intervals",
            "adherence_exceptions",
            "realtime_adherence",
            "interaction_volume",
            "time_off_requests",
        ):
            assert f"genesys/{org}/{table}" in keys
    assert "marts/fct_schedule_activity" in keys and "marts/dim_agent" in keys

    def upstream(key: str) -> set[str]:
        seen, todo = set(), [dg.AssetKey.from_user_string(key)]
        while todo:
            for parent in graph.get(todo.pop()).parent_keys:
                if parent.to_user_string() not in seen:
                    seen.add(parent.to_user_string())
                    todo.append(parent)
        return seen

    lineage = upstream("marts/fct_agent_adherence_daily")
    assert {
        "genesys/emea/schedule_activities",
        "genesys/apac/schedule_activities",
        "genesys/amer/adherence_exceptions",
        "staging/stg_genesys__schedule_activities",
        "intermediate/int_resolve_agent_identity",
    } <= lineage
    # every org's assets are grouped by org, so one org can be re-run alone
    groups = {graph.get(dg.AssetKey.from_user_string(f"genesys/{o}/users")).group_name for o in ("emea", "apac")}
    assert groups == {"genesys_emea", "genesys_apac"}
    # dbt tests became asset checks
    checks = list(graph.asset_check_keys)
    assert any(c.name.startswith("unique_fct_schedule_activity") for c in checks)
    extracted = sum(len(tables) for tables in RESOURCES.values())  # the stream's tables are no run's
    assert sum(1 for c in checks if c.name == "extracted_cleanly") == 3 * extracted  # every extracted table, 3 orgs


def test_jobs_split_nightly_and_realtime_work():
    from assets.definitions import defs

    def keys(job):
        return {k.to_user_string() for k in defs.resolve_job_def(job).asset_layer.selected_asset_keys}

    extract, transform, realtime = keys("nightly_extract"), keys("nightly_transform"), keys("realtime_snapshot")
    assert "genesys/emea/schedule_activities" in extract and "genesys/emea/realtime_adherence" not in extract
    assert "marts/fct_schedule_activity" in transform and not any(k.startswith("genesys/") for k in transform)
    assert {"genesys/emea/realtime_adherence", "genesys/apac/realtime_adherence"} <= realtime
    assert not any("fct_schedule_activity" in k for k in realtime)


def test_the_snapshot_rebuilds_its_views_after_the_snapshot_load():
    """Issue 15 defect 4: after the first nightly build (no snapshot loaded yet) the staging view was an empty union
    frozen at build time, and the snapshot job rebuilt only the report, beside the extraction: 0 agents. The job now
    rebuilds the views too, after the load (the staging view reads the raw snapshot tables), and the nightly
    transform builds them as well."""
    from assets.definitions import defs

    graph = defs.resolve_asset_graph()
    staging = dg.AssetKey(["staging", "stg_genesys__realtime_adherence"])
    parents = {k.to_user_string() for k in graph.get(staging).parent_keys}
    assert {f"genesys/{org}/realtime_adherence" for org in ("emea", "apac", "amer")} <= parents

    def keys(name):
        return {k.to_user_string() for k in defs.resolve_job_def(name).asset_layer.selected_asset_keys}

    realtime = keys("realtime_snapshot")
    assert {
        "staging/stg_genesys__realtime_adherence",
        "marts/fct_realtime_adherence",
        "marts/rpt_realtime_snapshot_orgs",
        "marts/rpt_global_adherence_snapshot",
    } <= realtime
    assert "marts/fct_realtime_adherence" in keys("nightly_transform")
    job = defs.resolve_job_def("realtime_snapshot")
    dbt_step = next(n.name for n in job.graph.nodes if "dbt" in n.name)
    upstream = {o.node_name for o in job.graph.dependency_structure.all_upstream_outputs_from_node(dbt_step)}
    assert upstream and all(name.endswith("__realtime") for name in upstream), upstream


def test_nightly_schedule_tick_requests_yesterday_with_the_default_windows(dagster_instance):
    from assets.definitions import defs

    schedule = defs.resolve_schedule_def("nightly_consolidation")
    assert schedule.cron_schedule == "0 2 * * *" and schedule.execution_timezone == "UTC"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED  # off in development
    context = dg.build_schedule_context(
        instance=dagster_instance,
        repository_def=defs.get_repository_def(),
        scheduled_execution_time=datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
    )
    [request] = schedule.evaluate_tick(context).run_requests
    assert request.partition_key == "2026-11-22"
    assert request.run_config["ops"]["genesys_emea__activity"]["config"]["default_windows"] is True


def test_realtime_sensor_requests_a_snapshot_unless_one_is_running(dagster_instance):
    from assets.definitions import defs

    sensor = defs.resolve_sensor_def("realtime_snapshot_sensor")
    assert 30 <= sensor.minimum_interval_seconds <= 300
    result = sensor.evaluate_tick(
        dg.build_sensor_context(instance=dagster_instance, repository_def=defs.get_repository_def())
    )
    assert len(result.run_requests) == 1


def test_partition_window_goes_to_dbt_as_vars():
    from assets.transform import dbt_vars

    class FakeContext:
        has_partition_key = False
        has_partition_key_range = True  # a backfill of a range runs once

        class partition_time_window:  # noqa: N801 (a stand-in for the Dagster window)
            start = datetime(2026, 11, 20, tzinfo=UTC)
            end = datetime(2026, 11, 22, tzinfo=UTC)

        class run:  # noqa: N801
            tags: dict = {}

    found = dbt_vars(FakeContext())
    assert found["window_start"] == "2026-11-20" and found["window_end"] == "2026-11-22"
    assert found["genesys_orgs"] == "emea,apac,amer"
    assert not any(k.endswith("_window_start") and k != "window_start" for k in found)  # a backfill: exactly it
    assert "window_start" not in dbt_vars(None)

    class Nightly(FakeContext):
        class partition_time_window:  # noqa: N801 (Monday's partition, the transform of Tuesday's nightly)
            start = datetime(2026, 11, 23, tzinfo=UTC)
            end = datetime(2026, 11, 24, tzinfo=UTC)

        class run:  # noqa: N801
            tags = {"wfm_hub/kind": "nightly"}

    # the nightly extraction re-read its configured windows relative to the partition's end: dbt rebuilds them
    extract = load_config().extract
    nightly = dbt_vars(Nightly())
    assert nightly["window_start"] == "2026-11-23"
    assert nightly["volume_window_start"] == str(date(2026, 11, 24) - timedelta(days=max(1, extract.volume_days_back)))
    assert nightly["volume_window_end"] == "2026-11-24"
    assert nightly["schedules_window_end"] == str(date(2026, 11, 24) + timedelta(days=extract.schedule_days_ahead))

    class SundayNightly(Nightly):
        partition_time_window = FakeContext.partition_time_window  # ends on Sunday 2026-11-22

    # Sunday's nightly rebuilds every row (a dimension's change outside the windows reaches history weekly)
    assert date(2026, 11, 22).weekday() == FULL_REBUILD_WEEKDAY
    sunday = dbt_vars(SundayNightly())
    assert "window_start" not in sunday and not any(k.endswith("_window_start") for k in sunday)
    assert sunday["genesys_orgs"] == "emea,apac,amer"


def test_definitions_follow_the_configured_orgs(tmp_path):
    sim = start_sim("tiny")
    try:
        with hub_env(sim, tmp_path, fast_extract()):
            graph = _defs(tmp_path).resolve_asset_graph()
            keys = {k.to_user_string() for k in graph.get_all_asset_keys() if graph.get(k).is_materializable}
    finally:
        sim.stop()
    assert "genesys/emea/users" in keys and "genesys/apac/users" in keys
    assert not any(k.startswith("genesys/amer/") for k in keys)  # amer is only a dbt source stub here


def test_numeric_orchestration_settings_refuse_nan_and_negatives():
    """The same kind of fault as the orgs file's numbers (tests/reliability/test_bad_config.py)."""
    from pydantic import ValidationError

    from assets.extract import ExtractConfig
    from pipelines.config import ConfigError
    from pipelines.environment import environment

    assert environment({}).snapshot_seconds == 300
    for text in ("nan", "1e3", "five", "10"):
        with pytest.raises(ConfigError, match="WFM_HUB_SNAPSHOT_SECONDS must be a int of at least 30"):
            environment({"WFM_HUB_SNAPSHOT_SECONDS": text})
    assert ExtractConfig(stagger_seconds=0.5).stagger_seconds == 0.5
    for value in (float("nan"), float("inf"), -1.0):
        with pytest.raises(ValidationError, match="stagger_seconds"):
            ExtractConfig(stagger_seconds=value)


def test_asset_keys_match_the_snapshot():
    """Every asset key and check name as committed: a rename fails CI, not history. After a deliberate
    change: python -m tests.orchestration.snapshot (and commit asset_keys.txt with the reason)."""
    from tests.orchestration.snapshot import SNAPSHOT, current

    committed = SNAPSHOT.read_text().splitlines()
    now = current()
    gone, new = sorted(set(committed) - set(now)), sorted(set(now) - set(committed))
    assert not gone and not new, f"removed or renamed: {gone[:10]}; added: {new[:10]}"
