"""The alerts sensor: every few minutes, read what is wrong from the warehouse and tell someone once.

The open incidents and the channels each was sent to are the sensor's cursor (pipelines/alerts/
incidents.py), so a re-run that fails the same way sends nothing new, and recovery sends one
"resolved". Each message links to the latest run of the job concerned (``dagster_base_url``/runs/<id>).
While the DuckDB warehouse is held by a writer the tick is skipped, never failed.
"""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

import json

import dagster as dg

from pipelines.environment import environment

from .schedules import SENSOR_STATUS

ALERT_SECONDS = environment().alert_seconds


def _link(context: dg.SensorEvaluationContext, base: str):
    latest: dict[str, str] = {}

    def link(alert) -> str:
        if alert.job not in latest:
            runs = context.instance.get_runs(filters=dg.RunsFilter(job_name=alert.job), limit=1)
            latest[alert.job] = f"{base}/runs/{runs[0].run_id}" if runs else f"{base}/runs"
        return latest[alert.job]

    return link


@dg.sensor(
    name="wfm_hub_alerts",
    minimum_interval_seconds=ALERT_SECONDS,
    default_status=SENSOR_STATUS,
    description="Failed, skipped or stale orgs, missing permissions, rate-limit pressure, reconciliation drift and "
    "business thresholds, once per incident to the channels of config/alerts.toml (docs/alerts.md).",
)
def wfm_hub_alerts(context: dg.SensorEvaluationContext):
    from pipelines.alerts import load_alerts, notify, open_incidents
    from pipelines.config import load_config
    from pipelines.sqlrun import warehouse_sql
    from pipelines.warehouse import is_duckdb_lock_conflict

    config = load_alerts()
    if config is None:
        return dg.SkipReason("no alerts file (config/alerts.toml or WFM_HUB_ALERTS): alerts are off")
    hub = load_config()
    try:
        with warehouse_sql("alerts") as client:
            alerts = open_incidents(client, config, hub.extract, [o.key for o in hub.orgs])
    except Exception as err:
        if is_duckdb_lock_conflict(err):
            return dg.SkipReason("the warehouse is held by a writer; alerts are evaluated on the next tick")
        raise
    memory, sent = notify(config, alerts, json.loads(context.cursor or "{}"), _link(context, config.dagster_base_url))
    context.update_cursor(json.dumps(memory, sort_keys=True))
    for state, key, channel in sent:
        context.log.info(f"alert {state}: {key} -> {channel}")
    return dg.SkipReason(f"{len(alerts)} open incident(s); {len(sent)} message(s) sent")


ALERT_SENSORS = [wfm_hub_alerts]
