"""What is wrong right now: each check reads the warehouse and returns the open incidents.

An incident is identified by a stable key (``Alert.key``) that does not change while the condition
lasts, so a re-run that fails the same way is the same incident (the sensor fires once per key and
sends one "resolved" when the key disappears). Sources:

- ``wfm_hub_ops.run_status`` (pipelines/status.py), the latest load of every org and resource:
  ``org_failed`` (failed or not loaded), ``org_skipped`` (a resource skipped), ``permission_missing``
  (skipped for a 403 naming a permission), ``rate_limit`` (429s, or requests per minute at
  ``rules.rate_limit_share`` of ``extract.rate_limit_per_minute``), ``stale`` (the org's newest
  successful load, the real-time snapshot left out, older than ``rules.stale_after_hours``);
- ``marts.rpt_reconciliation_daily`` (``within_tolerance`` false): ``reconciliation_drift``; silent,
  with a debug log, while the table does not exist;
- ``marts.rpt_global_workforce_daily`` (GLOBAL row) and ``marts.rpt_staffing_gap``:
  ``adherence_below_target`` and ``staffing_gap`` (``business`` thresholds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..config import ExtractSettings
from ..sqlrun import columns, ident, literal, rows
from ..status import OPS_DATASET
from .config import AlertsConfig

log = logging.getLogger(__name__)
EXTRACT_JOB, TRANSFORM_JOB = "nightly_extract", "nightly_transform"


@dataclass(frozen=True)
class Alert:
    """One open incident. ``job``: the Dagster job whose latest run the message links to."""

    kind: str
    key: str
    title: str
    text: str
    org_key: str | None = None
    job: str = EXTRACT_JOB


def _latest_status(client) -> list[dict]:
    """Rows of the latest load of every (org, resource) in run_status, one per resource."""
    if not columns(client, OPS_DATASET, "run_status"):
        return []
    status = ident(OPS_DATASET, "run_status")
    found = rows(
        client,
        "select s.org_key, s.resource, s.outcome, s.error, s.requests, s.status_429, s.started_at, s.finished_at, "
        f"s._dlt_load_id from {status} s join (select org_key, resource, max(_dlt_load_id) as load_id from {status} "
        "group by org_key, resource) l on s.org_key = l.org_key and s.resource = l.resource "
        "and s._dlt_load_id = l.load_id",
    )
    names = ("org_key", "resource", "outcome", "error", "requests", "status_429", "started_at", "finished_at", "load")
    latest = {(r[0], r[1]): dict(zip(names, r, strict=True)) for r in found}
    newest = {}
    for (org, _), row in latest.items():
        newest[org] = max(newest.get(org, ""), row["load"])
    # "-" (an org that failed before any resource) only counts while it is the org's newest load
    return [r for (org, res), r in latest.items() if res != "-" or r["load"] == newest[org]]


def run_alerts(client, config: AlertsConfig, extract: ExtractSettings, org_keys: list[str], now: datetime) -> list:
    alerts = []
    latest = _latest_status(client)
    for row in latest:
        org, res, err = row["org_key"], row["resource"], (row["error"] or "").strip()
        if row["outcome"] in ("failed", "not loaded"):
            where = "before any resource ran" if res == "-" else f"at {res}"
            alerts.append(Alert("org_failed", f"org_failed:{org}", f"Org {org} failed", f"{where}: {err}", org))
        elif row["outcome"] == "skipped":  # the org loaded only in part; a 403 is also a missing permission
            alerts.append(Alert("org_skipped", f"org_skipped:{org}:{res}", f"Org {org}: {res} skipped", err, org))
            if "permission" in err.lower():
                title = f"Org {org}: a permission went missing ({res})"
                alerts.append(Alert("permission_missing", f"permission_missing:{org}:{res}", title, err, org))
        minutes = _minutes(row["started_at"], row["finished_at"])
        per_minute = (row["requests"] or 0) / max(minutes, 1.0)
        ceiling = config.rules.rate_limit_share * extract.rate_limit_per_minute
        if res != "-" and ((row["status_429"] or 0) > 0 or per_minute >= ceiling):
            alerts.append(
                Alert(
                    "rate_limit",
                    f"rate_limit:{org}:{res}",
                    f"Org {org}: {res} near the rate limit",
                    f"{row['status_429'] or 0} answers 429, {per_minute:.0f} requests a minute "
                    f"(limit {extract.rate_limit_per_minute}, alert at {ceiling:.0f})",
                    org,
                )
            )
    alerts += _stale(latest, config, org_keys, now)
    return alerts


def _minutes(start, end) -> float:
    return (end - start).total_seconds() / 60 if start and end else 0.0


def _stale(latest: list[dict], config: AlertsConfig, org_keys: list[str], now: datetime) -> list[Alert]:
    out = []
    limit = timedelta(hours=config.rules.stale_after_hours)
    for org in org_keys:
        done = [
            _aware(r["finished_at"])
            for r in latest
            if r["org_key"] == org and r["outcome"] == "success" and r["finished_at"]
            if r["resource"] != "realtime_adherence"
        ]
        newest = max(done) if done else None
        if newest is None or now - newest > limit:
            age = f"newest successful load {newest:%Y-%m-%d %H:%M} UTC" if newest else "no successful load yet"
            text = f"{age}; alert after {config.rules.stale_after_hours:g} h"
            out.append(Alert("stale", f"stale:{org}", f"Org {org}: data is stale", text, org))
    return out


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def reconciliation_alerts(client) -> list[Alert]:
    cols = columns(client, "marts", "rpt_reconciliation_daily")
    if "within_tolerance" not in cols:
        log.debug("marts.rpt_reconciliation_daily (with within_tolerance) does not exist yet: no reconciliation alert")
        return []
    table = ident("marts", "rpt_reconciliation_daily")
    drifted = rows(client, f"select * from {table} where not within_tolerance")
    if not drifted:
        return []
    sample = "; ".join(", ".join(f"{c}={v}" for c, v in zip(cols, r, strict=False)) for r in drifted[:3])
    text = f"{len(drifted)} row(s) outside tolerance, e.g. {sample}"
    return [
        Alert(
            "reconciliation_drift",
            "reconciliation_drift",
            "Reconciliation drifted past tolerance",
            text,
            job=TRANSFORM_JOB,
        )
    ]


def business_alerts(client, config: AlertsConfig, now: datetime) -> list[Alert]:
    rules, out = config.business, []
    if rules.adherence_target is not None:
        column = rules.adherence_column
        if column not in columns(client, "marts", "rpt_global_workforce_daily"):
            log.debug("marts.rpt_global_workforce_daily.%s is not built yet: no adherence alert", column)
        else:
            latest = rows(
                client,
                f"select date, {ident(column)} from {ident('marts', 'rpt_global_workforce_daily')} "
                f"where scope_key = 'GLOBAL' and {ident(column)} is not null order by date desc limit 1",
            )
            if latest and latest[0][1] < rules.adherence_target:
                day, value = latest[0]
                out.append(
                    Alert(
                        "adherence_below_target",
                        "adherence_below_target",
                        "GLOBAL adherence below target",
                        f"{value:.1%} on {day} (target {rules.adherence_target:.1%})",
                        job=TRANSFORM_JOB,
                    )
                )
    if rules.staffing_gap_agent_hours is not None:
        column = rules.staffing_gap_column
        tomorrow = (now + timedelta(days=1)).date()
        if column not in columns(client, "marts", "rpt_staffing_gap"):
            log.debug("marts.rpt_staffing_gap.%s is not built yet: no staffing alert", column)
            return out
        gap = ident(column)
        for org, hours in rows(
            client,
            f"select org_key, sum(case when {gap} < 0 then -{gap} * interval_minutes / 60.0 else 0 end) "
            f"from {ident('marts', 'rpt_staffing_gap')} where cast(interval_start_utc as date) = {literal(tomorrow)} "
            "group by org_key order by org_key",
        ):
            if hours and hours > rules.staffing_gap_agent_hours:
                out.append(
                    Alert(
                        "staffing_gap",
                        f"staffing_gap:{org}:{tomorrow}",
                        f"Org {org}: understaffed tomorrow",
                        f"{hours:,.1f} agent-hours short on {tomorrow} (UTC; alert above "
                        f"{rules.staffing_gap_agent_hours:g})",
                        org,
                        TRANSFORM_JOB,
                    )
                )
    return out


def open_incidents(client, config: AlertsConfig, extract: ExtractSettings, org_keys: list[str], now=None) -> list:
    """Every open incident, in a stable order. ``now``: UTC, default the current time."""
    now = now or datetime.now(UTC)
    found = run_alerts(client, config, extract, org_keys, now) + reconciliation_alerts(client)
    found += business_alerts(client, config, now)
    return sorted({a.key: a for a in found}.values(), key=lambda a: a.key)
