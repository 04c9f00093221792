"""The load path alone: the same rows through dlt into a fresh DuckDB file, per file format and page type.

Rows are shaped exactly like ``user_presence`` (our largest table) and carry its load contract (merge
on the org-qualified primary key). Variants: dict pages -> parquet, dict pages -> insert_values
(dlt's default), Arrow pages -> parquet (what the pipeline does for its large tables: the time to
convert dict pages to Arrow is inside the extract step). Each variant runs in its own
fresh pipeline directory and warehouse, and the time of each dlt step comes from the pipeline's trace.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dlt

from pipelines.genesys.emit import HINTS
from pipelines.genesys.helpers import arrow_page
from pipelines.genesys.settings import TABLES

PAGE_ROWS = 10_000
METRICS = [("tAgentRoutingStatus", q) for q in ("OFF_QUEUE", "IDLE", "INTERACTING", "NOT_RESPONDING")] + [
    ("tSystemPresence", q) for q in ("AVAILABLE", "AWAY", "BREAK", "MEAL", "MEETING", "ON_QUEUE")
]
ORG = {"org_id": "1c8f3e2a-5b6d-4e7f-8a9b-0c1d2e3f4a5b", "org_key": "bench", "region": "mypurecloud.de"}


def presence_rows(n: int) -> list[dict]:
    """``n`` deterministic rows: users x hours x metrics, as the users aggregates query returns them."""
    start = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    user = hour = 0
    while len(rows) < n:
        for metric, qualifier in METRICS:
            rows.append(
                {
                    **ORG,
                    "user_id": f"{user:08d}-0000-4000-8000-000000000000",
                    "interval_start": start + timedelta(hours=hour),
                    "interval_minutes": 60,
                    "metric": metric,
                    "qualifier": qualifier,
                    "milliseconds": float((user * 7919 + hour) % 3_600_000),
                }
            )
        hour += 1
        if hour == 24 * 7:
            hour, user = 0, user + 1
    return rows[:n]


def _pages(rows: list[dict], arrow: bool):
    for i in range(0, len(rows), PAGE_ROWS):
        page = rows[i : i + PAGE_ROWS]
        # the pipeline's own conversion (typed by the load contract), or the dict page as it is
        data = arrow_page("user_presence", page, TABLES["user_presence"]["columns"]) if arrow else page
        yield dlt.mark.with_hints(data, HINTS["user_presence"], create_table_variant=True)


def load_variant(rows: list[dict], file_format: str, arrow: bool, workdir: Path) -> dict:
    """Extract, normalize and load ``rows`` once; seconds per step and rows per minute."""
    name = f"bench_{file_format}_{'arrow' if arrow else 'dicts'}"
    pipeline = dlt.pipeline(
        pipeline_name=name,
        pipelines_dir=str(workdir / "pipelines"),
        destination=dlt.destinations.duckdb(str(workdir / f"{name}.duckdb")),
        dataset_name="bench",
    )
    began = time.perf_counter()
    resource = dlt.resource(_pages(rows, arrow), name="user_presence")
    pipeline.extract(resource, loader_file_format=file_format)
    extracted = time.perf_counter()
    pipeline.normalize()
    normalized = time.perf_counter()
    pipeline.load()
    loaded = time.perf_counter()
    with pipeline.sql_client() as client:
        count = client.execute_sql("select count(*) from user_presence")[0][0]
    if count != len(rows):
        raise AssertionError(f"{name}: loaded {count} rows of {len(rows)}")
    total = loaded - began
    return {
        "variant": name,
        "file_format": file_format,
        "pages": "arrow" if arrow else "dicts",
        "rows": count,
        "extract_s": round(extracted - began, 2),
        "normalize_s": round(normalized - extracted, 2),
        "load_s": round(loaded - normalized, 2),
        "total_s": round(total, 2),
        "rows_per_minute": round(count / total * 60),
    }


def run(n_rows: int = 500_000, insert_values_rows: int | None = None) -> dict:
    """Every variant on the same rows (``insert_values_rows`` can cap the slow default variant)."""
    rows = presence_rows(n_rows)
    workdir = Path(tempfile.mkdtemp(prefix="wfm_bench_load_"))
    try:
        results = [
            load_variant(rows, "parquet", False, workdir),
            load_variant(rows, "parquet", True, workdir),
            load_variant(rows[: insert_values_rows or n_rows], "insert_values", False, workdir),
        ]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    by = {r["variant"]: r for r in results}
    parquet = by["bench_parquet_dicts"]["rows_per_minute"]
    return {
        "variants": results,
        "parquet_vs_insert_values": round(parquet / by["bench_insert_values_dicts"]["rows_per_minute"], 1),
        "arrow_vs_dict_pages": round(by["bench_parquet_arrow"]["rows_per_minute"] / parquet, 1),
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000), indent=2))
