"""Load contracts of the tables the metrics read: analytics aggregates and WFM planning goals and requirements.

Merged into ``settings.TABLES`` (one contract); here so the service-level and staffing columns stay
together and settings.py stays readable.
"""

from __future__ import annotations

from .columns import MERGE, SCD2
from .columns import columns as _cols

# Queue.mediaSettings keys (SDK v269 QueueMediaSettings: call, callback, chat, email, message; no workitem)
QUEUE_MEDIA = ("call", "callback", "chat", "email", "message")
# the queue's service-level goal per media: serviceLevel.percentage (0..1) and serviceLevel.durationMs
QUEUE_SERVICE_LEVELS = {
    f"{media}_{field}": data_type
    for media in QUEUE_MEDIA
    for field, data_type in (("service_level_percentage", "double"), ("service_level_duration_ms", "bigint"))
}

METRIC_TABLES = {
    # A re-read interval replaces every row of that interval (merge_key), so a queue, media or direction
    # no longer in the answer leaves none behind; rows loaded before ``direction`` existed are replaced
    # when their interval is read again (a backfill re-reads any window).
    "interaction_volume": dict(
        primary_key=["org_id", "queue_id", "media_type", "direction", "interval_start"],
        merge_key=["org_id", "interval_start"],
        write_disposition={"disposition": "merge", "strategy": "delete-insert"},
        columns=_cols(
            queue_id="text",
            media_type="text",
            direction="text",
            interval_start="timestamp",
            interval_minutes="bigint",
            offered="bigint",
            handled="bigint",
            answered="bigint",
            abandoned="bigint",
            short_abandoned="bigint",
            flow_out="bigint",
            over_sla="bigint",
            outbound="bigint",
            held="bigint",
            handle_ms="double",
            talk_ms="double",
            held_ms="double",
            acw_ms="double",
            answer_ms="double",
            abandon_ms="double",
            short_abandon_ms="double",
            flow_out_ms="double",
            wait_ms="double",
            sl_numerator="bigint",
            sl_denominator="bigint",
            sl_target="double",
        ),
    ),
    "user_presence": dict(
        primary_key=["org_id", "user_id", "interval_start", "metric", "qualifier"],
        write_disposition=MERGE,
        columns=_cols(
            user_id="text",
            interval_start="timestamp",
            interval_minutes="bigint",
            metric="text",
            qualifier="text",
            milliseconds="double",
        ),
    ),
    # a complete listing per business unit: scd2 closes a template Genesys no longer lists
    "service_goal_templates": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=_cols(
            business_unit_id="text",
            service_goal_template_id="text",
            name="text",
            name_key="text",
            service_level_include="bool",
            service_level_percent="bigint",
            service_level_seconds="bigint",
            average_speed_of_answer_include="bool",
            average_speed_of_answer_seconds="bigint",
            abandon_rate_include="bool",
            abandon_rate_percent="bigint",
            metadata_version="bigint",
            date_modified="timestamp",
        ),
    ),
    # Genesys' staffing requirement per forecast, planning group and interval, replaced per business-unit
    # week like the forecast intervals it belongs to
    "staffing_requirements": dict(
        primary_key=["org_id", "forecast_id", "planning_group_id", "interval_start"],
        merge_key=["org_id", "business_unit_id", "week_date"],
        write_disposition=MERGE,
        columns=_cols(
            business_unit_id="text",
            forecast_id="text",
            week_date="date",
            week_number="bigint",
            planning_group_id="text",
            interval_index="bigint",
            interval_start="timestamp",
            interval_minutes="bigint",
            staffing_requirement="double",
            minimum_staff="double",
            effective_staff="double",
        ),
    ),
}
