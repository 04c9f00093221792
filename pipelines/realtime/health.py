"""The adherence stream's status per org, as small JSON files beside the warehouse, for its readers.

Why files: the Dagster sensors that decide whether to poll an org (``realtime_snapshot_sensor``) and
whether a gap needs the historical job (``adherence_gap_sensor``) run every 30 s in the daemon; reading
DuckDB there would contend with the writers for the one file lock. The stream rewrites its org's file
every few seconds (atomically: a temporary file renamed over it), so a file whose ``heartbeat_at`` is
old means the stream is down, whatever its ``state`` says.

File ``<WFM_HUB_PIPELINES_DIR>/adherence_stream/<org>.json``: ``state`` (streaming, polling, stopped,
starting), ``reason``, ``heartbeat_at`` / ``last_heard_at`` (epoch seconds), ``channels``, ``topics``,
``polled_units`` (ids beyond the channel budget), ``counts``, and ``gaps`` (the latest 50: ``id``, ``start``,
``end`` in epoch seconds, ``reason``).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ..warehouse import pipelines_dir

# A stream heard from within this long is alive: its status is rewritten every STATUS_SECONDS, and the
# platform's heartbeat (30 s) keeps its sockets busy; three missed rewrites are a dead stream.
STATUS_SECONDS = 5.0
FRESH_SECONDS = 3 * STATUS_SECONDS + 15
KEEP_GAPS = 50


def status_dir() -> Path:
    return pipelines_dir() / "adherence_stream"


def write_status(org_key: str, status: dict) -> None:
    folder = status_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{org_key}.json"
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(status, default=str))
    temporary.replace(target)


def read_status(org_key: str) -> dict | None:
    """The org's last status, or None (never written, or unreadable while being replaced: rare)."""
    try:
        return json.loads((status_dir() / f"{org_key}.json").read_text())
    except (OSError, ValueError):
        return None


def streaming(status: dict | None, now: float | None = None) -> bool:
    """Whether this status says the org's adherence is pushed right now: streaming, every unit
    subscribed, and heard from within ``FRESH_SECONDS``."""
    if not status or status.get("state") != "streaming" or status.get("polled_units"):
        return False
    return (now or time.time()) - float(status.get("heartbeat_at") or 0) <= FRESH_SECONDS


def streaming_orgs(org_keys: list[str], now: float | None = None) -> set[str]:
    """The orgs among ``org_keys`` whose adherence is pushed (the snapshot need not poll them)."""
    return {key for key in org_keys if streaming(read_status(key), now)}
