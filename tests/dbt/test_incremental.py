"""The large facts are rebuilt over the orchestrator's window (macros/incremental_window.sql), and an incremental
run leaves the marts exactly as a full build from the same raw data would.

tiny is loaded by the pipeline and built by dbt (tests/dbt/conftest.py), copied, and its raw rows edited inside one
UTC day (a changed, a deleted and a new row of volume, presence, adherence days and schedules): the copy's
incremental run with that day's window equals a second copy's full run, table for table. Then raw rows outside the
window change too: the incremental run leaves them (the window's semantics: the nightly's window covers what it
extracted), while the staging view a full build reads holds the change.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import date, timedelta

import duckdb
import pytest

from tests.dbtrun import run_dbt
from tests.warehouse import query, tables

DAY = date(2026, 11, 16)  # a Monday in tiny's two weeks: its schedule weeks are the first and second
WINDOW = {"window_start": DAY.isoformat(), "window_end": (DAY + timedelta(days=1)).isoformat()}
OUTSIDE = DAY - timedelta(days=5)  # beyond the volume window (a day either side) and before DAY's schedule weeks
INCREMENTAL = ("fct_interaction_volume", "fct_user_presence_interval", "fct_schedule_activity")


def _env(db) -> dict:
    return {"WFM_HUB_ORG_KEYS": "emea,apac", "WFM_HUB_WAREHOUSE": str(db)}


def _run(workdir, db, window: dict | None = None):
    args = ["run", *(["--vars", json.dumps(window)] if window else [])]
    return run_dbt(args, workdir, _env(db)).stdout


def _change_and_delete(con, table: str, where: str, change: str) -> str:
    """Apply ``change`` (a SET clause) to the first of ``table``'s rows matching ``where`` and delete the second;
    returns the changed row's _dlt_id."""
    changed, gone = [r[0] for r in con.sql(f"select _dlt_id from {table} where {where} order by 1 limit 2").fetchall()]
    con.execute(f"update {table} set {change} where _dlt_id = ?", [changed])
    con.execute(f"delete from {table} where _dlt_id = ?", [gone])
    return changed


def _edit_inside(con) -> dict:
    """A changed, a deleted and a new raw row of each windowed family on DAY, in emea."""
    volume = "genesys_emea.interaction_volume"
    on_day = f"cast(timezone('UTC', interval_start) as date) = '{DAY}'"
    changed = _change_and_delete(con, volume, on_day, "offered = offered + 7")
    con.execute(
        f"insert into {volume} select * replace (interval_start + interval 5 minute as interval_start, "
        f"'new-row' as _dlt_id) from {volume} where _dlt_id = (select min(_dlt_id) from {volume} where {on_day})"
    )
    _change_and_delete(con, "genesys_emea.user_presence", on_day, "milliseconds = milliseconds + 60000")
    _change_and_delete(
        con,
        "genesys_emea.adherence_day_metrics",
        f"business_date = '{DAY}'",
        "exception_duration_seconds = exception_duration_seconds + 600",
    )
    _change_and_delete(
        con,
        "genesys_emea.schedule_activities",
        f"_dlt_valid_to is null and week_date = '{DAY}'",
        "length_minutes = length_minutes + 15",
    )
    return {"volume": changed}


def _same(got: list[tuple], want: list[tuple]) -> bool:
    """Equal rows, floats to 1e-9 relative or 1e-12 absolute (a sum's last bit depends on the order DuckDB adds in;
    a difference of two such sums is 0 on one side and 1e-17 on the other)."""

    def key(row):
        return repr(tuple(v for v in row if not isinstance(v, float)))

    got, want = sorted(got, key=key), sorted(want, key=key)
    return len(got) == len(want) and all(
        len(g) == len(w)
        and all(
            math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) if isinstance(a, float) else a == b
            for a, b in zip(g, w, strict=True)
        )
        for g, w in zip(got, want, strict=True)
    )


def _difference(got: list[tuple], want: list[tuple]) -> dict:
    """The rows only one side holds (for a failure's message)."""
    return {"incremental only": sorted(set(got) - set(want))[:5], "full only": sorted(set(want) - set(got))[:5]}


def _marts(db) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: sorted(con.sql(f"select * from marts.{t}").fetchall(), key=repr)
            for t in tables(db, "marts")
            if not t.startswith("rpt_realtime") and t != "rpt_data_freshness"
        }


@pytest.fixture(scope="module")
def copies(tiny_warehouse, tmp_path_factory):
    """(incremental copy, full copy): raw edited inside DAY; one built with DAY's window, one fully."""
    _, _, built, _ = tiny_warehouse
    dirs = [tmp_path_factory.mktemp(name) for name in ("incremental", "full")]
    dbs = [d / "wfm_hub.duckdb" for d in dirs]
    shutil.copy(built, dbs[0])
    with duckdb.connect(str(dbs[0])) as con:
        picks = _edit_inside(con)
    shutil.copy(dbs[0], dbs[1])
    incremental = _run(dirs[0], dbs[0], WINDOW)
    _run(dirs[1], dbs[1])  # the wide default window: every row
    return dirs, dbs, incremental, picks


def test_an_incremental_run_equals_a_full_build_from_the_same_raw(copies):
    _, (incremental, full), stdout, picks = copies
    assert all(f"incremental model marts.{m}" in stdout for m in INCREMENTAL), stdout[-3000:]
    got, want = _marts(incremental), _marts(full)
    assert got.keys() == want.keys() and len(got) > 30
    for table in want:
        assert _same(got[table], want[table]), (table, _difference(got[table], want[table]))
    # the edits reached the facts (the comparison above is not between two unchanged copies)
    new_rows = query(
        incremental, "select count(*) from marts.fct_interaction_volume where minute(interval_start_utc) % 15 = 5"
    )
    assert new_rows[0][0] == 1


def test_the_window_limits_the_work(copies):
    (workdir, _), (incremental, _), _, _ = copies
    on_outside = f"cast(timezone('UTC', interval_start) as date) = '{OUTSIDE}'"
    with duckdb.connect(str(incremental)) as con:
        con.execute(f"update genesys_emea.interaction_volume set offered = offered + 100 where {on_outside}")

    def offered_outside(relation: str) -> float:
        on_day = f"org_key = 'emea' and cast(interval_start_utc as date) = '{OUTSIDE}'"
        return query(incremental, f"select sum(offered) from {relation} where {on_day}")[0][0]

    was = offered_outside("marts.fct_interaction_volume")
    rows = query(incremental, f"select count(*) from genesys_emea.interaction_volume where {on_outside}")[0][0]
    # the staging view (what a full build reads) holds the change ...
    staged = offered_outside("staging.stg_genesys__interaction_volume")
    assert rows > 0 and staged == was + 100 * rows
    _run(workdir, incremental, WINDOW)
    # ... the incremental run, whose window is elsewhere, leaves the fact's rows outside it as they were
    assert offered_outside("marts.fct_interaction_volume") == was
