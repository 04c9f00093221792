"""Where data lands: a DuckDB file by default; any dlt destination by configuration, never code.

``WFM_HUB_DESTINATION`` picks the dlt destination (``duckdb`` default; ``postgres``, ``bigquery``,
``redshift``, ``snowflake``...) whose credentials come from dlt's usual config, e.g.
``DESTINATION__POSTGRES__CREDENTIALS``. ``WFM_HUB_WAREHOUSE`` is the DuckDB file
(default ``data/wfm_hub.duckdb``), resolved to an absolute path once so dlt, dbt and Dagster agree.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from .config import ROOT


def warehouse_path() -> Path:
    return Path(os.environ.get("WFM_HUB_WAREHOUSE", ROOT / "data" / "wfm_hub.duckdb")).resolve()


def pipelines_dir() -> Path:
    """dlt's working directories (state, load packages), kept beside the warehouse."""
    default = warehouse_path().parent / "pipelines"
    return Path(os.environ.get("WFM_HUB_PIPELINES_DIR", default)).resolve()


def destination_name() -> str:
    return os.environ.get("WFM_HUB_DESTINATION", "duckdb").strip().lower()


DUCKDB_MEMORY_LIMIT = "256MB"


def destination():
    """A dlt destination: the DuckDB file, or the named destination configured the dlt way."""
    import dlt

    name = destination_name()
    if name == "duckdb":
        path = warehouse_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials

        # DuckDB's own default is 80% of RAM: merges into large tables then hold gigabytes of buffer
        # pool. A cap makes it spill to disk instead (measured in docs/benchmarks.md).
        limit = os.environ.get("WFM_HUB_DUCKDB_MEMORY_LIMIT", DUCKDB_MEMORY_LIMIT)
        return dlt.destinations.duckdb(DuckDbCredentials(str(path), global_config={"memory_limit": limit}))
    return name


def dataset_name(org_key: str) -> str:
    """One dataset (schema) per org: an org re-runs or fails alone and never touches another's rows."""
    return f"genesys_{org_key}"


SEPARATOR = "__"  # between the parts of a pipeline name; org keys cannot contain it (config.KEY_PATTERN)


def pipeline_name(org_key: str, group: str | None = None) -> str:
    """The dlt pipeline (working directory, state and schema) that loads an org: ``genesys_<org>`` for
    the CLI, ``genesys_<org>__<group>`` for one of its Dagster asset groups. Groups run in separate
    processes, possibly at once, so each has its own working directory while all load the org's one
    dataset. Org keys never contain ``__``, so the CLI org ``emea_activity`` (``genesys_emea_activity``)
    and the ``activity`` group of ``emea`` (``genesys_emea__activity``) never share a directory."""
    return SEPARATOR.join([f"genesys_{org_key}", *([group] if group else [])])


def status_pipeline_name(org_keys: list[str], group: str | None = None) -> str:
    """The pipeline that appends one run's rows to ``wfm_hub_ops.run_status``:
    ``wfm_hub_ops__run_status__<group or "all">__<org>__<org>...`` (orgs sorted), so runs of different
    org sets or groups never share a working directory, and no org key can make it equal another
    pipeline's (``wfm_hub_ops_failures``, ``wfm_hub_ops_activity_code_audit``)."""
    return SEPARATOR.join(["wfm_hub_ops", "run_status", group or "all", *sorted(org_keys)])


@contextmanager
def writer_lock():
    """Hold the warehouse's single-writer lock across processes (DuckDB allows one writing process).

    Every writer takes it: dlt loads, dbt runs, the run-status and failure tables. It is an advisory
    ``flock`` on a file beside the DuckDB file, so the nightly consolidation and the 5-minute snapshot
    (separate Dagster runs, separate processes) queue instead of failing with a lock error. Other
    destinations handle concurrent writers themselves: no lock is taken for them.
    """
    if destination_name() != "duckdb":
        yield
        return
    path = warehouse_path().with_suffix(".writer.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
