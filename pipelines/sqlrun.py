"""SQL against the configured warehouse through dlt's SQL client, for the ops code that reads or edits
tables after they were loaded (alerts, erasure, retention).

dlt's client speaks each destination's dialect and driver; the statements built here stay within SQL
every supported warehouse shares (``information_schema``, ``lower``, ``like``, ``case``). Values are
inlined as escaped literals (``literal``), never formatted raw, because the drivers' parameter styles
differ (``?`` for DuckDB, ``%s`` for Postgres). dlt's relation API (``dlt.dataset``) is not used: with
the pinned sqlglot it fails to infer column schemas.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime

import dlt

from .warehouse import destination, pipelines_dir

SYSTEM_SCHEMAS = ("information_schema", "pg_catalog", "pg_toast")


@contextmanager
def warehouse_sql(purpose: str):
    """A dlt SQL client on the warehouse: ``client.execute_sql(sql) -> list[tuple] | None``.

    ``purpose`` names the ops pipeline whose working directory holds nothing but its name
    (``wfm_hub_ops_<purpose>``); no data is loaded through it."""
    pipeline = dlt.pipeline(
        pipeline_name=f"wfm_hub_ops_{purpose}",
        destination=destination(),
        dataset_name="wfm_hub_ops",
        pipelines_dir=str(pipelines_dir()),
    )
    with pipeline.sql_client() as client:
        yield client


def literal(value) -> str:
    """A SQL literal: NULL, a number, a boolean, or a quoted string with quotes doubled."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (date, datetime)):
        value = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return "'" + str(value).replace("'", "''") + "'"


def ident(*parts: str) -> str:
    """A quoted, dotted identifier: ``ident("marts", "dim_agent") == '"marts"."dim_agent"'``."""
    return ".".join('"' + p.replace('"', '""') + '"' for p in parts)


def rows(client, sql: str) -> list[tuple]:
    return list(client.execute_sql(sql) or [])


def columns(client, schema: str, table: str) -> dict[str, str]:
    """column name -> lower-cased data type, in table order; empty when the table does not exist."""
    found = rows(
        client,
        "select column_name, data_type from information_schema.columns "
        f"where table_schema = {literal(schema)} and table_name = {literal(table)} order by ordinal_position",
    )
    return {name: str(kind).lower() for name, kind in found}


def base_tables(client) -> list[tuple[str, str]]:
    """Every (schema, table) that stores rows (views excluded), system schemas left out."""
    excluded = ", ".join(literal(s) for s in SYSTEM_SCHEMAS)
    return [
        (schema, table)
        for schema, table in rows(
            client,
            "select table_schema, table_name from information_schema.tables "
            f"where table_type = 'BASE TABLE' and table_schema not in ({excluded}) order by 1, 2",
        )
    ]
