"""Fault-matrix bookkeeping: compare a warehouse with the fault-free run, scan for secrets, record cells.

Every cell compares each org's business rows (dlt bookkeeping columns left out, current scd2 rows)
with the same org in a fault-free run, as multisets: a row the clean run has and the faulted run
lacks is *lost*; a row the faulted run has more often than the clean run is a *duplicate*.
Cells are appended to the JSON file named by ``WFM_HUB_RELIABILITY_RESULTS`` (``make test-reliability``
sets it; ``bench/reliability_doc.py`` turns it into the table in docs/reliability.md).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from tests.warehouse import EXTRACTION_STAMPS


def snapshot(db: Path, org: str, ignore: tuple[str, ...] = ()) -> dict[str, Counter]:
    """org's tables -> multiset of business rows (columns in ``ignore`` and extraction stamps left out)."""
    out: dict[str, Counter] = {}
    if not db.exists():
        return out
    schema = f"genesys_{org}"
    with duckdb.connect(str(db), read_only=True) as con:
        names = [
            r[0]
            for r in con.sql(
                "select table_name from information_schema.tables where table_schema = ? "
                "and table_name not like '_dlt%'",
                params=[schema],
            ).fetchall()
        ]
        for table in names:
            cols = [r[0] for r in con.sql(f"describe {schema}.{table}").fetchall()]
            keep = [c for c in cols if not c.startswith("_dlt_") and c not in ignore and c not in EXTRACTION_STAMPS]
            where = " where _dlt_valid_to is null" if "_dlt_valid_to" in cols else ""
            out[table] = Counter(con.sql(f"select {', '.join(keep)} from {schema}.{table}{where}").fetchall())
    return out


@dataclass
class Difference:
    lost: int = 0
    duplicates: int = 0
    examples: list = field(default_factory=list)


def compare(clean: dict[str, Counter], got: dict[str, Counter]) -> Difference:
    diff = Difference()
    for table in set(clean) | set(got):
        want, have = clean.get(table, Counter()), got.get(table, Counter())
        lost, extra = want - have, have - want
        diff.lost += sum(lost.values())
        diff.duplicates += sum(extra.values())
        diff.examples += [(table, "lost", row) for row in list(lost)[:2]] + [
            (table, "extra", row) for row in list(extra)[:2]
        ]
    return diff


def secrets_found(secrets: list[str], places: list[str | Path], text: str = "") -> list[str]:
    """Where any credential (``Sim.secrets()``: client secrets, Basic headers, bearer tokens, download
    signatures) appears: in ``text`` (captured logs), files under ``places``, or any value of the DuckDB
    warehouses among them."""
    secrets = {s for s in secrets if len(s) >= 8}
    found = [f"log: {s[:4]}..." for s in secrets if s in text]
    for place in map(Path, places):
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()] if place.exists() else []
        for path in files:
            if path.suffix in (".wal", ".lock"):
                continue
            data = path.read_bytes()
            found += [f"{path}: {s[:4]}..." for s in secrets if s.encode() in data]
            if path.suffix == ".duckdb":
                values = _warehouse_text(path)
                found += [f"{path} (table values): {s[:4]}..." for s in secrets if s in values]
    return found


def _warehouse_text(db: Path) -> str:
    """Every value of every table of a DuckDB file, as text (one scan, then searched in Python)."""
    parts = []
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.sql("select table_schema, table_name from information_schema.tables").fetchall()
        for schema, table in tables:
            parts += [row[0] for row in con.sql(f'select cast(t as varchar) from "{schema}"."{table}" t').fetchall()]
    return "\n".join(parts)


@dataclass
class Cell:
    cell: str
    injected: str
    outcome: str
    rows_lost: int
    duplicates: int
    test: str = ""


def record(cell: Cell) -> None:
    target = os.environ.get("WFM_HUB_RELIABILITY_RESULTS")
    if not target:
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = json.loads(path.read_text()) if path.exists() else []
    cells = [c for c in cells if c["cell"] != cell.cell] + [asdict(cell)]
    path.write_text(json.dumps(cells, indent=2, default=str) + "\n")
