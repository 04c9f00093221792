"""Independent search for personal values in a warehouse and a directory tree (not the code under test)."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq


def table_rows(db: Path) -> dict[str, list[str]]:
    """``schema.table`` -> every row as one lower-cased text (each column cast to text), views left out."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.sql(
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()
        for schema, table in tables:
            cols = [r[0] for r in con.sql(f'describe "{schema}"."{table}"').fetchall()]
            expr = " || '|' || ".join(f"coalesce(cast(\"{c}\" as varchar), '<null>')" for c in cols)
            out[f"{schema}.{table}"] = [
                r[0].lower() for r in con.sql(f'select {expr} from "{schema}"."{table}"').fetchall()
            ]
    return out


def table_hits(db: Path, needles: list[str]) -> dict[str, int]:
    return {
        name: n
        for name, texts in table_rows(db).items()
        if (n := sum(1 for t in texts if any(x in t for x in needles)))
    }


def file_hits(roots: list[Path], needles: list[str]) -> list[str]:
    """Files whose bytes (also gunzipped, parquet decoded) contain a needle, case-insensitively."""
    hits = []
    for root in roots:
        for path in (p for p in root.rglob("*") if p.is_file()):
            data = path.read_bytes()
            texts = [data.decode("utf-8", "replace")]
            if data[:2] == b"\x1f\x8b":
                texts.append(gzip.decompress(data).decode("utf-8", "replace"))
            if path.suffix == ".parquet":
                texts.append(repr(pq.read_table(path).to_pylist()))
            if any(n in t.lower() for t in texts for n in needles):
                hits.append(str(path))
    return hits


def untouched_rows(db: Path, exclude: list[str], skip_tables=("_dlt_pipeline_state",)) -> dict[str, Counter]:
    """Per table, the multiset of rows holding none of ``exclude``."""
    return {
        name: Counter(t for t in texts if not any(x in t for x in exclude))
        for name, texts in table_rows(db).items()
        if name.split(".")[1] not in skip_tables
    }
