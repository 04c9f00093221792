"""Retention, applied by the nightly (assets/retention.py): pseudonymize people long gone, drop old detail.

``[retention] pseudonymize_after_months``: a person (accounts joined by employee id, else one
account) whose every account is inactive or no longer listed by Genesys, the last of them for longer
than N x 30 days, is pseudonymized exactly like ``erase-person``. When an account became inactive is
what the hub observed: the ``_dlt_valid_from`` of its current inactive users version, or the
``_dlt_valid_to`` of its last version when Genesys stopped listing it (Genesys Cloud's user has no
deactivation date: the hub's users history is the record, accurate to one nightly run).

``[retention] raw_detail_days``: rows of the raw detail tables (``DETAIL_TABLES``) whose date is
older than N days (UTC) are deleted from every org dataset and its dlt ``_staging`` copy. Marts are
rebuilt from raw every night, so they follow on the next dbt build.

Both write ``wfm_hub_ops.erasure_audit`` rows (selector kinds ``retention-pseudonymize`` and
``retention-detail``) and return a report the Dagster asset turns into metadata.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from ..config import HubConfig
from ..sqlrun import base_tables, columns, ident, literal, rows, warehouse_sql
from ..warehouse import writer_lock
from .audit import audit_rows, record_audit
from .erase import DEFAULT_EXTRA_DIRS, erase
from .person import RETENTION, Person, Selector, user_schemas

# raw detail table -> the date column its age is measured by (UTC dates or timestamps)
DETAIL_TABLES = {
    "schedule_activities": "start_date",
    "adherence_exceptions": "start_date",
    "adherence_day_metrics": "business_date",
    "user_presence": "interval_start",
    "interaction_volume": "interval_start",
    "forecast_intervals": "interval_start",
    "staffing_requirements": "interval_start",
    "full_day_time_off": "business_unit_date",
    "realtime_adherence": "snapshot_at",
    "adherence_events": "received_at",  # the adherence stream (pipelines/realtime)
    "adherence_stream_gaps": "gap_end",
}
ERASED_PREFIX = "erased-"


@dataclass
class RetentionReport:
    """``detail_rows``: ``schema.table`` -> rows deleted; ``pseudonymized``: people pseudonymized;
    cutoffs are UTC (None: that rule is off)."""

    detail_cutoff: date | None = None
    deactivated_before: datetime | None = None
    detail_rows: dict[str, int] = field(default_factory=dict)
    pseudonymized: int = 0
    pseudonymized_rows: int = 0

    def metadata(self) -> dict:
        return {
            "detail_cutoff_utc": str(self.detail_cutoff or "off"),
            "detail_rows_deleted": sum(self.detail_rows.values()),
            "detail_tables": ", ".join(f"{t}={n}" for t, n in sorted(self.detail_rows.items())) or "none",
            "pseudonymize_deactivated_before_utc": str(self.deactivated_before or "off"),
            "people_pseudonymized": self.pseudonymized,
            "rows_pseudonymized": self.pseudonymized_rows,
        }


def gone_people(client, before: datetime) -> list[Person]:
    """People whose every account was deactivated (or stopped being listed) before ``before`` (UTC)."""
    accounts: dict[tuple[str, str], dict] = {}
    for schema in user_schemas(client):
        history = (
            'select org_key, user_id, employee_id, state, "_dlt_valid_from", "_dlt_valid_to" '
            f"from {ident(schema, 'users')}"
        )
        for org_key, user_id, employee_id, state, valid_from, valid_to in rows(client, history):
            if user_id is None or user_id.startswith(ERASED_PREFIX):
                continue
            acc = accounts.setdefault((org_key, user_id), {"employee_ids": set(), "current": None, "last_to": None})
            acc["employee_ids"].update(e for e in (employee_id,) if e and not e.startswith(ERASED_PREFIX))
            if valid_to is None:
                acc["current"] = (state, valid_from)
            elif acc["last_to"] is None or valid_to > acc["last_to"]:
                acc["last_to"] = valid_to
    people: dict[str, list] = {}
    for key, acc in accounts.items():
        group = min(acc["employee_ids"]) if acc["employee_ids"] else f"{key[0]}:{key[1]}"
        people.setdefault(group, []).append((key, acc))
    out = []
    for members in people.values():
        ends = [_deactivated_at(acc) for _, acc in members]
        if all(end is not None for end in ends) and max(ends) < before:
            out.append(Person(accounts={key for key, _ in members}))
    return out


def _deactivated_at(acc: dict) -> datetime | None:
    if acc["current"] is None:
        return _utc(acc["last_to"])
    state, since = acc["current"]
    return None if state == "active" else _utc(since)


def _utc(value) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def drop_detail(client, cutoff: date) -> dict[str, int]:
    """Delete detail rows dated before ``cutoff`` from every ``genesys_*`` dataset; ``schema.table`` -> rows."""
    deleted = {}
    for schema, table in base_tables(client):
        column = DETAIL_TABLES.get(table)
        if not schema.startswith("genesys") or column is None or column not in columns(client, schema, table):
            continue
        where = f"cast({ident(column)} as date) < {literal(cutoff)}"
        (count,) = rows(client, f"select count(*) from {ident(schema, table)} where {where}")[0]
        if count:
            client.execute_sql(f"delete from {ident(schema, table)} where {where}")
            deleted[f"{schema}.{table}"] = int(count)
    return deleted


def apply_retention(config: HubConfig, now: datetime | None = None, extra_dirs=DEFAULT_EXTRA_DIRS) -> RetentionReport:
    """Apply ``config.retention`` as of ``now`` (UTC, default the current time); files are cleaned
    under the data directory, the pipelines directory and ``extra_dirs`` (default: reports/)."""
    now = now or datetime.now(UTC)
    settings = config.retention
    report = RetentionReport()
    if settings.raw_detail_days:
        report.detail_cutoff = (now - timedelta(days=settings.raw_detail_days)).date()
        with writer_lock(), warehouse_sql("retention") as client:
            report.detail_rows = drop_detail(client, report.detail_cutoff)
        run_id = uuid.uuid4().hex[:12]
        record_audit(audit_rows(run_id, "retention", "retention-detail", None, report.detail_rows))
    if settings.pseudonymize_after_months:
        report.deactivated_before = now - timedelta(days=30 * settings.pseudonymize_after_months)
        with warehouse_sql("retention") as client:
            people = gone_people(client, report.deactivated_before)
        for person in people:
            key = ",".join(sorted(f"{o}:{u}" for o, u in person.accounts))
            done = erase(Selector(RETENTION, key), operator="retention", extra_dirs=extra_dirs, person=person)
            report.pseudonymized += 1
            report.pseudonymized_rows += sum(done.tables.values())
    return report
