"""Forecast export from the warehouse in the Genesys Cloud WFM import format (the fallback when no API
import is possible): per business unit and planning group, one week, a CSV and the API import body.

``export_forecasts(week, ...)`` selects business units (every org, one org, one unit), takes for each
the week that contains ``week`` in the *target* unit's calendar (its time zone and start day; the
target is the source unless ``target_org``/``target_business_unit`` move the forecast to another org),
fills that week's 672 15-minute UTC intervals from the source's stored forecast intervals at the same
instants (the latest forecast of each source week), and writes ``forecast_{org}_{name}_{unit id}_{week}.csv``
and ``.json.gz`` plus ``export_{week}.json`` (what was written, with the ids an API import needs). The
business-unit id makes every file name unique: names alone can reduce to the same text. Units and
planning groups are matched by ``pipelines.names.name_key``. Files: ``fileformat``. Missing or
ambiguous input fails with an ``ExportError`` naming it, before any file is written: an unknown org,
business unit or planning group, a name that matches two, a week without a forecast, a planning group
the target business unit lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson

from ..config import ROOT, HubConfig, load_config
from ..names import name_key
from .fileformat import (
    CSV_COLUMNS,
    INTERVAL,
    INTERVALS_PER_WEEK,
    ExportError,
    Interval,
    build_payload,
    read_csv,
    utc_text,
    write_csv,
    write_payload,
)
from .source import StoredInterval, Unit, Warehouse

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_OUT",
    "ExportError",
    "ExportedFile",
    "Interval",
    "build_payload",
    "export_forecasts",
    "read_csv",
    "utc_text",
    "week_reference_start",
]

DEFAULT_OUT = ROOT / "data" / "exports"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class ExportedFile:
    source: Unit
    target: Unit
    week: date  # the target unit's week start
    reference_start: datetime  # UTC instant of its first interval
    planning_groups: list[str]
    forecast_ids: list[str]  # the source forecasts the values come from
    csv_path: Path
    payload_path: Path
    payload_bytes: int
    intervals: list[Interval] = field(repr=False, default_factory=list)
    formula_cells: list[dict] = field(default_factory=list)  # csvfile.write_csv: names a spreadsheet would run

    def manifest(self) -> dict:
        return {
            "source": {
                "org": self.source.org,
                "businessUnitId": self.source.id,
                "businessUnit": self.source.name,
                "forecastIds": self.forecast_ids,
            },
            "target": {
                "org": self.target.org,
                "businessUnitId": self.target.id,
                "businessUnit": self.target.name,
                "timeZone": self.target.time_zone,
                "weekDate": self.week.isoformat(),
                "referenceStartDate": utc_text(self.reference_start),
                "planningGroups": {n: self.target.planning_groups[n] for n in self.planning_groups},
            },
            "csv": self.csv_path.name,
            "payload": self.payload_path.name,
            "contentLengthBytes": self.payload_bytes,
            "rows": len(self.intervals),
            "formulaLikeCells": self.formula_cells,
        }


def week_start(day: date, start_day_of_week: str) -> date:
    return day - timedelta(days=(day.weekday() - WEEKDAYS.index(start_day_of_week)) % 7)


def week_reference_start(week: date, tz: str) -> datetime:
    """A business-unit week's first 15-minute interval: local midnight of its start day, in UTC."""
    return datetime.combine(week, time(0), ZoneInfo(tz)).astimezone(UTC)


def _file_stem(unit: Unit, week: date) -> str:
    """``forecast_<org>_<readable name>_<business-unit id>_<week>``: the id makes it unique, since two
    names can reduce to the same readable text (and a name can be empty of letters and digits)."""
    readable = "-".join(name_key(unit.name).split())[:40].strip("-") or "business-unit"
    return f"forecast_{unit.org}_{readable}_{re.sub(r'[^A-Za-z0-9-]', '-', unit.id)}_{week}"


def _pick_unit(units: list[Unit], wanted: str, where: str) -> Unit:
    found = [u for u in units if wanted == u.id] or [u for u in units if name_key(wanted) == name_key(u.name)]
    if len(found) > 1:
        raise ExportError(
            f"{where}: business unit {wanted!r} matches {[f'{u.label} ({u.id})' for u in found]} "
            f"(names compared by pipelines.names.name_key); give the business unit's id"
        )
    if not found:
        raise ExportError(
            f"{where}: business unit {wanted!r} is not in the warehouse; business units there: "
            f"{[u.label for u in units] or 'none (load business_units first)'}"
        )
    return found[0]


def _units(reader: Warehouse, org_keys: list[str]) -> list[Unit]:
    found = []
    for key in org_keys:
        units = reader.units(key)
        if not units:
            raise ExportError(
                f"org {key} has no business units in the warehouse: load it with wfm-hub "
                f"run --orgs {key} --resources business_units,planning_groups,forecasts"
            )
        found += units
    return found


def _by_key(unit: Unit) -> dict[str, list[str]]:
    keyed: dict[str, list[str]] = {}
    for name in unit.planning_groups:
        keyed.setdefault(name_key(name), []).append(name)
    return keyed


def _planning_groups(source: Unit, target: Unit, wanted: list[str] | None) -> list[tuple[str, str]]:
    """(source name, target name) of each planning group to export, matched by ``name_key``; the files
    carry the target's exact name, which its import matches."""
    names = list(source.planning_groups)
    keyed = _by_key(source)
    if wanted:
        unknown = [w for w in wanted if name_key(w) not in keyed]
        if unknown:
            raise ExportError(f"planning group(s) {unknown} not in {source.label}; it has {names}")
        names = [n for w in wanted for n in keyed[name_key(w)]]
    if not names:
        raise ExportError(f"{source.label} has no planning groups in the warehouse (load planning_groups)")
    chosen = {name_key(n) for n in names}
    clash = [
        f"{unit.label}: {same}"
        for unit in ((source,) if target is source else (source, target))
        for key, same in _by_key(unit).items()
        if key in chosen and len(same) > 1
    ]
    if clash:
        raise ExportError(
            f"planning groups whose names match each other (compared by pipelines.names.name_key), which "
            f"the import could not tell apart: {'; '.join(clash)}; rename one of each"
        )
    in_target = {k: v[0] for k, v in _by_key(target).items()}
    missing = [n for n in names if name_key(n) not in in_target]
    if missing:
        raise ExportError(
            f"planning group(s) {missing} missing in the target org {target.org}, business unit "
            f"{target.name!r}; it has {sorted(target.planning_groups)}. Create them there or export "
            f"only the others with --planning-groups"
        )
    return [(n, in_target[name_key(n)]) for n in names]


def _rank(row: StoredInterval) -> tuple:
    return (row.date_modified or datetime.min.replace(tzinfo=UTC), row.forecast_id)


def _fill(reader: Warehouse, source: Unit, target: Unit, week: date, names: list[tuple[str, str]]):
    """The target week's intervals from the source's stored forecasts at the same UTC instants, under the
    target's planning-group names (``names``: (source name, target name) pairs)."""
    start = week_reference_start(week, target.time_zone)
    end = start + INTERVALS_PER_WEEK * INTERVAL
    first = week_start((start - timedelta(days=1)).date(), source.start_day_of_week)
    stored = [s for s in reader.intervals(source, first, end.date() + timedelta(days=1)) if start <= s.start < end]
    best: dict[tuple[str, datetime], StoredInterval] = {}
    for row in stored:  # the latest forecast of a week wins (a re-forecast or an import replaces older ones)
        key = (row.planning_group_id, row.start)
        if key not in best or _rank(row) > _rank(best[key]):
            best[key] = row
    if not best:
        weeks = reader.forecast_weeks(source)
        loaded = f"weeks loaded: {weeks[0]} to {weeks[-1]}" if weeks else "no forecasts loaded"
        raise ExportError(
            f"{source.label} has no forecast in the warehouse for the week of {week} "
            f"({utc_text(start)} to {utc_text(end)}; {loaded}); load it with wfm-hub run "
            f"--orgs {source.org} --resources forecasts --start {week} --end {week + timedelta(days=7)}"
        )
    rows = []
    for name, target_name in names:
        pg_id = source.planning_groups[name]
        for i in range(INTERVALS_PER_WEEK):
            moment = start + i * INTERVAL
            found = best.get((pg_id, moment))
            if found is None:
                raise ExportError(
                    f"{source.label} has no forecast value for planning group {name!r} at "
                    f"{utc_text(moment)} (week of {week} in {target.label}'s calendar)"
                )
            rows.append(Interval(moment, target_name, found.offered, found.average_handle_time_seconds))
    return start, rows, sorted({r.forecast_id for r in best.values()})


def export_forecasts(
    week: date,
    *,
    orgs: list[str] | None = None,
    business_unit: str | None = None,
    planning_groups: list[str] | None = None,
    target_org: str | None = None,
    target_business_unit: str | None = None,
    out_dir: Path | str = DEFAULT_OUT,
    config: HubConfig | None = None,
    reader: Warehouse | None = None,
) -> list[ExportedFile]:
    config = config or load_config()
    reader = reader or Warehouse()
    keys = orgs or [o.key for o in config.orgs]
    for key in keys + ([target_org] if target_org else []):
        if key not in [o.key for o in config.orgs]:
            raise ExportError(f"org {key!r} is not configured; configured orgs: {[o.key for o in config.orgs]}")
    units = _units(reader, keys)
    if business_unit:
        units = [_pick_unit(units, business_unit, "--business-unit")]
    target = None
    if target_org or target_business_unit:
        if len(units) != 1:
            raise ExportError("a target business unit takes one source business unit: choose it with --business-unit")
        target_units = _units(reader, [target_org or units[0].org])
        if not target_business_unit and len(target_units) > 1:
            raise ExportError(
                f"--target-business-unit is needed: org {target_org} has {[u.name for u in target_units]}"
            )
        target = _pick_unit(target_units, target_business_unit or target_units[0].name, "--target-business-unit")
    out = Path(out_dir)
    prepared = []  # every unit is checked and filled before any file is written
    for source in units:
        goal = target or source
        target_week = week_start(week, goal.start_day_of_week)
        names = _planning_groups(source, goal, planning_groups)
        start, rows, forecast_ids = _fill(reader, source, goal, target_week, names)
        description = f"wfm-hub export of {source.label} for {goal.label}, week of {target_week}"
        prepared.append(
            (
                source,
                goal,
                target_week,
                names,
                start,
                rows,
                forecast_ids,
                build_payload(rows, start, goal.planning_groups, description),
            )
        )
    stems = [_file_stem(goal, target_week) for _, goal, target_week, *_ in prepared]
    twice = sorted({stem for stem in stems if stems.count(stem) > 1})
    if twice:
        raise ExportError(f"two business units would write the same files {twice}; export them one at a time")
    out.mkdir(parents=True, exist_ok=True)
    exported = []
    for stem, (source, goal, target_week, names, start, rows, forecast_ids, payload) in zip(
        stems, prepared, strict=True
    ):
        csv_path, payload_path = out / f"{stem}.csv", out / f"{stem}.json.gz"
        cells = write_csv(csv_path, rows)
        size = write_payload(payload_path, payload)
        groups = [target_name for _, target_name in names]
        exported.append(
            ExportedFile(
                source, goal, target_week, start, groups, forecast_ids, csv_path, payload_path, size, rows, cells
            )
        )
    _write_manifest(out / f"export_{week}.json", [e.manifest() for e in exported])
    return exported


def _write_manifest(path: Path, entries: list[dict]) -> None:
    """What was written for a week, with the ids an API import needs: this run's files, plus the entries
    of earlier runs into the same folder for other files still there (an export of one org keeps
    another's)."""
    written = {e["csv"] for e in entries}
    earlier = orjson.loads(path.read_bytes()) if path.exists() else []
    kept = [
        e
        for e in earlier
        if isinstance(e, dict) and e.get("csv") not in written and (path.parent / str(e.get("csv"))).is_file()
    ]
    path.write_bytes(orjson.dumps(kept + entries, option=orjson.OPT_INDENT_2))
