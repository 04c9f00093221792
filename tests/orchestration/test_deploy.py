"""The production profile is valid: its files parse and its Postgres-backed instance really starts."""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path
from unittest import mock
from urllib.parse import urlparse

import pytest
import yaml

from tests import postgres

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def test_production_orgs_use_the_real_region_hosts():
    from pipelines.config import load_config

    config = load_config(DEPLOY / "orgs.toml")
    assert {o.key for o in config.orgs} == {"emea", "apac", "amer"}
    for org in config.orgs:
        assert org.api_base_url == f"https://api.{org.region}" and org.login_base_url == f"https://login.{org.region}"


def test_dbt_and_dlt_production_targets_are_configured():
    profiles = yaml.safe_load((ROOT / "dbt_project" / "profiles.yml").read_text())["wfm_hub"]["outputs"]
    assert profiles["bigquery"]["type"] == "bigquery" and profiles["redshift"]["type"] == "redshift"
    assert "env_var" in profiles["bigquery"]["project"] and "env_var" in profiles["redshift"]["password"]
    dlt_config = tomllib.loads((DEPLOY / "dlt_config.toml").read_text())
    assert "bigquery" in dlt_config["destination"] and "redshift" in dlt_config["destination"]
    env = (DEPLOY / "wfm-hub.env.example").read_text()
    for name in (
        "WFM_HUB_SCHEDULES=on",
        "WFM_HUB_DESTINATION=bigquery",
        "DAGSTER_PG_HOST",
        "SOURCES__GENESYS__ORGS__EMEA__CLIENT_SECRET=",
    ):
        assert name in env


@pytest.mark.slow
@pytest.mark.skipif(not postgres.available(), reason="initdb/postgres not installed")
def test_postgres_backed_instance_starts_and_stores_runs(tmp_path):
    import dagster as dg

    config = yaml.safe_load((DEPLOY / "dagster.yaml").read_text())
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
    assert config["concurrency"]["pools"]["default_limit"] == 1
    server = postgres.start_postgres()
    try:
        url = urlparse(server.url)
        home = tmp_path / "dagster_home"
        home.mkdir()
        shutil.copy(DEPLOY / "dagster.yaml", home / "dagster.yaml")
        env = {
            "DAGSTER_PG_HOST": url.hostname,
            "DAGSTER_PG_PORT": str(url.port),
            "DAGSTER_PG_USER": url.username,
            "DAGSTER_PG_PASSWORD": url.password,
            "DAGSTER_PG_DB": url.path.lstrip("/"),
            "DAGSTER_HOME": str(home),
        }
        with mock.patch.dict(os.environ, env):
            instance = dg.DagsterInstance.get()
            try:
                assert type(instance.run_storage).__name__ == "PostgresRunStorage"
                assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"

                @dg.op
                def hello():
                    return 1

                @dg.job
                def ping():
                    hello()

                result = ping.execute_in_process(instance=instance)
                assert result.success
                assert instance.get_run_by_id(result.run_id).job_name == "ping"
            finally:
                instance.dispose()
    finally:
        server.stop()
