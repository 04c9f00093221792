"""Read the marts: DuckDB (the default, read-only) or Postgres, chosen like dbt's profile is."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from pipelines.environment import environment

ROOT = Path(__file__).resolve().parents[1]


def default_warehouse() -> Path:
    """WFM_HUB_WAREHOUSE (relative paths from the repo root, as `make` runs), else data/wfm_hub.duckdb."""
    return environment().warehouse


@contextmanager
def connect(warehouse: Path | None = None, target: str | None = None):
    """Yield ``query(sql) -> list[dict]`` against the marts of the dbt target in use."""
    settings = environment()
    target = target or settings.dbt_target
    if target == "postgres":
        import psycopg2
        import psycopg2.extras

        con = psycopg2.connect(**settings.postgres)
        try:

            def query(sql: str) -> list[dict]:
                with con.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                    cur.execute(sql)
                    return [dict(r) for r in cur.fetchall()]

            yield query
        finally:
            con.close()
        return
    if target != "duckdb":
        raise ValueError(f"the report reads DuckDB or Postgres marts, not {target!r}")
    import duckdb

    path = warehouse or default_warehouse()
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `make demo` (or set WFM_HUB_WAREHOUSE)")
    with duckdb.connect(str(path), read_only=True) as con:

        def query(sql: str) -> list[dict]:
            result = con.execute(sql)
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=False)) for row in result.fetchall()]

        yield query
