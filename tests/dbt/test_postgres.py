"""The same dbt project builds on PostgreSQL (a real server) with the same mart contents."""

from __future__ import annotations

from urllib.parse import urlparse

import psycopg2
import pytest

from tests import postgres
from tests.dbtrun import run_dbt
from tests.warehouse import fast_extract, hub_env, query, run_pipeline

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not postgres.available(), reason="initdb/postgres not installed")]
MARTS = [
    "dim_org",
    "dim_agent",
    "dim_agent_account",
    "dim_activity_code",
    "dim_queue",
    "dim_business_unit",
    "dim_planning_group",
    "dim_planning_group_queue",
    "dim_schedule",
    "fct_schedule_activity",
    "fct_forecast_interval",
    "fct_interaction_volume",
    "fct_adherence_exception",
    "fct_agent_adherence_daily",
    "fct_time_off_request",
    "fct_agent_day",
    "fct_schedule_activity_version",
    "fct_full_day_time_off",
    "fct_adherence_day_metric",
    "fct_user_presence_interval",
    "fct_realtime_adherence",
    "rpt_global_volume_daily",
    "rpt_global_workforce_daily",
    "rpt_forecast_accuracy",
    "rpt_staffing_gap",
    "rpt_schedule_changes",
    "rpt_global_time_off_weekly",
    "rpt_adherence_outliers",
    "rpt_global_volume_by_queue_group_daily",
]


def test_dbt_build_on_postgres_matches_duckdb(tmp_path, tiny_warehouse):
    sim, _, duck, _ = tiny_warehouse
    server = postgres.start_postgres()
    try:
        env = {"WFM_HUB_DESTINATION": "postgres", "DESTINATION__POSTGRES__CREDENTIALS": server.url}
        report = run_pipeline(sim, tmp_path, fast_extract(), env=env)
        assert not report.failed
        url = urlparse(server.url)
        dbt_env = {
            "WFM_HUB_DBT_TARGET": "postgres",
            "WFM_HUB_PG_HOST": url.hostname,
            "WFM_HUB_PG_PORT": str(url.port),
            "WFM_HUB_PG_USER": url.username,
            "WFM_HUB_PG_PASSWORD": url.password,
            "WFM_HUB_PG_DATABASE": url.path.lstrip("/"),
            "WFM_HUB_ORG_KEYS": "emea,apac",
        }
        with hub_env(sim, tmp_path, fast_extract()):
            build = run_dbt(["build"], tmp_path, dbt_env)
        assert "ERROR=0" in build.stdout
        with psycopg2.connect(server.url) as con, con.cursor() as cur:
            for mart in MARTS:
                cur.execute(f"select count(*) from marts.{mart}")
                assert cur.fetchone()[0] == query(duck, f"select count(*) from marts.{mart}")[0][0], mart
            cur.execute(
                "select round(sum(scheduled_minutes)), round(sum(exception_minutes)) "
                "from marts.fct_agent_adherence_daily"
            )
            pg_sums = tuple(float(v) for v in cur.fetchone())
        duck_sums = query(
            duck,
            "select round(sum(scheduled_minutes)), round(sum(exception_minutes)) from marts.fct_agent_adherence_daily",
        )[0]
        assert pg_sums == tuple(float(v) for v in duck_sums)
    finally:
        server.stop()
