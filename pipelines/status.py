"""What a run records: ``wfm_hub_ops.run_status``, one row per org, resource and table, always.

A run's outcome is recorded even when the warehouse cannot take it right now (held open by another
process past the bounded wait): the rows are then kept as a JSON file beside the warehouse
(``run_status_pending/``) and loaded by the next run that records its own, so no outcome is lost.
"""

from __future__ import annotations

import json
import sys
import threading
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import dlt

from .genesys.settings import RESOURCES
from .warehouse import (
    WarehouseBusy,
    destination,
    pipelines_dir,
    retry_while_duckdb_locked,
    status_pipeline_name,
    writer_lock,
)

if TYPE_CHECKING:
    from .run import RunReport

LOAD_LOCK = threading.Lock()  # one loading thread per process; writer_lock() orders processes
OPS_DATASET = "wfm_hub_ops"
FINAL = ("success", "skipped", "failed")


@contextmanager
def loading():
    with LOAD_LOCK, writer_lock():
        yield


def append_ops(pipeline_name: str, table: str, rows: list[dict], columns: dict) -> None:
    """Append ``rows`` to ``wfm_hub_ops.<table>`` through dlt (any destination), under the writer lock,
    waiting a bounded time while another process holds the DuckDB file (``WarehouseBusy`` after it).
    ``pipeline_name`` is the dlt working directory: one per writer that may run at the same time."""
    pipeline = dlt.pipeline(
        pipeline_name=pipeline_name,
        destination=destination(),
        dataset_name=OPS_DATASET,
        pipelines_dir=str(pipelines_dir()),
    )
    resource = dlt.resource(rows, name=table, write_disposition="append", columns=columns)
    with loading():
        retry_while_duckdb_locked(lambda: pipeline.run(resource, loader_file_format="parquet"), table)


def status_rows(report: RunReport) -> list[dict]:
    rows = []
    for result in report.results:
        c = result.counters
        for name, entry in result.status.resources.items():
            base = {
                "run_id": report.run_id,
                "org_key": result.org.key,
                "region": result.org.region,
                "resource": name,
                "started_at": entry.started,
                "finished_at": entry.finished,
                "requests": c.requests.get(name, 0),
                "retries": c.retries.get(name, 0),
                "status_429": c.status_429.get(name, 0),
                # an org that failed committed nothing: its finished and its unfinished resources alike
                "outcome": entry.outcome
                if entry.outcome in ("skipped", "failed") or (result.ok and entry.outcome in FINAL)
                else "not loaded",
                "error": entry.error or (None if result.ok else result.error),
                "warnings": c.warning_count.get(name, 0),
                "warning_examples": "; ".join(c.warnings.get(name, [])) or None,
            }
            for table in RESOURCES[name]:
                rows.append({**base, "table_name": table, "rows": entry.rows.get(table, 0)})
        if not result.status.resources:  # failed before any resource ran (e.g. bad credentials)
            rows.append(
                {
                    "run_id": report.run_id,
                    "org_key": result.org.key,
                    "region": result.org.region,
                    "resource": "-",
                    "table_name": "-",
                    "rows": 0,
                    "requests": c.total("requests"),
                    "retries": c.total("retries"),
                    "status_429": c.total("status_429"),
                    "outcome": "failed",
                    "error": result.error,
                    "warnings": 0,
                    "warning_examples": None,
                    "started_at": None,
                    "finished_at": None,
                }
            )
    return rows


def record_status(report, group: str | None = None) -> None:
    """Append the run's rows to ``wfm_hub_ops.run_status`` (with any rows an earlier run had to park)."""
    # a pipeline per org set and group: concurrent processes never share a dlt working directory
    pending_dir = pipelines_dir() / "run_status_pending"
    parked = sorted(pending_dir.glob("*.json")) if pending_dir.exists() else []
    rows = status_rows(report) + [row for path in parked for row in json.loads(path.read_text())]
    columns = {
        "started_at": {"data_type": "timestamp"},
        "finished_at": {"data_type": "timestamp"},
        "error": {"data_type": "text", "nullable": True},
        "warnings": {"data_type": "bigint", "nullable": True},
        "warning_examples": {"data_type": "text", "nullable": True},
    }
    try:
        append_ops(status_pipeline_name([r.org.key for r in report.results], group), "run_status", rows, columns)
    except WarehouseBusy as err:
        pending_dir.mkdir(parents=True, exist_ok=True)
        target = pending_dir / f"{report.run_id}.json"
        target.write_text(json.dumps(status_rows(report), default=_json_default))
        print(
            f"run {report.run_id}: {err}; its status is kept in {target} and recorded by the next run", file=sys.stderr
        )
        return
    for path in parked:
        path.unlink(missing_ok=True)


def _json_default(value):
    return value.isoformat() if isinstance(value, datetime) else str(value)


def print_report(report: RunReport, out=sys.stdout) -> None:
    tables = sorted({t for r in report.results for t in r.rows()})
    keys = [r.org.key for r in report.results]
    width = max([len(t) for t in tables] + [12])
    print(f"\n{'table':<{width}} " + " ".join(f"{k:>10}" for k in keys), file=out)
    for table in tables:
        print(f"{table:<{width}} " + " ".join(f"{r.rows().get(table, 0):>10,}" for r in report.results), file=out)
    for label, what in (("requests", "requests"), ("retries", "retries"), ("429s", "status_429")):
        print(f"{label:<{width}} " + " ".join(f"{r.counters.total(what):>10,}" for r in report.results), file=out)
    print(f"{'seconds':<{width}} " + " ".join(f"{r.seconds:>10.1f}" for r in report.results), file=out)
    for r in report.results:
        skipped = [f"{n} ({e.error})" for n, e in r.status.resources.items() if e.outcome == "skipped"]
        if not r.ok:
            print(f"FAILED {r.org.key}: {r.error}", file=out)
        elif skipped:
            print(f"PARTIAL {r.org.key}: skipped {', '.join(skipped)}", file=out)
