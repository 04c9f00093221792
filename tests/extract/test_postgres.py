"""The destination is configuration: the same tiny load into a real PostgreSQL server."""

from __future__ import annotations

import psycopg2
import pytest

from tests import postgres
from tests.warehouse import fast_extract, query, run_pipeline, tables

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not postgres.available(), reason="initdb/postgres not installed")]


def test_tiny_loads_into_postgres_with_the_same_row_counts_as_duckdb(tmp_path, tiny_load):
    sim, duck_dir, _ = tiny_load
    server = postgres.start_postgres()
    try:
        report = run_pipeline(
            sim,
            tmp_path / "hub",
            fast_extract(),
            env={"WFM_HUB_DESTINATION": "postgres", "DESTINATION__POSTGRES__CREDENTIALS": server.url},
        )
        assert not report.failed, [r.error for r in report.failed]
        duck = duck_dir / "wfm_hub.duckdb"
        with psycopg2.connect(server.url) as con, con.cursor() as cur:
            compared = 0
            for org in ("emea", "apac"):
                for table in tables(duck, f"genesys_{org}"):
                    cur.execute(f"select count(*) from genesys_{org}.{table}")
                    assert cur.fetchone()[0] == query(duck, f"select count(*) from genesys_{org}.{table}")[0][0], table
                    compared += 1
            cur.execute("select count(*) from wfm_hub_ops.run_status where outcome = 'success'")
            assert cur.fetchone()[0] > 20
        assert compared >= 36
    finally:
        server.stop()
