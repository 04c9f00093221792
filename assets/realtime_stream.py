"""The adherence stream in Dagster: its tables as external assets, and the historical job for its gaps.

The stream itself is a service (``wfm-hub listen``; why not a sensor: ``pipelines/realtime/__init__.py``).
Dagster shows its tables (``genesys/<org>/adherence_events`` and the gap and status tables) as external
assets, so the lineage runs from them to the real-time marts, and reads its status files (never the
warehouse) in two sensors: ``realtime_snapshot_sensor`` (assets/schedules.py) polls only the orgs the
stream does not cover, and ``adherence_gap_sensor`` here asks, once per gap and day, for the org's
historical adherence of the days a gap touched (the historical bulk job: the gap's minutes in the
historical record come from Genesys, not from the stream's repair, which only restores the current state).
"""

# No `from __future__ import annotations`: Dagster inspects the context type hints at runtime.

from datetime import UTC, datetime, timedelta

import dagster as dg

from pipelines.genesys.settings import RESOURCES, STREAM_TABLES
from pipelines.realtime.health import read_status

from .keys import raw_key
from .partitions import daily
from .schedules import SENSOR_STATUS

HISTORY_TABLES = RESOURCES["historical_adherence"]
# time zones run from UTC-12 to UTC+14: a business unit's local date of a gap's instant is among the UTC
# dates of the gap widened by that much
WEST, EAST = timedelta(hours=12), timedelta(hours=14)


def stream_assets(org_keys: list[str]) -> list[dg.AssetSpec]:
    return [
        dg.AssetSpec(
            raw_key(org_key, table),
            group_name=f"genesys_{org_key}",
            kinds={"duckdb"},
            tags={"org": org_key, "layer": "stream"},
            description=f"Raw {table} of org {org_key}, appended by the adherence stream (wfm-hub listen), "
            "not by a Dagster run.",
        )
        for org_key in org_keys
        for table in STREAM_TABLES
    ]


def gap_days(start: float, end: float, last_day: str) -> list[str]:
    """The daily partitions (``yyyy-mm-dd``) whose re-read covers every business-unit day a gap from
    ``start`` to ``end`` (epoch seconds) touched, up to ``last_day`` (the latest partition). A partition
    re-reads its date as each business unit's local day (assets/extract.py, resources/adherence.py)."""
    first = (datetime.fromtimestamp(start, UTC) - WEST).date()
    last = (datetime.fromtimestamp(end, UTC) + EAST).date()
    days = []
    while first <= last:
        if first.isoformat() <= last_day:
            days.append(first.isoformat())
        first += timedelta(days=1)
    return days


def gap_requests(org_keys: list[str], last_day: str) -> list[dg.RunRequest]:
    """One run per gap and day: the org's historical adherence of that partition (run keys make it once)."""
    requests = []
    for org_key in org_keys:
        for gap in (read_status(org_key) or {}).get("gaps", []):
            if gap.get("start") is None:  # the stream's first start: nothing was missed
                continue
            for day in gap_days(float(gap["start"]), float(gap["end"]), last_day):
                requests.append(
                    dg.RunRequest(
                        run_key=f"adherence-gap-{org_key}-{gap['id']}-{day}",
                        partition_key=day,
                        asset_selection=[raw_key(org_key, table) for table in HISTORY_TABLES],
                        tags={"wfm_hub/kind": "adherence-gap", "org": org_key, "wfm_hub/gap": gap["id"]},
                    )
                )
    return requests


def stream_sensors(org_keys: list[str]) -> list[dg.SensorDefinition]:
    @dg.sensor(
        name="adherence_gap_sensor",
        asset_selection=[raw_key(org, table) for org in org_keys for table in HISTORY_TABLES],
        minimum_interval_seconds=300,
        default_status=SENSOR_STATUS,
        description="For each gap of the adherence stream (a dropped socket, a channel gone, the stream down), "
        "the org's historical adherence of the days it touched, once (the latest partition at most: today's "
        "day is re-read when it becomes a partition, and by the nightly run).",
    )
    def adherence_gap_sensor(context: dg.SensorEvaluationContext):
        last_day = daily.get_last_partition_key()
        requests = gap_requests(org_keys, last_day) if last_day else []
        return requests or dg.SkipReason("no gap of the adherence stream needs the historical job")

    return [adherence_gap_sensor]
