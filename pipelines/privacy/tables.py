"""Erase one person's values from every table of the warehouse, in place.

Every text column of every stored table (raw datasets and dlt's ``_staging`` copies, scd2 history,
intermediate tables, marts, seeds, ops tables) is searched, case-insensitively, for the person's
values. A cell equal to one becomes its pseudonym (user ids, employee ids, canonical agent ids) or
NULL (names, emails); a longer text containing one (notes, error messages, warnings) has it replaced
by the pseudonym or ``[erased]``. Values shorter than ``MIN_SUBSTRING`` characters are only replaced
as whole cells, so a short name never rewrites unrelated text.

Marts are erased in place rather than rebuilt: the warehouse is clean the moment the command ends,
and the next dbt build (the nightly) recomputes them from the pseudonymized raw tables and agrees
(one anonymous canonical agent for the person's accounts, since they share the employee-id token).

On DuckDB an UPDATE leaves the old values in freed blocks of the file, so the file is rewritten
(``COPY FROM DATABASE`` into a fresh file that replaces it). On Postgres run ``VACUUM FULL``; cloud
warehouses keep old versions for their time-travel window (BigQuery up to 7 days, Snowflake Time Travel
and Fail-safe): see docs/privacy.md.
"""

from __future__ import annotations

import json
import os
import re

import duckdb
from dlt.common.versioned_state import compress_state, decompress_state

from ..sqlrun import base_tables, columns, ident, literal, rows
from ..warehouse import destination_name, warehouse_path

MIN_SUBSTRING = 6
ERASED = "[erased]"
TEXT_TYPES = ("varchar", "text", "character varying", "string")


def _text_columns(client, schema: str, table: str) -> list[str]:
    return [c for c, kind in columns(client, schema, table).items() if kind.split("(")[0] in TEXT_TYPES]


def _condition(column: str, needles: list[str]) -> str:
    col = f"lower({ident(column)})"
    whole = [n for n in needles if len(n) < MIN_SUBSTRING]
    parts = [
        f"{col} like {literal('%' + _like_escape(n) + '%')} escape '!'" for n in needles if len(n) >= MIN_SUBSTRING
    ]
    if whole:
        parts.append(f"{col} in ({', '.join(literal(n) for n in whole)})")
    return " or ".join(parts)


def _like_escape(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _new_value(column: str, replacements: dict[str, str | None]) -> str:
    """The SQL expression a matching cell becomes: whole-cell matches first, then substrings
    (longest needle first, so an email is replaced before a name inside it)."""
    col = ident(column)
    whens = " ".join(f"when {literal(n)} then {literal(r)}" for n, r in replacements.items())
    text = col
    for needle in sorted((n for n in replacements if len(n) >= MIN_SUBSTRING), key=len, reverse=True):
        text = f"regexp_replace({text}, {literal(re.escape(needle))}, {literal(replacements[needle] or ERASED)}, 'gi')"
    return f"case lower({col}) {whens} else {text} end"


STATE_TABLE = "_dlt_pipeline_state"  # dlt's pipeline state, stored compressed: searched decompressed


def _states(client, needles: list[str]):
    """(schema, _dlt_id, state as JSON text) of every stored dlt state row that holds a needle."""
    for schema, table in base_tables(client):
        if table != STATE_TABLE:
            continue
        for dlt_id, packed in rows(client, f"select _dlt_id, state from {ident(schema, table)}"):
            text = json.dumps(decompress_state(packed))
            if any(n in text.lower() for n in needles):
                yield schema, dlt_id, text


def replace_text(text: str, replacements: dict[str, str | None]) -> str:
    """Every needle in free text, longest first, case-insensitively: its pseudonym or ``[erased]``."""
    for needle in sorted(replacements, key=len, reverse=True):
        text = re.sub(re.escape(needle), replacements[needle] or ERASED, text, flags=re.IGNORECASE)
    return text


def _table_conditions(client):
    """(schema, table, text columns) of every stored table with text columns."""
    for schema, table in base_tables(client):
        cols = _text_columns(client, schema, table)
        if cols:
            yield schema, table, cols


def table_matches(client, needles: list[str]) -> dict[str, int]:
    """``schema.table`` -> rows holding any needle (lower-cased values), for every stored table."""
    found: dict[str, int] = {}
    for schema, _dlt_id, _text in _states(client, needles):
        found[f"{schema}.{STATE_TABLE}"] = found.get(f"{schema}.{STATE_TABLE}", 0) + 1
    for schema, table, cols in _table_conditions(client):
        cond = " or ".join(f"({_condition(c, needles)})" for c in cols)
        (count,) = rows(client, f"select count(*) from {ident(schema, table)} where {cond}")[0]
        if count:
            found[f"{schema}.{table}"] = found.get(f"{schema}.{table}", 0) + int(count)
    return found


def erase_tables(client, replacements: dict[str, str | None]) -> dict[str, int]:
    """Rewrite every matching cell (and every stored dlt state); returns ``schema.table`` -> rows changed."""
    needles = list(replacements)
    changed = {}
    for schema, dlt_id, text in list(_states(client, needles)):
        packed = compress_state(json.loads(replace_text(text, replacements)))
        client.execute_sql(
            f"update {ident(schema, STATE_TABLE)} set state = {literal(packed)} where _dlt_id = {literal(dlt_id)}"
        )
        changed[f"{schema}.{STATE_TABLE}"] = changed.get(f"{schema}.{STATE_TABLE}", 0) + 1
    for schema, table, cols in _table_conditions(client):
        cond = " or ".join(f"({_condition(c, needles)})" for c in cols)
        (count,) = rows(client, f"select count(*) from {ident(schema, table)} where {cond}")[0]
        if not count:
            continue
        sets = ", ".join(
            f"{ident(c)} = case when {_condition(c, needles)} then {_new_value(c, replacements)} else {ident(c)} end"
            for c in cols
        )
        client.execute_sql(f"update {ident(schema, table)} set {sets} where {cond}")
        changed[f"{schema}.{table}"] = int(count)
    return changed


def compact_duckdb() -> bool:
    """Rewrite the DuckDB file so no freed block keeps an erased value; False for other destinations.

    Call with the warehouse writer lock held and no connection open."""
    if destination_name() != "duckdb":
        return False
    path = warehouse_path()
    fresh = path.with_name(path.name + ".compact")
    fresh.unlink(missing_ok=True)
    with duckdb.connect() as con:
        con.execute(f"attach {literal(str(path))} as src (read_only)")
        con.execute(f"attach {literal(str(fresh))} as dst")
        con.execute("copy from database src to dst")
        con.execute("detach dst")
        con.execute("detach src")
    os.replace(fresh, path)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    return True
