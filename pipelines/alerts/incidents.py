"""Once per incident: which alerts are new, which were resolved, from the last evaluation's memory.

The memory is a JSON document (the Dagster sensor's cursor): ``{"open": {key: {"alert": {...},
"sent": [channel names]}}}``. A key already open is not sent again, however often the failure
repeats; a channel that failed is tried again on the next evaluation (the others are not repeated);
a key that disappears sends one "resolved" to the channels that had the alert, and is forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict

from .checks import Alert
from .config import AlertsConfig
from .deliver import DeliveryError, send

log = logging.getLogger(__name__)


def notify(
    config: AlertsConfig, alerts: list[Alert], memory: dict, link: Callable[[Alert], str]
) -> tuple[dict, list[tuple[str, str, str]]]:
    """Send what is new or resolved. Returns the new memory and (state, key, channel) of every message
    sent. ``link(alert)``: the Dagster run URL the message points at."""
    opened = {k: {"alert": v["alert"], "sent": list(v["sent"])} for k, v in memory.get("open", {}).items()}
    sent: list[tuple[str, str, str]] = []
    current = {a.key: a for a in alerts}
    for key, alert in current.items():
        entry = opened.setdefault(key, {"alert": asdict(alert), "sent": []})
        for channel in config.channels:
            if channel.name in entry["sent"]:
                continue
            if _send(channel, alert, "firing", link(alert)):
                entry["sent"].append(channel.name)
                sent.append(("firing", key, channel.name))
    for key in [k for k in opened if k not in current]:
        alert = Alert(**opened.pop(key)["alert"])
        for channel in config.channels:
            if _send(channel, alert, "resolved", link(alert)):
                sent.append(("resolved", key, channel.name))
    return {"open": opened}, sent


def _send(channel, alert: Alert, state: str, link: str) -> bool:
    try:
        send(channel, alert, state, link)
        return True
    except DeliveryError as err:
        log.error("alert %s (%s) not delivered: %s", alert.key, state, err)
        return False
