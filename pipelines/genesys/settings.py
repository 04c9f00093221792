"""Constants of the Genesys source: API paths, page sizes, and each table's load contract.

Every table carries ``org_id``, ``org_key`` and ``region``, and every key includes ``org_id``: ids are
org-specific in Genesys Cloud and mean nothing in another org. The analytics and planning tables the
metrics read are declared in ``metric_tables.py`` and merged into ``TABLES`` here.
"""

from .columns import MERGE, ORG_COLUMNS, SCD2  # noqa: F401  (ORG_COLUMNS: re-exported)
from .columns import columns as _cols
from .metric_tables import METRIC_TABLES, QUEUE_SERVICE_LEVELS
from .stream_tables import STREAM_CONTRACTS, STREAM_TABLES  # noqa: F401  (STREAM_TABLES re-exported)

WFM = "/api/v2/workforcemanagement"
USERS_PAGE_SIZE = 500
QUEUES_PAGE_SIZE = 100
TIME_OFF_MAX_DAYS = 33  # the time-off query allows at most 33 days (inclusive) per dateRange
ADHERENCE_CHUNK_DAYS = 7
# historical adherence with exceptions: at most 7 days per item (SDK docstring of the MU and team routes;
# the bulk route documents no limit, so the stricter one is kept), in hours: DST weeks are 167 or 169 hours
ADHERENCE_ITEM_MAX_HOURS = 168
VOLUME_CHUNK_DAYS = 7
# User aggregates come at 30 minutes, not hourly: a half-hour-offset zone's local day (Adelaide, Kolkata)
# starts on the half hour. A query covers as many hours as keep its answer near PRESENCE_ROWS_PER_QUERY
# (users x 2 buckets an hour x about 6 metric rows): a whole day for a small org, 4 hours for 5,000
# agents, so neither the requests of a 56-day first run nor the memory of ten orgs at once explode
# (``helpers.presence_chunk_hours``); the API allows any interval.
PRESENCE_ROWS_PER_QUERY = 300_000
PRESENCE_ROWS_PER_USER_HOUR = 12
INTERVAL_MINUTES = 15  # forecast /data arrays, staffing requirements and our aggregates share this grid
# The schedule listing (``recent``) is asked for schedules STARTING this many weeks before the window's first
# week: its earliestWeekDate bounds a schedule's start week (SDK v269), so a multi-week schedule that starts
# before the window is listed only this way. Genesys documents no longest weekCount (NOT CONFIRMED); 26 weeks
# is the reach of ``recent`` itself ("up to +/- 26 weeks from the current date").
SCHEDULE_LOOKBACK_WEEKS = 26
PRESENCE_GRANULARITY = "PT30M"
PRESENCE_METRICS = ["tAgentRoutingStatus", "tSystemPresence", "tOrganizationPresence"]
# Service level needs oServiceLevel (Genesys' numerator/denominator under the org's options), nOverSla,
# tShortAbandon (nShortAbandon is no Genesys metric), tFlowOut and tWait; nOutbound counts outbound contacts.
CONVERSATION_METRICS = [
    "nOffered",
    "tHandle",
    "tTalk",
    "tHeld",
    "tAcw",
    "tAnswered",
    "tAbandon",
    "tShortAbandon",
    "tFlowOut",
    "tWait",
    "nOverSla",
    "oServiceLevel",
    "nOutbound",
]
CONVERSATION_GROUPS = ["queueId", "mediaType", "direction"]

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
    **METRIC_TABLES,
}

# The high-volume merge tables travel as Arrow pages: dlt then writes parquet without normalizing row
# by row (7x faster than dict pages, measured by bench/load_path.py). The scd2 and nested (json)
# tables stay dict pages: dlt hashes their rows for history, and they are small.
ARROW_TABLES = frozenset(
    {
        "user_presence",
        "forecast_intervals",
        "adherence_day_metrics",
        "adherence_exceptions",
        "interaction_volume",
        "staffing_requirements",
    }
)

# dlt resources (one per API family) -> the tables each writes; the first table carries its name.
RESOURCES = {
    "organizations": ["organizations"],
    "users": ["users"],
    "queues": ["queues"],
    "business_units": ["business_units"],
    "management_units": ["management_units"],
    "management_unit_users": ["management_unit_users"],
    "activity_codes": ["activity_codes"],
    "planning_groups": ["planning_groups", "planning_group_queues"],
    "service_goal_templates": ["service_goal_templates"],
    "schedules": ["schedules", "schedule_activities", "full_day_time_off"],
    "forecasts": ["forecasts", "forecast_intervals"],
    "staffing_requirements": ["staffing_requirements"],
    "historical_adherence": ["adherence_day_metrics", "adherence_exceptions"],
    "time_off_requests": ["time_off_requests", "record_deletions"],
    "interaction_volume": ["interaction_volume"],
    "user_presence": ["user_presence"],
    "realtime_adherence": ["realtime_adherence"],
}
# The light resource the 5-minute snapshot runs; the nightly run leaves it out.
REALTIME_RESOURCES = ("realtime_adherence",)
DEFAULT_RESOURCES = tuple(name for name in RESOURCES if name not in REALTIME_RESOURCES)

# dlt's hard_delete: a tombstone row (deleted = true) removes its request from the table.
TABLES["time_off_requests"]["columns"]["deleted"]["hard_delete"] = True

# The date window each time-windowed resource reads (a Windows field); a resource not listed reads whole.
WINDOW_FAMILY = {
    "schedules": "schedules",
    "forecasts": "schedules",
    "staffing_requirements": "schedules",
    "historical_adherence": "adherence",
    "time_off_requests": "time_off",
    "interaction_volume": "volume",
    "user_presence": "volume",
}

# Resources whose tables are complete listings (scd2 closes what a load does not carry): their pages are
# held until the resource finished, so a listing cut short (a 403 on one business unit) loads nothing
# rather than closing every row it did not reach.
COMPLETE_LISTINGS = frozenset(
    {
        "users",
        "queues",
        "business_units",
        "management_units",
        "activity_codes",
        "planning_groups",
        "service_goal_templates",
    }
)

# The real-time adherence stream's tables (stream_tables.py): in TABLES, in no RESOURCES entry.
TABLES.update(STREAM_CONTRACTS)
