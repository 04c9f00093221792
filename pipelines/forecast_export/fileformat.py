"""The two files a forecast export writes, and reading the CSV back.

* ``.csv``: the Genesys Cloud WFM short-term forecast import format as a planner uploads it ("Import
  Forecast" creation method): UTF-8, a header row, one row per 15-minute interval and planning group,
  interval starts in UTC as ISO 8601 (``YYYY-MM-DDThh:mm:ss.sssZ``, on :00/:15/:30/:45), planning groups
  by name (names are what match across orgs; ids are org-specific).
* ``.json.gz``: the API import body, ``BuImportShortTermForecastSchema`` gzipped (``description,
  weekCount, canUseForScheduling, planningGroups[{planningGroupId, offeredPerInterval[],
  averageHandleTimeSecondsPerInterval[]}]``), arrays of ``672 * weekCount`` 15-minute values from the
  target business unit's week start (its local midnight, in UTC) with the target's planning-group ids.

Numbers are written exactly (the shortest text that reads back as the same double, never in
exponent notation), so an export read back gives the warehouse's values bit for bit.
"""

from __future__ import annotations

import csv
import gzip
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import orjson

from ..config import ConfigError
from ..csvfile import write_csv as write_rows

CSV_COLUMNS = ("Interval Start UTC Date", "Planning Group", "Offered", "Average Handle Time (Seconds)")
INTERVAL = timedelta(minutes=15)
INTERVALS_PER_WEEK = 672


class ExportError(ConfigError):
    """An export cannot be made; the message names what is missing and how to get it."""


@dataclass(frozen=True)
class Interval:
    start: datetime  # UTC
    planning_group: str  # name
    offered: float
    average_handle_time_seconds: float


def utc_text(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_utc(text: str, where: str) -> datetime:
    if not text.endswith("Z"):
        raise ExportError(f"{where}: {text!r} is not a UTC date-time ending in Z (YYYY-MM-DDThh:mm:ss.sssZ)")
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        raise ExportError(f"{where}: {text!r} is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss.sssZ)") from None
    if moment.minute % 15 or moment.second or moment.microsecond:
        raise ExportError(f"{where}: {text} is not on the 15-minute grid (:00, :15, :30, :45 with zero seconds)")
    return moment


def number_text(value: float) -> str:
    """Exact and plain: ``float(number_text(x)) == x``, never ``1e-05``."""
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


def write_csv(path: Path, intervals: list[Interval]) -> list[dict]:
    """Write the import CSV; returns the cells a spreadsheet would run as formulas (``csvfile.write_csv``)."""
    rows = (
        [utc_text(r.start), r.planning_group, number_text(r.offered), number_text(r.average_handle_time_seconds)]
        for r in intervals
    )
    return write_rows(path, CSV_COLUMNS, rows)


def _value(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ExportError(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise ExportError(f"{where}: {text!r} must be a non-negative number")
    return value


def read_csv(path: Path) -> list[Interval]:
    """The rows of an export (or of a planner's edited copy), checked against the format."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if not rows or tuple(rows[0]) != CSV_COLUMNS:
        raise ExportError(f"{path}: the header must be {', '.join(CSV_COLUMNS)}; got {rows[0] if rows else 'nothing'}")
    found = []
    for n, row in enumerate(rows[1:], start=2):
        where = f"{path}:{n}"
        if len(row) != len(CSV_COLUMNS):
            raise ExportError(f"{where}: expected {len(CSV_COLUMNS)} columns, got {len(row)}")
        found.append(
            Interval(
                parse_utc(row[0], where),
                row[1],
                _value(row[2], f"{where} Offered"),
                _value(row[3], f"{where} Average Handle Time (Seconds)"),
            )
        )
    return found


def build_payload(
    intervals: list[Interval],
    reference_start: datetime,
    planning_group_ids: dict[str, str],
    description: str,
    week_count: int = 1,
) -> dict:
    """The API import body: every planning group's values on the week grid from ``reference_start``.

    Each planning group needs exactly one value per 15-minute interval of the ``week_count`` weeks.
    """
    size = INTERVALS_PER_WEEK * week_count
    arrays: dict[str, list] = {}
    for row in intervals:
        if row.planning_group not in planning_group_ids:
            raise ExportError(
                f"planning group {row.planning_group!r} is not in the target business unit; "
                f"it has {sorted(planning_group_ids)}"
            )
        offset = (row.start - reference_start) / INTERVAL
        if offset != int(offset) or not 0 <= offset < size:
            raise ExportError(
                f"interval {utc_text(row.start)} ({row.planning_group}) is outside the week starting "
                f"{utc_text(reference_start)} ({size} intervals of 15 minutes)"
            )
        values = arrays.setdefault(row.planning_group, [None] * size)
        if values[int(offset)] is not None:
            raise ExportError(f"interval {utc_text(row.start)} appears twice for planning group {row.planning_group!r}")
        values[int(offset)] = (row.offered, row.average_handle_time_seconds)
    groups = []
    for name, values in arrays.items():
        missing = [i for i, v in enumerate(values) if v is None]
        if missing:
            raise ExportError(
                f"planning group {name!r} lacks {len(missing)} of {size} intervals, the first at "
                f"{utc_text(reference_start + missing[0] * INTERVAL)}"
            )
        groups.append(
            {
                "planningGroupId": planning_group_ids[name],
                "offeredPerInterval": [v[0] for v in values],
                "averageHandleTimeSecondsPerInterval": [v[1] for v in values],
            }
        )
    return {"description": description, "weekCount": week_count, "canUseForScheduling": True, "planningGroups": groups}


def write_payload(path: Path, payload: dict) -> int:
    """Write the gzipped JSON body; returns its size (the upload URL's ``contentLengthBytes``)."""
    data = gzip.compress(orjson.dumps(payload), mtime=0)
    path.write_bytes(data)
    return len(data)
