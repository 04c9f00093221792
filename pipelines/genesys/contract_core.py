"""The load contract of the core WFM, directory and analytics tables: dlt resource hints per table.

Kept apart from ``settings`` only for size, as the planners' (``contract_planners.py``), the metrics'
(``metric_tables.py``) and the adherence stream's (``contract_realtime.py``) are: ``settings.TABLES`` merges
them into one contract. Every key includes ``org_id`` (ids are org-specific in Genesys Cloud); the org
columns (``org_id``, ``org_key``, ``region``) are added by ``columns.columns``.
"""

from __future__ import annotations

from .columns import MERGE, SCD2
from .columns import columns as _cols
from .metric_tables import QUEUE_SERVICE_LEVELS

# name -> dlt resource hints. ``resource`` names the function in __init__.py that yields the rows.
TABLES = {
    "organizations": dict(
        primary_key=["org_id"], write_disposition=MERGE, columns=_cols(name="text", state="text", domain="text")
    ),
    # scd2: a user's history (state changes, deactivation) is kept, so headcount on any day is answerable.
    "users": dict(
        write_disposition=SCD2,
        columns=_cols(
            user_id="text",
            name="text",
            email="text",
            state="text",
            employee_id="text",
            date_hire="date",
            title="text",
            department="text",
            division_id="text",
        ),
    ),
    # Directory and structure tables are complete listings read whole every run: scd2 keeps each row's
    # history and closes (``_dlt_valid_to``) a row Genesys no longer lists, at the load that missed it:
    # deleted queues, units, codes and planning groups are marked, not kept as if current.
    "queues": dict(
        write_disposition=SCD2,
        columns=_cols(
            queue_id="text",
            name="text",
            name_key="text",
            media_types="text",
            date_created="timestamp",
            date_modified="timestamp",
            **QUEUE_SERVICE_LEVELS,
        ),
    ),
    "business_units": dict(
        write_disposition=SCD2,
        columns=_cols(
            business_unit_id="text", name="text", name_key="text", time_zone="text", start_day_of_week="text"
        ),
    ),
    # per business unit: a unit whose listing was not read keeps its rows
    "management_units": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=_cols(
            management_unit_id="text",
            business_unit_id="text",
            name="text",
            name_key="text",
            time_zone="text",
            start_day_of_week="text",
        ),
    ),
    # membership is replaced per management unit, so people who leave a unit disappear from it.
    "management_unit_users": dict(
        primary_key=["org_id", "management_unit_id", "user_id"],
        merge_key=["org_id", "management_unit_id"],
        write_disposition=MERGE,
        columns=_cols(management_unit_id="text", business_unit_id="text", user_id="text"),
    ),
    "activity_codes": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=_cols(
            business_unit_id="text",
            activity_code_id="text",
            name="text",
            name_key="text",
            category="text",
            is_default="bool",
            active="bool",
            length_minutes="bigint",
            counts_as_paid_time="bool",
            counts_as_work_time="bool",
            agent_time_off_selectable="bool",
            counts_toward_shrinkage="bool",
            planned_shrinkage="bool",
            interruptible="bool",
            metadata_version="bigint",
            date_modified="timestamp",
        ),
    ),
    "planning_groups": dict(
        merge_key=["org_id", "business_unit_id"],
        write_disposition=SCD2,
        columns=_cols(
            business_unit_id="text",
            planning_group_id="text",
            name="text",
            name_key="text",
            service_goal_template_id="text",
        ),
    ),
    "planning_group_queues": dict(
        primary_key=["org_id", "planning_group_id", "queue_id", "media_type"],
        merge_key=["org_id", "business_unit_id"],
        write_disposition=MERGE,
        columns=_cols(business_unit_id="text", planning_group_id="text", queue_id="text", media_type="text"),
    ),
    "schedules": dict(
        primary_key=["org_id", "schedule_id"],
        write_disposition=MERGE,
        columns=_cols(
            schedule_id="text",
            business_unit_id="text",
            week_date="date",
            week_count="bigint",
            published="bool",
            short_term_forecast_id="text",
            metadata_version="bigint",
            date_modified="timestamp",
        ),
    ),
    # scd2 partitioned by business-unit week (the week of the shift's start, whichever schedule carried it):
    # a republished week retires its deleted and moved activities (kept as history for the audit view) and
    # inserts the new ones.
    "schedule_activities": dict(
        merge_key=["org_id", "business_unit_id", "week_date"],
        write_disposition=SCD2,
        columns=_cols(
            business_unit_id="text",
            management_unit_id="text",
            schedule_id="text",
            week_date="date",
            user_id="text",
            shift_id="text",
            shift_start_date="timestamp",
            shift_length_minutes="bigint",
            manually_edited="bool",
            start_date="timestamp",
            length_minutes="bigint",
            activity_code_id="text",
            description="text",
            paid="bool",
            payable_minutes="bigint",
            time_off_request_id="text",
        ),
    ),
    "full_day_time_off": dict(
        primary_key=["org_id", "user_id", "business_unit_date", "activity_code_id"],
        merge_key=["org_id", "business_unit_id", "week_date"],
        write_disposition=MERGE,
        columns=_cols(
            business_unit_id="text",
            management_unit_id="text",
            schedule_id="text",
            week_date="date",
            user_id="text",
            business_unit_date="date",
            length_minutes="bigint",
            activity_code_id="text",
            paid="bool",
            payable_minutes="bigint",
            time_off_request_id="text",
        ),
    ),
    "forecasts": dict(
        primary_key=["org_id", "forecast_id"],
        write_disposition=MERGE,
        columns=_cols(
            forecast_id="text",
            business_unit_id="text",
            week_date="date",
            week_count="bigint",
            creation_method="text",
            reference_start_date="timestamp",
            date_modified="timestamp",
        ),
    ),
    # per forecast and business-unit week (week_number 1..weekCount of a multi-week forecast); an 8th day's
    # intervals (is_in_week false) share their instants with the next week's, hence week_date in the key
    "forecast_intervals": dict(
        primary_key=["org_id", "forecast_id", "planning_group_id", "week_date", "interval_start"],
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
            is_in_week="bool",
            offered="double",
            average_handle_time_seconds="double",
        ),
    ),
    "adherence_day_metrics": dict(
        primary_key=["org_id", "user_id", "business_date"],
        merge_key=["org_id", "management_unit_id", "business_date"],
        write_disposition=MERGE,
        columns=_cols(
            management_unit_id="text",
            user_id="text",
            business_date="date",
            day_start="timestamp",
            time_zone="text",
            adherence_schedule_seconds="bigint",
            conformance_schedule_seconds="bigint",
            conformance_actual_seconds="bigint",
            exception_count="bigint",
            exception_duration_seconds="bigint",
            impact_seconds="bigint",
            schedule_length_seconds="bigint",
            actual_length_seconds="bigint",
            adherence_percentage="double",
            conformance_percentage="double",
            extracted_at="timestamp",
        ),
    ),
    "adherence_exceptions": dict(
        primary_key=["org_id", "user_id", "start_date"],
        merge_key=["org_id", "management_unit_id", "business_date"],
        write_disposition=MERGE,
        columns=_cols(
            management_unit_id="text",
            user_id="text",
            business_date="date",
            start_date="timestamp",
            end_date="timestamp",
            scheduled_activity_code_id="text",
            scheduled_activity_category="text",
            actual_activity_code_id="text",
            actual_activity_category="text",
            system_presence="text",
            routing_status="text",
            impact="text",
        ),
    ),
    "realtime_adherence": dict(
        write_disposition="append",
        columns=_cols(
            snapshot_at="timestamp",
            business_unit_id="text",
            management_unit_id="text",
            user_id="text",
            scheduled_activity_category="text",
            scheduled_activity_code_id="text",
            actual_activity_category="text",
            system_presence="text",
            routing_status="text",
            adherence_state="text",
            impact="text",
            time_of_adherence_change="timestamp",
        ),
    ),
    # A request Genesys no longer returns inside the re-read window (deleted) is removed by a tombstone
    # row (``deleted``, dlt's hard_delete) and its disappearance logged in ``record_deletions``.
    "time_off_requests": dict(
        primary_key=["org_id", "request_id"],
        write_disposition=MERGE,
        columns=_cols(
            deleted="bool",
            request_id="text",
            management_unit_id="text",
            user_id="text",
            status="text",
            substatus="text",
            is_full_day="bool",
            activity_code_id="text",
            paid="bool",
            daily_duration_minutes="bigint",
            full_day_dates="json",
            partial_day_start_date_times="json",
            payable_minutes="json",
            submitted_date="timestamp",
            reviewed_date="timestamp",
            date_modified="timestamp",
            sync_version="bigint",
            notes="text",
        ),
    ),
    "record_deletions": dict(
        write_disposition="append",
        columns=_cols(table_name="text", record_id="text", management_unit_id="text", detected_at="timestamp"),
    ),
}
