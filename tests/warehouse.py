"""Run the pipeline against a simulator into a private warehouse, and read the warehouse back."""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

import duckdb

from genesys_sim.connect import secret_env, write_orgs_file
from tests.simproc import TEST_ANCHOR, Sim

ANCHOR = date.fromisoformat(TEST_ANCHOR)


@contextmanager
def hub_env(sim: Sim, workdir: Path, extract: dict | None = None, **extra_env):
    """Environment for one wfm-hub installation pointed at ``sim``: orgs file, secrets, warehouse."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        "WFM_HUB_ORGS": str(write_orgs_file(sim.orgs, workdir / "orgs.toml", extract)),
        "WFM_HUB_WAREHOUSE": str(workdir / "wfm_hub.duckdb"),
        "WFM_HUB_PIPELINES_DIR": str(workdir / "pipelines"),
        **secret_env(sim.orgs),
        **extra_env,
    }
    with mock.patch.dict(os.environ, env):
        yield workdir / "wfm_hub.duckdb"


def run_pipeline(sim: Sim, workdir: Path, extract: dict | None = None, env: dict | None = None, **kwargs):
    from pipelines.run import run

    kwargs.setdefault("today", ANCHOR)
    with hub_env(sim, workdir, extract, **(env or {})):
        return run(**kwargs)


def fast_extract(**overrides) -> dict:
    """Extraction settings for tests: the defaults (pipelines/config.py ExtractSettings), with short
    timeouts and job deadlines so a failing case fails fast."""
    from dataclasses import asdict

    from pipelines.config import ExtractSettings

    settings = {**asdict(ExtractSettings()), "request_timeout_seconds": 10, "job_deadline_seconds": 20}
    settings.update(overrides)
    return settings


def query(db: Path, sql: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def tables(db: Path, schema: str) -> list[str]:
    return [
        r[0]
        for r in query(
            db,
            f"select table_name from information_schema.tables where table_schema = '{schema}' "
            "and table_name not like '_dlt%' order by 1",
        )
    ]


# when a row was extracted: bookkeeping like dlt's own columns (a re-run stamps it anew), not business content
EXTRACTION_STAMPS = {"extracted_at"}


def content(db: Path, schema: str, table: str, current_only: bool = True) -> list[tuple]:
    """A table's business content, sorted: dlt's bookkeeping columns and extraction stamps left out."""
    with duckdb.connect(str(db), read_only=True) as con:
        cols = [r[0] for r in con.sql(f"describe {schema}.{table}").fetchall()]
        keep = [c for c in cols if not c.startswith("_dlt_") and c not in EXTRACTION_STAMPS]
        where = " where _dlt_valid_to is null" if current_only and "_dlt_valid_to" in cols else ""
        return sorted(con.sql(f"select {', '.join(keep)} from {schema}.{table}{where}").fetchall(), key=repr)
