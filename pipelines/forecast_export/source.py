"""Read business units, planning groups and forecast intervals of one org from the warehouse.

DuckDB (the default) is opened read-only, so an export never takes the writer's place; any other
destination is read through dlt's SQL client for the org's pipeline, the way it was loaded.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ..warehouse import dataset_name, destination, destination_name, pipeline_name, pipelines_dir, warehouse_path
from .fileformat import ExportError


@dataclass(frozen=True)
class Unit:
    """A business unit as the warehouse knows it."""

    org: str
    id: str
    name: str
    time_zone: str
    start_day_of_week: str
    planning_groups: dict = field(default_factory=dict, compare=False)  # name -> id

    @property
    def label(self) -> str:
        return f"{self.org} / {self.name}"


@dataclass(frozen=True)
class StoredInterval:
    forecast_id: str
    week_date: date
    date_modified: datetime | None
    planning_group_id: str
    start: datetime  # UTC
    offered: float
    average_handle_time_seconds: float


def _literal(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _utc(moment):
    if moment is None or not isinstance(moment, datetime):
        return moment
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Warehouse:
    """Queries over the org datasets ``genesys_{org}`` (one connection per query)."""

    @contextmanager
    def _cursor(self, org: str):
        if destination_name() == "duckdb":
            import duckdb

            path = warehouse_path()
            if not path.exists():
                raise ExportError(
                    f"the warehouse {path} does not exist: load forecasts first "
                    f"(wfm-hub run --resources business_units,planning_groups,forecasts)"
                )
            with duckdb.connect(str(path), read_only=True) as con:
                yield lambda sql: con.sql(sql).fetchall(), lambda t: f"{dataset_name(org)}.{t}"
        else:
            import dlt

            pipeline = dlt.pipeline(
                pipeline_name=pipeline_name(org),
                destination=destination(),
                dataset_name=dataset_name(org),
                pipelines_dir=str(pipelines_dir()),
            )
            with pipeline.sql_client() as client:
                yield lambda sql: client.execute_sql(sql) or [], client.make_qualified_table_name

    def _query(self, org: str, sql: str, tables: tuple[str, ...]) -> list[tuple]:
        """Rows of ``sql`` with ``{table}`` placeholders qualified; no rows if the org was never loaded."""
        import duckdb
        from dlt.destinations.exceptions import DatabaseUndefinedRelation

        try:
            with self._cursor(org) as (run, table):
                return run(sql.format(**{t: table(t) for t in tables}))
        except (duckdb.CatalogException, DatabaseUndefinedRelation):
            return []

    def units(self, org: str) -> list[Unit]:
        units = self._query(
            org,
            "select business_unit_id, name, time_zone, start_day_of_week from {business_units} order by name",
            ("business_units",),
        )
        groups = self._query(
            org,
            "select business_unit_id, name, planning_group_id from {planning_groups} order by name",
            ("planning_groups",),
        )
        return [
            Unit(org, bu_id, name, tz, start, {g[1]: g[2] for g in groups if g[0] == bu_id})
            for bu_id, name, tz, start in units
        ]

    def forecast_weeks(self, unit: Unit) -> list[date]:
        rows = self._query(
            unit.org,
            "select distinct week_date from {forecast_intervals} where business_unit_id = "
            f"{_literal(unit.id)} order by 1",
            ("forecast_intervals",),
        )
        return [r[0] for r in rows]

    def intervals(self, unit: Unit, first_week: date, last_week: date) -> list[StoredInterval]:
        """Every stored interval of the unit's forecasts for weeks ``first_week..last_week`` that lies inside its
        week (an 8th day's intervals, ``is_in_week`` false, are the next week's forecast's to give)."""
        sql = (
            "select i.forecast_id, i.week_date, f.date_modified, i.planning_group_id, i.interval_start, i.offered, "
            "i.average_handle_time_seconds from {forecast_intervals} i left join {forecasts} f "
            "on f.org_id = i.org_id and f.forecast_id = i.forecast_id "
            f"where i.business_unit_id = {_literal(unit.id)} and i.week_date between "
            f"cast({_literal(first_week)} as date) and cast({_literal(last_week)} as date) "
            "and coalesce(i.is_in_week, true)"
        )
        rows = self._query(unit.org, sql, ("forecast_intervals", "forecasts"))
        return [StoredInterval(r[0], r[1], _utc(r[2]), r[3], _utc(r[4]), r[5], r[6]) for r in rows]
