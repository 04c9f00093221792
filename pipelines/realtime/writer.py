"""The adherence stream's one writer: rows batched per org, appended through dlt under the writer lock.

Why batches: every dlt load is a load package, a ``_dlt_loads`` row and a DuckDB write connection, and
DuckDB allows one writing process: a load per event would hold the warehouse most of the time. Rows
wait at most ``flush_seconds`` (or until ``max_rows`` are waiting), then each org's rows go in one load
to its dataset ``genesys_<org>``, through the dlt pipeline ``genesys_<org>__stream`` (its own working
directory: the nightly run's and the snapshot's are others), with each table's load contract
(``settings.TABLES`` via ``emit``). Loads take ``status.loading()`` like every writer, so while the
nightly run loads, events wait in memory and nothing is lost; a load that fails keeps its rows for the
next attempt. Completed load packages are deleted (a stream makes tens of thousands a day).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime

import dlt

from ..genesys.emit import emit
from ..run import make_pipeline
from ..status import loading
from ..warehouse import retry_while_duckdb_locked

log = logging.getLogger(__name__)
GROUP = "stream"  # the pipeline group: genesys_<org>__stream
RETRY_PAUSE_SECONDS = 5.0


class StreamWriter:
    """``put(org, table, row)`` from any thread; a thread loads the rows. ``on_committed(org, rows, at)``
    (optional) hears each committed batch's ``adherence_events`` rows (the benchmark's latency)."""

    def __init__(self, flush_seconds: float = 1.0, max_rows: int = 5000, on_committed=None):
        self.flush_seconds, self.max_rows, self.on_committed = flush_seconds, max_rows, on_committed
        self._rows: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self._waiting = 0
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.stats = {"loads": 0, "rows": 0, "failed_loads": 0, "load_seconds": 0.0}
        self._pipelines: dict = {}  # one per org, kept: dlt resolves its configuration when one is made

    def put(self, org_key: str, table: str, row: dict) -> None:
        with self._cond:
            self._rows[org_key][table].append(row)
            self._waiting += 1
            if self._waiting >= self.max_rows:
                self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return self._waiting

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="adherence-writer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Load what is waiting, then stop."""
        self._stop.set()
        with self._cond:
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout)

    def _take(self) -> dict[str, dict[str, list[dict]]]:
        with self._cond:
            batch, self._rows, self._waiting = self._rows, defaultdict(lambda: defaultdict(list)), 0
        return batch

    def _give_back(self, org_key: str, tables: dict[str, list[dict]]) -> None:
        with self._cond:
            for table, rows in tables.items():
                self._rows[org_key][table][:0] = rows
                self._waiting += len(rows)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                if self._waiting < self.max_rows and not self._stop.is_set():
                    self._cond.wait(self.flush_seconds)
            if not self._flush_all():
                self._stop.wait(RETRY_PAUSE_SECONDS)
        self._flush_all()  # what came in before the stop (rows a failing warehouse kept stay pending())

    def _flush_all(self) -> bool:
        ok = True
        for org_key, tables in self._take().items():
            if not self.flush(org_key, tables):
                self._give_back(org_key, tables)
                ok = False
        return ok

    def flush(self, org_key: str, tables: dict[str, list[dict]]) -> bool:
        """One load of an org's rows; False (rows kept by the caller) when it failed."""
        tables = {name: rows for name, rows in tables.items() if rows}
        if not tables:
            return True
        began = time.monotonic()
        try:
            with loading():  # the writer lock first: written_at is when the rows could start to land
                written = datetime.now(UTC)
                for row in tables.get("adherence_events", ()):
                    row["written_at"] = written

                @dlt.resource(name="adherence_stream")
                def pages():
                    for table, rows in tables.items():
                        yield emit(table, rows)

                pipeline = self._pipelines.get(org_key) or self._pipelines.setdefault(
                    org_key, make_pipeline(org_key, GROUP)
                )
                info = retry_while_duckdb_locked(
                    lambda: pipeline.run(pages(), loader_file_format="parquet"), f"org {org_key} adherence stream"
                )
            _forget_loaded(pipeline, info.loads_ids)
        except Exception as err:  # the warehouse busy or failing: keep the rows, say so, try again
            self.stats["failed_loads"] += 1
            log.warning("org %s: adherence stream load failed, %d rows kept: %s", org_key, _count(tables), err)
            return False
        committed = datetime.now(UTC)
        self.stats["loads"] += 1
        self.stats["rows"] += _count(tables)
        self.stats["load_seconds"] += time.monotonic() - began
        if self.on_committed and tables.get("adherence_events"):
            self.on_committed(org_key, tables["adherence_events"], committed)
        return True


def _forget_loaded(pipeline, load_ids: list[str]) -> None:
    """Delete completed load packages: dlt keeps each one's folder (schema, state) for inspection, and a
    stream makes tens of thousands a day. Through dlt's load storage (no public API for it in dlt 1.31)."""
    storage = pipeline._get_load_storage()
    for load_id in load_ids:
        try:
            storage.delete_loaded_package(load_id)
        except Exception as err:  # housekeeping only: the rows are committed
            log.info("adherence stream: could not delete load package %s: %s", load_id, err)


def _count(tables: dict[str, list]) -> int:
    return sum(len(rows) for rows in tables.values())
