{{
    config(
        materialized='incremental',
        incremental_strategy='window_replace',
        on_schema_change='fail',
        window_column='week_date',
        window_families=['schedules'],
        window_identity=true,
        window_column_type='date',
        window_days_before=7,
    )
}}
-- schedules are read by whole weeks (week_date, the business unit's week start): a window's weeks
-- start up to 6 days before it; one more day either side for the UTC-vs-local date
-- Incremental on the schedules window, by week (macros/incremental_window.sql).
-- depends_on: {{ ref('int_resolve_agent_identity') }}
select
    schedule_activity_key,
    org_key,
    canonical_agent_id,
    user_id,
    business_unit_id,
    management_unit_id,
    schedule_id,
    week_date,
    activity_code_id,
    {{ colon_key(["org_key", "business_unit_id", "activity_code_id"]) }} as activity_code_key,
    activity_name_key,
    category,
    start_utc,
    end_utc,
    minutes,
    start_local,
    local_date,
    person_time_zone,
    is_paid,
    is_on_queue,
    is_time_off,
    is_planned_shrinkage,
    is_unplanned_shrinkage,
    shift_id,
    shift_start_utc,
    is_manually_edited
from {{ ref('int_enrich_schedule_activities') }}
{% if is_incremental() %} where {{ rebuilt_rows() }} {% endif %}
