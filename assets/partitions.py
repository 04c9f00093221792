"""The daily partitions shared by the time-windowed extraction assets and the dbt assets."""

from __future__ import annotations

import dagster as dg

from pipelines.environment import environment

# A partition is a UTC calendar day; its window [day, day + 1) goes to dlt and to dbt as vars
# (read when the definitions load: WFM_HUB_PARTITIONS_START).
daily = dg.DailyPartitionsDefinition(start_date=environment().partitions_start, timezone="UTC")
