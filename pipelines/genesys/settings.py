"""Constants of the Genesys source: API paths, page sizes, and each table's load contract.

Every table carries ``org_id``, ``org_key`` and ``region``, and every key includes ``org_id``: ids are
org-specific in Genesys Cloud and mean nothing in another org. The contract is declared in parts, only for
size (``contract_core.py``, ``metric_tables.py``, ``contract_planners.py``, ``contract_realtime.py``), and
merged into one ``TABLES`` here.
"""

from . import contract_core as core
from . import contract_planners as planners
from . import contract_realtime as realtime
from .columns import columns as _cols
from .metric_tables import METRIC_TABLES

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

# name -> dlt resource hints (the core tables in contract_core.py, the metrics' in metric_tables.py)
TABLES = {**core.TABLES, **METRIC_TABLES}

# the planners' entities (issue 16) and the real-time adherence stream: their contracts are kept in
# contract_planners.py and contract_realtime.py (types only: the org columns are added here)
for _contract in (planners.TABLES, realtime.TABLES):
    TABLES.update({name: {**hints, "columns": _cols(**hints["columns"])} for name, hints in _contract.items()})
STREAM_TABLES = tuple(realtime.TABLES)

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
    **planners.RESOURCES,
}
# The light resource the 5-minute snapshot runs; the nightly run leaves it out.
REALTIME_RESOURCES = ("realtime_adherence",)
DEFAULT_RESOURCES = tuple(name for name in RESOURCES if name not in REALTIME_RESOURCES)

# dlt's hard_delete: a tombstone row (deleted = true) removes its request from the table.
for _table in ("time_off_requests", *planners.HARD_DELETE):
    TABLES[_table]["columns"]["deleted"]["hard_delete"] = True

# The date window each time-windowed resource reads (a Windows field); a resource not listed reads whole.
WINDOW_FAMILY = {
    "schedules": "schedules",
    "forecasts": "schedules",
    "staffing_requirements": "schedules",
    "historical_adherence": "adherence",
    "time_off_requests": "time_off",
    "interaction_volume": "volume",
    "user_presence": "volume",
    **planners.WINDOW_FAMILY,
}

# Resources whose tables are complete listings (scd2 closes what a load does not carry): their pages are
# held until the resource finished, so a listing cut short (a 403 on one business unit) loads nothing
# rather than closing every row it did not reach.
COMPLETE_LISTINGS = (
    frozenset(
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
    | planners.COMPLETE_LISTINGS
)
