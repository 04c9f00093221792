"""Where data lands: a DuckDB file by default; any dlt destination by configuration, never code.

``WFM_HUB_DESTINATION`` picks the dlt destination (``duckdb`` default; ``postgres``, ``bigquery``,
``redshift``, ``snowflake``...) whose credentials come from dlt's usual config, e.g.
``DESTINATION__POSTGRES__CREDENTIALS``. ``WFM_HUB_WAREHOUSE`` is the DuckDB file
(default ``data/wfm_hub.duckdb``), resolved to an absolute path once so dlt, dbt and Dagster agree.
"""

from __future__ import annotations

import fcntl
import time
from contextlib import contextmanager
from pathlib import Path

from .environment import environment


def warehouse_path() -> Path:
    return environment().warehouse


def pipelines_dir() -> Path:
    """dlt's working directories (state, load packages), kept beside the warehouse."""
    return environment().pipelines_dir


def destination_name() -> str:
    return environment().destination


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
        limit = environment().duckdb_memory_limit
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


class WarehouseBusy(RuntimeError):
    """The warehouse (or one org's pipeline) stayed locked by another process past the bounded wait."""

    retryable = True


@contextmanager
def _flock(path: Path, wait_seconds: float, holder: str):
    """An exclusive advisory lock on ``path``, waited for at most ``wait_seconds``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    with open(path, "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"{holder} stayed locked by another process for {wait_seconds:.0f} s "
                        f"({path.name}); try again when it finished"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_wait_seconds() -> float:
    """How long a writer waits for the warehouse or a pipeline (WFM_HUB_LOCK_WAIT_SECONDS, default 900)."""
    return environment().lock_wait_seconds


@contextmanager
def writer_lock(wait_seconds: float | None = None):
    """Hold the warehouse's single-writer lock across processes (DuckDB allows one writing process).

    Every writer takes it: dlt loads, dbt runs, the run-status and failure tables. It is an advisory
    ``flock`` on a file beside the DuckDB file, so the nightly consolidation and the 5-minute snapshot
    (separate Dagster runs, separate processes) queue instead of failing with a lock error; the wait is
    bounded (``WarehouseBusy``). Other destinations handle concurrent writers themselves: no lock is
    taken for them.
    """
    if destination_name() != "duckdb":
        yield
        return
    with _flock(warehouse_path().with_suffix(".writer.lock"), lock_wait(wait_seconds), "the warehouse"):
        yield


@contextmanager
def pipeline_lock(name: str, wait_seconds: float | None = None):
    """Own one dlt pipeline (its working directory, state and pending packages) for a whole run: a
    second run of the same org and group waits for the first instead of aborting its load package."""
    with _flock(pipelines_dir() / f"{name}.run.lock", lock_wait(wait_seconds), f"pipeline {name}"):
        yield


def lock_wait(wait_seconds: float | None) -> float:
    return lock_wait_seconds() if wait_seconds is None else wait_seconds


def is_duckdb_lock_conflict(err: BaseException) -> bool:
    """DuckDB refused the file because another process holds it (an analyst's open connection)."""
    seen: BaseException | None = err
    while seen is not None:
        text = str(seen)
        if "Could not set lock on file" in text or "Conflicting lock is held" in text:
            return True
        seen = getattr(seen, "exception", None) or seen.__cause__ or seen.__context__
    return False


def retry_while_duckdb_locked(action, what: str, wait_seconds: float | None = None):
    """Run ``action()``; while DuckDB answers that another process holds the file, retry for a bounded
    time, then raise ``WarehouseBusy`` with a message that says what to close."""
    deadline = time.monotonic() + lock_wait(wait_seconds)
    while True:
        try:
            return action()
        except Exception as err:
            if not is_duckdb_lock_conflict(err):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"{what}: the warehouse {warehouse_path().name} is held open by another process "
                    f"(an open DuckDB connection, e.g. an analyst's session) for {lock_wait(wait_seconds):.0f} s; "
                    "close it and run again"
                ) from None
            time.sleep(1.0)
