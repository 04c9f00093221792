"""The daily partitions shared by the time-windowed extraction assets and the dbt assets."""

from __future__ import annotations

import os

import dagster as dg

# A partition is a UTC calendar day; its window [day, day + 1) goes to dlt and to dbt as vars.
daily = dg.DailyPartitionsDefinition(
    start_date=os.environ.get("WFM_HUB_PARTITIONS_START", "2025-01-01"), timezone="UTC"
)
