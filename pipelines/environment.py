"""Every environment variable wfm-hub reads (``WFM_HUB_*``): its default, its type and what it does.

One place for each fact: modules ask ``environment()`` for the values instead of reading
``os.environ`` themselves, and docs/configuration.md's table is checked against ``VARIABLES``
(tests/unit/test_environment.py). Values are read when asked for, never at import, so an orchestrator
or a test that sets a variable sees it take effect. A value that cannot be parsed raises ``ConfigError``
naming the variable and an example of a valid value.

Secrets are not here: each org's OAuth client, webhook URLs and passwords come from dlt's secret
providers (docs/configuration.md).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .config import ROOT, ConfigError


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    meaning: str
    example: str = ""


VARIABLES = {
    v.name: v
    for v in (
        Variable("WFM_HUB_ORGS", "config/orgs.toml", "the orgs file (orgs, [extract], [sync], [retention])"),
        Variable("WFM_HUB_WAREHOUSE", "data/wfm_hub.duckdb", "the DuckDB file (relative to the repo root)"),
        Variable("WFM_HUB_PIPELINES_DIR", "<warehouse dir>/pipelines", "dlt's working directories (state, packages)"),
        Variable("WFM_HUB_DESTINATION", "duckdb", "the dlt destination: duckdb, postgres, bigquery, snowflake..."),
        Variable("WFM_HUB_DBT_TARGET", "duckdb", "the dbt target in dbt_project/profiles.yml (and report reads)"),
        Variable("WFM_HUB_DUCKDB_MEMORY_LIMIT", "256MB", "DuckDB's memory cap for loads (dbt's profile: 1GB)", "512MB"),
        Variable("WFM_HUB_LOCK_WAIT_SECONDS", "900", "how long a writer waits for the warehouse or a pipeline", "60"),
        Variable(
            "WFM_HUB_TODAY", "", "the date runs are relative to (demo and tests: the simulator's anchor)", "2026-11-23"
        ),
        Variable("WFM_HUB_ALERTS", "config/alerts.toml", "the alerts file (docs/operations.md)"),
        Variable("WFM_HUB_ALERT_SECONDS", "300", "seconds between evaluations of the alert sensor", "300"),
        Variable("WFM_HUB_SCHEDULES", "off", "on: the nightly schedule and the sensors start running", "on"),
        Variable(
            "WFM_HUB_SNAPSHOT_SECONDS", "300", "seconds between real-time adherence snapshots (30 or more)", "300"
        ),
        Variable("WFM_HUB_PARTITIONS_START", "2025-01-01", "the first daily partition", "2025-01-01"),
        Variable("WFM_HUB_EXECUTOR", "multiprocess", "the Dagster executor: multiprocess or k8s", "k8s"),
        Variable("WFM_HUB_K8S_MAX_CONCURRENT", "8", "pods the k8s executor runs at once", "8"),
        Variable("WFM_HUB_PG_HOST", "127.0.0.1", "Postgres target: host (dbt profile and report)"),
        Variable("WFM_HUB_PG_PORT", "5432", "Postgres target: port", "5432"),
        Variable("WFM_HUB_PG_USER", "postgres", "Postgres target: user"),
        Variable("WFM_HUB_PG_PASSWORD", "", "Postgres target: password"),
        Variable("WFM_HUB_PG_DATABASE", "postgres", "Postgres target: database"),
        Variable(
            "WFM_HUB_DEMO_ANCHOR", "", "make dev: the simulator's anchor date (default: today, UTC)", "2026-11-23"
        ),
    )
}


def raw(name: str, environ=None) -> str:
    """The variable's text, or its default (empty text counts as unset)."""
    value = (os.environ if environ is None else environ).get(name, "").strip()
    return value or VARIABLES[name].default


def _number(name: str, kind, low: float, environ=None):
    text = raw(name, environ)
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value < low:
        example = VARIABLES[name].example or VARIABLES[name].default
        raise ConfigError(f"{name} must be a {kind.__name__} of at least {low:g}, got {text!r}; e.g. {name}={example}")
    return value


def _path(name: str, environ=None) -> Path:
    path = Path(raw(name, environ))
    return (path if path.is_absolute() else ROOT / path).resolve()


@dataclass(frozen=True)
class Environment:
    """The values of ``VARIABLES`` as the code uses them."""

    orgs_file: Path
    warehouse: Path
    pipelines_dir: Path
    destination: str
    dbt_target: str
    duckdb_memory_limit: str
    lock_wait_seconds: float
    today: date | None
    alerts_file: Path
    alert_seconds: int
    schedules_on: bool
    snapshot_seconds: int
    partitions_start: str
    executor: str
    k8s_max_concurrent: int
    postgres: dict


def environment(environ=None) -> Environment:
    """Every setting, read now from ``environ`` (default: the process environment)."""
    warehouse = _path("WFM_HUB_WAREHOUSE", environ)
    pipelines = raw("WFM_HUB_PIPELINES_DIR", environ)
    today = raw("WFM_HUB_TODAY", environ)
    try:
        today_date = date.fromisoformat(today) if today else None
    except ValueError:
        raise ConfigError(
            f"WFM_HUB_TODAY must be a yyyy-mm-dd date, got {today!r}; e.g. WFM_HUB_TODAY=2026-11-23"
        ) from None
    return Environment(
        orgs_file=_path("WFM_HUB_ORGS", environ),
        warehouse=warehouse,
        pipelines_dir=(warehouse.parent / "pipelines")
        if pipelines.startswith("<")
        else _path("WFM_HUB_PIPELINES_DIR", environ),
        destination=raw("WFM_HUB_DESTINATION", environ).lower(),
        dbt_target=raw("WFM_HUB_DBT_TARGET", environ),
        duckdb_memory_limit=raw("WFM_HUB_DUCKDB_MEMORY_LIMIT", environ),
        lock_wait_seconds=_number("WFM_HUB_LOCK_WAIT_SECONDS", float, 0, environ),
        today=today_date,
        alerts_file=_path("WFM_HUB_ALERTS", environ),
        alert_seconds=_number("WFM_HUB_ALERT_SECONDS", int, 30, environ),
        schedules_on=raw("WFM_HUB_SCHEDULES", environ).lower() == "on",
        snapshot_seconds=_number("WFM_HUB_SNAPSHOT_SECONDS", int, 30, environ),
        partitions_start=raw("WFM_HUB_PARTITIONS_START", environ),
        executor=raw("WFM_HUB_EXECUTOR", environ).lower(),
        k8s_max_concurrent=_number("WFM_HUB_K8S_MAX_CONCURRENT", int, 1, environ),
        postgres={
            "host": raw("WFM_HUB_PG_HOST", environ),
            "port": _number("WFM_HUB_PG_PORT", int, 1, environ),
            "user": raw("WFM_HUB_PG_USER", environ),
            "password": (os.environ if environ is None else environ).get("WFM_HUB_PG_PASSWORD", ""),
            "dbname": raw("WFM_HUB_PG_DATABASE", environ),
        },
    )
