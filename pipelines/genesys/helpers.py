"""Pure helpers: extraction windows, date chunks, and API objects -> flat, org-qualified rows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pyarrow as pa

from ..names import name_key
from .metric_tables import QUEUE_MEDIA
from .settings import PRESENCE_ROWS_PER_QUERY, PRESENCE_ROWS_PER_USER_HOUR

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Windows:
    """Date windows [start, end) per data family, in UTC calendar dates."""

    schedules: tuple[date, date]  # schedules and forecasts
    adherence: tuple[date, date]
    volume: tuple[date, date]
    time_off: tuple[date, date]
    explicit: bool = False  # a backfill's --start/--end: re-read everything in it, changed or not

    @classmethod
    def for_run(cls, settings, today: date, first_run, start: date | None = None, end: date | None = None):
        """The run's windows. ``first_run``: True (every family backfills), False, or the families
        (``schedules``, ``adherence``, ``volume``, ``time_off``) whose resources were never loaded and so
        read ``backfill_days`` back instead of their re-read window."""
        if start is not None or end is not None:
            start = start or today - timedelta(days=settings.adherence_days_back)
            end = end or today
            return cls((start, end), (start, end), (start, end), (start, end), explicit=True)
        families = {"schedules", "adherence", "volume", "time_off"} if first_run is True else set(first_run or ())

        def back(family: str, reread: int) -> date:
            return today - timedelta(days=max(settings.backfill_days, reread) if family in families else reread)

        return cls(
            schedules=(
                back("schedules", settings.schedule_days_back),
                today + timedelta(days=settings.schedule_days_ahead),
            ),
            adherence=(back("adherence", settings.adherence_days_back), today),
            volume=(back("volume", settings.volume_days_back), today),
            time_off=(
                back("time_off", settings.schedule_days_back),
                today + timedelta(days=settings.time_off_days_ahead),
            ),
        )


# The extraction families whose windows the incremental facts rebuild (dbt_project/macros/incremental_window.sql).
WINDOWED_FAMILIES = ("schedules", "adherence", "volume")
# The nightly transform of this weekday (date.weekday(): Sunday, the quietest night) rebuilds every row: an
# incremental run follows the rows its window re-read, not a dimension's change outside it (an activity code's
# shrinkage flags, a person's time zone), so such a change reaches all of history within a week.
FULL_REBUILD_WEEKDAY = 6


def window_vars(start: date, end: date, nightly: bool, extract) -> dict:
    """dbt vars of the window [start, end) (UTC dates) the incremental facts rebuild
    (dbt_project/macros/incremental_window.sql): window_start/window_end, and for a nightly run, which follows an
    extraction with the configured re-read windows relative to ``end`` (``extract``: pipelines.config.ExtractSettings;
    Windows.for_run), <family>_window_start/_end covering them, so every row the extraction re-read is rebuilt.
    The nightly of ``FULL_REBUILD_WEEKDAY`` (by ``end``, the run's UTC date) passes none: dbt_project.yml's wide
    defaults, every row rebuilt."""
    if nightly and end.weekday() == FULL_REBUILD_WEEKDAY:
        return {}
    found = {"window_start": start.isoformat(), "window_end": end.isoformat()}
    if nightly:
        reread = Windows.for_run(extract, today=end, first_run=False)
        for family in WINDOWED_FAMILIES:
            first, last = getattr(reread, family)
            found[f"{family}_window_start"] = min(start, first).isoformat()
            found[f"{family}_window_end"] = max(end, last).isoformat()
    return found


def presence_chunk_hours(users: int) -> int:
    """Hours per user-aggregate query for an org of ``users`` (every state): the largest divisor of 24
    whose answer stays under ``PRESENCE_ROWS_PER_QUERY`` rows, at least 1."""
    fits = PRESENCE_ROWS_PER_QUERY // max(1, users * PRESENCE_ROWS_PER_USER_HOUR)
    return max((h for h in (1, 2, 3, 4, 6, 8, 12, 24) if h <= fits), default=1)


def chunks(start: date, end: date, days: int):
    """[start, end) cut into consecutive pieces of at most ``days`` days."""
    cursor = start
    while cursor < end:
        stop = min(end, cursor + timedelta(days=days))
        yield cursor, stop
        cursor = stop


def week_start(day: date, start_day_of_week: str) -> date:
    return day - timedelta(days=(day.weekday() - WEEKDAYS.index(start_day_of_week)) % 7)


def weeks_overlapping(start: date, end: date, start_day_of_week: str) -> list[date]:
    first = week_start(start, start_day_of_week)
    weeks = []
    while first < end:
        weeks.append(first)
        first += timedelta(days=7)
    return weeks


def local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(tz)).astimezone(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_ts(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


# ------------------------------------------------------------------------ rows
def user_row(org: dict, u: dict) -> dict:
    info = u.get("employerInfo") or {}
    return {
        **org,
        "user_id": u["id"],
        "name": u.get("name"),
        "email": u.get("email"),
        "state": u.get("state"),
        "employee_id": info.get("employeeId"),
        "date_hire": info.get("dateHire"),
        "title": u.get("title"),
        "department": u.get("department"),
        "division_id": (u.get("division") or {}).get("id"),
    }


def queue_row(org: dict, q: dict) -> dict:
    """A queue with its service-level goal per media (``mediaSettings.<media>.serviceLevel``: percentage
    0..1, durationMs); null where the queue has no settings for that media."""
    settings = q.get("mediaSettings") or {}
    row = {
        **org,
        "queue_id": q["id"],
        "name": q.get("name"),
        "name_key": name_key(q.get("name")),
        "media_types": ",".join(sorted(settings)),
        "date_created": q.get("dateCreated"),
        "date_modified": q.get("dateModified"),
    }
    for media in QUEUE_MEDIA:
        goal = (settings.get(media) or {}).get("serviceLevel") or {}
        row[f"{media}_service_level_percentage"] = goal.get("percentage")
        row[f"{media}_service_level_duration_ms"] = goal.get("durationMs")
    return row


def activity_code_row(org: dict, bu_id: str, c: dict) -> dict:
    meta = c.get("metadata") or {}
    return {
        **org,
        "business_unit_id": bu_id,
        "activity_code_id": c["id"],
        "name": c.get("name"),
        "name_key": name_key(c.get("name")),
        "category": c.get("category"),
        "is_default": c.get("defaultCode"),
        "active": c.get("active"),
        "length_minutes": c.get("lengthInMinutes"),
        "counts_as_paid_time": c.get("countsAsPaidTime"),
        "counts_as_work_time": c.get("countsAsWorkTime"),
        "agent_time_off_selectable": c.get("agentTimeOffSelectable"),
        "counts_toward_shrinkage": c.get("countsTowardShrinkage"),
        "planned_shrinkage": c.get("plannedShrinkage"),
        "interruptible": c.get("interruptible"),
        "metadata_version": meta.get("version"),
        "date_modified": meta.get("dateModified"),
    }


def adherence_rows(org: dict, result: dict, tz: str, extracted_at: str | None = None):
    """One bulk-download file -> (day metric rows, exception rows), days in the business unit's zone.

    ``extracted_at`` (ISO-8601 UTC): when the job was asked for; a day that had not ended by then holds
    Genesys' figures for its elapsed part only (the marts call it incomplete until it is read again)."""
    start = parse_ts(result["startDate"])
    zone = ZoneInfo(tz)
    mu_id = result["managementUnitId"]
    days, exceptions = [], []
    for user in result.get("userResults") or []:
        for d in user.get("dayMetrics") or []:
            day_start = start + timedelta(seconds=d["dayStartOffsetSeconds"])
            days.append(
                {
                    **org,
                    "management_unit_id": mu_id,
                    "user_id": user["userId"],
                    "business_date": day_start.astimezone(zone).date().isoformat(),
                    "day_start": iso(day_start),
                    "time_zone": tz,
                    "extracted_at": extracted_at,
                    **{_snake(k): v for k, v in d.items() if k != "dayStartOffsetSeconds"},
                }
            )
        for e in user.get("exceptionInfo") or []:
            begin = start + timedelta(seconds=e["startOffsetSeconds"])
            exceptions.append(
                {
                    **org,
                    "management_unit_id": mu_id,
                    "user_id": user["userId"],
                    "business_date": begin.astimezone(zone).date().isoformat(),
                    "start_date": iso(begin),
                    "end_date": iso(start + timedelta(seconds=e["endOffsetSeconds"])),
                    "scheduled_activity_code_id": e.get("scheduledActivityCodeId"),
                    "scheduled_activity_category": e.get("scheduledActivityCategory"),
                    "actual_activity_code_id": e.get("actualActivityCodeId"),
                    "actual_activity_category": e.get("actualActivityCategory"),
                    "system_presence": e.get("systemPresence"),
                    "routing_status": e.get("routingStatus"),
                    "impact": e.get("impact"),
                }
            )
    return days, exceptions


@cache  # a handful of API field names, asked for once per value of every adherence day
def _snake(name: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name)


def time_off_row(org: dict, mu_id: str, r: dict) -> dict:
    return {
        **org,
        "request_id": r["id"],
        "management_unit_id": mu_id,
        "user_id": (r.get("user") or {}).get("id"),
        "status": r.get("status"),
        "substatus": r.get("substatus"),
        "is_full_day": r.get("isFullDayRequest"),
        "activity_code_id": r.get("activityCodeId"),
        "paid": r.get("paid"),
        "daily_duration_minutes": r.get("dailyDurationMinutes"),
        "full_day_dates": r.get("fullDayManagementUnitDates"),
        "partial_day_start_date_times": r.get("partialDayStartDateTimes"),
        "payable_minutes": r.get("payableMinutes"),
        "submitted_date": r.get("submittedDate"),
        "reviewed_date": r.get("reviewedDate"),
        "date_modified": (r.get("metadata") or {}).get("dateModified"),
        "sync_version": r.get("syncVersion"),
        "notes": r.get("notes"),
    }


def realtime_row(org: dict, snapshot_at: str, a: dict) -> dict:
    return {
        **org,
        "snapshot_at": snapshot_at,
        "business_unit_id": (a.get("businessUnit") or {}).get("id"),
        "management_unit_id": (a.get("managementUnit") or {}).get("id"),
        "user_id": (a.get("user") or {}).get("id"),
        "scheduled_activity_category": a.get("scheduledActivityCategory"),
        "scheduled_activity_code_id": (a.get("scheduledActivityCode") or {}).get("id"),
        "actual_activity_category": a.get("actualActivityCategory"),
        "system_presence": a.get("systemPresence"),
        "routing_status": a.get("routingStatus"),
        "adherence_state": a.get("adherenceState"),
        "impact": a.get("impact"),
        "time_of_adherence_change": a.get("timeOfAdherenceChange"),
    }


_REPORTED_UNKNOWN: set[str] = set()
ARROW_TYPES = {
    "text": pa.string(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
}


def arrow_page(table: str, rows: list[dict], columns: dict) -> pa.Table:
    """A page of flat rows as an Arrow table typed by the table's load contract.

    Column by column: ISO-8601 strings cast to timestamps and dates, ints to doubles where the contract
    says so. Keys the contract does not name (a field the API added) are left out, as the explicit
    row mappings leave them out, and logged once per table so someone can map them.
    """
    unknown = set().union(*rows) - set(columns)
    if unknown and table not in _REPORTED_UNKNOWN:
        _REPORTED_UNKNOWN.add(table)
        logging.getLogger(__name__).warning(
            "%s: fields %s are not in the table's load contract (pipelines/genesys/settings.py TABLES): not loaded",
            table,
            sorted(unknown),
        )
    fields = [
        pa.field(name, ARROW_TYPES[hint["data_type"]], nullable=hint.get("nullable", True))
        for name, hint in columns.items()
    ]
    arrays = [pa.array([row.get(f.name) for row in rows]).cast(f.type) for f in fields]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
