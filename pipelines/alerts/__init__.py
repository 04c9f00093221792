"""Alerts for a nightly nobody watches (docs/alerts.md): failed, skipped or stale orgs, missing
permissions, rate-limit pressure, reconciliation drift and planners' thresholds, sent once per
incident to Slack, Microsoft Teams or mail. Configured in ``config/alerts.toml``; evaluated by the
``wfm_hub_alerts`` Dagster sensor (assets/alerts.py)."""

from .checks import Alert, open_incidents
from .config import AlertsConfig, load_alerts
from .incidents import notify

__all__ = ["Alert", "AlertsConfig", "load_alerts", "notify", "open_incidents"]
