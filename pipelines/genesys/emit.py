"""Pages leave the source tagged with their table's load contract (``settings.TABLES``)."""

from __future__ import annotations

import os

import dlt

from .helpers import arrow_page
from .settings import ARROW_TABLES, TABLES

HINTS = {name: dlt.mark.make_hints(table_name=name, **hints) for name, hints in TABLES.items()}

# Arrow pages get dlt's row columns as dict pages do: _dlt_load_id (which load wrote a row: backfill
# checks and audits use it) and _dlt_id (tables first created from dict pages declare it NOT NULL).
for _setting in ("NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_ID", "NORMALIZE__PARQUET_NORMALIZER__ADD_DLT_LOAD_ID"):
    os.environ.setdefault(_setting, "true")


def emit(table: str, rows: list[dict]):
    """Route a page to one of the tables a resource writes, with that table's load contract."""
    arrow = isinstance(rows, list) and rows and table in ARROW_TABLES
    page = arrow_page(table, rows, TABLES[table]["columns"]) if arrow else rows
    return dlt.mark.with_hints(page, HINTS[table], create_table_variant=True)
